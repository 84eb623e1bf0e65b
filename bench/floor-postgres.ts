import { Readable } from 'node:stream';
import { createDeflateRaw } from 'node:zlib';
import pg from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import { BEGIN_SQL } from '../src/source/postgres/postgres-source.js';
import { ITEM_COLUMNS_SQL, ORDER_COLUMNS_SQL } from '../src/source/rows.js';

/**
 * How the floor's transaction plans its queries: as the export's does (`BEGIN_SQL`: index scans and nested loops
 * that stream, one process), or with PostgreSQL's defaults (for a large shop a parallel scan and hash join, two
 * workers beside the backend, an on-disk sort), which the floor used until 2026-12-07.
 */
export type FloorPlans = 'export' | 'default';

/**
 * The floor of a CSV export from PostgreSQL: the same rows as shopzip's two queries per shop (in slug order, its
 * orders, then its order lines joined to their orders, in export order), in one transaction with the export's
 * settings (`REPEATABLE READ, READ ONLY` and its planner settings, unless `plans` says otherwise), written by the
 * server itself as CSV (`COPY (...) TO STDOUT WITH (FORMAT csv)`), and deflated at level 1. No parsing, no
 * formatting, no ZIP, no XLSX: what any export from PostgreSQL must at least spend.
 */
export function postgresFloorExport(url: string, slugs: readonly string[], plans: FloorPlans = 'export'): Readable {
  const client = new pg.Client({ connectionString: url, application_name: 'shopzip-floor' });
  const text = Readable.from(copies(client, slugs, plans), { objectMode: false });
  text.once('close', () => void client.end().catch(() => undefined));
  const deflate = createDeflateRaw({ level: 1 });
  text.once('error', (error) => deflate.destroy(error));
  deflate.once('close', () => text.destroy());
  return text.pipe(deflate);
}

async function* copies(client: pg.Client, slugs: readonly string[], plans: FloorPlans): AsyncGenerator<Buffer> {
  await client.connect();
  await client.query(plans === 'export' ? BEGIN_SQL : 'BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY');
  const { rows } = await client.query<{ id: string }>('SELECT id::text FROM shops WHERE slug = ANY($1::text[]) ORDER BY slug COLLATE "C"', [slugs]);
  for (const { id } of rows) {
    const queries = [
      `SELECT ${ORDER_COLUMNS_SQL} FROM orders o WHERE o.shop_id = ${Number(id)} ORDER BY o.created_at, o.id`,
      `SELECT ${ITEM_COLUMNS_SQL} FROM orders o JOIN order_items i ON i.order_id = o.id WHERE o.shop_id = ${Number(id)} ORDER BY o.created_at, o.id, i.line_no`,
    ];
    for (const sql of queries) yield* client.query(copyTo(`COPY (${sql}) TO STDOUT WITH (FORMAT csv)`)) as AsyncIterable<Buffer>;
  }
  await client.query('COMMIT');
}
