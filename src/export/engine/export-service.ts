import type { Readable } from 'node:stream';
import type { OrdersSource } from '../../source/orders-source.js';
import type { SnapshotEvents } from '../../source/snapshot.js';
import type { ZipEntry } from '../../zip/zip-writer.js';
import { openExport } from '../local-export.js';
import type { ExportRun, RunObserver } from '../run.js';
import type { FromWorker, ToWorker } from './protocol.js';
import { toWire } from './wire-error.js';
import { WorkbookClient } from './workbook-client.js';

/** Sends a message to the main thread, moving the buffers listed in `transfer`. */
export type Post = (message: FromWorker, transfer?: ArrayBuffer[]) => void;

/**
 * The worker's side of the export protocol (see protocol.ts): runs each export on its own snapshot with
 * {@link openExport}, sends an entry's bytes one chunk per `read`, and relays the snapshot's cursor events and the
 * entries' telemetry. Every export ends with one `released` message once it holds nothing more.
 */
export class ExportService {
  readonly #exports = new Map<number, ServedExport>();
  /** Exports being planned (their snapshot opens asynchronously), and whether a `close` came meanwhile. */
  readonly #starting = new Map<number, { closed: boolean }>();
  readonly #workbooks: WorkbookClient | undefined;

  /**
   * With `workbooks`, shops' workbooks are written by the main thread from the rows their CSVs read (see
   * `EntryOptions.workbooks`), over `workbook` messages; without, each XLSX entry reads its rows again.
   */
  constructor(private readonly source: OrdersSource, private readonly post: Post, options: { readonly workbooks?: boolean } = {}) {
    this.#workbooks = options.workbooks === true ? new WorkbookClient((message) => post({ kind: 'workbook', message })) : undefined;
  }

  /** Exports started and not yet released. */
  get running(): number {
    return this.#exports.size + this.#starting.size;
  }

  handle(message: ToWorker): void {
    if (message.kind === 'workbook') {
      this.#workbooks?.receive(message.message);
      return;
    }
    if (message.kind === 'start') {
      this.#start(message);
      return;
    }
    const starting = this.#starting.get(message.id);
    if (starting !== undefined && message.kind === 'close') starting.closed = true;
    const served = this.#exports.get(message.id);
    if (served === undefined) return; // being planned, or already released: a close that crossed the export's end
    if (message.kind === 'read') served.read(message.entry);
    else served.release();
  }

  #start(message: Extract<ToWorker, { kind: 'start' }>): void {
    const { id } = message;
    const post = this.post;
    const starting = { closed: false };
    this.#starting.set(id, starting);
    const progress = message.progress === true;
    const options = { deflateLevel: message.deflateLevel, visibleShops: message.visibleShops, observer: relayObserver(id, post, progress), progress };
    const workbooks = this.#workbooks;
    openExport(this.source, message.request, options, relayEvents(id, post), workbooks && ((layout) => workbooks.openWorkbook(layout))).then((run: ExportRun) => {
      this.#starting.delete(id);
      const served = new ServedExport(id, run, post, () => this.#exports.delete(id));
      this.#exports.set(id, served);
      const { fileName, date, rowsTotal } = run.plan;
      post({ kind: 'planned', id, fileName, dateMs: date.getTime(), ...(rowsTotal === undefined ? {} : { rowsTotal }) });
      if (starting.closed) served.release();
      else served.next();
    }, (error: unknown) => {
      this.#starting.delete(id);
      post({ kind: 'rejected', id, error: toWire(error) });
      post({ kind: 'released', id });
    });
  }
}

/** One export being served: its entries, the open entry's chunks, reads answered in order. */
class ServedExport {
  readonly #entries: Iterator<ZipEntry> | AsyncIterator<ZipEntry>;
  #stream: Readable | undefined;
  #chunks: AsyncIterator<Buffer> | undefined;
  /** Number of the open entry (0-based); -1 before the first. */
  #entry = -1;
  #queue: Promise<void> = Promise.resolve();
  #released = false;

  constructor(private readonly id: number, private readonly run: ExportRun, private readonly post: Post, private readonly onReleased: () => void) {
    const { entries } = run;
    this.#entries = Symbol.asyncIterator in entries ? entries[Symbol.asyncIterator]() : entries[Symbol.iterator]();
  }

