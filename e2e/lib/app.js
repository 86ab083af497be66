// Shared steps for Hearth's browser tests: one server and browser per test
// file, fresh pages with guards, and the few flows every file needs.
import { before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

import { startServer } from './server.js';
import { launchBrowser, newPage, PHONE, DESKTOP } from './browser.js';
import { distDir } from './dist.js';

/** Starts the server and browser for this test file; returns helpers. */
export function hearth() {
  const ctx = { server: null, browser: null };
  before(async () => {
    ctx.server = await startServer({ root: distDir(), base: '/hearth/' });
    ctx.browser = await launchBrowser();
  });
  after(async () => {
    await ctx.browser?.close();
    await ctx.server?.close();
  });

  const url = (path = '') => ctx.server.url + path;

  /** A fresh browser profile; `done()` checks nothing went wrong quietly. */
  async function open(opts = {}) {
    const s = await newPage(ctx.browser, { origin: ctx.server.origin, ...opts });
    s.done = async () => {
      await s.context.close();
      assert.deepEqual(s.foreignRequests, [], 'no request may leave the origin');
      assert.deepEqual(s.pageErrors, [], 'no uncaught errors');
      // A deep link is answered by 404.html with status 404, as GitHub Pages does.
      const errors = s.consoleErrors.filter((m) => !/status of 404/.test(m));
      assert.deepEqual(errors, [], 'no console errors');
    };
    return s;
  }

  /** Runs `body(page, tag)` on a fresh page at phone and desktop width, in
   * light and dark, and checks each page closed cleanly. */
  async function inEveryMode(body) {
    for (const viewport of [PHONE, DESKTOP]) {
      for (const colorScheme of ['light', 'dark']) {
        const s = await open({ ...viewport, colorScheme });
        await body(s.page, `${viewport.width} ${colorScheme}`);
        await s.done();
      }
    }
  }

  return { ctx, url, open, inEveryMode };
}

// The page's heading, once the whole page is there: a long page builds its
// lower part just after its first frame, with <main aria-busy> until then.
export const h1 = (page) => page.locator('main:not([aria-busy]) h1');

export async function welcome(page, url, { a = 'Sam', b = 'Alex', struggles = ['Money'], aPronouns = '' } = {}) {
  await page.goto(url());
  await page.getByLabel('Your name').fill(a);
  if (aPronouns) await page.getByLabel('Your pronouns (optional)').fill(aPronouns);
  if (b) await page.getByLabel("Your partner's name").fill(b);
  else await page.getByLabel(/Just me for now/).check();
  for (const s of struggles) await page.getByLabel(s, { exact: true }).check();
  await page.getByRole('button', { name: "Let's begin" }).click();
  await page.locator('main h1', { hasText: 'Today' }).waitFor();
}

/** Puts the generated decade (e2e/artifacts/decade.json, made by the
 * Makefile) into this page's storage; returns the parsed document. */
export async function loadDecade(page, url) {
  const text = await readFile(fileURLToPath(new URL('../artifacts/decade.json', import.meta.url)), 'utf8');
  await page.goto(url());
  await page.evaluate((d) => localStorage.setItem('hearth:doc', d), text);
  return JSON.parse(text);
}

/** Which document field each part's records belong to (src/store/parts.rs). */
const PART_FIELDS = {
  checkins: ['checkins', 'items'],
  gestures: ['gestures', 'items'],
  'own-ideas': ['gestures', 'own_ideas'],
  appreciations: ['gestures', 'appreciations'],
  dilemmas: ['dilemmas', 'items'],
  ideas: ['us_time', 'ideas'],
  rounds: ['us_time', 'rounds'],
  votes: ['us_time', 'votes'],
  plans: ['us_time', 'plans'],
};

/** Decodes one LZ4 block (the format lz4_flex writes) into `len` bytes: our
 * own reader, so the tests check the stored form independently of the app. */
function lz4Block(src, len) {
  const out = new Uint8Array(len);
  let i = 0;
  let o = 0;
  const more = (n) => {
    if (n === 15) {
      let b;
      do {
        b = src[i++];
        n += b;
      } while (b === 255);
    }
    return n;
  };
  while (i < src.length) {
    const token = src[i++];
    const lit = more(token >> 4);
    out.set(src.subarray(i, i + lit), o);
    i += lit;
    o += lit;
    if (i >= src.length) break;
    const offset = src[i] | (src[i + 1] << 8);
    i += 2;
    const n = more(token & 15) + 4;
    for (let k = 0; k < n; k++, o++) out[o] = out[o - offset];
  }
  if (o !== len) throw new Error(`an LZ4 part decoded to ${o} bytes, not ${len}`);
  return out;
}

/** A stored part (`lz4:` + base64 of the length and the LZ4 block) → its records. */
export function unpackPart(text) {
  if (!text.startsWith('lz4:')) throw new Error(`not a part: ${text.slice(0, 20)}`);
  const bytes = Buffer.from(text.slice(4), 'base64');
  const json = Buffer.from(lz4Block(bytes.subarray(4), bytes.readUInt32LE(0))).toString('utf8');
  return JSON.parse(json);
}

/** The couple's whole document from a snapshot of storage (`stored`): the
 * head under `hearth:doc` with every `hearth:part:*` read back in, or the
 * whole document when it is stored in one piece. `undefined` when nothing is. */
export function assembleDoc(all) {
  const head = all['hearth:doc'];
  if (head === undefined) return undefined;
  const doc = JSON.parse(head);
  if (!doc.parts) return doc;
  delete doc.parts;
  const keys = Object.keys(all).filter((k) => k.startsWith('hearth:part:')).sort();
  for (const key of keys) {
    const name = key.slice('hearth:part:'.length);
    const [a, b] = PART_FIELDS[name.split('/')[0]];
    doc[a][b].push(...unpackPart(all[key]));
  }
  return doc;
}

/** The couple's whole document as this page has stored it. */
export async function storedDoc(page) {
  return assembleDoc(await stored(page));
}

export async function stored(page) {
  return page.evaluate(() => {
    const out = {};
    for (let i = 0; i < localStorage.length; i++) {
      const k = localStorage.key(i);
      out[k] = localStorage.getItem(k);
    }
    return out;
  });
}

/** Presses Tab until `pred` holds in the page (keyboard-only paths). */
export async function tabTo(page, pred, label, max = 120) {
  for (let i = 0; i < max; i++) {
    if (await page.evaluate(pred)) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`could not reach ${label} with Tab`);
}

/** The focused element's tag once two frames have passed (focus moved "soon" has landed). */
export function settledFocus(page) {
  return page.evaluate(
    () => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => r(document.activeElement?.tagName)))),
  );
}

