import { Readable } from 'node:stream';
import { isRowWait, type Pulled } from '../row-wait.js';
import type { ItemRow, OrderRow } from '../source/rows.js';
import type { Snapshot } from '../source/snapshot.js';
import { createCsvStream } from '../writers/csv.js';
import { createXlsxStream, type XlsxCell, type XlsxWorkbookLayout } from '../writers/xlsx/index.js';
import type { ZipEntry } from '../zip/zip-writer.js';
import { buildManifest, type ManifestEntry } from './manifest.js';
import { Meter } from './meter.js';
import { RowBatch } from './progress.js';
import type { ExportPlan, ShopPlan } from './plan.js';
import { ITEMS_TABLE, ORDERS_TABLE, workbookLayout, type ShopFormat, type Table } from './tables.js';

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
  /**
   * Rows written into entries since the last call, in batches (see `RowBatch`): a workbook's rows as they are
   * handed to it. Only observers that follow an export's progress (a job's) have it.
   */
  rowsWritten?(rows: number): void;
}

export interface EntryOptions {
  readonly signal: AbortSignal;
  readonly deflateLevel: number;
  readonly observer?: EntryObserver;
  /**
   * Where shops' workbooks are written when both formats are asked for: each row read for a CSV is handed to the
   * shop's workbook too, so rows are read once, not twice (an export worker hands them to the main thread, which
   * writes the workbook meanwhile). Without it, the XLSX entry reads its rows itself.
   */
  readonly workbooks?: OpenWorkbook;
}

/**
 * A workbook written from the rows handed to it, sheet after sheet, like `WorkbookSpool`, but elsewhere (another
 * thread), so it may fall behind: a writer waits while {@link ready} returns a promise.
 */
export interface WorkbookWriter {
  /** Adds a row to the current sheet. @throws what made the workbook fail. */
  write(row: readonly XlsxCell[]): void;
  /** Ends the current sheet; after the last, the workbook is complete. */
  endSheet(): void;
  /** Undefined while rows can be written; otherwise a promise to wait for (rejected when the workbook failed). */
  ready(): Promise<void> | undefined;
  /** The complete workbook's bytes; read once. */
  read(): Readable;
  /** Stops the workbook and frees what it holds; safe to call twice, and after it was read. */
  destroy(): void;
}

/** Opens a workbook writer, or returns undefined when none can be had now (the XLSX then reads its own rows). */
export type OpenWorkbook = (layout: XlsxWorkbookLayout) => WorkbookWriter | undefined;

const MANIFEST: EntryInfo = { name: 'manifest.json', shop: null, format: 'json' };

/**
 * The ZIP entries of an export, in order: per shop `orders.csv`, `order_items.csv`, `orders.xlsx`, then
 * `manifest.json` describing every entry. Each entry's rows are read only when the entry is opened.
 */
