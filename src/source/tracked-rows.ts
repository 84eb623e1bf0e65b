import { isRowWait, type Pulled, type RowWait } from '../row-wait.js';
import type { QueryObserver, SnapshotEvents, SourceSystem } from './snapshot.js';

/** One open cursor of an engine, as {@link trackedRows} pulls it. */
export interface RowReader<Row> {
  /** The next row, a wait (see `RowWait`), or undefined after the last row. @throws the database's error. */
  next(): Pulled<Row> | undefined;
  /** Milliseconds spent waiting for rows outside `next()` (the network), if the engine waits. */
  readonly waitedMs?: number;
  /** Closes the cursor (cancelling its query if it still runs); safe to call twice. */
  close(): void;
}

/** What a snapshot tells the cursors it opens. */
export interface CursorContext {
  readonly system: SourceSystem;
  readonly events: SnapshotEvents;
  readonly onQuery: QueryObserver | undefined;
  /** The snapshot's open cursors, so that closing it closes them. */
  readonly open: Set<Generator<unknown, void, undefined>>;
}

const REPORT_EVERY = 1024;
/**
 * Rows taken from the reader at once, timed together: two clock reads per row cost as much as a tenth of a CSV
 * export's time (`performance.now()` is a call into the runtime).
 */
const READ_AHEAD = 64;

/**
 * The rows of one query, with the bookkeeping every engine shares: the cursor counted open while it is, its rows
 * reported every 1,024 and at the end, its time and failure told to the query's observer, the signal checked between
 * reports. The reader is opened on the first pull and closed in the `finally`; rows are taken from it
 * {@link READ_AHEAD} at a time (fewer when it has to wait).
 */
export function trackedRows<Row>(
  context: CursorContext, table: 'orders' | 'order_items', open: () => RowReader<Row>, signal: AbortSignal,
): Generator<Pulled<Row>, void, undefined> {
  const self: { rows?: Generator<Pulled<Row>, void, undefined> } = {};
  const rows = pull(context, table, open, signal, () => context.open.delete(self.rows!));
  self.rows = rows;
  context.open.add(rows);
  return rows;
}

interface Query {
  rows: number;
  readMs: number;
  error: unknown;
}

/** What ended a {@link take}: the reader's last row, a wait, or its failure (after the rows it gave before). */
const END = Symbol('end');
const FAILED = Symbol('failed');
type Stop = typeof END | typeof FAILED | RowWait | undefined;

function* pull<Row>(
  context: CursorContext, table: 'orders' | 'order_items', open: () => RowReader<Row>, signal: AbortSignal, forget: () => void,
): Generator<Pulled<Row>, void, undefined> {
  signal.throwIfAborted();
  const { events } = context;
  const started = performance.now();
  const query: Query = { rows: 0, readMs: 0, error: undefined };
  let reader: RowReader<Row> | undefined;
  let ended: ((end: { rows: number; readMs: number; error?: unknown }) => void) | undefined;
  let unreported = 0;
  try {
    reader = open();
    events.cursorOpened();
    ended = context.onQuery?.(table, context.system);
    query.readMs = performance.now() - started;
    const taken: Row[] = [];
    for (;;) {
      const stop = take(reader, query, taken);
      for (let index = 0; index < taken.length; index += 1) {
        query.rows += 1;
        if ((unreported += 1) === REPORT_EVERY) {
          events.rowsRead(unreported);
          unreported = 0;
          signal.throwIfAborted();
        }
        yield taken[index]!;
      }
      taken.length = 0;
      if (stop === END) break;
      if (stop === FAILED) throw query.error;
      if (stop !== undefined) yield stop;
    }
  } finally {
    forget();
    if (reader !== undefined) {
      events.rowsRead(unreported);
      reader.close();
      events.cursorClosed();
      const readMs = query.readMs + (reader.waitedMs ?? 0);
      ended?.({ rows: query.rows, readMs, ...(query.error === undefined ? {} : { error: query.error }) });
    }
  }
}

/**
 * Takes up to {@link READ_AHEAD} rows from the reader into `rows`, timing it, and says what stopped it (undefined:
 * the count was reached). The database's failure is remembered for the query's observer.
 */
function take<Row>(reader: RowReader<Row>, query: Query, rows: Row[]): Stop {
  const started = performance.now();
  try {
    while (rows.length < READ_AHEAD) {
      const value = reader.next();
      if (value === undefined) return END;
      if (isRowWait(value)) return value;
      rows.push(value);
    }
    return undefined;
  } catch (error) {
    query.error = error;
    return FAILED;
  } finally {
    query.readMs += performance.now() - started;
  }
}
