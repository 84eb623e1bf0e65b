import { createWriteStream } from 'node:fs';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { NetworkError } from '../client/api-client.js';

/**
 * Writes a response body to `path` (appending when `append`), telling `onBytes` the bytes written so far (counting
 * from `start`). A connection that breaks midway rejects with a {@link NetworkError}; what arrived stays on disk.
 */
export async function writeBody(response: Response, path: string, options: { append: boolean; start: number; onBytes: (done: number) => void }): Promise<number> {
  if (response.body === null) throw new NetworkError(response.url, { cause: new Error('the response has no body') });
  let done = options.start;
  const meter = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      done += chunk.length;
      options.onBytes(done);
      callback(null, chunk);
    },
  });
  const body = Readable.fromWeb(response.body as WebReadableStream<Uint8Array>);
  try {
    await pipeline(body, meter, createWriteStream(path, { flags: options.append ? 'a' : 'w' }));
  } catch (error) {
    // A file that cannot be written is the disk's error (it names its system call); anything else broke the transfer.
    if (typeof (error as { syscall?: unknown }).syscall === 'string') throw error;
    throw new NetworkError(response.url, { cause: error });
  }
  return done;
}
