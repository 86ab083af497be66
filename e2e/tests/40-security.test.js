// Security: the Content-Security-Policy the build writes first into
// index.html and 404.html (scripts/post-build.mjs), a whole session that
// breaks none of its rules and never leaves the origin, and markup typed into
// every free-text field that stays text. See docs/security.md.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { distDir } from '../lib/dist.js';
import { hearth, h1, welcome as welcomeAt, stored, storedDoc, goTo as go } from '../lib/app.js';

const { url, open } = hearth();
const welcome = (page, opts) => welcomeAt(page, url, opts);

// The policy, directive by directive (script-src also gets one sha256 per
// inline script of the page, checked below).
const POLICY = {
  'default-src': ["'none'"],
  'script-src': ["'self'", "'wasm-unsafe-eval'"],
  'style-src': ["'self'"],
  'img-src': ["'self'", 'data:', 'blob:'],
  'manifest-src': ["'self'"],
  'worker-src': ["'self'"],
  'connect-src': ["'self'"],
  'base-uri': ["'self'"],
  'form-action': ["'none'"],
  'object-src': ["'none'"],
};

const sha256 = (text) => `'sha256-${crypto.createHash('sha256').update(text, 'utf8').digest('base64')}'`;

/** "a b c; d e" → { a: ['b', 'c'], d: ['e'] }, refusing a directive twice. */
function parsePolicy(text) {
  const out = {};
  for (const part of text.split(';').map((p) => p.trim()).filter(Boolean)) {
    const [name, ...values] = part.split(/\s+/);
    assert.ok(!(name in out), `${name} appears once`);
    out[name] = values;
  }
  return out;
}

/** The policy must be exactly POLICY plus these script hashes. */
function assertPolicy(text, hashes, where) {
  assert.doesNotMatch(text, /'unsafe-inline'|'unsafe-eval'|'unsafe-hashes'|'nonce-|'strict-dynamic'/, `${where}: nothing unsafe`);
  const got = parsePolicy(text);
  const scriptHashes = got['script-src'].filter((v) => v.startsWith("'sha256-"));
  assert.deepEqual(
    { ...got, 'script-src': got['script-src'].filter((v) => !v.startsWith("'sha256-")) },
    POLICY,
    `${where}: the directives`,
  );
  assert.deepEqual([...scriptHashes].sort(), [...new Set(hashes)].sort(), `${where}: one hash per inline script`);
}

/**
 * Records policy violations and any run of a payload, across navigations
 * (each new document gets the recorder; Node keeps the list).
 */
async function guard(s) {
  const g = { violations: [], xss: [] };
  await s.context.exposeFunction('__hearthCsp', (v) => g.violations.push(v));
  await s.context.exposeFunction('__hearthXss', (v) => g.xss.push(v));
  await s.context.addInitScript(() => {
    window.__cspViolations = [];
    document.addEventListener('securitypolicyviolation', (e) => {
      const v = { directive: e.effectiveDirective, blocked: e.blockedURI, sample: e.sample, at: `${e.sourceFile}:${e.lineNumber}`, page: location.pathname };
      window.__cspViolations.push(v);
      window.__hearthCsp(v);
    });
    // A payload that ran would set window.__xss: Node hears of it.
    let value;
    Object.defineProperty(window, '__xss', {
      configurable: true,
      get: () => value,
      set: (v) => {
        value = v;
        window.__hearthXss(v);
      },
    });
  });
  return g;
}


/** Inline widths the app set through the CSSOM (`style:width`), e.g. the meters. */
const meterWidths = (page) => page.locator('.meter span').evaluateAll((els) => els.map((el) => el.style.width));

test('the built index.html and 404.html start with the policy, hashing exactly their inline scripts', async () => {
  const dir = distDir();
  const index = fs.readFileSync(path.join(dir, 'index.html'));
  assert.ok(index.equals(fs.readFileSync(path.join(dir, '404.html'))), '404.html is index.html, byte for byte');
  const html = index.toString('utf8');
  const first = html.match(/^<!DOCTYPE html>\s*<html[^>]*>\s*<head>\s*(<[^>]*>)/i);
  assert.ok(first, 'a <head>');
  const meta = first[1].match(/^<meta http-equiv="Content-Security-Policy" content="([^"]+)">$/);
  assert.ok(meta, `the first element in <head> is the policy, got ${first[1].slice(0, 80)}`);
  const charset = index.indexOf('<meta charset="utf-8">');
  assert.ok(charset > 0 && charset < 1000, 'the encoding is still declared within the first 1024 bytes');
  const inline = [...html.replace(/<!--[\s\S]*?-->/g, '').matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)]
    .filter((m) => !/\ssrc=/.test(` ${m[1]}`))
    .map((m) => m[2]);
  assert.ok(inline.length >= 2, "Trunk's module script and the beforeinstallprompt one");
  assert.ok(inline.some((code) => code.includes('beforeinstallprompt')));
  assert.ok(inline.some((code) => /import init/.test(code)));
  assertPolicy(meta[1], inline.map(sha256), 'dist/index.html');

  // What the browser parsed: the app root (index.html) and a deep link
  // (404.html, status 404), both booting under the policy.
  const s = await open();
  for (const [p, status] of [['', 200], ['journey', 404]]) {
    const res = await s.page.goto(url(p));
    assert.equal(res.status(), status);
    await h1(s.page).waitFor(); // the app booted
    const seen = await s.page.evaluate(() => ({
      first: [document.head.firstElementChild.httpEquiv, document.head.firstElementChild.content],
      policies: document.querySelectorAll('meta[http-equiv="Content-Security-Policy" i]').length,
      scripts: [...document.querySelectorAll('script:not([src])')].map((sc) => sc.text),
      base: document.baseURI,
    }));
    assert.equal(seen.first[0], 'Content-Security-Policy', `/${p}: the policy is the first element of <head>`);
    assert.equal(seen.policies, 1);
    assert.equal(seen.base, url(), `/${p}: <base href> is honoured (base-uri 'self')`);
    assertPolicy(seen.first[1], seen.scripts.map(sha256), `/${p} as parsed`);
  }
  await s.done();
});

