// Step 0 of scripts/post-build.mjs (release builds): the functions of the
// wasm put in an order gzip compresses better. Only their order changes.
//
// Trunk's wasm-opt keeps the function names (`-g` in index.html's
// data-wasm-opt-params). Sorting by those names alone (wasm-opt's
// --reorder-functions-by-name) puts the copies of one generic function side
// by side, but within such a group the order is the random one of the hash
// at the end of each name (`…::h0123456789abcdef`). Here the hash (and
// wasm-opt's `.N` suffix) is left out of the key, and the copies of one
// function follow each other by size and then by bytes, so near-identical
// copies are neighbours: −3.1 KiB gzip on Hearth (docs/wasm-splitting.md).
//
// How: each function gets a new name whose plain sort is that order (the
// wasm's "name" section rewritten), then wasm-opt (the pinned one of
// e2e/package.json, as Trunk runs) reorders by name and drops the names and
// the sections only tools read (producers, target features, debug).
// `--optimize-level=2 --shrink-level=2` runs no pass; it makes wasm-opt
// write the code the way its -Oz does (StackIR), otherwise the code grows
// by 0.3 %. Then the
// `integrity` of the wasm's preload <link> in index.html is taken again.
// The file name keeps Trunk's hash (taken before its wasm-opt), as the
// minified glue keeps its own.
//
// A wasm without a name section is left as it is if it has no target
// features section either (an already ordered one: this step can run
// again); with one, Trunk's wasm-opt ran without -g, which fails the build.
import crypto from 'node:crypto';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const WASM_OPT = fileURLToPath(new URL('../e2e/node_modules/.bin/wasm-opt', import.meta.url));

const sri = (bytes) => `sha384-${crypto.createHash('sha384').update(bytes).digest('base64')}`;

function leb(buf, pos) {
  let value = 0;
  let shift = 0;
  let byte;
  do {
    byte = buf[pos++];
    value += (byte & 0x7f) * 2 ** shift;
    shift += 7;
  } while (byte & 0x80);
  return [value, pos];
}

function uleb(n) {
  const out = [];
  do {
    let byte = n & 0x7f;
    n = Math.floor(n / 128);
    if (n) byte |= 0x80;
    out.push(byte);
  } while (n);
  return Buffer.from(out);
}

const str = (s) => {
  const bytes = Buffer.from(s, 'utf8');
  return Buffer.concat([uleb(bytes.length), bytes]);
};

/** The module's sections: id, custom name, where the whole section and its body are. */
function sections(buf) {
  if (buf.readUInt32LE(0) !== 0x6d736100) throw new Error('not a wasm module');
  const out = [];
  let p = 8;
  while (p < buf.length) {
    const id = buf[p];
    const [size, body] = leb(buf, p + 1);
    let name = null;
    if (id === 0) {
      const [len, at] = leb(buf, body);
      name = buf.subarray(at, at + len).toString('utf8');
    }
    out.push({ id, name, start: p, body, end: body + size });
    p = body + size;
  }
  return out;
}

/** How many functions are imported: they come first in the function index space. */
function importedFunctions(buf, section) {
  if (!section) return 0;
  let [count, p] = leb(buf, section.body);
  let functions = 0;
  const limits = () => {
    const flags = buf[p++];
    [, p] = leb(buf, p);
    if (flags & 1) [, p] = leb(buf, p);
  };
  for (let i = 0; i < count; i++) {
    let len;
    [len, p] = leb(buf, p);
    p += len;
    [len, p] = leb(buf, p);
    p += len;
    const kind = buf[p++];
    if (kind === 0) {
      functions++;
      [, p] = leb(buf, p);
    } else if (kind === 1) {
      p++; // reference type
      limits();
    } else if (kind === 2) limits();
    else if (kind === 3) p += 2;
    else if (kind === 4) {
      p++;
      [, p] = leb(buf, p);
    } else throw new Error(`unknown import kind ${kind}`);
  }
  return functions;
}

/** The function bodies, in the order of the code section. */
function codeBodies(buf, section) {
  let [count, p] = leb(buf, section.body);
  const bodies = [];
  for (let i = 0; i < count; i++) {
    const [size, at] = leb(buf, p);
    bodies.push(buf.subarray(at, at + size));
    p = at + size;
  }
  return bodies;
}

/** The function names of a "name" section, by function index. */
function functionNames(buf, section) {
  let [len, p] = leb(buf, section.body);
  p += len;
  const names = new Map();
  while (p < section.end) {
    const id = buf[p];
    const [size, body] = leb(buf, p + 1);
    if (id === 1) {
      let [count, q] = leb(buf, body);
      for (let i = 0; i < count; i++) {
        let index;
        [index, q] = leb(buf, q);
        [len, q] = leb(buf, q);
        names.set(index, buf.subarray(q, q + len).toString('utf8'));
        q += len;
      }
    }
    p = body + size;
  }
  return names;
}

