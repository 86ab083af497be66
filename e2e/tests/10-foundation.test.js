// The foundation, end to end in headless Chromium, against the release build
// served the GitHub Pages way (under /hearth/, 404.html for unknown paths).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';

import { PHONE, DESKTOP } from '../lib/browser.js';
import { expectNoAxeViolations } from '../lib/a11y.js';
import { hearth, h1, welcome as welcomeAt, stored, storedDoc, goTo } from '../lib/app.js';

const { url, open } = hearth();
const welcome = (page, opts) => welcomeAt(page, url, opts);

test('welcome → reload → the names are still there', async () => {
  const s = await open();
  await welcome(s.page);
  assert.match(await s.page.locator('main').innerText(), /Sam & Alex/);
  const saved = await storedDoc(s.page);
  assert.equal(saved.schema >= 1, true);
  assert.equal(saved.couple.a.name, 'Sam');
  assert.equal(saved.couple.b.name, 'Alex');
  assert.deepEqual(saved.couple.struggles, ['money']);
  assert.match(saved.couple.meta.id, /^[0-9a-f]{32}$/);
  await s.page.reload();
  await h1(s.page).filter({ hasText: 'Today' }).waitFor();
  assert.match(await s.page.locator('main').innerText(), /Sam & Alex/);
  await s.done();
});

test('the opening screen shows while the app downloads, then gives way without moving', async () => {
  for (const viewport of [PHONE, DESKTOP]) {
    const s = await open(viewport);
    // Hold the wasm back, as a slow connection does on a first visit.
    let release;
    const held = new Promise((resolve) => (release = resolve));
    await s.page.route('**/*.wasm', async (route) => {
      await held;
      await route.continue();
    });
    try {
      await s.page.goto(url(), { waitUntil: 'domcontentloaded' });
      // An error that is not Hearth's (an extension's script, say) changes nothing.
      await s.page.evaluate(() => setTimeout(() => { throw new Error('not Hearth'); }));
      const status = s.page.getByRole('status').filter({ hasText: 'Opening Hearth' });
      await status.waitFor();
      const brand = s.page.locator('.topbar .brand');
      const drawn = await brand.boundingBox();
      assert.equal(await s.page.locator('main').count(), 0, 'no <main> until the app is there');
      // A first visit: the welcome's first words are there already, and the
      // app draws the same words in the same places.
      const words = (scope) =>
        Promise.all(['h1', '.lead', '.small'].map(async (sel) => {
          const el = s.page.locator(`${scope} ${sel}`).first();
          return { text: await el.innerText(), box: await el.boundingBox() };
        }));
      const early = await words('#boot');
      assert.equal(early[0].text, 'Welcome to Hearth');
      assert.ok(early.every((w) => w.box && w.box.height > 0), 'drawn before the app');
      await expectNoAxeViolations(s.page, `the opening screen at ${viewport.width}`);
      // A keyboard user waiting on the brand keeps their place in the app.
      await s.page.keyboard.press('Tab');
      assert.equal(await s.page.evaluate(() => document.activeElement.closest('#boot .brand') !== null), true);

      release();
      await h1(s.page).filter({ hasText: 'Welcome' }).waitFor();
      assert.equal(await s.page.locator('#boot').count(), 0, 'the opening screen is gone');
      assert.equal(await s.page.evaluate(() => document.activeElement.matches('.topbar .brand')), true, 'focus kept');
      assert.equal(await s.page.getByRole('banner').count(), 1);
      assert.deepEqual(await brand.boundingBox(), drawn, 'the brand stays where it was drawn');
      assert.deepEqual(await words('main'), early, 'the welcome arrives without a jump');
    } finally {
      release();
    }
    assert.deepEqual(s.pageErrors, ['Error: not Hearth']);
    s.pageErrors.length = 0;
    await s.done();
  }
});

test('the opening screen shows the welcome only on a first visit to the start page', async () => {
  const s = await open();
  await s.page.route('**/*.wasm', (route) => route.abort());
  const shows = async (path) => {
    await s.page.goto(url(path));
    await s.page.getByRole('alert').waitFor(); // the opening screen, settled
    return s.page.locator('#boot h1').isVisible();
  };
  assert.equal(await shows(''), true, 'a first visit');
  assert.equal(await shows('index.html'), true, 'the start page by its file name');
  assert.equal(await shows('journey'), false, 'another page (404.html)');
  // Anything of Hearth's kept here, even only a damaged copy: never a
  // welcome that might not be theirs.
  await s.page.evaluate(() => localStorage.setItem('hearth:damaged:2026-01-01', '{'));
  assert.equal(await shows(''), false, 'something saved');
  await s.page.evaluate(() => localStorage.clear());
  assert.equal(await shows(''), true, 'everything deleted: a first visit again');
  // The failed downloads are this test's own errors; done() would count them.
  await s.context.close();
});

