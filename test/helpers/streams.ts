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
