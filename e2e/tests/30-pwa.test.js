// Installable PWA: the manifest, the service worker's offline copy (after
// one online visit, with the server gone), and a safe update that waits for
// the couple's "Reload". Against the release build served the GitHub Pages
// way; the offline and update tests run their own server so they can stop
// it and bring a second build up on the same origin.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { chromium } from 'playwright-core';

import { newPage, PHONE } from '../lib/browser.js';
import { startServer } from '../lib/server.js';
import { expectNoAxeViolations } from '../lib/a11y.js';
import { distDir } from '../lib/dist.js';
import { hearth, h1, welcome, stored, storedDoc } from '../lib/app.js';

const { ctx, url } = hearth();
const PRECACHE = fileURLToPath(new URL('../../scripts/precache.mjs', import.meta.url));

const temps = [];
const profiles = [];
after(async () => {
  for (const context of profiles) await context.close().catch(() => {});
  for (const dir of temps) fs.rmSync(dir, { recursive: true, force: true });
});

/** Every file of a built folder (posix paths), as the precache lists them. */
function filesOf(dir, rel = '') {
  return fs.readdirSync(path.join(dir, rel), { withFileTypes: true }).flatMap((e) => {
    const child = rel ? `${rel}/${e.name}` : e.name;
    if (e.name.startsWith('.')) return [];
    return e.isDirectory() ? filesOf(dir, child) : [child];
  });
}

/** A page on `server`'s origin with the same guards as `open()`. */
async function openOn(server) {
  const s = await newPage(ctx.browser, { origin: server.origin });
  s.done = async () => {
    await s.context.close();
    assert.deepEqual(s.foreignRequests, [], 'no request may leave the origin');
    assert.deepEqual(s.pageErrors, [], 'no uncaught errors');
    const errors = s.consoleErrors.filter((m) => !/status of 404/.test(m));
    assert.deepEqual(errors, [], 'no console errors');
  };
  return s;
}

/** Waits until a service worker controls the page (reloading once if needed). */
async function controlled(page) {
  const active = await page.evaluate(() =>
    Promise.race([
      navigator.serviceWorker.ready.then(() => true),
      new Promise((resolve) => setTimeout(() => resolve(false), 10_000)),
    ]),
  );
  assert.ok(active, 'the service worker installed and activated');
  const has = () => page.evaluate(() => navigator.serviceWorker.controller !== null);
  if (!(await has())) {
    await page.reload();
    await h1(page).waitFor();
  }
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 10_000 });
}

const hearthCaches = (page) => page.evaluate(async () => (await caches.keys()).filter((k) => k.startsWith('hearth-')));

/** Width and height from a PNG's IHDR chunk. */
const pngSize = (buf) => [buf.readUInt32BE(16), buf.readUInt32BE(20)];

// Chrome will not install from an incognito profile, and every
// `browser.newContext()` is one, so this test uses a real (temporary) profile
// with the same flags as lib/browser.js.
async function openProfile() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hearth-profile-'));
  temps.push(dir);
  const context = await chromium.launchPersistentContext(dir, {
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    viewport: PHONE,
  });
  profiles.push(context);
  const origin = new URL(url()).origin;
  const foreign = [];
  const errors = [];
  context.on('request', (r) => {
    if (!/^(data|blob|about):/.test(r.url()) && new URL(r.url()).origin !== origin) foreign.push(r.url());
  });
  // Counts calls to the browser's install dialog.
  await context.addInitScript(() => {
    const proto = self.BeforeInstallPromptEvent?.prototype;
    const prompt = proto?.prompt;
    if (!prompt) return;
    window.installPrompts = 0;
    proto.prompt = function () {
      window.installPrompts += 1;
      return prompt.call(this);
    };
  });
  const page = context.pages()[0] || (await context.newPage());
  page.on('pageerror', (e) => errors.push(`${e.name}: ${e.message}`));
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  const done = async () => {
    await context.close();
    assert.deepEqual(foreign, [], 'no request may leave the origin');
    // A deep link is answered with status 404, as GitHub Pages does.
    assert.deepEqual(errors.filter((m) => !/status of 404/.test(m)), [], 'no errors');
  };
  return { context, page, done };
}