test('the stylesheet arrives minified and is, rule for rule, style/hearth.css', async () => {
  // scripts/minify.mjs rewrites the built CSS; the browser's own reading of
  // both texts must agree, declaration by declaration, or the minifier
  // changed what the page looks like. (csso writes `outline: none` as
  // `outline: 0` and `background: transparent` as `background: 0 0`, the
  // same look but other longhands: the source uses longhands there.)
  const s = await open();
  await s.page.goto(url(''));
  await s.page.locator('main h1').waitFor();
  const href = await s.page.locator('link[rel="stylesheet"]').getAttribute('href');
  const served = await s.page.evaluate(async (h) => (await fetch(h)).text(), href);
  const source = await readFile(new URL('../../style/hearth.css', import.meta.url), 'utf8');
  assert.ok(served.length < source.length * 0.8, `minified: ${served.length} of ${source.length} characters`);
  const rules = (css) =>
    s.page.evaluate((text) => {
      const sheet = new CSSStyleSheet();
      sheet.replaceSync(text);
      // A style rule: its selector and every longhand it sets, as the
      // browser expands and writes them; a grouping rule: its prelude and
      // the rules inside.
      const flat = (list) =>
        [...list].flatMap((r) => {
          if (r.style) {
            const decls = [...r.style].map((n) => `${n}:${r.style.getPropertyValue(n)}${r.style.getPropertyPriority(n)}`);
            return [`${r.selectorText ?? r.cssText.split('{')[0]} {${decls.join(';')}}`, ...flat(r.cssRules ?? [])];
          }
          return r.cssRules ? [r.cssText.split('{')[0], ...flat(r.cssRules)] : [r.cssText];
        });
      return flat(sheet.cssRules);
    }, css);
  const [a, b] = [await rules(source), await rules(served)];
  assert.ok(a.length > 100, `the source has its rules (${a.length})`);
  assert.deepEqual(b, a);
  await s.done();
});

test('an app that cannot load says so on the opening screen, whichever file is missing', async () => {
  for (const missing of ['**/*.wasm', '**/hearth-*.js']) {
    const s = await open();
    await s.page.route(missing, (route) => route.abort());
    await s.page.goto(url());
    const alert = s.page.getByRole('alert');
    await alert.filter({ hasText: "Hearth couldn't open this time" }).waitFor();
    assert.match(await alert.innerText(), /Everything you saved is still on this device/, missing);
    assert.equal(await s.page.locator('main').count(), 0);
    await expectNoAxeViolations(s.page, `the opening screen without ${missing}`);
    // The failed download is the error this test causes; done() would count it.
    await s.context.close();
  }
});

