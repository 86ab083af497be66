// The passphrase lock, end to end: with it on, nothing the couple wrote is
// readable anywhere in localStorage; a reload shows only the lock screen; a
// wrong passphrase is refused kindly and gently slowed; the right one opens
// the same data; a flipped byte in the ciphertext is reported as damage and
// never overwritten; it locks again after time in the background; turning it
// off stores plain text again. See docs/security.md.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';

import { expectNoAxeViolations } from '../lib/a11y.js';
import { hearth, h1, welcome as welcomeAt, stored, storedDoc, goTo } from '../lib/app.js';
import { lockScreen, toLockScreen, unlock as unlockWith } from '../lib/lock.js';

const { url, open, inEveryMode } = hearth();
const welcome = (page, opts) => welcomeAt(page, url, opts);

const A = 'Sam canary-7f3a';
const B = 'Alex canary-91c2';
const PASS = 'our quiet kitchen table';

async function toSettings(page) {
  await page.goto(url('settings'));
  await h1(page).filter({ hasText: 'Settings' }).waitFor();
}

async function turnOn(page, { pass = PASS, relock } = {}) {
  await toSettings(page);
  await page.getByRole('button', { name: 'Turn on the lock…' }).click();
  await page.getByLabel('New passphrase').fill(pass);
  await page.getByLabel('Type it again').fill(pass);
  if (relock) await page.getByLabel('Lock again after time in the background').selectOption(relock);
  await page.getByRole('button', { name: 'Turn on the lock', exact: true }).click();
  await page.getByText('The lock is on.', { exact: true }).waitFor();
  // The form is gone: focus goes to the section's heading, not the page.
  await page.waitForFunction(() => document.activeElement?.id === 'lock-title');
}

/** Every key and value Hearth's origin holds, as one string. */
async function everything(page) {
  return Object.entries(await stored(page))
    .map(([k, v]) => `${k}\n${v}`)
    .join('\n');
}

/** The page's markup plus every field's current value. */
async function inPage(page) {
  return page.evaluate(
    () =>
      document.documentElement.outerHTML +
      [...document.querySelectorAll('input, textarea, select')].map((e) => e.value).join('\n') +
      document.title,
  );
}

const unlock = (page, pass = PASS, opts) => unlockWith(page, pass, opts);

/** The focused element's id (else its tag and text) once two frames have
 * passed, so focus moved "soon" (after a redraw) has landed. */
const focused = (page) =>
  page.evaluate(
    () =>
      new Promise((r) =>
        requestAnimationFrame(() =>
          requestAnimationFrame(() => {
            const e = document.activeElement;
            r(e.id || (e === document.body ? 'BODY' : `${e.tagName} ${e.textContent}`));
          }),
        ),
      ),
  );