// Privacy of whoever builds Hearth: panic messages keep source paths, and a
// dependency's path starts with Cargo's home (/home/<name>/.cargo). The
// Makefile shortens it; nothing built names this machine's folders.
test('the built files name no folder of the machine that built them', () => {
  const dir = distDir();
  const home = os.homedir();
  const folders = [
    process.env.CARGO_HOME || path.join(home, '.cargo'),
    fileURLToPath(new URL('../..', import.meta.url)), // this checkout
    home,
  ]
    .map((f) => `${path.resolve(f).replace(/\/$/, '')}/`)
    .filter((f) => f.length > 2);
  const files = fs.readdirSync(dir, { recursive: true }).filter((f) => fs.statSync(path.join(dir, f)).isFile());
  assert.ok(files.some((f) => f.endsWith('.wasm')), 'the build has its wasm');
  for (const file of files) {
    const bytes = fs.readFileSync(path.join(dir, file));
    for (const folder of folders) {
      assert.ok(
        !bytes.includes(folder),
        `dist/${file} names ${folder}: build with make (make dist), which shortens Cargo's paths`,
      );
    }
  }
});

test('the policy is enforced: injected inline script and style are refused, CSSOM styles are not', async () => {
  const s = await open();
  const g = await guard(s);
  await s.page.goto(url());
  await h1(s.page).filter({ hasText: 'Welcome to Hearth' }).waitFor();
  const out = await s.page.evaluate(async () => {
    const script = document.createElement('script');
    script.textContent = 'window.__xss = "inline"';
    document.head.append(script);
    const div = document.createElement('div');
    document.body.append(div);
    div.setAttribute('style', 'width: 12px');
    const attr = div.style.width;
    div.removeAttribute('style');
    div.style.setProperty('width', '13px'); // what Leptos's style:width does
    div.remove();
    await new Promise((r) => setTimeout(r, 100));
    return { attr, cssom: div.style.width };
  });
  assert.deepEqual(out, { attr: '', cssom: '13px' });
  assert.deepEqual(g.xss, [], 'the injected script did not run');
  assert.deepEqual(g.violations.map((v) => v.directive).sort(), ['script-src-elem', 'style-src-attr']);
  await s.context.close();
  assert.deepEqual(s.foreignRequests, []);
  assert.deepEqual(s.pageErrors, []);
  const errors = s.consoleErrors.filter((m) => !/Content Security Policy/.test(m));
  assert.deepEqual(errors, [], 'only the two refusals were reported');
});

