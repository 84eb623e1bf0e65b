import { expect } from 'chai';
import type { Page } from 'playwright-core';
import type { DemoDataOptions } from '../../src/source/demo-data.js';
import { startApp, type RunningApp } from './app.js';
import { launchBrowser, openPage, type TestBrowser } from './browser.js';
import { seedDatabase, type SeededDatabase } from './seed-database.js';

/** What a suite of page tests shares: the app on its demo data, and fresh pages in one browser. */
export interface PageSuite {
  readonly app: RunningApp;
  readonly database: SeededDatabase;
  /** The page at `url` (the app's `/` by default) in a fresh browser profile; errors in it fail the test. */
  open(url?: string, width?: number): Promise<Page>;
}

/**
 * Registers the mocha hooks of a suite of page tests: before it, demo data, the app and Chromium; after each test,
 * its pages closed (an error thrown in one fails the test); after the suite, all of it stopped and removed.
 */
export function pageSuite(options: { demo: DemoDataOptions; environment?: Record<string, string> }): PageSuite {
  let database: SeededDatabase | undefined;
  let app: RunningApp | undefined;
  let browser: TestBrowser | undefined;
  const pages: { page: Page; errors: string[] }[] = [];
  before(async () => {
    database = await seedDatabase({ demo: options.demo });
    app = await startApp({ sourcePath: database.path, ...(options.environment === undefined ? {} : { environment: options.environment }) });
    browser = await launchBrowser();
  });
  afterEach(async () => {
    for (const { page, errors } of pages.splice(0)) {
      await page.context().close();
      expect(errors, 'errors in the page').to.deep.equal([]);
    }
  });
  after(async () => {
    await browser?.close();
    await app?.close();
    await database?.remove();
  });
  return {
    get app() { return app!; },
    get database() { return database!; },
    open: async (url, width) => {
      const opened = await openPage(browser!, url ?? app!.url('/'), width);
      pages.push(opened);
      return opened.page;
    },
  };
}
