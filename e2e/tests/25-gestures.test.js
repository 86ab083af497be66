// Gestures: plan → done → the partner notices → Home updates; the
// appreciation journal's one-device reveal; keyboard and axe.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

import { expectNoAxeViolations } from '../lib/a11y.js';
import { hearth, h1, welcome as welcomeAt, stored, tabTo as tabToIn, loadDecade, storedDoc, settledFocus, goTo, keptWords, waitKept, aloneWithAlexsWords } from '../lib/app.js';

const { url, open, inEveryMode } = hearth();
const welcome = (page, opts) => welcomeAt(page, url, opts);

const iAm = async (page, who) => {
  await page.getByRole('group', { name: /Who's using Hearth/ }).getByRole('button', { name: who }).click();
  // The pressed colours fade in (120 ms): axe reads them once they are there.
  await page.waitForFunction(() => document.getAnimations().length === 0);
};

/** Opens Gestures and says who is here (no one is until they do). */
async function goGestures(page, who = 'Sam') {
  await goTo(page, 'Gestures');
  if (who) await iAm(page, who);
}

/** Plans "Leave a sticky note" with words of one's own (and a day). */
async function planNote(page, text, day) {
  const card = page.locator('details.kind').filter({ hasText: 'Thank them for a time' });
  if (!(await card.evaluate((d) => d.open))) await card.locator('summary').click();
  await page.getByRole('button', { name: /^Plan: Leave a sticky note/ }).click();
  await page.locator('#plan-text').fill(text);
  if (day) await page.getByLabel('On which day? (optional)').fill(day);
  await page.getByRole('button', { name: 'Plan it' }).click();
}

test('plan → done → the partner notices → Home updates', async () => {
  const s = await open();
  const { page } = s;
  await welcome(page);
  await goGestures(page);
  await page.locator('summary', { hasText: 'Thank them for a time' }).click();
  await page.getByRole('button', { name: /^Plan: Leave a sticky note/ }).click();
  await page.getByRole('heading', { name: 'Plan a gesture for Alex' }).waitFor();
  assert.equal(await page.evaluate(() => document.activeElement.id), 'plan-text');
  await page.getByLabel('What you\u2019d like to do'.replace('\u2019', "'")).fill('A note on the mirror: CANARY-GESTURE');
  // A day already gone by is named, and nothing is planned.
  await page.getByLabel('On which day? (optional)').fill('2020-02-02');
  await page.getByRole('button', { name: 'Plan it' }).click();
  await page.locator('#plan-error').getByText('That day has already gone by.', { exact: false }).waitFor();
  assert.equal(await page.locator('.plan').count(), 0);
  await page.getByLabel('On which day? (optional)').fill('');
  await page.getByRole('button', { name: 'Plan it' }).click();
  await page.getByText('A note on the mirror: CANARY-GESTURE').waitFor();

  await page.getByRole('button', { name: 'I did it' }).click();
  // Said before it is typed: the note goes to the one it was for.
  const doneNote = page.getByLabel('How did it go? (optional)');
  assert.equal(await doneNote.getAttribute('aria-describedby').then((id) => page.locator(`#${id}`).innerText()), 'Alex will read it with the gesture.');
  await doneNote.fill('They smiled');
  await page.getByRole('button', { name: 'Mark as done' }).click();
  await page.getByText('1 gesture this week \u2014 gratitude.').waitFor();

  // Journey counts it in this week's bar, with no check-in yet.
  await page.getByRole('link', { name: 'Journey', exact: true }).first().click();
  const bars = page.getByRole('img', { name: /gesture in the last 12 weeks/ });
  await bars.waitFor();
  assert.equal(await bars.getAttribute('aria-labelledby'), 'gestures-chart-desc');
  assert.equal(await page.locator('#gestures-chart-desc').innerText(), `1 gesture in the last 12 weeks: ${'0, '.repeat(11)}1.`);
  await goGestures(page);

  // Home names the receiver only, and not what it was.
  await page.getByRole('link', { name: 'Today', exact: true }).first().click();
  const waiting = page.getByRole('region', { name: 'Waiting for you' });
  await waiting.waitFor();
  assert.match(await waiting.innerText(), /Alex: Sam did something for you/);
  assert.doesNotMatch(await page.locator('main').innerText(), /CANARY-GESTURE/);

  // Alex opens it and notices.
  await page.getByRole('link', { name: 'Open gestures' }).click();
  await iAm(page, 'Alex');
  assert.doesNotMatch(await page.locator('.for-you').innerText(), /CANARY-GESTURE/, 'hidden until Alex asks');
  await page.getByRole('button', { name: 'Show me' }).click();
  await page.locator('.for-you').getByText('CANARY-GESTURE').waitFor();
  await page.getByLabel('A word back to Sam (optional)').fill('Made my day');
  // A word back being written comes back open after another page.
  await goTo(page, 'Today');
  await goGestures(page, 'Alex');
  assert.equal(await page.getByLabel('A word back to Sam (optional)').inputValue(), 'Made my day');
  await page.getByRole('button', { name: 'I noticed \u2014 it made me feel loved' }).click();
  await page.getByRole('heading', { name: 'For Alex' }).waitFor({ state: 'detached' });

  await goTo(page, 'Today');
  assert.equal(await page.getByRole('region', { name: 'Waiting for you' }).count(), 0);
  const doc = await storedDoc(page);
  const g = doc.gestures.items[0];
  assert.equal(g.meta.by, 'a');
  assert.equal(g.to, 'b');
  assert.equal(g.state.state, 'done');
  assert.equal(g.noticed.reply, 'Made my day');
  await s.done();
});

// The giver hears back: what the partner noticed, with their word back,
// shown to the giver while they are the one here, and to no one else.
test('the giver sees what was noticed, and the word back', async () => {
  await inEveryMode(async (page, tag) => {
    await welcome(page);
    await goGestures(page);
    await planNote(page, 'A note on the mirror');
    await page.getByRole('button', { name: 'I did it' }).click();
    await page.getByRole('button', { name: 'Mark as done' }).click();
    await iAm(page, 'Alex');
    await page.getByRole('button', { name: 'Show me' }).click();
    await page.getByLabel('A word back to Sam (optional)').fill('Made my day');
    await page.getByRole('button', { name: 'I noticed \u2014 it made me feel loved' }).click();
    await page.getByRole('heading', { name: 'For Alex' }).waitFor({ state: 'detached' });
    assert.doesNotMatch(await page.locator('main').innerText(), /Made my day/, 'the word back is for Sam');

    await iAm(page, 'Sam');
    const noticed = page.getByRole('region', { name: 'Alex noticed' });
    await noticed.waitFor();
    assert.match(await noticed.innerText(), /A note on the mirror\s+It made them feel loved: \u201cMade my day\u201d/);
    await expectNoAxeViolations(page, `gestures, noticed ${tag}`);

    // The page opened again: no one is here yet, so nothing of Sam's shows.
    await goTo(page, 'Today');
    await goGestures(page, null);
    assert.ok(!(await page.content()).includes('Made my day'), 'not in the page until Sam is here');
  });
});

// Shared device: whoever opens Gestures is not taken for the first partner.
// Until someone says who they are, nothing of one partner's alone is on the
// page; once they do, their own is, and still none of it is printed.
test('one device: nothing private shows until someone says who is here, and nothing private prints', async () => {
  const s = await open();
  const { page } = s;
  await welcome(page);
  await goGestures(page);
  const entry = page.getByLabel('A time Alex made me feel loved');
  await entry.fill('SHARED-CANARY: the soup');
  await page.getByRole('button', { name: 'Save to the journal' }).click();
  await entry.fill('PRIVATE-CANARY: just for me');
  await page.getByLabel(/Keep this one private/).check();
  await page.getByRole('button', { name: 'Save to the journal' }).click();
  await page.locator('.journal li').nth(1).waitFor();
  await planNote(page, 'PLAN-CANARY: a note on the mirror');
  await page.locator('.plan').getByText('PLAN-CANARY').waitFor();
  await page.getByLabel('A time Alex made me feel loved').fill('UNSENT-CANARY');
  // Alex opens what Sam shared: it is both of theirs now.
  await iAm(page, 'Alex');
  await page.getByRole('button', { name: 'Read it', exact: true }).click();
  await page.locator('.journal').getByText('SHARED-CANARY').waitFor();

  // The page opened again, by whoever holds the device now.
  await goTo(page, 'Today');
  await goGestures(page, null);
  const pressed = await page
    .getByRole('group', { name: /Who's using Hearth/ })
    .getByRole('button')
    .evaluateAll((bs) => bs.map((b) => b.getAttribute('aria-pressed')));
  assert.deepEqual(pressed, ['false', 'false'], 'no one is chosen for them');
  await page.locator('.journal').getByText('SHARED-CANARY').waitFor();
  const html = await page.content();
  for (const c of ['PRIVATE-CANARY', 'PLAN-CANARY', 'UNSENT-CANARY']) assert.ok(!html.includes(c), `${c} is not in the page`);
  assert.equal(await page.locator('#appreciation, #plan-text, .plan, .for-you, details.kind').count(), 0, "no one's forms, plans or ideas yet");
  assert.match(await page.locator('main').innerText(), /SHARED-CANARY/);

  // Sam says he is here: his own come back.
  await iAm(page, 'Sam');
  await page.locator('.journal').getByText('PRIVATE-CANARY').waitFor();
  await page.locator('.plan').getByText('PLAN-CANARY').waitFor();
  assert.equal(await entry.inputValue(), 'UNSENT-CANARY');
  // Printed, none of it is on the paper.
  await page.emulateMedia({ media: 'print' });
  const paper = await page.locator('main').innerText();
  assert.match(paper, /SHARED-CANARY/);
  for (const c of ['PRIVATE-CANARY', 'PLAN-CANARY']) assert.doesNotMatch(paper, new RegExp(c), `${c} is not printed`);
  await page.emulateMedia({ media: 'screen' });

  // Journey's timeline of everything holds the shared entry, once opened,
  // and nothing private.
  await goTo(page, 'Journey');
  const along = page.getByRole('region', { name: 'Along the way' });
  await along.getByText(/^Sam felt loved: “SHARED-CANARY: the soup”$/).waitFor();
  assert.equal(await along.locator('li').count(), 1);
  assert.ok(!(await page.content()).includes('PRIVATE-CANARY'), 'not on Journey');
  await expectNoAxeViolations(page, 'journey, along the way');
  await s.done();
});

test('alone there is no one else: the page is the one partner\u2019s from the start', async () => {
  const s = await open();
  const { page } = s;
  await welcome(page, { b: null });
  await goTo(page, 'Gestures');
  assert.equal(await page.locator('.who').count(), 0);
  await page.getByLabel('A time my partner made me feel loved').fill('PRIVATE-SOLO');
  await page.getByLabel(/Keep this one private/).check();
  await page.getByRole('button', { name: 'Save to the journal' }).click();
  await page.locator('.journal').getByText('PRIVATE-SOLO').waitFor();
  await page.getByRole('button', { name: 'Surprise me' }).waitFor();
  await s.done();
});

// Paper is read by anyone: a shared entry Alex has not opened yet is still
// Sam's alone, and so are the words Sam has not saved.
test('printed while Sam is here: no entry Alex has not opened yet, and no words not saved', async () => {
  const s = await open();
  const { page } = s;
  await welcome(page);
  await goGestures(page);
  const entry = page.getByLabel('A time Alex made me feel loved');
  await entry.fill('OPENED-CANARY: the soup');
  await page.getByRole('button', { name: 'Save to the journal' }).click();
  await iAm(page, 'Alex');
  await page.getByRole('button', { name: 'Read it', exact: true }).click();
  await iAm(page, 'Sam');
  await entry.fill('UNOPENED-CANARY: the walk');
  await page.getByRole('button', { name: 'Save to the journal' }).click();
  await page.locator('.journal').getByText('UNOPENED-CANARY').waitFor();
  await entry.fill('UNSAVED-CANARY');
  await page.emulateMedia({ media: 'print' });
  const paper = await page.locator('main').innerText();
  assert.match(paper, /OPENED-CANARY: the soup/);
  for (const c of ['UNOPENED-CANARY', 'UNSAVED-CANARY']) assert.doesNotMatch(paper, new RegExp(c), `${c} is not printed`);
  assert.equal(await page.locator('#appreciation').isVisible(), false, 'the form is not printed');
  // On screen, all of it is Sam's to see.
  await page.emulateMedia({ media: 'screen' });
  assert.match(await page.locator('main').innerText(), /UNOPENED-CANARY/);
  assert.equal(await entry.inputValue(), 'UNSAVED-CANARY');
  await s.done();
});

// Alone after "Just me for now", what Alex gave and wrote stays saved and
// out of sight, as Alex's check-in answers do: the gesture waiting for Sam
// and its note, Alex's word back to Sam's gesture, Alex's appreciations.
test('alone after Just me for now, Alex\u2019s gestures, words back and appreciations stay out', async () => {
  const s = await open();
  const { page } = s;
  const doc = JSON.parse(await readFile(fileURLToPath(new URL('../artifacts/decade.json', import.meta.url)), 'utf8'));
  const { alexs } = await aloneWithAlexsWords(page, url, doc);
  await goTo(page, 'Gestures');
  // Sam's own gesture, which Alex noticed, without Alex's word back.
  const noticed = page.locator('.noticed');
  await noticed.getByText('SAM-GAVE-CANARY').waitFor();
  assert.match(await noticed.innerText(), /SAM-GAVE-CANARY\s+It made them feel loved\./);
  await page.locator('.journal').getByText('SAM-WROTE-CANARY').waitFor();
  assert.equal(await page.getByRole('button', { name: 'Show me' }).count(), 0, 'nothing of Alex\u2019s waits to be opened');
  assert.equal(await page.getByRole('button', { name: /^Read (it|them)$/ }).count(), 0);
  assert.doesNotMatch(await page.content(), alexs);
  await expectNoAxeViolations(page, 'gestures, alone with Alex\u2019s words hidden');
  // Hidden, not gone: every word is still saved.
  const saved = JSON.stringify(await storedDoc(page));
  for (const c of ['ALEX-REPLY-CANARY', 'ALEX-WAITS-NOTE-CANARY', 'ALEX-READ-CANARY', 'ALEX-UNOPENED-CANARY']) assert.ok(saved.includes(c), c);
  await s.done();
});

// "Read it" takes the card away: focus goes to the words just opened (the
// newest, first in the journal), in view, not to the top of the page.
test('"Read it" moves the focus to the words just opened, in view', async () => {
  const s = await open();
  const { page } = s;
  await welcome(page);
  await goGestures(page);
  const entry = page.getByLabel('A time Alex made me feel loved');
  for (const [i, text] of ['OLDER: the soup', 'NEWER: the walk'].entries()) {
    await entry.fill(text);
    await page.getByRole('button', { name: 'Save to the journal' }).click();
    await page.locator('.journal li').nth(i).waitFor();
  }
  await iAm(page, 'Alex');
  await page.getByRole('button', { name: 'Read them', exact: true }).focus();
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.activeElement?.id?.startsWith('entry-'));
  const focused = await page.evaluate(() => {
    const el = document.activeElement;
    const r = el.getBoundingClientRect();
    return { text: el.innerText, inView: r.top >= 0 && r.bottom <= innerHeight };
  });
  assert.match(focused.text, /NEWER: the walk/);
  assert.ok(focused.inView, 'scrolled into view');
  await page.keyboard.press('Tab');
  assert.notEqual(await page.evaluate(() => document.activeElement?.id), 'surprise-kind', 'Tab goes on from the words, not back up the page');
  await s.done();
});

test('a past day reads "still want to?"; edit, remove with undo, and letting go is kind', async () => {
  const s = await open();
  const { page } = s;
  await welcome(page);
  // A gesture planned for last week, written straight into storage.
  await page.evaluate(() => {
    // Nothing is in parts yet (no records): the head, minus its list of
    // parts, is the whole document.
    const doc = JSON.parse(localStorage.getItem('hearth:doc'));
    delete doc.parts;
    const t = '2026-01-05T10:00:00Z';
    doc.gestures.items.push({
      meta: { id: 'f'.repeat(32), created_at: t, updated_at: t, by: 'a' },
      to: 'b', kind: 'glad', source: { type: 'free' }, text: 'Dance in the kitchen',
      planned_for: '2026-01-06', state: { state: 'planned' }, noticed: null,
    });
    localStorage.setItem('hearth:doc', JSON.stringify(doc));
  });
  await page.goto(url('gestures'));
  await iAm(page, 'Sam');
  await page.getByText(/still want to\?/).waitFor();
  assert.doesNotMatch(await page.locator('main').innerText(), /missed|failed|overdue/i);
  // Edit it, then remove it and undo that.
  await page.getByRole('button', { name: 'Edit', exact: true }).click();
  // Moving it to another day gone by gets a word; keeping its own day is fine.
  const day = page.locator('.plan').getByLabel('On which day? (optional)');
  await day.fill('2026-01-02');
  await page.getByRole('button', { name: 'Save changes' }).click();
  await page.getByRole('alert').getByText('That day has already gone by.', { exact: false }).waitFor();
  // The message is tied to the field it is about, which has the focus.
  const id = 'f'.repeat(32);
  await page.waitForFunction((id) => document.activeElement?.id === `edit-day-${id}`, id);
  assert.equal(await day.getAttribute('aria-describedby'), `edit-error-${id}`);
  assert.equal(await day.getAttribute('aria-invalid'), 'true');
  await day.fill('2026-01-06');
  const words = page.getByLabel("What you'd like to do");
  await words.fill('  ');
  await page.getByRole('button', { name: 'Save changes' }).click();
  await page.getByRole('alert').getByText("Please write what you'd like to do first.").waitFor();
  await page.waitForFunction((id) => document.activeElement?.id === `edit-text-${id}`, id);
  assert.equal(await words.getAttribute('aria-describedby'), `edit-error-${id}`);
  assert.equal(await day.getAttribute('aria-invalid'), null);
  await expectNoAxeViolations(page, 'a plan being edited, its words missing');
  await words.fill('Dance to our song');
  await page.getByRole('button', { name: 'Save changes' }).click();
  await page.locator('.plan').getByText('Dance to our song').waitFor();
  // The card was drawn anew; focus is back on its Edit button, not lost.
  await page.waitForFunction(() => document.activeElement?.id === `edit-${'f'.repeat(32)}`);
  await page.getByRole('button', { name: 'Remove' }).click();
  await page.getByText('Nothing planned right now.').waitFor();
  // The card is gone; focus is on what brings it back, so Enter undoes.
  await page.waitForFunction(() => document.activeElement?.id === 'undo-plan');
  await page.keyboard.press('Enter');
  await page.locator('.plan').getByText('Dance to our song').waitFor();
  await page.getByRole('button', { name: 'Let it go' }).click();
  await page.getByText('Nothing planned right now.').waitFor();
  await page.waitForFunction(() => document.activeElement?.id === 'plans-title');
  await s.done();
});

// A plan's card stays while another window saves it: its text follows, and
// the note or edit open here keeps its words and the focus.
test('a plan being finished or edited here keeps its words when another window edits it', async () => {
  const s = await open();
  const { page } = s;
  await welcome(page);
  await goGestures(page);
  await planNote(page, 'Dance in the kitchen');
  const card = page.locator('.plan');
  await card.getByText('Dance in the kitchen').waitFor();
  await card.getByRole('button', { name: 'I did it' }).click();
  const note = card.getByLabel('How did it go? (optional)');
  await note.fill('We laughed a lot');

  const other = await s.context.newPage();
  await other.goto(url('gestures'));
  await iAm(other, 'Sam');
  const edit = async (text) => {
    await other.locator('.plan').getByRole('button', { name: 'Edit', exact: true }).click();
    await other.locator('.plan').getByLabel("What you'd like to do").fill(text);
    await other.getByRole('button', { name: 'Save changes' }).click();
    await other.locator('.plan').getByText(text).waitFor();
  };
  await edit('Dance to our song');

  // The text follows; the note and its focus stay.
  await card.getByText('Dance to our song').waitFor();
  assert.equal(await note.inputValue(), 'We laughed a lot');
  assert.equal(await note.evaluate((n) => n === document.activeElement), true, 'the focus stays in the note');

  // The same for an edit open here; Cancel, and Edit opens on what is saved now.
  const reopen = async () => {
    await card.getByRole('button', { name: 'Cancel' }).click();
    await card.getByRole('button', { name: 'Edit', exact: true }).click();
  };
  await reopen();
  const text = card.getByLabel("What you'd like to do");
  assert.equal(await text.inputValue(), 'Dance to our song');
  await text.fill('Slow dance');
  await edit('Dance tonight');
  await card.getByText('Dance tonight').waitFor();
  assert.equal(await text.inputValue(), 'Slow dance');
  assert.equal(await text.evaluate((n) => n === document.activeElement), true, 'the focus stays in the text');
  await reopen();
  assert.equal(await text.inputValue(), 'Dance tonight');
  await other.close();
  await s.done();
});

// An app left open follows the clock: the morning after its day, a plan
// asks "still want to?" without a reload.
test('a plan for today asks "still want to?" the morning after, the page left open', async () => {
  const s = await open({ timezoneId: 'Europe/Berlin' });
  const { page } = s;
  await page.clock.install({ time: new Date('2026-12-10T20:00:00Z') });
  await welcome(page);
  await goGestures(page);
  await planNote(page, 'A note on the mirror', '2026-12-10');
  const card = page.locator('.plan');
  await card.getByText(/^For Thu 10 Dec/).waitFor();
  await page.clock.fastForward('12:00:00');
  await card.getByText(/still want to\?/).waitFor();
  await s.done();
});

// The week of the autumn clock change began in summer time: a gesture at
// 00:30 on its Monday belongs to it, though the offset today is an hour less.
test('this week counts from its own Monday midnight across a clock change', async () => {
  const s = await open({ timezoneId: 'Europe/Berlin' });
  const { page } = s;
  await page.clock.setFixedTime(new Date('2026-10-25T12:00:00Z'));
  await welcome(page);
  await page.evaluate(() => {
    const doc = JSON.parse(localStorage.getItem('hearth:doc'));
    delete doc.parts;
    // Sunday 18 October 23:30 and Monday 19 October 00:30, Berlin time.
    for (const [i, at] of ['2026-10-18T21:30:00Z', '2026-10-18T22:30:00Z'].entries()) {
      doc.gestures.items.push({
        meta: { id: String(i).repeat(32), created_at: at, updated_at: at, by: 'a' },
        to: 'b', kind: 'glad', source: { type: 'free' }, text: `Gesture ${i}`,
        planned_for: null, state: { state: 'done', at }, noticed: null,
      });
    }
    localStorage.setItem('hearth:doc', JSON.stringify(doc));
  });
  await page.goto(url('gestures'));
  await h1(page).filter({ hasText: 'Gestures' }).waitFor();
  await page.getByText('Sam: 1 gesture this week').waitFor();
  await s.done();
});

test('own ideas: added, duplicates explained, long text wraps', async () => {
  const s = await open();
  const { page } = s;
  await welcome(page);
  await goGestures(page);
  await page.locator('summary', { hasText: 'Surprise them with something thoughtful' }).click();
  const card = page.locator('details', { hasText: 'Surprise them with something thoughtful' });
  const input = card.getByLabel('Your own idea');
  const add = card.getByRole('button', { name: 'Add' });
  await input.fill('Pancakes on Sunday');
  await add.click();
  await page.getByRole('button', { name: 'Plan: Pancakes on Sunday' }).waitFor();
  await input.fill('  pancakes ON sunday ');
  await add.click();
  await page.getByText('That idea is already on your list').waitFor();
  // Said aloud: an alert, tied to the field, which has the focus back.
  await card.getByRole('alert').getByText('That idea is already on your list').waitFor();
  assert.equal(await input.getAttribute('aria-describedby'), 'own-special-error');
  await page.waitForFunction(() => document.activeElement?.id === 'own-special');
  await input.fill('');
  await input.press('Enter');
  await card.getByRole('alert').getByText('Please write your idea first.').waitFor();
  await input.fill('x'.repeat(400));
  await add.click();
  await card.locator('li.own').nth(1).waitFor();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
  assert.equal(overflow, false, 'nothing runs off the screen');
  // An idea of one's own may be the surprise being got ready: Alex does not
  // see Sam's, and adding the same one tells Alex nothing of it.
  await iAm(page, 'Alex');
  assert.equal(await card.locator('li.own').count(), 0, "Sam's ideas are Sam's");
  assert.doesNotMatch(await page.locator('main').innerText(), /Pancakes on Sunday/);
  await input.fill('Pancakes on Sunday');
  await add.click();
  await page.getByRole('button', { name: 'Plan: Pancakes on Sunday' }).waitFor();
  assert.equal(await card.getByRole('alert').innerText(), '');
  await iAm(page, 'Sam');
  assert.equal(await card.locator('li.own').count(), 2, "Sam's two, not Alex's");
  await s.done();
});

test('appreciations: shared ones are revealed to the other when opened; private ones never', async () => {
  const s = await open();
  const { page } = s;
  // Sam gave pronouns: the sentences about Sam use them.
  await welcome(page, { aPronouns: 'He/him' });
  await goGestures(page);
  // Too long: said as it is typed, how far over; nothing is cut off.
  const entry = page.getByLabel('A time Alex made me feel loved');
  await entry.fill('x'.repeat(510));
  await page.getByText('10 characters over the 500 this can hold', { exact: false }).waitFor();
  assert.equal((await entry.inputValue()).length, 510);
  await entry.fill('x'.repeat(500));
  await page.getByText('over the 500', { exact: false }).waitFor({ state: 'detached' });
  await page.getByLabel('A time Alex made me feel loved').fill('SHARED-CANARY: you made soup when I was ill');
  await page.getByRole('button', { name: 'Save to the journal' }).click();
  await page.getByLabel('A time Alex made me feel loved').fill('PRIVATE-CANARY: just for me');
  await page.getByLabel(/Keep this one private/).check();
  await page.getByRole('button', { name: 'Save to the journal' }).click();
  await page.locator('.journal li').nth(1).waitFor();

  await iAm(page, 'Alex');
  let text = await page.locator('main').innerText();
  assert.doesNotMatch(text, /SHARED-CANARY|PRIVATE-CANARY/);
  assert.match(text, /Sam wrote down a time you made him feel loved/);
  await page.getByRole('button', { name: 'Read it', exact: true }).click();
  await page.locator('.journal').getByText('SHARED-CANARY').waitFor();
  text = await page.locator('main').innerText();
  assert.match(text, /From Sam/);
  assert.ok(!(await page.content()).includes('PRIVATE-CANARY'), 'a private entry is never in the DOM for the other partner');

  await iAm(page, 'Sam');
  await page.locator('.journal').getByText('PRIVATE-CANARY').waitFor();
  // The row drawn while Alex was here follows the switch back: Sam's own.
  const shared = page.locator('.journal li', { hasText: 'SHARED-CANARY' });
  assert.match(await shared.innerText(), /You wrote/);
  assert.equal(await shared.getByRole('button', { name: 'Remove' }).count(), 1, 'her own entry can be removed');
  await s.done();
});

test('keyboard only: plan a gesture and mark it done', async () => {
  const s = await open();
  const { page } = s;
  await welcome(page);
  await goGestures(page);
  const tabTo = (pred, label) => tabToIn(page, pred, label);
  await tabTo(() => document.activeElement?.textContent === 'Surprise me' && document.activeElement.tagName === 'BUTTON', 'surprise');
  await page.keyboard.press('Enter');
  await page.locator('.surprise-pick').waitFor();
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.textContent), 'Plan this');
  await page.keyboard.press('Enter');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'plan-text');
  // Cancel goes back to the button that opened the form.
  await tabTo(() => document.activeElement?.textContent === 'Cancel', 'cancel');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.activeElement?.textContent === 'Plan this');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.activeElement?.id === 'plan-text');
  await tabTo(() => document.activeElement?.textContent === 'Plan it', 'plan it');
  await page.keyboard.press('Enter');
  // Each step leaves focus where the next one starts, never on the page itself.
  await page.waitForFunction(() => document.activeElement?.id === 'plans-title');
  await tabTo(() => document.activeElement?.textContent === 'I did it', 'done');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.activeElement?.id.startsWith('done-note-'));
  await tabTo(() => document.activeElement?.textContent === 'Mark as done', 'mark done');
  await page.keyboard.press('Enter');
  await page.getByText(/1 gesture this week/).waitFor();
  await page.waitForFunction(() => document.activeElement?.id === 'plans-title');
  await s.done();
});

