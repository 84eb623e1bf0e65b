import Database from 'better-sqlite3';
import { ShopzipError } from '../errors.js';
import { Snapshot, type QueryObserver, type SnapshotEvents } from './snapshot.js';

/**
 * SQLite's page cache per snapshot, in KiB. better-sqlite3 builds SQLite with 16 MiB, which every concurrent export
 * would fill: each query reads its rows once, in index order, so only the B-trees' inner pages are read again, and
 * they fit in 2 MiB; the operating system's file cache keeps the rest. Reading all orders and lines of 20 shops of
 * the 1M-order benchmark database took the same time with 2 MiB as with 16 MiB, and 15 MB less memory.
 */
const SNAPSHOT_CACHE_KIB = 2048;

/**
 * The orders database, opened read-only. Every export reads from its own {@link Snapshot}: one connection and
 * one read transaction, so the whole ZIP reflects the database at one moment while writers go on.
 */
export class OrdersSource {
  #openCursors = 0;
  #openSnapshots = 0;
  #cursorsOpened = 0;
  #rowsRead = 0;

  constructor(readonly path: string) {}

  /** Database cursors (running SELECTs) open right now, across all exports. */
  get openCursors(): number {
    return this.#openCursors;
  }

  /** Cursors opened since start. */
  get cursorsOpened(): number {
    return this.#cursorsOpened;
  }

  /** Rows read from the database since start. */
  get rowsRead(): number {
    return this.#rowsRead;
  }

  /** Snapshots (connections) open right now. */
  get openSnapshots(): number {
    return this.#openSnapshots;
  }

  /**
   * Counts one more open snapshot and returns the events that keep this source's counters for it: used by
   * {@link openSnapshot}, and by whoever relays the events of a snapshot opened elsewhere (an export worker).
   */
  trackSnapshot(): SnapshotEvents {
    this.#openSnapshots += 1;
    return {
      cursorOpened: () => { this.#openCursors += 1; this.#cursorsOpened += 1; },
      rowsRead: (count) => { this.#rowsRead += count; },
      cursorClosed: () => { this.#openCursors -= 1; },
      closed: () => { this.#openSnapshots -= 1; },
    };
  }

  /**
   * Opens a connection and starts its read transaction; `onQuery` (optional) hears of each query it runs, and
   * `events` of its cursors (this source's counters unless given; `closed` is called when opening fails too).
   * @throws {ShopzipError} `source_unavailable` when the file is missing, unreadable or not an orders database.
   */
  openSnapshot(onQuery?: QueryObserver, events?: SnapshotEvents): Snapshot {
    const tracked = events ?? this.trackSnapshot();
    let connection: Database.Database | undefined;
    try {
      connection = new Database(this.path, { readonly: true, fileMustExist: true });
      connection.pragma(`cache_size = -${SNAPSHOT_CACHE_KIB}`);
      return new Snapshot(connection, tracked, onQuery);
    } catch (error) {
      connection?.close();
      tracked.closed();
      throw new ShopzipError('source_unavailable', 'the orders database cannot be opened; try again later', {}, { cause: error });
    }
  }

  /** Whether a snapshot can be opened now (for readiness checks). */
  isReadable(): boolean {
    try {
      this.openSnapshot().close();
      return true;
    } catch {
      return false;
    }
  }
}
