import type { ServerResponse } from 'node:http';

/** What {@link watchResponseWrites} reports about a response body. */
export interface ResponseWriteEvents {
  /** The first body byte was handed to the response (its headers go with it). */
  firstByte(): void;
  /** `bytes` of body were handed to the response. */
  bytesSent(bytes: number): void;
  /** The response waited `ms` for the client: from a write the socket did not take until 'drain' (or 'close'). */
  clientWaited(ms: number): void;
}

/**
 * Watches the body writes of a response. A write that returns false means the socket's buffer is full because
 * the client reads slower than we produce; until 'drain' the whole export waits for the client (backpressure
 * stops the archive, the writers and the database cursor).
 * @returns a function to call once the response has closed: it reports a wait still in progress (the client left
 *   while we waited for it). Not a 'close' listener of its own: a download's response has ten already.
 */
export function watchResponseWrites(response: ServerResponse, events: ResponseWriteEvents): () => void {
  const write = response.write;
  let first = true;
  let blockedSince: number | undefined;
  const unblocked = (): void => {
    if (blockedSince === undefined) return;
    events.clientWaited(performance.now() - blockedSince);
    blockedSince = undefined;
  };
  response.on('drain', unblocked);
  response.write = function watchedWrite(this: ServerResponse, chunk: unknown, ...rest: unknown[]): boolean {
    if (first) {
      first = false;
      events.firstByte();
    }
    events.bytesSent(typeof chunk === 'string' ? Buffer.byteLength(chunk) : (chunk as Uint8Array).byteLength);
    const accepted = (write as (...parameters: unknown[]) => boolean).call(this, chunk, ...rest);
    if (!accepted) blockedSince ??= performance.now();
    return accepted;
  } as ServerResponse['write'];
  return unblocked;
}