test('axe: gestures in every state, phone and desktop, light and dark', async () => {
  await inEveryMode(async (page, tag) => {
    await welcome(page);
    await goGestures(page, null);
    await expectNoAxeViolations(page, `gestures, no one chosen yet ${tag}`);
    await iAm(page, 'Sam');
    await expectNoAxeViolations(page, `gestures ${tag}`);
    for (const k of ['Say it', 'Surprise them with something thoughtful']) await page.locator('summary', { hasText: k }).click();
    await page.getByRole('button', { name: 'Surprise me' }).click();
    await page.getByRole('button', { name: 'Plan this' }).click();
    await page.getByRole('button', { name: 'Plan it' }).click();
    await page.getByRole('button', { name: 'I did it' }).click();
    await page.getByLabel('Your own idea').first().fill('');
    await page.getByRole('button', { name: 'Add' }).first().click();
    await page.getByRole('button', { name: 'Save to the journal' }).click();
    await expectNoAxeViolations(page, `gestures busy ${tag}`);
    await page.getByRole('button', { name: 'Mark as done' }).click();
    await page.getByLabel('A time Alex made me feel loved').fill('thank you');
    await page.getByRole('button', { name: 'Save to the journal' }).click();
    await iAm(page, 'Alex');
    await page.getByRole('button', { name: 'Show me' }).click();
    await expectNoAxeViolations(page, `gestures for Alex ${tag}`);
    await page.goto(url());
    await h1(page).waitFor();
    await expectNoAxeViolations(page, `home waiting for you ${tag}`);
    await page.goto(url('journey'));
    await page.locator('#gestures-chart-desc').waitFor();
    await expectNoAxeViolations(page, `journey with the gestures bars ${tag}`);
  });
});

