// The connection dilemma: a full two-partner run on one device, pause and
// resume after a reload, a solo run, keyboard only, axe on every step.
import { test } from 'node:test';
import assert from 'node:assert/strict';

import { expectNoAxeViolations } from '../lib/a11y.js';
import { hearth, welcome as welcomeAt, stored, tabTo as tabToIn, storedDoc, goTo } from '../lib/app.js';

const { url, open, inEveryMode } = hearth();
const welcome = (page, opts) => welcomeAt(page, url, opts);
const step = (page, title) => page.locator('#step-title', { hasText: title }).waitFor();
const next = (page) => page.getByRole('button', { name: 'Continue' }).click();

const goDilemma = (page) => goTo(page, 'Dilemma', 'The dilemma');

/** Steps 1–6 for the partner who held back; `axe` checks every screen. */
async function ownSteps(page, { axe } = {}) {
  const check = async (label) => axe && (await expectNoAxeViolations(page, `${label} ${axe}`));
  await step(page, 'When did you want to feel close');
  await next(page); // empty: a clear message, no step change
  await page.getByRole('alert').getByText(/moment/i).first().waitFor();
  // The message is tied to the field, and shown right under it (not below
  // the examples, out of sight on a phone).
  const moment = page.getByLabel('The moment, in a few words');
  assert.equal(await moment.getAttribute('aria-invalid'), 'true');
  const said = page.locator(`#${await moment.getAttribute('aria-describedby')}`);
  assert.match(await said.innerText(), /moment/i);
  const [field, message] = [await moment.boundingBox(), await said.boundingBox()];
  assert.ok(message.y - (field.y + field.height) < 40, 'the message sits under the field');
  await check('moment with error');
  await page.getByLabel('The moment, in a few words').fill('you came home and I stayed on my phone: MOMENT-CANARY');
  await next(page);
  await step(page, 'What did you feel?');
  await page.getByRole('checkbox', { name: 'lonely', exact: true }).check();
  await check('felt');
  await next(page);
  await step(page, 'What were you afraid');
  await page.getByRole('checkbox', { name: 'Being turned away' }).check();
  await page.getByLabel('In my own words (optional)').fill('that I ask too much');
  await page.getByRole('button', { name: 'Add', exact: true }).click();
  await page.locator('.own-words').getByText('that I ask too much').waitFor();
  await check('feared');
  await next(page);
  await step(page, 'How did you keep yourself safe?');
  await page.getByRole('checkbox', { name: 'Going quiet' }).check();
  await check('protected');
  await next(page);
  await step(page, 'Two ways through');
  const both = await page.locator('.choices').innerText();
  assert.match(both, /Being turned away|turned away/i, 'the choices use my own answers');
  await check('two choices');
  await next(page);
  await step(page, 'What do you choose?');
  await check('choose');
}

/** A fresh couple, Sam begins, answers steps 1–6 and chooses to reach out. */
async function toShare(page) {
  await welcome(page);
  await goDilemma(page);
  await page.getByRole('button', { name: "I'm Sam: begin" }).click();
  await ownSteps(page);
  await page.getByRole('button', { name: "I'll reach out" }).click();
  await step(page, 'Your share');
}