test('the welcome form explains what is missing and keeps what was typed', async () => {
  const s = await open();
  await s.page.goto(url());
  await s.page.getByLabel('Your name').fill('Sam');
  await s.page.getByRole('button', { name: "Let's begin" }).click();
  const err = s.page.locator('#b_name-error');
  await err.waitFor();
  assert.match(await err.innerText(), /partner's name/);
  assert.equal(await s.page.getByLabel("Your partner's name").getAttribute('aria-invalid'), 'true');
  assert.equal(await s.page.evaluate(() => document.activeElement.id), 'b_name');
  assert.equal(await s.page.getByLabel('Your name').inputValue(), 'Sam');
  assert.equal((await stored(s.page))['hearth:doc'], undefined, 'nothing saved yet');

  // A look at another page first: what was typed is still there on return.
  await s.page.getByLabel('Your pronouns (optional)').fill('she/her');
  await s.page.getByRole('link', { name: 'Dilemma', exact: true }).first().click();
  await s.page.getByText('First, tell Hearth your names.').waitFor();
  await s.page.getByRole('link', { name: 'Start', exact: true }).click();
  await h1(s.page).filter({ hasText: 'Welcome to Hearth' }).waitFor();
  assert.equal(await s.page.getByLabel('Your name').inputValue(), 'Sam');
  assert.equal(await s.page.getByLabel('Your pronouns (optional)').inputValue(), 'she/her');

  // A reload too, with every kind of field.
  await s.page.getByLabel("Your partner's name").fill('Alex');
  await s.page.getByLabel('Money', { exact: true }).check();
  await s.page.getByLabel('Trust', { exact: true }).check();
  await s.page.waitForFunction(() => (sessionStorage.getItem('hearth-unsent') ?? '').includes('Alex'));
  await s.page.reload();
  await h1(s.page).filter({ hasText: 'Welcome to Hearth' }).waitFor();
  assert.equal(await s.page.getByLabel('Your name').inputValue(), 'Sam');
  assert.equal(await s.page.getByLabel('Your pronouns (optional)').inputValue(), 'she/her');
  assert.equal(await s.page.getByLabel("Your partner's name").inputValue(), 'Alex');
  assert.equal(await s.page.getByLabel('Money', { exact: true }).isChecked(), true);
  assert.equal(await s.page.getByLabel('Trust', { exact: true }).isChecked(), true);
  assert.equal(await s.page.getByLabel('Parenting', { exact: true }).isChecked(), false);
  // Once saved, the kept words go.
  await s.page.getByRole('button', { name: "Let's begin" }).click();
  await h1(s.page).filter({ hasText: 'Today' }).waitFor();
  assert.equal((await storedDoc(s.page)).couple.b.name, 'Alex');
  assert.doesNotMatch(await s.page.evaluate(() => sessionStorage.getItem('hearth-unsent') ?? ''), /she\/her/);
  await s.done();
});

// The note on safety comes before anything is started, wherever the names
// are first given: Welcome, or Settings opened first (a kept link, a restore
// on a new phone).
test('the safety note comes with the names, in Welcome or in Settings opened first', async () => {
  const s = await open();
  const { page } = s;
  const note = page.getByRole('complementary', { name: 'Before you start' });
  await page.goto(url());
  await note.getByText('domestic abuse helpline').waitFor();
  await page.goto(url('settings'));
  await h1(page).filter({ hasText: 'Settings' }).waitFor();
  await note.getByText('domestic abuse helpline').waitFor();
  await expectNoAxeViolations(page, 'Settings before any names');
  await page.getByLabel('Your name').fill('Sam');
  await page.getByLabel("Your partner's name").fill('Alex');
  await page.getByRole('button', { name: 'Save names' }).click();
  await page.getByText('Names saved.').waitFor();
  assert.equal(await note.count(), 0, 'said until the names are there');
  await page.reload();
  await h1(page).filter({ hasText: 'Settings' }).waitFor();
  assert.equal(await note.count(), 0);
  await s.done();
});

test('a rename half-typed in Settings survives a reload, and goes once saved', async () => {
  const s = await open();
  await welcome(s.page);
  await s.page.goto(url('settings'));
  await h1(s.page).filter({ hasText: 'Settings' }).waitFor();
  await s.page.getByLabel('Your pronouns (optional)').fill('she/her');
  await s.page.waitForFunction(() => (sessionStorage.getItem('hearth-unsent') ?? '').includes('she/her'));
  // Meanwhile another window renames the partner.
  const other = await s.context.newPage();
  await other.goto(url('settings'));
  await h1(other).filter({ hasText: 'Settings' }).waitFor();
  await other.getByLabel("Your partner's name").fill('Alexa');
  await other.getByRole('button', { name: 'Save names' }).click();
  await other.getByText('Names saved.').waitFor();
  await other.close();

  await s.page.reload();
  await h1(s.page).filter({ hasText: 'Settings' }).waitFor();
  assert.equal(await s.page.getByLabel('Your pronouns (optional)').inputValue(), 'she/her');
  assert.equal(await s.page.getByLabel('Your name').inputValue(), 'Sam');
  await s.page.getByRole('button', { name: 'Save names' }).click();
  await s.page.getByText('Names saved.').waitFor();
  const doc = await storedDoc(s.page);
  assert.equal(doc.couple.a.pronouns, 'she/her');
  assert.equal(doc.couple.b.name, 'Alexa', 'the other window\u2019s rename is not undone by the words kept here');
  assert.equal(await s.page.getByLabel("Your partner's name").inputValue(), 'Alexa');
  await s.page.waitForFunction(() => !(sessionStorage.getItem('hearth-unsent') ?? '').includes('she/her'));
  await s.done();
});

test('just me for now: one partner alone, the other can join later', async () => {
  const s = await open();
  await welcome(s.page, { b: null, struggles: [] });
  assert.match(await s.page.locator('main').innerText(), /on your own for now/);
  await s.page.getByRole('link', { name: 'Settings' }).first().click();
  await h1(s.page).filter({ hasText: 'Settings' }).waitFor();
  await s.page.getByLabel(/Just me for now/).uncheck();
  await s.page.getByLabel("Your partner's name").fill('Alex');
  await s.page.getByRole('button', { name: 'Save names' }).click();
  await s.page.getByText('Names saved.').waitFor();
  const saved = await storedDoc(s.page);
  assert.equal(saved.couple.b.name, 'Alex');

  // Back to just me: asked first, as Alex's name goes and Alex's words go
  // out of sight. "Keep us both" keeps everything as it was.
  const justMe = s.page.getByLabel(/Just me for now/);
  await justMe.check();
  await s.page.getByRole('button', { name: 'Save names' }).click();
  const box = s.page.getByRole('group', { name: 'Use Hearth on your own for now?' });
  await box.getByText("Alex's name is taken off").waitFor();
  await s.page.waitForFunction(() => document.activeElement?.id === 'just-me-confirm-title');
  await box.getByRole('button', { name: 'Keep us both' }).click();
  await box.waitFor({ state: 'detached' });
  assert.equal((await storedDoc(s.page)).couple.b.name, 'Alex');
  // Kept: the form says so too, with Alex's name in its place.
  assert.equal(await justMe.isChecked(), false);
  assert.equal(await s.page.getByLabel("Your partner's name").inputValue(), 'Alex');
  await justMe.check();
  await s.page.getByRole('button', { name: 'Save names' }).click();
  await box.getByRole('button', { name: 'Yes, just me for now' }).click();
  await s.page.getByText('Names saved.').waitFor();
  assert.equal((await storedDoc(s.page)).couple.b ?? null, null);
  await s.done();
});

test('deep links reload on their route, and every link stays under the subpath', async () => {
  const s = await open();
  await welcome(s.page);
  const res = await s.page.goto(url('settings'));
  assert.equal(res.status(), 404, 'GitHub Pages answers deep links with 404.html');
  await h1(s.page).filter({ hasText: 'Settings' }).waitFor();

  const routes = [
    ['Today', 'Today'],
    ['Check in', 'Check in'],
    ['Dilemma', 'The dilemma'],
    ['Gestures', 'Gestures'],
    ['Us time', 'Us time'],
    ['Journey', 'Journey'],
    ['Settings', 'Settings'],
  ];
  for (const [link, heading] of routes) {
    const a = s.page.getByRole('link', { name: link, exact: true }).first();
    const href = await a.getAttribute('href');
    assert.ok(href.startsWith('/hearth/'), `${link} → ${href} stays under /hearth/`);
    await a.click();
    await h1(s.page).filter({ hasText: heading }).waitFor();
    assert.ok(new URL(s.page.url()).pathname.startsWith('/hearth/'));
    assert.equal(await s.page.locator('main h1').count(), 1, `one h1 on ${link}`);
    assert.equal(await a.getAttribute('aria-current'), 'page');
    // After an in-app navigation, focus moves to the new page's heading
    // (from the next frame, so the browser lays the page out only once).
    await s.page.waitForFunction(() => document.activeElement?.tagName === 'H1', null, { timeout: 2000 });
  }
  // An unknown path shows a kind page, still inside the app.
  await s.page.goto(url('no/such/page'));
  await h1(s.page).filter({ hasText: 'Page not found' }).waitFor();
  await s.done();
});

// Moving between pages is Hearth's own (components/links.rs): no reload,
// Back and Forward, links left to the browser where they should be.
test('links change the page without reloading; Back and Forward follow; the skip link stays on its page', async () => {
  const s = await open();
  const { page } = s;
  await welcome(page);
  await page.evaluate(() => { window.sameDocument = true; });
  const current = () => page.locator('a[aria-current="page"]').allInnerTexts();
  // The page already shown is not added to the history again.
  const entries = await page.evaluate(() => history.length);
  await page.getByRole('link', { name: 'Today', exact: true }).click();
  assert.equal(await page.evaluate(() => history.length), entries);

  await page.getByRole('link', { name: 'Journey', exact: true }).click();
  await h1(page).filter({ hasText: 'Journey' }).waitFor();
  await goTo(page, 'Gestures');
  assert.equal(new URL(page.url()).pathname, '/hearth/gestures');

  await page.goBack();
  await h1(page).filter({ hasText: 'Journey' }).waitFor();
  assert.equal(new URL(page.url()).pathname, '/hearth/journey');
  assert.deepEqual(await current(), ['Journey']);
  await page.goBack();
  await h1(page).filter({ hasText: 'Today' }).waitFor();
  await page.goForward();
  await h1(page).filter({ hasText: 'Journey' }).waitFor();
  assert.equal(await page.locator('main h1').count(), 1);
  assert.equal(await page.evaluate(() => window.sameDocument), true, 'no page load on the way');

  // The skip link, on a page other than Today, goes to this page's content
  // (the keyboard way to it from the top is checked on Today, above).
  await page.locator('a.skip-link').focus();
  await page.keyboard.press('Enter');
  await page.waitForURL(/\/hearth\/journey#main$/);
  await h1(page).filter({ hasText: 'Journey' }).waitFor();
  assert.equal(await page.evaluate(() => window.sameDocument), true);

  // A click with a modifier is the browser's (a new tab): this page stays.
  const [popup] = await Promise.all([
    page.context().waitForEvent('page'),
    page.getByRole('link', { name: 'Settings', exact: true }).click({ modifiers: ['Shift'] }),
  ]);
  await popup.close();
  await h1(page).filter({ hasText: 'Journey' }).waitFor();
  assert.equal(new URL(page.url()).pathname, '/hearth/journey');

  // The tab of the page shown is marked however its address is written.
  for (const [p, tab] of [['journey/', 'Journey'], ['index.html', 'Today']]) {
    await page.goto(url(p));
    await h1(page).filter({ hasText: tab }).waitFor();
    assert.deepEqual(await current(), [tab], p);
  }
  await s.done();
});

// A long page builds its lower part in a task after its first frame
// (components/page.rs `Later`), so a click never costs one long task.
test('a long page shows its top at once and its lower part just after, busy until then', async () => {
  const s = await open();
  await welcome(s.page);
  const seen = await s.page.evaluate(
    () =>
      new Promise((resolve, reject) => {
        const main = document.querySelector('main');
        const state = () => ({
          lower: !!document.getElementById('journal-title'),
          busy: main.getAttribute('aria-busy'),
        });
        const seen = {};
        // The DOM as the heading first appears, and as the page marks itself shown.
        const mo = new MutationObserver(() => {
          if (!seen.top && document.querySelector('main h1')?.textContent === 'Gestures') seen.top = state();
        });
        mo.observe(main, { childList: true, subtree: true });
        const mark = performance.mark.bind(performance);
        performance.mark = (name, ...rest) => {
          if (name === 'hearth:shown:Gestures') seen.atMark = state();
          return mark(name, ...rest);
        };
        [...document.querySelectorAll('nav a')].find((a) => a.textContent.trim() === 'Gestures').click();
        const started = performance.now();
        const wait = () => {
          if (seen.atMark && !main.hasAttribute('aria-busy')) {
            mo.disconnect();
            resolve({ ...seen, after: state() });
          } else if (performance.now() - started > 5000) reject(new Error(`not shown: ${JSON.stringify(seen)}`));
          else setTimeout(wait, 5);
        };
        wait();
      }),
  );
  assert.deepEqual(seen.top, { lower: false, busy: 'true' }, 'the top first, the journal not yet, main busy');
  assert.equal(seen.atMark.lower, true, 'the page is marked shown only with its lower part');
  assert.deepEqual(seen.after, { lower: true, busy: null });
  // Opened directly, the page waits the same way.
  await s.page.reload();
  await h1(s.page).filter({ hasText: 'Gestures' }).waitFor();
  assert.equal(await s.page.locator('#journal-title').count(), 1);
  await s.done();
});

// A part dropped before it arrives (the page changed first) is waited for no
// longer: <main> must not stay busy, or assistive technology may wait forever.
test('a lower part dropped before it arrives leaves the page not busy', async () => {
  const s = await open();
  await welcome(s.page);
  const busy = await s.page.evaluate(async () => {
    [...document.querySelectorAll('nav a')].find((a) => a.textContent.trim() === 'Dilemma').click();
    // Still in the click's task: the top is built in microtasks, the lower
    // part (the cycle and the conversations) waits for the next frame.
    let begin;
    for (let i = 0; i < 10_000 && !begin; i++) {
      await Promise.resolve();
      begin = [...document.querySelectorAll('main button')].find((b) => b.textContent === "I'm Sam: begin");
    }
    if (!begin) throw new Error('no begin button in the click task');
    if (document.getElementById('convos-title')) throw new Error('the lower part came at once');
    begin.click(); // the landing, with its pending part, gives way to the first step
    await new Promise((r) => setTimeout(r, 500));
    return document.querySelector('main').getAttribute('aria-busy');
  });
  assert.equal(busy, null);
  await h1(s.page).filter({ hasText: 'The dilemma' }).waitFor({ timeout: 2000 });
  await s.done();
});

test('corrupt saved data: the app starts, says so, and keeps a copy', async () => {
  const s = await open();
  await s.page.goto(url());
  const damaged = '{"schema":1,"couple":{"a":{"name":"Sam"';
  await s.page.evaluate((d) => localStorage.setItem('hearth:doc', d), damaged);
  await s.page.reload();
  const alert = s.page.getByRole('alert').filter({ hasText: "couldn't read your saved data" });
  await alert.waitFor();
  const all = await stored(s.page);
  const backups = Object.entries(all).filter(([k]) => k.startsWith('hearth:damaged:'));
  assert.equal(backups.length, 1);
  assert.equal(backups[0][1], damaged, 'the backup is byte for byte the damaged text');
  assert.equal(all['hearth:doc'], damaged, 'nothing is overwritten until the couple changes something');

  const [download] = await Promise.all([
    s.page.waitForEvent('download'),
    alert.getByRole('button', { name: 'Download the damaged data' }).click(),
  ]);
  assert.equal(await readFile(await download.path(), 'utf8'), damaged);

  // Starting fresh writes a new document; the damaged copy stays.
  await welcome(s.page, { struggles: [] });
  const after = await stored(s.page);
  assert.equal(after[backups[0][0]], damaged);
  assert.equal(JSON.parse(after['hearth:doc']).couple.a.name, 'Sam');
  await s.done();
});

test('data from a newer Hearth is shown read-only and never overwritten', async () => {
  const s = await open();
  await s.page.goto(url());
  const newer = JSON.stringify({ schema: 999, couple: null, future: { keep: true } });
  await s.page.evaluate((d) => localStorage.setItem('hearth:doc', d), newer);
  await s.page.reload();
  await s.page.getByRole('alert').filter({ hasText: 'Saved by a newer Hearth' }).waitFor();
  await s.page.getByLabel('Your name').fill('Sam');
  await s.page.getByLabel(/Just me for now/).check();
  await s.page.getByRole('button', { name: "Let's begin" }).click();
  await s.page.getByRole('alert').filter({ hasText: 'cannot save' }).waitFor();
  assert.equal((await stored(s.page))['hearth:doc'], newer);
  await s.done();
});

// A page restored from the back-forward cache hears no storage events:
// its first save finds out for itself. (localStorage changed by this very
// page fires no event here either, which stands in for that.)
test('a save that finds everything deleted elsewhere does not bring it back', async () => {
  const s = await open();
  await welcome(s.page);
  await s.page.goto(url('settings'));
  await h1(s.page).filter({ hasText: 'Settings' }).waitFor();
  await s.page.evaluate(() => localStorage.clear());
  await s.page.getByLabel('Your name').fill('Samira');
  await s.page.getByRole('button', { name: 'Save names' }).click();
  await s.page.getByText('Everything in Hearth was deleted in another window, so your last change here was not saved.').waitFor();
  assert.deepEqual(await stored(s.page), {}, 'nothing written back');
  // This window shows what is stored now: nothing, ready to begin again.
  await s.page.getByText('Everything was deleted in another window.').waitFor({ state: 'attached' });
  await s.page.getByRole('link', { name: 'Today' }).first().click();
  await h1(s.page).filter({ hasText: 'Welcome to Hearth' }).waitFor();
  await s.done();
});

// The same for a newer Hearth's data: the tab stops saving and says why.
test('a save that finds a newer Hearth\'s data saved elsewhere stops and says so', async () => {
  const s = await open();
  await welcome(s.page);
  await s.page.goto(url('settings'));
  await h1(s.page).filter({ hasText: 'Settings' }).waitFor();
  const newer = JSON.stringify({ schema: 999, couple: null, future: { keep: true } });
  await s.page.evaluate((d) => {
    for (const k of Object.keys(localStorage)) localStorage.removeItem(k);
    localStorage.setItem('hearth:doc', d);
  }, newer);
  await s.page.getByLabel('Your name').fill('Samira');
  await s.page.getByRole('button', { name: 'Save names' }).click();
  await s.page.getByText('A newer version of Hearth saved your data in another window').waitFor();
  await s.page.getByRole('alert').filter({ hasText: 'Saved by a newer Hearth' }).waitFor();
  assert.equal((await stored(s.page))['hearth:doc'], newer);
  await s.done();
});

test('the backup download is valid JSON with the names', async () => {
  const s = await open();
  await welcome(s.page);
  await s.page.goto(url('settings'));
  await h1(s.page).filter({ hasText: 'Settings' }).waitFor();
  const [download] = await Promise.all([
    s.page.waitForEvent('download'),
    s.page.getByRole('button', { name: 'Download a backup' }).click(),
  ]);
  assert.match(download.suggestedFilename(), /^hearth-backup-\d{4}-\d{2}-\d{2}\.json$/);
  const backup = JSON.parse(await readFile(await download.path(), 'utf8'));
  assert.equal(backup.hearth_backup, 1);
  assert.equal(backup.document.couple.a.name, 'Sam');
  assert.equal(backup.document.couple.b.name, 'Alex');
  await s.done();
});

test('delete everything names what is lost, then empties storage', async () => {
  const s = await open();
  await welcome(s.page);
  await s.page.evaluate(() => localStorage.setItem('not-hearth', 'another app'));
  await s.page.goto(url('settings'));
  await s.page.getByRole('button', { name: /Delete everything/ }).click();
  const confirm = s.page.getByRole('group', { name: 'Delete everything in Hearth?' });
  assert.match(await confirm.innerText(), /your names \(Sam & Alex\)/);
  await confirm.getByRole('button', { name: 'Keep my data' }).click();
  assert.ok((await stored(s.page))['hearth:doc']);

  await s.page.getByRole('button', { name: /Delete everything/ }).click();
  await s.page.getByRole('button', { name: 'Yes, delete everything' }).click();
  await h1(s.page).filter({ hasText: 'Welcome to Hearth' }).waitFor();
  assert.equal(await s.page.getByLabel('Your name').inputValue(), '', 'nothing typed before comes back');
  const left = Object.keys(await stored(s.page));
  assert.deepEqual(left, ['not-hearth'], 'only other apps\u2019 keys remain');
  await s.page.reload();
  await h1(s.page).filter({ hasText: 'Welcome to Hearth' }).waitFor();
  await s.done();
});

test('a change in another tab reaches this tab without clobbering it', async () => {
  const s = await open();
  await welcome(s.page);
  const other = await s.context.newPage();
  await other.goto(url('settings'));
  await other.getByLabel('Your name').fill('Samira');
  await other.getByRole('button', { name: 'Save names' }).click();
  await other.getByText('Names saved.').waitFor();
  await s.page.locator('main', { hasText: 'Samira & Alex' }).waitFor();
  // A page already open shows the new name too: the text built from a name
  // follows the document, wherever a page shows it.
  const rename = async (name) => {
    await other.getByLabel('Your name').fill(name);
    await other.getByRole('button', { name: 'Save names' }).click();
    await other.getByText('Names saved.').waitFor();
  };
  const pages = [
    ['gestures', (name) => s.page.locator('.who').getByRole('button', { name, exact: true })],
    ['check-in', (name) => s.page.getByRole('button', { name: `${name} first` })],
  ];
  for (const [i, [route, shows]] of pages.entries()) {
    await s.page.goto(url(route));
    await shows(i ? `Rosa ${i}` : 'Samira').waitFor();
    await rename(`Rosa ${i + 1}`);
    await shows(`Rosa ${i + 1}`).waitFor({ timeout: 3000 });
  }
  await s.done();
});

// Settings open in two windows: saving the names in one after the other
// saved them keeps the other's new name in the fields nobody typed in here
// (it does not put the old name back), and keeps what was typed here.
test('saving the names form keeps names saved meanwhile in another window, and what was typed', async () => {
  const s = await open();
  // Counts the storage events this window hears; the app's own listener
  // runs in the same dispatch, after this one.
  await s.page.addInitScript(() => {
    window.__heard = 0;
    window.addEventListener('storage', () => window.__heard++);
  });
  await welcome(s.page);
  await s.page.goto(url('settings'));
  await h1(s.page).filter({ hasText: 'Settings' }).waitFor();
  const other = await s.context.newPage();
  await other.goto(url('settings'));
  await h1(other).filter({ hasText: 'Settings' }).waitFor();

  await s.page.getByLabel('Your pronouns (optional)').fill('she/her');
  await other.getByLabel("Your partner's name").fill('Alexis');
  await other.getByRole('button', { name: 'Save names' }).click();
  await other.getByText('Names saved.').waitFor();
  await s.page.waitForFunction(() => window.__heard > 0);
  assert.equal(await s.page.getByLabel("Your partner's name").inputValue(), 'Alex', 'the form shows what it showed');

  await s.page.getByRole('button', { name: 'Save names' }).click();
  await s.page.getByText('Names saved.').waitFor();
  assert.equal(await s.page.getByLabel("Your partner's name").inputValue(), 'Alexis', 'the field shows it too');
  assert.equal(await s.page.getByLabel('Your pronouns (optional)').inputValue(), 'she/her');
  const doc = await storedDoc(s.page);
  assert.equal(doc.couple.b.name, 'Alexis', 'the other window\u2019s name is kept');
  assert.equal(doc.couple.a.pronouns, 'she/her');
  await other.close();
  await s.done();
});

// Two windows can save the same part of the data within the moment it
// takes one window's write to reach the other: the later write then holds
// the older text and the first window's change is gone from storage. The
// window hears of it and writes its change again at once, so closing it
// loses nothing. (The later write is played here by writing back what was
// stored before the change.)
test('a change another window wrote over is saved again as soon as this window hears of it', async () => {
  const s = await open();
  await welcome(s.page);
  const other = await s.context.newPage();
  await other.goto(url('settings'));
  await h1(other).filter({ hasText: 'Settings' }).waitFor();
  const before = await stored(other);

  await goTo(s.page, 'Gestures');
  await s.page.locator('.who').getByRole('button', { name: 'Sam', exact: true }).click();
  await s.page.getByLabel('A time Alex made me feel loved').fill('the note in my coat pocket');
  await s.page.getByRole('button', { name: 'Save to the journal' }).click();
  await s.page.locator('.journal li', { hasText: 'coat pocket' }).waitFor();
  const has = async (page) => ((await storedDoc(page)).gestures?.appreciations ?? []).some((a) => a.text.includes('coat pocket'));
  assert.ok(await has(other), 'saved');

  await other.evaluate((was) => {
    for (const k of Object.keys(localStorage)) if (!(k in was)) localStorage.removeItem(k);
    for (const [k, v] of Object.entries(was)) localStorage.setItem(k, v);
  }, before);
  for (let i = 0; i < 50 && !(await has(other)); i++) await other.waitForTimeout(100);
  assert.ok(await has(other), 'written again by the window that made it');
  await s.page.close();
  await other.goto(url('gestures'));
  await other.locator('.who').getByRole('button', { name: 'Sam', exact: true }).click();
  await other.locator('.journal li', { hasText: 'coat pocket' }).waitFor();
  await s.done();
});

// A summary printed for a therapy session: the whole width of the page,
// dark ink on white whatever the screen's theme, no buttons or tabs.
test('printing: the page takes the paper\u2019s width, in dark ink, without the tabs', async () => {
  const s = await open({ ...DESKTOP, colorScheme: 'dark' });
  await welcome(s.page);
  await goTo(s.page, 'Journey');
  await s.page.emulateMedia({ media: 'print', colorScheme: 'dark' });
  const seen = await s.page.evaluate(() => {
    const main = document.querySelector('main');
    const h1 = main.querySelector('h1');
    return {
      width: main.getBoundingClientRect().width,
      page: document.documentElement.clientWidth,
      ink: getComputedStyle(h1).color,
      paper: getComputedStyle(document.body).backgroundColor,
      tabs: getComputedStyle(document.querySelector('.tabs')).display,
    };
  });
  assert.ok(seen.width >= Math.min(736, seen.page) - 1, `main is ${seen.width} of ${seen.page} px`);
  assert.equal(seen.ink, 'rgb(0, 0, 0)');
  assert.equal(seen.paper, 'rgb(255, 255, 255)');
  assert.equal(seen.tabs, 'none');
  await s.done();
});

test('keyboard only: skip link, welcome form and navigation', async () => {
  const s = await open();
  const { page } = s;
  await page.goto(url());
  await h1(page).waitFor();
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.textContent), 'Skip to content');
  await page.keyboard.press('Enter');
  // Walk forward to the name field with Tab only.
  for (let i = 0; i < 20 && (await page.evaluate(() => document.activeElement.id)) !== 'a_name'; i++) {
    await page.keyboard.press('Tab');
  }
  assert.equal(await page.evaluate(() => document.activeElement.id), 'a_name');
  await page.keyboard.type('Sam');
  await page.keyboard.press('Tab'); // pronouns
  await page.keyboard.press('Tab'); // just me
  await page.keyboard.press('Space');
  assert.equal(await page.getByLabel(/Just me for now/).isChecked(), true);
  await page.keyboard.press('Enter'); // submits the form
  await h1(page).filter({ hasText: 'Today' }).waitFor();
  // The new page's heading takes focus from the next frame: Tab from there.
  await page.waitForFunction(() => document.activeElement?.tagName === 'H1');
  // The focus ring is visible on a keyboard-focused link.
  await page.keyboard.press('Tab');
  const outline = await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
  assert.notEqual(outline, 'none');
  await s.done();
});