test('ten years of gestures: the journal and the surprises come a page at a time, newest first', async () => {
  const s = await open();
  const { page } = s;
  await loadDecade(page, url);
  await page.goto(url('gestures'));
  await h1(page).filter({ hasText: 'Gestures' }).waitFor();
  await iAm(page, 'Sam');
  const journal = page.locator('.journal > li');
  await journal.first().waitFor();
  assert.equal(await journal.count(), 20, 'one page of the journal');
  // Newest first: the first entry is from the decade's last weeks.
  assert.match(await journal.first().innerText(), /2026/);
  const more = page.getByRole('button', { name: 'Show 20 more appreciations', exact: true });
  await more.click();
  await journal.nth(39).waitFor();
  assert.equal(await journal.count(), 40);
  // Years of surprises not yet noticed: three at a time, with a way to more.
  const forYou = page.locator('.for-you');
  const waiting = await forYou.getByRole('button', { name: 'Show me' }).count();
  assert.equal(waiting, 3);
  await forYou.getByRole('button', { name: /^Show \d+ more gestures?$/ }).click();
  assert.equal(await forYou.getByRole('button', { name: 'Show me' }).count(), 6);
  // Each is described by its own sentence and date, so a screen reader's
  // list of buttons tells them apart.
  const about = await forYou
    .getByRole('button', { name: 'Show me' })
    .evaluateAll((bs) => bs.map((b) => document.getElementById(b.getAttribute('aria-describedby'))?.textContent));
  for (const d of about) assert.match(d ?? '', /^\S+ did something for you on \d{1,2} \w{3} \d{4}\.$/);
  assert.equal(new Set(about).size, 6, `six different dates: ${about.join(' | ')}`);
  await expectNoAxeViolations(page, 'gestures with ten years of data');
  await s.done();
});

