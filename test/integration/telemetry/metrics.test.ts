import { expect } from 'chai';
import Database from 'better-sqlite3';
import { eventually, startApp, type RunningApp } from '../../helpers/app.js';
import { fetchAll, openResponse, postJson, readToEnd } from '../../helpers/http.js';
import { eventuallyAsync, sampleOf } from '../../helpers/metrics.js';
import { seedDatabase, type SeededDatabase } from '../../helpers/seed-database.js';
import { readAtLeast } from '../../helpers/streams.js';
import { readZip } from '../../helpers/zip.js';

const EXPORT = '/v1/exports/orders.zip';

interface ManifestEntry { name: string; format: string; tables: Record<string, number> }

describe('export metrics after real downloads', () => {
  let database: SeededDatabase;
  let app: RunningApp;
  const value = (name: string, labels: Record<string, string> = {}): Promise<number> => sampleOf(app.metrics.registry, name, labels);

  /** Runs `action`, then returns how much each named sample grew meanwhile. */
  async function growth(samples: Record<string, [string, Record<string, string>?]>, action: () => Promise<unknown>): Promise<Record<string, number>> {
    const read = async (): Promise<number[]> => Promise.all(Object.values(samples).map(([name, labels]) => value(name, labels)));
    const before = await read();
    await action();
    const after = await read();
    return Object.fromEntries(Object.keys(samples).map((key, index) => [key, after[index]! - before[index]!]));
  }

  before(async () => {
    database = await seedDatabase({ demo: { shops: 6, orders: 20_000, seed: 5 } });
    const writer = new Database(database.path);
    writer.prepare("UPDATE orders SET created_at = 'not a timestamp' WHERE id = (SELECT max(id) FROM orders WHERE shop_id = (SELECT id FROM shops WHERE slug = 'globex'))").run();
    writer.close();
    // Stored entries: an abandoned download is far larger than the socket buffers.
    app = await startApp({ sourcePath: database.path, environment: { SHOPZIP_MAX_CONCURRENT_EXPORTS_PER_TOKEN: '1', SHOPZIP_DEFLATE_LEVEL: '0' } });
  });
  after(async () => {
    await app.close();
    await database.remove();
  });
  // Every test leaves no download behind; each waits for the previous one's to be counted.
  beforeEach(() => eventuallyAsync(async () => expect(await value('shopzip_exports_in_flight', { mode: 'get' })).to.equal(0)));

  it('counts a finished download: ok, its rows by format and table, its bytes, its durations, its HTTP request', async () => {
    let body: Buffer = Buffer.alloc(0);
    const grew = await growth({
      started: ['shopzip_exports_started_total', { mode: 'get' }],
      ok: ['shopzip_exports_finished_total', { mode: 'get', outcome: 'ok' }],
      durations: ['shopzip_export_duration_seconds_count', { mode: 'get', outcome: 'ok' }],
      firstBytes: ['shopzip_export_time_to_first_byte_seconds_count', { mode: 'get' }],
      csvOrders: ['shopzip_export_rows_total', { format: 'csv', table: 'orders' }],
      csvItems: ['shopzip_export_rows_total', { format: 'csv', table: 'order_items' }],
      xlsxItems: ['shopzip_export_rows_total', { format: 'xlsx', table: 'order_items' }],
      bytes: ['shopzip_export_bytes_sent_total'],
      csvEntries: ['shopzip_export_entry_build_seconds_count', { format: 'csv' }],
      xlsxEntries: ['shopzip_export_entry_build_seconds_count', { format: 'xlsx' }],
      jsonEntries: ['shopzip_export_entry_build_seconds_count', { format: 'json' }],
      databaseSeconds: ['shopzip_export_db_read_seconds_total', { table: 'order_items' }],
      requests: ['shopzip_http_request_duration_seconds_count', { method: 'GET', route: EXPORT, status: '200' }],
    }, async () => {
      body = (await fetchAll(app.url(`${EXPORT}?shops=acme,wonka`))).body;
      await eventuallyAsync(async () => expect(await value('shopzip_exports_in_flight', { mode: 'get' })).to.equal(0));
    });
    const manifest = (JSON.parse((await readZip(body)).at(-1)!.data.toString('utf8')) as { entries: ManifestEntry[] }).entries;
    const rows = (format: string, table: string): number => manifest.filter((entry) => entry.format === format).reduce((sum, entry) => sum + (entry.tables[table] ?? 0), 0);
    expect(grew).to.deep.include({ started: 1, ok: 1, durations: 1, firstBytes: 1, bytes: body.length, csvEntries: 4, xlsxEntries: 2, jsonEntries: 1, requests: 1 });
    expect(grew).to.deep.include({ csvOrders: rows('csv', 'orders'), csvItems: rows('csv', 'order_items'), xlsxItems: rows('xlsx', 'order_items') });
    expect(grew['csvOrders']).to.be.greaterThan(0);
    expect(grew['databaseSeconds']).to.be.greaterThan(0);
  });

  it('labels an export asked for by POST with mode="post"', async () => {
    const grew = await growth({ ok: ['shopzip_exports_finished_total', { mode: 'post', outcome: 'ok' }] }, async () => {
      expect((await postJson(app.url(EXPORT), { shops: ['acme'], formats: ['csv'] })).status).to.equal(200);
      await eventuallyAsync(async () => expect(await value('shopzip_exports_in_flight', { mode: 'post' })).to.equal(0));
    });
    expect(grew).to.deep.equal({ ok: 1 });
  });

  it('counts a download its client abandons as client_aborted, in flight until then, with the time the client made it wait', async () => {
    const grew = await growth({
      aborted: ['shopzip_exports_finished_total', { mode: 'get', outcome: 'client_aborted' }],
      waited: ['shopzip_export_client_wait_seconds_total'],
    }, async () => {
      const response = await openResponse(app.url(`${EXPORT}?shops=acme,initech,umbrella,wonka,stark`));
      await readAtLeast(response, 64 * 1024);
      let stalledAt = -1;
      await eventually(() => {
        const stable = app.source.counters.rowsRead === stalledAt;
        stalledAt = app.source.counters.rowsRead;
        expect(stable).to.equal(true);
      }, 10_000, 300);
      expect(await value('shopzip_exports_in_flight', { mode: 'get' })).to.equal(1);
      response.socket.destroy();
      await eventuallyAsync(async () => expect(await value('shopzip_exports_in_flight', { mode: 'get' })).to.equal(0));
    });
    expect(grew['aborted']).to.equal(1);
    expect(grew['waited']).to.be.greaterThan(0);
  });

  it('counts a download that fails after the first byte as failed', async () => {
    const grew = await growth({ failed: ['shopzip_exports_finished_total', { mode: 'get', outcome: 'failed' }] }, async () => {
      await readToEnd(await openResponse(app.url(`${EXPORT}?shops=acme,globex`))).catch(() => undefined);
      await eventuallyAsync(async () => expect(await value('shopzip_exports_in_flight', { mode: 'get' })).to.equal(0));
    });
    expect(grew).to.deep.equal({ failed: 1 });
  });

  it('counts requests answered with a problem document as rejected: 401, 400, 404, 429 by GET and 415 by POST', async () => {
    const grew = await growth({
      get: ['shopzip_exports_finished_total', { mode: 'get', outcome: 'rejected' }],
      post: ['shopzip_exports_finished_total', { mode: 'post', outcome: 'rejected' }],
      started: ['shopzip_exports_started_total', { mode: 'get' }],
      firstBytes: ['shopzip_export_time_to_first_byte_seconds_count', { mode: 'get' }],
      unauthorized: ['shopzip_http_request_duration_seconds_count', { method: 'GET', route: EXPORT, status: '401' }],
    }, async () => {
      expect((await fetchAll(app.url(`${EXPORT}?shops=acme`), { headers: { authorization: 'Bearer nope' } })).status).to.equal(401);
      expect((await fetchAll(app.url(`${EXPORT}?shops=acme&formats=pdf`))).status).to.equal(400);
      expect((await fetchAll(app.url(`${EXPORT}?shops=atlantis`))).status).to.equal(404);
      const holding = await openResponse(app.url(`${EXPORT}?shops=acme,initech,umbrella,wonka,stark`));
      expect((await fetchAll(app.url(`${EXPORT}?shops=acme`))).status).to.equal(429);
      holding.socket.destroy();
      expect((await fetchAll(app.url(EXPORT), { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'shops=acme' })).status).to.equal(415);
      await eventuallyAsync(async () => expect(await value('shopzip_exports_in_flight', { mode: 'get' })).to.equal(0));
    });
    expect(grew).to.deep.equal({ get: 4, post: 1, started: 5, firstBytes: 1, unauthorized: 1 });
  });

  it('labels requests outside any route as route="unmatched", never with their path', async () => {
    const grew = await growth({ unmatched: ['shopzip_http_request_duration_seconds_count', { method: 'GET', route: 'unmatched', status: '404' }] }, async () => {
      expect((await fetchAll(app.url('/v1/exports/acme-secret-report.zip'))).status).to.equal(404);
    });
    expect(grew).to.deep.equal({ unmatched: 1 });
  });
});
