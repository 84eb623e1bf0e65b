import { Readable } from 'node:stream';
import type { Snapshot } from '../source/snapshot.js';
import { createCsvStream } from '../writers/csv.js';
import { createXlsxStream } from '../writers/xlsx/index.js';
import type { ZipEntry } from '../zip/zip-writer.js';
import { buildManifest, type ManifestEntry } from './manifest.js';
import { Meter } from './meter.js';
import type { ExportPlan, ShopPlan } from './plan.js';
import { ITEMS_TABLE, ORDERS_TABLE, xlsxColumns, type Table } from './tables.js';

/** What an entry is, for the manifest and for telemetry. */
export interface EntryInfo {
  readonly name: string;
  readonly shop: string | null;
  readonly format: 'csv' | 'xlsx' | 'json';
}

/** Row counts of an entry, by table. */
export type TableRows = Record<string, number>;

/** Hooks around each entry, `manifest.json` included; telemetry uses them. */
export interface EntryObserver {
  entryStarted(info: EntryInfo): void;
  entryFinished(info: EntryInfo, result: { rows: TableRows; bytes: number }): void;
}

export interface EntryOptions {
  readonly signal: AbortSignal;
  readonly deflateLevel: number;
  readonly observer?: EntryObserver;
}

const MANIFEST: EntryInfo = { name: 'manifest.json', shop: null, format: 'json' };

/**
 * The ZIP entries of an export, in order: per shop `orders.csv`, `order_items.csv`, `orders.xlsx`, then
 * `manifest.json` describing every entry. Each entry's rows are read only when the entry is opened.
 */
export function* exportEntries(plan: ExportPlan, snapshot: Snapshot, options: EntryOptions): Generator<ZipEntry, void, undefined> {
  const written: ManifestEntry[] = [];
  let current: { info: EntryInfo; meter: Meter; rows: TableRows } | undefined;
  const open = (entry: ShopEntry): Meter => {
    options.observer?.entryStarted(entry.info);
    const rows: TableRows = {};
    current = { info: entry.info, meter: Meter.of(entry.open(rows)), rows };
    return current.meter;
  };
  const finish = (): ManifestEntry | undefined => {
    if (current === undefined) return undefined;
    const { info, meter, rows } = current;
    current = undefined;
    options.observer?.entryFinished(info, { rows, bytes: meter.bytes });
    return { ...info, rows, bytes: meter.bytes, sha256: meter.sha256 ?? '' };
  };
  for (const entry of shopEntries(plan, snapshot, options)) {
    yield { name: entry.info.name, store: entry.info.format === 'xlsx', open: () => open(entry) };
    const done = finish();
    if (done !== undefined) written.push(done);
  }
  const manifest = Buffer.from(buildManifest(plan.request, written), 'utf8');
  yield { name: MANIFEST.name, store: false, open: () => open({ info: MANIFEST, open: () => streamOf(manifest) }) };
  finish();
}

interface ShopEntry {
  readonly info: EntryInfo;
  open(rows: TableRows): Readable;
}

function* shopEntries(plan: ExportPlan, snapshot: Snapshot, options: EntryOptions): Generator<ShopEntry> {
  const { signal } = options;
  for (const shopPlan of plan.shops) {
    const slug = shopPlan.shop.slug;
    const info = (file: string, format: 'csv' | 'xlsx'): EntryInfo => ({ name: `${slug}/${file}`, shop: slug, format });
    if (plan.request.formats.includes('csv')) {
      yield { info: info('orders.csv', 'csv'), open: (rows) => csvOf(ORDERS_TABLE, () => snapshot.orders(shopPlan.filter, signal), shopPlan, plan, counter(rows, 'orders')) };
      yield { info: info('order_items.csv', 'csv'), open: (rows) => csvOf(ITEMS_TABLE, () => snapshot.items(shopPlan.filter, signal), shopPlan, plan, counter(rows, 'order_items')) };
    }
    if (plan.request.formats.includes('xlsx')) {
      yield { info: info('orders.xlsx', 'xlsx'), open: (rows) => xlsxOf(snapshot, shopPlan, plan, rows, options) };
    }
  }
}

type Counter = { count: () => void };

function counter(rows: TableRows, table: string): Counter {
  rows[table] = 0;
  return { count: () => { rows[table] = (rows[table] ?? 0) + 1; } };
}

function* mapRows<Row, Out>(rows: Iterable<Row>, map: (row: Row) => Out, tally: Counter): Generator<Out, void, undefined> {
  for (const row of rows) {
    tally.count();
    yield map(row);
  }
}

function csvOf<Row>(table: Table<Row>, open: () => Iterable<Row>, shopPlan: ShopPlan, plan: ExportPlan, tally: Counter): Readable {
  return createCsvStream({
    header: table.columns.map((column) => column.header),
    bom: plan.request.bom,
    rows: () => mapRows(open(), (row) => table.toCsv(row, shopPlan.format), tally),
  });
}

function xlsxOf(snapshot: Snapshot, shopPlan: ShopPlan, plan: ExportPlan, rows: TableRows, options: EntryOptions): Readable {
  const { format, filter } = shopPlan;
  const orders = counter(rows, 'orders');
  const items = counter(rows, 'order_items');
  return createXlsxStream({
    date: plan.date,
    compressionLevel: options.deflateLevel,
    sheets: [
      { name: 'Orders', columns: xlsxColumns(ORDERS_TABLE, format.digits), rows: () => mapRows(snapshot.orders(filter, options.signal), (row) => ORDERS_TABLE.toXlsx(row, format), orders) },
      { name: 'Items', columns: xlsxColumns(ITEMS_TABLE, format.digits), rows: () => mapRows(snapshot.items(filter, options.signal), (row) => ITEMS_TABLE.toXlsx(row, format), items) },
    ],
  });
}

function streamOf(buffer: Buffer): Readable {
  return Readable.from([buffer], { objectMode: false });
}
