#!/usr/bin/env node
// Draws Hearth's app icons (PNG) from the SVG sources in scripts/icons/ with
// headless Chromium, into public/icons/. Run once after changing a source:
//
//   node scripts/make-icons.mjs
//
// The PNGs are committed, so builds never need a browser. Uses playwright-core
// from e2e/node_modules and the system Chromium (CHROMIUM overrides the path).
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const require = createRequire(path.join(root, 'e2e', 'package.json'));
const { chromium } = require('playwright-core');

// [source, output, size]. "any" icons keep their rounded corners
// (transparent); the maskable one and Apple's fill the whole square, and the
// platform cuts its own shape (the heart stays inside the 80% safe circle).
const ICONS = [
  ['icon.svg', 'icon-192.png', 192],
  ['icon.svg', 'icon-512.png', 512],
  ['icon-maskable.svg', 'icon-maskable-512.png', 512],
  ['icon-maskable.svg', 'apple-touch-icon.png', 180],
];

const srcDir = path.join(root, 'scripts', 'icons');
const outDir = path.join(root, 'public', 'icons');
fs.mkdirSync(outDir, { recursive: true });

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  headless: true,
  args: [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
});
try {
  for (const [src, out, size] of ICONS) {
    const svg = fs.readFileSync(path.join(srcDir, src), 'utf8');
    const page = await browser.newPage({ viewport: { width: size, height: size }, deviceScaleFactor: 1 });
    const html =
      '<!doctype html><html><head><style>html,body{margin:0;background:transparent}' +
      `img{display:block;width:${size}px;height:${size}px}</style></head>` +
      `<body><img alt="" src="data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}"></body></html>`;
    await page.setContent(html);
    await page.locator('img').evaluate((img) => img.decode());
    const png = await page.screenshot({ omitBackground: true, clip: { x: 0, y: 0, width: size, height: size } });
    fs.writeFileSync(path.join(outDir, out), png);
    console.log(`public/icons/${out}  ${size}x${size}  ${png.length} bytes`);
    await page.close();
  }
} finally {
  await browser.close();
}