// Words typed and not saved yet are the couple's too: another page, a
// reload, a tab the phone dropped in the background lose none of them.
test('words not saved yet survive another page and a reload, and go once saved', async () => {
  const s = await open();
  const { page } = s;
  await welcome(page);
  await goGestures(page);
  const entry = page.getByLabel('A time Alex made me feel loved');
  await entry.fill('You made soup when I was ill,\nand stayed');
  await page.getByLabel('Keep this one private (only I will see it)').check();
  // Each partner's words come back only to them, "private" with them.
  await iAm(page, 'Alex');
  assert.equal(await page.getByLabel('A time Sam made me feel loved').inputValue(), '');
  assert.equal(await page.getByLabel('Keep this one private (only I will see it)').isChecked(), false);
  await iAm(page, 'Sam');
  // A plan's "How did it go?" goes away with its save.
  await planNote(page, 'A note in the coat pocket');
  await page.getByRole('button', { name: 'I did it' }).click();
  await page.getByLabel('How did it go? (optional)').fill('A big smile');
  const thanks = page.locator('details.kind').filter({ hasText: 'Thank them for a time' });
  await thanks.getByLabel('Your own idea').fill('Write it on the fogged mirror');
  // An idea of one's own being typed is the partner's own too.
  await iAm(page, 'Alex');
  assert.equal(await thanks.getByLabel('Your own idea').inputValue(), '');
  await thanks.getByLabel('Your own idea').fill('Hide a note in the lunchbox');
  await iAm(page, 'Sam');
  assert.equal(await thanks.getByLabel('Your own idea').inputValue(), 'Write it on the fogged mirror');
  await goTo(page, 'Today');
  await goGestures(page);
  assert.equal(await entry.inputValue(), 'You made soup when I was ill,\nand stayed');
  await page.reload();
  await h1(page).filter({ hasText: 'Gestures' }).waitFor();
  await iAm(page, 'Sam');
  assert.equal(await entry.inputValue(), 'You made soup when I was ill,\nand stayed');
  assert.equal(await page.getByLabel('Keep this one private (only I will see it)').isChecked(), true);
  // "How did it go?" comes back open, as it was, and so does the idea's card.
  assert.equal(await page.getByLabel('How did it go? (optional)').inputValue(), 'A big smile');
  assert.equal(await thanks.evaluate((d) => d.open), true);
  assert.equal(await thanks.getByLabel('Your own idea').inputValue(), 'Write it on the fogged mirror');
  await thanks.getByRole('button', { name: 'Add', exact: true }).click();
  await thanks.locator('li.own', { hasText: 'Write it on the fogged mirror' }).waitFor();
  await iAm(page, 'Alex');
  assert.equal(await thanks.getByLabel('Your own idea').inputValue(), 'Hide a note in the lunchbox');
  await thanks.getByRole('button', { name: 'Add', exact: true }).click();
  await thanks.locator('li.own', { hasText: 'Hide a note in the lunchbox' }).waitFor();
  await iAm(page, 'Sam');
  await page.getByRole('button', { name: 'Mark as done' }).click();
  await page.getByRole('button', { name: 'I did it' }).waitFor({ state: 'detached' });
  assert.doesNotMatch(await keptWords(page), /A big smile/, 'a saved note is forgotten');
  assert.match(await keptWords(page), /soup/);
  await page.getByRole('button', { name: 'Save to the journal' }).click();
  await page.locator('.journal').getByText('You made soup when I was ill').waitFor();
  assert.equal(await entry.inputValue(), '');
  const doc = await storedDoc(page);
  assert.equal(doc.gestures.appreciations?.find((a) => a.text.startsWith('You made soup'))?.private, true);
  const byIdea = Object.fromEntries(doc.gestures.own_ideas.map((i) => [i.text, i.meta.by]));
  assert.deepEqual([byIdea['Write it on the fogged mirror'], byIdea['Hide a note in the lunchbox']], ['a', 'b']);
  assert.equal(await keptWords(page), '', 'nothing left over once saved');
  await s.done();
});

