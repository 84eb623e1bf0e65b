import type { IncomingMessage } from 'node:http';

/** Reads until at least `bytes` arrived, then pauses the response (leaving it open). */
export function readAtLeast(response: IncomingMessage, bytes: number): Promise<Buffer[]> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let received = 0;
    const onData = (chunk: Buffer): void => {
      chunks.push(chunk);
      received += chunk.length;
      if (received < bytes) return;
      response.pause();
      response.off('data', onData);
      resolve(chunks);
    };
    response.on('data', onData);
    response.once('error', reject);
  });
}

/** Whether reading the rest of a response fails (the server aborted the connection). */
export function endsBroken(response: IncomingMessage): Promise<boolean> {
  return new Promise((resolve) => {
    response.on('error', () => resolve(true));
    response.on('aborted', () => resolve(true));
    response.on('end', () => resolve(!response.complete));
    response.resume();
  });
}

/**
 * Resolves with the value of `read()` once it has stopped changing between two polls `intervalMs` apart (within
 * `timeoutMs`): e.g. the rows an export has read once backpressure has stalled it.
 */
export async function untilStalled(read: () => number, timeoutMs = 10_000, intervalMs = 300): Promise<number> {
  let last = Number.NaN;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const now = read();
    if (now === last) return now;
    if (Date.now() > deadline) throw new Error(`still changing after ${timeoutMs} ms (last ${last}, now ${now})`);
    last = now;
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
