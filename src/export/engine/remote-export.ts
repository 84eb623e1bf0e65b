import { Readable } from 'node:stream';
import type { QueryEnd, SnapshotEvents } from '../../source/snapshot.js';
import type { ZipEntry } from '../../zip/zip-writer.js';
import type { ExportRun, PlannedExport, RunObserver } from '../run.js';
import type { FromWorker, ToWorker } from './protocol.js';
import { fromWire } from './wire-error.js';

/** Chunk requests one entry keeps in flight: enough to keep the worker busy while this thread deflates. */
const READ_AHEAD = 16;

type Pending<T> = { resolve: (value: T) => void; reject: (error: Error) => void };

/**
 * The main thread's side of one export running in a worker: its plan, its entries as an async iterable of
 * streams that pull chunks on demand, and the relay of the worker's cursor events (into `events`) and entry
 * telemetry (into `observer`). Settles once the worker has released the export, or when the worker is lost.
 */
export class RemoteExport implements ExportRun {
  plan: PlannedExport = { fileName: '', date: new Date(0) };
  readonly planned: Promise<this>;
  /** Settles once the worker has released the export (or is lost). */
  readonly done: Promise<void>;
  #done: (() => void) | undefined;
  readonly #send: (message: ToWorker) => void;
  readonly #events: SnapshotEvents;
  readonly #observer: RunObserver | undefined;
  readonly #queries = new Map<number, ((end: QueryEnd) => void) | undefined>();
  #plan: Pending<this> | undefined;
  #next: Pending<IteratorResult<ZipEntry>> | undefined;
  /** What the worker announced before the ZIP asked for it, oldest first: entries (they come unasked), the end, a failure. */
  #announced: Array<{ readonly result: IteratorResult<ZipEntry> } | { readonly error: Error }> = [];
  #entriesAnnounced = 0;
  #entry: RemoteEntryStream | undefined;
  #openCursors = 0;
  #snapshotOpen = true;
  #closed = false;
  #released = false;

