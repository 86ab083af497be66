#!/usr/bin/env node
// The floor's post_build hook: the release steps of Hearth's own
// (scripts/post-build.mjs step 0), so both are built the same way: the
// wasm's functions ordered (scripts/order-wasm.mjs), then the glue minified
// (scripts/minify.mjs), each `integrity` in index.html taken again. One
// script, because Trunk starts all hooks of a stage at the same moment.
import fs from 'node:fs';
import path from 'node:path';

import { minifyLinked } from '../../scripts/minify.mjs';
import { orderWasm } from '../../scripts/order-wasm.mjs';

const dir = process.argv[2] || process.env.TRUNK_STAGING_DIR;
const index = dir && path.join(dir, 'index.html');
if (!index || !fs.existsSync(index)) {
  console.error('counter post-build: give a built folder with an index.html (or run it as a Trunk hook)');
  process.exit(1);
}
try {
  let html = fs.readFileSync(index, 'utf8');
  if (process.env.TRUNK_PROFILE !== 'debug') {
    const ordered = orderWasm(dir, html);
    html = ordered.html;
    console.log(`counter post-build: functions ordered in ${ordered.done.join(', ')}`);
  }
  const minified = await minifyLinked(dir, html);
  fs.writeFileSync(index, minified.html);
  console.log(`counter post-build: minified ${minified.done.join(', ')}`);
} catch (e) {
  console.error(`counter post-build: ${e.message}`);
  process.exit(1);
}
