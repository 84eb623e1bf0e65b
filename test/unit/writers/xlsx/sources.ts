import type { XlsxCell, XlsxColumn, XlsxSheetSource } from '../../../../src/writers/xlsx/index.js';

/** Timestamp given to every package part in these tests. */
export const PACKAGE_DATE = new Date('2024-05-06T07:08:09Z');

/** Columns of a small orders sheet: one of each kind. */
export const ORDER_COLUMNS: readonly XlsxColumn[] = [
  { header: 'Order', kind: 'integer', width: 10 },
  { header: 'Total', kind: 'decimal', decimals: 2, width: 12 },
  { header: 'Placed at', kind: 'datetime', width: 20 },
  { header: 'Customer', kind: 'text', width: 30 },
];

/** What the writer did with a tracked source. */
export interface SourceCalls {
  rows: number;
  pulls: number;
  returns: number;
}

export interface TrackedSource extends XlsxSheetSource {
  readonly calls: SourceCalls;
}

export interface TrackedSourceOptions {
  readonly name: string;
  readonly columns: readonly XlsxColumn[];
  readonly rowCount: number;
  readonly row: (index: number) => readonly XlsxCell[];
  /** `next()` throws this error instead of returning the row of index `failAt`. */
  readonly failAt?: number;
  readonly failure?: Error;
}

/** A sheet source whose iterator (a plain object, like a database cursor) counts `rows()`, pulls and `return()`s. */
export function trackedSource(options: TrackedSourceOptions): TrackedSource {
  const calls: SourceCalls = { rows: 0, pulls: 0, returns: 0 };
  const rows = (): Iterator<readonly XlsxCell[]> => {
    calls.rows++;
    let index = 0;
    return {
      next: () => {
        calls.pulls++;
        if (index === options.failAt) {
          throw options.failure ?? new Error('cursor failed');
        }
        return index < options.rowCount ? { done: false, value: options.row(index++) } : { done: true, value: undefined };
      },
      return: () => {
        calls.returns++;
        return { done: true, value: undefined };
      },
    };
  };
  return { name: options.name, columns: options.columns, rows, calls };
}

/** A row of {@link ORDER_COLUMNS} whose text varies (so it does not compress to nothing). */
export function orderRow(index: number): readonly XlsxCell[] {
  const customer = `Customer ${((index * 2_654_435_761) >>> 0).toString(36)} ${index}`;
  return [index + 1, `${index % 1000}.${String(index % 100).padStart(2, '0')}`, Date.UTC(2024, 0, 1) + index * 61_001, customer];
}

/** A sheet source of `rows` literal rows. */
export function arraySource(name: string, columns: readonly XlsxColumn[], rows: readonly (readonly XlsxCell[])[]): XlsxSheetSource {
  return { name, columns, rows: () => rows[Symbol.iterator]() };
}

export { collect, failureOf, pause, readAtLeast } from '../../../helpers/readable.js';
