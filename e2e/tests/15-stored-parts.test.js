// How ten years are stored (schema 7): a head under `hearth:doc` and one
// compressed part per collection and month. Read back here by our own LZ4
// reader (e2e/lib/app.js), not by the app.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';

import { hearth, h1, stored, assembleDoc, loadDecade, goTo, welcome } from '../lib/app.js';

const { url, open } = hearth();

/** Records in the order a merge leaves them (creation time, then id): the
 * app may merge the loaded decade (another instance saving as it unloads),
 * which orders records so; the records themselves must be exactly equal. */
const canonical = (records) =>
  [...records].sort((x, y) =>
    x.meta.created_at === y.meta.created_at
      ? (x.meta.id < y.meta.id ? -1 : 1)
      : x.meta.created_at < y.meta.created_at ? -1 : 1,
  );

/** Every record of these collections is exactly the decade's. */
function assertSameRecords(back, decade, fields) {
  for (const [a, b] of fields) {
    assert.deepEqual(canonical(back[a][b]), canonical(decade[a][b]), `${a}.${b}`);
  }
}

/** Says on Gestures that the first partner is here (no one is until
 * someone does; these tests rename them). */
const firstHere = (page) => page.locator('.who button').first().click();

/** Writes one journal entry from the Gestures page and waits for it. */
async function journalEntry(page, text) {
  await goTo(page, 'Gestures');
  await firstHere(page);
  await page.getByLabel('A time Alex made me feel loved').fill(text);
  await page.getByRole('button', { name: 'Save to the journal' }).click();
  await page.locator('.journal').getByText(text).waitFor();
}

/** Keys whose value differs between two snapshots of storage. */
const touched = (a, b) =>
  [...new Set([...Object.keys(a), ...Object.keys(b)])].filter((k) => a[k] !== b[k]).sort();

test('ten years are stored in monthly parts under 2 MB, one edit rewrites one part and the head, and a backup holds them all', async () => {
  const s = await open();
  const { page } = s;
  const decade = await loadDecade(page, url);
  await page.goto(url('settings'));
  await h1(page).filter({ hasText: 'Settings' }).waitFor();

  // A whole document opens as it is; the first save stores it in parts.
  await page.locator('#a_name').fill('Samira');
  await page.getByRole('button', { name: 'Save names' }).click();
  await page.getByText('Names saved.').waitFor();
  const first = await stored(page);
  const head = JSON.parse(first['hearth:doc']);
  const partKeys = Object.keys(first).filter((k) => k.startsWith('hearth:part:'));
  assert.ok(partKeys.length > 500, `${partKeys.length} parts`);
  assert.deepEqual(Object.keys(head.parts).sort(), partKeys.map((k) => k.slice('hearth:part:'.length)).sort());
  assert.equal(head.checkins.items.length, 0, 'records live in the parts, not the head');
  const bytes = ['hearth:doc', ...partKeys].reduce((n, k) => n + k.length + first[k].length, 0);
  assert.ok(bytes < 2_000_000, `${bytes} characters stored for ten years`);

  // Read back, it is the same decade with the new name.
  const back = assembleDoc(first);
  assert.equal(back.couple.a.name, 'Samira');
  assertSameRecords(back, decade, [
    ['checkins', 'items'],
    ['gestures', 'items'],
    ['gestures', 'appreciations'],
    ['dilemmas', 'items'],
    ['us_time', 'ideas'],
    ['us_time', 'votes'],
    ['us_time', 'plans'],
  ]);

  // One new journal entry: this month's appreciations and the head.
  await journalEntry(page, 'You waited up for me');
  const second = await stored(page);
  const month = new Date().toISOString().slice(0, 7);
  assert.deepEqual(touched(first, second), ['hearth:doc', `hearth:part:appreciations/${month}`]);
  const after = assembleDoc(second);
  assert.equal(after.gestures.appreciations.length, decade.gestures.appreciations.length + 1);

  // A reload reads the parts back: the entry and ten years are there.
  await page.reload();
  await firstHere(page);
  await page.locator('.journal').getByText('You waited up for me').waitFor();
  assert.deepEqual(assembleDoc(await stored(page)), after);

  // A backup of ten years (written a few hundred kilobytes per task, put
  // together by the browser) holds exactly what is stored.
  await page.goto(url('settings'));
  await h1(page).filter({ hasText: 'Settings' }).waitFor();
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Download a backup', exact: true }).first().click(),
  ]);
  const text = await readFile(await download.path(), 'utf8');
  assert.ok(text.length > 3_000_000, `${text.length} characters: the whole decade`);
  const backup = JSON.parse(text);
  assert.equal(backup.hearth_backup, 1);
  const { today: _index, ...document } = after; // the head's list of Home's parts is not data
  assert.deepEqual(backup.document, document);
  await page.getByText(/^Backup saved as hearth-backup-/).waitFor();

  // Brought back, it is checked a piece per task, saying so meanwhile. A
  // file chosen while another is still being checked is the one shown.
  await page.evaluate(() => {
    window.__said = [];
    const status = document.querySelector('.checking');
    new MutationObserver(() => window.__said.push(status.textContent)).observe(status, { childList: true, subtree: true, characterData: true });
  });
  const few = { ...backup, document: { ...backup.document, checkins: { ...backup.document.checkins, items: backup.document.checkins.items.slice(0, 2) } } };
  const chooser = page.getByLabel('Choose a backup file');
  // (A slower phone: the decade's check surely outlasts choosing the next.)
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 8 });
  await chooser.setInputFiles(await download.path());
  await chooser.setInputFiles({ name: 'few.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(few)) });
  await page.getByRole('region', { name: 'In “few.json”' }).getByText('2 check-ins').waitFor();
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 });
  await page.waitForTimeout(1500); // the decade's check would have finished by now
  assert.equal(await page.locator('#import-preview-title').count(), 1);
  assert.ok(await page.getByRole('region', { name: 'In “few.json”' }).isVisible(), 'the later choice stays');
  // The decade itself: merged into the same ten years, nothing is new.
  await chooser.setInputFiles(await download.path());
  const preview = page.getByRole('region', { name: /^In “/ });
  await preview.getByText(`${decade.checkins.items.length.toLocaleString('en')} check-ins`).waitFor();
  assert.ok((await page.evaluate(() => window.__said)).includes('Checking the file\u2026'));
  assert.equal(await page.locator('.checking').textContent(), '', 'the status is cleared once checked');
  const beforeMerge = await stored(page);
  await preview.getByRole('button', { name: 'Merge into what is here' }).click();
  await page.getByRole('status').filter({ hasText: 'Nothing new: everything in the file was already here.' }).waitFor();
  assert.deepEqual(touched(beforeMerge, await stored(page)).filter((k) => k !== 'hearth:doc'), [], 'no part is written again');
  await s.done();
});