  /** Opens the next entry and announces it (or that there are no more). */
  next(): void {
    this.#enqueue(async () => {
      const next = await this.#entries.next();
      if (next.done === true) {
        // The snapshot's `closed` goes first: by the time the ZIP ends, the main thread counts it closed.
        this.release({ kind: 'entries-done', id: this.id });
        return;
      }
      const stream: Readable = next.value.open();
      this.#stream = stream;
      this.#chunks = stream[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
      this.#entry += 1;
      this.post({ kind: 'entry', id: this.id, name: next.value.name, store: next.value.store });
    });
  }

  read(entry: number): void {
    this.#enqueue(async () => {
      const chunks = this.#chunks;
      if (chunks === undefined || entry !== this.#entry) return; // asked ahead past that entry's end
      const next = await chunks.next();
      if (this.#released) return;
      if (next.done === true) {
        this.#stream = undefined;
        this.#chunks = undefined;
        this.post({ kind: 'entry-end', id: this.id });
        this.next(); // this entry's cursor is closed: the next one may open while the ZIP writes this one
        return;
      }
      const bytes = bytesToMove(next.value);
      this.post({ kind: 'chunk', id: this.id, bytes }, [bytes.buffer as ArrayBuffer]);
    });
  }

  /**
   * Destroys the open entry, waits until it has closed (its cursors reported), closes the run (snapshot), sends
   * `last` if given, then `released`, the export's last message; once.
   */
  release(last?: FromWorker): void {
    if (this.#released) return;
    this.#released = true;
    const stream = this.#stream;
    this.#stream = undefined;
    this.#chunks = undefined;
    const closed = stream === undefined || stream.closed ? Promise.resolve() : new Promise((resolve) => stream.once('close', resolve));
    stream?.destroy();
    void closed.then(() => this.run.close()).then(() => {
      this.onReleased();
      if (last !== undefined) this.post(last);
      this.post({ kind: 'released', id: this.id });
    });
  }

  #enqueue(step: () => Promise<void>): void {
    this.#queue = this.#queue.then(async () => {
      if (this.#released) return;
      try {
        await step();
      } catch (error) {
        if (this.#released) return; // the entry was destroyed by release() itself
        this.post({ kind: 'failed', id: this.id, error: toWire(error) });
        this.release();
      }
    });
  }
}

/** See {@link bytesToMove}. */
const MOVE_WHOLE_BYTES = 64 * 1024;

/**
 * The bytes of a chunk as they are moved to the main thread: its own buffer when it is a large one that it holds
 * whole (a spooled workbook is read 64 KiB at a time, each read a new buffer), else a copy of exactly its bytes (a
 * Buffer may view part of Node's pool, which others still use). Copying the large ones too doubled the garbage of
 * an XLSX entry: the worker's read buffers and the main thread's copies waited, old by then, for a full collection,
 * and the bench's full export peaked at 155 and 164 MB against 143 and 145 MB without the copy, at the same CPU.
 * (Moving every chunk that holds its buffer whole, the small ones too, had cost more in `postMessage` than the copy.)
 */
export function bytesToMove(chunk: Buffer): Uint8Array {
  const whole = chunk.byteOffset === 0 && chunk.byteLength === chunk.buffer.byteLength;
  return whole && chunk.byteLength >= MOVE_WHOLE_BYTES ? new Uint8Array(chunk.buffer) : new Uint8Array(chunk);
}

function relayObserver(id: number, post: Post, progress: boolean): RunObserver {
  let queries = 0;
  return {
    ...(progress ? { rowsWritten: (count: number) => post({ kind: 'rows-written', id, count }) } : {}),
    entryStarted: (info) => post({ kind: 'entry-started', id, info }),
    entryFinished: (info, result) => post({ kind: 'entry-finished', id, info, rows: result.rows, bytes: result.bytes }),
    onQuery: (table, system) => {
      const query = (queries += 1);
      post({ kind: 'query-started', id, query, table, system });
      return ({ error, ...end }) => post({ kind: 'query-ended', id, query, end: { ...end, ...(error === undefined ? {} : { error: toWire(error) }) } });
    },
  };
}

function relayEvents(id: number, post: Post): SnapshotEvents {
  return {
    cursorOpened: () => post({ kind: 'source', id, event: 'cursorOpened' }),
    cursorClosed: () => post({ kind: 'source', id, event: 'cursorClosed' }),
    closed: () => post({ kind: 'source', id, event: 'closed' }),
    rowsRead: (count) => {
      if (count > 0) post({ kind: 'rows-read', id, count });
    },
  };
}
