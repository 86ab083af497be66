// Us time: brainstorm → both vote privately → matches → pick → plan → .ics →
// done → reflection; a reload mid-round; keyboard; axe.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';

import { expectNoAxeViolations } from '../lib/a11y.js';
import { hearth, h1, welcome as welcomeAt, stored, tabTo as tabToIn, loadDecade, storedDoc, settledFocus, goTo, keptWords, waitKept } from '../lib/app.js';

const { url, open, inEveryMode } = hearth();
const welcome = (page, opts) => welcomeAt(page, url, opts);

const goUsTime = (page) => goTo(page, 'Us time');

async function addIdea(page, text) {
  await page.getByLabel('An idea', { exact: true }).fill(text);
  await page.getByRole('button', { name: 'Add', exact: true }).click();
  await page.locator('.idea-list').getByText(text, { exact: true }).waitFor();
}

async function voteAll(page, who, choice) {
  const start = page.getByRole('button', { name: new RegExp(`^I'm ${who}: vote on`) });
  if (await start.count()) await start.click();
  for (let i = 0; i < 50; i++) {
    const groups = page.locator('#votes-list fieldset.vote');
    if ((await groups.count()) === 0) break;
    const n = await groups.count();
    const g = groups.first();
    const legend = await g.locator('legend').innerText();
    // A vote is a button press; the idea voted on leaves the queue at once.
    await g.getByRole('button', { name: choice(legend) }).click();
    await page.waitForFunction((k) => document.querySelectorAll('#votes-list fieldset.vote').length < k, n);
    // Focus follows to the next idea (or to Done), not to the page itself.
    await page.waitForFunction(() => {
      const a = document.activeElement;
      return a?.id === 'votes-done' || a === document.querySelector('#votes-list button');
    });
  }
  const done = page.getByRole('button', { name: /^Done/ });
  const label = await done.innerText();
  await done.click();
  return label;
}

/** A round of one idea both love, up to its "Plan it" form (returned). */
async function planForm(page, idea) {
  await goUsTime(page);
  await page.getByRole('button', { name: 'Start the brainstorm' }).click();
  const said = page.locator('#brainstorm-title + p[aria-live]');
  await said.filter({ hasText: /^\d+ minutes left\.$/ }).waitFor();
  await addIdea(page, idea);
  await page.getByRole('button', { name: 'Finish the round' }).click();
  // A screen reader is not left with the time of a round that is over.
  await page.waitForFunction(() => document.querySelector('#brainstorm-title + p[aria-live]').textContent === '');
  // Sam hands over to Alex; Alex, the last to vote, is just done.
  assert.equal(await voteAll(page, 'Sam', () => 'Love it'), 'Done: hand over to Alex');
  assert.equal(await voteAll(page, 'Alex', () => 'Love it'), 'Done');
  await page.getByRole('button', { name: `Plan: ${idea}` }).click();
  return page.getByRole('region', { name: 'Plan it' });
}

