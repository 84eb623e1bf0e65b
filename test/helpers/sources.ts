import { allShops, readShop, type SourceItem, type SourceOrder } from './expected.js';
import { adminQuery, copyIntoPostgres, testPostgres, type PostgresDatabase } from './postgres.js';
import { seedDatabase, type SeededDatabase, type SeedOptions } from './seed-database.js';

/** The engines the export contract suite runs against. */
export type Engine = 'sqlite' | 'postgres';
export const ENGINES: readonly Engine[] = ['sqlite', 'postgres'];

/** Source data for a test, in one engine: what `startApp` needs, and the rows as the database holds them. */
export interface TestSource {
  readonly engine: Engine;
  /** The data built from the fixture (or generator) as SQLite; on PostgreSQL, the rows were copied from it. */
  readonly sqlite: SeededDatabase;
  readonly postgres: PostgresDatabase | null;
  /** `startApp` options naming this source. */
  readonly app: { readonly sourcePath: string } | { readonly sourceUrl: string };
  /** A shop's orders and items in export order, read from this engine's database with the tests' own SQL. */
  readShop(slug: string): Promise<{ orders: SourceOrder[]; items: SourceItem[] }>;
  /** Every shop's slug, in byte order. */
  allShops(): Promise<string[]>;
  remove(): Promise<void>;
}

/**
 * Builds the data in SQLite (`seedDatabase`), and for `postgres` copies it into a fresh database of the test
 * cluster; null when PostgreSQL is asked for and its server binaries are not installed (the caller skips).
 */
export async function seedSource(engine: Engine, options: SeedOptions): Promise<TestSource | null> {
  const cluster = engine === 'postgres' ? await testPostgres() : null;
  if (engine === 'postgres' && cluster === null) return null;
  const sqlite = await seedDatabase(options);
  if (cluster === null) {
    return {
      engine, sqlite, postgres: null, app: { sourcePath: sqlite.path },
      readShop: (slug) => Promise.resolve(readShop(sqlite.path, slug)),
      allShops: () => Promise.resolve(allShops(sqlite.path)),
      remove: () => sqlite.remove(),
    };
  }
  const postgres = await copyIntoPostgres(cluster, sqlite.path);
  return {
    engine, sqlite, postgres, app: { sourceUrl: postgres.url },
    readShop: (slug) => readPostgresShop(postgres.adminUrl, slug),
    allShops: async () => (await adminQuery<{ slug: string }>(postgres.adminUrl, 'SELECT slug FROM shops ORDER BY slug COLLATE "C"')).map((row) => row.slug),
    remove: async () => {
      await postgres.drop();
      await sqlite.remove();
    },
  };
}

// created_at as SQLite stores it (UTC, milliseconds), so the tests' expectations are the same for both engines.
const ORDERS_SQL = `SELECT o.id::float8 AS id, o.order_number, to_char(o.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS created_at,
    o.status, o.customer_name, o.customer_email, o.ship_country, o.subtotal_minor::float8 AS subtotal_minor,
    o.shipping_minor::float8 AS shipping_minor, o.tax_minor::float8 AS tax_minor, o.total_minor::float8 AS total_minor, o.note,
    s.currency, s.timezone
  FROM orders o JOIN shops s ON s.id = o.shop_id WHERE s.slug = $1 ORDER BY o.created_at, o.id`;
const ITEMS_SQL = `SELECT i.order_id::float8 AS order_id, i.line_no, i.sku, i.title, i.quantity, i.unit_price_minor::float8 AS unit_price_minor,
    o.order_number, s.currency
  FROM order_items i JOIN orders o ON o.id = i.order_id JOIN shops s ON s.id = o.shop_id WHERE s.slug = $1
  ORDER BY o.created_at, o.id, i.line_no`;

async function readPostgresShop(url: string, slug: string): Promise<{ orders: SourceOrder[]; items: SourceItem[] }> {
  return {
    orders: await adminQuery<SourceOrder & Record<string, unknown>>(url, ORDERS_SQL, [slug]),
    items: await adminQuery<SourceItem & Record<string, unknown>>(url, ITEMS_SQL, [slug]),
  };
}