test('lock on: no canary in storage → reload → lock screen only → wrong refused → right opens the same data', async () => {
  const s = await open();
  const { page } = s;
  await welcome(page, { a: A, b: B });
  assert.match(await everything(page), /canary-7f3a/, 'the canary is stored before the lock');
  const brand = page.locator('.topbar .brand');
  const brandAt = await brand.boundingBox();
  // Eight spaces are eight characters, and no passphrase.
  await toSettings(page);
  await page.getByRole('button', { name: 'Turn on the lock…' }).click();
  assert.equal(await focused(page), 'new-passphrase', 'the form opened: focus in its first field');
  await page.getByLabel('New passphrase').fill(' '.repeat(8));
  await page.getByLabel('Type it again').fill(' '.repeat(8));
  await page.getByRole('button', { name: 'Turn on the lock', exact: true }).click();
  await page.locator('#new-passphrase-error', { hasText: 'Spaces alone are easy to guess' }).waitFor();
  assert.match(await everything(page), /canary-7f3a/, 'not locked');
  await turnOn(page);

  const all = await everything(page);
  assert.doesNotMatch(all, /canary/, 'no plaintext of the couple anywhere in localStorage');
  const env = await storedDoc(page);
  assert.equal(env.hearth_sealed, 2);
  assert.equal(env.kdf, 'PBKDF2-SHA256');
  assert.equal(env.cipher, 'AES-256-GCM');
  assert.ok(env.iterations >= 600000, `iterations ${env.iterations}`);
  assert.equal(Buffer.from(env.salt, 'base64').length, 16);
  assert.equal(Buffer.from(env.nonce, 'base64').length, 12);

  await toLockScreen(page, url());
  assert.doesNotMatch(await inPage(page), /canary/, 'nothing of the couple in the DOM while locked');
  assert.equal(await page.locator('nav').count(), 0, 'no navigation while locked');
  // The brand stays where the app (and so the opening screen) draws it.
  assert.deepEqual(await brand.boundingBox(), brandAt, 'the brand in its place on the lock screen');
  const field = page.getByLabel('Passphrase', { exact: true });
  assert.equal(await page.evaluate(() => document.activeElement.id), 'unlock-passphrase', 'focus on the field');
  assert.equal(await field.getAttribute('autocomplete'), 'current-password');
  assert.equal(await field.getAttribute('type'), 'password');
  // Paste is allowed: nothing cancels a paste event.
  const pasteBlocked = await page.evaluate(() => {
    const el = document.getElementById('unlock-passphrase');
    const ev = new ClipboardEvent('paste', { bubbles: true, cancelable: true, clipboardData: new DataTransfer() });
    return !el.dispatchEvent(ev);
  });
  assert.equal(pasteBlocked, false, 'paste is not blocked');
  // The show toggle reveals what was typed.
  await field.fill('not it at all');
  await page.getByLabel('Show passphrase').check();
  assert.equal(await field.getAttribute('type'), 'text');
  await page.getByLabel('Show passphrase').uncheck();

  await page.getByRole('button', { name: 'Open Hearth' }).click();
  const error = page.locator('#unlock-passphrase-error');
  await error.waitFor();
  assert.match(await error.innerText(), /didn't open it/);
  assert.equal(await field.getAttribute('aria-invalid'), 'true');
  assert.doesNotMatch(await inPage(page), /canary/);
  assert.match(await page.locator('main').innerText(), /no one can open the data/);

  const started = Date.now();
  await unlock(page, PASS, { opens: 'Today' });
  console.log(`unlock (one 600k-round key derivation and decrypt) took ${Date.now() - started} ms`);
  assert.match(await page.locator('main').innerText(), /canary-7f3a & Alex canary-91c2/);
  await s.done();
});

test('wrong passphrases are slowed gently with a countdown, not locked out', async () => {
  const s = await open();
  const { page } = s;
  await welcome(page, { a: A, b: B });
  await turnOn(page);
  await toLockScreen(page, url());
  for (let i = 1; i <= 3; i++) {
    await unlock(page, `wrong ${i}`);
    await page.locator('#unlock-passphrase-error').filter({ hasText: "didn't open it" }).waitFor();
    await page.locator('[role=status]', { hasText: 'Opening' }).waitFor({ state: 'detached' }).catch(() => {});
  }
  await unlock(page, 'wrong 4');
  await page.locator('#unlock-passphrase-error', { hasText: 'try again in 5 seconds' }).waitFor();
  await page.getByText(/You can try again in ([2-5] seconds|1 second)\./).waitFor();
  // During the wait the right passphrase is not tried yet...
  await unlock(page);
  await page.waitForTimeout(300);
  assert.equal(await lockScreen(page).count(), 1);
  // ...and after it, it opens.
  await page.getByText(/You can try again in/).waitFor({ state: 'detached', timeout: 8000 });
  await page.getByRole('button', { name: 'Open Hearth' }).click();
  await h1(page).filter({ hasText: 'Today' }).waitFor();
  await s.done();
});

test('a flipped byte in the stored ciphertext: a clear damaged message, and the stored text is never overwritten', async () => {
  const s = await open();
  const { page } = s;
  await welcome(page, { a: A, b: B });
  await turnOn(page);
  const env = await storedDoc(page);
  const bytes = Buffer.from(env.ciphertext, 'base64');
  bytes[Math.floor(bytes.length / 2)] ^= 0x01;
  env.ciphertext = bytes.toString('base64');
  const tampered = JSON.stringify(env);
  await page.evaluate((t) => localStorage.setItem('hearth:doc', t), tampered);

  await toLockScreen(page);
  await unlock(page);
  const alert = page.getByRole('alert').filter({ hasText: "Hearth couldn't read your saved data" });
  await alert.waitFor();
  assert.match(await alert.innerText(), /changed or damaged/);
  assert.match(await alert.innerText(), /Nothing has been deleted/);
  const after = await stored(page);
  assert.equal(after['hearth:doc'], tampered, 'the damaged text is left as it was');
  const copies = Object.entries(after).filter(([k]) => k.startsWith('hearth:damaged:'));
  assert.equal(copies.length, 1);
  assert.equal(copies[0][1], tampered, 'and a copy is kept');

  // Trying to write something (the names form) changes nothing.
  await page.getByLabel('Your name').fill('Someone');
  await page.getByLabel(/Just me for now/).check();
  await page.getByRole('button', { name: 'Save names' }).click();
  await page.getByRole('alert').filter({ hasText: 'cannot save' }).waitFor();
  assert.equal((await stored(page))['hearth:doc'], tampered);
  await s.done();
});

test('it locks again after the chosen time in the background, not before', async () => {
  const s = await open();
  const { page } = s;
  await page.clock.install();
  await welcome(page, { a: A, b: B });
  await turnOn(page, { relock: '1' });

  // What the browser does when the tab goes to the background and back.
  const setHidden = (hidden) =>
    page.evaluate((h) => {
      Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => (h ? 'hidden' : 'visible') });
      Object.defineProperty(document, 'hidden', { configurable: true, get: () => h });
      document.dispatchEvent(new Event('visibilitychange', { bubbles: true }));
    }, hidden);

  await setHidden(true);
  await page.clock.fastForward('00:30');
  await setHidden(false);
  assert.equal(await lockScreen(page).count(), 0, '30 seconds away: still open');
  assert.match(await inPage(page), /canary/);

  await setHidden(true);
  await page.clock.fastForward('01:01');
  await lockScreen(page).waitFor();
  await setHidden(false);
  assert.doesNotMatch(await inPage(page), /canary/, 'locked: the couple is gone from the page');
  await unlock(page, PASS, { opens: 'Settings' });
  await s.done();
});

