import { Readable } from 'node:stream';
import { createDeflateRaw } from 'node:zlib';
import Database from 'better-sqlite3';
import { findShops, rawRows, type ReferenceShop } from './baseline/queries.js';

const CHUNK_CHARACTERS = 64 * 1024;
const NEEDS_QUOTES = /[",\r\n]/;

/**
 * The floor of a CSV export: the same rows (per shop in slug order, its orders, then its order lines, in export
 * order) read from SQLite as raw arrays, written as CSV text with no formatting of values, and deflated at level 1.
 * No ZIP, no XLSX, no time zones, no money formatting: what any export must at least spend.
 */
export function floorExport(databasePath: string, slugs: readonly string[]): Readable {
  const database = new Database(databasePath, { readonly: true, fileMustExist: true });
  const text = Readable.from(csvChunks(database, findShops(database, slugs)), { objectMode: false });
  text.once('close', () => database.close());
  const deflate = createDeflateRaw({ level: 1 });
  text.once('error', (error) => deflate.destroy(error));
  deflate.once('close', () => text.destroy());
  return text.pipe(deflate);
}

function* csvChunks(database: Database.Database, shops: readonly ReferenceShop[]): Generator<string> {
  let chunk = '';
  for (const shop of shops) {
    for (const table of ['orders', 'items'] as const) {
      for (const row of rawRows(database, shop, table)) {
        chunk += `${row.map(field).join(',')}\r\n`;
        if (chunk.length >= CHUNK_CHARACTERS) {
          yield chunk;
          chunk = '';
        }
      }
    }
  }
  if (chunk !== '') yield chunk;
}

function field(value: unknown): string {
  if (value === null) return '';
  const text = String(value);
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}
