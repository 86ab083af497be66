// A summary to bring along: since a chosen day, only what both may read,
// in the order it happened, and a page that prints without its controls.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

import { expectNoAxeViolations } from '../lib/a11y.js';
import { hearth, h1, welcome as welcomeAt, tabTo, aloneWithAlexsWords } from '../lib/app.js';

const { url, open, inEveryMode } = hearth();
const welcome = (page, opts) => welcomeAt(page, url, opts);

const SINCE = '2026-11-01';
const START = Date.parse(`${SINCE}T00:00:00Z`); // the tests run in UTC

/** The generated decade, with a few canaries of what must stay off paper. */
async function decadeWithCanaries() {
  const doc = JSON.parse(await readFile(fileURLToPath(new URL('../artifacts/decade.json', import.meta.url)), 'utf8'));
  const at = '2026-11-20T19:00:00Z';
  const meta = (id, by) => ({ id, created_at: at, updated_at: at, by });
  // Waiting for Alex: Sam's answer is not Alex's to read yet.
  doc.checkins.items.push({
    meta: meta('c0ffee00000000000000000000000001', 'a'),
    a: { at, connection: 4, feelings: ['lonely'], note: 'WAIT-CANARY' },
  });
  // Alex's private journal entry, and one Sam has not opened yet.
  doc.gestures.appreciations.push(
    { meta: meta('c0ffee00000000000000000000000002', 'b'), text: 'PRIVATE-CANARY', private: true, seen_at: at },
    { meta: meta('c0ffee00000000000000000000000003', 'b'), text: 'UNOPENED-CANARY' },
    { meta: meta('c0ffee00000000000000000000000004', 'b'), text: 'OPENED-WORDS', seen_at: at },
  );
  // A conversation Sam is still working through on their own.
  doc.dilemmas.items.push({
    meta: meta('c0ffee00000000000000000000000005', 'a'),
    by: 'a',
    step: 'share',
    moment: 'TALK-CANARY',
    fears: ['rejection'],
    share: 'SHARE-CANARY',
  });
  return doc;
}

/** Notes of check-ins both may read since `SINCE`, counted from the file. */
function notesSince(doc) {
  let n = 0;
  for (const c of doc.checkins.items) {
    if (c.meta.deleted) continue;
    const revealed = (c.a && c.b) || c.closed;
    if (!revealed) continue;
    for (const a of [c.a, c.b]) {
      if (a && Date.parse(a.at) >= START && (a.note ?? '').trim()) n++;
    }
  }
  return n;
}

async function openWith(doc, opts = {}) {
  const s = await open({ timezoneId: 'UTC', ...opts });
  await s.page.goto(url());
  await s.page.evaluate((d) => localStorage.setItem('hearth:doc', d), JSON.stringify(doc));
  return s;
}

