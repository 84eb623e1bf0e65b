/**
 * Rows may not be at hand when asked for: a PostgreSQL cursor waits for the network, SQLite never does. A row
 * iterator of shopzip then yields a {@link RowWait} instead of a row: a promise that settles once asking again may
 * give a row (or the end, or the reader's error). Whoever pulls rows in batches ends its batch there and awaits
 * it before pulling again, so waiting costs a promise per buffer of rows, not per row, and a source that always has
 * its rows at hand (SQLite) pays one `instanceof` per row.
 */
export type RowWait = Promise<void>;

/** What a row iterator yields: a row, or a {@link RowWait}. */
export type Pulled<Row> = Row | RowWait;

/** Rows, pulled one by one, with waits between them (see {@link RowWait}). */
export type RowIterator<Row> = Iterator<Pulled<Row>, void, undefined>;

/** Whether a pulled value is a wait rather than a row (rows are never promises). */
export function isRowWait(value: unknown): value is RowWait {
  return value instanceof Promise;
}
