import { Readable } from 'node:stream';
import type { ItemRow, OrderRow } from '../source/rows.js';
import type { Snapshot } from '../source/snapshot.js';
import { createCsvStream } from '../writers/csv.js';
import { createXlsxStream, type XlsxWorkbookLayout } from '../writers/xlsx/index.js';
import { WorkbookSpool } from '../writers/xlsx/workbook-spool.js';
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
 * `manifest.json` describing every entry. Each entry's rows are read only when the entry is opened, and each row
 * once: with both formats, a shop's workbook is written from the rows its CSVs read (see {@link ShopWorkbook}).
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
  const csv = plan.request.formats.includes('csv');
  const xlsx = plan.request.formats.includes('xlsx');
  for (const shopPlan of plan.shops) {
    const slug = shopPlan.shop.slug;
    const info = (file: string, format: 'csv' | 'xlsx'): EntryInfo => ({ name: `${slug}/${file}`, shop: slug, format });
    const orders = (): Iterable<OrderRow> => snapshot.orders(shopPlan.filter, signal);
    const items = (): Iterable<ItemRow> => snapshot.items(shopPlan.filter, signal);
    if (!csv) {
      yield { info: info('orders.xlsx', 'xlsx'), open: (rows) => xlsxOf(orders, items, shopPlan, plan, rows, options) };
      continue;
    }
    const workbook = xlsx ? new ShopWorkbook(shopPlan, plan, options) : undefined;
    try {
      const ordersRows = workbook === undefined ? orders : () => workbook.tee(orders(), ORDERS_TABLE, 'orders');
      const itemsRows = workbook === undefined ? items : () => workbook.tee(items(), ITEMS_TABLE, 'order_items');
      yield { info: info('orders.csv', 'csv'), open: (rows) => csvOf(ORDERS_TABLE, ordersRows, shopPlan, plan, counter(rows, 'orders'), workbook) };
      yield { info: info('order_items.csv', 'csv'), open: (rows) => csvOf(ITEMS_TABLE, itemsRows, shopPlan, plan, counter(rows, 'order_items'), workbook) };
      if (workbook !== undefined) yield { info: info('orders.xlsx', 'xlsx'), open: (rows) => workbook.read(rows) };
    } finally {
      workbook?.destroy();
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

function csvOf<Row>(table: Table<Row>, open: () => Iterable<Row>, shopPlan: ShopPlan, plan: ExportPlan, tally: Counter, workbook?: ShopWorkbook): Readable {
  return createCsvStream({
    header: table.columns.map((column) => column.header),
    bom: plan.request.bom,
    rows: () => mapRows(open(), (row) => table.toCsv(row, shopPlan.format), tally),
    ...(workbook === undefined ? {} : { ready: () => workbook.ready() }),
  });
}

function xlsxOf(orders: () => Iterable<OrderRow>, items: () => Iterable<ItemRow>, shopPlan: ShopPlan, plan: ExportPlan, rows: TableRows, options: EntryOptions): Readable {
  const { format } = shopPlan;
  const ordersTally = counter(rows, 'orders');
  const itemsTally = counter(rows, 'order_items');
  return createXlsxStream({
    ...workbookLayout(shopPlan, plan, options),
    sheets: [
      { ...ORDERS_SHEET, columns: xlsxColumns(ORDERS_TABLE, format.digits), rows: () => mapRows(orders(), (row) => ORDERS_TABLE.toXlsx(row, format), ordersTally) },
      { ...ITEMS_SHEET, columns: xlsxColumns(ITEMS_TABLE, format.digits), rows: () => mapRows(items(), (row) => ITEMS_TABLE.toXlsx(row, format), itemsTally) },
    ],
  });
}

const ORDERS_SHEET = { name: 'Orders' } as const;
const ITEMS_SHEET = { name: 'Items' } as const;

function workbookLayout(shopPlan: ShopPlan, plan: ExportPlan, options: EntryOptions): XlsxWorkbookLayout {
  const { digits } = shopPlan.format;
  return {
    date: plan.date,
    compressionLevel: options.deflateLevel,
    sheets: [{ ...ORDERS_SHEET, columns: xlsxColumns(ORDERS_TABLE, digits) }, { ...ITEMS_SHEET, columns: xlsxColumns(ITEMS_TABLE, digits) }],
  };
}

/**
 * A shop's `orders.xlsx` when its CSVs come first: each row read for a CSV is also written to the workbook, spooled
 * to a temporary file until its entry is read, so every row is read from the database once instead of twice. The
 * spool is created when the first CSV is opened; the CSVs wait when it falls behind.
 */
class ShopWorkbook {
  #spool: WorkbookSpool | undefined;
  #sheetsEnded = 0;
  readonly #rows: TableRows = { orders: 0, order_items: 0 };

  constructor(private readonly shopPlan: ShopPlan, private readonly plan: ExportPlan, private readonly options: EntryOptions) {}

  /** The rows of `table`, each written to the workbook's next sheet on its way. */
  *tee<Row>(rows: Iterable<Row>, table: Table<Row>, name: string): Generator<Row, void, undefined> {
    const spool = (this.#spool ??= new WorkbookSpool(workbookLayout(this.shopPlan, this.plan, this.options)));
    const { format } = this.shopPlan;
    let count = 0;
    for (const row of rows) {
      spool.write(table.toXlsx(row, format));
      count += 1;
      yield row;
    }
    this.#rows[name] = count;
    spool.endSheet();
    this.#sheetsEnded += 1;
  }

  ready(): Promise<void> | undefined {
    return this.#spool?.ready();
  }

  /** The workbook, once both CSVs have been read; counts its rows in `rows`. */
  read(rows: TableRows): Readable {
    if (this.#spool === undefined || this.#sheetsEnded !== 2) throw new Error('orders.xlsx was opened before both CSVs were read');
    Object.assign(rows, this.#rows);
    return this.#spool.read();
  }

  destroy(): void {
    this.#spool?.destroy();
  }
}

function streamOf(buffer: Buffer): Readable {
  return Readable.from([buffer], { objectMode: false });
}
