#!/usr/bin/env node
// `make bench`: Hearth measured against the floor of its own stack (issue #9,
// and Lighthouse for #7). The Makefile builds first; this script measures the
// builds it is given, prints ONE table and writes it to bench/results.md.
//
//   node bench/run.mjs --hearth DIR --counter DIR --blank DIR --decade FILE
//                      [--runs 9] [--decade-runs 5] [--years 10] [--out bench/results.md]
//
// Every page is served by e2e/lib/server.js (the GitHub Pages way, each under
// its own subpath) from this one process, and opened in the system Chromium
// (e2e/lib/browser.js) in a fresh context per run. No CPU or network
// throttling except the slow-4G first visit (Chromium's network emulation)
// and inside Lighthouse, which applies its own presets.
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import zlib from 'node:zlib';
import { startServer } from '../e2e/lib/server.js';
import { launchBrowser, PHONE, QUIET_FLAGS } from '../e2e/lib/browser.js';
import { firstVisit, KIB } from './lib/transfer.mjs';

/** Gestures asks who is here (no one is taken for the one holding the device). */
const iAmSam = (page) => page.getByRole('group', { name: /Who's using Hearth/ }).getByRole('button', { name: 'Sam' }).click();

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const began = Date.now();
const { values: opt } = parseArgs({
  options: {
    hearth: { type: 'string', default: 'target/bench/hearth' },
    counter: { type: 'string', default: 'target/bench/counter-dist' },
    blank: { type: 'string', default: 'bench/blank' },
    decade: { type: 'string', default: 'e2e/artifacts/decade.json' },
    runs: { type: 'string', default: '11' },
    'decade-runs': { type: 'string', default: '5' },
    years: { type: 'string', default: '10' },
    out: { type: 'string', default: 'bench/results.md' },
    'no-lighthouse': { type: 'boolean', default: false },
  },
});
const RUNS = Number(opt.runs);
const DECADE_RUNS = Number(opt['decade-runs']);
const YEARS = Number(opt.years);
// Visits that fill the caches before a returning visit is measured.
const WARM_VISITS = 2;
// A first visit on a slow connection: the slow 4G Lighthouse applies when it
// throttles Chromium itself (its "devtools" method: 562.5 ms per request,
// 1474.56 kbit/s down, 675 up). No CPU slowdown. Throughputs in bytes/s.
const SLOW_RUNS = 3;
const SLOW_4G = { offline: false, latency: 562.5, downloadThroughput: (1474.56 * 1024) / 8, uploadThroughput: (675 * 1024) / 8 };
const budget = JSON.parse(fs.readFileSync(new URL('./budget.json', import.meta.url), 'utf8'));
const log = (...a) => console.error('bench:', ...a);

// ---- helpers ----

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const kib = (n) => `${(n / KIB).toFixed(1)} KiB`;
const ms = (n) => `${n.toFixed(n < 10 ? 1 : 0)} ms`;
const spread = (xs) => `${ms(median(xs))} (${ms(Math.min(...xs))}–${ms(Math.max(...xs))}, n=${xs.length})`;
const ratio = (a, b) => `${(a / b).toFixed(2)}×`;
const verdict = (ok) => (ok ? '✓' : '✗');
const sleep = (t) => new Promise((r) => setTimeout(r, t));

// Installed in every page before its own scripts, the same for all three
// apps: the moment a heading first exists in <main> (MutationObserver fires
// in the same task that inserted it, before paint), long tasks and layout
// shifts (observers set up before anything runs, so none is missed). For
// Hearth's `hearth:shown:<page>` marks it also notes when the next frame
// after the mark is rendered: `performance.mark` is wrapped, so the frame is
// asked for in the very task that made the mark, and a user-blocking task
// queued from that frame's requestAnimationFrame runs once its style, layout
// and paint are done, ahead of the app's background timers (the idle reading
// of the rest of the document). So "painted" includes whatever the app still
// does before that frame (other effects, dropping the old page).
function instrument() {
  if (window !== window.top) return;
  const b = (window.__bench = { main: undefined, longtasks: [], shifts: [], painted: {} });
  const seen = () => b.main === undefined && document.querySelector('main h1');
  const mo = new MutationObserver(() => {
    if (seen()) {
      b.main = performance.now();
      mo.disconnect();
    }
  });
  mo.observe(document, { childList: true, subtree: true });
  const watch = (type, push) => {
    try {
      new PerformanceObserver((list) => list.getEntries().forEach(push)).observe({ type, buffered: true });
    } catch {
      b[`no_${type}`] = true;
    }
  };
  watch('longtask', (e) => b.longtasks.push({ start: e.startTime, duration: e.duration }));
  watch('layout-shift', (e) => b.shifts.push({ start: e.startTime, value: e.value, input: e.hadRecentInput }));
  // The latest candidate: what the page's largest paint was so far.
  watch('largest-contentful-paint', (e) => (b.lcp = e.startTime));
  const mark = performance.mark.bind(performance);
  performance.mark = (name, ...rest) => {
    const entry = mark(name, ...rest);
    if (String(name).startsWith('hearth:shown:')) {
      const note = () => (b.painted[name] ||= []).push({ mark: entry.startTime, painted: performance.now() });
      requestAnimationFrame(() => scheduler.postTask(note, { priority: 'user-blocking' }));
    }
    return entry;
  };
}

// The decade goes into localStorage once per tab, before the app starts:
// either the whole document or the keys Hearth itself stored for it.
function seed(data) {
  if (sessionStorage.getItem('bench:seeded')) return;
  if (typeof data === 'string') localStorage.setItem('hearth:doc', data);
  else for (const [k, v] of Object.entries(data)) localStorage.setItem(k, v);
  sessionStorage.setItem('bench:seeded', '1');
}

async function context(browser, { decade } = {}) {
  const ctx = await browser.newContext({ viewport: PHONE, colorScheme: 'light' });
  await ctx.addInitScript(instrument);
  if (decade) await ctx.addInitScript(seed, decade);
  const page = await ctx.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  return { ctx, page, errors };
}

/** Start time (ms since navigation start) of the first mark `name` at or after `after`. */
async function waitMark(page, name, after = 0) {
  const find = ([n, a]) => performance.getEntriesByName(n, 'mark').find((e) => e.startTime >= a)?.startTime;
  await page.waitForFunction(find, [name, after], { timeout: 60_000 });
  return page.evaluate(find, [name, after]);
}

/** `{mark, painted}` of the first `hearth:shown:<title>` at or after `after`, once painted. */
async function waitPainted(page, title, after = 0) {
  const find = ([n, a]) => window.__bench.painted[n]?.find((e) => e.mark >= a);
  await page.waitForFunction(find, [`hearth:shown:${title}`, after], { timeout: 60_000 });
  return page.evaluate(find, [`hearth:shown:${title}`, after]);
}

const bench = (page) => page.evaluate(() => JSON.parse(JSON.stringify(window.__bench)));
const worstTask = (tasks, from = 0) =>
  Math.max(0, ...tasks.filter((t) => t.start + t.duration > from).map((t) => t.duration));
const cls = (shifts) => shifts.filter((s) => !s.input).reduce((n, s) => n + s.value, 0);

function git(...args) {
  try {
    return execFileSync('git', args, { cwd: ROOT, encoding: 'utf8' }).trim();
  } catch {
    return '';
  }
}

// ---- 1. first-visit transfer (files on disk, as a static host sends them) ----

const hearthDir = path.resolve(ROOT, opt.hearth);
const counterDir = path.resolve(ROOT, opt.counter);
const blankDir = path.resolve(ROOT, opt.blank);
const hearthSize = firstVisit(hearthDir, '/hearth/');
const counterSize = firstVisit(counterDir, '/counter/');
log(`first visit: Hearth ${kib(hearthSize.core.gzip)} gzip, counter ${kib(counterSize.core.gzip)} gzip`);

// ---- serve all three from this process ----

const servers = {
  hearth: await startServer({ root: hearthDir, base: '/hearth/' }),
  counter: await startServer({ root: counterDir, base: '/counter/' }),
  blank: await startServer({ root: blankDir, base: '/blank/' }),
};
const browser = await launchBrowser();
const chromium = browser.version();
const problems = [];

try {
  // Cross-check the file list with what the browser really fetches.
  {
    const { ctx, page } = await context(browser);
    const fetched = new Set();
    page.on('request', (r) => fetched.add(new URL(r.url()).pathname.slice('/hearth/'.length) || 'index.html'));
    await page.goto(servers.hearth.url);
    await page.waitForFunction(() => window.__bench.main !== undefined);
    for (const f of hearthSize.files.filter((f) => f.core)) {
      if (!fetched.has(f.file)) problems.push(`first visit: ${f.file} is listed but the browser did not fetch it`);
    }
    await ctx.close();
  }

  // ---- 2. start: navigation → first heading in <main> ----

  const apps = ['blank', 'counter', 'hearth'];
  // One visit: navigation start → a heading in <main>, and first contentful paint.
  const visit = async (app, page, errors, url = servers[app].url) => {
    await page.goto(url);
    await page.waitForFunction(() => window.__bench.main !== undefined, null, { timeout: 60_000 });
    await page.waitForFunction(() => performance.getEntriesByName('first-contentful-paint').length > 0, null, {
      timeout: 10_000,
    });
    const seen = await page.evaluate(() => [
      window.__bench.main,
      performance.getEntriesByName('first-contentful-paint')[0].startTime,
    ]);
    if (errors.length) problems.push(`${app}: page error ${errors[0]}`);
    return seen;
  };
  const start = { blank: [], counter: [], hearth: [] };
  const fcp = { blank: [], counter: [], hearth: [] };
  for (let round = -1; round < RUNS; round++) {
    // Interleaved, the order rotating each round; round -1 warms up (not kept).
    const order = apps.map((_, i) => apps[(i + Math.max(round, 0)) % apps.length]);
    for (const app of order) {
      const { ctx, page, errors } = await context(browser);
      const [t, paint] = await visit(app, page, errors);
      if (round >= 0) {
        start[app].push(t);
        fcp[app].push(paint);
      }
      await ctx.close();
    }
  }
  log(`start medians: blank ${ms(median(start.blank))}, counter ${ms(median(start.counter))}, hearth ${ms(median(start.hearth))}`);

  // ---- 2b. start on a returning visit ----
  // One context per app kept for all its visits, as a person's browser is:
  // the HTTP cache (revalidated: 304), V8's cache of the compiled wasm and,
  // for Hearth, its service worker. WARM_VISITS first fill those.
  const again = { blank: [], counter: [], hearth: [] };
  const againFcp = { blank: [], counter: [], hearth: [] };
  const kept = {};
  for (const app of apps) {
    kept[app] = await context(browser);
    for (let i = 0; i < WARM_VISITS; i++) {
      await visit(app, kept[app].page, kept[app].errors);
      await sleep(1000);
    }
  }
  for (let round = 0; round < RUNS; round++) {
    for (const app of apps.map((_, i) => apps[(i + round) % apps.length])) {
      const [t, paint] = await visit(app, kept[app].page, kept[app].errors);
      again[app].push(t);
      againFcp[app].push(paint);
    }
  }
  const controlled = await kept.hearth.page.evaluate(() => !!navigator.serviceWorker.controller);
  if (!controlled) problems.push('returning visit: Hearth was not served by its service worker');
  for (const app of apps) await kept[app].ctx.close();
  log(`returning visit medians: blank ${ms(median(again.blank))}, counter ${ms(median(again.counter))}, hearth ${ms(median(again.hearth))}`);

  // ---- 2c. a first visit on a slow connection ----
  // Chromium's own network emulation on a real load (SLOW_4G), served gzip
  // -9 as Pages does: what a first visit on a slow connection waits for
  // before anything shows (first paint) and before the app is there.
  const slow = { blank: [], counter: [], hearth: [] };
  const slowPaint = { blank: [], counter: [], hearth: [] };
  const slowLcp = { blank: [], counter: [], hearth: [] };
  const fronts = {};
  try {
    for (const app of apps) fronts[app] = await gzipFront(servers[app]);
    for (let round = 0; round < SLOW_RUNS; round++) {
      for (const app of apps.map((_, i) => apps[(i + round) % apps.length])) {
        const { ctx, page, errors } = await context(browser);
        const cdp = await ctx.newCDPSession(page);
        await cdp.send('Network.enable');
        await cdp.send('Network.emulateNetworkConditions', SLOW_4G);
        const [t, paint] = await visit(app, page, errors, fronts[app].url);
        slow[app].push(t);
        slowPaint[app].push(paint);
        // A few frames after the heading: the app's own paint is a candidate by then.
        await page.waitForTimeout(300);
        slowLcp[app].push(await page.evaluate(() => window.__bench.lcp ?? NaN));
        await ctx.close();
      }
    }
  } finally {
    await Promise.all(Object.values(fronts).map((front) => front.close()));
  }
  log(`slow 4G, heading: blank ${ms(median(slow.blank))}, counter ${ms(median(slow.counter))}, hearth ${ms(median(slow.hearth))}`);

  // ---- 3. ten years of data ----

  const whole = fs.readFileSync(path.resolve(ROOT, opt.decade), 'utf8');
  // Stored as Hearth stores it: the whole document opened once and one
  // change saved (the first save writes the parts), then the keys copied.
  const decade = await (async () => {
    const { ctx, page } = await context(browser, { decade: whole });
    await page.goto(servers.hearth.url + 'settings');
    await page.locator('#a_name').fill('Sam');
    await page.locator('#a_name').fill('Sam ');
    await page.getByRole('button', { name: 'Save names' }).click();
    await page.getByText('Names saved.').waitFor();
    const keys = await page.evaluate(() =>
      Object.fromEntries(
        Object.keys(localStorage)
          .filter((k) => k === 'hearth:doc' || k.startsWith('hearth:part:'))
          .map((k) => [k, localStorage.getItem(k)]),
      ),
    );
    await ctx.close();
    return keys;
  })();
  const partCount = Object.keys(decade).length - 1;
  if (!decade['hearth:doc']?.includes('"parts":')) problems.push('the decade was not stored in parts');
  // Characters of keys and values (all ASCII: one byte each as Chromium stores them).
  const docBytes = Object.entries(decade).reduce((n, [k, v]) => n + k.length + v.length, 0);
  const wholeBytes = Buffer.byteLength(whole, 'utf8');
  const PAGES = [
    ['Today', '/'],
    ['Check in', '/check-in'],
    ['The dilemma', '/dilemma'],
    ['Gestures', '/gestures'],
    ['Us time', '/us-time'],
    ['Journey', '/journey'],
    ['Settings', '/settings'],
  ];
  const perPage = Object.fromEntries(
    PAGES.map(([t]) => [
      t,
      { load: [], loadPaint: [], cold: [], afterPaint: [], opened: [], nav: [], navPaint: [], navTask: [], cls: [] },
    ]),
  );
  const saves = [];
  const namesSaves = [];
  const checkinSaves = [];
  const backupTasks = [];
  const markdownTasks = [];
  const clickLink = (page, route) =>
    page.evaluate((target) => {
      const want = new URL(target, document.baseURI).pathname.replace(/\/$/, '');
      const link = [...document.querySelectorAll('nav a')].find(
        (a) => new URL(a.href).pathname.replace(/\/$/, '') === want,
      );
      if (!link) throw new Error(`no nav link to ${target}`);
      const t = performance.now();
      link.click();
      return t;
    }, `.${route}`);

  for (let round = 0; round < DECADE_RUNS; round++) {
    // a) Each page opened directly: render time from wasm start, CLS on
    //    load, and the longest task of the load (wasm compile, opening the
    //    document and the first render all happen here).
    for (const [title, route] of PAGES) {
      const { ctx, page, errors } = await context(browser, { decade });
      await page.goto(servers.hearth.url + route.slice(1));
      const wasmStart = await waitMark(page, 'hearth:start');
      const shown = await waitPainted(page, title);
      await sleep(1000); // let late tasks and shifts land
      const b = await bench(page);
      perPage[title].load.push(shown.mark - wasmStart);
      perPage[title].loadPaint.push(shown.painted - wasmStart);
      perPage[title].cold.push(worstTask(b.longtasks));
      // After the first frame: Today's idle reading of the other parts.
      perPage[title].afterPaint.push(worstTask(b.longtasks, shown.painted));
      perPage[title].cls.push(cls(b.shifts));
      const opened = await page.evaluate(() => ({
        open: performance.getEntriesByName('hearth:open', 'measure')[0]?.duration,
        rest: performance.getEntriesByName('hearth:finish-opening', 'measure')[0]?.startTime,
      }));
      perPage[title].opened.push(opened);
      if (errors.length) problems.push(`${title}: page error ${errors[0]}`);
      await ctx.close();
    }

    // b) After load: from Today, each page through the app's own links; the
    //    time to its mounted view and the longest task it causes. Then one
    //    edit in Settings and its save.
    const { ctx, page, errors } = await context(browser, { decade });
    await page.goto(servers.hearth.url);
    await waitPainted(page, 'Today');
    await sleep(1000);
    for (const [title, route] of [...PAGES.slice(1), PAGES[0]]) {
      const t0 = await clickLink(page, route);
      const shown = await waitPainted(page, title, t0);
      if (title === 'Journey') {
        // The chart and the timeline are part of the view the mark follows.
        const ok = await page.evaluate(
          () => !!document.querySelector('main svg path.line-a') && !!document.querySelector('main .timeline > li'),
        );
        if (!ok) problems.push('Journey: chart or timeline missing when its view was marked');
      }
      await sleep(500);
      const b = await bench(page);
      perPage[title].nav.push(shown.mark - t0);
      perPage[title].navPaint.push(shown.painted - t0);
      perPage[title].navTask.push(worstTask(b.longtasks, t0));
    }
    await clickLink(page, '/settings');
    await waitMark(page, 'hearth:shown:Settings');
    const savesBefore = await page.evaluate(() => performance.getEntriesByName('hearth:save', 'measure').length);
    await page.locator('#a_name').fill(`Sam ${round}`);
    await page.getByRole('button', { name: 'Save names' }).click();
    await page.getByText('Names saved.').waitFor();
    const save = await page.evaluate(
      (n) => performance.getEntriesByName('hearth:save', 'measure').slice(n).map((e) => e.duration),
      savesBefore,
    );
    if (save.length !== 1) problems.push(`save: expected one save for one edit, saw ${save.length}`);
    namesSaves.push(...save);
    // Settings' two downloads, each of the whole decade: the backup (3.4 MB
    // of JSON, written a piece per task) and the readable Markdown.
    for (const [label, worst] of [['Download a backup', backupTasks], ['Download our words (Markdown)', markdownTasks]]) {
      const t0 = await page.evaluate(() => performance.now());
      const file = page.waitForEvent('download');
      await page.locator('section[aria-labelledby="backups-title"]').getByRole('button', { name: label, exact: true }).click();
      await file;
      await sleep(500);
      worst.push(worstTask((await bench(page)).longtasks, t0));
    }
    // A new record: one month's part and the head are written.
    await clickLink(page, '/gestures');
    await waitMark(page, 'hearth:shown:Gestures');
    await iAmSam(page);
    const before2 = await page.evaluate(() => performance.getEntriesByName('hearth:save', 'measure').length);
    await page.getByLabel('A time Alex made me feel loved').fill(`You listened, round ${round}`);
    await page.getByRole('button', { name: 'Save to the journal' }).click();
    await page.locator('.journal').getByText(`You listened, round ${round}`).waitFor();
    const save2 = await page.evaluate(
      (n) => performance.getEntriesByName('hearth:save', 'measure').slice(n).map((e) => e.duration),
      before2,
    );
    if (save2.length !== 1) problems.push(`save: expected one save for one journal entry, saw ${save2.length}`);
    saves.push(...save2);
    // The most common edit: a check-in answered (a new record among 7,300).
    const t3 = await clickLink(page, '/check-in');
    await waitMark(page, 'hearth:shown:Check in', t3);
    // (Settings renamed Sam above: "Sam 0 first".)
    const first = page.getByRole('button', { name: /^Sam.* first$/ });
    if (await first.waitFor({ timeout: 5000 }).then(() => true, () => false)) {
      await first.click();
      await page.getByRole('radio', { name: /^7 / }).check();
      const before3 = await page.evaluate(() => performance.getEntriesByName('hearth:save', 'measure').length);
      await page.getByRole('button', { name: 'Save my answer' }).click();
      await page.getByRole('heading', { name: /^Thank you, Sam/ }).waitFor();
      const save3 = await page.evaluate(
        (n) => performance.getEntriesByName('hearth:save', 'measure').slice(n).map((e) => e.duration),
        before3,
      );
      if (save3.length !== 1) problems.push(`save: expected one save for one check-in answer, saw ${save3.length}`);
      checkinSaves.push(...save3);
    } else problems.push('check-in: no "Sam first" button with the decade loaded');
    if (errors.length) problems.push(`after load: page error ${errors[0]}`);
    await ctx.close();
    log(`decade round ${round + 1}/${DECADE_RUNS} done`);
  }

  // c) Once, the heavy interactions with ten years: bringing the decade's
  //    own backup back (checking the file, a piece per task; then merging
  //    it), turning the lock on, and a save with the lock on (the whole
  //    document sealed again; not split yet).
  const heavy = {};
  {
    const { ctx, page, errors } = await context(browser, { decade });
    await page.goto(servers.hearth.url + 'settings');
    await waitPainted(page, 'Settings');
    await sleep(1000);
    const timed = async (name, step) => {
      const t0 = await page.evaluate(() => performance.now());
      await step();
      await sleep(500);
      heavy[name] = worstTask((await bench(page)).longtasks, t0);
    };
    const backups = page.locator('section[aria-labelledby="backups-title"]');
    const file = page.waitForEvent('download');
    await backups.getByRole('button', { name: 'Download a backup', exact: true }).click();
    const backupFile = await (await file).path();
    const merge = page.getByRole('button', { name: 'Merge into what is here' });
    await timed('check', async () => {
      await page.locator('#import-file').setInputFiles(backupFile);
      await merge.waitFor();
    });
    await timed('merge', async () => {
      await merge.click();
      await merge.waitFor({ state: 'detached' });
    });
    await timed('lock', async () => {
      await page.getByRole('button', { name: 'Turn on the lock…' }).click();
      await page.getByLabel('New passphrase').fill('a bench of ten years');
      await page.getByLabel('Type it again').fill('a bench of ten years');
      await page.getByRole('button', { name: 'Turn on the lock', exact: true }).click();
      await page.getByText('The lock is on.', { exact: true }).waitFor({ timeout: 60_000 });
    });
    heavy.sealedChars = await page.evaluate(() => localStorage.getItem('hearth:doc').length);
    await clickLink(page, '/gestures');
    await waitMark(page, 'hearth:shown:Gestures');
    await iAmSam(page);
    await sleep(500);
    await timed('lockedSave', async () => {
      await page.getByLabel('A time Alex made me feel loved').fill('You read to me, locked');
      await page.getByRole('button', { name: 'Save to the journal' }).click();
      await page.locator('.journal').getByText('You read to me, locked').waitFor();
      await sleep(1000); // the sealed write is queued after the change is shown
    });
    if (errors.length) problems.push(`import and lock: page error ${errors[0]}`);
    await ctx.close();
  }

  // d) Today, then Journey, on a returning visit: one context kept, the
  //    decade stored in it once (from a plain file of the same origin, so no
  //    app runs meanwhile), WARM_VISITS visits first, then DECADE_RUNS measured.
  const todayAgain = { load: [], loadPaint: [], afterPaint: [] };
  const journeyAgain = [];
  {
    const { ctx, page, errors } = await context(browser);
    await page.goto(servers.hearth.url + 'manifest.webmanifest');
    await page.evaluate((keys) => Object.entries(keys).forEach(([k, v]) => localStorage.setItem(k, v)), decade);
    for (let i = 0; i < WARM_VISITS + DECADE_RUNS; i++) {
      await page.goto(servers.hearth.url);
      const wasmStart = await waitMark(page, 'hearth:start');
      const shown = await waitPainted(page, 'Today');
      await sleep(1000);
      if (i < WARM_VISITS) continue;
      const b = await bench(page);
      todayAgain.load.push(shown.mark - wasmStart);
      todayAgain.loadPaint.push(shown.painted - wasmStart);
      todayAgain.afterPaint.push(worstTask(b.longtasks, shown.mark));
    }
    // Journey opened directly the same way: it waits for every part, read
    //    by code compiled on an earlier visit (on a first visit, by the
    //    baseline compiler's code: about three times slower).
    for (let i = 0; i < DECADE_RUNS; i++) {
      await page.goto(servers.hearth.url + 'journey');
      const wasmStart = await waitMark(page, 'hearth:start');
      const shown = await waitPainted(page, 'Journey');
      await sleep(500);
      journeyAgain.push(shown.painted - wasmStart);
    }
    const ok = await page.evaluate(() => !!navigator.serviceWorker.controller && !!document.querySelector('main h1'));
    if (!ok) problems.push('Today, returning visit: not served by the service worker, or no heading');
    if (errors.length) problems.push(`Today, returning visit: page error ${errors[0]}`);
    await ctx.close();
  }

  // ---- 4. Lighthouse (its own Chrome, fresh profile, preset throttling) ----

  const lighthouse = {};
  if (!opt['no-lighthouse']) {
    const front = await gzipFront(servers.hearth);
    try {
      for (const preset of ['mobile', 'desktop']) {
        lighthouse[preset] = await runLighthouse(front.url, preset);
        log(`lighthouse ${preset}: ${JSON.stringify(lighthouse[preset].scores)}`);
      }
    } finally {
      await front.close();
    }
  }

  // ---- the table ----

  const rows = [];
  const row = (figure, value, goal = '', vsFloor = '') => rows.push([figure, value, goal, vsFloor]);
  const goalKib = budget.first_visit_gzip_kib_goal;
  row(
    'First visit, Hearth, gzip -9 (html+js+wasm+css)',
    kib(hearthSize.core.gzip),
    `≤ ${goalKib} KiB ${verdict(hearthSize.core.gzip / KIB <= goalKib)}`,
    ratio(hearthSize.core.gzip, counterSize.core.gzip),
  );
  row('First visit, counter (floor), gzip -9', kib(counterSize.core.gzip), '', '1×');
  row('First visit, Hearth, brotli 11', kib(hearthSize.core.brotli), '', ratio(hearthSize.core.brotli, counterSize.core.brotli));
  row('First visit, counter, brotli 11', kib(counterSize.core.brotli), '', '1×');
  row('First visit, Hearth, uncompressed', kib(hearthSize.core.raw), '', ratio(hearthSize.core.raw, counterSize.core.raw));
  const wasm = hearthSize.files.find((f) => f.file.endsWith('.wasm'));
  const cwasm = counterSize.files.find((f) => f.file.endsWith('.wasm'));
  row('…of which the wasm, gzip -9', kib(wasm.gzip), '', ratio(wasm.gzip, cwasm.gzip));
  row('Hearth extras: favicon, manifest, touch icon, gzip -9', kib(hearthSize.extra.gzip));
  row('Start → heading in `<main>`, blank page', spread(start.blank), '', '');
  row('Start → heading in `<main>`, counter', spread(start.counter), '', ratio(median(start.counter), median(start.blank)) + ' blank');
  row('Start → heading in `<main>`, Hearth (welcome)', spread(start.hearth), '', '');
  const rb = median(start.hearth) / median(start.blank);
  const rc = median(start.hearth) / median(start.counter);
  row('Start ratio Hearth / blank', `${rb.toFixed(2)}×`, `≤ 1.3× ${verdict(rb <= 1.3)}`, '');
  row('Start ratio Hearth / counter', `${rc.toFixed(2)}×`, `≤ 1.1× ${verdict(rc <= 1.1)}`, '');
  row('Start → heading in `<main>`, returning visit, blank page', spread(again.blank));
  row('Start → heading in `<main>`, returning visit, counter', spread(again.counter), '', ratio(median(again.counter), median(again.blank)) + ' blank');
  row('Start → heading in `<main>`, returning visit, Hearth (welcome)', spread(again.hearth));
  const ab = median(again.hearth) / median(again.blank);
  const ac = median(again.hearth) / median(again.counter);
  row('Start ratio on a returning visit, Hearth / blank', `${ab.toFixed(2)}×`, `≤ 1.3× ${verdict(ab <= 1.3)}`);
  row('Start ratio on a returning visit, Hearth / counter', `${ac.toFixed(2)}×`, `≤ 1.1× ${verdict(ac <= 1.1)}`);
  row(
    'First contentful paint, blank / counter / Hearth',
    `${ms(median(fcp.blank))} / ${ms(median(fcp.counter))} / ${ms(median(fcp.hearth))}`,
    '',
    `${ratio(median(fcp.hearth), median(fcp.blank))} blank, ${ratio(median(fcp.hearth), median(fcp.counter))} counter`,
  );
  for (const [app, label] of [['blank', 'blank page'], ['counter', 'counter'], ['hearth', 'Hearth (welcome)']]) {
    row(
      `Slow 4G (emulated), first visit, ${label}: first paint · largest paint · heading in \`<main>\``,
      `${ms(median(slowPaint[app]))} · ${ms(median(slowLcp[app]))} · ${ms(median(slow[app]))} (n=${SLOW_RUNS})`,
      '',
      app === 'hearth' ? `heading ${ratio(median(slow.hearth), median(slow.counter))} counter` : '',
    );
  }
  row(
    `Ten years: document in localStorage (head + ${partCount} monthly parts)`,
    `${(docBytes / 1e6).toFixed(2)} MB (${docBytes.toLocaleString('en')} bytes; ${(wholeBytes / 1e6).toFixed(2)} MB as one JSON text)`,
    `< 2 MB ${verdict(docBytes < 2e6)}`,
  );
  row('Ten years: document per year of use', `${kib(docBytes / YEARS)} (÷ ${YEARS} years)`);
  const home = median(perPage.Today.loadPaint);
  row('Ten years: Today, wasm start → painted', spread(perPage.Today.loadPaint), `< 50 ms ${verdict(home < 50)}`);
  row('Ten years: Today, wasm start → view mounted', spread(perPage.Today.load));
  const homeAgain = median(todayAgain.loadPaint);
  row(
    'Ten years: Today on a returning visit, wasm start → painted',
    spread(todayAgain.loadPaint),
    `< 50 ms ${verdict(homeAgain < 50)}`,
  );
  row(
    'Ten years: Today on a returning visit, wasm start → view mounted · longest task from the mark',
    `${spread(todayAgain.load)} · ${ms(Math.max(...todayAgain.afterPaint))}`,
  );
  {
    const o = perPage.Today.opened;
    const open = o.map((x) => x.open).filter((x) => x !== undefined);
    if (open.length) row("Ten years: Today, opening the document (head + Home's parts)", spread(open));
    if (o.every((x) => x.rest !== undefined)) {
      row(
        'Ten years: Today, the other parts read while idle · longest task after the first frame',
        `all joined by ${ms(median(o.map((x) => x.rest)))} after navigation · ${ms(Math.max(...perPage.Today.afterPaint))}`,
        `no task > 50 ms ${verdict(Math.max(...perPage.Today.afterPaint) <= 50)}`,
      );
    } else problems.push('Today: the rest of the document was not read within a second');
  }
  const journey = median(perPage.Journey.navPaint);
  row('Ten years: Journey chart + timeline, click → painted', spread(perPage.Journey.navPaint), `< 150 ms ${verdict(journey < 150)}`);
  row('Ten years: Journey, click → view mounted', spread(perPage.Journey.nav));
  row('Ten years: Journey opened directly, wasm start → painted', spread(perPage.Journey.loadPaint));
  row('Ten years: Journey opened directly on a returning visit, wasm start → painted', spread(journeyAgain));
  const save = median(saves);
  row('Ten years: save after one edit, a journal entry (vault save)', spread(saves), `< 5 ms ${verdict(save < 5)}`);
  row('Ten years: save after one edit, the names (vault save; the visit\'s first save)', spread(namesSaves));
  if (checkinSaves.length) {
    const c = median(checkinSaves);
    row('Ten years: save after one edit, a check-in answered (vault save)', spread(checkinSaves), `< 5 ms ${verdict(c < 5)}`);
  }
  const downloads = Math.max(...backupTasks, ...markdownTasks);
  row(
    'Ten years: Settings, download a backup (the whole decade) · our words (Markdown): longest task',
    `${ms(Math.max(...backupTasks))} · ${ms(Math.max(...markdownTasks))}, the worst of ${backupTasks.length} rounds`,
    `no task > 50 ms ${verdict(downloads <= 50)}`,
  );
  row(
    'Ten years: bring the decade\'s backup back, checking the file · merging it: longest task',
    `${ms(heavy.check)} · ${ms(heavy.merge)}`,
    `no task > 50 ms ${verdict(Math.max(heavy.check, heavy.merge) <= 50)}`,
  );
  row(
    'Ten years, lock on: turning it on · a save after one edit (the whole document sealed again): longest task',
    `${ms(heavy.lock)} · ${ms(heavy.lockedSave)}; sealed, ${heavy.sealedChars.toLocaleString('en')} characters`,
    `no task > 50 ms ${verdict(Math.max(heavy.lock, heavy.lockedSave) <= 50)}`,
  );
  for (const [title] of PAGES) {
    const p = perPage[title];
    const nav = Math.max(...p.navTask);
    const shift = Math.max(...p.cls);
    row(
      `Ten years, ${title}: longest task after load · CLS on load`,
      `${ms(nav)}, the worst of ${p.navTask.length} rounds (median ${ms(median(p.navTask))}; click → painted ${ms(median(p.navPaint))}) · CLS ${shift.toFixed(3)}; opened directly: longest task ${ms(Math.max(...p.cold))}`,
      `no task > 50 ms, CLS 0 ${verdict(nav <= 50 && shift === 0)}`,
    );
  }
  for (const [preset, lh] of Object.entries(lighthouse)) {
    const s = lh.scores;
    row(
      `Lighthouse ${lh.version}, ${preset} (welcome screen)`,
      `performance ${s.performance} · accessibility ${s.accessibility} · best practices ${s['best-practices']} · SEO ${s.seo}`,
      `100 each ${verdict(Object.values(s).every((v) => v === 100))}`,
    );
  }

  const when = new Date();
  const commit = `${git('rev-parse', '--short', 'HEAD')}${git('status', '--porcelain', '--untracked-files=no', '--', '.', ':!bench/results.md') ? ' (with uncommitted changes)' : ''}`;
  const cpus = os.cpus();
  const machine = `${cpus.length} cores, ${cpus[0]?.model ?? 'unknown CPU'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Chromium ${chromium}, Node ${process.version}, load average at the end ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`;
  const table = [
    '| Figure | Value | Budget | Ratio to the floor |',
    '| --- | --- | --- | --- |',
    ...rows.map((r) => `| ${r.join(' | ')} |`),
  ].join('\n');
  const seconds = Math.round((Date.now() - began) / 1000);
  const lhNotes = Object.entries(lighthouse).flatMap(([preset, lh]) => [
    `- ${preset}: ${lh.metrics}`,
    ...lh.failed.map((f) => `  - ${f}`),
  ]);
  const md = [
    '# Hearth benchmark',
    '',
    `Written by \`make bench\` (bench/run.mjs) on ${when.toISOString().slice(0, 16).replace('T', ' ')} UTC, commit ${commit}.`,
    `Machine: ${machine}. Measuring took ${seconds} s.`,
    '',
    table,
    '',
    '## How each figure is measured',
    '',
    '- First visit: `index.html` and every file it refers to, as built (bench/lib/transfer.mjs), compressed with',
    '  node:zlib at gzip level 9 and brotli quality 11; the same count as the size check in `make test`.',
    '  The floor is bench/counter (Leptos 0.8 CSR + gloo-storage, same release profile, Trunk and wasm-opt).',
    `- Start: ${RUNS} runs per page (after one warm-up round), interleaved, a fresh browser context each, all`,
    '  served by one Node process under a subpath; the time from navigation start until a heading first',
    '  exists in `<main>` (a MutationObserver installed before the page runs; before paint). Hearth shows',
    '  its welcome screen (fresh profile). No CPU or network throttling. Values are median (min–max).',
    `- Returning visit: the same, in one context per app kept across visits (${WARM_VISITS} visits first, not`,
    '  kept), as a person opens Hearth again: the HTTP cache revalidated (the server sends ETags, as Pages',
    '  does), V8\'s cache of the compiled wasm, and for Hearth its service worker. A couple with ten years',
    '  of data is always on a returning visit, so Today with the decade is measured this way too (the',
    '  longest task counted from the mark to a second after it), and then Journey opened directly, which waits',
    '  for every part; the fresh-context figures are the first visit.',
    `- Slow 4G: a first visit (fresh context) with Chromium's network emulation at the values Lighthouse applies`,
    `  when it throttles the browser itself (562.5 ms per request, 1.47 Mbit/s down, 675 kbit/s up; no CPU slowdown),`,
    `  served gzip -9; ${SLOW_RUNS} runs each, interleaved, medians. First paint`,
    '  is `first-contentful-paint`, largest paint the last `largest-contentful-paint` candidate 300 ms after the',
    '  heading. Hearth draws its opening screen (index.html) before the wasm arrives: on a first visit to the',
    '  start page that is the welcome\'s heading and first words, in the places the app then draws them.',
    `- Ten years: e2e/artifacts/decade.json opened once and one change saved, so Hearth stores it in its parts; those`,
    `  keys are put in localStorage before the app starts; ${DECADE_RUNS} rounds.`,
    '  Render times come from the app\'s own performance marks (src/perf.rs): `hearth:start` when the wasm',
    '  starts, `hearth:shown:<page>` from an Effect once the page\'s whole view is mounted (a long page',
    '  builds its lower part in a task after its first frame, src/components/page.rs `Later`: the mark',
    '  follows that part), and the measure',
    '  `hearth:save` around the vault\'s save (merge, write, read back, verify). "Painted" is when the first',
    '  frame after that mark is rendered: a user-blocking task queued from its requestAnimationFrame, asked',
    '  for in the task that made the mark (the budgets are judged on it; "mounted" is the mark itself). Until',
    '  2026-11-29 it was a PerformanceObserver callback, then requestAnimationFrame and setTimeout: that could',
    '  land a frame late and behind an 8 ms slice of idle reading, about 10 ms more. "Click" is an in-app navigation through the nav links from Today. Long tasks (> 50 ms,',
    '  PerformanceObserver) are counted from the click to 500 ms after; CLS sums layout shifts without',
    '  recent input, over the load and the second after it. "Opened directly" includes compiling the wasm',
    '  and reading the document (for Today, only the parts Home reads). Opening is the measure `hearth:open`',
    '  (the head and Home\'s parts); the other parts are read while idle in slices of at most 8 ms and',
    '  joined in the measure `hearth:finish-opening`, whose start is reported, with the longest task from',
    '  the first painted frame to a second later. The downloads in Settings (the backup and the Markdown,',
    '  each of the whole decade): the longest task from the click to 500 ms after the file arrives.',
    '  Once, in a fresh tab: the decade\'s backup chosen in "Bring back a backup" and merged, the lock',
    '  turned on, and one journal entry saved with it on; the longest task from each step to 500 ms after.',
    '- Lighthouse: the pinned CLI (bench/package.json) with the system Chromium, headless, a fresh profile,',
    '  default (mobile, simulated 4× CPU slowdown and slow 4G) and `--preset=desktop`, served gzip -9 as',
    '  GitHub Pages does (the timings above are served uncompressed on 127.0.0.1, the same for all three).',
    '  Its LCP is simulated (Lantern): every request started before the largest paint, low-priority images',
    '  aside, counts as something that paint waited for, so the preloaded wasm (fetched early because the app',
    '  needs it) sets it even when the largest paint is the opening screen; the slow-4G row measures the real one.',
    '',
    '## Lighthouse details',
    '',
    ...(lhNotes.length ? lhNotes : ['- not run (--no-lighthouse)']),
    '',
    '## Raw samples (ms)',
    '',
    ...apps.map((a) => `- start, ${a}: ${start[a].map((x) => x.toFixed(1)).join(', ')}`),
    ...apps.map((a) => `- start, returning visit, ${a}: ${again[a].map((x) => x.toFixed(1)).join(', ')}`),
    ...apps.map((a) => `- slow 4G, ${a}, first paint / largest paint / heading: ${slow[a].map((x, i) => `${slowPaint[a][i].toFixed(0)}/${slowLcp[a][i].toFixed(0)}/${x.toFixed(0)}`).join(', ')}`),
    `- Today, returning visit, wasm start → painted: ${todayAgain.loadPaint.map((x) => x.toFixed(1)).join(', ')}`,
    `- Today, wasm start → painted: ${perPage.Today.loadPaint.map((x) => x.toFixed(1)).join(', ')}`,
    `- Journey, click → painted: ${perPage.Journey.navPaint.map((x) => x.toFixed(1)).join(', ')}`,
    ...PAGES.map(([t]) => `- ${t}, longest task after the click: ${perPage[t].navTask.map((x) => x.toFixed(0)).join(', ')}`),
    `- save: ${saves.map((x) => x.toFixed(2)).join(', ')}`,
    `- save, check-in: ${checkinSaves.map((x) => x.toFixed(2)).join(', ')}`,
    `- longest task, download a backup · Markdown: ${backupTasks.map((x) => x.toFixed(0)).join(', ')} · ${markdownTasks.map((x) => x.toFixed(0)).join(', ')}`,
    '',
    ...(problems.length ? ['## Problems seen', '', ...problems.map((p) => `- ${p}`), ''] : []),
  ].join('\n');
  fs.writeFileSync(path.resolve(ROOT, opt.out), md);
  console.log(`\nHearth benchmark, ${when.toISOString().slice(0, 10)}, commit ${commit}\n${machine}\n\n${table}\n`);
  if (problems.length) console.log(`Problems:\n${problems.map((p) => `- ${p}`).join('\n')}\n`);
  console.log(`Written to ${path.relative(process.cwd(), path.resolve(ROOT, opt.out))} (${seconds} s).`);
} finally {
  await browser.close();
  await Promise.all(Object.values(servers).map((s) => s.close()));
}

// GitHub Pages sends text and wasm gzipped; e2e/lib/server.js does not (on
// 127.0.0.1 it makes no difference to the timings above). Lighthouse
// simulates a slow network from the bytes it sees, so it gets this front:
// the same server, gzip -9 when the request accepts it.
async function gzipFront(target) {
  const packed = new Map();
  const server = http.createServer((req, res) => {
    const upstream = http.request(
      { host: '127.0.0.1', port: target.port, path: req.url, method: req.method, headers: { ...req.headers, 'accept-encoding': 'identity' } },
      (up) => {
        const chunks = [];
        up.on('data', (c) => chunks.push(c));
        up.on('end', () => {
          let body = Buffer.concat(chunks);
          const headers = { ...up.headers };
          delete headers['transfer-encoding'];
          const type = String(headers['content-type'] || '');
          if (/\bgzip\b/.test(req.headers['accept-encoding'] || '') && body.length && /text|javascript|json|wasm|svg/.test(type)) {
            const key = `${up.statusCode} ${req.url}`;
            if (!packed.has(key)) packed.set(key, zlib.gzipSync(body, { level: 9 }));
            body = packed.get(key);
            headers['content-encoding'] = 'gzip';
            headers.vary = 'Accept-Encoding';
          }
          headers['content-length'] = String(body.length);
          res.writeHead(up.statusCode, headers);
          res.end(req.method === 'HEAD' ? undefined : body);
        });
      },
    );
    upstream.on('error', () => {
      res.writeHead(502);
      res.end();
    });
    req.pipe(upstream);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}${target.base}`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}

// Lighthouse as its CLI, with the same headless flags as the tests.
async function runLighthouse(url, preset) {
  const cli = path.join(ROOT, 'bench/node_modules/lighthouse/cli/index.js');
  if (!fs.existsSync(cli)) throw new Error('Lighthouse is not installed: run `cd bench && npm ci`');
  const out = path.join(os.tmpdir(), `hearth-lighthouse-${process.pid}-${preset}.json`);
  const flags = ['--headless=new', ...QUIET_FLAGS];
  const args = [
    cli,
    url,
    '--quiet',
    '--output=json',
    `--output-path=${out}`,
    '--only-categories=performance,accessibility,best-practices,seo',
    `--chrome-flags=${flags.join(' ')}`,
    ...(preset === 'desktop' ? ['--preset=desktop'] : []),
  ];
  await new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, {
      env: { ...process.env, CHROME_PATH: process.env.CHROME_PATH || '/usr/bin/chromium' },
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`lighthouse ${preset} exited with ${code}`))));
  });
  const report = JSON.parse(fs.readFileSync(out, 'utf8'));
  fs.rmSync(out, { force: true });
  const scores = Object.fromEntries(
    Object.entries(report.categories).map(([id, c]) => [id, c.score === null ? null : Math.round(c.score * 100)]),
  );
  const failed = [];
  for (const [id, c] of Object.entries(report.categories)) {
    for (const ref of c.auditRefs) {
      const a = report.audits[ref.id];
      if (!a || a.score === null || a.score >= 0.9 || ref.weight === 0 && a.scoreDisplayMode !== 'binary') continue;
      if (['notApplicable', 'informative', 'manual'].includes(a.scoreDisplayMode)) continue;
      const weight = ref.weight === 0 ? ', not counted in the score' : '';
      failed.push(`${id}: ${a.title}${a.displayValue ? ` (${a.displayValue})` : ''}, audit score ${Math.round(a.score * 100)}${weight}`);
    }
  }
  const m = (id) => report.audits[id]?.displayValue ?? '?';
  // Lighthouse's LCP is simulated from the trace's dependency graph; the
  // browser's own (unthrottled) one shows what was painted when.
  const seen = report.audits.metrics?.details?.items?.[0] ?? {};
  const observed = (k) => (Number.isFinite(seen[k]) ? `${Math.round(seen[k])} ms` : '?');
  const metrics =
    `FCP ${m('first-contentful-paint')}, LCP ${m('largest-contentful-paint')}, TBT ${m('total-blocking-time')}, CLS ${m('cumulative-layout-shift')}, Speed Index ${m('speed-index')}` +
    `; observed unthrottled: FCP ${observed('observedFirstContentfulPaint')}, LCP ${observed('observedLargestContentfulPaint')}`;
  return { version: report.lighthouseVersion, scores, failed, metrics };
}
