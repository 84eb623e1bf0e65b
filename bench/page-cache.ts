import { createReadStream } from 'node:fs';
import { progress } from './progress.js';

/** Reads the files once so that no measurement pays for the first read from disk. */
export async function warmPageCache(paths: readonly string[]): Promise<void> {
  const started = performance.now();
  for (const path of paths) {
    for await (const chunk of createReadStream(path, { highWaterMark: 1024 * 1024 })) void chunk;
  }
  progress(`read the databases into the page cache in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}