test('a full two-partner run on one device, saved as a conversation', async () => {
  const s = await open();
  const { page } = s;
  await toShare(page);
  const share = page.getByLabel(/My share/);
  assert.match(await share.inputValue(), /lonely/, 'the share is built from my answers');
  await share.fill('You never listen to me.');
  await page.locator('#dl-share-check').getByText(/can sound like blame/).waitFor();
  await page.getByRole('button', { name: 'Rebuild it from my answers' }).click();
  await page.locator('#dl-share-check').getByText('Nothing here that often sounds like blame.').waitFor();
  // What the rebuild replaced can be put back: nothing written is lost.
  await page.getByRole('button', { name: 'Put my words back' }).click();
  await page.waitForFunction(() => document.getElementById('dl-share').value === 'You never listen to me.');
  // The button went with what it did; the focus is on the words it put back.
  await page.waitForFunction(() => document.activeElement?.id === 'dl-share');
  await page.getByRole('button', { name: 'Rebuild it from my answers' }).click();
  await page.locator('#dl-share-check').getByText('Nothing here that often sounds like blame.').waitFor();
  await next(page);
  await step(page, "Alex's turn");
  assert.ok(await page.getByRole('button', { name: /This is getting hard/ }).isVisible(), 'pause on every dialogue step');
  await page.getByRole('button', { name: "I'm Alex: I'm ready to listen" }).click();
  const count = () => page.locator('#step-count').innerText();
  const counts = [];
  await step(page, 'What I heard');
  counts.push(await count());
  await page.getByLabel('What I heard you say').fill('You missed me and went quiet.');
  await next(page);
  await step(page, 'Why it makes sense');
  counts.push(await count());
  await page.getByLabel('Why it makes sense to me').fill('You were afraid I would turn away.');
  await next(page);
  await step(page, 'How I can care for your fear');
  counts.push(await count());
  // Each of the listener's answers is a step of its own: progress moves on.
  assert.deepEqual(counts, ['Step 9 of 12', 'Step 10 of 12', 'Step 11 of 12']);
  await page.getByLabel('What I can do when this fear shows up').fill('I will put my phone down when I come home.');
  await next(page);
  await step(page, 'How close do you feel now?');
  await page.getByRole('radiogroup').first().waitFor().catch(() => {});
  // Finish with one number missing: the message sits under that partner's scale.
  await page.locator('#dl-closeness_b').getByRole('radio', { name: /^7 / }).check();
  await page.getByRole('button', { name: 'Finish' }).click();
  await page.locator('#dl-closeness_a .error').getByText('Choose how close you feel now').waitFor();
  assert.equal(await page.locator('#dl-closeness_b .error').count(), 0);
  assert.equal(await page.locator('#dl-closeness_a').getAttribute('aria-describedby'), 'dl-closeness_a-error');
  await page.waitForFunction(() => document.activeElement?.id === 'dl-closeness_a');
  await page.locator('#dl-closeness_a').getByRole('radio', { name: /^8 / }).check();
  await page.locator('#dl-closeness_b').getByRole('radio', { name: /^7 / }).check();
  await page.getByRole('button', { name: 'Finish' }).click();
  await step(page, 'A conversation you had');
  await page.waitForFunction(() => document.activeElement?.id === 'step-title');
  // Whoever opens it reads what Sam shared, and Alex's answers; what Sam
  // felt, feared and did to stay safe were Sam's notes for the share.
  const text = await page.locator('main').innerText();
  assert.match(text, /MOMENT-CANARY[\s\S]*The share/);
  assert.match(text, /Sam 8\/10, Alex 7\/10/);
  assert.doesNotMatch(text, /^(Felt|Feared|Protected by)$/m);
  const notes = page.locator('#dl-notes');
  assert.equal(await notes.innerText(), "I'm Sam: show my notes");
  assert.equal(await notes.getAttribute('aria-expanded'), 'false');
  await notes.click();
  const readonly = page.locator('.readonly');
  await readonly.getByText('Being turned away, that I ask too much').waitFor();
  assert.match(
    await readonly.innerText(),
    /MOMENT-CANARY\nFelt\nlonely\nFeared\nBeing turned away, that I ask too much\nProtected by\nGoing quiet\nThe share/,
  );
  assert.equal(await notes.getAttribute('aria-expanded'), 'true');
  assert.equal(await notes.innerText(), 'Hide my notes');
  await page.waitForFunction(() => document.activeElement?.id === 'dl-notes');
  await notes.click();
  await readonly.getByText('Being turned away, that I ask too much').waitFor({ state: 'detached' });
  await page.waitForFunction(() => document.activeElement?.id === 'dl-notes');
  assert.ok(await page.getByRole('button', { name: "I'm Alex: share a moment of my own" }).isVisible());

  await page.getByRole('button', { name: /All conversations/ }).click();
  await page.getByRole('heading', { name: 'Our cycle' }).waitFor();
  assert.match(await page.locator('.cycle').innerText(), /Sam/);
  assert.doesNotMatch(await page.locator('.cycle').innerText(), /fault|blame/i);
  const doc = await storedDoc(page);
  assert.equal(doc.dilemmas.items.length, 1);
  assert.equal(doc.dilemmas.items[0].status.kind, 'finished');
  await s.done();
});