// A tab opened in the background draws no frames until it is shown, so
// nothing may wait for one there (components/page.rs `after_next_frame`).
test('a tab opened in the background starts fully: the years are read, long pages finish, the offline copy is registered', async () => {
  const s = await open();
  const { page } = s;
  await loadDecade(page, url);
  await page.goto(url('settings'));
  await page.locator('#a_name').fill('Samira');
  await page.getByRole('button', { name: 'Save names' }).click();
  await page.getByText('Names saved.').waitFor();
  // Headless Chromium draws frames for every tab; this one says it is hidden
  // and never calls back for a frame, as a background tab does.
  await page.addInitScript(() => {
    Object.defineProperty(Document.prototype, 'hidden', { get: () => true });
    Object.defineProperty(Document.prototype, 'visibilityState', { get: () => 'hidden' });
    window.requestAnimationFrame = () => 0;
  });
  await page.goto(url());
  await h1(page).filter({ hasText: 'Today' }).waitFor();
  // Polled by time: Playwright polls on frames by default, and none come.
  const poll = { polling: 100 };
  await page.waitForFunction(() => performance.getEntriesByName('hearth:finish-opening').length === 1, null, poll);
  await goTo(page, 'Gestures');
  await page.locator('#journal-title').waitFor();
  await page.waitForFunction(async () => Boolean(await navigator.serviceWorker.getRegistration()), null, poll);
  await s.done();
});

