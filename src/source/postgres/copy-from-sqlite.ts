import { once } from 'node:events';
import Database from 'better-sqlite3';
import type { Client } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { schemaSql } from '../schema.js';

/** The tables of the schema, in an order that keeps foreign keys satisfied, with their columns. */
const TABLES: readonly { readonly name: string; readonly columns: readonly string[] }[] = [
  { name: 'shops', columns: ['id', 'slug', 'name', 'currency', 'timezone'] },
  {
    name: 'orders',
    columns: ['id', 'shop_id', 'order_number', 'status', 'customer_name', 'customer_email', 'ship_country', 'subtotal_minor',
      'shipping_minor', 'tax_minor', 'total_minor', 'note', 'created_at', 'updated_at'],
  },
  { name: 'order_items', columns: ['order_id', 'line_no', 'sku', 'title', 'quantity', 'unit_price_minor'] },
];

const CHUNK_CHARACTERS = 256 * 1024;

/** Rows copied per table. */
export type CopiedRows = Record<string, number>;

/**
 * Creates the PostgreSQL schema (`schema.pg.sql`) in the connected database and copies every row of a SQLite
 * orders database into it with `COPY ... FROM STDIN`, in one transaction, then runs `ANALYZE`. The same rows, value
 * for value: `npm run seed` loads the demo data this way, and the tests load the fixtures, so both engines export
 * the same data.
 *
 * @throws what PostgreSQL or SQLite throw (e.g. the tables exist already); the transaction is rolled back.
 */
export async function copySqliteToPostgres(sqlitePath: string, client: Client): Promise<CopiedRows> {
  const source = new Database(sqlitePath, { readonly: true, fileMustExist: true });
  const copied: CopiedRows = {};
  try {
    await client.query('BEGIN');
    await client.query(schemaSql('postgres'));
    for (const table of TABLES) {
      const rows = source.prepare(`SELECT ${table.columns.join(', ')} FROM ${table.name} ORDER BY rowid`).raw(true).iterate() as IterableIterator<unknown[]>;
      copied[table.name] = await copyRows(client, table.name, table.columns, rows);
    }
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    source.close();
  }
  await client.query('ANALYZE');
  return copied;
}

async function copyRows(client: Client, table: string, columns: readonly string[], rows: Iterable<unknown[]>): Promise<number> {
  const stream = client.query(copyFrom(`COPY ${table} (${columns.join(', ')}) FROM STDIN`));
  const done = once(stream, 'finish');
  let count = 0;
  let chunk = '';
  for (const row of rows) {
    chunk += copyLine(row);
    count += 1;
    if (chunk.length >= CHUNK_CHARACTERS) {
      if (!stream.write(chunk)) await once(stream, 'drain');
      chunk = '';
    }
  }
  stream.end(chunk);
  await done;
  return count;
}

/** One row in COPY's text format: tab-separated, `\N` for NULL, backslash, tab, LF and CR escaped. */
export function copyLine(row: readonly unknown[]): string {
  let line = '';
  for (let index = 0; index < row.length; index += 1) {
    if (index > 0) line += '\t';
    const value = row[index];
    line += value === null || value === undefined ? '\\N' : escapeCopyText(String(value));
  }
  return `${line}\n`;
}

const COPY_SPECIAL = /[\\\t\n\r]/g;
const COPY_ESCAPES: Readonly<Record<string, string>> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

function escapeCopyText(text: string): string {
  return text.replace(COPY_SPECIAL, (character) => COPY_ESCAPES[character]!);
}
