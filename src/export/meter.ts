import { createHash, type Hash } from 'node:crypto';
import { pipeline, Transform, type Readable, type TransformCallback } from 'node:stream';

/**
 * Passes bytes through unchanged while counting them and hashing them with SHA-256, for the manifest.
 */
export class Meter extends Transform {
  #bytes = 0;
  readonly #hash: Hash = createHash('sha256');
  #digest: string | undefined;
  #source: Readable | undefined;

  /** Meters `source`; destroying the meter destroys the source at once (closing whatever it reads). */
  static of(source: Readable): Meter {
    const meter = new Meter();
    meter.#source = source;
    pipeline(source, meter, () => {}); // errors reach the reader of the meter, which pipeline destroys with them
    return meter;
  }

  /** Bytes passed so far. */
  get bytes(): number {
    return this.#bytes;
  }

  /** Hex SHA-256 of everything passed; known once the stream has ended. */
  get sha256(): string | undefined {
    return this.#digest;
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.#bytes += chunk.length;
    this.#hash.update(chunk);
    callback(null, chunk);
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    this.#source?.destroy();
    callback(error);
  }

  override _flush(callback: TransformCallback): void {
    this.#digest = this.#hash.digest('hex');
    callback();
  }
}
