// Keyboard focus after actions that take away what was focused (a form that
// closes, an Undo bar that goes, a list that grows, a view that changes):
// it goes somewhere that makes sense, never back to the top of the page.
// With ten years of data, so every list is long.
import { test } from 'node:test';
import assert from 'node:assert/strict';

import { hearth, h1, welcome as welcomeAt, loadDecade } from '../lib/app.js';

const { url, open } = hearth();

/** Waits until the focused element passes `pred` (run in the page). */
const focusIs = (page, pred, arg) => page.waitForFunction(pred, arg);
const focusedId = (page) => page.evaluate(() => document.activeElement?.id ?? '');

async function decade() {
  const s = await open();
  await welcomeAt(s.page, url);
  await loadDecade(s.page, url);
  return s;
}

async function to(page, path, title) {
  await page.goto(url(path));
  await h1(page).filter({ hasText: title }).waitFor();
}

test('Journey: edit, Escape, delete and Undo, show more', async () => {
  const s = await decade();
  const { page } = s;
  await to(page, 'journey', 'Journey');
  await page.getByRole('button', { name: "Edit Sam's answer" }).first().click();
  await focusIs(page, () => document.activeElement?.matches('form.edit input:checked'));
  // Words typed: Escape (easily pressed by mistake) keeps them and the form.
  const note = page.locator('form.edit textarea');
  await note.fill('Words not to lose');
  await page.keyboard.press('Escape');
  await page.waitForTimeout(300);
  assert.equal(await note.inputValue(), 'Words not to lose');
  // Nothing changed: Escape closes it, as Cancel does.
  await page.getByRole('button', { name: 'Cancel' }).click();
  await page.locator('form.edit').waitFor({ state: 'detached' });
  await page.getByRole('button', { name: "Edit Sam's answer" }).first().click();
  await focusIs(page, () => document.activeElement?.matches('form.edit input:checked'));
  await page.keyboard.press('Escape');
  await page.locator('form.edit').waitFor({ state: 'detached' });
  await focusIs(page, () => /^edit-.+-a$/.test(document.activeElement?.id));

  await page.getByRole('button', { name: 'Delete this check-in' }).first().click();
  await focusIs(page, () => document.activeElement?.id === 'undo-checkin');
  await page.keyboard.press('Enter');
  await focusIs(page, () => document.activeElement?.id.startsWith('ci-'));
  assert.match(await page.evaluate(() => document.activeElement.textContent), /Sam/);

  // Two such buttons on the page, each saying what it shows, so a screen
  // reader's list of buttons tells them apart.
  const more = page.getByRole('button', { name: /^Show \d+ more/ });
  assert.deepEqual((await more.allTextContents()).sort(), ['Show 20 more check-ins', 'Show 20 more moments']);
  await page
    .getByRole('region', { name: 'Your check-ins' })
    .getByRole('button', { name: 'Show 20 more check-ins', exact: true })
    .click();
  await focusIs(page, () => document.activeElement === document.querySelectorAll('.timeline > li')[20]);
  // Along the way, too: to the first moment shown.
  await page
    .getByRole('region', { name: 'Along the way' })
    .getByRole('button', { name: 'Show 20 more moments', exact: true })
    .click();
  await focusIs(page, () => document.activeElement === document.querySelectorAll('.moments > li')[20]);
  await s.done();
});

test('The dilemma: read one, back to it in the list; delete and Undo', async () => {
  const s = await decade();
  const { page } = s;
  await to(page, 'dilemma', 'The dilemma');
  const read = page.getByRole('button', { name: /^Read the conversation of / }).first();
  const opened = await read.getAttribute('id');
  await read.click();
  await focusIs(page, () => document.activeElement?.id === 'step-title');
  assert.equal(await page.locator('#step-title').innerText(), 'A conversation you had');
  await page.getByRole('button', { name: /All conversations/ }).click();
  await focusIs(page, (id) => document.activeElement?.id === id, opened);

  await page.getByRole('button', { name: /^Delete the conversation of / }).first().click();
  await focusIs(page, () => document.activeElement?.id === 'undo-conversation');
  await page.keyboard.press('Enter');
  await focusIs(page, () => document.activeElement?.id.startsWith('open-'));
  await s.done();
});

test('Gestures: show me, I noticed, an empty journal entry, Undo', async () => {
  const s = await decade();
  const { page } = s;
  await to(page, 'gestures', 'Gestures');
  // No one is taken for the one here: Sam says it is him.
  await page.getByRole('group', { name: /Who's using Hearth/ }).getByRole('button', { name: 'Sam' }).click();
  await page.getByRole('button', { name: 'Show me' }).first().click();
  await focusIs(page, () => document.activeElement?.id.startsWith('shown-'));
  const shown = await focusedId(page);
  await page.getByRole('button', { name: /^I noticed/ }).first().click();
  await page.locator(`#${shown}`).waitFor({ state: 'detached' });
  await focusIs(page, () => document.activeElement?.matches('.notice-gesture button, #plans-title'));

  // Nothing written: the field takes focus and the reason is an alert.
  await page.getByRole('button', { name: 'Save to the journal' }).click();
  await focusIs(page, () => document.activeElement?.id === 'appreciation');
  await page.getByRole('alert').filter({ hasText: 'Please write what they did first.' }).waitFor();

  await page.locator('.journal').getByRole('button', { name: 'Remove' }).first().click();
  await focusIs(page, () => document.activeElement?.id === 'undo-entry');
  await page.keyboard.press('Enter');
  await focusIs(page, () => document.activeElement?.id.startsWith('entry-'));
  await s.done();
});

test('The dilemma, step by step: words of my own, back to all, open again', async () => {
  const s = await open();
  const { page } = s;
  await welcomeAt(page, url);
  await to(page, 'dilemma', 'The dilemma');
  await page.getByRole('button', { name: "I'm Sam: begin" }).click();
  await page.getByLabel('The moment, in a few words').fill('At dinner');
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.locator('#step-title', { hasText: 'What did you feel?' }).waitFor();
  await page.getByRole('checkbox').first().check();
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.locator('#step-title', { hasText: 'What were you afraid might happen?' }).waitFor();

  // Enter adds words of one's own; each refusal says which it is.
  const own = page.getByLabel('In my own words (optional)');
  await own.fill('  ');
  await own.press('Enter');
  await page.getByRole('status').filter({ hasText: 'Type a few words first' }).waitFor();
  await own.fill('being too much');
  await own.press('Enter');
  await page.locator('.own-words li', { hasText: 'being too much' }).waitFor();
  assert.equal(await page.locator('#step-title').innerText(), 'What were you afraid might happen?', 'Enter did not go on');
  await own.fill('Being  too much');
  await own.press('Enter');
  await page.getByRole('status').filter({ hasText: 'already on the list' }).waitFor();
  await page.getByRole('button', { name: 'Remove being too much' }).click();
  await page.locator('.own-words li').waitFor({ state: 'detached' });
  assert.equal(await focusedId(page), 'dl-fears-own');

  await page.getByRole('button', { name: /All conversations/ }).click();
  await focusIs(page, () => document.activeElement?.id.startsWith('open-'));
  await page.keyboard.press('Enter');
  await focusIs(page, () => document.activeElement?.id === 'step-title');
  await s.done();
});
