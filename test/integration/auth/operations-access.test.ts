import { expect } from 'chai';
import { startApp, startOpsApp } from '../../helpers/app.js';
import { fetchAll } from '../../helpers/http.js';
import { seedDatabase, type SeededDatabase } from '../../helpers/seed-database.js';

describe('protecting /metrics and health', () => {
  let database: SeededDatabase;

  before(async () => { database = await seedDatabase({ fixture: 'basic' }); });
  after(async () => { await database.remove(); });

  it('requires SHOPZIP_METRICS_TOKEN as a bearer token for /metrics when it is set, and leaves health open', async () => {
    const app = await startApp({ sourcePath: database.path, environment: { SHOPZIP_METRICS_TOKEN: 'scrape-secret' } });
    try {
      const anonymous = await fetchAll(app.url('/metrics'), { headers: { authorization: '' } });
      expect(anonymous.status).to.equal(401);
      expect(anonymous.headers.get('www-authenticate')).to.match(/^Bearer/);
      expect((await fetchAll(app.url('/metrics'))).status, 'an API token is not the metrics token').to.equal(401);
      const scraper = await fetchAll(app.url('/metrics'), { headers: { authorization: 'Bearer scrape-secret' } });
      expect(scraper.status).to.equal(200);
      expect(scraper.body.toString()).to.contain('shopzip_exports_started_total');
      expect((await fetchAll(app.url('/readyz'), { headers: { authorization: '' } })).status).to.equal(200);
    } finally {
      await app.close();
    }
  });

  it('serves /metrics only on the ops port when SHOPZIP_OPS_PORT is set', async () => {
    const app = await startApp({ sourcePath: database.path, environment: { SHOPZIP_OPS_PORT: '9464' } });
    const ops = await startOpsApp(app);
    const opsUrl = ops.url;
    try {
      expect((await fetchAll(app.url('/metrics'))).status).to.equal(404);
      expect((await fetchAll(app.url('/v1/exports/orders.zip?shops=acme'))).status).to.equal(200);
      const scraped = await fetchAll(opsUrl('/metrics'));
      expect(scraped.status).to.equal(200);
      expect(scraped.body.toString()).to.match(/shopzip_exports_finished_total\{[^}]*outcome="ok"[^}]*\} 1/);
      expect((await fetchAll(opsUrl('/readyz'))).status).to.equal(200);
      expect((await fetchAll(opsUrl('/v1/exports/orders.zip?shops=acme'))).status).to.equal(404);
    } finally {
      ops.server.close();
      await app.close();
    }
  });
});