// The share is built from the answers, "What I long for" and "One small
// request" among them: it follows those fields as they are typed, until the
// person writes the share their own way. Then their words stay, and a
// rebuild is how the fields come in.
test('the share follows what I long for and my request, until I write it myself', async () => {
  const s = await open();
  const { page } = s;
  await toShare(page);
  const share = page.getByLabel(/My share/);
  const shareIs = (re) =>
    page.waitForFunction((src) => new RegExp(src).test(document.getElementById('dl-share').value), re.source, { timeout: 5000 });
  await page.getByLabel('What I long for', { exact: true }).fill('to laugh together again');
  await page.getByLabel('One small request', { exact: true }).fill('walk with me after dinner');
  await shareIs(/lonely[\s\S]*What I long for is to laugh together again\. Would you walk with me after dinner\?$/);
  const own = page.getByText(/no longer follows the two fields above/);
  assert.equal(await own.count(), 0, 'no hint while the share follows the fields');
  // An idea chosen is taken in too.
  await page.locator('.suggestions').last().getByRole('button').first().click();
  await shareIs(/Would you walk with me after dinner\s+sit with me/);

  // Written by hand, the share is theirs: the fields no longer change it.
  await share.fill('SHARE-CANARY: I missed you tonight.');
  await own.waitFor();
  await page.getByLabel('What I long for', { exact: true }).fill('to feel held');
  await page.waitForTimeout(200);
  assert.equal(await share.inputValue(), 'SHARE-CANARY: I missed you tonight.');
  await page.getByRole('button', { name: 'Rebuild it from my answers' }).click();
  await shareIs(/What I long for is to feel held\./);
  await own.waitFor({ state: 'detached' });
  await next(page);
  await step(page, "Alex's turn");
  assert.match(await page.locator('.share-text').innerText(), /What I long for is to feel held\./);
  await s.done();
});

// The hand-over step names the partner: it follows a rename, but a save of
// something else in another window must not redraw it (a redraw moves the
// focus back to the step's heading, away from where the person is).
test('the hand-over step keeps its place when another window saves, and follows a rename', async () => {
  const s = await open();
  const { page } = s;
  await toShare(page);
  await next(page);
  await step(page, "Alex's turn");
  const ready = page.getByRole('button', { name: "I'm Alex: I'm ready to listen" });
  await ready.focus();

  const other = await s.context.newPage();
  await other.goto(url('us-time'));
  await other.getByRole('button', { name: 'Save our rhythm' }).click();
  // This window's document took the change (it says so to screen readers);
  // a redraw it caused would come in the same task.
  await page.locator('p.sr-only[role="status"]', { hasText: 'Updated with changes from another window.' }).waitFor({ state: 'attached' });
  await page.waitForTimeout(100);
  assert.equal(await ready.evaluate((b) => b === document.activeElement), true, 'the focus stays on the button');

  await other.goto(url('settings'));
  await other.getByLabel("Your partner's name").fill('Alexis');
  await other.getByRole('button', { name: 'Save names' }).click();
  await other.getByText('Names saved.').waitFor();
  await step(page, "Alexis's turn");
  await page.getByRole('button', { name: "I'm Alexis: I'm ready to listen" }).waitFor();
  await s.done();
});

