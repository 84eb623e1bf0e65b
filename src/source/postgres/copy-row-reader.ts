import type pg from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import type { RowWait } from '../../row-wait.js';
import type { RowReader } from '../tracked-rows.js';
import { CopyTextParser, type CopyColumn } from './copy-text-parser.js';

/**
 * Rows parsed ahead of the export: the stream is paused above {@link HIGH_ROWS} and resumed below
 * {@link LOW_ROWS}, so the network and the server work while the export encodes, and memory stays bounded.
 */
const HIGH_ROWS = 2048;
const LOW_ROWS = 512;

/**
 * One `COPY (SELECT ...) TO STDOUT` of a snapshot, parsed as it streams (see `CopyTextParser`), as a
 * {@link RowReader}: `next()` hands out the rows parsed so far and, when there are none, a wait that settles when
 * more have come. While the export does not ask for rows, the copy stream stays paused, node-postgres stops reading
 * the socket, and the server waits to write (`wait_event` `ClientWrite`): backpressure reaches the database.
 */
export class CopyRowReader<Row> implements RowReader<Row> {
  readonly #stream: ReturnType<typeof copyTo>;
  readonly #parser: CopyTextParser<Row>;
  readonly #failure: (error: unknown) => Error;
  #rows: Row[] = [];
  #index = 0;
  #ended = false;
  #closed = false;
  #error: unknown;
  #wait: { promise: RowWait; wake: () => void; since: number } | undefined;
  #waitedMs = 0;

  /** `failure` turns the database's error into the one the export reports. */
  constructor(client: pg.Client, sql: string, columns: readonly CopyColumn[], failure: (error: unknown) => Error) {
    this.#parser = new CopyTextParser<Row>(columns);
    this.#failure = failure;
    this.#stream = client.query(copyTo(`COPY (${sql}) TO STDOUT`));
    this.#stream.on('data', (chunk: Buffer) => this.#take(chunk));
    this.#stream.on('end', () => this.#finish());
    this.#stream.on('error', (error: Error) => this.#fail(error));
  }

  get waitedMs(): number {
    return this.#waitedMs;
  }

  /** Whether the copy still runs on the server: neither ended nor failed (closing the reader does not stop it). */
  get running(): boolean {
    return !this.#ended && this.#error === undefined;
  }

  next(): Row | RowWait | undefined {
    const rows = this.#rows;
    if (this.#index < rows.length) {
      const row = rows[this.#index++] as Row;
      if (rows.length - this.#index === LOW_ROWS && this.#stream.isPaused()) this.#stream.resume();
      return row;
    }
    if (this.#error !== undefined) throw this.#failure(this.#error);
    if (this.#ended || this.#closed) return undefined;
    this.#rows = [];
    this.#index = 0;
    if (this.#stream.isPaused()) this.#stream.resume();
    return this.#waitForRows();
  }

  /**
   * Stops handing out rows. A copy still running goes on paused: whoever owns the connection cancels it (the
   * snapshot, when it closes: an export stops reading early only when it ends).
   */
  close(): void {
    this.#closed = true;
    this.#rows = [];
    this.#index = 0;
    this.#stream.pause();
    this.#wakeUp();
  }

  #take(chunk: Buffer): void {
    if (this.#closed) return;
    if (this.#index > 0 && this.#index >= HIGH_ROWS) {
      this.#rows = this.#rows.slice(this.#index);
      this.#index = 0;
    }
    try {
      this.#parser.parse(chunk, this.#rows);
    } catch (error) {
      this.#fail(error);
      return;
    }
    if (this.#rows.length - this.#index >= HIGH_ROWS) this.#stream.pause();
    this.#wakeUp();
  }

  #finish(): void {
    try {
      this.#parser.end();
      this.#ended = true;
    } catch (error) {
      this.#error = error;
    }
    this.#wakeUp();
  }

  #fail(error: unknown): void {
    this.#error ??= error;
    this.#wakeUp();
  }

  #waitForRows(): RowWait {
    if (this.#wait === undefined) {
      let wake!: () => void;
      const promise = new Promise<void>((resolve) => { wake = resolve; });
      this.#wait = { promise, wake, since: performance.now() };
    }
    return this.#wait.promise;
  }

  #wakeUp(): void {
    const wait = this.#wait;
    if (wait === undefined) return;
    this.#wait = undefined;
    this.#waitedMs += performance.now() - wait.since;
    wait.wake();
  }
}