test('lock now, change the passphrase (the current one is asked), then turn it off → plain text again', async () => {
  const s = await open();
  const { page } = s;
  await welcome(page, { a: A, b: B });
  await turnOn(page);

  await page.getByRole('button', { name: 'Lock now' }).click();
  await lockScreen(page).waitFor();
  assert.doesNotMatch(await inPage(page), /canary/);
  await unlock(page, PASS, { opens: 'Settings' });

  await page.getByRole('button', { name: 'Change the passphrase…' }).click();
  assert.equal(await focused(page), 'current-passphrase', 'the form opened: focus in its first field');
  await page.getByLabel('Passphrase you use now').fill('a guess at it');
  await page.getByLabel('New passphrase').fill('a brand new secret');
  await page.getByLabel('Type the new one again').fill('a brand new secret');
  await page.getByRole('button', { name: 'Change the passphrase', exact: true }).click();
  await page.locator('#current-passphrase-error', { hasText: "isn't the passphrase" }).waitFor();
  await page.getByLabel('Passphrase you use now').fill(PASS);
  await page.getByRole('button', { name: 'Change the passphrase', exact: true }).click();
  await page.getByText('The passphrase is changed.').waitFor();
  assert.equal(await focused(page), 'change-passphrase', 'the form closed: focus back on its button, not <body>');

  await toLockScreen(page);
  await unlock(page, PASS);
  await page.locator('#unlock-passphrase-error').waitFor();
  await unlock(page, 'a brand new secret', { opens: 'Settings' });

  await page.getByRole('button', { name: 'Turn off the lock…' }).click();
  await page.getByRole('button', { name: 'Yes, turn off the lock' }).click();
  await page.getByRole('button', { name: 'Turn on the lock…' }).waitFor();
  const doc = await storedDoc(page);
  assert.equal(doc.hearth_sealed, undefined);
  assert.equal(doc.couple.a.name, A, 'plain text again');
  await page.reload();
  await h1(page).filter({ hasText: 'Settings' }).waitFor();
  await s.done();
});

// A backup is written a piece per task, so the app can lock while it is
// being written (Lock now, the relock timer, another window). Locked, the
// document on screen is empty and there is no key: the backup must neither
// download nor record itself, which would save that empty document in the
// clear over the sealed one.
test('locked while a backup is being written: nothing downloads and the sealed text is untouched', async () => {
  const s = await open();
  const { page } = s;
  await welcome(page, { a: A, b: B });
  await turnOn(page);
  const before = await stored(page);
  let downloads = 0;
  page.on('download', () => downloads++);
  await page.evaluate(() => {
    const button = (name) => [...document.querySelectorAll('button')].find((b) => b.textContent.trim() === name);
    button('Download a backup').click();
    // Queued now, this runs before the backup's next piece.
    setTimeout(() => button('Lock now').click(), 0);
  });
  await lockScreen(page).waitFor();
  await page.waitForTimeout(500);
  assert.equal(downloads, 0, 'nothing downloaded once locked');
  assert.deepEqual(await stored(page), before, 'the sealed text is untouched, no plain part written');
  await unlock(page, PASS, { opens: 'Settings' });
  assert.equal(await page.locator('#a_name').inputValue(), A);
  await s.done();
});

test('a storage event from another tab carries ciphertext: this tab opens and merges it live', async () => {
  const s = await open();
  const { page } = s;
  await welcome(page, { a: A, b: B });
  await turnOn(page);
  await toLockScreen(page, url());
  await unlock(page, PASS, { opens: 'Today' });
  const other = await s.context.newPage();
  await toLockScreen(other, url('settings'));
  await unlock(other, PASS, { opens: 'Settings' });
  await other.getByLabel("Your partner's name").fill('Alexis canary-2b7c');
  await other.getByRole('button', { name: 'Save names' }).click();
  await page.locator('main', { hasText: 'Alexis canary-2b7c' }).waitFor();
  assert.doesNotMatch(await everything(page), /canary/, 'still nothing readable in storage');
  await other.close();
  await s.done();
});