// Gestures: the first partner says they are the one here (no one is until
// someone does; their names here may be markup).
const firstHere = (page) => page.locator('.who button').first().click();

test('a whole session on every route breaks no rule of the policy and never leaves the origin', async () => {
  const s = await open();
  const { page } = s;
  const g = await guard(s);

  await page.goto(url());
  await h1(page).filter({ hasText: 'Welcome to Hearth' }).waitFor();
  await welcome(page);
  await page.goto(url('welcome'));
  await h1(page).waitFor();
  await page.goto(url());
  await h1(page).filter({ hasText: 'Today' }).waitFor();

  // A check-in by both partners on one device.
  await go(page, 'Check in', 'Check in');
  await page.getByRole('button', { name: 'Sam first' }).click();
  await page.getByRole('radio', { name: /^7 / }).check();
  await page.getByRole('checkbox', { name: 'hopeful', exact: true }).check();
  await page.getByLabel('A note (optional)').fill('a quiet evening');
  await page.getByRole('button', { name: 'Save my answer' }).click();
  await page.getByRole('button', { name: "I'm Alex: start my check-in" }).click();
  await page.getByRole('radio', { name: /^5 / }).check();
  await page.getByRole('button', { name: 'Save my answer' }).click();
  await page.getByRole('heading', { name: 'Here you both are' }).waitFor();
  assert.deepEqual(await meterWidths(page), ['70%', '50%'], 'the meters got their width through the CSSOM');

  // The dilemma's first steps.
  await go(page, 'Dilemma', 'The dilemma');
  await page.getByRole('button', { name: "I'm Sam: begin" }).click();
  await page.getByLabel('The moment, in a few words').fill('at dinner');
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.locator('#step-title', { hasText: 'What did you feel?' }).waitFor();

  // A gesture, planned.
  await go(page, 'Gestures', 'Gestures');
  await firstHere(page);
  await page.getByRole('button', { name: 'Surprise me' }).click();
  await page.getByRole('button', { name: 'Plan this' }).click();
  await page.getByRole('button', { name: 'Plan it' }).click();
  await page.getByRole('button', { name: 'I did it' }).waitFor();

  await go(page, 'Us time', 'Us time');

  // The Journey: the chart and the timeline with its meters.
  await go(page, 'Journey', 'Journey');
  await page.locator('svg path.line-a').first().waitFor({ state: 'attached' });
  await page.locator('.timeline > li').first().waitFor();
  assert.deepEqual(await meterWidths(page), ['70%', '50%']);

  // Settings: a backup download (a blob: URL).
  await go(page, 'Settings', 'Settings');
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Download a backup' }).click(),
  ]);
  assert.match(download.suggestedFilename(), /^hearth-backup-/);

  // A deep link, reloaded; and an unknown path.
  assert.equal((await page.goto(url('journey'))).status(), 404);
  await h1(page).filter({ hasText: 'Journey' }).waitFor();
  await page.reload();
  await h1(page).filter({ hasText: 'Journey' }).waitFor();
  assert.deepEqual(await meterWidths(page), ['70%', '50%']);
  await page.goto(url('no/such/page'));
  await h1(page).filter({ hasText: 'Page not found' }).waitFor();
  await page.waitForTimeout(300); // late reports (e.g. the worker's install)

  assert.deepEqual(await page.evaluate(() => window.__cspViolations), []);
  assert.deepEqual(g.violations, [], 'no securitypolicyviolation on any page of the session');
  assert.deepEqual(s.foreignRequests, [], 'no request to any other origin');
  await s.done();
});