test('a full round: brainstorm, private votes, matches, pick, plan, calendar file, reflection', async () => {
  const s = await open();
  const { page } = s;
  await welcome(page);
  await goUsTime(page);
  await page.getByRole('radio', { name: '3 minutes' }).check();
  await page.getByRole('button', { name: 'Start the brainstorm' }).click();
  await page.locator('.clock').waitFor();
  assert.match(await page.locator('.clock').innerText(), /^[23]:\d\d$/);
  // A tag goes with the next idea only, and the fields show it cleared.
  await page.getByText('Tags (optional)').click();
  await page.locator('#tag-cost').selectOption({ index: 1 });
  await addIdea(page, 'Picnic by the river, with «café» & cake');
  assert.equal(await page.locator('#tag-cost').inputValue(), '', 'the cost shown is cleared, as the next idea has none');
  await page.getByRole('group', { name: 'Who is adding' }).getByRole('button', { name: 'Alex' }).click();
  await addIdea(page, 'Board games; snacks, and no phones');
  await addIdea(page, 'Stay in bed late');
  // No judging during the round: nothing can be removed, and no one votes yet.
  assert.equal(await page.locator('.idea-list button').count(), 0);
  await page.getByText('Voting opens when the brainstorm round ends').waitFor();
  assert.equal(await page.getByRole('button', { name: /: vote on/ }).count(), 0);
  await page.getByRole('button', { name: "We're stuck: mix in 5 ideas" }).click();
  await page.locator('.idea-list li').nth(7).waitFor();

  // A reload keeps the ideas and the time left.
  await page.getByRole('button', { name: 'Pause' }).click();
  await page.waitForFunction(() => document.activeElement?.id === 'round-resume');
  const before = await page.locator('.clock').innerText();
  await page.reload();
  await page.locator('.clock').waitFor();
  assert.equal(await page.locator('.clock').innerText(), before);
  assert.equal(await page.locator('.idea-list li').count(), 8);
  await page.getByRole('button', { name: 'Resume' }).click();
  await page.waitForFunction(() => document.activeElement?.id === 'round-pause');
  await page.getByRole('button', { name: 'Finish the round' }).click();
  await page.waitForFunction(() => document.activeElement?.id === 'vote-title');

  // Sam votes; Alex's screen shows none of Sam's votes. Arrow keys cast
  // none: a vote is a press.
  await page.getByRole('button', { name: /^I'm Sam: vote on/ }).click();
  await page.waitForFunction(() => document.activeElement === document.querySelector('#votes-list button'));
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowDown');
  assert.equal(await page.locator('#votes-list fieldset.vote').count(), 8, 'arrow keys cast no vote');
  assert.equal((await storedDoc(page)).us_time.votes?.length ?? 0, 0, 'no vote stored');
  await voteAll(page, 'Sam', (legend) => (legend.startsWith('Picnic') || legend.startsWith('Board') ? 'Love it' : 'Not now'));
  // Handed over: focus is on Alex's turn; Sam's own button is done and quiet.
  await page.waitForFunction(() => document.activeElement?.id === 'vote-as-b');
  assert.equal(await page.getByRole('button', { name: "I'm Sam: change a vote" }).getAttribute('class'), '');
  await page.getByRole('button', { name: /^I'm Alex: vote on 8/ }).click();
  assert.equal(await page.locator('#votes-list fieldset.vote').count(), 8, 'Alex votes on every idea');
  await page.getByRole('button', { name: /^Done/ }).click();
  assert.equal(await page.getByRole('heading', { name: 'Your matches' }).count(), 0, 'no matches until both voted');
  await voteAll(page, 'Alex', (legend) => (legend.startsWith('Picnic') ? 'Love it' : legend.startsWith('Board') ? 'Maybe' : 'Not now'));

  await page.getByRole('heading', { name: 'Your matches' }).waitFor();
  const matches = page.locator('.matches li');
  assert.equal(await matches.count(), 2);
  assert.match(await matches.nth(0).innerText(), /You both love it[\s\S]*Picnic/);
  assert.match(await matches.nth(1).innerText(), /A love and a maybe[\s\S]*Board games/);
  // A change of heart: Alex's card again. Anyone can open it, so the
  // answers given before stay hidden; a new press changes the vote, shows
  // as pressed, and the matches follow.
  // Alex has voted on every idea: the card opens on the list, focus on it.
  await page.getByRole('button', { name: "I'm Alex: change a vote" }).click();
  await page.waitForFunction(() => document.activeElement?.id === 'change-vote');
  const board = page.locator('#my-votes fieldset', { hasText: 'Board games' });
  assert.equal(await page.locator('#my-votes fieldset').count(), 8);
  assert.equal(await page.locator('#my-votes [aria-pressed="false"]').count(), 24, 'every answer a toggle, none pressed');
  await board.getByRole('button', { name: 'Love it' }).focus();
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.querySelector('#my-votes button[aria-pressed="true"]:focus')?.textContent === 'Love it');
  assert.equal(await board.getByRole('button', { name: 'Maybe' }).getAttribute('aria-pressed'), 'false');
  await expectNoAxeViolations(page, 'changing a vote');
  await page.getByRole('button', { name: 'Done', exact: true }).click();
  await page.waitForFunction(() => document.activeElement?.id === 'vote-title');
  assert.match(await matches.nth(1).innerText(), /You both love it[\s\S]*Board games/);
  const alexVotes = (await storedDoc(page)).us_time.votes.filter((v) => v.who === 'b');
  assert.equal(alexVotes.length, 8, 'changed, not added');

  await page.getByRole('button', { name: 'Pick for us' }).click();
  await page.locator('.picked').waitFor();
  await page.getByRole('button', { name: 'Plan: Picnic by the river, with «café» & cake' }).click();
  const form = page.getByRole('region', { name: 'Plan it' });
  // A start time but no day: the message says which, and focus goes there.
  await form.getByLabel('Start time').fill('01:30');
  await page.getByRole('button', { name: 'Save the plan' }).click();
  await form.getByRole('alert').getByText('Please choose a day.', { exact: true }).waitFor();
  assert.equal(await page.evaluate(() => document.activeElement.id), 'plan-date');
  assert.equal(await form.getByLabel('Day').getAttribute('aria-describedby'), 'plan-error');
  await form.getByLabel('Day').fill('2027-03-28');
  // Typed by hand, a date or time is half typed for a moment (the field
  // reads "" then): what was typed stays (it was wiped by the write-back).
  for (const [label, value] of [['Day', '2027-03-28'], ['Start time', '01:30']]) {
    await form.getByLabel(label).focus();
    await page.keyboard.press('Backspace');
    await page.keyboard.type(value.slice(label === 'Day' ? 5 : 0, label === 'Day' ? 7 : 2));
    assert.equal(await form.getByLabel(label).inputValue(), value, label);
  }
  await form.getByLabel('How long').selectOption('180');
  await form.getByLabel('A note (optional)').fill('Bring the blanket, the red one; and tea');
  await page.getByRole('button', { name: 'Save the plan' }).click();
  await page.getByRole('heading', { name: 'Coming up' }).waitFor();
  await page.waitForFunction(() => document.activeElement?.id === 'upcoming-title');
  // The match says it is planned, so a second plan is a choice, not a slip.
  const picnic = page.locator('.matches li', { hasText: 'Picnic by the river' });
  assert.match(await picnic.locator('.small').innerText(), / · planned$/);
  await picnic.getByRole('button', { name: 'Plan again: Picnic by the river, with «café» & cake' }).waitFor();
  // Cancelled by mistake: Undo, right where focus went, brings it back, note and all.
  await page.getByRole('button', { name: 'Cancel plan' }).click();
  await page.getByRole('status').filter({ hasText: 'Plan cancelled.' }).waitFor();
  assert.equal(await page.getByRole('heading', { name: 'Coming up' }).count(), 0);
  await page.waitForFunction(() => document.activeElement?.id === 'undo-cancel');
  await page.keyboard.press('Enter');
  await page.getByRole('region', { name: 'Coming up' }).getByText('Bring the blanket, the red one; and tea').waitFor();
  await page.waitForFunction(() => document.activeElement?.id === 'upcoming-title');
  // The next plan's form shows the length it will save: the last one chosen.
  await page.getByRole('button', { name: /^Plan: Board games/ }).click();
  assert.equal(await form.getByLabel('How long').inputValue(), '180');
  // Escape closes the form, back to the button that opened it.
  await page.waitForFunction(() => document.activeElement?.id === 'plan-date');
  await page.keyboard.press('Escape');
  await page.waitForFunction(() => document.activeElement?.getAttribute('aria-label')?.startsWith('Plan: Board games'));
  // Home shows it as coming up.
  await page.getByRole('link', { name: 'Today', exact: true }).first().click();
  await page.getByRole('region', { name: 'Coming up' }).getByText(/Picnic by the river/).waitFor();
  await goUsTime(page);

  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Add to calendar' }).click(),
  ]);
  assert.equal(download.suggestedFilename(), 'hearth-us-time-2027-03-28.ics', 'named by the day of the date');
  const ics = await readFile(await download.path(), 'utf8');
  assert.ok(ics.startsWith('BEGIN:VCALENDAR\r\n'));
  assert.ok(!/[^\r]\n/.test(ics), 'CRLF line endings only');
  for (const line of ics.split('\r\n')) assert.ok(Buffer.byteLength(line) <= 75, line);
  const unfolded = ics.replace(/\r\n /g, '');
  assert.match(unfolded, /SUMMARY:Picnic by the river\\, with «café» & cake\r\n/);
  assert.match(unfolded, /Bring the blanket\\, the red one\\; and tea/);
  assert.match(unfolded, /BEGIN:VALARM\r\nACTION:DISPLAY\r\nTRIGGER:-PT1H/);
  // The browser runs in UTC here: 01:30 local is 01:30Z, three hours long.
  const tz = await page.evaluate(() => new Date(2027, 2, 28, 1, 30).getTimezoneOffset());
  if (tz === 0) {
    assert.match(unfolded, /DTSTART:20270328T013000Z\r\nDTEND:20270328T043000Z/);
  }

  await page.getByRole('button', { name: 'We did it' }).click();
  await page.getByRole('heading', { name: 'How was it?' }).waitFor();
  await page.waitForFunction(() => document.activeElement?.id === 'after-title');
  // Alex starts an answer; Sam's, saved first, leaves it as it was.
  const alex = page.locator('form.reflect', { hasText: 'Alex: how close' });
  await alex.getByRole('radio', { name: /^8 / }).check();
  await alex.getByLabel('One thing I loved (optional)').fill('Alex loved the river');
  await alex.getByLabel('Keep this idea for another time').check();
  // Another page and back, then a reload: the answer not saved yet is shown
  // again, the choices with the words.
  const alexAsItWas = async () => {
    assert.equal(await alex.getByLabel('One thing I loved (optional)').inputValue(), 'Alex loved the river');
    assert.ok(await alex.getByRole('radio', { name: /^8 / }).isChecked(), "Alex's closeness is still chosen");
    assert.equal(await alex.getByRole('radio', { checked: true }).count(), 1);
    assert.ok(await alex.getByLabel('Keep this idea for another time').isChecked(), 'and keeping the idea');
  };
  await waitKept(page, /again-/);
  // One device: the words kept wait for Alex to say it is them, and
  // nothing of them shows till then.
  const carryOn = async () => {
    await page.getByText("Alex's answer is half-way. Nothing of it shows until Alex carries on.").waitFor();
    assert.doesNotMatch(await page.content(), /Alex loved the river/);
    assert.equal(await alex.count(), 0);
    await page.getByRole('button', { name: "I'm Alex: carry on" }).click();
    await page.waitForFunction(() => /^r-.*-b-8$/.test(document.activeElement?.id ?? ''));
    await alexAsItWas();
  };
  await goTo(page, 'Today');
  await goUsTime(page);
  await carryOn();
  await page.reload();
  await page.getByRole('heading', { name: 'How was it?' }).waitFor();
  await carryOn();
  for (const [who, n] of [['Sam', 9], ['Alex', 8]]) {
    const form = page.locator('form.reflect', { hasText: `${who}: how close` });
    if (who === 'Alex') await alexAsItWas();
    await form.getByRole('radio', { name: new RegExp(`^${n} `) }).check();
    await form.getByLabel('One thing I loved (optional)').fill(`${who} loved the river`);
    if (who === 'Sam') await form.getByLabel('Keep this idea for another time').check();
    await form.getByRole('button', { name: `Save ${who}'s answer` }).click();
    // Sam's answer saved: the same card, now asking Alex. Alex's: the card is done.
    await page.waitForFunction(
      (card) => (card ? document.activeElement?.id.startsWith('after-') : document.activeElement?.id === 'brainstorm-title'),
      who === 'Sam',
    );
  }
  await page.getByRole('heading', { name: 'How was it?' }).waitFor({ state: 'detached' });
  // Saved, the answers are no longer kept.
  await waitKept(page, /loved-|close-|again-/, false);

  await page.getByLabel('Times').selectOption('2');
  await page.getByLabel('Every').selectOption('month');
  await page.getByRole('button', { name: 'Save our rhythm' }).click();
  await page.locator('.rhythm').waitFor();
  assert.doesNotMatch(await page.locator('.rhythm').innerText(), /streak|missed|failed/i);

  const doc = await storedDoc(page);
  const plan = doc.us_time.plans[0];
  assert.equal(plan.state.state, 'done');
  assert.equal(plan.closeness_a, 9);
  assert.equal(plan.closeness_b, 8);
  assert.ok(doc.us_time.ideas.find((i) => i.text.startsWith('Picnic')).keep);
  assert.equal(doc.us_time.ideas.find((i) => i.text.startsWith('Picnic')).tags.cost, 'free');
  assert.equal(doc.us_time.ideas.find((i) => i.text.startsWith('Board')).tags?.cost, undefined);
  assert.deepEqual(doc.us_time.rhythm.per, 'month');
  await s.done();
});

// An app left open (an installed one stays open for days) follows the
// clock: a date that is over leaves "Coming up" for "How was it?".
test('a date that ends while the page is open moves from Coming up to How was it?', async () => {
  const s = await open({ timezoneId: 'Europe/Berlin' });
  const { page } = s;
  await page.clock.install({ time: new Date('2026-12-10T12:00:00Z') });
  await welcome(page);
  const form = await planForm(page, 'Mulled wine at the market');
  await form.getByLabel('Day').fill('2026-12-10');
  await form.getByLabel('Start time').fill('15:00');
  await page.getByRole('button', { name: 'Save the plan' }).click();
  const comingUp = page.getByRole('heading', { name: 'Coming up' });
  const howWasIt = page.getByRole('heading', { name: 'How was it?' });
  await comingUp.waitFor();
  assert.equal(await howWasIt.count(), 0);
  // 15:00 in Berlin is 14:00 UTC: eight hours on, it is over.
  await page.clock.fastForward('08:00:00');
  await howWasIt.waitFor();
  await comingUp.waitFor({ state: 'detached' });
  // Its day has no year while the year is this one; in January it has,
  // on the page still open (within the minute the app checks the time).
  const after = page.locator('section[aria-labelledby="after-title"]');
  assert.match(await after.innerText(), /Thu 10 Dec, 15:00/);
  await page.clock.setSystemTime(new Date('2027-01-05T10:00:00Z'));
  await page.clock.fastForward('01:01');
  await after.getByText('Thu 10 Dec 2026, 15:00').waitFor();
  // It didn't happen: put away (cancelled, kept), with Undo; not asked again.
  await after.getByRole('button', { name: "It didn't happen" }).click();
  await page.waitForFunction(() => document.activeElement?.id === 'undo-put-away');
  await howWasIt.waitFor({ state: 'detached' });
  const plan = () => storedDoc(page).then((d) => d.us_time.plans[0]);
  assert.equal((await plan()).state.state, 'cancelled');
  await page.keyboard.press('Enter');
  await howWasIt.waitFor();
  await page.waitForFunction(() => document.activeElement?.id.startsWith('after-'));
  assert.equal((await plan()).state.state, 'planned');
  await s.done();
});

// Plans move: a date still to come can get a new day, time, length or note.
// It stays the same plan, so its calendar file updates the event it made.
test('"Saved the calendar file" goes once its plan is moved: it would read as if the calendar were up to date', async () => {
  const s = await open({ timezoneId: 'Europe/Berlin' });
  const { page } = s;
  await page.clock.install({ time: new Date('2026-12-10T12:00:00Z') });
  await welcome(page);
  const form = await planForm(page, 'Ice skating');
  await form.getByLabel('Day').fill('2026-12-19');
  await page.getByRole('button', { name: 'Save the plan' }).click();
  const comingUp = page.getByRole('region', { name: 'Coming up' });
  await Promise.all([
    page.waitForEvent('download'),
    comingUp.getByRole('button', { name: 'Add to calendar' }).click(),
  ]);
  const status = comingUp.locator('p[role=status]');
  await status.getByText(/^Saved hearth-us-time-2026-12-19\.ics\./).waitFor();
  await comingUp.getByRole('button', { name: 'Change plan' }).click();
  const change = page.getByRole('region', { name: 'Change the plan' });
  await change.getByLabel('Day').fill('2026-12-20');
  await change.getByRole('button', { name: 'Save the change' }).click();
  await comingUp.getByText(/^Sun 20 Dec, 19:00/).waitFor();
  assert.equal((await status.innerText()).trim(), '');
  await s.done();
});

test('a plan still to come can be changed, and kept while being changed; its calendar file is the same event, a later version', async () => {
  const s = await open({ timezoneId: 'Europe/Berlin' });
  const { page } = s;
  await page.clock.install({ time: new Date('2026-12-10T12:00:00Z') });
  await welcome(page);
  const form = await planForm(page, 'Ice skating');
  await form.getByLabel('Day').fill('2026-12-19');
  await form.getByLabel('Start time').fill('18:00');
  await form.getByLabel('A note (optional)').fill('Gloves');
  await page.getByRole('button', { name: 'Save the plan' }).click();
  const comingUp = page.getByRole('region', { name: 'Coming up' });
  await comingUp.getByText('Sat 19 Dec, 18:00 · 2 hours').waitFor();
  const before = (await storedDoc(page)).us_time.plans[0];
  await page.clock.fastForward('01:00');

  // The form opens on the plan as it is, focus on its day; Escape goes back.
  const change = page.getByRole('region', { name: 'Change the plan' });
  await comingUp.getByRole('button', { name: 'Change plan' }).click();
  await page.waitForFunction(() => document.activeElement?.id === 'plan-date');
  assert.equal(await change.getByText('Ice skating', { exact: true }).count(), 1);
  assert.equal(await change.getByLabel('Day').inputValue(), '2026-12-19');
  assert.equal(await change.getByLabel('Start time').inputValue(), '18:00');
  assert.equal(await change.getByLabel('How long').inputValue(), '120');
  assert.equal(await change.getByLabel('A note (optional)').inputValue(), 'Gloves');
  await expectNoAxeViolations(page, 'changing a plan');
  await page.keyboard.press('Escape');
  await change.waitFor({ state: 'detached' });
  await page.waitForFunction(() => document.activeElement?.textContent === 'Change plan');

  // Half changed, then a reload: the change is still open, as it was.
  await page.keyboard.press('Enter');
  await change.getByLabel('Day').fill('2026-12-20');
  await change.getByLabel('Start time').fill('17:30');
  await change.getByLabel('How long').selectOption('240');
  await waitKept(page, /2026-12-20/);
  await page.reload();
  await change.waitFor();
  assert.equal(await change.getByLabel('Day').inputValue(), '2026-12-20');
  assert.equal(await change.getByLabel('How long').inputValue(), '240');
  await change.getByLabel('A note (optional)').fill('Gloves, and the flask');
  await change.getByRole('button', { name: 'Save the change' }).click();
  await change.waitFor({ state: 'detached' });
  await page.waitForFunction(() => document.activeElement?.id === 'upcoming-title');
  await comingUp.getByText('Sun 20 Dec, 17:30 · an evening (4 hours)').waitFor();
  await comingUp.getByText('Gloves, and the flask').waitFor();
  await waitKept(page, /./, false);
  const plans = (await storedDoc(page)).us_time.plans;
  assert.equal(plans.length, 1, 'moved, not copied');
  assert.deepEqual(
    [plans[0].meta.id, plans[0].start, plans[0].minutes, plans[0].note, plans[0].state.state],
    [before.meta.id, '2026-12-20T16:30:00Z', 240, 'Gloves, and the flask', 'planned'],
  );

  // A new plan after a change starts afresh: nothing carried over.
  const plan = page.getByRole('region', { name: 'Plan it' });
  // ("Plan again" while it is still to come.)
  const fresh = async (act) => {
    await page.getByRole('button', { name: `${act}: Ice skating`, exact: true }).click();
    assert.equal(await plan.getByLabel('Day').inputValue(), '');
    assert.equal(await plan.getByLabel('Start time').inputValue(), '19:00');
    assert.equal(await plan.getByLabel('How long').inputValue(), '120');
    assert.equal(await plan.getByLabel('A note (optional)').inputValue(), '');
  };
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    comingUp.getByRole('button', { name: 'Add to calendar' }).click(),
  ]);
  const ics = (await readFile(await download.path(), 'utf8')).replace(/\r\n /g, '');
  assert.match(ics, new RegExp(`UID:${before.meta.id}@hearth.local\r\n`));
  assert.match(ics, /DTSTART:20261220T163000Z\r\nDTEND:20261220T203000Z/);
  assert.ok(Number(ics.match(/SEQUENCE:(\d+)/)[1]) > 0, 'a later version of the event');
  await fresh('Plan again');
  await page.keyboard.press('Escape');
  await plan.waitFor({ state: 'detached' });

  // Marked done in another window while being changed here: saving says
  // so, and moves nothing.
  await comingUp.getByRole('button', { name: 'Change plan' }).click();
  const other = await s.context.newPage();
  await other.goto(url('us-time'));
  await other.getByRole('button', { name: 'We did it' }).click();
  await other.getByRole('heading', { name: 'How was it?' }).waitFor();
  await comingUp.waitFor({ state: 'detached' });
  await change.getByLabel('Start time').fill('19:00');
  await change.getByRole('button', { name: 'Save the change' }).click();
  await change.getByRole('alert').getByText(/^This plan was marked done or cancelled in the meantime/).waitFor();
  assert.equal((await storedDoc(page)).us_time.plans[0].start, '2026-12-20T16:30:00Z');
  await other.close();

  // Done, and kept for another time by neither of them yet: it has left the
  // matches. Kept, it is back.
  assert.equal(await page.locator('.matches').getByRole('button', { name: /Ice skating$/ }).count(), 0);
  const sam = page.locator('form.reflect', { hasText: 'Sam: how close' });
  await sam.getByRole('radio', { name: /^8 / }).check();
  await sam.getByLabel('Keep this idea for another time').check();
  await sam.getByRole('button', { name: "Save Sam's answer" }).click();
  await fresh('Plan');
  await s.done();
});