test('axe finds no violations on any route: phone and desktop, light and dark', async () => {
  const paths = ['', 'welcome', 'check-in', 'dilemma', 'gestures', 'us-time', 'journey', 'settings', 'nowhere'];
  for (const viewport of [PHONE, DESKTOP]) {
    for (const colorScheme of ['light', 'dark']) {
      const s = await open({ ...viewport, colorScheme });
      await s.page.goto(url());
      await expectNoAxeViolations(s.page, `welcome ${viewport.width} ${colorScheme}`);
      await welcome(s.page);
      for (const p of paths) {
        await s.page.goto(url(p));
        await h1(s.page).waitFor();
        await expectNoAxeViolations(s.page, `/${p} ${viewport.width}px ${colorScheme}`);
      }
      // States worth checking too: form errors and the delete confirmation.
      await s.page.goto(url('settings'));
      await s.page.getByLabel('Your name').fill('');
      await s.page.getByRole('button', { name: 'Save names' }).click();
      await s.page.getByRole('button', { name: /Delete everything/ }).click();
      await expectNoAxeViolations(s.page, `settings errors ${viewport.width} ${colorScheme}`);
      await s.done();
    }
  }
});

// A checkbox's target is its whole label row, so the row is measured.
test('touch targets are at least 44 px', async () => {
  const s = await open(PHONE);
  await welcome(s.page);
  for (const p of ['', 'settings']) {
    await s.page.goto(url(p));
    await h1(s.page).waitFor();
    const small = await s.page.evaluate(() =>
      [...document.querySelectorAll('a, button, input:not([type=checkbox]), .check label, .chip label')]
        .filter((el) => el.offsetParent !== null && !el.closest('p, .sr-only'))
        .map((el) => ({ el: el.outerHTML.slice(0, 60), r: el.getBoundingClientRect() }))
        .filter(({ r }) => r.width < 44 || r.height < 44),
    );
    assert.deepEqual(small, [], `small targets on /${p}`);
  }
  await s.done();
});

