// What a screen reader hears, where a walk through every page with one
// found it wrong: errors said and tied to the field they are about, nothing
// announced just because a page opened, a private hand-over not read out
// whole, headings nested as the page is, feelings heard one by one.
import { test } from 'node:test';
import assert from 'node:assert/strict';

import { hearth, h1, welcome as welcomeAt, loadDecade, goTo as go } from '../lib/app.js';

const { url, open } = hearth();
const welcome = (page, opts) => welcomeAt(page, url, opts);

/** The text of the element `id` names in `el`'s attribute `attr`. */
const referenced = (locator, attr) =>
  locator.evaluate((el, a) => document.getElementById(el.getAttribute(a) ?? '')?.textContent ?? null, attr);


/**
 * Every text a live region changes to, from the document's start (but the
 * opening screen's "Opening Hearth…", said on purpose when starting is
 * slow); the function returned takes what was heard since it was last asked.
 */
async function listen(page) {
  await page.addInitScript(() => {
    window.__heard = [];
    const last = new Map();
    new MutationObserver((records) => {
      for (const r of records) {
        const node = r.target.nodeType === 1 ? r.target : r.target.parentElement;
        const live = node?.closest('[role=status],[role=alert],[role=log],[aria-live]');
        const said = live?.textContent.trim();
        // The same words set again are not announced.
        if (said && !live.closest('#boot') && last.get(live) !== said) window.__heard.push(said);
        if (live) last.set(live, said);
      }
    }).observe(document, { subtree: true, childList: true, characterData: true });
  });
  return () => page.evaluate(() => window.__heard.splice(0));
}

/** Whether `locator`'s element sits in a live region (or is one). */
const inLiveRegion = (locator) =>
  locator.evaluate((el) => Boolean(el.closest('[role=status],[role=alert],[role=log],[aria-live]')));

