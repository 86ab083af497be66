import { test } from 'node:test';
import { hearth, welcome } from './lib/app.js';
import { PHONE, DESKTOP } from './lib/browser.js';
const { url, open } = hearth();
test('shots', async () => {
  for (const vp of [PHONE, DESKTOP]) for (const cs of ['light', 'dark']) {
    const s = await open({ ...vp, colorScheme: cs });
    const { page } = s;
    await welcome(page, url);
    await page.goto(url('gestures'));
    await page.getByRole('group', { name: /Who's using Hearth/ }).getByRole('button', { name: 'Sam' }).click();
    const card = page.locator('details.kind').filter({ hasText: 'Thank them for a time' });
    await card.locator('summary').click();
    await page.getByRole('button', { name: /^Plan: Leave a sticky note/ }).click();
    await page.locator('#plan-text').fill('A note on the mirror');
    await page.getByRole('button', { name: 'Plan it' }).click();
    await page.getByRole('button', { name: 'Edit', exact: true }).click();
    await page.getByLabel("What you'd like to do").last().fill(' ');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByText("Please write what you'd like to do first.").waitFor();
    await page.waitForTimeout(300);
    await page.locator('.plan').first().screenshot({ path: `/tmp/shots/g-edit-${vp.width}-${cs}.png` });
    await s.done();
  }
});