test('text made large in the browser keeps every tab and the brand on a phone screen', async () => {
  for (const [width, size] of [[360, 24], [320, 32]]) {
    const s = await open({ width, height: 700 });
    // The browser's own text size (not page zoom): what a media query's em follows.
    const cdp = await s.page.context().newCDPSession(s.page);
    await cdp.send('Page.setFontSizes', { fontSizes: { standard: size, fixed: size } });
    await welcome(s.page);
    const out = await s.page.evaluate(() => {
      const off = [...document.querySelectorAll('.tabs a')]
        .filter((a) => a.getBoundingClientRect().right > innerWidth + 0.5)
        .map((a) => a.textContent.trim());
      const brand = document.querySelector('.topbar .brand');
      const links = document.querySelector('.topbar nav').getBoundingClientRect();
      const b = brand.getBoundingClientRect();
      // The brand's words inside its link, and the links not drawn over it.
      const overlap = b.bottom > links.top + 0.5 && b.right > links.left + 0.5;
      return { off, clipped: brand.scrollWidth > brand.clientWidth + 1, overlap, wide: document.documentElement.scrollWidth > innerWidth };
    });
    assert.deepEqual(out, { off: [], clipped: false, overlap: false, wide: false }, `${width} px at ${size} px text`);
    await s.done();
  }
});
