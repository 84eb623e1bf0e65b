import { expect } from 'chai';
import Database from 'better-sqlite3';
import { setTimeout as sleep } from 'node:timers/promises';
import { eventually, startApp, type RunningApp } from '../../helpers/app.js';
import { openResponse, readToEnd } from '../../helpers/http.js';
import { seedDatabase, type SeededDatabase } from '../../helpers/seed-database.js';
import { ENGINES, seedSource, type TestSource } from '../../helpers/sources.js';
import { readAtLeast, untilStalled } from '../../helpers/streams.js';
import { readZipByName } from '../../helpers/zip.js';
import { openSpoolFiles } from '../../helpers/open-files.js';

const EXPORT = '/v1/exports/orders.zip';

for (const engine of ENGINES) describe(`streaming an export from ${engine}: lazy, bounded, one cursor`, () => {
  let source: TestSource;
  let database: SeededDatabase;
  let app: RunningApp;

  before(async function () {
    const seeded = await seedSource(engine, { demo: { shops: 6, orders: 20_000, seed: 3 } });
    if (seeded === null) return this.skip();
    source = seeded;
    database = source.sqlite; // the same rows in both engines
    app = await startApp(source.app);
  });
  after(async () => {
    await app?.close();
    await source?.remove();
  });

  it('holds at most one database cursor at a time, and reads each row once even for both formats', async () => {
    const rowsOf = (slugs: readonly string[]): number => {
      const reader = new Database(database.path, { readonly: true });
      try {
        const where = `shop_id IN (SELECT id FROM shops WHERE slug IN (${slugs.map(() => '?').join(',')}))`;
        const orders = reader.prepare(`SELECT count(*) FROM orders WHERE ${where}`).pluck().get(...slugs) as number;
        const items = reader.prepare(`SELECT count(*) FROM order_items WHERE order_id IN (SELECT id FROM orders WHERE ${where})`).pluck().get(...slugs) as number;
        return orders + items;
      } finally {
        reader.close();
      }
    };
    const shops = ['acme', 'globex', 'initech'];
    for (const [formats, cursorsPerShop] of [['csv,xlsx', 2], ['xlsx', 2], ['csv', 2]] as const) {
      const cursorsBefore = app.source.counters.cursorsOpened;
      const rowsBefore = app.source.counters.rowsRead;
      let most = 0;
      const sampler = setInterval(() => { most = Math.max(most, app.source.counters.openCursors); }, 1);
      try {
        await readToEnd(await openResponse(app.url(`${EXPORT}?shops=${shops.join(',')}&formats=${formats}`)));
      } finally {
        clearInterval(sampler);
      }
      expect(most, formats).to.equal(1);
      // csv,xlsx: orders.csv and order_items.csv, whose rows also make orders.xlsx; xlsx: its two sheets.
      expect(app.source.counters.cursorsOpened - cursorsBefore, formats).to.equal(shops.length * cursorsPerShop);
      expect(app.source.counters.rowsRead - rowsBefore, formats).to.equal(rowsOf(shops));
      expect(app.source.counters.openCursors).to.equal(0);
      expect(app.source.counters.openSnapshots).to.equal(0);
    }
  });

  it('writes the same orders.xlsx from the rows its CSVs read as from rows of its own', async () => {
    const shops = 'acme,globex,initech';
    const both = await readZipByName(await readToEnd(await openResponse(app.url(`${EXPORT}?shops=${shops}&formats=csv,xlsx`))));
    const alone = await readZipByName(await readToEnd(await openResponse(app.url(`${EXPORT}?shops=${shops}&formats=xlsx`))));
    for (const slug of shops.split(',')) {
      const name = `${slug}/orders.xlsx`;
      expect(both.get(name)!.data.length, name).to.be.above(10_000);
      expect(both.get(name)!.data.equals(alone.get(name)!.data), name).to.equal(true);
    }
  });

  it('closes the cursor and the snapshot when the client disconnects mid-download, without logging an error', async () => {
    const response = await openResponse(app.url(`${EXPORT}?shops=acme,globex,initech,umbrella,wonka,stark`));
    await readAtLeast(response, 64 * 1024);
    expect(app.source.counters.openSnapshots).to.equal(1);
    await eventually(() => expect(openSpoolFiles()).to.have.length(1));
    response.socket.destroy();
    await eventually(() => {
      expect(app.source.counters.openCursors).to.equal(0);
      expect(app.source.counters.openSnapshots).to.equal(0);
      expect(openSpoolFiles(), 'the XLSX spooled while its CSVs streamed').to.deep.equal([]);
    });
    await eventually(() => expect(app.logs.some((line) => line.msg === 'export abandoned by the client')).to.equal(true));
    expect(app.logs.filter((line) => line.level >= 50)).to.deep.equal([]);
  });
});

