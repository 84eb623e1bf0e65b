import { ShopzipError } from '../errors.js';
import type { ExportRequest } from './request.js';
import type { Exporter, ExportRun, RunOptions } from './run.js';

/**
 * An exporter that runs at most `limit` exports at once, whoever starts them (downloads and export jobs): each
 * export holds one connection of a source that limits them (PostgreSQL's `SHOPZIP_SOURCE_POOL_MAX`) from its start
 * until its run is closed. The main thread knows every export, so the limit lives here rather than in the workers,
 * which open the connections. An export that finds none free waits its turn, in order, for at most `waitMs`.
 */
export class ConnectionLimitedExporter implements Exporter {
  readonly #waiting: Array<() => void> = [];
  #running = 0;

  constructor(private readonly inner: Exporter, private readonly limit: number, private readonly waitMs: number) {}

  /** @throws {ShopzipError} `source_unavailable` when no connection is free within `waitMs`; else as the inner exporter. */
  async start(request: ExportRequest, options: RunOptions): Promise<ExportRun> {
    await this.#acquire();
    let run: ExportRun;
    try {
      run = await this.inner.start(request, options);
    } catch (error) {
      this.#release();
      throw error;
    }
    let released = false;
    const close = async (): Promise<void> => {
      await run.close();
      if (released) return;
      released = true;
      this.#release();
    };
    return { plan: run.plan, entries: run.entries, close };
  }

  close(): Promise<void> {
    return this.inner.close();
  }

  #acquire(): Promise<void> {
    if (this.#running < this.limit) {
      this.#running += 1;
      return Promise.resolve();
    }
    return new Promise((resolve, reject) => {
      const turn = (): void => {
        clearTimeout(timer);
        this.#running += 1;
        resolve();
      };
      const timer = setTimeout(() => {
        this.#waiting.splice(this.#waiting.indexOf(turn), 1);
        reject(new ShopzipError('source_unavailable', 'every connection to the orders database is in use; try again later', { retryAfterSeconds: 5 }));
      }, this.waitMs);
      this.#waiting.push(turn);
    });
  }

  #release(): void {
    this.#running -= 1;
    this.#waiting.shift()?.();
  }
}