// Markup, a script break-out and a javascript: URL; pronouns allow 24
// characters, so they get a shorter payload of the same kind.
const IMG = '<img src=x onerror="window.__xss=1">';
const SCRIPT = '</script><script>window.__xss=2</script>';
const JS = 'javascript:window.__xss=3';
const SHORT = '<svg onload=__xss=4>';
const ALL = `${IMG} ${SCRIPT} ${JS}`;

/** Nothing of a payload became markup, a handler, a link or a run. */
async function inert(page, g, where) {
  const dom = await page.evaluate(() => ({
    xss: typeof window.__xss,
    images: [...document.images].filter((i) => i.getAttribute('src') === 'x').length,
    javascriptUrls: document.querySelectorAll('[href^="javascript:" i], [src^="javascript:" i], [action^="javascript:" i]').length,
    handlers: [...document.querySelectorAll('*')].flatMap((el) =>
      [...el.attributes].filter((a) => /^on/i.test(a.name)).map((a) => `${el.tagName}[${a.name}]`),
    ),
    scripts: [...document.scripts].filter((sc) => sc.text.includes('__xss')).length,
  }));
  assert.deepEqual(
    dom,
    { xss: 'undefined', images: 0, javascriptUrls: 0, handlers: [], scripts: 0 },
    `${where}: the payloads stayed text`,
  );
  assert.deepEqual(g.xss, [], `${where}: no payload ran`);
  assert.deepEqual(g.violations, [], `${where}: nothing even tried (the text never became markup)`);
}

/** The visible text of `locator` contains every payload, character for character. */
async function shows(locator, payloads, where) {
  const text = await locator.innerText();
  for (const p of payloads) assert.ok(text.includes(p), `${where}: shows ${p} as text, got ${text.slice(0, 300)}`);
}

