// Headless Chromium via playwright-core, using the system Chromium (no
// Playwright browser download), plus per-page guards that tests assert on.
import { chromium } from 'playwright-core';

export const PHONE = Object.freeze({ width: 390, height: 844 });
export const DESKTOP = Object.freeze({ width: 1280, height: 800 });

// Flags keep the browser quiet and offline-friendly: no GPU, no QUIC, no
// background/update/sync traffic that would show up as foreign requests.
// bench/run.mjs gives the same ones to Lighthouse's own Chrome.
export const QUIET_FLAGS = Object.freeze([
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
]);
const ARGS = ['--headless', ...QUIET_FLAGS];

export async function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: ARGS,
  });
}

/**
 * Fresh context (empty storage, no shared cookies/IndexedDB/localStorage)
 * and page, with guards attached before anything loads.
 * `origin` is the test server's origin; requests elsewhere are recorded in
 * `foreignRequests` (data:, blob: and about: URLs are local, so ignored).
 */
export async function newPage(
  browser,
  { origin, width = PHONE.width, height = PHONE.height, colorScheme = 'light', reducedMotion, timezoneId } = {},
) {
  const options = { viewport: { width, height }, colorScheme };
  if (reducedMotion !== undefined) options.reducedMotion = reducedMotion;
  if (timezoneId !== undefined) options.timezoneId = timezoneId;
  const context = await browser.newContext(options);

  const consoleErrors = [];
  const pageErrors = [];
  const foreignRequests = [];

  // Context-level so popups and workers are covered as well.
  context.on('request', (request) => {
    const url = request.url();
    if (/^(data|blob|about):/.test(url)) return;
    let requestOrigin;
    try {
      requestOrigin = new URL(url).origin;
    } catch {
      requestOrigin = 'null';
    }
    if (!origin || requestOrigin !== origin) {
      foreignRequests.push({ url, method: request.method(), resourceType: request.resourceType() });
    }
  });

  const page = await context.newPage();
  page.on('console', (msg) => {
    if (msg.type() !== 'error') return;
    const loc = msg.location();
    consoleErrors.push(loc && loc.url ? `${msg.text()} (${loc.url}:${loc.lineNumber})` : msg.text());
  });
  page.on('pageerror', (err) => {
    pageErrors.push(`${err.name}: ${err.message}`);
  });

  return { context, page, consoleErrors, pageErrors, foreignRequests };
}