// Locked by another window, the lock screen says why (the app's status line
// is not there to), and an old passphrase is told it was changed, not to
// look for typos.
test('locked, or its passphrase changed, in another window: the lock screen says so', async () => {
  const s = await open();
  const { page } = s;
  await welcome(page, { a: A, b: B });
  const other = await s.context.newPage();
  await other.goto(url('journey'));
  await h1(other).filter({ hasText: 'Journey' }).waitFor();
  await turnOn(page);
  await lockScreen(other).waitFor();
  await other.locator('main p', { hasText: 'Hearth was locked in another window.' }).waitFor();
  // Focus goes to the field, so the reason is read with it.
  const description = () =>
    other.locator('#unlock-passphrase').evaluate((el) =>
      (el.getAttribute('aria-describedby') ?? '')
        .split(' ')
        .map((id) => document.getElementById(id)?.textContent ?? '')
        .join(' '));
  assert.equal(await description(), 'Hearth was locked in another window.');
  await unlock(other, PASS, { opens: 'Journey' });

  await page.getByRole('button', { name: 'Change the passphrase…' }).click();
  await page.getByLabel('Passphrase you use now').fill(PASS);
  await page.getByLabel('New passphrase').fill('a brand new secret');
  await page.getByLabel('Type the new one again').fill('a brand new secret');
  await page.getByRole('button', { name: 'Change the passphrase', exact: true }).click();
  await lockScreen(other).waitFor();
  await other.locator('main p', { hasText: 'The passphrase was changed in another window. Please type the new one.' }).waitFor();
  assert.equal(await description(), 'The passphrase was changed in another window. Please type the new one.');
  await unlock(other, PASS);
  await other.locator('#unlock-passphrase-error', { hasText: 'it was changed in another window' }).waitFor();
  assert.match(await description(), /^The passphrase was changed in another window\. Please type the new one\. That passphrase didn't open it/);
  await unlock(other, 'a brand new secret', { opens: 'Journey' });
  // Said on the lock screen: not said again once the app is back.
  assert.equal(await other.locator('p.sr-only[role="status"]').first().innerText(), '');
  // Locked here by choice: the usual words.
  await other.goto(url('settings'));
  await lockScreen(other).waitFor();
  await other.locator('main p', { hasText: 'Type your passphrase to open your space.' }).waitFor();
  assert.equal(await description(), '', 'the usual words are not read with the field');
  await other.close();
  await s.done();
});

// The lock turned off a moment after another window with the same passphrase
// saved, before this window has merged that save (its storage event is held
// back here, as a busy tab would be late to it): the other window's change is
// merged first and kept, and the lock turns off. The plain text may replace
// only a sealed text this window has read, so it used to refuse, saying
// Hearth was locked in another window.
test('turning the lock off just after another window saved with the same passphrase keeps that save', async () => {
  const s = await open();
  const { page } = s;
  await page.addInitScript(() => {
    window.addEventListener('storage', (e) => window.__deaf && e.stopImmediatePropagation(), true);
  });
  await welcome(page, { a: A, b: B });
  await turnOn(page);
  await toLockScreen(page, url('settings'));
  await unlock(page, PASS, { opens: 'Settings' });
  const other = await s.context.newPage();
  await toLockScreen(other, url('settings'));
  await unlock(other, PASS, { opens: 'Settings' });

  await page.evaluate(() => (window.__deaf = true));
  const before = await stored(page);
  await other.getByLabel("Your partner's name").fill('Alexis canary-5d1e');
  await other.getByRole('button', { name: 'Save names' }).click();
  await other.waitForFunction((was) => localStorage.getItem('hearth:doc') !== was, before['hearth:doc']);
  assert.equal(await page.getByLabel("Your partner's name").inputValue(), B, 'not heard here yet');

  await page.getByRole('button', { name: 'Turn off the lock…' }).click();
  await page.getByRole('button', { name: 'Yes, turn off the lock' }).click();
  await page.getByRole('button', { name: 'Turn on the lock…' }).waitFor();
  const doc = await storedDoc(page);
  assert.equal(doc.hearth_sealed, undefined, 'plain text again');
  assert.equal(doc.couple.a.name, A);
  assert.equal(doc.couple.b.name, 'Alexis canary-5d1e', "the other window's save is kept");
  await other.close();
  await s.done();
});

// Another window's sealed save arrives (its storage event, held back here and
// then let through) in the same task as this window saves something else:
// opening that save and sealing this one overlap, and neither is lost.
test("a save made while another window's sealed save is still being opened keeps both", async () => {
  const s = await open();
  const { page } = s;
  await page.addInitScript(() => {
    window.__held = [];
    window.addEventListener(
      'storage',
      (e) => {
        if (!window.__hold) return;
        e.stopImmediatePropagation();
        window.__held.push({ key: e.key, oldValue: e.oldValue, newValue: e.newValue, url: e.url });
      },
      true,
    );
  });
  await welcome(page, { a: A, b: B });
  await turnOn(page);
  await toLockScreen(page, url('gestures'));
  await unlock(page, PASS, { opens: 'Gestures' });
  await page.locator('.who').getByRole('button', { name: A, exact: true }).click();
  const other = await s.context.newPage();
  await toLockScreen(other, url('settings'));
  await unlock(other, PASS, { opens: 'Settings' });

  await page.evaluate(() => (window.__hold = true));
  await other.getByLabel("Your partner's name").fill('Alexis canary-0c4d');
  await other.getByRole('button', { name: 'Save names' }).click();
  await page.waitForFunction(() => window.__held.some((e) => e.key === 'hearth:doc'));
  await page.getByLabel(`A time ${B} made me feel loved`).fill('Soup when I was ill canary-e81f');
  await page.evaluate(() => {
    window.__hold = false;
    for (const e of window.__held.splice(0)) {
      window.dispatchEvent(new StorageEvent('storage', { ...e, storageArea: localStorage }));
    }
    [...document.querySelectorAll('button')].find((b) => b.textContent.trim() === 'Save to the journal').click();
  });
  await page.locator('.journal', { hasText: 'Soup when I was ill canary-e81f' }).waitFor();
  await page.locator('main', { hasText: 'Alexis canary-0c4d: No gestures yet' }).waitFor();
  await page.waitForFunction(() => !document.querySelector('main[aria-busy]'));
  assert.doesNotMatch(await everything(page), /canary/, 'still nothing readable in storage');

  // What is stored holds both, opened fresh.
  await other.close();
  const fresh = await s.context.newPage();
  await toLockScreen(fresh, url('gestures'));
  await unlock(fresh, PASS, { opens: 'Gestures' });
  await fresh.locator('.who').getByRole('button', { name: A, exact: true }).click();
  await fresh.locator('.journal', { hasText: 'Soup when I was ill canary-e81f' }).waitFor();
  await fresh.locator('main', { hasText: 'Alexis canary-0c4d: No gestures yet' }).waitFor();
  await fresh.close();
  await s.done();
});

test('turning the lock on seals the copies kept in the clear before it (here, the one a replace kept)', async () => {
  const s = await open();
  const { page } = s;
  await welcome(page, { a: A, b: B });
  await toSettings(page);
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Download a backup', exact: true }).click(),
  ]);
  const backup = JSON.parse(await readFile(await download.path(), 'utf8'));
  backup.document.couple.b.name = 'Kai';
  backup.document.couple.meta.updated_at = '2030-01-01T00:00:00Z';
  await page.getByLabel('Choose a backup file').setInputFiles({
    name: 'renamed.json',
    mimeType: 'application/json',
    buffer: Buffer.from(JSON.stringify(backup)),
  });
  await page.getByRole('button', { name: 'Replace what is here…' }).click();
  await page.getByRole('button', { name: 'Yes, replace' }).click();
  await page.locator('#import-result', { hasText: 'A copy of what was here before is kept' }).waitFor();
  const copy = Object.keys(await stored(page)).find((k) => k.startsWith('hearth:before-import:'));
  assert.match((await stored(page))[copy], /canary-91c2/, 'the copy kept by the replace is plain, the lock being off');

  await turnOn(page);
  const all = await stored(page);
  assert.doesNotMatch(await everything(page), /canary/, 'nothing of the couple is readable once the lock is on');
  assert.equal(JSON.parse(all[copy]).hearth_sealed, 2, 'the copy is sealed in its place');
  await s.done();
});