describe('streaming an export from sqlite: one snapshot, spooling', () => {
  let database: SeededDatabase;
  let app: RunningApp;

  before(async () => {
    database = await seedDatabase({ demo: { shops: 6, orders: 20_000, seed: 3 } });
    app = await startApp({ sourcePath: database.path });
  });
  after(async () => {
    await app.close();
    await database.remove();
  });

  it('sends the whole ZIP when workbooks cannot be spooled: each XLSX then reads its own rows', async () => {
    const shops = 'acme,globex';
    const alone = await readZipByName(await readToEnd(await openResponse(app.url(`${EXPORT}?shops=${shops}&formats=xlsx`))));
    const temporary = process.env['TMPDIR'];
    process.env['TMPDIR'] = '/nonexistent/shopzip-test'; // the main thread (this process) spools there
    const cursorsBefore = app.source.counters.cursorsOpened;
    let both: Awaited<ReturnType<typeof readZipByName>>;
    try {
      both = await readZipByName(await readToEnd(await openResponse(app.url(`${EXPORT}?shops=${shops}&formats=csv,xlsx`))));
    } finally {
      if (temporary === undefined) delete process.env['TMPDIR'];
      else process.env['TMPDIR'] = temporary;
    }
    expect(app.source.counters.cursorsOpened - cursorsBefore, 'two per CSV-and-XLSX pass: the rows were read twice').to.equal(2 * 2 * 2);
    expect([...both.keys()]).to.deep.equal(['acme/orders.csv', 'acme/order_items.csv', 'acme/orders.xlsx', 'globex/orders.csv', 'globex/order_items.csv', 'globex/orders.xlsx', 'manifest.json']);
    for (const slug of shops.split(',')) {
      const name = `${slug}/orders.xlsx`;
      expect(both.get(name)!.data.equals(alone.get(name)!.data), name).to.equal(true);
    }
    expect(openSpoolFiles()).to.deep.equal([]);
  });

  it('exports the database as it was when the download started, while orders are being written', async () => {
    const count = (): number => {
      const reader = new Database(database.path, { readonly: true });
      try {
        return (reader.prepare("SELECT count(*) AS n FROM orders JOIN shops ON shops.id = shop_id WHERE slug = 'acme'").get() as { n: number }).n;
      } finally {
        reader.close();
      }
    };
    const before = count();
    const response = await openResponse(app.url(`${EXPORT}?shops=acme,globex&formats=csv`));
    const head = await readAtLeast(response, 1);
    response.pause();
    const writer = new Database(database.path);
    writer.prepare(`INSERT INTO orders (shop_id, order_number, status, customer_name, customer_email, ship_country, subtotal_minor,
      shipping_minor, tax_minor, total_minor, note, created_at, updated_at)
      SELECT shop_id, order_number || '-copy', status, customer_name, customer_email, ship_country, subtotal_minor, shipping_minor,
        tax_minor, total_minor, note, created_at, updated_at FROM orders WHERE shop_id = (SELECT id FROM shops WHERE slug = 'acme')`).run();
    writer.close();
    expect(count()).to.equal(2 * before);
    response.resume();
    const entries = await readZipByName(Buffer.concat([...head, await readToEnd(response)]));
    const manifest = JSON.parse(entries.get('manifest.json')!.data.toString()) as { entries: { name: string; rows: number }[] };
    expect(manifest.entries.find((entry) => entry.name === 'acme/orders.csv')?.rows).to.equal(before);
  });
});

describe('backpressure from a client that stops reading', () => {
  let database: SeededDatabase;
  let app: RunningApp;

  before(async () => {
    database = await seedDatabase({ demo: { shops: 3, orders: 60_000, seed: 11 } });
    // Stored entries make the ZIP as large as its CSV, far more than the socket buffers can hide.
    app = await startApp({ sourcePath: database.path, environment: { SHOPZIP_DEFLATE_LEVEL: '0' } });
  });
  after(async () => {
    await app.close();
    await database.remove();
  });

  it('stops reading the database mid-export while the client does not read, and finishes when it reads again', async () => {
    const response = await openResponse(app.url(`${EXPORT}?shops=acme,globex,initech&formats=csv`));
    const head = await readAtLeast(response, 16 * 1024);
    const stalledAt = await untilStalled(() => app.source.counters.rowsRead);
    await sleep(500);
    expect(app.source.counters.rowsRead).to.equal(stalledAt);
    // Stalled inside an entry (its cursor open) or between two (the next one is opened only once this one is written).
    expect(app.source.counters.openCursors).to.be.at.most(1);
    expect(app.source.counters.openSnapshots).to.equal(1);
    const reader = new Database(database.path, { readonly: true });
    const total = (reader.prepare('SELECT (SELECT count(*) FROM orders) + (SELECT count(*) FROM order_items) AS n').get() as { n: number }).n;
    reader.close();
    expect(stalledAt).to.be.below(total / 2);
    response.resume();
    const entries = await readZipByName(Buffer.concat([...head, await readToEnd(response)]));
    expect(entries.has('initech/order_items.csv')).to.equal(true);
    expect(app.source.counters.rowsRead).to.equal(total);
  });
});

describe('a failure after the first byte', () => {
  let database: SeededDatabase;
  let app: RunningApp;

  before(async () => {
    database = await seedDatabase({ demo: { shops: 6, orders: 5000, seed: 5 } });
    const writer = new Database(database.path);
    writer.prepare("UPDATE orders SET created_at = 'not a timestamp' WHERE id = (SELECT max(id) FROM orders WHERE shop_id = (SELECT id FROM shops WHERE slug = 'globex'))").run();
    writer.close();
    app = await startApp({ sourcePath: database.path });
  });
  after(async () => {
    await app.close();
    await database.remove();
  });

  it('aborts the connection instead of ending a ZIP that lacks data, and logs it once', async () => {
    const response = await openResponse(app.url(`${EXPORT}?shops=acme,globex,initech`));
    expect(response.statusCode).to.equal(200);
    let failure: unknown;
    try {
      await readToEnd(response);
    } catch (error) {
      failure = error;
    }
    expect(failure).to.be.instanceOf(Error);
    await eventually(() => expect(app.logs.filter((line) => line.level >= 50)).to.have.length(1));
    expect(app.logs.find((line) => line.level >= 50)?.msg).to.equal('export failed mid-stream; connection aborted');
    await eventually(() => expect(app.source.counters.openSnapshots).to.equal(0));
  });
});