test('Home opens from the few parts it reads; the rest follows, sooner when another page waits for it', async () => {
  const s = await open();
  const { page } = s;
  const decade = await loadDecade(page, url);
  // One save stores the decade in parts, with the head's list of Home's parts.
  await page.goto(url('settings'));
  await page.locator('#a_name').fill('Samira');
  await page.getByRole('button', { name: 'Save names' }).click();
  await page.getByText('Names saved.').waitFor();
  const before = await stored(page);
  const head = JSON.parse(before['hearth:doc']);
  const all = Object.keys(head.parts).length;
  assert.ok(Array.isArray(head.today), 'the head lists the parts Home reads');
  assert.ok(head.today.length > 0 && head.today.length * 20 < all, `${head.today.length} of ${all} parts`);
  assert.ok(head.today.every((n) => n in head.parts));

  // Slowed down 8 times, Home is drawn before the other parts are read…
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 8 });
  await page.goto(url());
  await h1(page).filter({ hasText: 'Today' }).waitFor();
  // …and a page that needs all of them waits for the rest: the click reads
  // nothing itself, frames show `<main>` busy and waiting, and the rest is
  // read in slices. Checked and clicked in one step inside the page: the
  // slowed page would make Playwright's own checks before a click take too
  // long.
  const early = await page.evaluate(() => {
    const finished = performance.getEntriesByName('hearth:finish-opening').length;
    const link = [...document.querySelectorAll('nav a')].find((a) => a.pathname.endsWith('/settings'));
    window.__waited = 0;
    const frame = () => {
      const main = document.querySelector('main');
      if (main.querySelector('h1')) return;
      if (main.getAttribute('aria-busy') === 'true' && main.querySelector('.opening')) window.__waited++;
      requestAnimationFrame(frame);
    };
    link.click();
    requestAnimationFrame(frame);
    return finished;
  });
  assert.equal(early, 0, 'the rest of the years was still being read when Home was drawn');
  await h1(page).filter({ hasText: 'Settings' }).waitFor();
  assert.ok((await page.evaluate(() => window.__waited)) > 0, 'no frame showed Settings waiting for the rest');
  assert.equal(await page.evaluate(() => performance.getEntriesByName('hearth:finish-opening').length), 1);
  // Opened directly, such a page also waits, after the rest of the app is drawn.
  await page.addInitScript(() => {
    const seen = (window.__seen = {});
    new MutationObserver(() => {
      seen.opening ??= document.querySelector('main .opening') ? performance.now() : undefined;
      seen.heading ??= document.querySelector('main h1') ? performance.now() : undefined;
    }).observe(document, { childList: true, subtree: true });
  });
  await page.goto(url('journey'));
  await h1(page).filter({ hasText: 'Journey' }).waitFor();
  const seen = await page.evaluate(() => window.__seen);
  assert.ok(seen.opening < seen.heading, `Journey opened directly did not wait: ${JSON.stringify(seen)}`);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 });
  await page.goto(url('settings'));
  await page.getByRole('button', { name: 'Delete everything…' }).click();
  const checkins = decade.checkins.items.filter((c) => !c.meta.deleted).length;
  await page.locator('#delete-confirm').getByText(`${checkins.toLocaleString('en')} check-ins`).waitFor();
  await page.getByRole('button', { name: 'Keep my data' }).click();
  assert.deepEqual(touched(before, await stored(page)), [], 'opening and reading wrote nothing');

  // Without a hurry, the rest is read while the browser is idle, and a
  // change saves the whole decade as it was, plus the change.
  await page.goto(url());
  await h1(page).filter({ hasText: 'Today' }).waitFor();
  await page.waitForFunction(() => performance.getEntriesByName('hearth:finish-opening').length === 1);
  await journalEntry(page, 'You left the porch light on');
  const after = await stored(page);
  const month = new Date().toISOString().slice(0, 7);
  assert.deepEqual(touched(before, after), ['hearth:doc', `hearth:part:appreciations/${month}`]);
  const back = assembleDoc(after);
  assertSameRecords(back, decade, [
    ['checkins', 'items'],
    ['gestures', 'items'],
    ['dilemmas', 'items'],
    ['us_time', 'plans'],
  ]);
  assert.equal(back.gestures.appreciations.length, decade.gestures.appreciations.length + 1);
  await s.done();
});

