import { once } from 'node:events';
import { PassThrough, Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { ZipArchive } from 'archiver';
import Database from 'better-sqlite3';
import { stringify } from 'csv-stringify';
import ExcelJS from 'exceljs';
import { findShops, itemRecords, orderRecords, type ReferenceShop } from './queries.js';
import { ITEM_HEADERS, ITEM_MONEY_COLUMNS, ORDER_DATE_COLUMN, ORDER_HEADERS, ORDER_MONEY_COLUMNS, ShopValues } from './records.js';
import { loadConfig } from '../../src/config.js';

/** The baseline's ZIP entries use shopzip's default deflate level (SHOPZIP_DEFLATE_LEVEL), inside the XLSX too. */
const LEVEL = loadConfig({}).deflateLevel;
const ROWS_BETWEEN_YIELDS = 1_000;

/**
 * The export a developer would write first, with the usual libraries: per shop `orders.csv` and `order_items.csv`
 * through csv-stringify's stream API, `orders.xlsx` through exceljs' streaming WorkbookWriter, all in an archiver
 * ZIP (same layout as shopzip, without the manifest). Entries are written one after the other.
 */
export function baselineExport(databasePath: string, slugs: readonly string[], formats: readonly string[]): Readable {
  const archive = new ZipArchive({ zlib: { level: LEVEL } });
  const database = new Database(databasePath, { readonly: true, fileMustExist: true });
  archive.once('close', () => database.close());
  writeShops(archive, database, findShops(database, slugs), formats).catch((error: unknown) => archive.destroy(error as Error));
  return archive;
}

async function writeShops(archive: ZipArchive, database: Database.Database, shops: ReferenceShop[], formats: readonly string[]): Promise<void> {
  for (const shop of shops) {
    const values = new ShopValues(shop);
    if (formats.includes('csv')) {
      await appendCsv(archive, `${shop.slug}/orders.csv`, ORDER_HEADERS, Readable.from(mapped(orderRecords(database, shop), (order) => values.orderCsv(order))));
      await appendCsv(archive, `${shop.slug}/order_items.csv`, ITEM_HEADERS, Readable.from(mapped(itemRecords(database, shop), (item) => values.itemCsv(item))));
    }
    if (formats.includes('xlsx')) await appendXlsx(archive, `${shop.slug}/orders.xlsx`, database, values);
  }
  await archive.finalize();
}

function* mapped<In, Out>(rows: Iterable<In>, map: (row: In) => Out): Generator<Out> {
  for (const row of rows) yield map(row);
}

async function appendCsv(archive: ZipArchive, name: string, columns: string[], records: Readable): Promise<void> {
  const csv = stringify({ header: true, columns, bom: true, record_delimiter: 'windows' });
  const entered = once(archive, 'entry');
  archive.append(csv, { name });
  await pipeline(records, csv);
  await entered;
}

async function appendXlsx(archive: ZipArchive, name: string, database: Database.Database, values: ShopValues): Promise<void> {
  const output = new PassThrough();
  const entered = once(archive, 'entry');
  archive.append(output, { name, store: true });
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: output, useStyles: true, useSharedStrings: false, zip: { zlib: { level: LEVEL } } });
  const orders = workbook.addWorksheet('Orders');
  orders.columns = ORDER_HEADERS.map((header, index) => ({
    header,
    width: 14,
    style: { numFmt: ORDER_MONEY_COLUMNS.has(index) ? values.moneyFormat : index === ORDER_DATE_COLUMN ? 'yyyy-mm-dd hh:mm:ss' : 'General' },
  }));
  await writeRows(orders, orderRecords(database, values.shop), (order) => values.orderCells(order), output);
  orders.commit();
  const items = workbook.addWorksheet('Items');
  items.columns = ITEM_HEADERS.map((header, index) => ({ header, width: 14, style: { numFmt: ITEM_MONEY_COLUMNS.has(index) ? values.moneyFormat : 'General' } }));
  await writeRows(items, itemRecords(database, values.shop), (item) => values.itemCells(item), output);
  items.commit();
  await workbook.commit();
  await entered;
}

/** Adds and commits the rows, letting the ZIP drain every thousand rows (exceljs itself buffers without limit). */
async function writeRows<Row>(sheet: ExcelJS.Worksheet, rows: Iterable<Row>, cells: (row: Row) => unknown[], output: PassThrough): Promise<void> {
  let count = 0;
  for (const row of rows) {
    sheet.addRow(cells(row)).commit();
    if ((count += 1) % ROWS_BETWEEN_YIELDS === 0) {
      await yieldToEventLoop();
      if (output.writableNeedDrain) await once(output, 'drain');
    }
  }
}
