// Step 0 of scripts/post-build.mjs: the wasm-bindgen glue and the stylesheet
// minified in place; index.html loses its comments and indentation, and its
// own inline script is minified. Trunk's own `--minify` cannot do it (its JS
// minifier stops at the glue's `export default`, and its HTML minifier drops
// the optional <head> tag the CSP step needs). This saves about 4.3 KiB gzip
// of the first visit (0.6 of it index.html's) and 34 KB of JavaScript to
// parse.
//
// The file names keep Trunk's hash of the unminified text: minifying is
// deterministic, so a name still changes exactly when its content does. The
// `integrity` of their <link>s in index.html is taken again from the new
// bytes (the browser refuses a file whose hash does not match).
//
// The benchmark's floor, bench/counter, calls it from its own post-build.mjs
// so both get the same treatment.
//
// The tools are pinned in e2e/package.json, the Node tools of the build and
// the tests (binaryen's wasm-opt is there too).
import crypto from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const tool = createRequire(new URL('../e2e/package.json', import.meta.url));

const sri = (bytes) => `sha384-${crypto.createHash('sha384').update(bytes).digest('base64')}`;

/** The names the wasm that index.html preloads exports (`null` if there is none). */
function wasmExports(dir, html) {
  const href = html.match(/<link\b[^>]*\bhref="([^"]+_bg\.wasm)"/i)?.[1];
  if (!href) return null;
  const buf = fs.readFileSync(path.join(dir, path.basename(href)));
  let p = 8;
  const leb = () => {
    let value = 0;
    let shift = 0;
    let byte;
    do {
      byte = buf[p++];
      value += (byte & 0x7f) * 2 ** shift;
      shift += 7;
    } while (byte & 0x80);
    return value;
  };
  const names = new Set();
  while (p < buf.length) {
    const id = buf[p++];
    const end = leb() + p;
    if (id === 7) {
      for (let n = leb(); n > 0; n--) {
        const length = leb();
        names.add(buf.toString('utf8', p, p + length));
        p += length + 1; // the kind
        leb(); // the index
      }
    }
    p = end;
  }
  return names;
}

/**
 * The glue without the classes whose every method calls a wasm export that
 * is gone: wasm-opt drops the stream classes of Leptos' server functions
 * (index.html's `--remove-exports`), but wasm-bindgen wrote their JS before
 * that. Nothing can call them (their class names appear nowhere else), so
 * the class, its `Symbol.dispose` line and its finalization registry go:
 * 0.36 KiB gzip. A class that still calls any export stays as it is.
 */
function withoutDeadClasses(text, exported) {
  if (!exported) return text;
  for (const [, name] of [...text.matchAll(/^export class (\w+) \{$/gm)]) {
    const start = text.indexOf(`export class ${name} {\n`);
    const close = text.indexOf('\n}\n', start);
    const dispose = `if (Symbol.dispose) ${name}.prototype[Symbol.dispose] = ${name}.prototype.free;\n`;
    const registry = new RegExp(`^const ${name}Finalization = [^;]*;\\n`, 'm');
    if (close < 0) continue;
    let end = close + 3;
    if (text.startsWith(dispose, end)) end += dispose.length;
    const body = text.slice(start, end) + (text.match(registry)?.[0] ?? '');
    const calls = [...body.matchAll(/\bwasm\.(\w+)/g)].map((m) => m[1]);
    const rest = (text.slice(0, start) + text.slice(end)).replace(registry, '');
    if (!calls.length || calls.some((c) => exported.has(c)) || new RegExp(`\\b${name}\\b`).test(rest)) continue;
    text = rest;
  }
  return text;
}

/** Minifies what index.html's stylesheet and modulepreload links name; returns the new html. */
export async function minifyLinked(dir, html) {
  const { minify } = tool('terser');
  const csso = tool('csso');
  const done = [];
  const links = /<link\b[^>]*\brel="(stylesheet|modulepreload)"[^>]*>/gi;
  for (const [tag, relText] of [...html.matchAll(links)]) {
    const rel = relText.toLowerCase();
    const href = tag.match(/\bhref="([^"]+)"/)?.[1];
    if (!href || href.includes('//')) continue;
    const file = path.join(dir, path.basename(href));
    if (!fs.existsSync(file)) throw new Error(`${href} is linked from index.html but not in ${dir}`);
    const text = fs.readFileSync(file, 'utf8');
    let out;
    if (rel === 'stylesheet') {
      // No restructuring: rules keep their order and grouping, only spaces,
      // comments and redundant characters go.
      out = csso.minify(text, { restructure: false, comments: false }).css;
    } else {
      // Property names are never mangled: the wasm imports its functions
      // from the glue by name.
      const glue = withoutDeadClasses(text, wasmExports(dir, html));
      const result = await minify(glue, { module: true, compress: true, mangle: true });
      out = result.code;
    }
    if (!out) throw new Error(`minifying ${href} gave nothing`);
    fs.writeFileSync(file, out);
    const withHash = tag.replace(/\bintegrity="[^"]*"/, `integrity="${sri(Buffer.from(out, 'utf8'))}"`);
    // Unchanged is fine when it was already this file's hash (a second run).
    if (!/\bintegrity="[^"]*"/.test(tag) && /\bintegrity\s*=/i.test(tag)) throw new Error(`cannot rewrite the integrity of ${tag}`);
    html = html.replace(tag, withHash);
    done.push(`${path.basename(href)} ${text.length} → ${out.length} bytes`);
  }
  // index.html itself: its comments are notes for whoever reads the source,
  // its indentation is for them too, and its inline scripts are minified as
  // the glue is. Text between tags keeps a line break, so nothing that was
  // apart on screen runs together. The CSP step hashes the scripts after this.
  const before = html.length;
  html = html.replace(/<!--[\s\S]*?-->/g, '');
  for (const [whole, attrs, code] of [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)]) {
    // Trunk's own module script (a few lines that start the app) is left
    // as Trunk writes it, and `trunk serve`'s reload script too: post-build
    // fills in its placeholders by their exact quoting.
    if (/\b(src\s*=|type="module")/i.test(attrs) || !code.trim() || code.includes('{{__TRUNK')) continue;
    const result = await minify(code, { compress: true, mangle: true });
    html = html.replace(whole, () => `<script${attrs}>${result.code}</script>`);
  }
  html = html.replace(/\n\s+/g, '\n');
  done.push(`index.html ${before} → ${html.length} bytes`);
  return { html, done };
}

