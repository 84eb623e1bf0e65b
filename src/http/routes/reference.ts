import Router from '@koa/router';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { ShopzipError } from '../../errors.js';
import { openApiDocument } from '../openapi/document.js';
import { DOCS_CONTENT_SECURITY_POLICY } from '../security-headers.js';
import { fileOnFirstRequest, serveStatic, staticFile, type StaticFile } from '../static-files.js';
import { PAGE_DIRECTORY } from './page.js';

export const OPENAPI_PATH = '/openapi.json';

/** Swagger UI's files, from the npm package (no CDN). */
const SWAGGER_UI_DIRECTORY = dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));

let document: StaticFile | undefined;

/** The document as served: made once per process, on its first request. */
function servedDocument(): StaticFile {
  document ??= staticFile(Buffer.from(JSON.stringify(openApiDocument())), 'application/json; charset=utf-8');
  return document;
}

/**
 * `GET /openapi.json`, the OpenAPI document of every route, and `GET /docs`, the API
 * reference rendered from it by Swagger UI: its page and initializer (`web/docs`, built into `dist/web/docs`) and
 * Swagger UI's script and styles (the `swagger-ui-dist` package), read on their first request, served under the
 * reference's own Content-Security-Policy. Without a built page, `/docs` is a 404 problem that says how to build it.
 */
export function referenceRoutes(pageDirectory = PAGE_DIRECTORY): Router {
  const router = new Router();
  serveStatic(router, OPENAPI_PATH, servedDocument);
  const docs = join(pageDirectory, 'docs');
  const policy = { 'Content-Security-Policy': DOCS_CONTENT_SECURITY_POLICY };
  if (!existsSync(join(docs, 'index.html'))) {
    router.get('/docs', () => {
      throw new ShopzipError('not_found', 'the API reference has not been built: run npm run build');
    });
    return router;
  }
  serveStatic(router, '/docs', fileOnFirstRequest(join(docs, 'index.html')), policy);
  serveStatic(router, '/docs/docs.js', fileOnFirstRequest(join(docs, 'docs.js')), policy);
  for (const name of ['swagger-ui.css', 'swagger-ui-bundle.js']) serveStatic(router, `/docs/${name}`, fileOnFirstRequest(join(SWAGGER_UI_DIRECTORY, name)), policy);
  return router;
}
