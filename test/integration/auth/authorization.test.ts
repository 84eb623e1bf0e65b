import { expect } from 'chai';
import { startApp, type RunningApp } from '../../helpers/app.js';
import { fetchAll, fetchProblem } from '../../helpers/http.js';
import { seedDatabase, type SeededDatabase } from '../../helpers/seed-database.js';
import { readZip } from '../../helpers/zip.js';

const EXPORT = '/v1/exports/orders.zip';

describe('who may download what', () => {
  let database: SeededDatabase;
  let app: RunningApp;
  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

  before(async () => {
    database = await seedDatabase({ fixture: 'basic' });
    app = await startApp({ sourcePath: database.path });
  });
  after(async () => {
    await app.close();
    await database.remove();
  });

  it('answers 401 with WWW-Authenticate: Bearer without a token, or with a malformed header', async () => {
    for (const authorization of ['', 'Basic dXNlcjpwYXNz', 'Bearer', 'Bearer a b']) {
      const response = await fetchAll(app.url(`${EXPORT}?shops=acme`), { headers: { authorization } });
      expect(response.status, authorization).to.equal(401);
      expect(response.headers.get('www-authenticate'), authorization).to.match(/^Bearer/);
      expect(response.headers.get('content-type')).to.equal('application/problem+json');
    }
  });

  it('answers 401 to a wrong token and to a revoked one', async () => {
    const { token } = app.tokens.create('soon-revoked', { allShops: true });
    expect((await fetchAll(app.url(`${EXPORT}?shops=acme`), { headers: bearer(token) })).status).to.equal(200);
    app.tokens.revoke('soon-revoked');
    expect((await fetchAll(app.url(`${EXPORT}?shops=acme`), { headers: bearer(token) })).status).to.equal(401);
    expect((await fetchAll(app.url(`${EXPORT}?shops=acme`), { headers: bearer(`${token.slice(0, -2)}xx`) })).status).to.equal(401);
  });

  it('answers a shop outside the token scope exactly like a shop that does not exist', async () => {
    const { token } = app.tokens.create('acme-only', { allShops: false, shops: ['acme'] });
    const outOfScope = await fetchProblem(app.url(`${EXPORT}?shops=globex`), { headers: bearer(token) });
    const missing = await fetchProblem(app.url(`${EXPORT}?shops=gl0bex`), { headers: bearer(token) });
    expect(outOfScope.status).to.equal(404);
    expect(missing.status).to.equal(404);
    expect(JSON.stringify(outOfScope.problem).replaceAll('globex', 'X')).to.equal(JSON.stringify(missing.problem).replaceAll('gl0bex', 'X'));
    const mixed = await fetchProblem(app.url(`${EXPORT}?shops=acme,globex`), { headers: bearer(token) });
    expect(mixed.problem.shops).to.deep.equal(['globex']);
  });

  it('lets a scoped token download its own shops, and an all-shops token every shop', async () => {
    const { token } = app.tokens.create('acme-reader', { allShops: false, shops: ['acme'] });
    const own = await fetchAll(app.url(`${EXPORT}?shops=acme&formats=csv`), { headers: bearer(token) });
    expect(own.status).to.equal(200);
    expect((await readZip(own.body)).map((entry) => entry.name)).to.deep.equal(['acme/orders.csv', 'acme/order_items.csv', 'manifest.json']);
    const all = await fetchAll(app.url(`${EXPORT}?shops=acme,globex&formats=csv`));
    expect(all.status).to.equal(200);
    expect((await readZip(all.body)).map((entry) => entry.name)).to.include('globex/orders.csv');
  });

  it('leaves /healthz open', async () => {
    expect((await fetchAll(app.url('/healthz'), { headers: { authorization: '' } })).status).to.equal(200);
  });
});
