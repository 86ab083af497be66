#!/usr/bin/env node
// Hearth's one post_build step. Trunk 0.21 starts all hooks of a stage at the
// same moment, so the steps that depend on each other live here, in order:
//
//   0. the wasm's functions are put in the order gzip compresses best
//      (scripts/order-wasm.mjs), then the glue and the stylesheet are
//      minified (scripts/minify.mjs); each `integrity` in index.html is
//      taken again (neither in a debug build);
//   1. index.html gets its Content-Security-Policy <meta>, first in <head>,
//      with the sha256 of every inline script as it stands in the final file;
//   2. 404.html is written as a byte-for-byte copy (GitHub Pages answers a
//      deep link with it, so it must be the app, CSP and all);
//   3. scripts/precache.mjs hashes the finished files for the service worker.
//
// As the hook (Trunk.toml) it works on $TRUNK_STAGING_DIR; it can also be run
// on a built folder: `node scripts/post-build.mjs dist`. Running it again on
// its own output is safe (the CSP <meta> is replaced, not added twice).
// See docs/security.md for why each directive is what it is.
import crypto from 'node:crypto';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { minifyLinked } from './minify.mjs';
import { orderWasm } from './order-wasm.mjs';

const PRECACHE = fileURLToPath(new URL('./precache.mjs', import.meta.url));

function fail(message) {
  console.error(`post-build: ${message}`);
  process.exit(1);
}

const dir = process.argv[2] || process.env.TRUNK_STAGING_DIR;
if (!dir) fail('give a built folder, e.g. `node scripts/post-build.mjs dist` (or run it as a Trunk hook)');
const indexPath = path.join(dir, 'index.html');
if (!fs.existsSync(indexPath)) fail(`${indexPath} is missing`);

let html = fs.readFileSync(indexPath, 'utf8');

if (process.env.TRUNK_PROFILE !== 'debug') {
  try {
    const ordered = orderWasm(dir, html);
    html = ordered.html;
    console.log(`post-build: functions ordered in ${ordered.done.join(', ')}`);
  } catch (e) {
    fail(`ordering the wasm failed: ${e.message}`);
  }
  try {
    const minified = await minifyLinked(dir, html);
    html = minified.html;
    console.log(`post-build: minified ${minified.done.join(', ')}`);
  } catch (e) {
    fail(`minifying failed: ${e.message}`);
  }
}

// A run on an already processed file: take the old policy out first.
const CSP_META = /[ \t]*<meta\s+http-equiv=["']?Content-Security-Policy["']?[^>]*>\r?\n?/gi;
html = html.replace(CSP_META, '');

// `trunk serve` (live reload) injects its reload script, and fills in two
// placeholders of it each time it serves the page, from the request's Host
// header. A hash taken now would not match what the browser gets, so the
// placeholders are filled in here, with what the server would put there for
// the default settings: the page's own host, and the public URL's path. The
// server then finds nothing to replace and the page keeps its hash.
const serveBuild = html.includes('.well-known/trunk/ws');
if (serveBuild) {
  html = html
    .replace(/(['`])\{\{__TRUNK_ADDRESS__\}\}\1/g, 'window.location.host')
    .replace(/\{\{__TRUNK_WS_BASE__\}\}/g, wsBase(process.env.TRUNK_PUBLIC_URL || '/'));
}

/** Trunk's default websocket base for a public URL (RtcServe::common_base). */
function wsBase(publicUrl) {
  let base = publicUrl;
  if (/^[a-z]+:\/\//i.test(base)) base = new URL(base).pathname;
  else if (base.startsWith('./')) base = base.slice(1);
  else if (!base.startsWith('/')) base = `/${base}`;
  return base.endsWith('/') ? base : `${base}/`;
}

// Every inline script, exactly as the browser will hash it: the raw text
// between <script …> and </script> (HTML never ends a script earlier).
const withoutComments = html.replace(/<!--[\s\S]*?-->/g, '');
const inline = [];
for (const m of withoutComments.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script\s*>/gi)) {
  if (/\ssrc\s*=/i.test(` ${m[1]}`)) continue;
  inline.push(m[2]);
}
const leftover = inline.find((code) => code.includes('{{__TRUNK'));
if (leftover) fail(`an inline script still has a Trunk placeholder, so its hash cannot hold:\n${leftover.slice(0, 300)}`);
const hashes = [...new Set(inline.map((code) => `'sha256-${crypto.createHash('sha256').update(code, 'utf8').digest('base64')}'`))];

// The policy. `base-uri` is 'self', not 'none': Trunk writes
// <base href="<public url>"> and the app and manifest rely on it; under
// 'none' the browser would ignore that element (see docs/security.md).
const DIRECTIVES = [
  ['default-src', "'none'"],
  ['script-src', "'self'", "'wasm-unsafe-eval'", ...hashes],
  ['style-src', "'self'"],
  ['img-src', "'self'", 'data:', 'blob:'],
  ['manifest-src', "'self'"],
  ['worker-src', "'self'"],
  ['connect-src', "'self'"],
  ['base-uri', "'self'"],
  ['form-action', "'none'"],
  ['object-src', "'none'"],
];
const policy = DIRECTIVES.map((d) => d.join(' ')).join('; ');

// Markup this policy would block (and the page would silently lose): inline
// style attributes and <style> elements, inline event handlers, javascript:
// URLs. Better a failed build than a broken page.
const markup = withoutComments.replace(/(<script\b[^>]*>)[\s\S]*?(<\/script\s*>)/gi, '$1$2');
const blocked = [
  [/<style\b/i, 'a <style> element (style-src has no hash for it)'],
  [/<[a-z][^>]*\sstyle\s*=/i, 'a style="…" attribute (use a class)'],
  [/<[a-z][^>]*\son[a-z]+\s*=/i, 'an inline event handler (on…=)'],
  [/=\s*["']?\s*javascript:/i, 'a javascript: URL'],
];
for (const [re, what] of blocked) {
  const hit = markup.match(re);
  if (hit) fail(`index.html has ${what}, which the Content-Security-Policy blocks: ${hit[0].slice(0, 120)}`);
}

// First child of <head>: the policy covers every element after it, and the
// <base> element must come after it to be checked against base-uri.
const head = html.match(/<head(\s[^>]*)?>/i);
if (!head) fail('index.html has no <head>');
const indent = (html.slice(head.index + head[0].length).match(/^\r?\n([ \t]*)</) || [])[1] ?? '    ';
const meta = `<meta http-equiv="Content-Security-Policy" content="${policy}">`;
const at = head.index + head[0].length;
html = `${html.slice(0, at)}\n${indent}${meta}${html.slice(at).replace(/^\r?\n/, '\n')}`;

// The encoding must still be declared within the first 1024 bytes.
const charsetAt = Buffer.from(html, 'utf8').indexOf('<meta charset');
if (charsetAt < 0 || charsetAt > 1024 - 32) fail(`<meta charset> is not within the first 1024 bytes (at ${charsetAt})`);

fs.writeFileSync(indexPath, html);
fs.copyFileSync(indexPath, path.join(dir, '404.html'));
console.log(
  `post-build: Content-Security-Policy with ${hashes.length} inline script hash${hashes.length === 1 ? '' : 'es'}` +
    `${serveBuild ? ' (a `trunk serve` build: live-reload placeholders filled in)' : ''}; 404.html copied`,
);

// Last, once index.html and 404.html are final: the service worker's list.
try {
  execFileSync(process.execPath, [PRECACHE, dir], { stdio: 'inherit' });
} catch {
  fail('scripts/precache.mjs failed');
}