test('importing a backup with the lock on stores it sealed: merge and replace write no plaintext', async () => {
  const s = await open();
  const { page } = s;
  await welcome(page, { a: A, b: B });
  await turnOn(page);
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Download a backup', exact: true }).click(),
  ]);
  const backup = JSON.parse(await readFile(await download.path(), 'utf8'));
  assert.equal(backup.document.couple.a.name, A, 'a plain export is plain, as asked');
  backup.document.couple.a.name = 'Imported canary-33aa';
  backup.document.couple.meta.updated_at = '2030-01-01T00:00:00Z';
  const file = { name: 'newer.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(backup)) };

  await page.getByLabel('Choose a backup file').setInputFiles(file);
  await page.getByRole('button', { name: 'Merge into what is here' }).click();
  await page.locator('#import-result', { hasText: /./ }).waitFor();
  assert.doesNotMatch(await everything(page), /canary/, 'merged and sealed');
  await page.getByRole('link', { name: 'Today' }).first().click();
  await page.locator('main', { hasText: 'Imported canary-33aa' }).waitFor();
  await page.getByRole('link', { name: 'Settings' }).first().click();

  await page.getByLabel('Choose a backup file').setInputFiles(file);
  await page.getByRole('button', { name: 'Replace what is here…' }).click();
  await page.getByRole('button', { name: 'Yes, replace' }).click();
  await page.locator('#import-result', { hasText: 'A copy of what was here before is kept' }).waitFor();
  const all = await stored(page);
  assert.doesNotMatch(await everything(page), /canary/, 'the replacement and the copy of what was here are sealed');
  const copies = Object.keys(all).filter((k) => k.startsWith('hearth:before-import:'));
  assert.equal(copies.length, 1);
  assert.equal(JSON.parse(all[copies[0]]).hearth_sealed, 2);

  await toLockScreen(page, url());
  await unlock(page);
  await page.locator('main', { hasText: 'Imported canary-33aa' }).waitFor();
  await s.done();
});

/** Holds every call of WebCrypto's `method` from now on at a gate that
 * `window[release]()` opens; `window[begun]` counts the calls begun,
 * `window[done]` those that succeeded. */
async function holdSubtle(page, method, [release, begun, done]) {
  await page.evaluate(
    ([method, release, begun, done]) => {
      const call = crypto.subtle[method].bind(crypto.subtle);
      const gate = new Promise((go) => (window[release] = go));
      window[begun] = 0;
      window[done] = 0;
      crypto.subtle[method] = (...args) => {
        window[begun] += 1;
        return gate.then(() => call(...args)).then((out) => {
          window[done] += 1;
          return out;
        });
      };
    },
    [method, release, begun, done],
  );
}

/** Holds every sealing at a gate that `window.releaseSealing()` opens;
 * `window.sealing` counts those begun, `window.sealed` those done. */
const holdSealing = (page) => holdSubtle(page, 'encrypt', ['releaseSealing', 'sealing', 'sealed']);

/** With the lock on, brings in a backup of this couple whose first name the
 * file changed (and made newer), pressing `choose`'s buttons while the
 * sealing is held at a gate: it goes on at `window.releaseSealing()`.
 * `window.sealed` counts the sealings finished. */
async function importWhileSealing(page, choose) {
  await welcome(page, { a: A, b: B });
  await turnOn(page);
  const sealedBefore = (await stored(page))['hearth:doc'];
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Download a backup', exact: true }).click(),
  ]);
  // The download notes when it was made: that save is written before the
  // sealing below is held, so only the import waits at the gate.
  await page.waitForFunction((was) => localStorage.getItem('hearth:doc') !== was, sealedBefore);
  const backup = JSON.parse(await readFile(await download.path(), 'utf8'));
  backup.document.couple.a.name = 'Imported canary-5b1e';
  backup.document.couple.meta.updated_at = '2030-01-01T00:00:00Z';
  await page.getByLabel('Choose a backup file').setInputFiles({
    name: 'older.json',
    mimeType: 'application/json',
    buffer: Buffer.from(JSON.stringify(backup)),
  });
  await holdSealing(page);
  await choose(page);
  await page.waitForFunction(() => window.sealing > 0);
}