  constructor(readonly id: number, send: (message: ToWorker) => void, events: SnapshotEvents, observer: RunObserver | undefined) {
    this.#send = send;
    this.#events = events;
    this.#observer = observer;
    this.planned = new Promise((resolve, reject) => { this.#plan = { resolve, reject }; });
    this.done = new Promise((resolve) => { this.#done = resolve; });
  }

  /** Whether the worker has released the export: it holds nothing more there. */
  get released(): boolean {
    return this.#released;
  }

  readonly entries: AsyncIterable<ZipEntry> = {
    [Symbol.asyncIterator]: () => ({
      next: () => this.#nextEntry(),
      return: () => {
        this.close();
        return Promise.resolve({ done: true, value: undefined });
      },
    }),
  };

  /** Asks the worker to release the export; settles when it has (see {@link done}). */
  close(): Promise<void> {
    if (this.#closed) return this.done;
    this.#closed = true;
    this.#entry?.destroy();
    if (!this.#released) this.#send({ kind: 'close', id: this.id });
    return this.done;
  }

  /** Handles a message of the worker about this export. */
  receive(message: FromWorker): void {
    switch (message.kind) {
      case 'planned':
        this.plan = { fileName: message.fileName, date: new Date(message.dateMs), ...(message.rowsTotal === undefined ? {} : { rowsTotal: message.rowsTotal }) };
        this.#plan?.resolve(this);
        return;
      case 'rejected':
        this.#plan?.reject(fromWire(message.error));
        return;
      case 'entry': {
        if (this.#closed) return; // crossed our close: the worker releases it, nobody will read it
        const number = this.#entriesAnnounced++;
        const entry = new RemoteEntryStream(() => this.#send({ kind: 'read', id: this.id, entry: number }));
        this.#entry = entry;
        // The entry after the one the ZIP is writing starts reading now; one further waits to be opened (so a
        // stalled client never lets the worker run through many small entries).
        if (this.#next === undefined && this.#announced.length === 0) entry.read(0);
        this.#settleNext({ done: false, value: { name: message.name, store: message.store, open: () => entry } });
        return;
      }
      case 'entries-done':
        this.#settleNext({ done: true, value: undefined });
        return;
      case 'chunk':
        this.#entry?.deliver(Buffer.from(message.bytes.buffer, message.bytes.byteOffset, message.bytes.byteLength));
        return;
      case 'entry-end':
        this.#entry?.deliver(null);
        this.#entry = undefined;
        return;
      case 'failed':
        this.#fail(fromWire(message.error));
        return;
      case 'released':
        this.#release();
        return;
      default:
        this.#relay(message);
    }
  }

  /** The worker is gone: fails whatever waits, and settles the counters it can no longer report. */
  lost(error: Error): void {
    this.#fail(error);
    this.#plan?.reject(error);
    for (; this.#openCursors > 0; this.#openCursors -= 1) this.#events.cursorClosed();
    if (this.#snapshotOpen) this.#relay({ kind: 'source', id: this.id, event: 'closed' });
    this.#release();
  }

  #relay(message: FromWorker): void {
    switch (message.kind) {
      case 'source':
        if (message.event === 'cursorOpened') this.#openCursors += 1;
        if (message.event === 'cursorClosed') this.#openCursors -= 1;
        if (message.event === 'closed') this.#snapshotOpen = false;
        this.#events[message.event]();
        return;
      case 'rows-read':
        this.#events.rowsRead(message.count);
        return;
      case 'rows-written':
        this.#observer?.rowsWritten?.(message.count);
        return;
      case 'entry-started':
        this.#observer?.entryStarted(message.info);
        return;
      case 'entry-finished':
        this.#observer?.entryFinished(message.info, { rows: message.rows, bytes: message.bytes });
        return;
      case 'query-started':
        this.#queries.set(message.query, this.#observer?.onQuery?.(message.table, message.system));
        return;
      case 'query-ended': {
        const { error, ...end } = message.end;
        this.#queries.get(message.query)?.({ ...end, ...(error === undefined ? {} : { error: fromWire(error) }) });
        this.#queries.delete(message.query);
        return;
      }
    }
  }

  #nextEntry(): Promise<IteratorResult<ZipEntry>> {
    const early = this.#announced.shift();
    if (early !== undefined) return 'error' in early ? Promise.reject(early.error) : Promise.resolve(early.result);
    if (this.#closed || this.#released) return Promise.resolve({ done: true, value: undefined });
    return new Promise((resolve, reject) => {
      this.#next = { resolve, reject };
    });
  }

  #settleNext(result: IteratorResult<ZipEntry>): void {
    const next = this.#next;
    this.#next = undefined;
    if (next === undefined) this.#announced.push({ result });
    else next.resolve(result);
  }

  #fail(error: Error): void {
    const next = this.#next;
    this.#next = undefined;
    if (next === undefined) this.#announced = [{ error }];
    else next.reject(error);
    this.#entry?.destroy(error);
    this.#entry = undefined;
  }

  #release(): void {
    if (this.#released) return;
    this.#released = true;
    this.#done?.();
    this.#settleNext({ done: true, value: undefined });
    // After our own close() the entry was destroyed already; an entry announced since was not kept (see 'entry').
    this.#entry?.destroy(new Error('the export worker released the export before its entry ended'));
  }
}

/** The bytes of one entry, pulled from the worker in chunks, at most {@link READ_AHEAD} requested ahead. */
class RemoteEntryStream extends Readable {
  #requested = 0;

  constructor(private readonly request: () => void) {
    super({ highWaterMark: 256 * 1024 });
    // The ZIP listens once it opens the entry; an entry announced but never opened fails with its export (whose
    // next entry rejects), so its own error must not be an uncaught exception.
    this.on('error', () => undefined);
  }

  override _read(): void {
    for (; this.#requested < READ_AHEAD; this.#requested += 1) this.request();
  }

  deliver(chunk: Buffer | null): void {
    if (chunk !== null) this.#requested -= 1;
    if (!this.destroyed) this.push(chunk);
  }
}
