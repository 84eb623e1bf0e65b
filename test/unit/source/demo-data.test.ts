import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { expect } from 'chai';
import { createDemoDatabase, generateDemoData, type DemoDataOptions } from '../../../src/source/demo-data.js';
import { createSourceDatabase } from '../../../src/source/schema.js';
import { seedDatabase, type SeededDatabase } from '../../helpers/seed-database.js';

const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const STATUSES = ['cancelled', 'delivered', 'paid', 'pending', 'refunded', 'shipped'];

/** SHA-256 over every row of every table, in primary-key order. */
function contentDigest(path: string): string {
  const database = new Database(path, { readonly: true });
  try {
    const hash = createHash('sha256');
    for (const query of [
      'SELECT * FROM shops ORDER BY id',
      'SELECT * FROM orders ORDER BY id',
      'SELECT * FROM order_items ORDER BY order_id, line_no',
    ]) {
      for (const row of database.prepare(query).raw().iterate()) hash.update(`${JSON.stringify(row)}\n`);
    }
    return hash.digest('hex');
  } finally {
    database.close();
  }
}

async function withDemo<T>(options: DemoDataOptions, use: (database: Database.Database) => T): Promise<T> {
  const seeded = await seedDatabase({ demo: options });
  const database = new Database(seeded.path, { readonly: true });
  try {
    return use(database);
  } finally {
    database.close();
    await seeded.remove();
  }
}