// Replacing seals two texts, which takes a while with years of data: a save
// another window makes meanwhile, or an edit made here, would be in neither
// the copy kept aside nor the replacement. Nothing is replaced then, and it
// says so. `meanwhile(page, s)` makes the change while the sealing is held;
// `after(page)`, if given, looks at this window once the replace answered.
async function replaceWhileSealing(meanwhile, after = async () => {}) {
  const s = await open();
  const { page } = s;
  await importWhileSealing(page, async () => {
    await page.getByRole('button', { name: 'Replace what is here…' }).click();
    await page.getByRole('button', { name: 'Yes, replace' }).click();
  });
  await meanwhile(page, s);
  await page.evaluate(() => window.releaseSealing());

  const answer = page.locator('#import-error, #import-result', { hasText: /./ });
  await answer.waitFor();
  assert.match(await answer.innerText(), /changed while the backup was being prepared/);
  await after(page);
  const keys = Object.keys(await stored(page));
  assert.deepEqual(keys.filter((k) => k.startsWith('hearth:before-import:')), [], 'nothing kept aside: nothing replaced');
  await toLockScreen(page, url());
  await unlock(page);
  await page.locator('main', { hasText: `Samira & ${B}` }).waitFor();
  assert.doesNotMatch(await inPage(page), /Imported canary/);
  await s.done();
}

test('a replace with the lock on, while another window saves: nothing is replaced and their save is kept', async () => {
  await replaceWhileSealing(async (page, s) => {
    const whileSealing = (await stored(page))['hearth:doc'];
    const other = await s.context.newPage();
    await toLockScreen(other, url('settings'));
    await unlock(other, PASS, { opens: 'Settings' });
    await other.getByLabel('Your name').fill('Samira');
    await other.getByRole('button', { name: 'Save names' }).click();
    // The held sealing goes on only once the other window's save is in
    // storage.
    await other.waitForFunction((was) => localStorage.getItem('hearth:doc') !== was, whileSealing);
    await other.close();
  });
});

test('a replace with the lock on, while a name is saved here: nothing is replaced and the name is kept', async () => {
  await replaceWhileSealing(async (page) => {
    await page.getByLabel('Your name').fill('Samira');
    await page.getByRole('button', { name: 'Save names' }).click();
    // Not "saved" while the sealed names wait behind the held replace.
    await page.getByText('Saving names\u2026').waitFor();
    assert.equal(await page.getByText('Names saved.').count(), 0);
  }, async (page) => {
    await page.getByText('Names saved.').waitFor();
  });
});

// Locking takes the Settings page away while the replace is still being
// sealed: its answer waits at the top of the app for after unlocking,
// instead of going to a section no longer there.
test('a replace with the lock on, and Hearth locked while it is sealed: nothing is replaced, and it says so once open', async () => {
  const s = await open();
  const { page } = s;
  await importWhileSealing(page, async () => {
    await page.getByRole('button', { name: 'Replace what is here…' }).click();
    await page.getByRole('button', { name: 'Yes, replace' }).click();
  });
  await page.getByRole('button', { name: 'Lock now' }).click();
  await lockScreen(page).waitFor();
  await page.evaluate(() => window.releaseSealing());
  // The copy of what is here and the backup, both sealed: the replace answers.
  await page.waitForFunction(() => window.sealed >= 2);
  await unlock(page, PASS, { opens: 'Settings' });
  const notice = page.getByRole('alert').filter({ hasText: 'The backup was not put in place.' });
  await notice.waitFor();
  assert.match(await notice.innerText(), /locked meanwhile, so nothing changed/);
  const keys = Object.keys(await stored(page));
  assert.deepEqual(keys.filter((k) => k.startsWith('hearth:before-import:')), [], 'nothing kept aside: nothing replaced');
  assert.doesNotMatch(await inPage(page), /Imported canary/);
  await notice.getByRole('button', { name: 'OK' }).click();
  assert.equal(await notice.count(), 0);
  await s.done();
});

test('a merge with the lock on, with a save queued behind it: the backup merged stays stored', async () => {
  const s = await open();
  const { page } = s;
  await importWhileSealing(page, () => page.getByRole('button', { name: 'Merge into what is here' }).click());
  // A save queued behind the merge, of the document as it was before it: a
  // backup download notes when it was made.
  await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Download a backup', exact: true }).click(),
  ]);
  await page.evaluate(() => window.releaseSealing());
  await page.locator('#import-result', { hasText: /./ }).waitFor();
  // The merge and the download's save, both sealed and written.
  await page.waitForFunction(() => window.sealed >= 2);
  await page.waitForFunction(() => document.readyState === 'complete');
  assert.equal(await page.locator('#import-error').count(), 0);
  await toLockScreen(page, url());
  await unlock(page);
  await page.locator('main', { hasText: `Imported canary-5b1e & ${B}` }).waitFor();
  await s.done();
});

