import { expect } from 'chai';
import { readFile } from 'node:fs/promises';
import { useToken } from '../../helpers/browser.js';
import { postJson } from '../../helpers/http.js';
import { sha256 } from '../../helpers/jobs.js';
import { pageSuite } from '../../helpers/page-suite.js';

describe('the web page in Chromium', () => {
  const suite = pageSuite({ demo: { shops: 6, orders: 3000, seed: 1 } });
  const openPage = (width?: number) => suite.open(undefined, width);

  it('takes a pasted token with the keyboard, lists its shops, and keeps it in this tab\'s sessionStorage only', async () => {
    const page = await openPage();
    await page.getByLabel('Paste your API token').focus();
    await page.keyboard.insertText(suite.app.token);
    await page.keyboard.press('Enter');
    await page.getByRole('checkbox', { name: /ACME Versand GmbH/ }).waitFor();
    expect(await page.getByRole('list').first().getByRole('checkbox').count()).to.equal(6);
    expect(await page.evaluate("[sessionStorage.getItem('shopzip.token'), localStorage.length, document.cookie]")).to.deep.equal([suite.app.token, 0, '']);
    expect((await page.context().cookies()).length).to.equal(0);
    await page.reload();
    await page.getByRole('checkbox', { name: /Globex Corporation/ }).waitFor();
    await page.getByRole('button', { name: 'Forget token' }).click();
    await page.getByLabel('Paste your API token').waitFor();
    expect(await page.getByRole('checkbox', { name: /Globex Corporation/ }).count()).to.equal(0);
    expect(await page.evaluate('sessionStorage.length')).to.equal(0);
  });

  it('lists only the shops a scoped token may read', async () => {
    const { token } = suite.app.tokens.create('page-scoped', { allShops: false, shops: ['globex', 'wonka'] });
    const page = await openPage();
    await useToken(page, token);
    await page.getByRole('checkbox', { name: /Globex Corporation/ }).waitFor();
    const names = await page.locator('.shop-list .shop-name').allTextContents();
    expect(names).to.deep.equal(['Globex Corporation', 'Wonka 巧克力 (上海)']);
  });

  it('downloads now through the browser\'s own download: the ZIP equals the API\'s, byte for byte', async () => {
    const page = await openPage();
    await useToken(page, suite.app.token);
    await page.getByLabel('Search shops').fill('berlin');
    await page.getByRole('checkbox', { name: /Select all shown \(1\)/ }).check();
    await page.getByLabel('Search shops').fill('');
    await page.getByRole('checkbox', { name: /Initech/ }).check();
    await page.getByLabel('From', { exact: true }).fill('2026-01-01');
    await page.getByLabel('To', { exact: true }).fill('2026-03-31');
    await page.getByRole('checkbox', { name: 'paid' }).check();
    await page.getByRole('checkbox', { name: 'Excel (XLSX)' }).uncheck();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download now' }).click()]);
    expect(download.suggestedFilename()).to.equal('orders_acme-initech_2026-01-01_2026-03-31.zip');
    const downloaded = await readFile((await download.path())!);
    const expected = await postJson(suite.app.url('/v1/exports/orders.zip'), { shops: ['acme', 'initech'], from: '2026-01-01', to: '2026-03-31', status: ['paid'], formats: ['csv'], bom: true });
    expect(expected.status).to.equal(200);
    expect(sha256(downloaded)).to.equal(sha256(expected.body));
  });

  it('says what is wrong in words: a token not accepted, a range that ends before it starts, a download refused', async () => {
    const page = await openPage();
    await useToken(page, 'szt_000000000000_0000000000000000000000000000000000000000000');
    expect(await page.getByRole('alert').textContent()).to.equal('The API token was not accepted. Check that you pasted the whole token, or ask for a new one.');
    await page.getByRole('button', { name: 'Forget token' }).click();
    const { token } = suite.app.tokens.create('soon-revoked-page', { allShops: true });
    await useToken(page, token);
    await page.getByRole('button', { name: 'Download now' }).click();
    expect(await page.getByRole('alert').textContent()).to.equal('Choose at least one shop.');
    expect(await page.evaluate('document.activeElement.id')).to.equal('shop-search');
    await page.getByRole('checkbox', { name: /Stark/ }).check();
    await page.getByLabel('From', { exact: true }).fill('2026-05-01');
    await page.getByLabel('To', { exact: true }).fill('2026-04-30');
    await page.getByRole('button', { name: 'Download now' }).click();
    expect(await page.getByRole('alert').textContent()).to.equal('The end of the range comes before its start.');
    await page.getByLabel('To', { exact: true }).fill('2026-05-31');
    suite.app.tokens.revoke('soon-revoked-page');
    await page.getByRole('button', { name: 'Download now' }).click();
    await page.getByText('The API token was not accepted.').waitFor();
  });

  it('fits a phone\'s width, names every control for a screen reader, and has a live region', async () => {
    const page = await openPage(360);
    await useToken(page, suite.app.token);
    await page.getByRole('checkbox', { name: /Stark/ }).waitFor();
    expect(await page.evaluate('document.documentElement.scrollWidth')).to.be.at.most(360);
    // Page code runs in the browser; the test's tsconfig has no DOM types, hence the expression as text.
    const unnamed = await page.evaluate(`[...document.querySelectorAll('input:not([type=hidden]), button, select, textarea')]
      .filter((control) => (control.labels?.length ?? 0) === 0 && (control.getAttribute('aria-label') ?? control.textContent).trim() === '')
      .map((control) => control.outerHTML)`);
    expect(unnamed).to.deep.equal([]);
    expect(await page.getByRole('status').count()).to.be.at.least(1);
  });
});