/**
 * The sort key of a function: its name without the hash rustc appends to
 * legacy-mangled names and without wasm-opt's `.N` suffix, then its size,
 * then its bytes. The functions wasm-opt made and did not name (the shared
 * bodies of merged functions) go where its own name for them would put them
 * (by name, all together): 0.5 KiB gzip better than first or last.
 */
function sortKey(name, body) {
  const base = (name ?? 'byn$mgfn-shared$').replace(/::h[0-9a-f]{16}$/, '').replace(/\.\d+$/, '');
  return `${base}\u0001${String(body.length).padStart(8, '0')}\u0001${body.toString('latin1')}`;
}

/** Reorders the functions of the wasm at `file` in place; returns a line for the log. */
function orderFile(file) {
  const buf = fs.readFileSync(file);
  const all = sections(buf);
  const nameSection = all.find((s) => s.id === 0 && s.name === 'name');
  if (!nameSection) {
    if (all.some((s) => s.id === 0 && s.name === 'target_features')) {
      throw new Error(`${path.basename(file)} has no function names: Trunk's wasm-opt needs -g (index.html)`);
    }
    return `${path.basename(file)} already ordered`;
  }
  const imported = importedFunctions(buf, all.find((s) => s.id === 2));
  const bodies = codeBodies(buf, all.find((s) => s.id === 10));
  const names = functionNames(buf, nameSection);

  const keys = bodies.map((body, i) => sortKey(names.get(imported + i), body));
  const order = keys.map((_, i) => i).sort((a, b) => (keys[a] < keys[b] ? -1 : keys[a] > keys[b] ? 1 : a - b));
  const width = String(bodies.length).length;
  const rank = new Array(bodies.length);
  order.forEach((fn, r) => {
    rank[fn] = `f${String(r).padStart(width, '0')}`;
  });

  // A name section with only the function names: imports keep theirs.
  const entries = [];
  for (let i = 0; i < imported; i++) if (names.has(i)) entries.push(uleb(i), str(names.get(i)));
  for (let i = 0; i < bodies.length; i++) entries.push(uleb(imported + i), str(rank[i]));
  const count = (entries.length / 2) | 0;
  const subsection = Buffer.concat([uleb(count), ...entries]);
  const content = Buffer.concat([str('name'), Buffer.from([1]), uleb(subsection.length), subsection]);
  const renamed = Buffer.concat([
    buf.subarray(0, nameSection.start),
    Buffer.from([0]),
    uleb(content.length),
    content,
    buf.subarray(nameSection.end),
  ]);

  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'hearth-order-'));
  let out;
  try {
    const input = path.join(tmp, 'in.wasm');
    const output = path.join(tmp, 'out.wasm');
    fs.writeFileSync(input, renamed);
    execFileSync(
      WASM_OPT,
      [
        input,
        '--reorder-functions-by-name',
        '--strip-debug',
        '--strip-producers',
        '--strip-target-features',
        '--optimize-level=2',
        '--shrink-level=2',
        '-o',
        output,
      ],
      { stdio: ['ignore', 'inherit', 'inherit'] },
    );
    out = fs.readFileSync(output);
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }

  // Only the order may change: as many functions, as much code (give or take
  // the width of the call indices), and no names left.
  const outSections = sections(out);
  const outBodies = codeBodies(out, outSections.find((s) => s.id === 10));
  const size = (list) => list.reduce((n, b) => n + b.length, 0);
  if (outBodies.length !== bodies.length) throw new Error(`wasm-opt changed the number of functions (${bodies.length} → ${outBodies.length})`);
  if (Math.abs(size(outBodies) - size(bodies)) > size(bodies) / 1000) {
    throw new Error(`wasm-opt changed the code size by more than reordering can (${size(bodies)} → ${size(outBodies)} bytes)`);
  }
  const left = outSections.filter((s) => s.id === 0 && ['name', 'producers', 'target_features'].includes(s.name));
  if (left.length) throw new Error(`the ordered wasm still has a ${left[0].name} section`);
  fs.writeFileSync(file, out);
  return `${path.basename(file)} ${buf.length} → ${out.length} bytes`;
}

/** Orders every `*_bg.wasm` index.html preloads; returns the new html and what was done. */
export function orderWasm(dir, html) {
  const done = [];
  const links = /<link\b[^>]*\bhref="([^"]+_bg\.wasm)"[^>]*>/gi;
  for (const [tag, href] of [...html.matchAll(links)]) {
    const file = path.join(dir, path.basename(href));
    if (!fs.existsSync(file)) throw new Error(`${href} is linked from index.html but not in ${dir}`);
    done.push(orderFile(file));
    if (/\bintegrity\s*=/i.test(tag) && !/\bintegrity="[^"]*"/.test(tag)) throw new Error(`cannot rewrite the integrity of ${tag}`);
    html = html.replace(tag, tag.replace(/\bintegrity="[^"]*"/, `integrity="${sri(fs.readFileSync(file))}"`));
  }
  if (!done.length) throw new Error('index.html links no *_bg.wasm');
  return { html, done };
}