// A plan's form is the couple's words too: open on a chosen idea, or an edit
// of a plan, it comes back as it was after another page or a reload.
test('a plan being written or edited comes back open, as it was, after another page and a reload', async () => {
  const s = await open();
  const { page } = s;
  await welcome(page);
  await goGestures(page);
  await planNote(page, 'A note in the coat pocket');
  const card = page.locator('.plan');
  await card.getByRole('button', { name: 'Edit', exact: true }).click();
  const editText = card.getByLabel("What you'd like to do");
  await editText.fill('A note in the lunch box');
  // A new plan from an idea (its list still open), its words and day changed.
  await page.getByRole('button', { name: /^Plan: Leave a sticky note/ }).click();
  const day = await page.evaluate(() => new Date(Date.now() + 3 * 864e5).toISOString().slice(0, 10));
  await page.locator('#plan-text').fill('A sticky note on the mirror');
  await page.locator('#plan-day').fill(day);

  const asItWas = async (opened = true) => {
    await page.locator('#plan-text').waitFor();
    assert.equal(await page.locator('#plan-text').inputValue(), 'A sticky note on the mirror');
    assert.equal(await page.locator('#plan-day').inputValue(), day);
    assert.equal(await page.getByRole('heading', { name: 'Plan a gesture for Alex' }).count(), 1);
    assert.equal(await editText.inputValue(), 'A note in the lunch box');
    // Focus stays where opening the page and saying who is here put it:
    // never in the form.
    if (opened) assert.match(await settledFocus(page), /^(BODY|H1|BUTTON)$/, 'opening the page moves no focus into the form');
  };
  await goTo(page, 'Today');
  await goGestures(page);
  await asItWas();
  await page.reload();
  await h1(page).filter({ hasText: 'Gestures' }).waitFor();
  await iAm(page, 'Sam');
  await asItWas();

  // A plan is a surprise for the other: Alex does not see Sam's form, and
  // his own is kept apart from it.
  const form = page.locator('#plan-text');
  await iAm(page, 'Alex');
  await form.waitFor({ state: 'detached' });
  await page.locator('summary', { hasText: 'Thank them for a time' }).click();
  await page.getByRole('button', { name: /^Plan: Leave a sticky note/ }).click();
  await page.getByRole('heading', { name: 'Plan a gesture for Sam' }).waitFor();
  await form.fill("A note in Sam's book");
  await iAm(page, 'Sam');
  await page.getByRole('heading', { name: 'Plan a gesture for Alex' }).waitFor();
  assert.equal(await form.inputValue(), 'A sticky note on the mirror');
  await page.reload();
  await iAm(page, 'Sam');
  await asItWas();
  await iAm(page, 'Alex');
  await page.getByRole('heading', { name: 'Plan a gesture for Sam' }).waitFor();
  assert.equal(await form.inputValue(), "A note in Sam's book");
  await page.locator('.plan-form').getByRole('button', { name: 'Cancel' }).click();
  await form.waitFor({ state: 'detached' });
  assert.doesNotMatch(await keptWords(page), /book/, 'cancelled, forgotten');
  await iAm(page, 'Sam');
  await asItWas(false);

  // Saved, each is forgotten; the plan keeps the idea it came from.
  await page.getByRole('button', { name: 'Plan it' }).click();
  await page.locator('#plan-text').waitFor({ state: 'detached' });
  assert.doesNotMatch(await keptWords(page), /mirror/);
  await card.getByRole('button', { name: 'Save changes' }).click();
  await card.getByText('A note in the lunch box').waitFor();
  assert.equal(await keptWords(page), '', 'nothing left over once saved');
  const plans = (await storedDoc(page)).gestures.items;
  const [first, second] = ['A note in the lunch box', 'A sticky note on the mirror'].map((t) => plans.find((g) => g.text === t));
  assert.deepEqual([second.kind, second.source], [first.kind, first.source]);
  assert.equal(second.planned_for, day);

  // A plan done while its edit is open: the words kept for it go with it.
  const lunch = page.locator('.plan', { hasText: 'A note in the lunch box' });
  await lunch.getByRole('button', { name: 'Edit', exact: true }).click();
  await lunch.getByLabel("What you'd like to do").fill('A note in the lunch box, with a drawing');
  await waitKept(page, /drawing/);
  await lunch.getByRole('button', { name: 'I did it' }).click();
  await lunch.getByRole('button', { name: 'Mark as done' }).click();
  await lunch.waitFor({ state: 'detached' });
  assert.equal(await keptWords(page), '', 'nothing kept for a plan that is done');
  await s.done();
});