describe('demo data', () => {
  let seeded: SeededDatabase;
  let database: Database.Database;
  let scratch: string;

  before(async () => {
    seeded = await seedDatabase({ demo: { shops: 6, orders: 20_000, seed: 7 } });
    database = new Database(seeded.path, { readonly: true });
    scratch = mkdtempSync(join(tmpdir(), 'shopzip-test-'));
  });

  after(async () => {
    database.close();
    await seeded.remove();
    rmSync(scratch, { recursive: true, force: true });
  });

  const count = (sql: string): number => database.prepare(sql).pluck().get() as number;

  it('produces identical rows for the same options, and different ones for another seed', async () => {
    const digests: string[] = [];
    for (const seed of [3, 3, 4]) {
      const other = await seedDatabase({ demo: { shops: 8, orders: 5_000, seed } });
      digests.push(contentDigest(other.path));
      await other.remove();
    }
    expect(digests[0]).to.equal(digests[1]);
    expect(digests[2]).to.not.equal(digests[0]);
  });

  it('creates exactly the requested numbers of shops and orders', async () => {
    const counts = await withDemo({ shops: 12, orders: 3_000 }, (other) => [
      other.prepare('SELECT count(*) FROM shops').pluck().get(),
      other.prepare('SELECT count(*) FROM orders').pluck().get(),
    ]);
    expect(counts).to.deep.equal([12, 3_000]);
  });

  it('gives each order 1 to 4 items, about 2.5 on average', () => {
    const perOrder = database
      .prepare(
        `SELECT min(n) AS least, max(n) AS most, avg(n) AS mean
         FROM (SELECT count(*) AS n FROM order_items GROUP BY order_id)`,
      )
      .get() as { least: number; most: number; mean: number };
    expect(count('SELECT count(*) FROM orders WHERE id NOT IN (SELECT order_id FROM order_items)')).to.equal(0);
    expect([perOrder.least, perOrder.most]).to.deep.equal([1, 4]);
    expect(perOrder.mean).to.be.within(2.2, 2.8);
  });

  it('keeps subtotal = Σ quantity × unit price and total = subtotal + shipping + tax, all amounts positive', () => {
    const broken = count(`
      SELECT count(*) FROM orders o
      WHERE subtotal_minor <> (SELECT sum(quantity * unit_price_minor) FROM order_items WHERE order_id = o.id)
         OR total_minor <> subtotal_minor + shipping_minor + tax_minor
         OR subtotal_minor <= 0 OR shipping_minor < 0 OR tax_minor < 0`);
    expect(broken).to.equal(0);
    expect(count('SELECT count(*) FROM order_items WHERE quantity < 1 OR unit_price_minor <= 0')).to.equal(0);
  });

  it('gives every shop a slug of [a-z0-9-]{1,64} and inserts the shops out of slug order', async () => {
    const slugs = await withDemo({ shops: 120, orders: 0 }, (other) =>
      other.prepare('SELECT slug FROM shops ORDER BY rowid').pluck().all() as string[],
    );
    expect(slugs).to.have.length(120);
    for (const slug of slugs) expect(slug).to.match(/^[a-z0-9-]{1,64}$/);
    expect(slugs).to.not.deep.equal([...slugs].sort());
  });

  it('covers EUR, USD, JPY and KWD, and a shop in Asia/Shanghai', () => {
    const currencies = database.prepare('SELECT DISTINCT currency FROM shops').pluck().all();
    expect(currencies).to.include.members(['EUR', 'USD', 'JPY', 'KWD']);
    expect(count("SELECT count(*) FROM shops WHERE timezone = 'Asia/Shanghai'")).to.equal(1);
  });

  it('formats every instant as YYYY-MM-DDTHH:MM:SS.sssZ, within the period, updated_at never before created_at', () => {
    const rows = database.prepare('SELECT created_at, updated_at FROM orders').raw().all() as [string, string][];
    for (const [created, updated] of rows) {
      expect(created).to.match(INSTANT);
      expect(updated).to.match(INSTANT);
      expect(updated >= created, `${updated} < ${created}`).to.equal(true);
    }
    const outside = "SELECT count(*) FROM orders WHERE created_at < '2025-01-01' OR created_at >= '2026-11-01'";
    expect(count(outside)).to.equal(0);
    expect(count("SELECT count(*) FROM orders WHERE substr(created_at, 21, 3) <> '000'")).to.be.above(19_000);
  });

  it('spreads orders unevenly over the shops, with order numbers unique per shop', () => {
    const perShop = database.prepare('SELECT count(*) FROM orders GROUP BY shop_id').pluck().all() as number[];
    expect(perShop).to.have.length(6);
    expect(Math.max(...perShop)).to.be.above(3 * Math.min(...perShop));
    expect(count('SELECT count(DISTINCT shop_id || order_number) FROM orders')).to.equal(20_000);
    expect(database.prepare('SELECT order_number FROM orders WHERE id = 1').pluck().get()).to.match(/^[A-Z]+-\d{6}$/);
  });

  it('uses exactly the six statuses', () => {
    expect(database.prepare('SELECT DISTINCT status FROM orders ORDER BY 1').pluck().all()).to.deep.equal(STATUSES);
  });

  it('writes non-ASCII customer names with ASCII e-mails, and some NULL ship countries', () => {
    const names = database.prepare('SELECT DISTINCT customer_name FROM orders').pluck().all() as string[];
    expect(names.join(' ')).to.include('Müller').and.include('王').and.include('Ольга').and.include('محمد');
    expect(count("SELECT count(*) FROM orders WHERE customer_email GLOB '*[^ -~]*'")).to.equal(0);
    expect(count('SELECT count(*) FROM orders WHERE ship_country IS NULL')).to.be.within(200, 1_200);
    expect(count("SELECT count(*) FROM orders WHERE ship_country NOT GLOB '[A-Z][A-Z]'")).to.equal(0);
  });

  it('leaves most notes NULL and fills the others with commas, quotes, LF, CRLF and emoji', () => {
    expect(count('SELECT count(*) FROM orders WHERE note IS NULL')).to.be.within(16_000, 18_000);
    const notes = database.prepare('SELECT DISTINCT note FROM orders WHERE note IS NOT NULL').pluck().all() as string[];
    const text = notes.join('\u0000');
    for (const quirk of [',', '"', '\n', '\r\n', '🎁']) expect(text).to.include(quirk);
    expect(notes.some((note) => note.startsWith('='))).to.equal(true);
  });

  it('rejects invalid options with a RangeError', () => {
    for (const options of [
      { shops: 0, orders: 1 },
      { shops: 1, orders: -1 },
      { shops: 1, orders: 1, seed: 1.5 },
      { shops: 1, orders: 1, from: '2026-01-02', to: '2026-01-01' },
      { shops: 1, orders: 1, from: 'yesterday' },
    ]) {
      expect(() => createDemoDatabase(join(scratch, 'invalid.db'), options)).to.throw(RangeError);
    }
    expect(() => statSync(join(scratch, 'invalid.db'))).to.throw(/ENOENT/);
  });

  it('refuses to fill a database that already holds shops', async () => {
    const other = await seedDatabase({ fixture: 'basic' });
    const writable = new Database(other.path);
    try {
      expect(() => generateDemoData(writable, { shops: 1, orders: 1 })).to.throw(/empty database/);
    } finally {
      writable.close();
      await other.remove();
    }
  });

  it('analyzes the tables and leaves an empty write-ahead log', () => {
    const path = join(scratch, 'analyzed.db');
    const writable = createSourceDatabase(path);
    try {
      generateDemoData(writable, { shops: 2, orders: 100 });
      expect(statSync(`${path}-wal`).size).to.equal(0);
      const statistics = writable.prepare("SELECT count(*) FROM sqlite_master WHERE name = 'sqlite_stat1'");
      expect(statistics.pluck().get()).to.equal(1);
    } finally {
      writable.close();
    }
  });
});