test('markup typed into every free-text field shows as text and never runs', async () => {
  const s = await open();
  const { page } = s;
  const g = await guard(s);
  const main = page.locator('main');

  // Welcome: names and pronouns.
  await page.goto(url());
  await page.getByLabel('Your name').fill(IMG);
  await page.getByLabel('Your pronouns (optional)').fill(SHORT);
  await page.getByLabel("Your partner's name").fill(SCRIPT);
  await page.getByLabel("Your partner's pronouns (optional)").fill(SHORT);
  await page.getByRole('button', { name: "Let's begin" }).click();
  await h1(page).filter({ hasText: 'Today' }).waitFor();
  await shows(main, [`${IMG} & ${SCRIPT}`], 'home');
  await inert(page, g, 'home');
  const couple = (await storedDoc(page)).couple;
  assert.deepEqual([couple.a.name, couple.a.pronouns, couple.b.name, couple.b.pronouns], [IMG, SHORT, SCRIPT, SHORT]);

  // Settings: what was typed comes back as typed; a javascript: name too.
  await page.goto(url('settings'));
  await h1(page).filter({ hasText: 'Settings' }).waitFor();
  assert.equal(await page.getByLabel('Your pronouns (optional)').inputValue(), SHORT);
  assert.equal(await page.getByLabel("Your partner's name").inputValue(), SCRIPT);
  await page.getByLabel('Your name').fill(JS);
  await page.getByRole('button', { name: 'Save names' }).click();
  await page.getByText('Names saved.').waitFor();
  await inert(page, g, 'settings');
  await page.goto(url());
  await shows(main, [`${JS} & ${SCRIPT}`], 'home, renamed');
  await inert(page, g, 'home, renamed');

  // Plain names again, so the flows below can address each partner.
  await page.goto(url('settings'));
  await page.getByLabel('Your name').fill('Sam');
  await page.getByLabel("Your partner's name").fill('Alex');
  await page.getByRole('button', { name: 'Save names' }).click();
  await page.getByText('Names saved.').waitFor();

  // Check-in notes, revealed.
  await go(page, 'Check in', 'Check in');
  await page.getByRole('button', { name: 'Sam first' }).click();
  await page.getByRole('radio', { name: /^7 / }).check();
  await page.getByLabel('A note (optional)').fill(ALL);
  await page.getByRole('button', { name: 'Save my answer' }).click();
  await page.getByRole('button', { name: "I'm Alex: start my check-in" }).click();
  await page.getByRole('radio', { name: /^5 / }).check();
  await page.getByLabel('A note (optional)').fill(SCRIPT);
  await page.getByRole('button', { name: 'Save my answer' }).click();
  await page.getByRole('heading', { name: 'Here you both are' }).waitFor();
  assert.deepEqual(await page.locator('.note').allInnerTexts(), [ALL, SCRIPT]);
  await inert(page, g, 'check-in reveal');
  await go(page, 'Journey', 'Journey');
  await shows(page.locator('.timeline'), [ALL, SCRIPT], 'journey');
  await inert(page, g, 'journey');

  // Gestures: an own idea, an appreciation, a planned gesture's text.
  await go(page, 'Gestures', 'Gestures');
  await firstHere(page);
  await page.locator('summary', { hasText: 'Surprise them with something thoughtful' }).click();
  const card = page.locator('details', { hasText: 'Surprise them with something thoughtful' });
  await card.getByLabel('Your own idea').fill(ALL);
  await card.getByRole('button', { name: 'Add' }).click();
  await card.locator('li.own').first().waitFor();
  await shows(card.locator('li.own').first(), [ALL], 'own idea');
  await page.getByLabel('A time Alex made me feel loved').fill(ALL);
  await page.getByRole('button', { name: 'Save to the journal' }).click();
  await page.locator('.journal li').first().waitFor();
  await shows(page.locator('.journal'), [ALL], 'appreciation');
  await page.locator('summary', { hasText: 'Thank them for a time' }).click();
  await page.getByRole('button', { name: /^Plan: Leave a sticky note/ }).click();
  await page.getByLabel("What you'd like to do").fill(ALL);
  await page.getByRole('button', { name: 'Plan it' }).click();
  await page.getByRole('button', { name: 'I did it' }).waitFor();
  await shows(main, [ALL], 'planned gesture');
  await inert(page, g, 'gestures');

  // The dilemma: the moment, own words, the share.
  await go(page, 'Dilemma', 'The dilemma');
  const step = (title) => page.locator('#step-title', { hasText: title }).waitFor();
  const next = () => page.getByRole('button', { name: 'Continue' }).click();
  await page.getByRole('button', { name: "I'm Sam: begin" }).click();
  await page.getByLabel('The moment, in a few words').fill(ALL);
  await next();
  await step('What did you feel?');
  await page.getByRole('checkbox', { name: 'lonely', exact: true }).check();
  await next();
  await step('What were you afraid');
  await page.getByRole('checkbox', { name: 'Being turned away' }).check();
  await page.getByLabel('In my own words (optional)').fill(ALL);
  await page.getByRole('button', { name: 'Add', exact: true }).click();
  await page.locator('.own-words li').first().waitFor();
  await shows(page.locator('.own-words'), [ALL], 'own words');
  await inert(page, g, 'dilemma own words');
  await next();
  await step('How did you keep yourself safe?');
  await page.getByRole('checkbox', { name: 'Going quiet' }).check();
  await next();
  await step('Two ways through');
  await next();
  await step('What do you choose?');
  await page.getByRole('button', { name: "I'll reach out" }).click();
  await step('Your share');
  await page.getByLabel(/My share/).fill(ALL);
  await next();
  await step("Alex's turn");
  await shows(page.locator('.share-text'), [ALL], 'the share');
  await inert(page, g, 'dilemma handover');
  // Listed by its moment once it has reached Alex (before, "Not shared yet").
  await page.getByRole('button', { name: "I'm Alex: I'm ready to listen" }).click();
  await step('What I heard');
  await page.goto(url('dilemma'));
  await page.locator('.convo-title').first().waitFor();
  await shows(page.locator('.convo-title').first(), [ALL], 'the moment, listed');
  await inert(page, g, 'dilemma list');

  // And after a reload, from storage.
  await page.goto(url('gestures'));
  await h1(page).filter({ hasText: 'Gestures' }).waitFor();
  await firstHere(page);
  await shows(main, [ALL], 'gestures after a reload');
  await inert(page, g, 'gestures after a reload');
  assert.deepEqual(s.foreignRequests, []);
  await s.done();
});