test('the manifest is complete, its icons are real PNGs, and Chrome finds nothing against installing', { timeout: 30_000 }, async () => {
  const s = await openProfile();
  await s.page.goto(url());
  await h1(s.page).waitFor();

  const href = await s.page.locator('link[rel="manifest"]').evaluate((l) => l.href);
  assert.equal(href, url('manifest.webmanifest'));
  const res = await fetch(href);
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type'), /^application\/manifest\+json/);
  const m = await res.json();
  assert.equal(m.name, 'Hearth');
  assert.ok(m.short_name && m.short_name.length <= 12, 'a short name that fits under an icon');
  assert.ok(m.description.length > 20);
  assert.equal(m.start_url, './');
  assert.equal(m.scope, './');
  assert.equal(m.display, 'standalone');
  assert.equal(m.lang, 'en');
  assert.equal(m.background_color, '#fbf6f0');
  assert.equal(m.theme_color, '#fbf6f0');

  const icons = new Map();
  for (const icon of m.icons) {
    assert.equal(icon.type, 'image/png');
    const r = await fetch(new URL(icon.src, href));
    assert.equal(r.status, 200, icon.src);
    const [w, h] = pngSize(Buffer.from(await r.arrayBuffer()));
    assert.equal(`${w}x${h}`, icon.sizes, `${icon.src} is really ${icon.sizes}`);
    icons.set(`${icon.sizes} ${icon.purpose}`, icon.src);
  }
  for (const want of ['192x192 any', '512x512 any', '512x512 maskable']) assert.ok(icons.has(want), want);
  const touch = await s.page.locator('link[rel="apple-touch-icon"]').evaluate((l) => l.href);
  assert.deepEqual(pngSize(Buffer.from(await (await fetch(touch)).arrayBuffer())), [180, 180]);

  // Chrome's own verdict on this page, its manifest and its worker.
  await controlled(s.page);
  const cdp = await s.context.newCDPSession(s.page);
  const { installabilityErrors } = await cdp.send('Page.getInstallabilityErrors');
  assert.deepEqual(installabilityErrors, []);
  const manifest = await cdp.send('Page.getAppManifest');
  assert.deepEqual(manifest.errors, []);
  assert.equal(manifest.url, href);
  await cdp.detach();

  // Settings: the browser's answer about keeping the data, and the install
  // offer Chrome made, as a button (it can be used once).
  await welcome(s.page, url);
  await s.page.goto(url('settings'));
  const keep = s.page.getByRole('region', { name: 'Keep Hearth safe on this device' });
  await keep.getByText(/This browser (has agreed|hasn't promised)/).waitFor();
  assert.match(await keep.innerText(), /Safari can delete a website's data after 7 days/);
  const install = keep.getByRole('button', { name: 'Install Hearth' });
  const box = await install.boundingBox();
  assert.ok(box.height >= 44 && box.width >= 44, 'a 44 px target');
  await install.click();
  // The button hands over to the browser's own dialog (Chrome may offer
  // again after it is dismissed, so the button can come back).
  await s.page.waitForFunction(() => window.installPrompts === 1, null, { timeout: 5_000 });
  await s.done();
});

// On a first visit the worker fetches every file of the build; it is
// registered only once the first page is drawn (components/pwa.rs), so that
// work does not compete with the page the couple is waiting for.
test('the service worker is registered after the first page is drawn, and then controls the app', { timeout: 30_000 }, async () => {
  const s = await openProfile();
  await s.page.addInitScript(() => {
    window.__order = [];
    window.__framed = false;
    const mark = performance.mark.bind(performance);
    performance.mark = (name, ...rest) => {
      if (String(name).startsWith('hearth:shown:')) {
        window.__order.push('shown');
        // Runs with the next frame after the page is shown. (Paint timing
        // entries arrive later than the frame itself, so they can't tell.)
        requestAnimationFrame(() => { window.__framed = true; });
      }
      return mark(name, ...rest);
    };
    const register = ServiceWorkerContainer.prototype.register;
    ServiceWorkerContainer.prototype.register = function (...args) {
      window.__order.push(window.__framed ? 'register after a frame' : 'register before any frame');
      return register.apply(this, args);
    };
  });
  await s.page.goto(url());
  await h1(s.page).waitFor();
  await controlled(s.page);
  const order = await s.page.evaluate(() => window.__order);
  assert.deepEqual(order.slice(0, 2), ['shown', 'register after a frame'], `in order: ${order}`);
  await s.done();
});

test('after one online visit, Hearth opens, deep-links and saves with no network at all', { timeout: 30_000 }, async () => {
  const server = await startServer({ root: distDir(), base: '/hearth/' });
  const at = (p = '') => server.url + p;
  const s = await openOn(server);
  const { page, context } = s;
  try {
    await page.goto(at());
    await h1(page).filter({ hasText: 'Welcome to Hearth' }).waitFor();
    await controlled(page);

    // One cache holds the whole build: every file in dist except sw.js, and
    // index.html again as the app root (for the static route below).
    const names = await hearthCaches(page);
    assert.equal(names.length, 1, `one Hearth cache, got ${names}`);
    assert.match(names[0], /^hearth-[0-9a-f]{16}@\/hearth\/$/);
    const cached = await page.evaluate(async (name) => {
      const keys = await (await caches.open(name)).keys();
      return keys.map((r) => new URL(r.url).pathname).sort();
    }, names[0]);
    const expected = [
      '/hearth/',
      ...filesOf(distDir())
        .filter((f) => f !== 'sw.js')
        .map((f) => '/hearth/' + f),
    ].sort();
    assert.deepEqual(cached, expected);

    // A returning visit: the app root and the hashed files come from that
    // cache through the worker's static routes, without running the worker.
    await page.reload();
    await h1(page).filter({ hasText: 'Welcome to Hearth' }).waitFor();
    const sources = await page.evaluate(() =>
      [...performance.getEntriesByType('navigation'), ...performance.getEntriesByType('resource')]
        .filter((e) => /\/hearth\/(hearth-[^/]*)?$/.test(new URL(e.name).pathname))
        .map((e) => [new URL(e.name).pathname.replace(/-[0-9a-f]+(?=[._])/, '-#'), e.workerMatchedSourceType]),
    );
    assert.deepEqual(
      sources.sort(),
      [
        ['/hearth/', 'cache'],
        ['/hearth/hearth-#.css', 'cache'],
        ['/hearth/hearth-#.js', 'cache'],
        ['/hearth/hearth-#_bg.wasm', 'cache'],
      ],
      'served by the static routes',
    );

    // The network goes away, and so does the server.
    await context.setOffline(true);
    await server.close();

    await page.reload();
    await h1(page).filter({ hasText: 'Welcome to Hearth' }).waitFor();
    await welcome(page, at); // saved offline

    const deep = await page.goto(at('journey'));
    assert.ok(deep.fromServiceWorker(), 'the deep link came from the offline copy');
    assert.equal(deep.status(), 404, 'answered like GitHub Pages answers a deep link');
    await h1(page).filter({ hasText: 'Journey' }).waitFor();

    // A fresh tab on a deep link, still offline.
    const tab = await context.newPage();
    await tab.goto(at('settings'));
    await h1(tab).filter({ hasText: 'Settings' }).waitFor();
    await tab.getByLabel('Your name').fill('Samira');
    await tab.getByRole('button', { name: 'Save names' }).click();
    await tab.getByText('Names saved.').waitFor();
    await tab.close();

    await page.goto(at());
    await h1(page).filter({ hasText: 'Today' }).waitFor();
    await page.reload();
    await page.locator('main', { hasText: 'Samira & Alex' }).waitFor();
    const doc = await storedDoc(page);
    assert.equal(doc.couple.a.name, 'Samira');
    assert.equal(doc.couple.b.name, 'Alex');
  } finally {
    await server.close(); // safe twice
  }
  await s.done();
});

test('a new version waits for "Reload"; nothing reloads on its own and the data stays', { timeout: 30_000 }, async () => {
  // Build 2: the same app with one changed file, its list and id regenerated
  // by the build's own script.
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'hearth-pwa-'));
  temps.push(tmp);
  const dist2 = path.join(tmp, 'dist');
  fs.cpSync(distDir(), dist2, { recursive: true });
  const marker = '<meta name="hearth-test-build" content="2">';
  const index = fs.readFileSync(path.join(dist2, 'index.html'), 'utf8').replace('</head>', `${marker}</head>`);
  fs.writeFileSync(path.join(dist2, 'index.html'), index);
  fs.writeFileSync(path.join(dist2, '404.html'), index);
  execFileSync(process.execPath, [PRECACHE, dist2], { stdio: 'pipe' });
  const buildId = (dir) => fs.readFileSync(path.join(dir, 'sw.js'), 'utf8').match(/id: '([0-9a-f]{16})'/)[1];
  const [id1, id2] = [buildId(distDir()), buildId(dist2)];
  assert.notEqual(id1, id2, 'a changed file makes a new build id');

  let server = await startServer({ root: distDir(), base: '/hearth/' });
  const port = server.port;
  const s = await openOn(server);
  const { page } = s;
  const build2 = () => page.evaluate(() => document.querySelector('meta[name="hearth-test-build"]') !== null);
  const banner = page.getByRole('status').filter({ hasText: 'A new version of Hearth is ready' });
  try {
    await welcome(page, () => server.url);
    await controlled(page);
    assert.deepEqual(await hearthCaches(page), [`hearth-${id1}@/hearth/`]);
    // Caches that are not this site's own old builds must survive an update.
    await page.evaluate(async () => {
      await caches.open('another-app');
      await caches.open('hearth-0000000000000000@/another-hearth/');
    });

    // Deploy build 2 on the same origin; the couple opens Hearth again.
    await server.close();
    server = await startServer({ root: dist2, base: '/hearth/', port });
    await page.reload();
    await h1(page).filter({ hasText: 'Today' }).waitFor();
    await banner.waitFor({ timeout: 15_000 });
    assert.equal(await build2(), false, 'still running build 1');
    await expectNoAxeViolations(page, 'update banner');
    await page.evaluate(() => {
      window.stillHere = true;
    });

    // "Later" hides it; nothing reloads, and build 2 only waits.
    await banner.getByRole('button', { name: 'Later' }).click();
    await banner.waitFor({ state: 'detached' });
    assert.equal(await page.evaluate(() => document.activeElement.id), 'main', 'focus stays in the page');
    await page.waitForTimeout(1500);
    assert.equal(await page.evaluate(() => window.stillHere), true, 'no reload without the couple');
    const state = await page.evaluate(async () => {
      const reg = await navigator.serviceWorker.getRegistration();
      return { waiting: !!reg.waiting, caches: await caches.keys() };
    });
    assert.equal(state.waiting, true, 'build 2 is installed and waiting');
    assert.ok(state.caches.includes(`hearth-${id2}@/hearth/`), 'build 2 is cached whole before it is offered');

    // A plain reload keeps build 1 and offers again; "Reload" switches.
    await page.reload();
    await banner.waitFor({ timeout: 15_000 });
    assert.equal(await build2(), false, 'a plain reload does not switch builds');
    const button = banner.getByRole('button', { name: 'Reload' });
    const box = await button.boundingBox();
    assert.ok(box.height >= 44 && box.width >= 44, 'a 44 px target');
    await Promise.all([page.waitForEvent('load'), button.click()]);
    await h1(page).filter({ hasText: 'Today' }).waitFor();
    assert.equal(await build2(), true, 'running build 2 after "Reload"');
    assert.equal(await banner.count(), 0);
    assert.match(await page.locator('main').innerText(), /Sam & Alex/);
    assert.equal((await storedDoc(page)).couple.a.name, 'Sam');

    const left = (await page.evaluate(() => caches.keys())).sort();
    assert.deepEqual(left, ['another-app', 'hearth-0000000000000000@/another-hearth/', `hearth-${id2}@/hearth/`].sort());
  } finally {
    await server.close();
  }
  await s.done();
});
