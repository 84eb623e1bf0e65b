import Router from '@koa/router';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ShopzipError } from '../../errors.js';
import { PAGE_CONTENT_SECURITY_POLICY } from '../security-headers.js';
import { contentTypeOf, serveStatic, staticFile, type StaticFile } from '../static-files.js';

/** Where `npm run build` writes the page (web/build.mjs): `dist/web`, beside `dist/src`. */
export const PAGE_DIRECTORY = fileURLToPath(new URL('../../../web/', import.meta.url));

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
    serveStatic(router, name === 'index.html' ? '/' : `/${name}`, () => file, { 'Content-Security-Policy': PAGE_CONTENT_SECURITY_POLICY });
  }
  if (!files.has('index.html')) {
    router.get('/', () => {
      throw new ShopzipError('not_found', 'the web page has not been built: run npm run build');
    });
  }
  return router;
}

function readPageFiles(directory: string): Map<string, StaticFile> {
  const files = new Map<string, StaticFile>();
  if (!existsSync(directory)) return files;
  for (const name of readdirSync(directory)) {
    const type = contentTypeOf(name);
    if (type === undefined || !statSync(join(directory, name)).isFile()) continue;
    files.set(name, staticFile(readFileSync(join(directory, name)), type));
  }
  return files;
}
