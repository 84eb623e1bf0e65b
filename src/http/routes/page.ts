import Router from '@koa/router';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ShopzipError } from '../../errors.js';
import { PAGE_CONTENT_SECURITY_POLICY } from '../security-headers.js';

/** Where `npm run build` writes the page (web/build.mjs): `dist/web`, beside `dist/src`. */
export const PAGE_DIRECTORY = fileURLToPath(new URL('../../../web/', import.meta.url));

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

interface PageFile {
  readonly body: Buffer;
  readonly type: string;
  readonly etag: string;
}

/**
 * The web page at `/` and its few files (`/app.js`, `/app.css` ...), read once from `directory` into memory: the
 * built page is a handful of small files, and serving a fixed list leaves no path to traverse. Each answer carries
 * a strong ETag and `Cache-Control: no-cache` (revalidated, so a new build shows at once) and the page's CSP.
 * Without a built page, `/` is a 404 problem that says how to build it.
 */
export function pageRoutes(directory = PAGE_DIRECTORY): Router {
  const files = readPageFiles(directory);
  const router = new Router();
  for (const [name, file] of files) {
    router.get(name === 'index.html' ? '/' : `/${name}`, (context) => {
      context.set({ 'Content-Security-Policy': PAGE_CONTENT_SECURITY_POLICY, 'Cache-Control': 'no-cache', ETag: file.etag });
      context.type = file.type;
      context.status = 200;
      if (context.fresh) {
        context.status = 304;
        return;
      }
      context.body = file.body;
    });
  }
  if (!files.has('index.html')) {
    router.get('/', () => {
      throw new ShopzipError('not_found', 'the web page has not been built: run npm run build');
    });
  }
  return router;
}

function readPageFiles(directory: string): Map<string, PageFile> {
  const files = new Map<string, PageFile>();
  if (!existsSync(directory)) return files;
  for (const name of readdirSync(directory)) {
    const type = CONTENT_TYPES[extname(name)];
    if (type === undefined) continue;
    const body = readFileSync(join(directory, name));
    files.set(name, { body, type, etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"` });
  }
  return files;
}
