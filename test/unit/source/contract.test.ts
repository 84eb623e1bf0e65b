import { expect } from 'chai';
import { epochMsOf, microsOf } from '../../../src/export/format/timestamp.js';
import { isRowWait, type Pulled } from '../../../src/row-wait.js';
import { openOrdersSource } from '../../../src/source/open-source.js';
import type { OrdersSource } from '../../../src/source/orders-source.js';
import type { OrderFilter, Snapshot } from '../../../src/source/snapshot.js';
import { SqliteSource } from '../../../src/source/sqlite/sqlite-source.js';
import { ENGINES, seedSource, type TestSource } from '../../helpers/sources.js';

/** Every row of a row generator, waiting where it says to. */
async function drain<Row>(rows: Generator<Pulled<Row>, void, undefined>): Promise<{ rows: Row[]; waits: number }> {
  const result: Row[] = [];
  let waits = 0;
  for (const value of rows) {
    if (isRowWait(value)) {
      waits += 1;
      await value;
    } else {
      result.push(value);
    }
  }
  return { rows: result, waits };
}

const everything = (shopId: number): OrderFilter => ({ shopId, fromIso: '', toIsoExclusive: '~', statuses: null });
/** A row with its created_at as microseconds since the epoch: SQLite gives its text, PostgreSQL the microseconds. */
const comparable = (row: readonly unknown[]): unknown[] =>
  row.map((value, index) => (index === 2 && (typeof value === 'string' || typeof value === 'number') ? epochMsOf(value) * 1000 + microsOf(value) : value));

for (const engine of ENGINES) describe(`orders source contract: ${engine}`, () => {
  let data: TestSource;
  let source: OrdersSource;
  let reference: Snapshot;

  before(async function () {
    const seeded = await seedSource(engine, { fixture: 'nasty' });
    if (seeded === null) return this.skip();
    data = seeded;
    source = await openOrdersSource('sourceUrl' in data.app ? { engine: 'postgres', url: data.app.sourceUrl, poolMax: 2, connectTimeoutMs: 5000, statementTimeoutMs: 0 } : { engine: 'sqlite', path: data.app.sourcePath });
    reference = await new SqliteSource(data.sqlite.path).openSnapshot();
  });
  after(async () => {
    await reference?.close();
    await source?.close();
    await data?.remove();
  });

  it('finds the shops that exist, in byte order of their slugs, and names its engine', async () => {
    const snapshot = await source.openSnapshot();
    try {
      const shops = await snapshot.findShops(['zz-last', 'nope', 'acme', 'empty-shop']);
      expect(shops.map((shop) => shop.slug)).to.deep.equal(['acme', 'empty-shop', 'zz-last']);
      expect(shops[0]).to.include({ slug: 'acme', currency: 'EUR', timezone: 'Europe/Berlin' });
      expect(shops[0]!.id).to.be.a('number');
      expect(source.system).to.equal(engine === 'sqlite' ? 'sqlite' : 'postgresql');
      expect((await snapshot.allShops()).map((shop) => shop.slug)).to.deep.equal(await data.allShops());
    } finally {
      await snapshot.close();
    }
  });

  it('reads every order and order line of every shop as the SQLite engine does, value for value', async () => {
    const snapshot = await source.openSnapshot();
    const signal = new AbortController().signal;
    try {
      const shops = await reference.findShops(await data.allShops());
      for (const shop of shops) {
        const expectedOrders = await drain(reference.orders(everything(shop.id), signal));
        const expectedItems = await drain(reference.items(everything(shop.id), signal));
        const orders = await drain(snapshot.orders(everything(shop.id), signal));
        const items = await drain(snapshot.items(everything(shop.id), signal));
        expect(orders.rows.map(comparable), shop.slug).to.deep.equal(expectedOrders.rows.map(comparable));
        expect(items.rows, shop.slug).to.deep.equal(expectedItems.rows);
        expect(expectedOrders.waits + expectedItems.waits, 'SQLite never waits').to.equal(0);
        expect(await snapshot.countRows(everything(shop.id)), `${shop.slug}: the rows an export job counts`).to.deep.equal({ orders: orders.rows.length, items: items.rows.length });
      }
    } finally {
      await snapshot.close();
    }
  });

  it('filters by time range and status like the SQLite engine', async () => {
    const snapshot = await source.openSnapshot();
    const signal = new AbortController().signal;
    try {
      const [acme] = await snapshot.findShops(['acme']);
      const filter: OrderFilter = { shopId: acme!.id, fromIso: '2026-03-29T00:00:00.000Z', toIsoExclusive: '2026-10-26T00:00:00.000Z', statuses: ['paid', 'shipped'] };
      const rows = (await drain(snapshot.orders(filter, signal))).rows.map(comparable);
      expect(rows).to.deep.equal((await drain(reference.orders(filter, signal))).rows.map(comparable));
      expect((await drain(snapshot.items(filter, signal))).rows).to.deep.equal((await drain(reference.items(filter, signal))).rows);
    } finally {
      await snapshot.close();
    }
  });

  it('counts its cursor open while it is, its rows, and closes the cursor and the connection when the snapshot closes mid-query', async () => {
    const before = { opened: source.counters.cursorsOpened, rows: source.counters.rowsRead };
    const snapshot = await source.openSnapshot();
    expect(source.counters.openSnapshots).to.equal(1);
    const [acme] = await snapshot.findShops(['acme']);
    const rows = snapshot.orders(everything(acme!.id), new AbortController().signal);
    let first = rows.next();
    while (first.done !== true && isRowWait(first.value)) {
      await first.value;
      first = rows.next();
    }
    expect(first.done).to.equal(false);
    expect(source.counters.openCursors).to.equal(1);
    expect(source.counters.cursorsOpened - before.opened).to.equal(1);
    await snapshot.close();
    expect(source.counters.openCursors).to.equal(0);
    expect(source.counters.openSnapshots).to.equal(0);
    expect(rows.next().done).to.equal(true);
    expect(source.counters.rowsRead - before.rows).to.be.at.least(1);
  });
});
