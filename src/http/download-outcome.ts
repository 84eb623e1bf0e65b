import type { ServerResponse } from 'node:http';
import type { Readable } from 'node:stream';

/** How a download ended: every byte sent, the client went away, or the server failed mid-stream. */
export type DownloadOutcome = 'ok' | 'client_aborted' | 'failed';

export interface DownloadEnd {
  readonly outcome: DownloadOutcome;
  /** The server-side failure, when `failed`. */
  readonly error?: Error;
}

const CLIENT_GONE = new Set(['ERR_STREAM_PREMATURE_CLOSE', 'ECONNRESET', 'EPIPE', 'ABORT_ERR']);

/**
 * Resolves when the response closes, with how the download ended. A failure of the body stream after the
 * first byte makes Koa's pipeline destroy the response, so the client sees a broken transfer.
 */
export function watchDownload(body: Readable, response: ServerResponse): Promise<DownloadEnd> {
  let failure: Error | undefined;
  body.on('error', (error: Error & { code?: string }) => {
    if (!CLIENT_GONE.has(error.code ?? '')) failure ??= error;
  });
  return new Promise((resolve) => {
    response.once('close', () => {
      // Let a body error emitted in the same turn be seen before deciding.
      setImmediate(() => {
        if (failure !== undefined) resolve({ outcome: 'failed', error: failure });
        else resolve({ outcome: response.writableFinished ? 'ok' : 'client_aborted' });
      });
    });
  });
}

/** Whether an error only says that the client went away. */
export function isClientGone(error: unknown): boolean {
  return CLIENT_GONE.has((error as { code?: string } | null)?.code ?? '');
}
