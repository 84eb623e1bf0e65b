import { open } from 'node:fs/promises';
import { NetworkError } from '../client/api-client.js';

/**
 * Writes a response body to `path` (appending when `append`), telling `onBytes` the bytes on disk so far (counting
 * from `start`). Each chunk is written before the next is read, so when the connection breaks midway every byte
 * that arrived is on disk for a resume; the break rejects with a {@link NetworkError}, a disk error as itself.
 * @returns the bytes on disk, counting from `start`.
 */
export async function writeBody(response: Response, path: string, options: { append: boolean; start: number; onBytes: (done: number) => void }): Promise<number> {
  if (response.body === null) throw new NetworkError(response.url, { cause: new Error('the response has no body') });
  const file = await open(path, options.append ? 'a' : 'w');
  let done = options.start;
  try {
    const reader = response.body.getReader();
    for (;;) {
      let next: Awaited<ReturnType<typeof reader.read>>;
      try {
        next = await reader.read();
      } catch (error) {
        throw new NetworkError(response.url, { cause: error });
      }
      if (next.done) return done;
      await file.write(next.value);
      done += next.value.length;
      options.onBytes(done);
    }
  } finally {
    await file.close();
  }
}
