// A tiny static server that behaves like GitHub Pages for a project site:
// the app lives under a subpath (default /hearth/), unknown paths get 404.html
// with status 404, the bare subpath redirects to its slash form, and files
// carry an ETag so a revalidation gets 304 (bench/run.mjs's returning visits
// depend on it: the browser keeps its cached copy and compiled code). Testing
// against this (not `trunk serve`) catches base-path and deep-link bugs that
// only show up once deployed.
import crypto from 'node:crypto';
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm', // required for WebAssembly.instantiateStreaming
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.ics': 'text/calendar; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.woff2': 'font/woff2',
};

export function contentType(file) {
  return TYPES[path.extname(file).toLowerCase()] || 'application/octet-stream';
}

/**
 * Serve `root` under `base` on 127.0.0.1.
 * @returns {Promise<{url: string, origin: string, base: string, port: number,
 *   close: () => Promise<void>, requests: Map<string, number>,
 *   requestCount: (p: string) => number, resetRequests: () => void}>}
 */
export async function startServer({ root, base = '/hearth/', port = 0 } = {}) {
  if (!root) throw new Error('startServer: root is required');
  if (!base.startsWith('/') || !base.endsWith('/')) {
    throw new Error(`startServer: base must start and end with "/", got ${base}`);
  }
  // realpath so a symlinked root (e.g. /tmp on macOS) still passes the
  // containment check below.
  const rootReal = fs.realpathSync(path.resolve(root));
  const baseNoSlash = base.slice(0, -1);
  // Raw request paths (before decoding) -> hit count; lets tests assert e.g.
  // that the wasm is fetched once or a service worker serves from cache.
  const requests = new Map();

  const send = (req, res, status, headers, body) => {
    res.writeHead(status, { 'Cache-Control': 'no-cache', ...headers });
    res.end(req.method === 'HEAD' ? undefined : body);
  };

  const notFound = (req, res) => {
    let body;
    try {
      body = fs.readFileSync(path.join(rootReal, '404.html'));
    } catch {
      return send(req, res, 404, { 'Content-Type': TYPES['.txt'] }, 'Not Found\n');
    }
    send(req, res, 404, { 'Content-Type': TYPES['.html'] }, body);
  };

  // Resolve a decoded URL path to a real file inside root, or null.
  const resolveInside = (rel) => {
    const candidate = path.resolve(rootReal, '.' + path.posix.sep + rel);
    let real;
    try {
      real = fs.realpathSync(candidate);
    } catch {
      return null;
    }
    if (real !== rootReal && !real.startsWith(rootReal + path.sep)) return null;
    return real;
  };

  const server = http.createServer((req, res) => {
    const rawPath = (req.url || '/').split('?')[0].split('#')[0];
    requests.set(rawPath, (requests.get(rawPath) || 0) + 1);

    if (req.method !== 'GET' && req.method !== 'HEAD') {
      return send(req, res, 405, { Allow: 'GET, HEAD', 'Content-Type': TYPES['.txt'] }, 'Method Not Allowed\n');
    }

    let pathname;
    try {
      pathname = decodeURIComponent(rawPath);
    } catch {
      return notFound(req, res);
    }
    // Refuse NUL bytes and any ".." segment outright (also covers %2e%2e and
    // %2f-smuggled separators, since we check after decoding).
    if (pathname.includes('\0') || pathname.split(/[\\/]/).includes('..')) {
      return notFound(req, res);
    }

    if (pathname === baseNoSlash) {
      const query = req.url.includes('?') ? req.url.slice(req.url.indexOf('?')) : '';
      return send(req, res, 301, { Location: base + query, 'Content-Type': TYPES['.txt'] }, '');
    }
    if (!pathname.startsWith(base)) return notFound(req, res);

    const rel = pathname.slice(base.length);
    let file = resolveInside(rel);
    if (file && fs.statSync(file).isDirectory()) {
      // Like Pages: /dir -> 301 /dir/, and /dir/ serves dir/index.html.
      if (!pathname.endsWith('/')) {
        return send(req, res, 301, { Location: rawPath + '/', 'Content-Type': TYPES['.txt'] }, '');
      }
      file = resolveInside(path.posix.join(rel, 'index.html'));
      if (file && !fs.statSync(file).isFile()) file = null;
    }
    if (!file) return notFound(req, res);

    fs.readFile(file, (err, body) => {
      if (err) return notFound(req, res);
      // Like Pages, a validator: a browser's revalidation of a file it has
      // cached gets 304 and keeps its copy (and V8 its compiled code).
      const etag = `"${crypto.createHash('sha1').update(body).digest('base64url')}"`;
      if (req.headers['if-none-match'] === etag) return send(req, res, 304, { ETag: etag }, '');
      send(req, res, 200, { 'Content-Type': contentType(file), 'Content-Length': body.length, ETag: etag }, body);
    });
  });

  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', resolve);
  });
  const actualPort = server.address().port;
  const origin = `http://127.0.0.1:${actualPort}`;

  return {
    url: origin + base,
    origin,
    base,
    port: actualPort,
    requests,
    requestCount: (p) => requests.get(p) || 0,
    resetRequests: () => requests.clear(),
    close: () =>
      new Promise((resolve) => {
        // Browsers hold keep-alive sockets; drop them so close() doesn't hang.
        server.closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}