// Another idea chosen with the form open never takes the couple's words or
// day: an idea's words replace only an idea's own words, untouched.
test('choosing another idea keeps words of one\u2019s own and the day', async () => {
  const s = await open();
  const { page } = s;
  await welcome(page);
  await goGestures(page);
  await page.getByRole('button', { name: 'Surprise me' }).click();
  await page.getByRole('button', { name: 'Plan this' }).click();
  const text = page.locator('#plan-text');
  const dayField = page.locator('#plan-day');
  await text.fill('Breakfast in bed, with the good jam');
  const day = await page.evaluate(() => new Date(Date.now() + 3 * 864e5).toISOString().slice(0, 10));
  await dayField.fill(day);
  await page.locator('summary', { hasText: 'Thank them for a time' }).click();
  const sticky = page.getByRole('button', { name: /^Plan: Leave a sticky note/ });
  await sticky.click();
  await page.waitForFunction(() => document.activeElement?.id === 'plan-text');
  assert.equal(await text.inputValue(), 'Breakfast in bed, with the good jam');
  assert.equal(await dayField.inputValue(), day);
  // They stay with the idea they were written for; a line says how to switch.
  await page.getByRole('status').getByText(/Your words are kept\. To plan “Leave a sticky note/).waitFor();

  // Kept across a reload, the words are still known as theirs.
  await waitKept(page, /good jam/);
  await page.reload();
  await h1(page).filter({ hasText: 'Gestures' }).waitFor();
  await iAm(page, 'Sam');
  await text.waitFor();
  await page.locator('summary', { hasText: 'Thank them for a time' }).click();
  await sticky.click();
  await page.waitForFunction(() => document.activeElement?.id === 'plan-text');
  assert.equal(await text.inputValue(), 'Breakfast in bed, with the good jam');

  // Emptied on purpose, the idea's words come in; those, untouched, follow
  // the next idea chosen, and the day stays.
  await text.fill('');
  await sticky.click();
  await page.waitForFunction(() => document.querySelector('#plan-text').value.startsWith('Leave a sticky note'));
  await page.getByRole('button', { name: /^Plan: Take their hand/ }).click();
  await page.waitForFunction(() => document.querySelector('#plan-text').value.startsWith('Take their hand'));
  assert.equal(await dayField.inputValue(), day);
  await page.getByRole('button', { name: 'Plan it' }).click();
  await text.waitFor({ state: 'detached' });
  const g = (await storedDoc(page)).gestures.items[0];
  assert.equal(g.planned_for, day);
  assert.equal(g.kind, 'thanks');
  await s.done();
});

