import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { createDemoDatabase } from '../src/source/demo-data.js';
import { progress } from './progress.js';

/** A benchmark source database: generated once with the project's own deterministic generator, then reused. */
export interface BenchDatabase {
  readonly path: string;
  readonly orders: number;
  readonly items: number;
  /** Every shop slug, sorted. */
  readonly shops: readonly string[];
}

export interface DatabaseSpec {
  readonly path: string;
  readonly shops: number;
  readonly orders: number;
}

const SEED = 1;

/**
 * Returns the database at `spec.path`, generating it first when it is missing or does not hold the expected
 * number of shops and orders (a half-written file from an interrupted run is generated again).
 */
export function ensureDatabase(spec: DatabaseSpec): BenchDatabase {
  const existing = existsSync(spec.path) ? describe(spec.path) : null;
  if (existing !== null && existing.orders === spec.orders && existing.shops.length === spec.shops) {
    progress(`reusing ${spec.path} (${existing.orders.toLocaleString('en')} orders, ${existing.items.toLocaleString('en')} items)`);
    return existing;
  }
  for (const file of [spec.path, `${spec.path}-wal`, `${spec.path}-shm`]) rmSync(file, { force: true });
  mkdirSync(dirname(spec.path), { recursive: true });
  progress(`generating ${spec.path}: ${spec.shops} shops, ${spec.orders.toLocaleString('en')} orders ...`);
  const started = performance.now();
  createDemoDatabase(spec.path, { shops: spec.shops, orders: spec.orders, seed: SEED });
  progress(`generated ${spec.path} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  const created = describe(spec.path);
  if (created === null) throw new Error(`${spec.path} was generated but cannot be read`);
  return created;
}

/** Orders of the given shops (all orders of the export of those shops, as nothing else is filtered). */
export function ordersOf(database: BenchDatabase, shops: readonly string[]): number {
  const connection = new Database(database.path, { readonly: true, fileMustExist: true });
  try {
    const sql = 'SELECT count(*) FROM orders WHERE shop_id IN (SELECT id FROM shops WHERE slug IN (SELECT value FROM json_each(?)))';
    return connection.prepare(sql).pluck().get(JSON.stringify(shops)) as number;
  } finally {
    connection.close();
  }
}

function describe(path: string): BenchDatabase | null {
  let connection: Database.Database | undefined;
  try {
    connection = new Database(path, { readonly: true, fileMustExist: true });
    const count = (sql: string): number => connection!.prepare(sql).pluck().get() as number;
    const shops = connection.prepare('SELECT slug FROM shops ORDER BY slug').pluck().all() as string[];
    return { path, orders: count('SELECT count(*) FROM orders'), items: count('SELECT count(*) FROM order_items'), shops };
  } catch {
    return null;
  } finally {
    connection?.close();
  }
}