test('errors are said and tied to the field they are about (a gesture day, an empty idea)', async () => {
  const s = await open();
  const { page } = s;
  await welcome(page);
  await go(page, 'Gestures');
  await page.getByRole('group', { name: /Who's using Hearth/ }).getByRole('button', { name: 'Sam' }).click();
  await page.locator('summary', { hasText: 'Thank them for a time' }).click();
  await page.getByRole('button', { name: /^Plan: Leave a sticky note/ }).click();
  const text = page.getByLabel("What you'd like to do");
  const day = page.getByLabel('On which day? (optional)');
  await day.fill('2020-02-02');
  // What the field says of itself when focus reaches it (a screen reader
  // reads it then): already marked wrong, with the reason.
  await page.evaluate(() => {
    document.getElementById('plan-day').addEventListener(
      'focus',
      (e) => {
        const el = e.target;
        window.__atFocus = [el.getAttribute('aria-invalid'), document.getElementById(el.getAttribute('aria-describedby'))?.textContent];
      },
      { once: true },
    );
  });
  await page.getByRole('button', { name: 'Plan it' }).click();
  await page.getByRole('alert').getByText('That day has already gone by.', { exact: false }).waitFor();
  assert.equal(await day.getAttribute('aria-invalid'), 'true', 'the day is the field in question');
  assert.match(await referenced(day, 'aria-describedby'), /already gone by/);
  assert.equal(await text.getAttribute('aria-invalid'), null, 'the words are fine');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'plan-day');
  const [invalid, said] = await page.evaluate(() => window.__atFocus);
  assert.equal(invalid, 'true', 'marked before focus arrives');
  assert.match(said, /already gone by/);
  // Words left empty: now the text is the one in question.
  await day.fill('');
  await text.fill('');
  await page.getByRole('button', { name: 'Plan it' }).click();
  await page.waitForFunction(() => document.activeElement?.id === 'plan-text');
  assert.equal(await text.getAttribute('aria-invalid'), 'true');
  assert.equal(await day.getAttribute('aria-invalid'), null);
  assert.equal(await inLiveRegion(page.locator('#plan-error')), true);

  await go(page, 'Us time');
  await page.getByRole('button', { name: 'Start the brainstorm' }).click();
  await page.getByRole('button', { name: 'Add', exact: true }).click();
  await page.getByRole('alert').locator('#idea-error').waitFor();
  await s.done();
});

/** The texts of the elements `el`'s aria-describedby names, in order. */
const described = (locator) =>
  locator.evaluate((el) =>
    (el.getAttribute('aria-describedby') ?? '').split(' ').map((id) => document.getElementById(id)?.textContent ?? null),
  );

test("a check-in's note over the limit: marked, its reason tied to it and said, focus on it (a turn, and Journey's edit)", async () => {
  const s = await open();
  const { page } = s;
  await welcome(page);
  await go(page, 'Check in');
  await page.getByRole('button', { name: 'Sam first' }).click();
  await page.getByRole('radio', { name: /^6 / }).check();
  const long = 'x'.repeat(2001);
  const reason = 'Please keep the note to 2,000 characters or fewer.';
  /** Saves with too long a note in the field `id`, then checks what is said. */
  const tooLong = async (id, save) => {
    const note = page.locator(`#${id}`);
    await note.fill(long);
    // What the field says of itself when focus comes back to it.
    await note.evaluate((el) =>
      el.addEventListener('focus', () => (window.__atFocus = [el.getAttribute('aria-invalid'), el.getAttribute('aria-describedby')]), {
        once: true,
      }),
    );
    await page.getByRole('button', { name: save }).click();
    await page.getByRole('alert').getByText(reason).waitFor();
    assert.equal(await note.getAttribute('aria-invalid'), 'true');
    const said = await described(note);
    assert.equal(said.length, 2, `the hint and the reason: ${said}`);
    assert.match(said[0], /Anything you want to remember/);
    assert.equal(said[1], reason);
    await page.waitForFunction((i) => document.activeElement?.id === i, id);
  };
  await tooLong('ci-note', 'Save my answer');
  // Marked, with its reason, by the time focus reaches it.
  assert.deepEqual(await page.evaluate(() => window.__atFocus), ['true', 'ci-note-hint ci-note-error']);
  // Shortened, it saves.
  await page.locator('#ci-note').fill('short');
  await page.getByRole('button', { name: 'Save my answer' }).click();
  await page.getByRole('button', { name: "I'm Alex: start my check-in" }).click();
  await page.getByRole('radio', { name: /^7 / }).check();
  await page.getByRole('button', { name: 'Save my answer' }).click();
  await page.getByRole('heading', { name: 'Here you both are' }).waitFor();

  await go(page, 'Journey');
  await page.getByRole('button', { name: "Edit Sam's answer" }).click();
  await tooLong('edit-note', 'Save changes');
  // Marked, with its reason, by the time focus reaches it.
  assert.deepEqual(await page.evaluate(() => window.__atFocus), ['true', 'edit-note-hint edit-note-error']);
  await s.done();
});

test('opening Settings announces nothing, by a link or by its address', async () => {
  const s = await open();
  const { page } = s;
  const heard = await listen(page);
  await welcome(page);
  await page.waitForTimeout(500);
  await heard();
  await go(page, 'Settings');
  await page.waitForTimeout(1000);
  assert.deepEqual(await heard(), [], 'nothing said on the way in');
  await page.reload();
  await h1(page).filter({ hasText: 'Settings' }).waitFor();
  await page.waitForTimeout(1000);
  assert.deepEqual(await heard(), [], 'nothing said on a page opened by its address');
  await s.done();
});

test('check-in: the hand-over is not read out whole, the scale is said once; Journey nests its headings and says feelings one by one', async () => {
  const s = await open();
  const { page } = s;
  await welcome(page);
  await go(page, 'Check in');
  await page.getByRole('button', { name: 'Sam first' }).click();
  await page.getByRole('radio', { name: /^6 / }).check();
  assert.equal(await inLiveRegion(page.locator('.scale-now')), false, 'the radio already says it');
  await page.getByRole('checkbox', { name: 'distant', exact: true }).check();
  await page.getByRole('checkbox', { name: 'left out', exact: true }).check();
  await page.getByRole('button', { name: 'Save my answer' }).click();
  const handoff = page.locator('#handoff-title');
  await handoff.waitFor();
  assert.equal(await inLiveRegion(handoff), false, 'focus goes to the heading; nothing is read twice');
  await page.getByRole('button', { name: "I'm Alex: start my check-in" }).click();
  await page.getByRole('radio', { name: /^7 / }).check();
  await page.getByRole('button', { name: 'Save my answer' }).click();
  await page.getByRole('heading', { name: 'Here you both are' }).waitFor();
  await page.getByRole('button', { name: 'Close' }).click();

  await page.getByRole('link', { name: 'Journey', exact: true }).click();
  await h1(page).filter({ hasText: 'Journey' }).waitFor();
  const entry = await page.locator('.timeline > li').first().ariaSnapshot();
  assert.match(entry, /heading ".+" \[level=3\]/, 'the entry is dated by an h3');
  assert.match(entry, /heading "Sam" \[level=4\]/, "each partner's answer sits under it");
  assert.match(entry, /heading "Alex" \[level=4\]/);
  assert.match(entry, /paragraph: "?Feels: distant, left out"?$/m, 'one list, not "distant left out"');
  assert.match(entry, /button "Edit Sam's answer from \w{3} \d+ \w{3} \d{4}, \d\d:\d\d"/);
  assert.match(entry, /button "Delete this check-in from \w{3} \d+ \w{3} \d{4}, \d\d:\d\d"/);
  // The chart's sentence is heard once, as its picture's name (not also as
  // a figure's name and a caption).
  const main = await page.locator('main').ariaSnapshot();
  assert.equal(main.match(/Sam: one reading/g)?.length, 1, `said once in:\n${main}`);
  assert.match(main, /img "Sam: one reading, 6 out of 10\. Alex: one reading, 7 out of 10\."/);
  await s.done();
});

test('dilemma: a step says where it is in the conversation with its heading', async () => {
  const s = await open();
  const { page } = s;
  await welcome(page);
  await go(page, 'Dilemma', 'The dilemma');
  await page.getByRole('button', { name: "I'm Alex: begin" }).click();
  const heading = page.locator('#step-title', { hasText: 'When did you want to feel close' });
  await heading.waitFor();
  assert.match(await referenced(heading, 'aria-describedby'), /^Step 1 of \d+$/);
  await s.done();
});

test('in long lists, each button says which item it is for', async () => {
  const s = await open();
  const { page } = s;
  await welcome(page);
  await loadDecade(page, url);
  /** The names of the buttons in `list` whose name starts with `verb`. */
  const names = async (list, verb) => {
    const snapshot = await list.ariaSnapshot();
    return [...snapshot.matchAll(new RegExp(`button "(${verb}[^"]*)"`, 'g'))].map((m) => m[1]);
  };
  const allDifferent = (xs, what) => {
    assert.ok(xs.length >= 5, `${what}: ${xs.length} found`);
    // To the minute: a day may hold two.
    for (const x of xs) assert.match(x, /\d\d:\d\d$/, x);
    assert.equal(new Set(xs).size, xs.length, `${what}: ${xs.slice(0, 3).join(' | ')}`);
  };
  await page.goto(url('dilemma'));
  await h1(page).filter({ hasText: 'The dilemma' }).waitFor();
  const convos = page.locator('ul:has(> .convo)');
  allDifferent(await names(convos, 'Read'), 'Read');
  allDifferent(await names(convos, 'Delete'), 'Delete');
  await page.goto(url('journey'));
  await h1(page).filter({ hasText: 'Journey' }).waitFor();
  allDifferent(await names(page.locator('.timeline'), 'Delete this check-in'), 'Delete this check-in');
  await page.goto(url('gestures'));
  await h1(page).filter({ hasText: 'Gestures' }).waitFor();
  await page.getByRole('group', { name: /Who's using Hearth/ }).getByRole('button', { name: 'Sam' }).click();
  allDifferent(await names(page.locator('.journal'), 'Remove'), 'Remove');
  await s.done();
});

test("Settings: each passphrase's show box says whose passphrase it shows", async () => {
  const s = await open();
  const { page } = s;
  await welcome(page);
  await go(page, 'Settings');
  await page.getByRole('button', { name: 'Turn on the lock…' }).click();
  const boxes = page.getByRole('checkbox', { name: /^Show/ });
  await page.getByRole('checkbox', { name: "Show the lock's passphrase" }).waitFor();
  const names = await boxes.evaluateAll((els) => els.map((el) => el.labels[0].textContent));
  assert.ok(names.length >= 2, `both on screen: ${names}`);
  assert.equal(new Set(names).size, names.length, `told apart: ${names}`);
  // Each still shows what its own field holds.
  const field = page.getByLabel('Lock the backup file with a passphrase (optional)');
  await page.getByRole('checkbox', { name: "Show the backup file's passphrase" }).check();
  assert.equal(await field.getAttribute('type'), 'text');
  assert.equal(await page.locator('#new-passphrase').getAttribute('type'), 'password');
  await s.done();
});

test('"Saved." is said for each save made on purpose, not while an answer is being written', async () => {
  const s = await open();
  const { page } = s;
  const heard = await listen(page);
  await welcome(page);
  await go(page, 'Check in');
  await page.waitForTimeout(300);
  await heard();
  await page.getByRole('button', { name: 'Sam first' }).click();
  await page.getByRole('radio', { name: /^6 / }).check();
  await page.getByLabel('A note (optional)').pressSequentially('a calm week');
  await page.waitForTimeout(500);
  assert.deepEqual(await heard(), [], 'the draft is kept quietly');
  await page.getByRole('button', { name: 'Save my answer' }).click();
  await page.locator('#handoff-title').waitFor();
  await page.waitForTimeout(500);
  assert.deepEqual(await heard(), ['Saved.']);
  await page.getByRole('button', { name: "I'm Alex: start my check-in" }).click();
  await page.getByRole('radio', { name: /^7 / }).check();
  await page.waitForTimeout(300);
  assert.deepEqual(await heard(), []);
  await page.getByRole('button', { name: 'Save my answer' }).click();
  await page.getByRole('heading', { name: 'Here you both are' }).waitFor();
  await page.waitForTimeout(500);
  assert.deepEqual(await heard(), ['Saved.'], 'the second save is heard too');
  await s.done();
});

test("each plan's buttons are described by the plan's words", async () => {
  const s = await open();
  const { page } = s;
  await welcome(page);
  await go(page, 'Gestures');
  await page.getByRole('group', { name: /Who's using Hearth/ }).getByRole('button', { name: 'Sam' }).click();
  await page.locator('summary', { hasText: 'Thank them for a time' }).click();
  for (const words of ['A note in the coat pocket', 'A note on the mirror']) {
    await page.getByRole('button', { name: /^Plan: Leave a sticky note/ }).click();
    await page.locator('#plan-text').fill(words);
    await page.getByRole('button', { name: 'Plan it' }).click();
    await page.locator('.plan .gesture-text', { hasText: words }).waitFor();
  }
  for (const verb of ['I did it', 'Let it go', 'Edit', 'Remove']) {
    const said = await page.locator('.plan').getByRole('button', { name: verb, exact: true })
      .evaluateAll((els) => els.map((el) => document.getElementById(el.getAttribute('aria-describedby'))?.textContent));
    assert.ok(said.includes('A note in the coat pocket') && said.includes('A note on the mirror'), `${verb}: ${said}`);
    assert.equal(new Set(said).size, said.length, `${verb}: ${said}`);
  }
  await s.done();
});