// The lock seals the whole document as one text. Ten years of JSON is
// 3.4 MB; sealed as it was it did not fit in localStorage beside the parts
// it replaces ("storage is full"). Version 2 packs it first.
test('ten years can be locked: sealed and packed in one text, the parts gone, and unlocked the same', async () => {
  const s = await open();
  const { page } = s;
  const decade = await loadDecade(page, url);
  const pass = 'ten years of kitchen tables';
  await page.goto(url('settings'));
  await h1(page).filter({ hasText: 'Settings' }).waitFor();
  await page.getByRole('button', { name: 'Turn on the lock…' }).click();
  await page.getByLabel('New passphrase').fill(pass);
  await page.getByLabel('Type it again').fill(pass);
  await page.getByRole('button', { name: 'Turn on the lock', exact: true }).click();
  await page.getByText('The lock is on.', { exact: true }).waitFor({ timeout: 60_000 });

  const all = await stored(page);
  assert.deepEqual(Object.keys(all).filter((k) => k.startsWith('hearth:part:')), [], 'no part is left');
  const env = JSON.parse(all['hearth:doc']);
  assert.equal(env.hearth_sealed, 2);
  const chars = all['hearth:doc'].length;
  assert.ok(chars < 2_000_000, `${chars} characters sealed for ten years`);

  await page.reload();
  await page.getByRole('heading', { level: 1, name: 'Hearth is locked' }).waitFor();
  await page.getByLabel('Passphrase', { exact: true }).fill(pass);
  await page.getByRole('button', { name: 'Open Hearth' }).click();
  await h1(page).filter({ hasText: 'Settings' }).waitFor({ timeout: 60_000 });
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Download a backup', exact: true }).first().click(),
  ]);
  const back = JSON.parse(await readFile(await download.path(), 'utf8')).document;
  assertSameRecords(back, decade, [
    ['checkins', 'items'],
    ['gestures', 'items'],
    ['gestures', 'own_ideas'],
    ['gestures', 'appreciations'],
    ['dilemmas', 'items'],
    ['us_time', 'ideas'],
    ['us_time', 'rounds'],
    ['us_time', 'votes'],
    ['us_time', 'plans'],
  ]);
  await s.done();
});

// Parts are stored one per key: the browser or another tool may clear one
// while the head still lists it.
test('a part the head lists but storage lacks is said, its record kept aside, and the rest saves', async () => {
  const s = await open();
  const { page } = s;
  await welcome(page, url);
  await journalEntry(page, 'You fixed the gate');
  const before = await stored(page);
  const month = new Date().toISOString().slice(0, 7);
  const part = `hearth:part:appreciations/${month}`;
  assert.ok(part in before);
  await page.evaluate((k) => localStorage.removeItem(k), part);
  await page.reload();
  const alert = page.getByRole('alert').filter({ hasText: 'Some of your saved data is missing' });
  await alert.getByText(`What is missing: appreciations/${month}`).waitFor();
  await alert.getByText('Bring back a backup').waitFor();
  const kept = Object.entries(await stored(page)).filter(([k]) => k.startsWith('hearth:damaged:'));
  assert.deepEqual(kept.map(([, v]) => v), [before['hearth:doc']], 'the head that lists it is kept aside');

  // Carrying on, a change saves; the kept record stays, and a reload is quiet.
  await alert.getByRole('button', { name: 'Carry on for now' }).click();
  await journalEntry(page, 'You called my mum');
  const after = await stored(page);
  assert.equal(after[kept[0][0]], before['hearth:doc']);
  await page.reload();
  await firstHere(page);
  await page.locator('.journal').getByText('You called my mum').waitFor();
  assert.equal(await page.locator('.journal').getByText('You fixed the gate').count(), 0);
  assert.equal(await page.getByRole('alert').filter({ hasText: /missing|couldn.t read/ }).count(), 0);
  await s.done();
});

test('the text of the stored head is refused as an index, not taken for a backup', async () => {
  const s = await open();
  const { page } = s;
  await welcome(page, url);
  await journalEntry(page, 'You fixed the gate');
  const head = (await stored(page))['hearth:doc'];
  assert.ok('parts' in JSON.parse(head));
  await page.goto(url('settings'));
  await h1(page).filter({ hasText: 'Settings' }).waitFor();
  const before = await stored(page);
  await page.getByLabel('Choose a backup file').setInputFiles({ name: 'hearth-doc.json', mimeType: 'application/json', buffer: Buffer.from(head) });
  await page.getByRole('alert').filter({ hasText: "index of the pieces it saves in this browser" }).getByText('Nothing here was changed.', { exact: false }).waitFor();
  assert.equal(await page.getByRole('region', { name: /^In “/ }).count(), 0, 'no preview, no Merge or Replace');
  assert.deepEqual(await stored(page), before);
  await s.done();
});
