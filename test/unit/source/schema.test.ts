import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { expect } from 'chai';
import { createSourceDatabase, schemaSql } from '../../../src/source/schema.js';
import { repoRoot, seedDatabase, type SeededDatabase } from '../../helpers/seed-database.js';

const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

describe('source schema', () => {
  let scratch: string;

  beforeEach(() => {
    scratch = mkdtempSync(join(tmpdir(), 'shopzip-test-'));
  });

  afterEach(() => {
    rmSync(scratch, { recursive: true, force: true });
  });

  it('is the contract in src/source/schema.sql: shops, orders, order_items and the per-shop time index', () => {
    expect(schemaSql()).to.equal(readFileSync(join(repoRoot(), 'src/source/schema.sql'), 'utf8'));
    const statements = ['TABLE shops (', 'TABLE orders (', 'TABLE order_items (', 'INDEX orders_by_shop_time ON'];
    for (const statement of statements) expect(schemaSql()).to.include(`CREATE ${statement}`);
  });

  it('creates a new database in WAL mode with the tables in place', () => {
    const database = createSourceDatabase(join(scratch, 'source.db'));
    try {
      expect(database.pragma('journal_mode', { simple: true })).to.equal('wal');
      const names = database.prepare("SELECT name FROM sqlite_master WHERE type IN ('table', 'index') ORDER BY name");
      expect(names.pluck().all()).to.include.members(['order_items', 'orders', 'orders_by_shop_time', 'shops']);
    } finally {
      database.close();
    }
  });

  it('refuses to overwrite an existing file, and leaves it untouched', () => {
    const path = join(scratch, 'precious.db');
    writeFileSync(path, 'not yours');
    expect(() => createSourceDatabase(path)).to.throw(/refusing to create .*precious\.db/);
    expect(readFileSync(path, 'utf8')).to.equal('not yours');
  });

  it('refuses to create a database next to a leftover write-ahead log', () => {
    const path = join(scratch, 'source.db');
    writeFileSync(`${path}-wal`, '');
    expect(() => createSourceDatabase(path)).to.throw(/write-ahead log/);
    expect(existsSync(path)).to.equal(false);
  });
});

describe('fixtures', () => {
  let seeded: SeededDatabase;
  let database: Database.Database;

  before(async () => {
    seeded = await seedDatabase({ fixture: 'nasty' });
    database = new Database(seeded.path, { readonly: true });
  });

  after(async () => {
    database.close();
    await seeded.remove();
  });

  const value = (sql: string): unknown => database.prepare(sql).pluck().get();

  it('builds nasty in WAL mode with its shops inserted out of slug order, empty-shop without orders', () => {
    expect(database.pragma('journal_mode', { simple: true })).to.equal('wal');
    const slugs = database.prepare('SELECT slug FROM shops ORDER BY rowid').pluck().all();
    expect([...slugs].sort()).to.deep.equal(['acme', 'empty-shop', 'kuwait-fils', 'shanghai', 'tokyo-yen', 'zz-last']);
    expect(slugs).to.not.deep.equal([...slugs].sort());
    expect(value("SELECT count(*) FROM orders JOIN shops ON shops.id = shop_id WHERE slug = 'empty-shop'")).to.equal(0);
  });

  it('keeps the money identities and formats every instant as YYYY-MM-DDTHH:MM:SS.sssZ', () => {
    const broken = value(`
      SELECT count(*) FROM orders o
      WHERE subtotal_minor <> coalesce(
              (SELECT sum(quantity * unit_price_minor) FROM order_items WHERE order_id = o.id), 0)
         OR total_minor <> subtotal_minor + shipping_minor + tax_minor OR updated_at < created_at`);
    expect(broken).to.equal(0);
    const instants = database.prepare('SELECT created_at, updated_at FROM orders').raw().all() as [string, string][];
    for (const [created, updated] of instants) {
      expect(created).to.match(INSTANT);
      expect(updated).to.match(INSTANT);
    }
  });

  it('holds the promised text quirks', () => {
    expect(value('SELECT length(note) FROM orders WHERE id = 260')).to.be.at.least(40_000);
    expect(value('SELECT note FROM orders WHERE id = 231')).to.include('\uFFFE').and.include('\uFFFF');
    expect(value('SELECT note FROM orders WHERE id = 202')).to.include('\r\n');
    expect(value('SELECT note FROM orders WHERE id = 230')).to.include('\u0001').and.include('\u001B');
    expect(value('SELECT note FROM orders WHERE id = 270')).to.equal('');
    expect(value('SELECT note FROM orders WHERE id = 271')).to.equal(null);
    expect(value('SELECT customer_name FROM orders WHERE id = 273')).to.equal('   ');
    expect(value('SELECT typeof(note) FROM orders WHERE id = 241')).to.equal('text');
    expect(value('SELECT order_number FROM orders WHERE id = 143')).to.equal('00123');
  });

  it('holds the promised money and item edge cases', () => {
    expect(value('SELECT subtotal_minor FROM orders WHERE id = 304')).to.equal(Number.MAX_SAFE_INTEGER);
    expect(value('SELECT total_minor FROM orders WHERE id = 305')).to.be.below(0);
    expect(value('SELECT count(*) FROM order_items WHERE order_id = 400')).to.equal(0);
    expect(value('SELECT count(*) FROM order_items WHERE order_id = 401')).to.equal(40);
  });

  it('has orders on both sides of the Berlin DST changes', () => {
    const instants = database.prepare('SELECT created_at FROM orders WHERE shop_id = 1').pluck().all();
    expect(instants).to.include.members([
      '2026-03-29T00:59:59.999Z',
      '2026-03-29T01:00:00.000Z',
      '2026-10-25T00:59:59.999Z',
      '2026-10-25T01:00:00.000Z',
      '2026-01-04T23:00:00.000Z',
    ]);
  });

  it('builds basic, and names the known fixtures when asked for an unknown one', async () => {
    const basic = await seedDatabase({ fixture: 'basic' });
    const other = new Database(basic.path, { readonly: true });
    expect(other.prepare('SELECT count(*) FROM orders').pluck().get()).to.equal(4);
    other.close();
    await basic.remove();
    expect(existsSync(basic.path)).to.equal(false);
    let failure: unknown;
    await seedDatabase({ fixture: '../package' }).catch((error: unknown) => (failure = error));
    expect(String(failure)).to.match(/unknown fixture "..\/package"; known: .*basic.*nasty/);
  });
});
