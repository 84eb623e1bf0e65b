import type { SourceSpec } from './open-source.js';
import type { QueryObserver, Snapshot, SnapshotEvents, SourceSystem } from './snapshot.js';

/**
 * The orders database shopzip reads, whatever its engine (see `sqlite/` and `postgres/`, and `openOrdersSource`).
 * Every export reads from its own {@link Snapshot}: one connection and one read transaction.
 */
export interface OrdersSource {
  /** The engine, for telemetry (`db.system.name`). */
  readonly system: SourceSystem;
  /** How to open this source again in another thread (see `openOrdersSource`). */
  readonly spec: SourceSpec;
  /** What to tell an operator about the source: a path, or a URL without its password. */
  readonly description: string;
  /**
   * How many snapshots may be open at once (one connection each), and how long an export may wait for one; null
   * when there is no limit.
   */
  readonly connectionLimit: { readonly connections: number; readonly waitMs: number } | null;
  /** The counters of this source's snapshots, and of snapshots opened elsewhere that report to it. */
  readonly counters: SourceCounters;
  /**
   * Opens a connection and starts its read transaction; `onQuery` (optional) hears of each query it runs, and
   * `events` of its cursors (this source's counters unless given; `closed` is called when opening fails too).
   * @throws {ShopzipError} `source_unavailable` when the database cannot be reached or does not match the schema.
   */
  openSnapshot(onQuery?: QueryObserver, events?: SnapshotEvents): Promise<Snapshot>;
  /** Whether a connection can be had now (for readiness checks); never throws. */
  isReadable(): Promise<boolean>;
  /** Releases what the source holds between snapshots; snapshots still open are not closed. */
  close(): Promise<void>;
}

/** Counts a source's snapshots, cursors and rows, for tests and health checks. */
export class SourceCounters {
  #openCursors = 0;
  #openSnapshots = 0;
  #cursorsOpened = 0;
  #rowsRead = 0;

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
   * Counts one more open snapshot and returns the events that keep these counters for it: used when a snapshot
   * opens, and by whoever relays the events of a snapshot opened elsewhere (an export worker).
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
}
