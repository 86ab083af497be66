// Steps for the passphrase lock (src/components/lock.rs), shared by the
// tests that need a locked Hearth: reach the lock screen, open it.

/** The lock screen's heading; nothing of the couple's is shown with it. */
export const lockScreen = (page) => page.getByRole('heading', { level: 1, name: 'Hearth is locked' });

/** Reloads the page (or goes to `to`) and waits for the lock screen. */
export async function toLockScreen(page, to) {
  if (to) await page.goto(to);
  else await page.reload();
  await lockScreen(page).waitFor();
}

/** Types `pass` on the lock screen and presses "Open Hearth"; with `opens`,
 * waits for the page whose <main> heading has that text. */
export async function unlock(page, pass, { opens } = {}) {
  await page.getByLabel('Passphrase', { exact: true }).fill(pass);
  await page.getByRole('button', { name: 'Open Hearth' }).click();
  if (opens) await page.locator('main h1', { hasText: opens }).waitFor();
}
