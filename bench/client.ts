import { request, type IncomingMessage } from 'node:http';

/** One download as the client saw it. */
export interface DownloadResult {
  readonly bytes: number;
  /** From sending the request to the first body byte. */
  readonly ttfbMs: number;
  /** From sending the request to the end of the body (or to the abort). */
  readonly wallMs: number;
  /** Whether the body ended with a ZIP end-of-central-directory record. */
  readonly endsLikeZip: boolean;
  readonly aborted: boolean;
}

export interface DownloadOptions {
  readonly headers?: Readonly<Record<string, string>>;
  /** Read no faster than this (pausing the socket, so TCP pushes back on the server). */
  readonly bytesPerSecond?: number;
  /** Stop reading and close the connection when this aborts; the result then says `aborted`. */
  readonly signal?: AbortSignal;
}

const END_OF_CENTRAL_DIRECTORY = Buffer.from([0x50, 0x4b, 0x05, 0x06]);
const TAIL_BYTES = 64 * 1024;

/**
 * GETs `url` on a fresh connection and discards the body, timing the first byte and the end.
 * @throws Error on a status other than 200 (with the problem document) or when the connection fails mid-body.
 */
export function download(url: string, options: DownloadOptions = {}): Promise<DownloadResult> {
  return new Promise((resolve, reject) => {
    const sent = performance.now();
    const outgoing = request(url, { agent: false, headers: options.headers ?? {} }, (response) => {
      if (response.statusCode !== 200) {
        rejectWithBody(response, url, reject);
        return;
      }
      let bytes = 0;
      let firstByte: number | undefined;
      let tail: Buffer = Buffer.alloc(0);
      const throttle = options.bytesPerSecond === undefined ? undefined : throttler(response, options.bytesPerSecond);
      const result = (aborted: boolean): DownloadResult => ({
        bytes,
        ttfbMs: (firstByte ?? performance.now()) - sent,
        wallMs: performance.now() - sent,
        endsLikeZip: tail.subarray(-TAIL_BYTES).includes(END_OF_CENTRAL_DIRECTORY),
        aborted,
      });
      response.on('data', (chunk: Buffer) => {
        firstByte ??= performance.now();
        bytes += chunk.length;
        tail = chunk.length >= TAIL_BYTES ? chunk : Buffer.concat([tail.subarray(-TAIL_BYTES), chunk]);
        throttle?.(bytes);
      });
      response.once('end', () => resolve(result(false)));
      response.once('error', reject);
      response.once('aborted', () => reject(new Error(`${url}: the server aborted the body after ${bytes} bytes`)));
      options.signal?.addEventListener('abort', () => {
        resolve(result(true));
        outgoing.destroy();
      }, { once: true });
    });
    outgoing.once('error', (error) => {
      if (options.signal?.aborted !== true) reject(error);
    });
    outgoing.end();
  });
}

/** Pauses the response whenever more than `bytesPerSecond` times the elapsed seconds has been read. */
function throttler(response: IncomingMessage, bytesPerSecond: number): (bytesSoFar: number) => void {
  const started = performance.now();
  return (bytesSoFar) => {
    const aheadMs = (bytesSoFar / bytesPerSecond) * 1000 - (performance.now() - started);
    if (aheadMs <= 0) return;
    response.pause();
    setTimeout(() => response.resume(), aheadMs);
  };
}

function rejectWithBody(response: IncomingMessage, url: string, reject: (error: Error) => void): void {
  let body = '';
  response.setEncoding('utf8');
  response.on('data', (text: string) => { body += text; });
  response.once('end', () => reject(new Error(`${url}: HTTP ${response.statusCode}: ${body.slice(0, 500)}`)));
}
