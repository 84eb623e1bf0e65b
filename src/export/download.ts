import type { Readable } from 'node:stream';
import { createZipStream } from '../zip/zip-writer.js';
import type { ExportRequest } from './request.js';
import type { Exporter, PlannedExport, RunObserver, RunOptions } from './run.js';

export interface DownloadOptions extends Omit<RunOptions, 'observer'> {
  readonly observer?: DownloadObserver;
}

/** Hooks around the stages of a download, for telemetry: entries, database queries, the ZIP's finalization. */
export interface DownloadObserver extends RunObserver {
  /** See `ZipOptions.onFinalize`. */
  readonly onFinalize?: () => (error?: unknown) => void;
}

/** A planned export whose ZIP is produced as `stream` is read. */
export interface Download {
  readonly plan: PlannedExport;
  readonly stream: Readable;
}

/**
 * Plans the export (all validation happens there, before any byte) and returns the ZIP stream. What the export
 * holds (snapshot, cursor) is released when the stream closes: finished, failed or abandoned.
 * @throws {ShopzipError} `source_unavailable` or `unknown_shops`, before anything is streamed.
 */
export async function startDownload(exporter: Exporter, request: ExportRequest, options: DownloadOptions): Promise<Download> {
  const run = await exporter.start(request, options);
  const onFinalize = options.observer?.onFinalize;
  const stream = createZipStream(run.entries, { date: run.plan.date, level: options.deflateLevel, ...(onFinalize === undefined ? {} : { onFinalize }) });
  stream.once('close', () => void run.close());
  return { plan: run.plan, stream };
}