test('a summary since a chosen day holds what both may read, in order, and prints without its controls', async () => {
  const doc = await decadeWithCanaries();
  const s = await openWith(doc);
  const { page } = s;
  await page.goto(url('journey'));
  await h1(page).filter({ hasText: 'Journey' }).waitFor();
  const link = page.getByRole('link', { name: 'Make a summary to bring along' });
  assert.equal(await link.getAttribute('href'), '/hearth/summary', 'under the subpath');
  await link.click();
  await h1(page).filter({ hasText: 'A summary to bring along' }).waitFor();
  assert.equal(new URL(page.url()).pathname, '/hearth/summary');

  // Two weeks ago unless they choose, in their own time.
  const since = page.getByLabel('Since');
  const twoWeeksAgo = await page.evaluate(() => {
    const d = new Date();
    d.setDate(d.getDate() - 14);
    return [d.getFullYear(), d.getMonth() + 1, d.getDate()].map((n) => String(n).padStart(2, '0')).join('-');
  });
  assert.equal(await since.inputValue(), twoWeeksAgo);

  await since.fill(SINCE);
  const of = page.locator('.summary-of');
  await of.filter({ hasText: 'Sam & Alex: 1 Nov 2026 to ' }).waitFor();
  // Every part has something since 1 November in the decade's data.
  assert.deepEqual(await page.locator('main section h2').allInnerTexts(), [
    "How connected you've felt",
    'From your check-in notes',
    'Conversations',
    'Along the way',
  ]);
  // A line's own lines are a list inside its item (heard as its own).
  const felt = page.locator('section[aria-labelledby="felt-title"] > ul > li');
  assert.equal(await felt.count(), 2);
  assert.match(await felt.first().locator('> strong').innerText(), /^Sam:/);
  assert.match(await felt.first().locator('ul > li').first().innerText(), /^Felt most: /);
  const talk = page.locator('section[aria-labelledby="talks-title"] > ul > li').first();
  assert.match(await talk.locator('ul > li').first().innerText(), /^(Sam|Alex) shared: /);

  // Every note both may read since that day, and none still waiting.
  const notes = page.locator('section[aria-labelledby="notes-title"] > ul > li');
  assert.ok(notesSince(doc) > 0);
  assert.equal(await notes.count(), notesSince(doc));
  const text = await page.locator('main').innerText();
  for (const canary of ['WAIT-CANARY', 'PRIVATE-CANARY', 'UNOPENED-CANARY', 'TALK-CANARY', 'SHARE-CANARY']) {
    assert.ok(!text.includes(canary), `${canary} is not on the page`);
  }
  assert.match(text, /Fri 20 Nov: Alex felt loved: \u201cOPENED-WORDS\u201d/);
  // In the order it happened: the days along the way never go back.
  const days = (await page.locator('section[aria-labelledby="way-title"] > ul > li > strong').allInnerTexts())
    .map((d) => Date.parse(`${d.replace(/^\w+ /, '').replace(/:\s*$/, '')} 2026 UTC`));
  assert.ok(days.length > 0 && days.every((d, i) => i === 0 || d >= days[i - 1]), 'oldest first');
  assert.ok(days[0] >= START);

  // A day still to come is refused once the field is left, with the
  // summary left as it was.
  await since.fill('2099-01-01');
  await since.blur();
  await page.getByRole('alert').filter({ hasText: "That day hasn't come yet" }).waitFor();
  assert.equal(await since.getAttribute('aria-invalid'), 'true');
  assert.equal(await since.getAttribute('aria-describedby'), 'summary-since-error');
  await of.filter({ hasText: '1 Nov 2026' }).waitFor();
  // More than a year back is refused too, pointing to where all years are.
  await since.fill('2016-12-01');
  await since.blur();
  await page.getByRole('alert').filter({ hasText: /^A summary covers a year at most: choose .+ or later\. All your words/ }).waitFor();
  const yearAgo = await page.evaluate(() => {
    const d = new Date();
    d.setFullYear(d.getFullYear() - 1);
    return d.toISOString().slice(0, 10);
  });
  assert.equal(await since.getAttribute('min'), yearAgo);
  await of.filter({ hasText: '1 Nov 2026' }).waitFor();
  await since.fill('2026-11-23');
  await of.filter({ hasText: '23 Nov 2026' }).waitFor();
  assert.equal(await since.getAttribute('aria-invalid'), null, 'a good day clears the message');
  assert.equal(await page.getByRole('alert').filter({ hasText: 'come yet' }).count(), 0);
  assert.ok((await notes.count()) < notesSince(doc), 'a later day holds fewer notes');

  // Typed by hand, a date passes through half-typed states (the field
  // reads "" then): what is typed stays, and the day follows once whole.
  await since.fill('2026-11-23');
  await since.focus(); // the month
  await page.keyboard.press('Tab'); // the day
  await page.keyboard.press('Backspace');
  // The window losing focus now (another app) blurs the field, which keeps
  // the focus: nothing is said of the half-typed date.
  await since.dispatchEvent('blur');
  assert.equal(await since.evaluate((el) => el === document.activeElement), true);
  assert.equal(await page.locator('#summary-since-error').count(), 0, 'no message on a window blur');
  await page.keyboard.type('25');
  assert.equal(await since.inputValue(), '2026-11-25');
  await of.filter({ hasText: '25 Nov 2026' }).waitFor();
  const alerts = (await page.getByRole('alert').allInnerTexts()).filter((t) => t.trim());
  assert.equal(await page.locator('#summary-since-error').count(), 0, `no message while typing (alerts: ${JSON.stringify(alerts)})`);
  assert.equal(await since.getAttribute('aria-invalid'), null);

  // The button asks the browser to print (its dialog is the browser's own).
  await page.evaluate(() => {
    window.printed = 0;
    window.print = () => {
      window.printed += 1;
    };
  });
  await page.getByRole('button', { name: 'Print, or save as a PDF' }).click();
  assert.equal(await page.evaluate(() => window.printed), 1);

  // On paper: the summary, not the controls or the way round the app.
  await page.emulateMedia({ media: 'print' });
  assert.equal(await since.isVisible(), false);
  assert.equal(await page.locator('nav').first().isVisible(), false);
  assert.equal(await of.isVisible(), true);
  assert.equal(await page.locator('section[aria-labelledby="felt-title"]').isVisible(), true);
  await page.emulateMedia({ media: 'screen' });
  await s.done();
});

