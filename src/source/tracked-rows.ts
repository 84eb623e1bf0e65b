import { isRowWait, type Pulled } from '../row-wait.js';
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
 * The rows of one query, with the bookkeeping every engine shares: the cursor counted open while it is, its rows
 * reported every 1,024 and at the end, its time and failure told to the query's observer, the signal checked between
 * reports. The reader is opened on the first pull and closed in the `finally`.
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
    for (let value = step(reader, query); value !== undefined; value = step(reader, query)) {
      if (isRowWait(value)) {
        yield value;
        continue;
      }
      query.rows += 1;
      if ((unreported += 1) === REPORT_EVERY) {
        events.rowsRead(unreported);
        unreported = 0;
        signal.throwIfAborted();
      }
      yield value;
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

/** The reader's next row or wait, timing it and remembering the database's failure for the query's observer. */
function step<Row>(reader: RowReader<Row>, query: Query): Pulled<Row> | undefined {
  const started = performance.now();
  try {
    return reader.next();
  } catch (error) {
    query.error = error;
    throw error;
  } finally {
    query.readMs += performance.now() - started;
  }
}
