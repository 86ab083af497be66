#!/usr/bin/env node
// Writes the build block of sw.js: the list of files a first visit needs,
// each with its SRI hash, and a build id that hashes all of them (and the
// worker's own code). It runs last in scripts/post-build.mjs (the one Trunk
// post_build hook), once index.html has its CSP and 404.html is its copy, so
// every hash here is of a final file:
//
//   node scripts/precache.mjs <dir>        (or, as a hook, TRUNK_STAGING_DIR)
//
// It can also be run on a built folder: `node scripts/precache.mjs dist`.
// Running it again on its own output is safe (the block is replaced).
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

const START = '// @hearth-build-start';
const END = '// @hearth-build-end';
const WORKER = 'sw.js';

function fail(message) {
  console.error(`precache: ${message}`);
  process.exit(1);
}

const argDir = process.argv[2];
const dir = argDir || process.env.TRUNK_STAGING_DIR;
if (!dir) fail('give a built folder, e.g. `node scripts/precache.mjs dist` (or run it as a Trunk hook)');

/** Every regular file under `root`, as sorted posix paths relative to it. */
function walk(root, rel = '') {
  const out = [];
  for (const entry of fs.readdirSync(path.join(root, rel), { withFileTypes: true })) {
    if (entry.name.startsWith('.')) continue; // e.g. Trunk's .stage
    const child = rel ? `${rel}/${entry.name}` : entry.name;
    if (entry.isDirectory()) out.push(...walk(root, child));
    else if (entry.isFile()) out.push(child);
  }
  return out;
}

const read = (file) => fs.readFileSync(path.join(dir, ...file.split('/')));
const sri = (bytes) => 'sha384-' + crypto.createHash('sha384').update(bytes).digest('base64');

const workerPath = path.join(dir, WORKER);
if (!fs.existsSync(workerPath)) fail(`${workerPath} is missing (is public/sw.js copied by index.html?)`);
for (const page of ['index.html', '404.html']) {
  // 404.html is written by scripts/post-build.mjs before this runs.
  if (!fs.existsSync(path.join(dir, page))) fail(`${dir}/${page} is missing (run scripts/post-build.mjs, not this alone)`);
}

const names = walk(dir).filter((f) => f !== WORKER && !f.endsWith('.map'));
const files = names.sort().map((file) => {
  const bytes = read(file);
  return { file, integrity: sri(bytes), size: bytes.length };
});

// Every same-site URL index.html refers to must be in the list, or the first
// offline visit would miss it.
const index = read('index.html').toString('utf8');
const base = (index.match(/<base\s+href="([^"]*)"/i) || [])[1] || '/';
const listed = new Set(files.map((f) => f.file));
for (const m of index.matchAll(/(?:href|src|module_or_path:|from)\s*=?\s*["']([^"'#?]+)["']/g)) {
  const ref = m[1];
  if (/^[a-z]+:/i.test(ref) || ref.startsWith('//')) continue;
  if (!ref.startsWith(base)) continue;
  const file = ref.slice(base.length);
  if (file && !listed.has(file)) fail(`index.html refers to ${ref}, which is not in ${dir}`);
}

// The worker's own code counts too: a change to sw.js alone is a new build.
const template = fs.readFileSync(workerPath, 'utf8');
const at = template.indexOf(START);
const end = template.indexOf(END);
if (at < 0 || end < at) fail(`${workerPath} has no "${START}" … "${END}" block`);
const before = template.slice(0, at);
const after = template.slice(end);

// `trunk serve` injects its live-reload script: a cache would then keep
// serving the previous build after every edit, so a served build gets a
// worker that caches nothing (and clears this scope's old caches).
if (index.includes('.well-known/trunk/ws')) {
  fs.writeFileSync(workerPath, `${before}${START}\nconst BUILD = { id: 'dev', files: [] };\n${after}`);
  console.log('precache: a `trunk serve` build, so the service worker caches nothing');
  process.exit(0);
}

const hash = crypto.createHash('sha256');
hash.update(before).update(after);
for (const f of files) hash.update(`${f.file}\t${f.integrity}\n`);
const id = hash.digest('hex').slice(0, 16);

const block =
  `${START}\n` +
  `const BUILD = {\n  id: '${id}',\n  files: [\n` +
  files.map((f) => `    [${JSON.stringify(f.file)}, ${JSON.stringify(f.integrity)}],\n`).join('') +
  '  ],\n};\n';
fs.writeFileSync(workerPath, before + block + after);

const total = files.reduce((n, f) => n + f.size, 0);
console.log(`precache: build ${id}, ${files.length} files, ${(total / 1024).toFixed(1)} KiB (base ${base})`);