export function* exportEntries(plan: ExportPlan, snapshot: Snapshot, options: EntryOptions): Generator<ZipEntry, void, undefined> {
  const written: ManifestEntry[] = [];
  let current: { info: EntryInfo; meter: Meter; rows: TableRows } | undefined;
  const rowsWritten = options.observer?.rowsWritten;
  const batch = rowsWritten === undefined ? undefined : new RowBatch((rows) => rowsWritten.call(options.observer, rows));
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
  for (const entry of shopEntries(plan, snapshot, options, batch)) {
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

function* shopEntries(plan: ExportPlan, snapshot: Snapshot, options: EntryOptions, batch: RowBatch | undefined): Generator<ShopEntry> {
  const { signal } = options;
  const csv = plan.request.formats.includes('csv');
  const xlsx = plan.request.formats.includes('xlsx');
  for (const shopPlan of plan.shops) {
    const slug = shopPlan.shop.slug;
    const info = (file: string, format: 'csv' | 'xlsx'): EntryInfo => ({ name: `${slug}/${file}`, shop: slug, format });
    const orders = (): Iterable<Pulled<OrderRow>> => snapshot.orders(shopPlan.filter, signal);
    const items = (): Iterable<Pulled<ItemRow>> => snapshot.items(shopPlan.filter, signal);
    const writer = csv && xlsx ? options.workbooks?.(workbookLayout(shopPlan.format.digits, plan.date, options.deflateLevel)) : undefined;
    const ownRows = (rows: TableRows): Readable => xlsxOf(orders, items, shopPlan, plan, rows, options, batch);
    const workbook = writer === undefined ? undefined : new ShopWorkbook(shopPlan.format, writer, ownRows, batch);
    try {
      if (csv) {
        const ordersRows = workbook === undefined ? orders : () => workbook.tee(orders(), ORDERS_TABLE, 'orders');
        const itemsRows = workbook === undefined ? items : () => workbook.tee(items(), ITEMS_TABLE, 'order_items');
        yield { info: info('orders.csv', 'csv'), open: (rows) => csvOf(ORDERS_TABLE, ordersRows, shopPlan, plan, counter(rows, 'orders', batch), workbook) };
        yield { info: info('order_items.csv', 'csv'), open: (rows) => csvOf(ITEMS_TABLE, itemsRows, shopPlan, plan, counter(rows, 'order_items', batch), workbook) };
      }
      if (workbook !== undefined) yield { info: info('orders.xlsx', 'xlsx'), open: (rows) => workbook.read(rows) };
      else if (xlsx) yield { info: info('orders.xlsx', 'xlsx'), open: ownRows };
    } finally {
      workbook?.destroy();
    }
  }
}

type Counter = { count: () => void; flush: () => void };

/**
 * Counts an entry's rows of one table (into `rows` when flushed: a property write per row cost more than the count),
 * and the export's rows written when a batch is given.
 */
function counter(rows: TableRows, table: string, batch: RowBatch | undefined): Counter {
  let counted = 0;
  rows[table] = 0;
  return {
    count: batch === undefined ? () => { counted += 1; } : () => {
      counted += 1;
      batch.add();
    },
    flush: () => {
      rows[table] = counted;
      batch?.flush();
    },
  };
}

/** The rows mapped and counted; waits pass through (see `RowWait`). */
function* mapRows<Row, Out>(rows: Iterable<Pulled<Row>>, map: (row: Row) => Out, tally: Counter): Generator<Pulled<Out>, void, undefined> {
  try {
    for (const row of rows) {
      if (isRowWait(row)) {
        yield row;
        continue;
      }
      tally.count();
      yield map(row);
    }
  } finally {
    tally.flush();
  }
}

function csvOf<Row>(table: Table<Row>, open: () => Iterable<Pulled<Row>>, shopPlan: ShopPlan, plan: ExportPlan, tally: Counter, workbook?: ShopWorkbook): Readable {
  return createCsvStream({
    header: table.columns.map((column) => column.header),
    bom: plan.request.bom,
    lines: () => mapRows(open(), table.csvLines(shopPlan.format), tally),
    ...(workbook === undefined ? {} : { ready: () => workbook.ready() }),
  });
}

function xlsxOf(orders: () => Iterable<Pulled<OrderRow>>, items: () => Iterable<Pulled<ItemRow>>, shopPlan: ShopPlan, plan: ExportPlan, rows: TableRows, options: EntryOptions, batch: RowBatch | undefined): Readable {
  const { format } = shopPlan;
  const ordersTally = counter(rows, 'orders', batch);
  const itemsTally = counter(rows, 'order_items', batch);
  const layout = workbookLayout(format.digits, plan.date, options.deflateLevel);
  const [ordersSheet, itemsSheet] = layout.sheets;
  return createXlsxStream({
    ...layout,
    sheets: [
      { ...ordersSheet!, rows: () => mapRows(orders(), (row) => ORDERS_TABLE.toXlsx(row, format), ordersTally) },
      { ...itemsSheet!, rows: () => mapRows(items(), (row) => ITEMS_TABLE.toXlsx(row, format), itemsTally) },
    ],
  });
}

/**
 * A shop's `orders.xlsx` when its CSVs come first and a {@link WorkbookWriter} could be opened (with the shop's
 * entries): each row read for a CSV is handed to the workbook too, so every row is read from the database once
 * instead of twice. The CSVs wait when the writer falls behind. If the writer fails while the CSVs stream (say the
 * temporary directory cannot be written), the CSVs go on without it and the XLSX entry reads its rows itself.
 */
class ShopWorkbook {
  #sheetsEnded = 0;
  #writing = true;
  readonly #rows: TableRows = { orders: 0, order_items: 0 };

  constructor(
    private readonly format: ShopFormat,
    private readonly writer: WorkbookWriter,
    private readonly ownRows: (rows: TableRows) => Readable,
    private readonly batch: RowBatch | undefined,
  ) {}

  /**
   * The rows of a table, each handed to the workbook's current sheet on its way (and counted as written, see
   * `RowBatch`); waits pass through; the sheet ends with them.
   */
  *tee<Row>(rows: Iterable<Pulled<Row>>, table: Table<Row>, name: 'orders' | 'order_items'): Generator<Pulled<Row>, void, undefined> {
    let count = 0;
    for (const row of rows) {
      if (isRowWait(row)) {
        yield row;
        continue;
      }
      if (this.#writing) {
        this.#hand(() => this.writer.write(table.toXlsx(row, this.format)));
        this.batch?.add();
      }
      count += 1;
      yield row;
    }
    this.batch?.flush();
    this.#rows[name] = count;
    if (this.#writing) this.#hand(() => this.writer.endSheet());
    this.#sheetsEnded += 1;
  }

  ready(): Promise<void> | undefined {
    return this.#writing ? this.writer.ready()?.catch(() => this.#abandon()) : undefined;
  }

  /** The workbook, once both CSVs have been read; counts its rows in `rows`. */
  read(rows: TableRows): Readable {
    if (this.#sheetsEnded !== 2) throw new Error('orders.xlsx was opened before both CSVs were read');
    if (!this.#writing) return this.ownRows(rows);
    Object.assign(rows, this.#rows);
    return this.writer.read();
  }

  destroy(): void {
    this.writer.destroy();
  }

  #hand(step: () => void): void {
    try {
      step();
    } catch {
      this.#abandon(); // the writer failed: the XLSX will read its own rows
    }
  }

  #abandon(): void {
    this.#writing = false;
    this.writer.destroy();
  }
}

function streamOf(buffer: Buffer): Readable {
  return Readable.from([buffer], { objectMode: false });
}