test('with nothing shared yet, the summary says so kindly; one partner alone reads as one', async () => {
  const s = await open({ timezoneId: 'UTC' });
  const { page } = s;
  await welcome(page, { b: '' });
  // Found beside the backups too, where people look for a copy of their words.
  await page.goto(url('settings'));
  await h1(page).filter({ hasText: 'Settings' }).waitFor();
  await page.getByRole('link', { name: 'a summary to bring along' }).click();
  await h1(page).filter({ hasText: 'A summary to bring along' }).waitFor();
  assert.equal(new URL(page.url()).pathname, '/hearth/summary');
  await page.getByText(/^Nothing shared since .+ yet\. Choose an earlier day/).waitFor();
  assert.equal(await page.locator('main section').count(), 0);
  assert.match(await page.locator('.summary-of').innerText(), /^Sam: /);
  await s.done();
});

// Alone after "Just me for now", what Alex gave and wrote stays saved and
// out of sight on Journey, in the summary and in "Our words", as Alex's
// check-in answers do; what Sam gave and wrote is there.
test('alone after Just me for now, Alex\u2019s gestures and appreciations stay out of Journey, the summary and the export', async () => {
  const s = await open({ timezoneId: 'UTC' });
  const { page } = s;
  const doc = JSON.parse(await readFile(fileURLToPath(new URL('../artifacts/decade.json', import.meta.url)), 'utf8'));
  const { sams, alexs } = await aloneWithAlexsWords(page, url, doc);
  await page.goto(url('journey'));
  const along = page.getByRole('region', { name: 'Along the way' });
  await along.getByText(/SAM-GAVE-CANARY/).waitFor();
  await along.getByText(/SAM-WROTE-CANARY/).waitFor();
  assert.doesNotMatch(await page.content(), alexs);

  await page.goto(url('summary'));
  await h1(page).filter({ hasText: 'A summary to bring along' }).waitFor();
  const summary = page.locator('main');
  await summary.getByText(/SAM-GAVE-CANARY/).waitFor();
  await summary.getByText(/SAM-WROTE-CANARY/).waitFor();
  assert.doesNotMatch(await page.content(), alexs);

  await page.goto(url('settings'));
  await h1(page).filter({ hasText: 'Settings' }).waitFor();
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Download our words (Markdown)', exact: true }).click(),
  ]);
  const md = await readFile(await download.path(), 'utf8');
  for (const c of sams) assert.match(md, new RegExp(c), `${c} is in "Our words"`);
  assert.doesNotMatch(md, alexs);
  assert.doesNotMatch(md, /replied/, 'no word back from Alex');
  await s.done();
});

test('axe and the keyboard: the summary in every mode', async () => {
  const doc = await decadeWithCanaries();
  const seen = [];
  await inEveryMode(async (page, tag) => {
    await page.goto(url());
    await page.evaluate((d) => localStorage.setItem('hearth:doc', d), JSON.stringify(doc));
    await page.goto(url('summary'));
    await h1(page).filter({ hasText: 'A summary to bring along' }).waitFor();
    await page.getByLabel('Since').fill(SINCE);
    await page.locator('.summary-of').filter({ hasText: '1 Nov 2026' }).waitFor();
    await expectNoAxeViolations(page, `summary ${tag}`);
    await page.getByLabel('Since').fill('2099-01-01');
    await page.getByLabel('Since').blur();
    await page.getByRole('alert').filter({ hasText: "That day hasn't come yet" }).waitFor();
    await expectNoAxeViolations(page, `summary, a day to come ${tag}`);
    // Keyboard only: the day, then the button, each with a visible focus ring.
    await page.locator('main h1').focus();
    for (const [name, is] of [
      ['the day', () => document.activeElement?.id === 'summary-since'],
      ['print', () => document.activeElement?.textContent === 'Print, or save as a PDF'],
    ]) {
      await tabTo(page, is, name);
      const ring = await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
      assert.notEqual(ring, 'none', `${name} shows where the focus is (${tag})`);
      const box = await page.evaluate(() => document.activeElement.getBoundingClientRect().height);
      assert.ok(box >= 44, `${name} is at least 44 px tall (${tag}): ${box}`);
    }
    seen.push(tag);
  });
  assert.equal(seen.length, 4);
});
