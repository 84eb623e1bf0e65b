import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

/** Debian's Chromium (`apt-get install chromium`, as `.ci/run` does); Playwright cannot download a browser here. */
export const CHROMIUM = '/usr/bin/chromium';

/** A headless Chromium with a fresh profile; `close` ends it and removes its downloads. */
export interface TestBrowser {
  readonly browser: Browser;
  /** Where the browser's downloads are saved. */
  readonly downloads: string;
  close(): Promise<void>;
}

/**
 * Starts Debian's Chromium through playwright-core, with the flags this machine needs: no sandbox (tests run as
 * root), no GPU, and no background connections (there is no network but loopback; without these flags Chromium
 * keeps trying to reach its own services). Playwright gives each launch a fresh, empty profile directory of its
 * own (it refuses a `--user-data-dir` argument) and removes it on close.
 */
export async function launchBrowser(): Promise<TestBrowser> {
  const folder = await mkdtemp(join(tmpdir(), 'shopzip-browser-'));
  const downloads = join(folder, 'downloads');
  const flags = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync'];
  let browser: Browser;
  try {
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: flags, downloadsPath: downloads });
  } catch (error) {
    await rm(folder, { recursive: true, force: true });
    throw error;
  }
  return {
    browser,
    downloads,
    close: async () => {
      await browser.close();
      await rm(folder, { recursive: true, force: true });
    },
  };
}

/**
 * Opens `url` in a fresh browser context (its own storage and cookies) with downloads allowed and a short default
 * timeout; errors thrown in the page are collected into `errors`. Close the context when done.
 */
export async function openPage(browser: TestBrowser, url: string, width = 1000): Promise<{ page: Page; errors: string[] }> {
  const context = await browser.browser.newContext({ viewport: { width, height: 900 }, acceptDownloads: true });
  context.setDefaultTimeout(15_000);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(url);
  return { page, errors };
}

/** Pastes a token into the page's token field and uses it. */
export async function useToken(page: Page, token: string): Promise<void> {
  await page.getByLabel('Paste your API token').fill(token);
  await page.getByRole('button', { name: 'Use token' }).click();
}
