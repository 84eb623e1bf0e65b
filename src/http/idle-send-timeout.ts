import type { ServerResponse } from 'node:http';

/**
 * Aborts a download whose client has taken nothing for `timeoutMs`: the response waits for a drain and the
 * socket has not accepted a byte since the last check. A server that is itself slow to produce bytes is not idle.
 * @returns a function that stops watching.
 */
export function watchIdleSend(response: ServerResponse, timeoutMs: number, onIdle: () => void): () => void {
  const interval = Math.max(25, Math.min(1000, Math.floor(timeoutMs / 4)));
  let lastBytes = -1;
  let idleSince: number | null = null;
  const timer = setInterval(() => {
    const bytes = response.socket?.bytesWritten ?? 0;
    const waiting = response.writableNeedDrain && bytes === lastBytes;
    lastBytes = bytes;
    if (!waiting) {
      idleSince = null;
      return;
    }
    idleSince ??= performance.now() - interval;
    if (performance.now() - idleSince >= timeoutMs) {
      stop();
      onIdle();
    }
  }, interval);
  timer.unref();
  const stop = (): void => clearInterval(timer);
  response.once('close', stop);
  return stop;
}
