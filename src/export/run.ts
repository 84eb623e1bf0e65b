import type { ZipEntry } from '../zip/zip-writer.js';
import type { EntryObserver } from './entries.js';
import type { ExportRequest } from './request.js';
import type { QueryObserver } from '../source/snapshot.js';

/** What the response needs to know of a planned export before its first byte. */
export interface PlannedExport {
  /** Suggested file name of the download (ASCII). */
  readonly fileName: string;
  /** The timestamp of every ZIP entry. */
  readonly date: Date;
  /** The rows the export will write (see `rowsTotalOf`), counted in its snapshot when `RunOptions.progress` asks. */
  readonly rowsTotal?: number;
}

/** Hooks around the entries and database queries of an export, for telemetry. */
export interface RunObserver extends EntryObserver {
  readonly onQuery?: QueryObserver;
}

export interface RunOptions {
  readonly deflateLevel: number;
  /** Slugs the caller may see (others are answered like shops that do not exist); every slug when null. */
  readonly visibleShops: readonly string[] | null;
  readonly observer?: RunObserver;
  /**
   * Follow the export's progress, as a job does: count the rows it will write in its snapshot when it is planned
   * (`PlannedExport.rowsTotal`), and report rows as they are written (`RunObserver.rowsWritten`). A download does
   * not pay for either.
   */
  readonly progress?: boolean;
}

/**
 * A planned export whose entries are read as the ZIP asks for them. `close()` releases what it holds (the open
 * entry, its cursor, the snapshot); it is safe to call twice and after the entries have ended, and settles (never
 * rejects) once the snapshot's connection is released.
 */
export interface ExportRun {
  readonly plan: PlannedExport;
  readonly entries: AsyncIterable<ZipEntry> | Iterable<ZipEntry>;
  close(): Promise<void>;
}

/** Plans and runs exports: in this thread, or in worker threads. */
export interface Exporter {
  /**
   * Opens a snapshot of the source and plans the export in it (all validation happens here, before any byte).
   * @throws {ShopzipError} `source_unavailable` or `unknown_shops`, before anything is streamed.
   */
  start(request: ExportRequest, options: RunOptions): Promise<ExportRun>;
  /** Stops what the exporter runs on (worker threads); exports still running fail. */
  close(): Promise<void>;
}
