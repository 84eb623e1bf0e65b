import type Router from '@koa/router';
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';

/** A file served from memory, with its type and strong ETag. */
export interface StaticFile {
  readonly body: Buffer;
  readonly type: string;
  readonly etag: string;
}

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

/** The content type of a file name, if it is one shopzip serves. */
export function contentTypeOf(name: string): string | undefined {
  return CONTENT_TYPES[extname(name)];
}

/** A file's bytes as served: its type, and a strong ETag from its SHA-256. */
export function staticFile(body: Buffer, type: string): StaticFile {
  return { body, type, etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"` };
}

/** A file read from disk on its first request, then kept (for files few requests need, like the API reference's). */
export function fileOnFirstRequest(path: string): () => Promise<StaticFile> {
  let file: Promise<StaticFile> | undefined;
  return () => {
    file ??= readFile(path).then((body) => staticFile(body, contentTypeOf(path) ?? 'application/octet-stream'));
    return file;
  };
}

/**
 * Serves `GET path` with the file: a strong ETag, `Cache-Control: no-cache` (revalidated, so a new build shows at
 * once), `304` when `If-None-Match` holds, and the extra `headers` (a Content-Security-Policy) on every answer.
 */
export function serveStatic(router: Router, path: string, file: () => StaticFile | Promise<StaticFile>, headers: Readonly<Record<string, string>> = {}): void {
  router.get(path, async (context) => {
    const { body, type, etag } = await file();
    context.set({ ...headers, 'Cache-Control': 'no-cache', ETag: etag });
    context.type = type;
    context.status = 200;
    if (context.fresh) {
      context.status = 304;
      return;
    }
    context.body = body;
  });
}
