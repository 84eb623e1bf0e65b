import { expect } from 'chai';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { startApp } from '../../helpers/app.js';
import { useToken } from '../../helpers/browser.js';
import { fetchAll } from '../../helpers/http.js';
import { getJob, JOBS, sha256, type JobJson } from '../../helpers/jobs.js';
import { pageSuite } from '../../helpers/page-suite.js';

/** Records every value the page's newest job's progress bar shows (in the page; read with `seenPercents`). */
const RECORD_PROGRESS = `window.seenPercents = [];
  new MutationObserver(() => {
    const bar = document.querySelector('.job progress');
    if (bar !== null && bar.hasAttribute('value') && bar.value !== window.seenPercents.at(-1)) window.seenPercents.push(bar.value);
  }).observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['value'] });`;

describe('the web page in Chromium: export jobs', () => {
  const suite = pageSuite({ demo: { shops: 6, orders: 20_000, seed: 3 }, environment: { SHOPZIP_MAX_RUNNING_JOBS: '1' } });

  /** The page, signed in with `token`, all its shops chosen. */
  async function signedIn(token: string, url?: string): Promise<Page> {
    const page = await suite.open(url);
    await useToken(page, token);
    await page.getByRole('checkbox', { name: /^Select all shown/ }).check();
    return page;
  }

  const newestJob = async (): Promise<JobJson> => (JSON.parse((await fetchAll(suite.app.url(`${JOBS}?limit=1`))).body.toString('utf8')) as { jobs: JobJson[] }).jobs[0]!;

  it('starts a job, moves its bar to 100%, and downloads its file through the signed link, matching its SHA-256', async () => {
    const page = await signedIn(suite.app.token);
    await page.evaluate(RECORD_PROGRESS);
    await page.getByRole('button', { name: 'Start export' }).click();
    const link = page.getByRole('link', { name: /^Download ZIP \([\d.]+ MB\)$/ });
    await link.waitFor({ timeout: 60_000 });
    const seen = await page.evaluate('window.seenPercents') as number[];
    expect(seen.at(-1)).to.equal(100);
    expect(seen.some((percent) => percent > 0 && percent < 100), `the bar showed ${seen.join(', ')}`).to.equal(true);
    expect(seen).to.deep.equal([...seen].sort((a, b) => a - b));
    expect(await page.locator('.job .state').textContent()).to.equal('Ready to download');
    expect(await page.getByRole('status').textContent()).to.match(/Ready to download\.$/);
    const job = await newestJob();
    expect(job.state).to.equal('succeeded');
    const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
    expect(download.url()).to.match(new RegExp(`/v1/export-jobs/${job.id}/download\\?expires=\\d+&signature=`));
    expect(download.suggestedFilename()).to.equal('orders_6-shops.zip');
    const file = await readFile((await download.path())!);
    expect([file.length, sha256(file)]).to.deep.equal([job.artifact!.bytes, job.artifact!.sha256]);
  });

  it('cancels a job that waits its turn, then deletes it from the list', async () => {
    const page = await signedIn(suite.app.token);
    const listed = await page.locator('.job').count(); // earlier tests' jobs are listed too
    for (const jobs of [listed + 1, listed + 2]) {
      await page.getByRole('button', { name: 'Start export' }).click();
      await page.locator('.job').nth(jobs - 1).waitFor(); // (waitForFunction would need eval, which the page's CSP forbids)
    }
    // The newest job, pinned by its id: `.job` first() would move on if the list changed meanwhile.
    const heading = await page.locator('.job').first().locator('h3').getAttribute('id');
    const second = page.locator('.job', { has: page.locator(`#${heading!}`) });
    await second.getByRole('button', { name: 'Cancel' }).click();
    await second.getByText('Cancelled').waitFor();
    const cancelled = await newestJob();
    expect(cancelled.state).to.equal('cancelled');
    await second.getByRole('button', { name: 'Delete' }).click();
    await page.locator(`#job-${cancelled.id}`).waitFor({ state: 'detached' });
    expect((await fetchAll(suite.app.url(`${JOBS}/${cancelled.id}`))).status).to.equal(404);
    const first = (await newestJob()).id;
    expect((await fetchAll(suite.app.url(`${JOBS}/${first}`), { method: 'DELETE' })).status).to.be.oneOf([200, 204]);
  });

  it('shows a failed job\'s problem in words', async () => {
    const broken = await startApp({ sourcePath: suite.database.path, environment: { SHOPZIP_ARTIFACT_DIR: join(suite.database.path, 'not-a-directory') } });
    try {
      const page = await signedIn(broken.token, broken.url('/'));
      await page.getByRole('button', { name: 'Start export' }).click();
      const job = page.locator('.job').first();
      await job.getByText('Failed').waitFor();
      expect(await job.locator('.error').textContent()).to.equal('The server could not save the export file, perhaps because its disk is full. Tell your administrator.');
      // The live region is told after the job's card shows it: wait for the announcement, not just the card.
      const announced = /: Failed\. The server could not save the export file/;
      await page.getByRole('status').filter({ hasText: announced }).waitFor();
      expect(await page.getByRole('status').textContent()).to.match(announced);
      const id = (await job.locator('h3').getAttribute('id'))!.replace(/^job-/, '');
      expect((await getJob(broken.url(`${JOBS}/${id}`), { authorization: `Bearer ${broken.token}` })).error!.code).to.equal('artifact_write_failed');
    } finally {
      await broken.close();
    }
  });
});
