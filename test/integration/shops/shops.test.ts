import { expect } from 'chai';
import { rm } from 'node:fs/promises';
import { startApp, type RunningApp } from '../../helpers/app.js';
import { fetchAll, fetchProblem } from '../../helpers/http.js';
import { seedDatabase, type SeededDatabase } from '../../helpers/seed-database.js';

const SHOPS = '/v1/shops';

describe('GET /v1/shops', () => {
  let database: SeededDatabase;
  let app: RunningApp;
  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

  before(async () => {
    database = await seedDatabase({ demo: { shops: 6, orders: 50, seed: 1 } });
    app = await startApp({ sourcePath: database.path });
  });
  after(async () => {
    await app.close();
    await database.remove();
  });

  it('lists every shop in slug order, with its name, currency and time zone, for an all-shops token', async () => {
    const { status, headers, body } = await fetchAll(app.url(SHOPS));
    expect(status).to.equal(200);
    expect(headers.get('content-type')).to.equal('application/json; charset=utf-8');
    expect(headers.get('cache-control')).to.equal('no-store');
    const { shops } = JSON.parse(body.toString('utf8')) as { shops: { slug: string; name: string; currency: string; time_zone: string }[] };
    expect(shops.map((shop) => shop.slug)).to.deep.equal(['acme', 'globex', 'initech', 'stark', 'umbrella', 'wonka']);
    expect(shops[0]).to.deep.equal({ slug: 'acme', name: 'ACME Versand GmbH', currency: 'EUR', time_zone: 'Europe/Berlin' });
    expect(shops.find((shop) => shop.slug === 'wonka')).to.deep.include({ currency: 'CNY', time_zone: 'Asia/Shanghai' });
  });

  it('lists only the shops in a scoped token, and not a scoped slug that does not exist', async () => {
    const { token } = app.tokens.create('wonka-and-acme', { allShops: false, shops: ['wonka', 'acme', 'no-such-shop'] });
    const { status, body } = await fetchAll(app.url(SHOPS), { headers: bearer(token) });
    expect(status).to.equal(200);
    expect((JSON.parse(body.toString('utf8')) as { shops: { slug: string }[] }).shops.map((shop) => shop.slug)).to.deep.equal(['acme', 'wonka']);
  });

  it('answers 401 with a problem document without a valid token', async () => {
    for (const headers of [{ authorization: '' }, bearer('szt_000000000000_0000000000000000000000000000000000000000000')]) {
      const { status, type, problem } = await fetchProblem(app.url(SHOPS), { headers });
      expect(status).to.equal(401);
      expect(type).to.equal('application/problem+json');
      expect(problem.code).to.equal('unauthorized');
    }
  });

  it('answers 405 to another method', async () => {
    const { status, problem } = await fetchProblem(app.url(SHOPS), { method: 'POST' });
    expect(status).to.equal(405);
    expect(problem.code).to.equal('method_not_allowed');
  });

  it('answers 503 source_unavailable when the orders database cannot be opened, and closes what it opened', async () => {
    const missing = await seedDatabase({ demo: { shops: 1, orders: 1, seed: 1 } });
    const broken = await startApp({ sourcePath: missing.path });
    try {
      await rm(missing.path);
      const { status, problem } = await fetchProblem(broken.url(SHOPS));
      expect(status).to.equal(503);
      expect(problem.code).to.equal('source_unavailable');
      expect(broken.source.counters.openSnapshots).to.equal(0);
    } finally {
      await broken.close();
      await missing.remove();
    }
  });
});
