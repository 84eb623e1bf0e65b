import type { ErrorCode, ErrorDetails } from '../../errors.js';
import type { QueryEnd, SourceSystem } from '../../source/snapshot.js';
import type { XlsxCell, XlsxWorkbookLayout } from '../../writers/xlsx/index.js';
import type { EntryInfo, TableRows } from '../entries.js';
import type { ExportRequest } from '../request.js';

/**
 * Messages between the main thread and an export worker. Every message names its export by `id`; a worker runs
 * any number of exports, each on its own snapshot, and the main thread pulls their bytes one chunk at a time.
 */
export type ToWorker =
  /**
   * Open a snapshot and plan; answered with `planned` or `rejected`. The worker then opens the first entry and
   * announces it with `entry`, and each next one as soon as the previous has ended (`entry-end`), unasked, so
   * that an entry's first bytes are on their way while the ZIP still writes the previous one; after the last,
   * `entries-done`.
   */
  | {
    readonly kind: 'start'; readonly id: number; readonly request: ExportRequest; readonly deflateLevel: number;
    readonly visibleShops: readonly string[] | null;
    /** See `RunOptions.progress`: `planned` then carries `rowsTotal`, and `rows-written` messages come. */
    readonly progress?: boolean;
  }
  /**
   * Send one more chunk of entry number `entry` (0-based); answered with `chunk`, `entry-end` or `failed`. A read
   * of an entry that has ended (the main thread reads ahead) is ignored.
   */
  | { readonly kind: 'read'; readonly id: number; readonly entry: number }
  /** Release everything the export holds; answered with `released` (after its last `source` events). */
  | { readonly kind: 'close'; readonly id: number }
  /** An answer of the main thread's workbook writer (see {@link FromWorkbook}). */
  | { readonly kind: 'workbook'; readonly message: FromWorkbook };

/** An error as it crosses the thread boundary: a ShopzipError keeps its code and details. */
export interface WireError {
  readonly name: string;
  readonly message: string;
  readonly stack?: string;
  readonly code?: ErrorCode;
  readonly details?: ErrorDetails;
  /** The message of the error's cause, if it had one. */
  readonly cause?: string;
}

export type SourceEvent = 'cursorOpened' | 'cursorClosed' | 'closed';

export type FromWorker =
  | { readonly kind: 'planned'; readonly id: number; readonly fileName: string; readonly dateMs: number; readonly rowsTotal?: number }
  | { readonly kind: 'rejected'; readonly id: number; readonly error: WireError }
  | { readonly kind: 'entry'; readonly id: number; readonly name: string; readonly store: boolean }
  | { readonly kind: 'entries-done'; readonly id: number }
  | { readonly kind: 'chunk'; readonly id: number; readonly bytes: Uint8Array }
  | { readonly kind: 'entry-end'; readonly id: number }
  | { readonly kind: 'failed'; readonly id: number; readonly error: WireError }
  | { readonly kind: 'source'; readonly id: number; readonly event: SourceEvent }
  /** The export holds nothing more in the worker; its last message. */
  | { readonly kind: 'released'; readonly id: number }
  | { readonly kind: 'rows-read'; readonly id: number; readonly count: number }
  /** Rows written into entries (see `EntryObserver.rowsWritten`); only when the start asked for progress. */
  | { readonly kind: 'rows-written'; readonly id: number; readonly count: number }
  | { readonly kind: 'entry-started'; readonly id: number; readonly info: EntryInfo }
  | { readonly kind: 'entry-finished'; readonly id: number; readonly info: EntryInfo; readonly rows: TableRows; readonly bytes: number }
  | { readonly kind: 'query-started'; readonly id: number; readonly query: number; readonly table: 'orders' | 'order_items'; readonly system: SourceSystem }
  | { readonly kind: 'query-ended'; readonly id: number; readonly query: number; readonly end: WireQueryEnd }
  /** A message for the main thread's workbook writer (see {@link ToWorkbook}). */
  | { readonly kind: 'workbook'; readonly message: ToWorkbook };

export interface WireQueryEnd extends Omit<QueryEnd, 'error'> {
  readonly error?: WireError;
}

/**
 * Messages from an export worker to the workbook writer on the main thread, which writes shops' workbooks from the
 * rows the exports' CSVs read (as cells) and spools each to an unlinked temporary file. Every message names its
 * workbook by `id` (unique per export worker).
 */
export type ToWorkbook =
  | { readonly kind: 'open'; readonly id: number; readonly layout: XlsxWorkbookLayout }
  /** Rows for the current sheet; answered with `written` once they are and the workbook can take more. */
  | { readonly kind: 'rows'; readonly id: number; readonly rows: readonly (readonly XlsxCell[])[] }
  | { readonly kind: 'end-sheet'; readonly id: number }
  /** Say where the complete workbook's file is: answered with `spooled` or `failed`. */
  | { readonly kind: 'take'; readonly id: number }
  /** Stop and free the workbook (its file too, once the export has opened it); not answered. */
  | { readonly kind: 'destroy'; readonly id: number };

export type FromWorkbook =
  | { readonly kind: 'written'; readonly id: number }
  /**
   * The workbook's file, unlinked and open as descriptor `fd` (a descriptor is the process's): the export worker
   * opens it anew as `/dev/fd/<fd>`, then sends `destroy`, so that each thread closes only what it opened (Node
   * closes a worker's files when it exits). Its last message.
   */
  | { readonly kind: 'spooled'; readonly id: number; readonly fd: number }
  /** Its last message. */
  | { readonly kind: 'failed'; readonly id: number; readonly error: WireError };