// Words kept for a plan or a gesture go when it is done or noticed in another window.
test('what was kept for a plan or a gesture goes when another window finishes it', async () => {
  const s = await open();
  const { page } = s;
  await welcome(page);
  await goGestures(page);
  await planNote(page, 'Coffee in bed');
  await planNote(page, 'A note in the coat pocket');
  const coffee = page.locator('.plan', { hasText: 'Coffee in bed' });
  // "How did it go?" cancelled is not kept for later.
  await coffee.getByRole('button', { name: 'I did it' }).click();
  await coffee.getByLabel('How did it go? (optional)').fill('Sleepy smiles');
  await waitKept(page, /Sleepy/);
  await coffee.getByRole('button', { name: 'Cancel' }).click();
  await waitKept(page, /Sleepy/, false);
  await coffee.getByRole('button', { name: 'I did it' }).click();
  assert.equal(await coffee.getByLabel('How did it go? (optional)').inputValue(), '');
  await coffee.getByRole('button', { name: 'Mark as done' }).click();
  await coffee.waitFor({ state: 'detached' });
  const pocket = page.locator('.plan', { hasText: 'A note in the coat pocket' });
  await pocket.getByRole('button', { name: 'Edit', exact: true }).click();
  await pocket.getByLabel("What you'd like to do").fill('A note in the left coat pocket');
  await waitKept(page, /left coat/);

  const other = await s.context.newPage();
  await other.goto(url('gestures'));
  await iAm(other, 'Sam');
  const otherPocket = other.locator('.plan', { hasText: 'A note in the coat pocket' });
  await otherPocket.getByRole('button', { name: 'I did it' }).click();
  await otherPocket.getByRole('button', { name: 'Mark as done' }).click();
  await pocket.waitFor({ state: 'detached' });
  assert.doesNotMatch(await keptWords(page), /left coat/, 'done in another window, forgotten here');

  // Alex writes a word back; the other window notices everything first.
  await iAm(page, 'Alex');
  await page.getByRole('button', { name: 'Show me' }).first().click();
  await page.getByLabel('A word back to Sam (optional)').fill('Best morning');
  await waitKept(page, /Best morning/);
  await iAm(other, 'Alex');
  const notice = other.locator('.notice-gesture');
  await notice.first().waitFor();
  while ((await notice.count()) > 0) {
    const n = await notice.count();
    await notice.first().getByRole('button', { name: 'Show me' }).click();
    await notice.first().getByRole('button', { name: /^I noticed/ }).click();
    await other.waitForFunction((k) => document.querySelectorAll('.notice-gesture').length < k, n);
  }
  await page.locator('.notice-gesture').first().waitFor({ state: 'detached' });
  assert.equal(await keptWords(page), '', 'noticed in another window, forgotten here');

  // The same while this window is on another page: what was kept goes
  // when Gestures opens here again.
  const away = async (then) => {
    await goTo(page, 'Today');
    await then();
    assert.notEqual(await keptWords(page), '', 'still kept while Gestures is not open');
    await goGestures(page);
    await waitKept(page, /./, false);
  };
  await iAm(page, 'Sam');
  await planNote(page, 'Flowers on Friday');
  const flowers = page.locator('.plan', { hasText: 'Flowers on Friday' });
  await flowers.getByRole('button', { name: 'I did it' }).click();
  await flowers.getByLabel('How did it go? (optional)').fill('Tulips, yellow');
  await waitKept(page, /Tulips/);
  await away(async () => {
    await iAm(other, 'Sam');
    const otherFlowers = other.locator('.plan', { hasText: 'Flowers on Friday' });
    await otherFlowers.getByRole('button', { name: 'I did it' }).click();
    await otherFlowers.getByRole('button', { name: 'Mark as done' }).click();
    await otherFlowers.waitFor({ state: 'detached' });
  });
  await iAm(page, 'Alex');
  await page.getByRole('button', { name: 'Show me' }).first().click();
  await page.getByLabel('A word back to Sam (optional)').fill('Yellow is my favourite');
  await waitKept(page, /Yellow/);
  await away(async () => {
    await iAm(other, 'Alex');
    await notice.first().getByRole('button', { name: 'Show me' }).click();
    await notice.first().getByRole('button', { name: /^I noticed/ }).click();
    await notice.first().waitFor({ state: 'detached' });
  });
  await other.close();
  await s.done();
});
