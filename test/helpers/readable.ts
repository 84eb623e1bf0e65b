import { once } from 'node:events';
import { Readable } from 'node:stream';

/** Reads a stream to its end. */
export async function collect(stream: Readable): Promise<Buffer> {
  const chunks = (await stream.toArray()) as Buffer[];
  return Buffer.concat(chunks);
}

/** Reads until at least `bytes` have arrived, then stops reading (the stream is left paused). */
export async function readAtLeast(stream: Readable, bytes: number): Promise<void> {
  let received = 0;
  while (received < bytes) {
    const chunk = stream.read() as Buffer | null;
    if (chunk === null) {
      await once(stream, 'readable');
    } else {
      received += chunk.length;
    }
  }
}

/** Reads a stream that must fail, and returns its error. */
export async function failureOf(stream: Readable): Promise<unknown> {
  try {
    await collect(stream);
  } catch (error) {
    return error;
  }
  throw new Error('expected the stream to fail');
}

/** Resolves after pending I/O and timers have had `milliseconds` to run. */
export function pause(milliseconds: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, milliseconds));
}

/** `bytes` as a stream of chunks of the given sizes, in turn. */
export function chunked(bytes: Buffer, sizes: readonly number[]): Readable {
  function* chunks(): Generator<Buffer> {
    for (let at = 0, turn = 0; at < bytes.length; turn++) {
      const size = sizes[turn % sizes.length] ?? 1;
      yield bytes.subarray(at, at + size);
      at += size;
    }
  }
  return Readable.from(chunks(), { objectMode: false });
}
