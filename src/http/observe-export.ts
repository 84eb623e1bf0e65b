import type { ServerResponse } from 'node:http';
import type { Readable } from 'node:stream';
import type { Context, Next } from 'koa';
import type { Logger } from '../log.js';
import { ExportTelemetry, type ExportSummary, type Telemetry } from '../telemetry/export-telemetry.js';
import type { ExportMode } from '../telemetry/metrics.js';
import { requestParentContext } from '../telemetry/tracing.js';
import { watchResponseWrites } from './client-wait.js';
import { watchDownload } from './download-outcome.js';

const STATE_KEY = 'exportTelemetry';
const streaming = new WeakSet<ExportTelemetry>();

/**
 * First middleware of the export routes: starts the export's telemetry (its span, `exports_started`, in flight)
 * and ends it as `rejected` when the request is answered with a problem document instead of a ZIP, whether the
 * guards (draining, authentication, limits) or the handler refused it. A ZIP's end is watched by
 * {@link watchObservedDownload} instead.
 */
export function observeExport(telemetry: Telemetry, mode: ExportMode, logger: Logger) {
  return async function observeExportRequest(context: Context, next: Next): Promise<void> {
    const observed = new ExportTelemetry(telemetry, mode, requestParentContext(context.headers));
    (context.state as Record<string, unknown>)[STATE_KEY] = observed;
    const reject = (status: number, error?: unknown): void => {
      const code = (error as { code?: unknown } | undefined)?.code;
      // Why the orders database is unavailable (unreachable, a schema mismatch naming the table or column) is for
      // the operator: the problem document says only that it is.
      const cause = status >= 500 && error instanceof Error && error.cause instanceof Error ? { reason: error.cause.message } : {};
      const fields = { ...observed.reject(status, error), status, ...(typeof code === 'string' ? { code } : {}), ...cause };
      if (status >= 500) logger.warn(fields, 'export rejected');
      else logger.info(fields, 'export rejected');
    };
    try {
      await next();
    } catch (error) {
      reject(statusOf(error), error);
      throw error;
    }
    if (!streaming.has(observed)) reject(context.status);
  };
}

/** The telemetry of the export being handled; {@link observeExport} must have run. */
export function exportTelemetryOf(context: Context): ExportTelemetry {
  const observed = (context.state as Record<string, unknown>)[STATE_KEY];
  if (!(observed instanceof ExportTelemetry)) throw new Error('observeExport() must run before this handler');
  return observed;
}

/**
 * Watches a ZIP download until its response closes, feeding its telemetry (first byte, bytes, time waiting for
 * the client), then ends it with the download's outcome.
 * @returns the facts for the export's log line, with the error of a failed download.
 */
export async function watchObservedDownload(observed: ExportTelemetry, body: Readable, response: ServerResponse): Promise<ExportSummary & { error?: Error }> {
  streaming.add(observed);
  const closed = watchResponseWrites(response, observed);
  const { outcome, error } = await watchDownload(body, response);
  closed();
  return { ...observed.finish(outcome, error), ...(error === undefined ? {} : { error }) };
}

function statusOf(error: unknown): number {
  const status = (error as { status?: unknown } | null)?.status;
  return typeof status === 'number' && status >= 400 && status < 600 ? status : 500;
}
