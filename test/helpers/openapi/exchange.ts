import type { IncomingMessage, OutgoingHttpHeaders, Server, ServerResponse } from 'node:http';

/** One request and the response the app gave it, as the server sent it. */
export interface Exchange {
  readonly method: string;
  /** The request target: path and query. */
  readonly url: string;
  readonly status: number;
  /** Response headers, names in lower case. */
  readonly headers: Readonly<Record<string, string>>;
  /** The body bytes sent; for a body that is not text (a ZIP), or one too large to keep, only its length. */
  readonly body: Buffer | null;
  readonly bodyLength: number;
  /** Whether the response was sent to its end (not aborted mid-way, by either side). */
  readonly complete: boolean;
}

const KEPT_TYPES = /^(application\/(json|problem\+json|openmetrics-text)|text\/(event-stream|plain))\b/;
const KEEP_AT_MOST = 8 * 1024 * 1024;

/**
 * Calls `record` with every exchange the server answers, once its response has closed: its own listener runs before
 * the app's, and taps the response's head and body (text bodies are kept, others counted).
 */
export function recordExchanges(server: Server, record: (exchange: Exchange) => void): void {
  server.prependListener('request', (request: IncomingMessage, response: ServerResponse) => tap(request, response, record));
}

function tap(request: IncomingMessage, response: ServerResponse, record: (exchange: Exchange) => void): void {
  const { method = 'GET', url = '/' } = request;
  const chunks: Buffer[] = [];
  let length = 0;
  let keep: boolean | undefined;
  let headHeaders: OutgoingHttpHeaders = {};
  const sent = (chunk: unknown, encoding: unknown): void => {
    if (chunk === undefined || chunk === null || typeof chunk === 'function') return;
    const bytes = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string, typeof encoding === 'string' ? encoding as BufferEncoding : 'utf8');
    keep ??= KEPT_TYPES.test(String(response.getHeader('content-type') ?? headHeaders['content-type'] ?? ''));
    length += bytes.length;
    if (keep && length <= KEEP_AT_MOST) chunks.push(bytes);
  };
  const { writeHead, write, end } = response;
  response.writeHead = function writeHeadRecorded(this: ServerResponse, ...args: unknown[]) {
    const given = args.find((arg) => typeof arg === 'object' && arg !== null && !Array.isArray(arg)) as OutgoingHttpHeaders | undefined;
    if (given !== undefined) headHeaders = Object.fromEntries(Object.entries(given).map(([name, value]) => [name.toLowerCase(), value]));
    return (writeHead as (...parameters: unknown[]) => ServerResponse).apply(this, args);
  } as typeof response.writeHead;
  response.write = function writeRecorded(this: ServerResponse, chunk: unknown, ...rest: unknown[]) {
    sent(chunk, rest[0]);
    return (write as (...parameters: unknown[]) => boolean).call(this, chunk, ...rest);
  } as typeof response.write;
  response.end = function endRecorded(this: ServerResponse, chunk?: unknown, ...rest: unknown[]) {
    sent(chunk, rest[0]);
    return (end as (...parameters: unknown[]) => ServerResponse).call(this, chunk, ...rest);
  } as typeof response.end;
  response.once('close', () => {
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries({ ...headHeaders, ...response.getHeaders() })) {
      if (value !== undefined) headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
    }
    record({
      method, url, status: response.statusCode, headers, bodyLength: length,
      body: keep === true && length <= KEEP_AT_MOST ? Buffer.concat(chunks) : keep === undefined ? Buffer.alloc(0) : null,
      complete: response.writableFinished,
    });
  });
}
