import { rmSync } from 'node:fs';
import type Database from 'better-sqlite3';
import { buildOrder, ShopLedger, type ItemRow, type OrderRow } from './demo/orders.js';
import { DEFAULT_FROM, DEFAULT_TO, demoPeriod } from './demo/period.js';
import { SeededRandom } from './demo/random.js';
import { ShopPicker } from './demo/shop-picker.js';
import { demoShops } from './demo/shops.js';
import { creationInstant, type DemoPeriod } from './demo/timeline.js';
import { DemoWriter } from './demo/writer.js';
import { createSourceDatabase } from './schema.js';

/** What demo data to generate. The same options always produce the same rows, byte for byte. */
export interface DemoDataOptions {
  /** Number of shops, at least 1: `acme`, `globex`, `initech`, `umbrella`, `wonka`, `stark`, then `shop-007`, ... */
  shops: number;
  /** Number of orders, spread unevenly over the shops. */
  orders: number;
  /** Seed of the pseudo-random generator, 0 to 2^32 - 1; defaults to 1. */
  seed?: number | undefined;
  /** First day (or instant) of the period, UTC unless an offset is given; defaults to 2025-01-01. */
  from?: string | undefined;
  /** Last day (inclusive) or end instant (exclusive) of the period; defaults to 2026-10-31. */
  to?: string | undefined;
}

/** How many rows were generated. */
export interface DemoDataSummary {
  shops: number;
  orders: number;
  items: number;
}

/** Orders per transaction: with their 2.5 items each, about 10,000 rows. */
const ORDERS_PER_TRANSACTION = 3_000;

/**
 * Fills an empty source database (see `createSourceDatabase`) with deterministic demo shops, orders and items,
 * then runs `ANALYZE` and truncates the write-ahead log.
 *
 * @throws RangeError for invalid options; Error when the database already holds shops.
 */
export function generateDemoData(database: Database.Database, options: DemoDataOptions): DemoDataSummary {
  assertOptions(options);
  const period = demoPeriod(options.from ?? DEFAULT_FROM, options.to ?? DEFAULT_TO);
  const existing = database.prepare('SELECT count(*) FROM shops').pluck().get() as number;
  if (existing > 0) throw new Error(`demo data needs an empty database; this one has ${existing} shops`);
  const writer = new DemoWriter(database);
  const shops = demoShops(options.shops);
  const items = withFastWrites(database, () => {
    writer.writeShops(shops);
    return writeOrders(writer, shops.map((shop) => new ShopLedger(shop)), period, options);
  });
  database.exec('ANALYZE');
  database.pragma('wal_checkpoint(TRUNCATE)');
  return { shops: shops.length, orders: options.orders, items };
}

/**
 * Creates a new source database file at `path` filled with demo data, and closes it.
 *
 * @throws as `createSourceDatabase` and `generateDemoData`; a failed generation leaves no file behind.
 */
export function createDemoDatabase(path: string, options: DemoDataOptions): DemoDataSummary {
  assertOptions(options);
  const database = createSourceDatabase(path);
  try {
    const summary = generateDemoData(database, options);
    database.close();
    return summary;
  } catch (error) {
    database.close();
    for (const file of [path, `${path}-wal`, `${path}-shm`]) rmSync(file, { force: true });
    throw error;
  }
}

const LIMITS: readonly ['shops' | 'orders' | 'seed', number, number][] = [
  ['shops', 1, 999_999],
  ['orders', 0, Number.MAX_SAFE_INTEGER],
  ['seed', 0, 0xffff_ffff],
];

function assertOptions(options: DemoDataOptions): void {
  for (const [name, minimum, maximum] of LIMITS) {
    const value = options[name] ?? minimum;
    if (!Number.isSafeInteger(value) || (value as number) < minimum || (value as number) > maximum) {
      const range = `an integer from ${minimum} to ${maximum}`;
      throw new RangeError(`demo option ${name} must be ${range}, got ${String(value)}`);
    }
  }
}

/** Generates and writes all orders, in id (and creation time) order; returns the number of items. */
function writeOrders(writer: DemoWriter, ledgers: ShopLedger[], period: DemoPeriod, options: DemoDataOptions): number {
  const random = new SeededRandom(options.seed ?? 1);
  const picker = new ShopPicker(ledgers.length);
  let orders: OrderRow[] = [];
  let items: ItemRow[] = [];
  let itemCount = 0;
  for (let index = 0; index < options.orders; index += 1) {
    const createdMs = creationInstant(random, period, index, options.orders);
    const ledger = ledgers[picker.pick(random)] as ShopLedger;
    orders.push(buildOrder(random, ledger, period, { id: index + 1, createdMs }, items));
    if (orders.length === ORDERS_PER_TRANSACTION || index === options.orders - 1) {
      writer.writeOrders(orders, items);
      itemCount += items.length;
      orders = [];
      items = [];
    }
  }
  return itemCount;
}

/**
 * Runs `work` with durability relaxed (a half-written demo file is simply generated again) and restores the
 * connection's settings afterwards.
 */
function withFastWrites<T>(database: Database.Database, work: () => T): T {
  const synchronous = database.pragma('synchronous', { simple: true }) as number;
  const cacheSize = database.pragma('cache_size', { simple: true }) as number;
  database.pragma('synchronous = OFF');
  database.pragma('cache_size = -65536');
  try {
    return work();
  } finally {
    database.pragma(`synchronous = ${synchronous}`);
    database.pragma(`cache_size = ${cacheSize}`);
  }
}
