import { openSync } from 'node:fs';
import { Readable } from 'node:stream';
import type { XlsxCell, XlsxWorkbookLayout } from '../../writers/xlsx/index.js';
import { spooledFile } from '../../writers/xlsx/workbook-spool.js';
import type { WorkbookWriter } from '../entries.js';
import type { FromWorkbook, ToWorkbook } from './protocol.js';
import { fromWire } from './wire-error.js';

/** Rows sent to the workbook writer in one message. */
const BATCH_ROWS = 64;
/**
 * Batches of a workbook sent and not yet written before its export is asked to wait: enough to keep the workbook
 * writer busy while the next ones are read, few enough that the main thread is never more than a few milliseconds
 * of rows behind (it writes one workbook per worker, see below), and that both heaps stay small.
 */
const BATCHES_IN_FLIGHT = 16;
/**
 * Workbooks the main thread writes at once for one export worker. The main thread keeps HTTP and the ZIPs of every
 * download: with many exports running, new ones get their first byte sooner if it writes none of their workbooks.
 * One is what the second core is for, an export that runs alone; the exports beyond it read their rows again for
 * the XLSX, in the worker. (16 concurrent exports, p95 time to first byte in four runs each: 58-133 ms with one,
 * 72-177 ms with no limit, 63-107 ms before the main thread wrote any.)
 */
const MAX_OPEN_WORKBOOKS = 1;

/**
 * The export worker's side of the workbook protocol (see protocol.ts): the rows an export reads for a shop's CSVs
 * are sent, in batches of cells, to the thread that writes workbooks (the main thread, see `WorkbookService`),
 * which writes them as worksheet XML, deflates and spools the workbook to an unlinked temporary file, and says
 * where it is when the export reaches the shop's `orders.xlsx`. The two threads work at once, and each row is read
 * from the database once, by the export that holds the cursor.
 */
export class WorkbookClient {
  readonly #workbooks = new Map<number, RemoteWorkbook>();
  #nextId = 1;

  /** `send` delivers a message to the workbook writer, whose answers go to {@link receive}. */
  constructor(private readonly send: (message: ToWorkbook) => void) {}

  /** Workbooks open now (not yet handed over, failed or destroyed). */
  get open(): number {
    return this.#workbooks.size;
  }

  /** Opens a workbook with the writer, or returns undefined when it writes as many as it should already. */
  openWorkbook(layout: XlsxWorkbookLayout): WorkbookWriter | undefined {
    if (this.#workbooks.size >= MAX_OPEN_WORKBOOKS) return undefined;
    const id = this.#nextId++;
    const workbook = new RemoteWorkbook(id, this.send, () => this.#workbooks.delete(id));
    this.#workbooks.set(id, workbook);
    this.send({ kind: 'open', id, layout });
    return workbook;
  }

  receive(message: FromWorkbook): void {
    const workbook = this.#workbooks.get(message.id);
    if (workbook !== undefined) workbook.receive(message);
    else if (message.kind === 'spooled') this.send({ kind: 'destroy', id: message.id }); // destroyed meanwhile: free it
  }
}

interface Deferred<T> {
  readonly promise: Promise<T>;
  resolve(value: T): void;
  reject(error: Error): void;
}

function deferred<T>(): Deferred<T> {
  let resolve!: (value: T) => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<T>((done, fail) => {
    resolve = done;
    reject = fail;
  });
  promise.catch(() => undefined); // whoever waits sees the rejection; nobody waiting is no error
  return { promise, resolve, reject };
}

/** A workbook in the workbook thread, as the export that writes it sees it. */
class RemoteWorkbook implements WorkbookWriter {
  #batch: (readonly XlsxCell[])[] = [];
  /** Batches sent and not yet answered. */
  #inFlight = 0;
  /** Resolved (and cleared) when fewer than {@link BATCHES_IN_FLIGHT} are, or when the workbook ends. */
  #drained: Deferred<void> | undefined;
  #file: Deferred<number> | undefined;
  #error: Error | undefined;
  #ended = false;

  constructor(private readonly id: number, private readonly post: (message: ToWorkbook) => void, private readonly forget: () => void) {}

  write(row: readonly XlsxCell[]): void {
    if (this.#error !== undefined) throw this.#error;
    this.#batch.push(row);
    if (this.#batch.length === BATCH_ROWS) this.#send();
  }

  endSheet(): void {
    if (this.#error !== undefined) throw this.#error;
    this.#send();
    this.post({ kind: 'end-sheet', id: this.id });
  }

  ready(): Promise<void> | undefined {
    if (this.#error !== undefined) return Promise.reject(this.#error);
    return this.#drained?.promise;
  }

  read(): Readable {
    const file = (this.#file ??= deferred());
    if (this.#error === undefined) this.post({ kind: 'take', id: this.id });
    else file.reject(this.#error);
    return Readable.from(readBack(file.promise), { objectMode: false });
  }

  destroy(): void {
    if (this.#ended) return;
    this.#fail(new Error('the workbook was destroyed'));
    this.post({ kind: 'destroy', id: this.id });
  }

  receive(message: FromWorkbook): void {
    if (this.#ended) return;
    if (message.kind === 'written') {
      if ((this.#inFlight -= 1) < BATCHES_IN_FLIGHT) this.#releaseWriter();
    } else if (message.kind === 'spooled') {
      this.#end();
      try {
        this.#file?.resolve(openSync(`/dev/fd/${message.fd}`, 'r'));
      } catch (error) {
        this.#file?.reject(error as Error);
      } finally {
        this.post({ kind: 'destroy', id: this.id });
      }
    } else {
      this.#fail(fromWire(message.error));
    }
  }

  #send(): void {
    if (this.#batch.length === 0) return;
    this.post({ kind: 'rows', id: this.id, rows: this.#batch });
    this.#batch = [];
    if ((this.#inFlight += 1) >= BATCHES_IN_FLIGHT) this.#drained ??= deferred();
  }

  /** Ends the workbook with `error`: whoever waits to read sees it, and a writer at its next `ready()`. */
  #fail(error: Error): void {
    this.#end();
    this.#error = error;
    this.#file?.reject(error);
  }

  #end(): void {
    this.#ended = true;
    this.forget();
    this.#releaseWriter(); // a workbook that failed or was destroyed is answered no more; its next ready() says why
  }

  #releaseWriter(): void {
    const drained = this.#drained;
    this.#drained = undefined;
    drained?.resolve();
  }
}

async function* readBack(file: Promise<number>): AsyncGenerator<Buffer> {
  yield* spooledFile(await file) as AsyncIterable<Buffer>;
}
