import type pg from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import type { RowWait } from '../../row-wait.js';
import type { RowReader } from '../tracked-rows.js';
import { CopyBinaryParser, type CopyColumn } from './copy-binary-parser.js';

/**
 * COPY data read ahead of the export: the stream is paused above {@link HIGH_BYTES} and resumed below
 * {@link LOW_BYTES}, so the network and the server work while the export encodes, and memory stays bounded.
 */
const HIGH_BYTES = 256 * 1024;
const LOW_BYTES = 64 * 1024;

/**
 * One `COPY (SELECT ...) TO STDOUT WITH (FORMAT binary)` of a snapshot as a {@link RowReader}: `next()` parses the
 * next row from the bytes read so far (see `CopyBinaryParser`) and, when they hold no complete row, hands out a wait
 * that settles when more have come. While the export does not ask for rows, the copy stream stays paused,
 * node-postgres stops reading the socket, and the server waits to write (`wait_event` `ClientWrite`): backpressure
 * reaches the database.
 */
export class CopyRowReader<Row> implements RowReader<Row> {
  readonly #stream: ReturnType<typeof copyTo>;
  readonly #parser: CopyBinaryParser<Row>;
  readonly #failure: (error: unknown) => Error;
  #ended = false;
  #closed = false;
  #error: unknown;
  #wait: { promise: RowWait; wake: () => void; since: number } | undefined;
  #waitedMs = 0;

  /** `failure` turns the database's error into the one the export reports. */
  constructor(client: pg.Client, sql: string, columns: readonly CopyColumn[], failure: (error: unknown) => Error) {
    this.#parser = new CopyBinaryParser<Row>(columns);
    this.#failure = failure;
    this.#stream = client.query(copyTo(`COPY (${sql}) TO STDOUT WITH (FORMAT binary)`));
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
    if (this.#closed) return undefined;
    let row: Row | undefined;
    try {
      row = this.#parser.next();
    } catch (error) {
      this.#fail(error);
    }
    if (row !== undefined) {
      if (this.#stream.isPaused() && this.#parser.bufferedBytes < LOW_BYTES) this.#stream.resume();
      return row;
    }
    if (this.#error !== undefined) throw this.#failure(this.#error);
    if (this.#ended) {
      this.#end();
      return undefined;
    }
    if (this.#stream.isPaused()) this.#stream.resume();
    return this.#waitForRows();
  }

  /**
   * Stops handing out rows. A copy still running goes on paused: whoever owns the connection cancels it (the
   * snapshot, when it closes: an export stops reading early only when it ends).
   */
  close(): void {
    this.#closed = true;
    this.#stream.pause();
    this.#wakeUp();
  }

  #take(chunk: Buffer): void {
    if (this.#closed) return;
    this.#parser.push(chunk);
    if (this.#parser.bufferedBytes >= HIGH_BYTES) this.#stream.pause();
    this.#wakeUp();
  }

  #finish(): void {
    this.#ended = true;
    this.#wakeUp();
  }

  /** After the last row: checks that the data ended with its trailer. */
  #end(): void {
    try {
      this.#parser.end();
    } catch (error) {
      this.#fail(error);
      throw this.#failure(error);
    }
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