// In Berlin the clocks go from 02:00 to 03:00 on 2027-03-28: 02:30 that
// day never happens. The browser would move it on quietly; Hearth says so.
test('a date at a time the clocks skip is refused, with the reason; an hour later is planned', async () => {
  const s = await open({ timezoneId: 'Europe/Berlin' });
  const { page } = s;
  await welcome(page);
  const form = await planForm(page, 'Watch the sunrise');
  await form.getByLabel('Day').fill('2027-03-28');
  await form.getByLabel('Start time').fill('02:30');
  await page.getByRole('button', { name: 'Save the plan' }).click();
  await form.getByRole('alert').getByText(/That time doesn't exist on that day/).waitFor();
  assert.equal(await page.evaluate(() => document.activeElement.id), 'plan-time');
  assert.equal((await storedDoc(page)).us_time.plans?.length ?? 0, 0, 'nothing planned');
  await form.getByLabel('Start time').fill('03:30');
  await page.getByRole('button', { name: 'Save the plan' }).click();
  await page.getByRole('heading', { name: 'Coming up' }).waitFor();
  assert.equal((await storedDoc(page)).us_time.plans[0].start, '2027-03-28T01:30:00Z');
  await s.done();
});

test('keyboard only: start a brainstorm and add an idea', async () => {
  const s = await open();
  const { page } = s;
  await welcome(page, { b: null, struggles: [] });
  await goUsTime(page);
  const tabTo = (pred, label) => tabToIn(page, pred, label);
  await tabTo(() => document.activeElement?.textContent === 'Start the brainstorm', 'start');
  await page.keyboard.press('Enter');
  await page.locator('.clock').waitFor();
  // Straight to the idea field.
  await page.waitForFunction(() => document.activeElement?.id === 'idea-text');
  await page.keyboard.type('Walk to the bakery');
  await page.keyboard.press('Enter');
  await page.locator('.idea-list').getByText('Walk to the bakery').waitFor();
  await s.done();
});

test('axe: us time in every state, phone and desktop, light and dark', async () => {
  await inEveryMode(async (page, tag) => {
    await welcome(page);
    await goUsTime(page);
    await expectNoAxeViolations(page, `us time start ${tag}`);
    await page.getByRole('button', { name: 'Start the brainstorm' }).click();
    await page.getByRole('button', { name: 'Add', exact: true }).click();
    await page.locator('details.tags summary').first().click();
    await page.getByRole('button', { name: "We're stuck: mix in 5 ideas" }).click();
    await expectNoAxeViolations(page, `brainstorm ${tag}`);
    await page.getByRole('button', { name: 'Finish the round' }).click();
    await voteAll(page, 'Sam', () => 'Love it');
    await page.getByRole('button', { name: /^I'm Alex: vote on/ }).click();
    await expectNoAxeViolations(page, `voting ${tag}`);
    await page.getByRole('button', { name: /^Done/ }).click();
    await voteAll(page, 'Alex', () => 'Maybe');
    await page.getByRole('button', { name: 'Pick for us' }).click();
    await page.getByRole('button', { name: 'Plan this' }).click();
    await expectNoAxeViolations(page, `matches and plan ${tag}`);
    await page.getByRole('region', { name: 'Plan it' }).getByLabel('Day').fill('2027-01-15');
    await page.getByRole('button', { name: 'Save the plan' }).click();
    await page.getByRole('button', { name: 'We did it' }).click();
    await expectNoAxeViolations(page, `afterwards ${tag}`);
  });
});

test('ten years of brainstorms: the matches come twenty at a time, best first', async () => {
  const s = await open();
  const { page } = s;
  await loadDecade(page, url);
  await page.goto(url('us-time'));
  const matches = page.locator('.matches > li');
  await matches.first().waitFor();
  assert.equal(await matches.count(), 20, 'one page of matches');
  assert.match(await matches.first().innerText(), /both love/i);
  await page.getByRole('button', { name: /^Show \d+ more match(es)?$/ }).click();
  await matches.nth(20).waitFor();
  assert.ok((await matches.count()) > 20);
  await s.done();
});

// Words and choices not saved yet are the couple's too: a date being planned
// and an idea being typed come back after another page and a reload.
test('a date being planned and an idea being typed come back after another page and a reload; kept words go once done, here or elsewhere', async () => {
  const s = await open();
  const { page } = s;
  await welcome(page);
  const form = await planForm(page, 'Picnic by the river');
  const day = await page.evaluate(() => new Date(Date.now() + 4 * 864e5).toISOString().slice(0, 10));
  await form.getByLabel('Day').fill(day);
  await form.getByLabel('Start time').fill('18:30');
  await form.getByLabel('How long').selectOption('180');
  await form.getByLabel('A note (optional)').fill('Bring the blue blanket');
  await page.getByRole('button', { name: 'Start the brainstorm' }).click();
  await page.getByLabel('An idea', { exact: true }).fill('Stargazing on the roof');
  // Alex is adding it, with a tag: both come back with the words.
  const adding = page.getByRole('group', { name: 'Who is adding' });
  await adding.getByRole('button', { name: 'Alex' }).click();
  await page.getByText('Tags (optional)').click();
  await page.locator('#tag-place').selectOption({ label: 'at home' });

  const asItWas = async () => {
    await form.waitFor();
    assert.equal(await form.getByText('Picnic by the river').count(), 1);
    assert.equal(await form.getByLabel('Day').inputValue(), day);
    assert.equal(await form.getByLabel('Start time').inputValue(), '18:30');
    assert.equal(await form.getByLabel('How long').inputValue(), '180');
    assert.equal(await form.getByLabel('A note (optional)').inputValue(), 'Bring the blue blanket');
    assert.equal(await page.getByLabel('An idea', { exact: true }).inputValue(), 'Stargazing on the roof');
    assert.equal(await adding.getByRole('button', { name: 'Alex' }).getAttribute('aria-pressed'), 'true');
    assert.ok(await page.locator('details.tags', { has: page.locator('#tag-place') }).evaluate((d) => d.open), 'its tags in sight');
    assert.equal(await page.locator('#tag-place option:checked').innerText(), 'at home');
    // Focus stays where opening a page puts it: the page's heading, or nowhere.
    assert.match(await settledFocus(page), /^(BODY|H1)$/, 'opening the page moves no focus into the form');
  };
  await goTo(page, 'Today');
  await goUsTime(page);
  await asItWas();
  await page.reload();
  await h1(page).filter({ hasText: 'Us time' }).waitFor();
  await asItWas();

  // Saved, each is forgotten.
  await form.getByRole('button', { name: 'Save the plan' }).click();
  await form.waitFor({ state: 'detached' });
  assert.doesNotMatch(await keptWords(page), /blanket/);
  const plan = (await storedDoc(page)).us_time.plans.find((p) => p.note === 'Bring the blue blanket');
  assert.equal(plan?.minutes, 180);
  await page.getByRole('button', { name: 'Add', exact: true }).click();
  await page.locator('.idea-list').getByText('Stargazing on the roof', { exact: true }).waitFor();
  await waitKept(page, /./, false);
  const star = (await storedDoc(page)).us_time.ideas.find((i) => i.text === 'Stargazing on the roof');
  assert.equal(star.meta.by, 'b', "added as Alex's");
  assert.equal(star.tags.place, 'home');
  // An idea still in the field when the round is finished goes on the list
  // with it: the next round starts with an empty field.
  await page.getByLabel('An idea', { exact: true }).fill('Dance class');
  await waitKept(page, /Dance/);
  await page.getByRole('button', { name: 'Finish the round' }).click();
  await waitKept(page, /./, false);
  assert.ok((await storedDoc(page)).us_time.ideas.some((i) => i.text === 'Dance class'), 'added, not dropped');
  await page.getByRole('button', { name: 'Start the brainstorm' }).click();
  assert.equal(await page.getByLabel('An idea', { exact: true }).inputValue(), '');
  // Words typed here stay through a round finished and another started in
  // another window while this one was elsewhere: they are in the new one.
  await page.getByLabel('An idea', { exact: true }).fill('Board games');
  await waitKept(page, /Board/);
  await goTo(page, 'Today');
  const other = await s.context.newPage();
  await other.goto(url('us-time'));
  await other.getByRole('button', { name: 'Finish the round' }).click();
  await other.getByRole('button', { name: 'Start the brainstorm' }).click();
  await other.getByLabel('An idea', { exact: true }).waitFor();
  await goUsTime(page);
  await page.getByRole('button', { name: 'Finish the round' }).waitFor();
  assert.equal(await page.getByLabel('An idea', { exact: true }).inputValue(), 'Board games');

  // A date's answer being written goes once it is given in another window:
  // at once while this page shows it, or when Us time opens here again.
  await page.getByRole('button', { name: 'We did it' }).click();
  const answer = (p, who) => p.locator('form.reflect', { hasText: `${who}: how close` });
  await answer(page, 'Sam').getByRole('radio', { name: /^7 / }).check();
  await answer(page, 'Alex').getByRole('radio', { name: /^5 / }).check();
  await waitKept(page, /close-r-\w+-a/);
  await waitKept(page, /close-r-\w+-b/);
  await answer(other, 'Alex').getByRole('radio', { name: /^6 / }).check();
  await answer(other, 'Alex').getByRole('button', { name: "Save Alex's answer" }).click();
  await answer(page, 'Alex').waitFor({ state: 'detached' });
  await waitKept(page, /close-r-\w+-b/, false);
  await goTo(page, 'Today');
  await answer(other, 'Sam').getByRole('radio', { name: /^8 / }).check();
  await answer(other, 'Sam').getByRole('button', { name: "Save Sam's answer" }).click();
  await answer(other, 'Sam').waitFor({ state: 'detached' });
  assert.match(await keptWords(page), /close-r-\w+-a/, 'still kept while Us time is not open');
  await goUsTime(page);
  await waitKept(page, /close-r-/, false);
  await other.close();
  await s.done();
});

test('once time is up: no Pause (its focus to Finish), voting opens with the timer, and the ideas Hearth has running out are said', async () => {
  const s = await open();
  const { page } = s;
  await page.clock.install({ time: new Date('2026-12-10T12:00:00Z') });
  await welcome(page);
  await goUsTime(page);
  await page.getByRole('radio', { name: '3 minutes' }).check();
  await page.getByRole('button', { name: 'Start the brainstorm' }).click();
  await addIdea(page, 'Sunset walk');
  // Forty ideas of Hearth's, five at a time: then the button says they ran out.
  const mix = page.getByRole('button', { name: "We're stuck: mix in 5 ideas" });
  const status = page.getByRole('status').filter({ hasText: /Hearth's own ideas/ });
  for (let i = 0; i < 8; i++) await mix.click();
  await page.locator('.idea-list li').nth(40).waitFor();
  await mix.click();
  await status.filter({ hasText: "Hearth's own ideas are all on your list now. Over to you: anything goes!" }).waitFor();
  // Just before the end (the app's minute clock ticks then), and on to it.
  const [m, sec] = (await page.locator('.clock').innerText()).split(':').map(Number);
  // Pause has the focus when it goes: the round's other button takes it.
  await page.getByRole('button', { name: 'Pause' }).focus();
  await page.clock.fastForward((m * 60 + sec - 1) * 1000);
  await page.locator('.timer').getByText("Time's up. Lovely ideas.").waitFor();
  await page.waitForFunction(() => document.activeElement?.id === 'round-finish', null, { timeout: 3000 });
  // The vote opens with the timer, not a minute later.
  await page.getByRole('button', { name: /^I'm Sam: vote on/ }).waitFor({ timeout: 3000 });
  assert.equal(await page.getByText('Voting opens when the brainstorm round ends').count(), 0);
  assert.equal(await page.getByRole('button', { name: 'Pause' }).count(), 0, 'nothing left to pause');
  await s.done();
});

const said = (page) => page.locator('#brainstorm-title + p[aria-live]');

// Nothing typed vanishes: Finish adds the idea still in the field first.
test('Finish the round adds the idea still in the field; one refused keeps the round open, its reason at the field', async () => {
  const s = await open();
  const { page } = s;
  await welcome(page);
  await goUsTime(page);
  await page.getByRole('button', { name: 'Start the brainstorm' }).click();
  await addIdea(page, 'Fondue night');
  const field = page.getByLabel('An idea', { exact: true });
  // Already on the list: the round stays open with the words, and the
  // field, focused, says why.
  await field.fill('fondue NIGHT');
  await page.getByRole('button', { name: 'Finish the round' }).click();
  await page.locator('#idea-error').getByText('That one is already on the list. Keep them coming!').waitFor();
  await page.waitForFunction(() => document.activeElement?.id === 'idea-text');
  assert.equal(await field.getAttribute('aria-describedby'), 'idea-error');
  assert.equal(await page.locator('#idea-error').locator('xpath=..').getAttribute('role'), 'alert');
  assert.equal(await field.inputValue(), 'fondue NIGHT');
  assert.ok(!(await storedDoc(page)).us_time.rounds[0].finished, 'the round is still open');
  // Words of its own: added, then the round ends, and focus goes on to the vote.
  await field.fill('Sledging at dawn');
  await page.getByRole('button', { name: 'Finish the round' }).click();
  await page.waitForFunction(() => document.activeElement?.id === 'vote-title');
  const doc = await storedDoc(page);
  assert.ok(doc.us_time.rounds[0].finished);
  const idea = doc.us_time.ideas.find((i) => i.text === 'Sledging at dawn');
  assert.equal(idea?.round, doc.us_time.rounds[0].meta.id, 'added to the round it was typed in');
  await waitKept(page, /./, false);
  await s.done();
});

test('a round finished in another window while an idea is typed here: the words stay, with the focus, it is said, and Add puts them on the list', async () => {
  const s = await open();
  const { page } = s;
  await welcome(page);
  await goUsTime(page);
  await page.getByRole('button', { name: 'Start the brainstorm' }).click();
  const field = page.getByLabel('An idea', { exact: true });
  await field.fill('Sledging at dawn');
  const other = await s.context.newPage();
  await other.goto(url('us-time'));
  await other.getByRole('button', { name: 'Finish the round' }).click();
  await other.getByRole('button', { name: 'Start the brainstorm' }).waitFor();
  const ended = 'This round was finished in the meantime. Your idea is still here: Add puts it on the list.';
  await page.locator('.timer').getByText(ended).waitFor();
  await said(page).filter({ hasText: ended }).waitFor();
  assert.equal(await field.inputValue(), 'Sledging at dawn');
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'idea-text', 'the focus stays in the field');
  await page.getByRole('button', { name: 'Add', exact: true }).click();
  await page.getByRole('button', { name: 'Start the brainstorm' }).waitFor();
  await page.waitForFunction(() => ['vote-title', 'brainstorm-title'].includes(document.activeElement?.id));
  assert.equal(await said(page).textContent(), '', 'nothing left said of it once added');
  assert.ok((await storedDoc(page)).us_time.ideas.some((i) => i.text === 'Sledging at dawn'), 'on the list, to vote on');
  await other.getByRole('button', { name: /^I'm Sam: vote on 1 idea/ }).waitFor();
  await waitKept(page, /./, false);
  await other.close();
  await s.done();
});

test('words kept from a round finished in another window, cleared: the start card takes their place, and the focus', async () => {
  const s = await open();
  const { page } = s;
  await welcome(page);
  await goUsTime(page);
  await page.getByRole('button', { name: 'Start the brainstorm' }).click();
  const field = page.getByLabel('An idea', { exact: true });
  await field.fill('Sledging at dawn');
  const other = await s.context.newPage();
  await other.goto(url('us-time'));
  await other.getByRole('button', { name: 'Finish the round' }).click();
  await said(page).filter({ hasText: /^This round was finished in the meantime\./ }).waitFor();
  // Emptied: nothing is left to add, so the brainstorm goes back to its start.
  await field.fill('');
  await page.getByRole('button', { name: 'Start the brainstorm' }).waitFor();
  await settledFocus(page);
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'round-start', 'the focus is on Start, not lost to the page');
  assert.equal(await said(page).textContent(), '', 'nothing left said of the words');
  await other.close();
  await s.done();
});

// Two windows pressing Start at the same moment each start a round; the
// merge holds both. One shows, with the ideas of both; Finish ends both.
test('two windows starting the brainstorm at once: one round shows everywhere, with every idea; Finish ends both; the time said is the round shown', async () => {
  const s = await open();
  const { page } = s;
  await welcome(page);
  await goUsTime(page);
  // The other window hears nothing of this one until it starts its own.
  const other = await s.context.newPage();
  await other.addInitScript(() => {
    window.deaf = true;
    window.addEventListener('storage', (e) => window.deaf && e.stopImmediatePropagation(), true);
  });
  await other.goto(url('us-time'));
  await other.getByRole('button', { name: 'Start the brainstorm' }).waitFor();
  await page.getByRole('button', { name: 'Start the brainstorm' }).click();
  await said(page).filter({ hasText: '5 minutes left.' }).waitFor();
  await addIdea(page, 'Fondue night');
  await other.getByRole('radio', { name: '10 minutes' }).check();
  await other.getByRole('button', { name: 'Start the brainstorm' }).click();
  await other.evaluate(() => (window.deaf = false));
  // Its save took in this window's round: both are open, the later shows,
  // with the ideas of both.
  await other.locator('.idea-list').getByText('Fondue night', { exact: true }).waitFor();
  await addIdea(other, 'Sledging at dawn');
  await page.locator('.idea-list').getByText('Sledging at dawn', { exact: true }).waitFor();
  assert.equal((await storedDoc(page)).us_time.rounds.filter((r) => !r.finished).length, 2);
  assert.match(await page.locator('.clock').innerText(), /^(9:5\d|10:00)$/, 'the round shown is the later one');
  // A screen reader is not left with the other round's time.
  assert.match(await said(page).textContent(), /^(|10 minutes left\.)$/);
  await page.getByRole('button', { name: 'Finish the round' }).click();
  await page.waitForFunction(() => document.activeElement?.id === 'vote-title');
  await page.getByRole('button', { name: 'Start the brainstorm' }).waitFor();
  await other.getByRole('button', { name: 'Start the brainstorm' }).waitFor();
  assert.equal(await said(page).textContent(), '');
  const rounds = (await storedDoc(page)).us_time.rounds;
  assert.equal(rounds.length, 2);
  assert.ok(rounds.every((r) => r.finished), 'no round left running');
  await other.close();
  await s.done();
});

// A date is planned ahead. The words are the Gestures plan form's.
test('a plan for a day or a time already gone by is refused, said at its field; the next plan starts afresh', async () => {
  const s = await open({ timezoneId: 'Europe/Berlin' });
  const { page } = s;
  // 13:00 in Berlin.
  await page.clock.install({ time: new Date('2026-12-10T12:00:00Z') });
  await welcome(page);
  await goUsTime(page);
  await page.getByRole('button', { name: 'Start the brainstorm' }).click();
  await addIdea(page, 'Mulled wine at the market');
  await addIdea(page, 'Ice skating');
  await page.getByRole('button', { name: 'Finish the round' }).click();
  await voteAll(page, 'Sam', () => 'Love it');
  await voteAll(page, 'Alex', () => 'Love it');
  await page.getByRole('button', { name: 'Plan: Mulled wine at the market' }).click();
  const form = page.getByRole('region', { name: 'Plan it' });
  const refused = async (day, time, words, field) => {
    await form.getByLabel('Day').fill(day);
    await form.getByLabel('Start time').fill(time);
    await page.getByRole('button', { name: 'Save the plan' }).click();
    await form.getByRole('alert').getByText(words, { exact: true }).waitFor();
    await page.waitForFunction((id) => document.activeElement?.id === id, field);
    // Marked and described: that field, and no other.
    for (const id of ['plan-date', 'plan-time', 'plan-length', 'plan-note']) {
      const el = page.locator(`#${id}`);
      assert.equal(await el.getAttribute('aria-invalid'), id === field ? 'true' : null, id);
      assert.equal(await el.getAttribute('aria-describedby'), id === field ? 'plan-error' : null, id);
    }
  };
  await refused('2026-12-09', '18:00', 'That day has already gone by. Choose today or a day ahead.', 'plan-date');
  await refused('2026-12-10', '12:30', 'That time has already gone by today. Choose a later time, or another day.', 'plan-time');
  // Any refusal is at its field: a note too long, say.
  await form.getByLabel('A note (optional)').fill('x'.repeat(1001));
  await refused('2026-12-10', '18:00', 'Please keep the note to 1,000 characters or fewer.', 'plan-note');
  assert.equal((await storedDoc(page)).us_time.plans?.length ?? 0, 0, 'nothing planned');
  await form.getByLabel('Start time').fill('18:00');
  await form.getByLabel('How long').selectOption('180');
  await form.getByLabel('A note (optional)').fill('Scarves');
  await page.getByRole('button', { name: 'Save the plan' }).click();
  await form.waitFor({ state: 'detached' });
  await page.waitForFunction(() => document.activeElement?.id === 'upcoming-title');
  assert.equal((await storedDoc(page)).us_time.plans[0].start, '2026-12-10T17:00:00Z');
  // The next plan's form has none of the last one's day, time or note (its
  // length, the last one chosen, stays: see the first test).
  await page.getByRole('button', { name: 'Plan: Ice skating' }).click();
  await page.waitForFunction(() => document.activeElement?.id === 'plan-date');
  assert.equal(await form.getByLabel('Day').inputValue(), '');
  assert.equal(await form.getByLabel('Start time').inputValue(), '19:00');
  assert.equal(await form.getByLabel('How long').inputValue(), '180');
  assert.equal(await form.getByLabel('A note (optional)').inputValue(), '');
  assert.equal(await form.getByRole('alert').count(), 0);
  await s.done();
});

test('the rhythm form follows a goal saved in another window, and keeps what was changed here', async () => {
  const s = await open();
  const { page } = s;
  await welcome(page);
  await goUsTime(page);
  const other = await s.context.newPage();
  await other.goto(url());
  await goUsTime(other);
  await other.getByLabel('Times').selectOption('3');
  await other.getByLabel('Every').selectOption('month');
  await other.getByRole('button', { name: 'Save our rhythm' }).click();
  await other.getByText('Rhythm saved.').waitFor();
  // Untouched here, the form shows what was saved there.
  await page.waitForFunction(() => document.querySelector('#rhythm-per').value === 'month' && document.querySelector('#rhythm-times').value === '3');
  // Only Times changed here: the month stays.
  await page.getByLabel('Times').selectOption('2');
  await page.getByRole('button', { name: 'Save our rhythm' }).click();
  await page.getByText('Rhythm saved.').waitFor();
  assert.deepEqual(await storedDoc(page).then((d) => [d.us_time.rhythm.per, d.us_time.rhythm.times]), ['month', 2]);
  // Times changed here, not saved, and there, saved: this one keeps its own,
  // and the month it didn't change.
  await other.waitForFunction(() => document.querySelector('#rhythm-times').value === '2');
  await page.getByLabel('Times').selectOption('5');
  await other.getByLabel('Times').selectOption('4');
  await other.getByRole('button', { name: 'Save our rhythm' }).click();
  await page.locator('.rhythm').getByText(/4 times a month/).waitFor();
  assert.deepEqual([await page.getByLabel('Every').inputValue(), await page.getByLabel('Times').inputValue()], ['month', '5']);
  await s.done();
});

test('Pick for us passes over what is planned, and a pick goes once planned or filtered out; focus follows the plan; a missing closeness is told to its group', async () => {
  const s = await open({ timezoneId: 'Europe/Berlin' });
  const { page } = s;
  await page.clock.install({ time: new Date('2026-12-10T12:00:00Z') });
  await welcome(page);
  await goUsTime(page);
  await page.getByRole('button', { name: 'Start the brainstorm' }).click();
  await page.getByText('Tags (optional)').click();
  await page.locator('#tag-cost').selectOption({ index: 1 });
  await addIdea(page, 'Mulled wine at the market');
  await addIdea(page, 'Ice skating');
  await page.getByRole('button', { name: 'Finish the round' }).click();
  await voteAll(page, 'Sam', () => 'Love it');
  await voteAll(page, 'Alex', () => 'Love it');
  const plan = async (button, day) => {
    await button.click();
    const form = page.getByRole('region', { name: 'Plan it' });
    await form.getByLabel('Day').fill(day);
    await form.getByLabel('Start time').fill('18:00');
    await page.getByRole('button', { name: 'Save the plan' }).click();
    await form.waitFor({ state: 'detached' });
  };
  await plan(page.getByRole('button', { name: 'Plan: Mulled wine at the market' }), '2026-12-12');
  await page.waitForFunction(() => document.activeElement?.id === 'upcoming-title');
  const picked = page.locator('.picked');
  const pickForUs = page.getByRole('button', { name: 'Pick for us' });
  for (let i = 0; i < 4; i++) {
    await pickForUs.click();
    assert.match(await picked.innerText(), /^Ice skating/, 'a planned match is not picked');
  }
  // A filter the pick no longer fits takes it away; with every match there
  // planned, Pick says so instead of picking one.
  await page.getByText('Filter', { exact: true }).click();
  await page.locator('#f-cost').selectOption({ index: 1 });
  await picked.waitFor({ state: 'detached' });
  await pickForUs.click();
  await picked.getByText(/^Every match is planned already/).waitFor();
  assert.equal(await page.getByRole('button', { name: 'Plan this' }).count(), 0);
  await page.locator('#f-cost').selectOption({ index: 0 });
  await picked.waitFor({ state: 'detached' });
  // Planned from the pick, it goes.
  await pickForUs.click();
  await plan(page.getByRole('button', { name: 'Plan this' }), '2026-12-13');
  await page.waitForFunction(() => document.activeElement?.id === 'upcoming-title');
  assert.equal(await picked.count(), 0);
  // A day gone by is refused (its own test, below); planned for later
  // today, once it is over it waits in "How was it?".
  await plan(page.getByRole('button', { name: 'Plan again: Mulled wine at the market' }), '2026-12-10');
  await page.waitForFunction(() => document.activeElement?.id === 'upcoming-title');
  // 18:00 in Berlin, for two hours: over at 19:00 UTC.
  await page.clock.fastForward('08:00:00');
  // Saved without a closeness: the message describes the choices, and
  // focus goes to them.
  const after = page.locator('section[aria-labelledby="after-title"]');
  await after.getByRole('button', { name: 'We did it: Mulled wine at the market' }).click();
  const sam = page.locator('form.reflect', { hasText: 'Sam: how close' });
  await sam.getByRole('button', { name: "Save Sam's answer" }).click();
  await sam.getByRole('alert').getByText('Choose how close it made you feel, from 1 to 10.').waitFor();
  const group = sam.getByRole('group', { name: /how close/ });
  const described = await group.getAttribute('aria-describedby');
  assert.ok(described, 'the group is described by the message');
  assert.equal(await page.locator(`[id="${described}"]`).innerText(), 'Choose how close it made you feel, from 1 to 10.');
  await page.waitForFunction(() => document.activeElement?.type === 'radio' && document.activeElement.closest('form.reflect'));
  await expectNoAxeViolations(page, 'a closeness missing');
  await s.done();
});
