import { expect } from 'chai';
import type { IncomingMessage } from 'node:http';
import { eventually, startApp, type RunningApp } from '../../helpers/app.js';
import { fetchAll, fetchProblem, openResponse, readToEnd } from '../../helpers/http.js';
import { seedDatabase, type SeededDatabase } from '../../helpers/seed-database.js';
import { endsBroken, readAtLeast } from '../../helpers/streams.js';
import { readZip } from '../../helpers/zip.js';

const EXPORT = '/v1/exports/orders.zip';
// Stored (level 0) exports of 40,000 orders are far larger than what socket buffers hide: a paused client holds its slot.
const BIG = `${EXPORT}?shops=acme,globex,initech,umbrella&from=2025-01-01&to=2025-12-31`;

describe('limits that keep the service up', () => {
  let database: SeededDatabase;
  let app: RunningApp;
  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

  before(async () => {
    database = await seedDatabase({ demo: { shops: 6, orders: 40_000, seed: 2 } });
    app = await startApp({
      sourcePath: database.path,
      environment: {
        SHOPZIP_DEFLATE_LEVEL: '0', SHOPZIP_MAX_CONCURRENT_EXPORTS: '3', SHOPZIP_MAX_CONCURRENT_EXPORTS_PER_TOKEN: '2',
        SHOPZIP_MAX_SHOPS: '4', SHOPZIP_MAX_SPAN_DAYS: '400', SHOPZIP_IDLE_SEND_TIMEOUT_MS: '400',
      },
    });
  });
  after(async () => {
    await app.close();
    await database.remove();
  });

  it('caps shops per request and the date span, naming the parameter', async () => {
    const shops = await fetchProblem(app.url(`${EXPORT}?shops=a,b,c,d,e&from=2026-01-01&to=2026-01-31`));
    expect([shops.status, shops.problem.parameter]).to.deep.equal([400, 'shops']);
    const span = await fetchProblem(app.url(`${EXPORT}?shops=acme&from=2025-01-01&to=2026-06-30`));
    expect([span.status, span.problem.parameter]).to.deep.equal([400, 'to']);
    const open = await fetchProblem(app.url(`${EXPORT}?shops=acme&from=2026-01-01`));
    expect([open.status, open.problem.parameter]).to.deep.equal([400, 'to']);
    const fits = await fetchAll(app.url(`${EXPORT}?shops=acme&from=2025-06-01&to=2026-06-30&formats=csv`));
    expect(fits.status).to.equal(200);
  });

  it('answers 429 with Retry-After past the per-token and the total cap, and frees slots when downloads end', async () => {
    const range = '&from=2025-01-01&to=2025-12-31';
    const other = app.tokens.create('other-client', { allShops: true }).token;
    const held: IncomingMessage[] = [];
    try {
      for (const headers of [undefined, undefined, bearer(other)]) {
        const response = await openResponse(app.url(BIG), headers);
        expect(response.statusCode).to.equal(200);
        await readAtLeast(response, 1);
        held.push(response);
      }
      const perToken = await fetchAll(app.url(`${EXPORT}?shops=acme${range}`));
      expect(perToken.status).to.equal(429);
      expect(perToken.headers.get('retry-after')).to.equal('5');
      const problem = JSON.parse(perToken.body.toString()) as Record<string, unknown>;
      expect(problem.detail).to.contain('this token');
      expect(problem, 'snake_case like the rest of the API').to.include({ retry_after_seconds: 5 }).and.not.have.property('retryAfterSeconds');
      const third = app.tokens.create('third-client', { allShops: true }).token;
      const total = await fetchAll(app.url(`${EXPORT}?shops=acme${range}`), { headers: bearer(third) });
      expect(total.status).to.equal(429);
      expect(JSON.parse(total.body.toString()).detail).to.contain('limit of concurrent downloads');
      held.shift()!.destroy();
      await eventually(() => expect(app.lifecycle.inFlight).to.equal(2));
      expect((await fetchAll(app.url(`${EXPORT}?shops=acme${range}&formats=csv`), { headers: bearer(third) })).status).to.equal(200);
    } finally {
      for (const response of held) response.destroy();
    }
  });

  it('aborts a download whose client stopped reading for the idle-send timeout, and frees what it held', async () => {
    // Downloads held unread by the test before may have been aborted for idleness too: count only new aborts.
    const aborts = (): number => app.logs.filter((line) => line.msg === 'aborting a download whose client stopped reading').length;
    const abortedBefore = aborts();
    const response = await openResponse(app.url(BIG));
    await readAtLeast(response, 16 * 1024);
    await eventually(() => expect(aborts()).to.equal(abortedBefore + 1), 10_000);
    expect(await endsBroken(response)).to.equal(true);
    await eventually(() => {
      expect(app.source.counters.openSnapshots).to.equal(0);
      expect(app.lifecycle.inFlight).to.equal(0);
    });
  });
});

describe('graceful shutdown in the app', () => {
  let database: SeededDatabase;
  let app: RunningApp;
  const url = (app: RunningApp) => app.url(`${EXPORT}?shops=acme,globex,initech,umbrella,wonka,stark`);

  beforeEach(async () => {
    database = await seedDatabase({ demo: { shops: 6, orders: 40_000, seed: 2 } });
    app = await startApp({ sourcePath: database.path, environment: { SHOPZIP_DEFLATE_LEVEL: '0' } });
  });
  afterEach(async () => {
    await app.close();
    await database.remove();
  });

  it('lets an in-flight download finish, answers /readyz and new exports with 503 meanwhile', async () => {
    const response = await openResponse(url(app));
    const head = await readAtLeast(response, 1);
    const drained = app.lifecycle.drain(30_000);
    const ready = await fetchAll(app.url('/readyz'));
    expect(ready.status).to.equal(503);
    const refused = await fetchProblem(app.url(`${EXPORT}?shops=acme`));
    expect([refused.status, refused.problem.code]).to.deep.equal([503, 'shutting_down']);
    response.resume();
    const entries = await readZip(Buffer.concat([...head, await readToEnd(response)]));
    expect(entries.at(-1)?.name).to.equal('manifest.json');
    expect(await drained).to.deep.equal({ finished: 1, aborted: 0 });
  });

  it('aborts downloads still running when the grace period ends', async () => {
    const response = await openResponse(url(app));
    await readAtLeast(response, 1);
    expect(await app.lifecycle.drain(200)).to.deep.equal({ finished: 0, aborted: 1 });
    expect(await endsBroken(response)).to.equal(true);
    await eventually(() => expect(app.source.counters.openSnapshots).to.equal(0));
  });
});
