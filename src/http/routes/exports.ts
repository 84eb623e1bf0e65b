import Router from '@koa/router';
import type { Context } from 'koa';
import type { Config } from '../../config.js';
import { startDownload } from '../../export/download.js';
import { parseExportRequest, type RequestOrigin } from '../../export/request.js';
import type { Logger } from '../../log.js';
import type { OrdersSource } from '../../source/orders-source.js';
import { attachment } from '../content-disposition.js';
import { watchDownload } from '../download-outcome.js';
import { readJsonObject } from '../json-body.js';

export interface ExportRouteDependencies {
  readonly config: Config;
  readonly source: OrdersSource;
  readonly logger: Logger;
}

export const EXPORT_PATH = '/v1/exports/orders.zip';

/** `GET` and `POST /v1/exports/orders.zip`: validate and plan, then stream the ZIP. */
export function exportRoutes(dependencies: ExportRouteDependencies): Router {
  const router = new Router();
  router.get(EXPORT_PATH, (context) => handleExport(context, 'query', dependencies));
  router.post(EXPORT_PATH, (context) => handleExport(context, 'body', dependencies));
  return router;
}

async function handleExport(context: Context, origin: RequestOrigin, dependencies: ExportRouteDependencies): Promise<void> {
  const { config, source, logger } = dependencies;
  const raw = origin === 'query' ? context.query : await readJsonObject(context, config.maxBodyBytes);
  const request = parseExportRequest(raw, origin, { maxShops: config.maxShopsPerRequest });
  const started = performance.now();
  const download = startDownload(source, request, { deflateLevel: config.deflateLevel });
  context.status = 200;
  context.type = 'application/zip';
  context.set({
    'Content-Disposition': attachment(download.plan.fileName),
    'Cache-Control': 'no-store',
    'X-Accel-Buffering': 'no',
    'X-Content-Type-Options': 'nosniff',
  });
  context.body = download.stream;
  const log = logger.child({ shops: request.shops.length, formats: request.formats });
  void watchDownload(download.stream, context.res).then(({ outcome, error }) => {
    const fields = { outcome, durationMs: Math.round(performance.now() - started), bytes: (download.stream as unknown as { pointer(): number }).pointer() };
    if (outcome === 'failed') log.error({ ...fields, err: error }, 'export failed mid-stream; connection aborted');
    else log.info(fields, outcome === 'ok' ? 'export finished' : 'export abandoned by the client');
  });
}
