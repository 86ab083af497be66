// Where the built app lives. Tests serve the real release build, so a stale
// or missing build must fail loudly rather than test something else.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export function distDir() {
  const dir = process.env.HEARTH_DIST
    ? path.resolve(process.env.HEARTH_DIST)
    : fileURLToPath(new URL('../../dist', import.meta.url));
  for (const name of ['index.html', '404.html']) {
    if (!fs.existsSync(path.join(dir, name))) {
      throw new Error(`${path.join(dir, name)} is missing: run make dist first (the e2e tests need a built dist/).`);
    }
  }
  return dir;
}
