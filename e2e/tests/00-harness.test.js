// Self-test of the e2e harness: the server must behave like GitHub Pages for
// a project site, and the browser guards must work, before any app test can
// be trusted. Uses its own temp directory, so it runs without a build.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import http from 'node:http';

import { startServer } from '../lib/server.js';
import { launchBrowser, newPage } from '../lib/browser.js';

const INDEX = '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Harness Index</title>' +
  '<script src="asset.js"></script></head><body><main><h1>index</h1></main></body></html>';
const NOT_FOUND = '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Not here</title></head>' +
  '<body><h1>custom 404 page</h1></body></html>';
const ASSET = 'document.documentElement.dataset.asset = "loaded";';
const SECRET = 'TOP-SECRET-OUTSIDE-ROOT';

let tmp, root, server;

// Raw request so the path reaches the server exactly as written
// (fetch/URL would normalise "../" away before sending).
function rawGet(rawPath, headers = {}) {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port: server.port, path: rawPath, method: 'GET', agent: false, headers },
      (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks).toString() }));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

before(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'hearth-harness-'));
  root = path.join(tmp, 'dist');
  fs.mkdirSync(path.join(root, 'sub'), { recursive: true });
  fs.writeFileSync(path.join(root, 'index.html'), INDEX);
  fs.writeFileSync(path.join(root, '404.html'), NOT_FOUND);
  fs.writeFileSync(path.join(root, 'asset.js'), ASSET);
  fs.writeFileSync(path.join(root, 'app.wasm'), Buffer.from([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0]));
  fs.writeFileSync(path.join(root, 'sub', 'index.html'), '<title>sub</title>');
  fs.writeFileSync(path.join(tmp, 'secret.txt'), SECRET); // sibling of root: must never be served
  server = await startServer({ root });
});

after(async () => {
  await server?.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

test('url, origin and base', () => {
  assert.match(server.url, /^http:\/\/127\.0\.0\.1:\d+\/hearth\/$/);
  assert.equal(server.url, server.origin + '/hearth/');
  assert.equal(server.base, '/hearth/');
});

test('/hearth/ serves index.html with no-cache', async () => {
  const r = await rawGet('/hearth/');
  assert.equal(r.status, 200);
  assert.match(r.headers['content-type'], /^text\/html/);
  assert.equal(r.headers['cache-control'], 'no-cache');
  assert.equal(r.body, INDEX);
  assert.equal((await rawGet('/hearth/?x=1')).body, INDEX, 'query string is ignored');
});

test('assets get the right content-type', async () => {
  const js = await rawGet('/hearth/asset.js');
  assert.equal(js.status, 200);
  assert.match(js.headers['content-type'], /^text\/javascript/);
  assert.equal(js.body, ASSET);
  const wasm = await rawGet('/hearth/app.wasm');
  assert.equal(wasm.status, 200);
  assert.equal(wasm.headers['content-type'], 'application/wasm');
});

test('unknown paths get 404.html with status 404, inside or outside base', async () => {
  for (const p of ['/hearth/deep/link', '/hearth/missing.js', '/elsewhere', '/']) {
    const r = await rawGet(p);
    assert.equal(r.status, 404, p);
    assert.equal(r.body, NOT_FOUND, p);
    assert.match(r.headers['content-type'], /^text\/html/, p);
  }
});

test('/hearth redirects 301 to /hearth/', async () => {
  const r = await rawGet('/hearth');
  assert.equal(r.status, 301);
  assert.equal(r.headers.location, '/hearth/');
});

test('directories behave like Pages', async () => {
  const r = await rawGet('/hearth/sub');
  assert.equal(r.status, 301);
  assert.equal(r.headers.location, '/hearth/sub/');
  assert.equal((await rawGet('/hearth/sub/')).body, '<title>sub</title>');
});

test('no directory traversal outside root', async () => {
  for (const p of [
    '/hearth/../secret.txt',
    '/hearth/../../../../etc/passwd',
    '/hearth/%2e%2e/secret.txt',
    '/hearth/..%2fsecret.txt',
    '/hearth/..%5csecret.txt',
    '/hearth//etc/passwd',
    '/hearth/%00index.html',
    '/hearth/%E0%A4%A', // malformed percent-encoding
  ]) {
    const r = await rawGet(p);
    assert.notEqual(r.status, 200, p);
    assert.ok(!r.body.includes(SECRET), `${p} leaked a file outside root`);
    assert.ok(!r.body.includes('root:'), `${p} leaked /etc/passwd`);
  }
});

test('a file revalidated with its ETag gets 304 and no body, like Pages', async () => {
  const first = await rawGet('/hearth/asset.js');
  assert.equal(first.status, 200);
  assert.match(first.headers.etag, /^"[\w-]+"$/);
  const again = await rawGet('/hearth/asset.js', { 'If-None-Match': first.headers.etag });
  assert.equal(again.status, 304);
  assert.equal(again.body, '');
  const other = await rawGet('/hearth/asset.js', { 'If-None-Match': '"something-else"' });
  assert.equal(other.status, 200);
  assert.equal(other.body, first.body);
});

test('counts requests per path', async () => {
  server.resetRequests();
  await rawGet('/hearth/asset.js');
  await rawGet('/hearth/asset.js?v=2');
  assert.equal(server.requestCount('/hearth/asset.js'), 2);
  assert.equal(server.requestCount('/hearth/nothing'), 0);
});

test('Chromium loads the page with clean guards', async () => {
  const browser = await launchBrowser();
  try {
    const { context, page, consoleErrors, pageErrors, foreignRequests } = await newPage(browser, { origin: server.origin });
    await page.goto(server.url);
    assert.equal(await page.title(), 'Harness Index');
    assert.equal(await page.evaluate(() => document.documentElement.dataset.asset), 'loaded');
    assert.deepEqual(await page.evaluate(() => [innerWidth, innerHeight]), [390, 844]);

    // The guards really fire: provoke one of each.
    await page.evaluate(() => {
      console.error('deliberate console error');
      setTimeout(() => { throw new Error('deliberate page error'); });
      fetch('http://127.0.0.2:9/never').catch(() => {});
    });
    await page.waitForTimeout(100);
    assert.ok(consoleErrors.some((e) => e.includes('deliberate console error')), JSON.stringify(consoleErrors));
    assert.ok(pageErrors.some((e) => e.includes('deliberate page error')), JSON.stringify(pageErrors));
    assert.deepEqual(foreignRequests.map((r) => r.url), ['http://127.0.0.2:9/never']);
    await context.close();

    // A fresh page starts clean, and foreignRequests stays empty for a normal load.
    const fresh = await newPage(browser, { origin: server.origin });
    await fresh.page.goto(server.url);
    assert.equal(await fresh.page.title(), 'Harness Index');
    assert.deepEqual(fresh.foreignRequests, []);
    assert.deepEqual(fresh.pageErrors, []);
    await fresh.context.close();
  } finally {
    await browser.close();
  }
});
