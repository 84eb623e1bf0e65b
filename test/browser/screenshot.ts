// `npm run screenshot`: the README's picture of the page (docs/page.png), taken in Debian's Chromium against the
// demo data `npm start` creates, with the same helpers as the browser tests. The demo's shop names hold Chinese and
// Japanese: install a CJK font first (Debian: fonts-noto-cjk), or they show as boxes.
import { join } from 'node:path';
import { startApp } from '../helpers/app.js';
import { launchBrowser, openPage, useToken } from '../helpers/browser.js';
import { repoRoot, seedDatabase } from '../helpers/seed-database.js';

const OUTPUT = join(repoRoot(), 'docs', 'page.png');

const database = await seedDatabase({ demo: { shops: 6, orders: 30_000, seed: 1 } });
const app = await startApp({ sourcePath: database.path, environment: { SHOPZIP_MAX_RUNNING_JOBS: '1' } });
const browser = await launchBrowser();
try {
  const { page } = await openPage(browser, app.url('/'), 1280);
  await page.setViewportSize({ width: 1280, height: 920 });
  await useToken(page, app.token);
  await page.getByRole('checkbox', { name: /^Select all shown/ }).check();
  await page.getByLabel('From', { exact: true }).fill('2026-01-01');
  await page.getByLabel('To', { exact: true }).fill('2026-06-30');
  await page.getByRole('button', { name: 'Start export' }).click();
  await page.getByRole('link', { name: /^Download ZIP/ }).waitFor({ timeout: 120_000 });
  await page.getByLabel('To', { exact: true }).fill('2026-12-31');
  await page.getByRole('button', { name: 'Start export' }).click();
  // The picture shows the second export on its way: between a quarter and three quarters of its bar.
  // (Polled from here: the page's CSP forbids the string evaluation waitForFunction would use.)
  while ((await page.evaluate("document.querySelector('.job progress')?.value ?? 0") as number) < 25) await page.waitForTimeout(50);
  await page.evaluate('document.activeElement?.blur(); window.scrollTo(0, 0)');
  await page.screenshot({ path: OUTPUT, fullPage: false });
  process.stdout.write(`${OUTPUT}\n`);
} finally {
  await browser.close();
  await app.close();
  await database.remove();
}
