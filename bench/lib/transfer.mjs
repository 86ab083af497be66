// What a first visit downloads, from a built folder: index.html and every
// file it refers to (links, scripts, and the paths named in its inline
// module script, i.e. Trunk's JS glue and the wasm), each compressed the way
// a static host would (gzip -9, brotli quality 11). Shared by bench/run.mjs
// and bench/size-check.mjs, so `make test` and `make bench` count the same.
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

export const KIB = 1024;

export function gzip9(buf) {
  return zlib.gzipSync(buf, { level: 9 }).length;
}

export function brotli11(buf) {
  return zlib.brotliCompressSync(buf, {
    params: {
      [zlib.constants.BROTLI_PARAM_QUALITY]: zlib.constants.BROTLI_MAX_QUALITY,
      [zlib.constants.BROTLI_PARAM_SIZE_HINT]: buf.length,
    },
  }).length;
}

// The app itself (what the budget counts) versus what the browser fetches for
// the tab and for installing (favicon, manifest, touch icon).
const CORE = new Set(['.html', '.js', '.mjs', '.wasm', '.css']);

/** Every URL index.html refers to, as written. */
export function references(html) {
  const text = html.replace(/<!--[\s\S]*?-->/g, '');
  const refs = [];
  for (const m of text.matchAll(/<(link|script)\b([^>]*)>/gi)) {
    const attr = (name) => m[2].match(new RegExp(`\\s${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)'|([^\\s>]+))`, 'i'));
    const hit = attr(m[1].toLowerCase() === 'link' ? 'href' : 'src');
    if (hit) refs.push(hit[1] ?? hit[2] ?? hit[3]);
  }
  // Trunk's loader: `import init from '/base/app-hash.js'` and
  // `init({ module_or_path: '/base/app-hash_bg.wasm' })`.
  for (const m of text.matchAll(/<script\b[^>]*>([\s\S]*?)<\/script\s*>/gi)) {
    for (const s of m[1].matchAll(/['"]([^'"\s]+\.(?:js|mjs|wasm))['"]/g)) refs.push(s[1]);
  }
  return [...new Set(refs)];
}

/**
 * The first visit of the app built in `dir` and served under `base`.
 * @returns {{files: {file: string, core: boolean, raw: number, gzip: number, brotli: number}[],
 *   core: {raw: number, gzip: number, brotli: number}, extra: {raw: number, gzip: number, brotli: number}}}
 */
export function firstVisit(dir, base) {
  const indexPath = path.join(dir, 'index.html');
  if (!fs.existsSync(indexPath)) throw new Error(`${indexPath} is missing: build first`);
  const html = fs.readFileSync(indexPath, 'utf8');
  // Relative references follow <base href> when there is one.
  const baseHref = html.match(/<base\s+href="([^"]*)"/i)?.[1] ?? base;
  const pageUrl = new URL(baseHref, `http://host${base}`);
  const names = ['index.html'];
  for (const ref of references(html)) {
    const u = new URL(ref, pageUrl);
    if (u.host !== 'host') throw new Error(`index.html refers to another origin: ${ref}`);
    if (!u.pathname.startsWith(base)) throw new Error(`index.html refers outside ${base}: ${ref}`);
    const rel = decodeURIComponent(u.pathname.slice(base.length));
    if (!fs.existsSync(path.join(dir, rel))) throw new Error(`index.html refers to ${ref}, which is not in ${dir}`);
    names.push(rel);
  }
  const files = [...new Set(names)].map((file) => {
    const buf = fs.readFileSync(path.join(dir, file));
    return {
      file,
      core: CORE.has(path.extname(file).toLowerCase()),
      raw: buf.length,
      gzip: gzip9(buf),
      brotli: brotli11(buf),
    };
  });
  const sum = (list) => ({
    raw: list.reduce((n, f) => n + f.raw, 0),
    gzip: list.reduce((n, f) => n + f.gzip, 0),
    brotli: list.reduce((n, f) => n + f.brotli, 0),
  });
  return { files, core: sum(files.filter((f) => f.core)), extra: sum(files.filter((f) => !f.core)) };
}
