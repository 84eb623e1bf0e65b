import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { fetchAll } from '../../helpers/http.js';
import { pageSuite } from '../../helpers/page-suite.js';

const METHODS = ['get', 'head', 'post', 'put', 'patch', 'delete'];

describe('the API reference at /docs in Chromium', () => {
  const suite = pageSuite({ demo: { shops: 3, orders: 300, seed: 3 } });

  /** The reference, and what the browser said about its Content-Security-Policy while it rendered. */
  async function openReference(): Promise<{ page: Page; refusals: string[] }> {
    const page = await suite.open('about:blank');
    const refusals: string[] = [];
    page.on('console', (message) => { if (/Content.Security.Policy|Refused to/i.test(message.text())) refusals.push(message.text()); });
    await page.goto(suite.app.url('/docs'));
    await page.locator('.swagger-ui .info .title').getByText('shopzip').waitFor();
    return { page, refusals };
  }

  it('renders every operation of /openapi.json, under its strict Content-Security-Policy', async () => {
    const document = JSON.parse((await fetchAll(suite.app.url('/openapi.json'))).body.toString('utf8')) as { paths: Record<string, Record<string, unknown>> };
    const operations = Object.entries(document.paths).flatMap(([path, item]) => METHODS.filter((method) => item[method] !== undefined).map((method) => `${method.toUpperCase()} ${path}`));
    const { page, refusals } = await openReference();
    const shown = await page.locator('.opblock-summary').evaluateAll((blocks) => blocks.map((block) =>
      `${block.querySelector('.opblock-summary-method')?.textContent ?? ''} ${block.querySelector('.opblock-summary-path')?.getAttribute('data-path') ?? ''}`));
    expect(shown.sort()).to.deep.equal(operations.sort());
    await page.locator('.opblock-summary', { hasText: '/v1/export-jobs/{id}/download' }).first().click();
    const responses = page.locator('.opblock.is-open .responses-table .response-col_status');
    await responses.first().waitFor();
    expect(await responses.allTextContents()).to.include.members(['200', '206', '304', '412', '416', '403', '410']);
    expect(refusals).to.deep.equal([]);
  });

  it('tries an operation out with a pasted token: GET /v1/shops answers the token\'s shops', async () => {
    const { page, refusals } = await openReference();
    await page.getByRole('button', { name: /Authorize/ }).first().click();
    const bearer = page.locator('.modal-ux .auth-container', { hasText: 'bearerToken' });
    await bearer.locator('input').fill(suite.app.token);
    await bearer.getByRole('button', { name: 'Apply credentials' }).click();
    await page.locator('.modal-ux').getByRole('button', { name: 'Close' }).first().click();
    const operation = page.locator('.opblock', { has: page.locator('[data-path="/v1/shops"]') });
    await operation.locator('.opblock-summary').click();
    await operation.getByRole('button', { name: 'Try it out' }).click();
    await operation.getByRole('button', { name: 'Execute' }).click();
    const body = operation.locator('.live-responses-table tbody .response-col_description pre').first();
    await body.waitFor();
    expect(await operation.locator('.live-responses-table tbody .response-col_status').first().textContent()).to.equal('200');
    expect(await body.textContent()).to.include('"slug": "acme"');
    expect(refusals).to.deep.equal([]);
  });
});