test('a backup locked with a passphrase: the file holds no plaintext; wrong passphrase and tampered file each change nothing; the right one imports', async () => {
  const one = await open();
  await welcome(one.page, { a: A, b: B });
  await toSettings(one.page);
  await one.page.getByLabel('Lock the backup file with a passphrase (optional)').fill('backup words here');
  const [download] = await Promise.all([
    one.page.waitForEvent('download'),
    one.page.getByRole('button', { name: 'Download a backup', exact: true }).click(),
  ]);
  assert.match(download.suggestedFilename(), /^hearth-backup-\d{4}-\d{2}-\d{2}-locked\.json$/);
  const text = await readFile(await download.path(), 'utf8');
  assert.doesNotMatch(text, /canary/, 'no plaintext in the locked file');
  const env = JSON.parse(text);
  assert.equal(env.hearth_sealed, 2);
  assert.ok(env.iterations >= 600000);
  await one.page.getByText(/Locked backup saved as/).waitFor();
  await one.done();

  const two = await open();
  const { page } = two;
  await welcome(page, { a: 'Robin', b: 'Kai' });
  await toSettings(page);
  const before = await stored(page);
  const choose = (name, body) =>
    page.getByLabel('Choose a backup file').setInputFiles({ name, mimeType: 'application/json', buffer: Buffer.from(body) });

  await choose('locked.json', text);
  await page.getByRole('heading', { name: 'This backup is locked with a passphrase' }).waitFor();
  // The keyboard goes to the one thing left to do, which says why it is asked.
  await page.waitForFunction(() => document.activeElement?.id === 'import-passphrase');
  assert.match(await page.getByLabel("The backup's passphrase").getAttribute('aria-describedby'), /\bimport-sealed-title\b/);
  await page.getByLabel("The backup's passphrase").fill('not the words');
  await page.getByRole('button', { name: 'Open the backup' }).click();
  await page.locator('#import-passphrase-error', { hasText: "doesn't open this backup" }).waitFor();
  assert.equal(await page.evaluate(() => document.activeElement.id), 'import-passphrase');
  assert.deepEqual(await stored(page), before, 'wrong passphrase: nothing changed');

  const tampered = JSON.parse(text);
  const bytes = Buffer.from(tampered.ciphertext, 'base64');
  bytes[5] ^= 0x10;
  tampered.ciphertext = bytes.toString('base64');
  await choose('tampered.json', JSON.stringify(tampered));
  await page.getByLabel("The backup's passphrase").fill('backup words here');
  await page.getByRole('button', { name: 'Open the backup' }).click();
  await page.locator('#import-passphrase-error', { hasText: 'changed or damaged' }).waitFor();
  assert.equal(await page.locator('#import-preview-title').count(), 0);
  assert.deepEqual(await stored(page), before, 'tampered file: nothing changed');

  // Opening takes a while (the key is slow to make, on purpose): another
  // file chosen meanwhile takes the passphrase form away, and the opening
  // that finishes after it is let go. It stopped the app before.
  await choose('locked.json', text);
  await page.getByLabel("The backup's passphrase").fill('backup words here');
  await holdSubtle(page, 'decrypt', ['releaseOpening', 'opening', 'opened']);
  await page.getByRole('button', { name: 'Open the backup' }).click();
  await page.waitForFunction(() => window.opening > 0);
  await choose('notes.json', 'not a backup');
  await page.locator('#import-error').waitFor();
  await page.evaluate(() => window.releaseOpening());
  await page.waitForFunction(() => window.opened > 0);
  assert.equal(await page.locator('#import-preview-title').count(), 0, 'the file let go is not shown');

  await choose('locked.json', text);
  await page.getByLabel("The backup's passphrase").fill('backup words here');
  await page.getByRole('button', { name: 'Open the backup' }).click();
  await page.locator('#import-preview-title').waitFor();
  assert.deepEqual(await stored(page), before, 'opening the file changes nothing yet');
  await page.getByRole('button', { name: 'Replace what is here…' }).click();
  await page.getByRole('button', { name: 'Yes, replace' }).click();
  await page.locator('#import-result', { hasText: 'A copy of what was here before is kept' }).waitFor();
  assert.equal((await storedDoc(page)).couple.a.name, A);
  await expectNoAxeViolations(page, 'settings after a locked import');
  await two.done();
});

test('everything deleted in another window while a sealed save is on its way here: nothing comes back', async () => {
  const s = await open();
  const { page } = s;
  await welcome(page, { a: A, b: B });
  await turnOn(page);
  await holdSealing(page);
  await page.getByLabel('Your name').fill('Samira');
  await page.getByRole('button', { name: 'Save names' }).click();
  await page.waitForFunction(() => window.sealing > 0);

  const other = await s.context.newPage();
  await toLockScreen(other, url());
  await other.getByRole('button', { name: /Forgot it\?/ }).click();
  await other.getByRole('button', { name: 'Yes, delete everything' }).click();
  await h1(other).filter({ hasText: 'Welcome to Hearth' }).waitFor();
  await page.getByText('Everything was deleted in another window.').waitFor({ state: 'attached' });

  await page.evaluate(() => window.releaseSealing());
  await page.waitForFunction(() => window.sealed > 0);
  // Give a save that would write anyway the time to do so.
  await page.waitForTimeout(500);
  assert.deepEqual(Object.keys(await stored(page)), [], 'what was deleted stays deleted');
  await other.close();
  await s.done();
});

