import type { Context } from 'koa';
import type { Readable } from 'node:stream';
import { attachment } from './content-disposition.js';
import { ifMatch, ifRangeHolds, noneMatch, parseRange } from './byte-range.js';

/** A file to serve: its facts, and its bytes by range. */
export interface ServedFile {
  readonly bytes: number;
  /** Hex SHA-256 of the whole file. */
  readonly sha256: string;
  /** Strong entity tag (see `etagOf`). */
  readonly etag: string;
  readonly lastModified: Date;
  readonly fileName: string;
  open(range?: { readonly start: number; readonly end: number }): Readable;
}

/**
 * Answers a `GET` or `HEAD` of a stored file the way a good static file server does (pillarjs/send): validators
 * (a strong `ETag`, `Last-Modified`) and `Repr-Digest` (RFC 9530) on every answer; `If-Match` /
 * `If-Unmodified-Since` -> 412; `If-None-Match` / `If-Modified-Since` -> 304; a single `Range` -> 206 with
 * `Content-Range` (unless `If-Range` no longer holds: then the whole file, 200); an unsatisfiable one -> 416 with
 * `Content-Range: bytes *\/LEN`. The body streams from the store at constant memory.
 */
export function serveFile(context: Context, file: ServedFile): void {
  context.set({
    'Accept-Ranges': 'bytes',
    ETag: file.etag,
    'Last-Modified': file.lastModified.toUTCString(),
    'Repr-Digest': `sha-256=:${Buffer.from(file.sha256, 'hex').toString('base64')}:`,
    'Cache-Control': 'private, no-cache',
    'X-Content-Type-Options': 'nosniff',
  });
  if (preconditionFailed(context, file)) {
    context.body = null; // no body, no Content-Type: a conditional answer, like 304 (before the status: Koa makes a null body 204)
    context.status = 412;
    return;
  }
  if (notModified(context, file)) {
    context.status = 304;
    return;
  }
  const ifRange = context.get('If-Range');
  const range = ifRange !== '' && !ifRangeHolds(ifRange, file.etag, file.lastModified) ? 'whole' : parseRange(context.get('Range'), file.bytes);
  if (range === 'unsatisfiable') {
    context.body = null;
    context.status = 416;
    context.set('Content-Range', `bytes */${file.bytes}`);
    return;
  }
  context.set('Content-Disposition', attachment(file.fileName));
  context.type = 'application/zip';
  const part = range === 'whole' ? undefined : range;
  context.status = part === undefined ? 200 : 206;
  if (part !== undefined) context.set('Content-Range', `bytes ${part.start}-${part.end}/${file.bytes}`);
  const length = part === undefined ? file.bytes : part.end - part.start + 1;
  if (context.method !== 'HEAD') context.body = file.open(part);
  context.length = length;
}

function preconditionFailed(context: Context, file: ServedFile): boolean {
  const match = context.get('If-Match');
  if (match !== '') return !ifMatch(match, file.etag);
  const since = Date.parse(context.get('If-Unmodified-Since'));
  return !Number.isNaN(since) && Math.floor(file.lastModified.getTime() / 1000) * 1000 > since;
}

function notModified(context: Context, file: ServedFile): boolean {
  const noneMatchHeader = context.get('If-None-Match');
  if (noneMatchHeader !== '') return noneMatch(noneMatchHeader, file.etag);
  const since = Date.parse(context.get('If-Modified-Since'));
  return !Number.isNaN(since) && Math.floor(file.lastModified.getTime() / 1000) * 1000 <= since;
}
