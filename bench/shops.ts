import Database from 'better-sqlite3';
import type { BenchDatabase } from './databases.js';

const COUNT = 16;
const FIRST_RANK = 7;
const RANK_STEP = 6;

const BY_SIZE_SQL = 'SELECT s.slug FROM shops s JOIN orders o ON o.shop_id = s.id GROUP BY s.id ORDER BY count(*) DESC, s.slug';

/** The shop with the fewest orders (but some). */
export function smallestShop(database: BenchDatabase): string {
  const shop = shopsBySize(database).at(-1);
  if (shop === undefined) throw new Error(`${database.path} has no orders`);
  return shop;
}

/** The shop with the most orders. */
export function largestShop(database: BenchDatabase): string {
  const shop = shopsBySize(database)[0];
  if (shop === undefined) throw new Error(`${database.path} has no orders`);
  return shop;
}

/**
 * The 16 shops of scenario 3: by order count, every sixth from the 7th largest (the six large named shops are
 * left out to keep the scenario short); on the 1M database, 1,900 to 27,600 orders each, about 100,000 in all.
 */
export function pickConcurrentShops(database: BenchDatabase): string[] {
  const bySize = shopsBySize(database);
  const picked = Array.from({ length: COUNT }, (_, index) => bySize[FIRST_RANK - 1 + index * RANK_STEP]);
  if (picked.some((slug) => slug === undefined)) throw new Error(`scenario 3 needs at least ${FIRST_RANK + (COUNT - 1) * RANK_STEP} shops with orders`);
  return picked as string[];
}

/** Shops with orders, most orders first. */
function shopsBySize(database: BenchDatabase): string[] {
  const connection = new Database(database.path, { readonly: true, fileMustExist: true });
  try {
    return connection.prepare(BY_SIZE_SQL).pluck().all() as string[];
  } finally {
    connection.close();
  }
}