// One device, no login: words written alone, before the hand-over, wait
// behind "I'm Sam: carry on" whenever the page is opened again.
test('words written alone wait behind "I\'m Sam: carry on", after another page and a reload', async () => {
  const s = await open();
  const { page } = s;
  await welcome(page);
  await goDilemma(page);
  await page.getByRole('button', { name: "I'm Sam: begin" }).click();
  await page.getByLabel('The moment, in a few words').fill('PRIVATE-MOMENT at the station');
  await next(page);
  await step(page, 'What did you feel?');
  await goTo(page, 'Today');
  await goDilemma(page);
  for (const again of [false, true]) {
    if (again) await page.reload();
    await page.getByRole('heading', { name: 'Pick up where you left off' }).waitFor();
    const main = await page.locator('main').innerText();
    assert.doesNotMatch(main, /PRIVATE-MOMENT/, "no words of Sam's before Sam says it is them");
    assert.match(main, /Not shared yet/);
    assert.equal(await page.locator('#step-title').count(), 0);
  }
  await expectNoAxeViolations(page, 'dilemma, words written alone waiting');
  // The list's button says the same.
  await page.getByRole('button', { name: /I'm Sam: carry on the conversation of/ }).waitFor();
  await page.getByRole('button', { name: "I'm Sam: carry on", exact: true }).click();
  await step(page, 'What did you feel?');
  await page.getByRole('button', { name: 'Back' }).click();
  assert.equal(await page.getByLabel('The moment, in a few words').inputValue(), 'PRIVATE-MOMENT at the station');
  await s.done();
});

test('leaving at a step and reloading resumes exactly there, once Alex says it is them; a pause resumes too', async () => {
  const s = await open();
  const { page } = s;
  await welcome(page);
  await goDilemma(page);
  await page.getByRole('button', { name: "I'm Alex: begin" }).click();
  await page.getByLabel('The moment, in a few words').fill('at dinner');
  await next(page);
  await step(page, 'What did you feel?');
  await page.getByRole('checkbox', { name: 'worried', exact: true }).check();
  await page.reload();
  await page.getByRole('button', { name: "I'm Alex: carry on", exact: true }).click();
  await step(page, 'What did you feel?');
  assert.equal(await page.getByRole('checkbox', { name: 'worried', exact: true }).isChecked(), true);
  await page.getByRole('button', { name: 'Back' }).click();
  await step(page, 'When did you want to feel close');
  assert.equal(await page.getByLabel('The moment, in a few words').inputValue(), 'at dinner');

  // Through to the handover, then pause.
  await next(page);
  await next(page);
  await page.getByRole('checkbox', { name: 'Starting a fight' }).check();
  await next(page);
  await page.getByRole('checkbox', { name: 'Keeping busy' }).check();
  await next(page);
  await next(page);
  await page.getByRole('button', { name: "I'll reach out" }).click();
  await next(page);
  await step(page, "Sam's turn");
  await page.getByRole('button', { name: /This is getting hard/ }).click();
  await step(page, 'Resting');
  await page.reload();
  await page.getByText(/Pick up where you left off|Your conversations/).first().waitFor();
  await page.getByRole('button', { name: /Open|Carry on/ }).first().click();
  await page.getByRole('button', { name: 'Carry on now' }).click();
  await step(page, "Sam's turn");
  await s.done();
});

test('an example chosen after writing adds to the words, never replaces them', async () => {
  const s = await open();
  const { page } = s;
  await welcome(page);
  await goDilemma(page);
  await page.getByRole('button', { name: "I'm Sam: begin" }).click();
  await step(page, 'When did you want to feel close');
  const moment = page.getByLabel('The moment, in a few words');
  const example = page.locator('button.suggestion').first();
  const text = (await example.innerText()).trim();
  await example.click();
  await page.waitForFunction((t) => document.getElementById('dl-moment').value === t, text);
  await moment.fill('My own words first');
  await example.click();
  await page.waitForFunction((t) => document.getElementById('dl-moment').value === `My own words first\n${t}`, text);
  await s.done();
});

test('eight feelings at most, said so; words typed in my own words count when I continue', async () => {
  const s = await open();
  const { page } = s;
  await welcome(page);
  await goDilemma(page);
  await page.getByRole('button', { name: "I'm Sam: begin" }).click();
  await page.getByLabel('The moment, in a few words').fill('dinner');
  await next(page);
  await step(page, 'What did you feel?');
  const boxes = page.locator('#dl-feelings input[type=checkbox]');
  for (let i = 0; i < 8; i++) await boxes.nth(i).check();
  // The ninth rests, and a line says why: nothing looks ticked that isn't kept.
  await page.locator('.feelings-full').getByText('untick one to choose another').waitFor();
  assert.equal(await boxes.nth(8).isDisabled(), true);
  await boxes.nth(0).uncheck();
  await page.locator('.feelings-full').getByText('untick').waitFor({ state: 'detached' });
  await boxes.nth(8).check();
  await next(page);
  await step(page, 'What were you afraid');
  assert.equal((await storedDoc(page)).dilemmas.items[0].feelings.length, 8);

  // Typed, not added, Continue: the words are the step's answer, not lost;
  // too long to add, the field says so and keeps them.
  const own = page.getByLabel('In my own words (optional)');
  await own.fill('x'.repeat(130));
  await next(page);
  await page.locator('#dl-fears-own-error').getByText('Shorten them, or empty the field to go on.').waitFor();
  assert.equal(await own.getAttribute('aria-describedby'), 'dl-fears-own-error');
  await page.waitForFunction(() => document.activeElement?.id === 'dl-fears-own');
  await step(page, 'What were you afraid');
  await own.fill('that I am too much');
  await next(page);
  await step(page, 'How did you keep yourself safe?');
  assert.deepEqual((await storedDoc(page)).dilemmas.items[0].fears_own, ['that I am too much']);
  await page.getByRole('button', { name: 'Back' }).click();
  await step(page, 'What were you afraid');
  await page.locator('.own-words').getByText('that I am too much').waitFor();
  assert.equal(await page.getByLabel('In my own words (optional)').inputValue(), '');
  await s.done();
});

test('not now is saved without judgement', async () => {
  const s = await open();
  const { page } = s;
  await welcome(page);
  await goDilemma(page);
  await page.getByRole('button', { name: "I'm Sam: begin" }).click();
  await ownSteps(page);
  await page.getByRole('button', { name: 'Not now' }).click();
  await step(page, 'Resting');
  // The button is gone with its step: the resting view's heading has the focus.
  await page.waitForFunction(() => document.activeElement?.id === 'step-title');
  assert.match(await page.locator('main').innerText(), /that's okay/);
  const doc = await storedDoc(page);
  assert.equal(doc.dilemmas.items[0].status.kind, 'not_now');
  // What Sam feared stays Sam's until shared: not in "Our cycle" for both to read.
  await page.getByRole('button', { name: /All conversations/ }).click();
  await page.getByRole('heading', { name: 'Your conversations' }).waitFor();
  assert.equal(await page.getByRole('heading', { name: 'Our cycle' }).count(), 0);
  // Nor its moment in the list: Sam knows it by its day.
  assert.equal(await page.locator('.convo-title').innerText(), 'Not shared yet');
  assert.doesNotMatch(await page.locator('main').innerText(), /MOMENT-CANARY/);
  await s.done();
});

// The listener reaches the share by Back from their first answer, and no
// further: past the hand-over are the speaker's own steps, which their
// Back names them for.
test('Back from the listener\'s first answer stops at the hand-over', async () => {
  const s = await open();
  const { page } = s;
  await toShare(page);
  await next(page);
  await step(page, "Alex's turn");
  await page.getByRole('button', { name: "I'm Alex: I'm ready to listen" }).click();
  await step(page, 'What I heard');
  await page.getByRole('button', { name: 'Back', exact: true }).click();
  await step(page, "Alex's turn");
  assert.equal(await page.getByRole('button', { name: 'Back', exact: true }).count(), 0);
  // Sam can still change the share, saying it is them.
  await page.getByRole('button', { name: "I'm Sam: back to my share" }).click();
  await step(page, 'Your share');
  await page.waitForFunction(() => document.activeElement?.id === 'step-title');
  await s.done();
});

// "Not now" keeps the moment for later, and it is still Sam's: behind
// "I'm Sam: carry on" like any words written alone.
test('set aside with not now, the words wait behind "I\'m Sam: carry on"', async () => {
  const s = await open();
  const { page } = s;
  await welcome(page);
  await goDilemma(page);
  await page.getByRole('button', { name: "I'm Sam: begin" }).click();
  await ownSteps(page);
  await page.getByRole('button', { name: 'Not now' }).click();
  await step(page, 'Resting');
  assert.equal(await page.getByRole('button', { name: 'Carry on now' }).count(), 0);
  await page.getByRole('button', { name: "I'm Sam: carry on" }).waitFor();
  await page.reload();
  await page.getByRole('heading', { name: 'Your conversations' }).waitFor();
  assert.equal(await page.locator('#step-title').count(), 0);
  assert.doesNotMatch(await page.locator('main').innerText(), /MOMENT-CANARY/);
  const convo = page.locator('.convo').first();
  assert.equal(await convo.getByRole('button', { name: /^Open/ }).count(), 0);
  await convo.getByRole('button', { name: /^I'm Sam: carry on the conversation of/ }).click();
  await step(page, 'Resting');
  await page.getByRole('button', { name: "I'm Sam: carry on" }).click();
  await step(page, 'What do you choose?');
  await page.waitForFunction(() => document.activeElement?.id === 'step-title');
  await s.done();
});

// "Just me for now" promises that what Alex wrote stays saved but hidden.
test('alone after "Just me for now", the partner\'s unfinished conversation stays hidden', async () => {
  const s = await open();
  const { page } = s;
  await welcome(page);
  await goDilemma(page);
  await page.getByRole('button', { name: "I'm Alex: begin" }).click();
  await page.getByLabel('The moment, in a few words').fill('ALEX-PRIVATE at the station');
  await next(page);
  await step(page, 'What did you feel?');
  await goTo(page, 'Settings');
  await page.getByLabel(/Just me for now/).check();
  await page.getByRole('button', { name: 'Save names' }).click();
  await page.getByRole('button', { name: 'Yes, just me for now' }).click();
  await page.getByText('Names saved.').waitFor();
  await goTo(page, 'Today');
  assert.doesNotMatch(await page.locator('main').innerText(), /A conversation is waiting/);
  await goDilemma(page);
  await page.getByRole('heading', { name: 'Your conversations' }).waitFor();
  assert.equal(await page.locator('#step-title').count(), 0, 'not opened by itself');
  assert.equal(await page.getByRole('heading', { name: 'Pick up where you left off' }).count(), 0);
  assert.equal(await page.locator('.convo').count(), 0);
  assert.doesNotMatch(await page.locator('main').innerText(), /ALEX-PRIVATE/);
  // Saved all the same.
  assert.equal((await storedDoc(page)).dilemmas.items[0].moment, 'ALEX-PRIVATE at the station');
  await s.done();
});

test('solo: the share is for showing the partner when ready, and can be copied', async () => {
  const s = await open();
  const { page } = s;
  await welcome(page, { b: null, struggles: [] });
  await goDilemma(page);
  await page.getByRole('button', { name: 'Begin' }).click();
  await ownSteps(page);
  await page.getByRole('button', { name: "I'll reach out" }).click();
  await next(page);
  await step(page, "When you're ready");
  // "Copied." only once the browser has; refused, the way round it.
  const copy = page.getByRole('button', { name: 'Copy the text' });
  await page.evaluate(() => {
    navigator.clipboard.writeText = () => Promise.reject(new DOMException('Write permission denied.', 'NotAllowedError'));
  });
  await copy.click();
  await page.getByRole('status').getByText("Copying isn't available here: select the text and copy it.").waitFor();
  await page.evaluate(() => {
    navigator.clipboard.writeText = (t) => ((window.copied = t), Promise.resolve());
  });
  await copy.click();
  await page.getByRole('status').getByText('Copied.').waitFor();
  assert.match(await page.evaluate(() => window.copied), /lonely/);
  // Nobody is listening yet: no listener's hint, no pause button.
  assert.equal(await page.getByRole('button', { name: /This is getting hard/ }).count(), 0);
  assert.doesNotMatch(await page.locator('main').innerText(), /listen for the feeling/);
  await page.getByRole('button', { name: 'Finish for now' }).click();
  await step(page, 'A conversation you had');
  await s.done();
});

// Alone, the share waits to be shown; once the partner joins, the same
// conversation goes on to their answers and how close both feel.
test('solo: once the partner joins, they answer what was shared alone', async () => {
  const s = await open();
  const { page } = s;
  await welcome(page, { b: null, struggles: [] });
  await goDilemma(page);
  await page.getByRole('button', { name: 'Begin' }).click();
  await ownSteps(page);
  await page.getByRole('button', { name: "I'll reach out" }).click();
  await next(page);
  await page.getByRole('button', { name: 'Finish for now' }).click();
  await step(page, 'A conversation you had');

  await goTo(page, 'Settings');
  await page.getByLabel(/Just me for now/).uncheck();
  await page.getByLabel("Your partner's name").fill('Alex');
  await page.getByRole('button', { name: 'Save names' }).click();
  // Said once, to the one who wrote it: it waits for Alex, and Sam chooses when.
  await page
    .getByRole('status')
    .getByText(
      'Names saved. Sam, what you wrote while on your own is in The dilemma, ready for Alex to hear whenever you choose.',
    )
    .waitFor();
  await goDilemma(page);
  const convo = page.locator('.convo').first();
  assert.match(await convo.innerText(), /Ready to be heard/);
  await convo.getByRole('button', { name: /^Open/ }).click();
  await step(page, "Alex's turn");
  assert.match(await page.locator('main').innerText(), /Alex, Sam has something to share with you/);
  // Not heard yet: the moment is Sam's own, with Sam's notes, as on the list
  // (the share, for Alex, may tell it in Sam's words).
  const readonly = page.locator('dl.readonly');
  assert.doesNotMatch(await readonly.innerText(), /The moment/);
  await page.getByRole('button', { name: "I'm Sam: show my notes" }).click();
  await readonly.getByText('The moment (Sam)').waitFor();
  assert.match(await readonly.innerText(), /The moment \(Sam\)\s+you came home and I stayed on my phone: MOMENT-CANARY/);
  await page.getByRole('button', { name: 'Hide my notes' }).click();
  await page.getByRole('button', { name: "I'm Sam: show my notes" }).waitFor();
  await page.getByRole('button', { name: "I'm Alex: I'm ready to listen" }).click();
  await step(page, 'What I heard');
  for (const [label, title] of [
    ['What I heard you say', 'Why it makes sense'],
    ['Why it makes sense to me', 'How I can care'],
    ['What I can do when this fear shows up', 'How close'],
  ]) {
    await page.getByLabel(label).fill(`LISTEN-CANARY ${title}`);
    await next(page);
    await step(page, title);
  }
  await page.locator('#dl-closeness_a').getByRole('radio', { name: /^8 / }).check();
  await page.locator('#dl-closeness_b').getByRole('radio', { name: /^7 / }).check();
  await page.getByRole('button', { name: 'Finish' }).click();
  await step(page, 'A conversation you had');
  assert.match(await page.locator('main').innerText(), /What Alex heard\s+LISTEN-CANARY[\s\S]*Sam 8\/10, Alex 7\/10/);
  const [d] = (await storedDoc(page)).dilemmas.items;
  assert.equal(d.status.kind, 'finished');
  assert.equal(d.solo ?? false, false);
  await s.done();
});

// Left at the handover alone, then the partner joins: the handover still
// does what it says (finish for now), and the share then waits for them.
test('solo: left at the handover, then the partner joins: it finishes as it says, then waits for them', async () => {
  const s = await open();
  const { page } = s;
  await welcome(page, { b: null, struggles: [] });
  await goDilemma(page);
  await page.getByRole('button', { name: 'Begin' }).click();
  await ownSteps(page);
  await page.getByRole('button', { name: "I'll reach out" }).click();
  await next(page);
  await step(page, "When you're ready");

  await goTo(page, 'Settings');
  await page.getByLabel(/Just me for now/).uncheck();
  await page.getByLabel("Your partner's name").fill('Alex');
  await page.getByRole('button', { name: 'Save names' }).click();
  await page.getByText('Names saved.').waitFor();
  await goDilemma(page);
  await page.getByRole('button', { name: 'Carry on' }).click();
  await step(page, "When you're ready");
  assert.equal(await page.locator('#step-count').innerText(), 'Step 8 of 8');
  assert.match(await page.locator('main').innerText(), /show this to Alex/);
  await page.getByRole('button', { name: 'Finish for now' }).click();
  await step(page, "Alex's turn");
  assert.equal((await storedDoc(page)).dilemmas.items[0].status.kind, 'finished');
  await page.getByRole('button', { name: "I'm Alex: I'm ready to listen" }).click();
  await step(page, 'What I heard');
  await s.done();
});

test('a couple at the handover, then just one: the screen is the last of eight and finishes', async () => {
  const s = await open();
  const { page } = s;
  await toShare(page);
  await next(page);
  await step(page, "Alex's turn");
  assert.equal(await page.locator('#step-count').innerText(), 'Step 8 of 12');

  await goTo(page, 'Settings');
  await page.getByLabel(/Just me for now/).check();
  await page.getByRole('button', { name: 'Save names' }).click();
  await page.getByRole('button', { name: 'Yes, just me for now' }).click();
  await page.getByText('Names saved.').waitFor();
  await goDilemma(page);
  await page.getByRole('button', { name: 'Carry on' }).click();
  await step(page, "When you're ready");
  assert.equal(await page.locator('#step-count').innerText(), 'Step 8 of 8');
  await page.getByRole('button', { name: 'Finish for now' }).click();
  await page.getByRole('button', { name: 'Finish for now' }).waitFor({ state: 'detached' });
  assert.equal((await storedDoc(page)).dilemmas.items[0].status.kind, 'finished');
  await s.done();
});

// What the page shows, with what its fields hold (a textarea's words are
// not in innerText).
const shownWords = (page) =>
  page.locator('main').evaluate((m) => [m.innerText, ...[...m.querySelectorAll('textarea, input')].map((f) => f.value)].join('\n'));

// Handed to Alex, then "Just me for now" while Alex was answering: alone,
// Sam's conversation waits at the hand-over, where Sam may be, and Alex's
// half-written answers stay saved and out of sight.
test('alone after "Just me for now", a conversation handed to Alex waits at the hand-over without Alex\'s words', async () => {
  const s = await open();
  const { page } = s;
  await toShare(page);
  await next(page);
  await page.getByRole('button', { name: "I'm Alex: I'm ready to listen" }).click();
  await step(page, 'What I heard');
  await page.getByLabel('What I heard you say').fill('ALEX-HALF heard');
  await next(page);
  await step(page, 'Why it makes sense');
  await page.getByLabel('Why it makes sense to me').fill('ALEX-HALF sense');

  await goTo(page, 'Settings');
  await page.getByLabel(/Just me for now/).check();
  await page.getByRole('button', { name: 'Save names' }).click();
  await page.getByRole('button', { name: 'Yes, just me for now' }).click();
  await page.getByText('Names saved.').waitFor();
  await goDilemma(page);
  // "Pick up where you left off", and the list's Open: the hand-over wait.
  for (const open of [
    () => page.getByRole('button', { name: 'Carry on', exact: true }).click(),
    () => page.locator('.convo').first().getByRole('button', { name: /^Open/ }).click(),
  ]) {
    await open();
    await page.locator('#step-title').waitFor();
    assert.doesNotMatch(await shownWords(page), /ALEX-HALF/);
    await step(page, "When you're ready");
    assert.equal(await page.locator('#step-count').innerText(), 'Step 8 of 8');
    await page.getByRole('button', { name: /All conversations/ }).click();
    await page.getByRole('heading', { name: 'Your conversations' }).waitFor();
  }
  await page.locator('.convo').first().getByRole('button', { name: /^Open/ }).click();
  await page.getByRole('button', { name: 'Finish for now' }).click();
  await step(page, 'A conversation you had');
  assert.doesNotMatch(await shownWords(page), /ALEX-HALF/);
  // Saved all the same, for when Alex is back.
  const [d] = (await storedDoc(page)).dilemmas.items;
  assert.equal(d.heard, 'ALEX-HALF heard');
  assert.equal(d.makes_sense, 'ALEX-HALF sense');
  await s.done();
});

test('keyboard only: the first steps of a conversation', async () => {
  const s = await open();
  const { page } = s;
  await welcome(page);
  await goDilemma(page);
  const tabTo = (pred, label) => tabToIn(page, pred, label);
  await tabTo(() => document.activeElement?.textContent === "I'm Sam: begin", 'begin');
  await page.keyboard.press('Enter');
  await step(page, 'When did you want to feel close');
  await tabTo(() => document.activeElement?.id === 'dl-moment', 'the moment');
  await page.keyboard.type('in the kitchen');
  await tabTo(() => document.activeElement?.textContent === 'Continue', 'continue');
  await page.keyboard.press('Enter');
  await step(page, 'What did you feel?');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'step-title', 'focus moves to the new step');
  await tabTo(() => document.activeElement?.id === 'dl-f-hurt', 'a feeling');
  await page.keyboard.press('Space');
  await tabTo(() => document.activeElement?.textContent === 'Continue', 'continue');
  await page.keyboard.press('Enter');
  await step(page, 'What were you afraid');
  await s.done();
});

test('axe: every step of the flow, phone and desktop, light and dark', async () => {
  await inEveryMode(async (page, tag) => {
    await welcome(page);
    await goDilemma(page);
    await expectNoAxeViolations(page, `dilemma landing ${tag}`);
    await page.getByRole('button', { name: "I'm Sam: begin" }).click();
    await ownSteps(page, { axe: tag });
    await page.getByRole('button', { name: "I'll reach out" }).click();
    await page.getByLabel(/My share/).fill('You always ignore me');
    await expectNoAxeViolations(page, `share with blame hint ${tag}`);
    await next(page);
    await expectNoAxeViolations(page, `handover ${tag}`);
    await page.getByRole('button', { name: "I'm Alex: I'm ready to listen" }).click();
    await expectNoAxeViolations(page, `heard ${tag}`);
    for (const [label, title] of [
      ['What I heard you say', 'Why it makes sense'],
      ['Why it makes sense to me', 'How I can care'],
      ['What I can do when this fear shows up', 'How close'],
    ]) {
      await page.getByLabel(label).fill('words');
      await next(page);
      await step(page, title);
      await expectNoAxeViolations(page, `${title} ${tag}`);
    }
    await page.locator('#dl-closeness_a').getByRole('radio', { name: /^6 / }).check();
    await page.locator('#dl-closeness_b').getByRole('radio', { name: /^6 / }).check();
    await page.getByRole('button', { name: 'Finish' }).click();
    await step(page, 'A conversation you had');
    await page.getByRole('button', { name: "I'm Sam: show my notes" }).click();
    await expectNoAxeViolations(page, `read-only ${tag}`);
    await page.getByRole('button', { name: /All conversations/ }).click();
    await expectNoAxeViolations(page, `landing with cycle ${tag}`);
  });
});
