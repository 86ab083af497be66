// Hearth's service worker: after one online visit the app opens, and every
// deep link works, with no network at all.
//
// - One build is one unit: every file a visit needs (index.html, 404.html,
//   the hashed wasm/js/css, icons, manifest) is fetched, checked against its
//   hash and stored in one cache named after the build. Trunk puts integrity
//   hashes in index.html, so a page and its wasm must never come from two
//   different builds.
// - Pages are answered from the active build's cache, the way GitHub Pages
//   would answer them (the app root → index.html; any other route → 404.html,
//   which is the app too, with status 404). A new build installs in the
//   background and waits: the app asks the couple before it reloads
//   ("SKIP_WAITING"), never on its own.
// - Only same-origin GET requests under this worker's scope are touched, and
//   only caches of this scope ("hearth-<build>@<scope>") are ever deleted: a
//   github.io origin is shared by every project site of an account.
//
// The build block below is written by scripts/precache.mjs after each Trunk
// build (a post_build hook). Do not edit it by hand.
'use strict';

// @hearth-build-start
const BUILD = { id: 'dev', files: [] };
// @hearth-build-end

const SCOPE = new URL(self.registration.scope);
const SUFFIX = '@' + SCOPE.pathname;
const CACHE = 'hearth-' + BUILD.id + SUFFIX;
const ours = (name) => name.startsWith('hearth-') && name.endsWith(SUFFIX);
const fileUrl = (file) => new URL(file, self.location.href).href;

self.addEventListener('install', (event) => {
  event.waitUntil(Promise.all([precache(), staticRoutes(event)]));
});

// Where the browser can (Chrome 123+), the app root and the build's hashed
// files come straight from this build's cache, without starting the worker
// first: a returning visit starts sooner. A miss still goes to the network,
// and anything else (deep links, other files) to the fetch handler below.
async function staticRoutes(event) {
  if (BUILD.files.length === 0 || typeof event.addRoutes !== 'function') return;
  const source = { cacheName: CACHE };
  try {
    await event.addRoutes([
      { condition: { requestMethod: 'GET', urlPattern: { pathname: SCOPE.pathname + 'hearth-*' } }, source },
      { condition: { requestMode: 'navigate', urlPattern: { pathname: SCOPE.pathname, search: '' } }, source },
    ]);
  } catch (err) {
    console.warn('Hearth: static routes not used', err); // the fetch handler serves everything
  }
}

async function precache() {
  if (BUILD.files.length === 0) return; // an unprocessed sw.js: cache nothing
  // Fetch and verify everything before storing anything, so a half-deployed
  // site fails the install instead of leaving a mixed cache behind.
  const responses = await Promise.all(
    BUILD.files.map(async ([file, integrity]) => {
      const url = fileUrl(file);
      const res = await fetch(
        new Request(url, { cache: 'no-cache', credentials: 'same-origin', redirect: 'error', integrity }),
      );
      if (!res.ok) throw new Error(`Hearth: ${file} answered ${res.status}; not installing this build`);
      return [url, res];
    }),
  );
  // The app root is stored too, as index.html: the static route for
  // navigations (above) looks it up by its own URL.
  const index = responses.find(([url]) => url === fileUrl('index.html'));
  if (index) responses.push([SCOPE.href, index[1].clone()]);
  const cache = await caches.open(CACHE);
  try {
    await Promise.all(responses.map(([url, res]) => cache.put(url, res)));
  } catch (err) {
    await caches.delete(CACHE); // e.g. out of space: leave nothing half-stored
    throw err;
  }
}

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      const names = await caches.keys();
      await Promise.all(names.filter((n) => ours(n) && n !== CACHE).map((n) => caches.delete(n)));
      await self.clients.claim();
    })(),
  );
});

self.addEventListener('message', (event) => {
  const data = event.data;
  if (data === 'SKIP_WAITING' || (data && data.type === 'SKIP_WAITING')) self.skipWaiting();
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET' || BUILD.files.length === 0) return;
  const url = new URL(request.url);
  if (url.origin !== SCOPE.origin || !url.pathname.startsWith(SCOPE.pathname)) return;
  event.respondWith(request.mode === 'navigate' ? page(request, url) : asset(request));
});

// Files of the build: from the cache, else the network (e.g. a later build's
// file asked for by a page that came from the network).
async function asset(request) {
  const hit = await caches.match(request, { cacheName: CACHE });
  return hit || fetch(request);
}

// Pages: the app shell of the active build, as GitHub Pages serves it. The
// app root is stored under its own URL (precache), so it is an exact match.
async function page(request, url) {
  const exact = await caches.match(url.origin + url.pathname, { cacheName: CACHE });
  if (exact) return exact;
  if (url.pathname !== SCOPE.pathname) {
    const shell = await caches.match(fileUrl('404.html'), { cacheName: CACHE });
    if (shell) {
      return new Response(shell.body, { status: 404, statusText: 'Not Found', headers: shell.headers });
    }
  }
  return fetch(request); // nothing cached (storage cleared?): the network
}