/** Follows the menu's link `link` and waits for its page (`heading`). */
export async function goTo(page, link, heading = link) {
  await page.getByRole('link', { name: link, exact: true }).first().click();
  await h1(page).filter({ hasText: heading }).waitFor();
}

/** The words this tab keeps that are not saved yet (src/state.rs `unsent`), as
 * stored in its session storage; '' when none are kept. */
export const keptWords = (page) => page.evaluate(() => sessionStorage.getItem('hearth-unsent') ?? '');

/** Waits until the kept words match `re` (or, with `present` false, no longer
 * do: `/./` and false waits until nothing is kept). */
export const waitKept = (page, re, present = true) =>
  page.waitForFunction(
    ([src, want]) => new RegExp(src).test(sessionStorage.getItem('hearth-unsent') ?? '') === want,
    [re.source, present],
  );

/** Puts `doc` (the decade, say) into this page's storage with what Alex and
 * Sam gave and wrote lately, then Sam alone after "Just me for now": what
 * is Alex's carries an ALEX canary (out of sight alone), what is Sam's a SAM
 * one. Returns the canaries' texts. */
export async function aloneWithAlexsWords(page, url, doc) {
  const day = 24 * 3600 * 1000;
  const ago = (n) => new Date(Date.now() - n * day).toISOString().replace(/\.\d+Z$/, 'Z');
  let n = 0;
  const meta = (by) => ({ id: `a1e0${String(++n).padStart(28, '0')}`, created_at: ago(3), updated_at: ago(1), by });
  const gesture = (by, text, note, noticed) => ({
    meta: meta(by),
    to: by === 'a' ? 'b' : 'a',
    kind: 'thanks',
    source: { type: 'free' },
    text,
    state: { state: 'done', at: ago(2), note },
    ...(noticed === undefined ? {} : { noticed: { at: ago(1), reply: noticed } }),
  });
  doc.gestures.items.push(
    gesture('a', 'SAM-GAVE-CANARY', 'SAM-NOTE-CANARY', 'ALEX-REPLY-CANARY'),
    gesture('b', 'ALEX-NOTICED-CANARY', 'ALEX-NOTE-CANARY', ''),
    gesture('b', 'ALEX-WAITS-CANARY', 'ALEX-WAITS-NOTE-CANARY'),
  );
  doc.gestures.appreciations.push(
    { meta: meta('a'), text: 'SAM-WROTE-CANARY', seen_at: ago(1) },
    { meta: meta('b'), text: 'ALEX-READ-CANARY', seen_at: ago(1) },
    { meta: meta('b'), text: 'ALEX-UNOPENED-CANARY' },
  );
  doc.couple.b = null;
  await page.goto(url());
  await page.evaluate((d) => localStorage.setItem('hearth:doc', d), JSON.stringify(doc));
  await page.reload();
  return { sams: ['SAM-GAVE-CANARY', 'SAM-NOTE-CANARY', 'SAM-WROTE-CANARY'], alexs: /ALEX-[A-Z-]*CANARY/ };
}
