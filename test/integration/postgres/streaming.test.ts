import { expect } from 'chai';
import { parse } from 'csv-parse/sync';
import { setTimeout as sleep } from 'node:timers/promises';
import { eventually, startApp, type RunningApp } from '../../helpers/app.js';
import { fetchAll, openResponse, readToEnd } from '../../helpers/http.js';
import { eventuallyAsync } from '../../helpers/metrics.js';
import { adminQuery, READER, shopzipBackends } from '../../helpers/postgres.js';
import { seedSource, type TestSource } from '../../helpers/sources.js';
import { endsBroken, readAtLeast, untilStalled } from '../../helpers/streams.js';
import { readZipByName } from '../../helpers/zip.js';

const EXPORT = '/v1/exports/orders.zip';
// Stored entries, and queries whose rows (tens of MB: notes of 6,400 characters) do not fit in the buffers of the
// sockets between the server and the export (the kernel's may grow to 32 MiB on loopback).
const ENVIRONMENT = { SHOPZIP_DEFLATE_LEVEL: '0' };
const CANCEL_MS = 1000;

describe('PostgreSQL source: one snapshot, backpressure to the server, cancel', () => {
  let database: TestSource;
  let app: RunningApp;
  let admin: string;

  before(async function () {
    const seeded = await seedSource('postgres', { demo: { shops: 2, orders: 16_000, seed: 13 } });
    if (seeded === null) return this.skip();
    database = seeded;
    admin = database.postgres!.adminUrl;
    await adminQuery(admin, 'UPDATE orders SET note = repeat(md5(id::text), 200)');
    app = await startApp({ sourceUrl: database.postgres!.url, environment: ENVIRONMENT });
  });
  afterEach(async () => {
    await eventually(() => expect(app.source.counters.openSnapshots).to.equal(0), 5000);
  });
  after(async () => {
    await app?.close();
    await database?.remove();
  });

  const total = async (): Promise<number> => Number((await adminQuery(admin, 'SELECT (SELECT count(*) FROM orders) + (SELECT count(*) FROM order_items) AS n'))[0]!['n']);

  it('stops the query on the server while the client does not read (it waits to write), and finishes when it reads again', async () => {
    expect((await fetchAll(app.url('/readyz'))).status, 'a connection can be had').to.equal(200);
    const response = await openResponse(app.url(`${EXPORT}?shops=acme,globex&formats=csv`));
    const head = await readAtLeast(response, 64 * 1024);
    const stalledAt = await untilStalled(() => app.source.counters.rowsRead, 20_000, 1000);
    const [backend] = await shopzipBackends(admin);
    expect(backend, 'the export holds one connection').to.include({ state: 'active', wait_event: 'ClientWrite' });
    expect(backend!.query).to.match(/^COPY \(SELECT/);
    await sleep(300);
    expect(app.source.counters.rowsRead).to.equal(stalledAt);
    expect(stalledAt).to.be.below((await total()) / 2);
    response.resume();
    const entries = await readZipByName(Buffer.concat([...head, await readToEnd(response)]));
    expect(entries.has('globex/order_items.csv')).to.equal(true);
    expect(app.source.counters.rowsRead).to.equal(await total());
    await eventually(async () => { expect(await shopzipBackends(admin)).to.deep.equal([]); }, 5000);
  });

  it('cancels the running query and closes the connection within a second when the client disconnects', async () => {
    const response = await openResponse(app.url(`${EXPORT}?shops=acme,globex&formats=csv`));
    await readAtLeast(response, 64 * 1024);
    await untilStalled(() => app.source.counters.rowsRead, 20_000, 1000);
    expect(await shopzipBackends(admin)).to.have.length(1);
    response.socket.destroy();
    await eventuallyAsync(async () => { expect(await shopzipBackends(admin)).to.deep.equal([]); }, CANCEL_MS);
    await eventually(() => expect(app.logs.some((line) => line.msg === 'export abandoned by the client')).to.equal(true));
    expect(app.logs.filter((line) => line.level >= 50)).to.deep.equal([]);
  });

  it('exports the database as it was when the download started, while another connection inserts and updates orders', async () => {
    const count = async (): Promise<number> => Number((await adminQuery(admin, "SELECT count(*) AS n FROM orders o JOIN shops s ON s.id = o.shop_id WHERE s.slug = 'globex'"))[0]!['n']);
    const before = await count();
    const [first] = await adminQuery<{ id: string; note: string | null }>(admin, "SELECT o.id::text AS id, o.note FROM orders o JOIN shops s ON s.id = o.shop_id WHERE s.slug = 'globex' ORDER BY o.created_at, o.id LIMIT 1");
    const response = await openResponse(app.url(`${EXPORT}?shops=globex&formats=csv`));
    const head = await readAtLeast(response, 1);
    response.pause();
    await adminQuery(admin, `INSERT INTO orders (id, shop_id, order_number, status, customer_name, customer_email, ship_country, subtotal_minor,
        shipping_minor, tax_minor, total_minor, note, created_at, updated_at)
      SELECT id + 10000000, shop_id, order_number || '-copy', status, customer_name, customer_email, ship_country, subtotal_minor, shipping_minor,
        tax_minor, total_minor, note, created_at, updated_at FROM orders WHERE shop_id = (SELECT id FROM shops WHERE slug = 'globex')`);
    await adminQuery(admin, "UPDATE orders SET note = 'changed during the export' WHERE id = $1", [first!.id]);
    expect(await count()).to.equal(2 * before);
    response.resume();
    const entries = await readZipByName(Buffer.concat([...head, await readToEnd(response)]));
    const manifest = JSON.parse(entries.get('manifest.json')!.data.toString()) as { entries: { name: string; rows: number }[] };
    expect(manifest.entries.find((entry) => entry.name === 'globex/orders.csv')?.rows).to.equal(before);
    const records = parse(entries.get('globex/orders.csv')!.data, { bom: true, record_delimiter: '\r\n' }) as string[][];
    expect(records[1]![0]).to.equal(first!.id);
    expect(records[1]![12]).to.equal(first!.note ?? '');
    await adminQuery(admin, 'DELETE FROM orders WHERE id > 10000000');
  });

  it('aborts the download when a statement times out mid-export (SHOPZIP_SOURCE_STATEMENT_TIMEOUT_MS), logging its SQLSTATE once', async () => {
    const timed = await startApp({ sourceUrl: database.postgres!.url, environment: { ...ENVIRONMENT, SHOPZIP_SOURCE_STATEMENT_TIMEOUT_MS: '300' } });
    try {
      const response = await openResponse(timed.url(`${EXPORT}?shops=acme,globex&formats=csv`));
      await readAtLeast(response, 64 * 1024);
      await sleep(600); // the client stalls past the statement timeout
      expect(await endsBroken(response)).to.equal(true);
      await eventually(() => expect(timed.logs.filter((line) => line.level >= 50)).to.have.length(1), 5000);
      const failure = JSON.stringify(timed.logs.find((line) => line.level >= 50)!['err']);
      expect(failure).to.include('canceling statement due to statement timeout (SQLSTATE 57014)');
      expect(failure).to.include('"sqlState":"57014"');
      await eventually(() => expect(timed.source.counters.openSnapshots).to.equal(0), 5000);
    } finally {
      await timed.close();
    }
  });

  it('aborts the download when the server terminates its connection mid-export, logs it once, and never the password', async () => {
    const response = await openResponse(app.url(`${EXPORT}?shops=acme,globex&formats=csv`));
    await readAtLeast(response, 64 * 1024);
    const backends = await shopzipBackends(admin);
    expect(backends).to.have.length(1);
    const errorsBefore = app.logs.filter((line) => line.level >= 50).length;
    await adminQuery(admin, 'SELECT pg_terminate_backend($1)', [backends[0]!.pid]);
    expect(await endsBroken(response)).to.equal(true);
    await eventually(() => expect(app.logs.filter((line) => line.level >= 50)).to.have.length(errorsBefore + 1), 5000);
    const failure = app.logs.filter((line) => line.level >= 50).at(-1)!;
    expect(failure.msg).to.equal('export failed mid-stream; connection aborted');
    // The server says why (57P01 admin_shutdown) unless it was blocked writing to the stalled client: it cannot
    // send its message then without blocking, and closes the connection without it.
    expect(JSON.stringify(failure['err'])).to.match(/SQLSTATE 57P01|Connection terminated unexpectedly/);
    expect(JSON.stringify(app.logs)).not.to.include(READER.password);
  });

  it('runs at most SHOPZIP_SOURCE_POOL_MAX exports at once, one connection each: more are answered 429', async () => {
    const capped = await startApp({ sourceUrl: database.postgres!.url, environment: { ...ENVIRONMENT, SHOPZIP_SOURCE_POOL_MAX: '1' } });
    try {
      const first = await openResponse(capped.url(`${EXPORT}?shops=acme&formats=csv`));
      await readAtLeast(first, 1);
      const second = await openResponse(capped.url(`${EXPORT}?shops=globex&formats=csv`));
      expect(second.statusCode).to.equal(429);
      second.resume();
      expect(await shopzipBackends(admin)).to.have.length(1);
      first.destroy();
    } finally {
      await capped.close();
    }
  });

  it('cancels the running query within a second when the service shuts down', async () => {
    const closing = await startApp({ sourceUrl: database.postgres!.url, environment: ENVIRONMENT });
    const response = await openResponse(closing.url(`${EXPORT}?shops=acme,globex&formats=csv`));
    await readAtLeast(response, 64 * 1024);
    await untilStalled(() => closing.source.counters.rowsRead, 20_000, 1000);
    expect(await shopzipBackends(admin)).to.have.length(1);
    await closing.lifecycle.drain(0);
    await closing.close();
    await eventuallyAsync(async () => { expect(await shopzipBackends(admin)).to.deep.equal([]); }, CANCEL_MS);
    response.destroy();
  });
});