test('forgot it: delete everything from the lock screen and start over', async () => {
  const s = await open();
  const { page } = s;
  await welcome(page, { a: A, b: B });
  await turnOn(page);
  await toLockScreen(page);
  await page.getByRole('button', { name: /Forgot it\?/ }).click();
  await page.getByRole('button', { name: 'Keep it locked' }).click();
  assert.ok((await stored(page))['hearth:doc']);
  await page.getByRole('button', { name: /Forgot it\?/ }).click();
  await page.getByRole('button', { name: 'Yes, delete everything' }).click();
  await h1(page).filter({ hasText: 'Welcome to Hearth' }).waitFor();
  assert.deepEqual(Object.keys(await stored(page)), []);
  // Starting over in the same tab saves (this tab opened locked, so its
  // store was never opened before).
  await page.getByLabel('Your name').fill('Robin');
  await page.getByLabel("Your partner's name").fill('Kai');
  await page.getByRole('button', { name: "Let's begin" }).click();
  await h1(page).filter({ hasText: 'Today' }).waitFor();
  await page.reload();
  await h1(page).filter({ hasText: 'Today' }).waitFor();
  await page.getByText('Robin & Kai').waitFor();
  await s.done();
});

// Either way the lock screen was reached, starting over lands on the
// Welcome's heading. Opened locked, no page had been shown before, and
// focus fell to <body>.
test('starting over from the lock screen puts focus on the Welcome heading, after a reload or Lock now', async () => {
  const reload = (page) => toLockScreen(page);
  const lockNow = async (page) => {
    await page.getByRole('button', { name: 'Lock now' }).click();
    await lockScreen(page).waitFor();
  };
  for (const lock of [reload, lockNow]) {
    const s = await open();
    const { page } = s;
    await welcome(page, { a: A, b: B });
    await turnOn(page);
    await lock(page);
    await page.getByRole('button', { name: /Forgot it\?/ }).click();
    await page.getByRole('button', { name: 'Yes, delete everything' }).click();
    await h1(page).filter({ hasText: 'Welcome to Hearth' }).waitFor();
    assert.equal(await focused(page), 'H1 Welcome to Hearth', lock.name);
    await s.done();
  }
});

test('keyboard only: the lock screen opens with Enter', async () => {
  const s = await open();
  const { page } = s;
  await welcome(page, { a: A, b: B });
  await turnOn(page);
  await toLockScreen(page);
  await page.keyboard.type(PASS);
  await page.keyboard.press('Enter');
  await h1(page).filter({ hasText: 'Settings' }).waitFor();
  await s.done();
});

test('axe: the lock screen and the Settings section in every mode', async () => {
  await inEveryMode(async (page, tag) => {
    await welcome(page, { a: A, b: B });
    await toSettings(page);
    await page.getByRole('button', { name: 'Turn on the lock…' }).click();
    await page.getByRole('button', { name: 'Turn on the lock', exact: true }).click();
    await page.locator('#new-passphrase-error').waitFor();
    await expectNoAxeViolations(page, `lock off, form with an error ${tag}`);
    await turnOn(page);
    await page.getByRole('button', { name: 'Change the passphrase…' }).click();
    await page.getByRole('button', { name: 'Turn off the lock…' }).click();
    await expectNoAxeViolations(page, `lock on ${tag}`);
    await toLockScreen(page);
    await expectNoAxeViolations(page, `lock screen ${tag}`);
    await unlock(page, 'not the one');
    await page.locator('#unlock-passphrase-error').waitFor();
    await page.getByRole('button', { name: /Forgot it\?/ }).click();
    await expectNoAxeViolations(page, `lock screen, wrong passphrase, start over ${tag}`);
  });
});

test('with the lock on, words not saved yet stay in memory only, and go when Hearth locks', async () => {
  const s = await open();
  const { page } = s;
  await welcome(page, { a: A, b: B });
  await page.goto(url('gestures'));
  await h1(page).filter({ hasText: 'Gestures' }).waitFor();
  // No one is taken for the one here: Sam says it is him, each time.
  const here = () => page.getByRole('group', { name: /Who's using Hearth/ }).getByRole('button', { name: A }).click();
  await here();
  const entry = page.getByLabel(/made me feel loved/);
  // Typed before the lock: the session's copy in the clear goes when it is turned on.
  await entry.fill('before-the-lock-canary');
  assert.match(await page.evaluate(() => sessionStorage.getItem('hearth-unsent')), /before-the-lock-canary/);
  await turnOn(page);
  assert.equal(await page.evaluate(() => sessionStorage.getItem('hearth-unsent')), null);
  await goTo(page, 'Gestures');
  await here();
  assert.equal(await entry.inputValue(), 'before-the-lock-canary', 'kept while the app is open');
  await entry.fill('after-the-lock-canary');
  await goTo(page, 'Settings');
  await goTo(page, 'Gestures');
  await here();
  assert.equal(await entry.inputValue(), 'after-the-lock-canary');
  assert.equal(await page.evaluate(() => sessionStorage.length), 0, 'nothing in the session in the clear');
  await page.getByRole('link', { name: 'Settings', exact: true }).first().click();
  await page.getByRole('button', { name: 'Lock now' }).click();
  await lockScreen(page).waitFor();
  assert.doesNotMatch(await inPage(page), /lock-canary/);
  await unlock(page, PASS, { opens: 'Settings' });
  await goTo(page, 'Gestures');
  await here();
  assert.equal(await entry.inputValue(), '', 'gone when Hearth locked');
  await s.done();
});
