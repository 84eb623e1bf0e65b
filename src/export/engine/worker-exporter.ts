import { Worker } from 'node:worker_threads';
import type { OrdersSource } from '../../source/orders-source.js';
import type { ExportRequest } from '../request.js';
import type { Exporter, ExportRun, RunOptions } from '../run.js';
import type { FromWorker, ToWorker } from './protocol.js';
import { RemoteExport } from './remote-export.js';
import { WorkbookService } from './workbook-service.js';

export interface WorkerExporterOptions {
  /** Worker threads; they start with the first export. */
  readonly workers: number;
  /** The worker's entry module; `export-worker.js` beside this file unless given (tests give a failing one). */
  readonly workerUrl?: URL;
}

interface ExportWorker {
  readonly thread: Worker;
  readonly exports: Map<number, RemoteExport>;
  /** Writes the workbooks of this worker's exports. */
  readonly workbooks: WorkbookService;
}

const WORKER_URL = new URL('./export-worker.js', import.meta.url);
/**
 * How long closing waits for the workers to release their exports before it stops them: a PostgreSQL export
 * cancels its query on the server and closes its connection as it is released.
 */
const RELEASE_WAIT_MS = 1000;

/**
 * Runs exports in worker threads, so that reading the database and encoding CSV use other cores than the main
 * thread, which keeps HTTP, the ZIP and telemetry, and writes the workbooks: when an export has both formats, its
 * worker sends each row it reads for a shop's CSVs here too, as cells, and this thread writes the shop's
 * `orders.xlsx` meanwhile (see `WorkbookService`), so each row is read once and two cores share the work. An export
 * goes to the worker running the fewest. A worker that dies fails its exports (their connections are aborted) and
 * is replaced with the next export.
 */
export class WorkerExporter implements Exporter {
  readonly #workers: ExportWorker[] = [];
  #nextId = 1;
  #closed = false;

  constructor(private readonly source: OrdersSource, private readonly options: WorkerExporterOptions) {
    if (!Number.isInteger(options.workers) || options.workers < 1) throw new RangeError(`workers must be a positive integer, got ${options.workers}`);
  }

  /** Worker threads running now. */
  get threads(): number {
    return this.#workers.length;
  }

  async start(request: ExportRequest, options: RunOptions): Promise<ExportRun> {
    if (this.#closed) throw new Error('the exporter is closed');
    const worker = this.#pick();
    const id = this.#nextId++;
    const remote = new RemoteExport(id, (message) => worker.thread.postMessage(message), this.source.counters.trackSnapshot(), options.observer);
    worker.exports.set(id, remote);
    worker.thread.postMessage({ kind: 'start', id, request, deflateLevel: options.deflateLevel, visibleShops: options.visibleShops, progress: options.progress === true });
    return remote.planned;
  }

  /** Closes the exports still running, waits (at most a second) until their workers released them, stops the workers. */
  async close(): Promise<void> {
    this.#closed = true;
    const running = this.#workers.flatMap((worker) => [...worker.exports.values()]);
    for (const remote of running) remote.close();
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<void>((resolve) => { timer = setTimeout(resolve, RELEASE_WAIT_MS); });
    await Promise.race([Promise.all(running.map((remote) => remote.done)), timeout]);
    clearTimeout(timer);
    await Promise.all(this.#workers.map((worker) => worker.thread.terminate()));
  }

  /**
   * The worker with the fewest exports. Every worker starts with the first export (and again after one died), so
   * that a burst of exports later finds them ready rather than waiting for a thread to load.
   */
  #pick(): ExportWorker {
    while (this.#workers.length < this.options.workers) this.#spawn();
    return this.#workers.reduce((least, worker) => (worker.exports.size < least.exports.size ? worker : least));
  }

  #spawn(): void {
    const thread = new Worker(this.options.workerUrl ?? WORKER_URL, {
      workerData: { source: this.source.spec },
      // Not the parent's --import (the tracing preload): spans are made on the main thread from relayed events.
      execArgv: process.execArgv.filter((flag) => flag === '--enable-source-maps' || flag.startsWith('--cpu-prof')),
    });
    thread.unref();
    const workbooks = new WorkbookService((message) => thread.postMessage({ kind: 'workbook', message } satisfies ToWorker));
    const worker: ExportWorker = { thread, exports: new Map(), workbooks };
    this.#workers.push(worker);
    thread.on('message', (message: FromWorker) => {
      if (message.kind === 'workbook') {
        workbooks.handle(message.message);
        return;
      }
      const remote = worker.exports.get(message.id);
      remote?.receive(message);
      if (remote?.released === true) worker.exports.delete(message.id);
    });
    const lose = (error: Error): void => {
      const index = this.#workers.indexOf(worker);
      if (index >= 0) this.#workers.splice(index, 1);
      for (const remote of worker.exports.values()) remote.lost(error);
      worker.exports.clear();
      workbooks.close();
    };
    thread.on('error', lose);
    thread.on('exit', (code) => lose(new Error(`export worker exited with code ${code}`)));
  }
}
