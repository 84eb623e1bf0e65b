import Router from '@koa/router';
import type { Context } from 'koa';
import type { Config } from '../../config.js';
import { startDownload } from '../../export/download.js';
import { parseExportRequest, type RequestOrigin } from '../../export/request.js';
import type { Logger } from '../../log.js';
import type { Exporter } from '../../export/run.js';
import { readableShops, type TokenStore } from '../../auth/token-store.js';
import { authenticate, principalOf } from '../authenticate.js';
import { attachment } from '../content-disposition.js';
import type { DownloadSlots } from '../download-slots.js';
import { watchIdleSend } from '../idle-send-timeout.js';
import { acceptForm, formParametersOf } from '../form-body.js';
import { readJsonObject } from '../json-body.js';
import { refuseWhenDraining, type Lifecycle } from '../lifecycle.js';
import { exportTelemetryOf, observeExport, watchObservedDownload } from '../observe-export.js';
import type { Telemetry } from '../../telemetry/export-telemetry.js';

export interface ExportRouteDependencies {
  readonly config: Config;
  readonly exporter: Exporter;
  readonly logger: Logger;
  readonly tokens: TokenStore;
  readonly slots: DownloadSlots;
  readonly lifecycle: Lifecycle;
  readonly telemetry: Telemetry;
}

export const EXPORT_PATH = '/v1/exports/orders.zip';

/**
 * `GET` and `POST /v1/exports/orders.zip`: validate and plan, then stream the ZIP. A POST takes a JSON body, or an
 * HTML form's (the web page's "download now"), whose fields read like the query string's.
 */
export function exportRoutes(dependencies: ExportRouteDependencies): Router {
  const router = new Router();
  const guards = [refuseWhenDraining(dependencies.lifecycle), authenticate(dependencies.tokens)];
  const { telemetry, logger } = dependencies;
  const form = acceptForm(dependencies.config.maxBodyBytes);
  router.get(EXPORT_PATH, observeExport(telemetry, 'get', logger), ...guards, (context) => handleExport(context, 'query', dependencies));
  router.post(EXPORT_PATH, observeExport(telemetry, 'post', logger), form, ...guards, (context) => handleExport(context, 'body', dependencies));
  return router;
}

async function handleExport(context: Context, origin: RequestOrigin, dependencies: ExportRouteDependencies): Promise<void> {
  const { config, exporter, logger } = dependencies;
  const principal = principalOf(context);
  const form = formParametersOf(context);
  const raw = origin === 'query' ? context.query : form ?? await readJsonObject(context, config.maxBodyBytes);
  const request = parseExportRequest(raw, form === undefined ? origin : 'query', { maxShops: config.maxShopsPerRequest, maxSpanDays: config.maxSpanDays });
  const observed = exportTelemetryOf(context);
  observed.describe(request);
  const release = dependencies.slots.acquire(principal.tokenId);
  let download;
  try {
    download = await startDownload(exporter, request, { deflateLevel: config.deflateLevel, visibleShops: readableShops(principal), observer: observed });
  } catch (error) {
    release();
    throw error;
  }
  // Koa, stream.pipeline and this route's bookkeeping (slot, lifecycle, idle watch, outcome, client wait) each
  // listen for 'close': a dozen legitimate listeners, past Node's leak-warning default of ten.
  context.res.setMaxListeners(20);
  context.res.once('close', release);
  dependencies.lifecycle.track(context.res);
  context.status = 200;
  context.type = 'application/zip';
  context.set({
    'Content-Disposition': attachment(download.plan.fileName),
    'Cache-Control': 'no-store',
    'X-Accel-Buffering': 'no',
    'X-Content-Type-Options': 'nosniff',
  });
  context.body = download.stream;
  const log = logger.child({ token: principal.name, shops: request.shops.length, formats: request.formats });
  watchIdleSend(context.res, config.idleSendTimeoutMs, () => {
    log.warn({ idleSendTimeoutMs: config.idleSendTimeoutMs }, 'aborting a download whose client stopped reading');
    context.res.destroy();
  });
  void watchObservedDownload(observed, download.stream, context.res).then(({ error, ...fields }) => {
    if (fields.outcome === 'failed') log.error({ ...fields, err: error }, 'export failed mid-stream; connection aborted');
    else log.info(fields, fields.outcome === 'ok' ? 'export finished' : 'export abandoned by the client');
  });
}
