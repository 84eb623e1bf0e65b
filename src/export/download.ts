import type { Readable } from 'node:stream';
import type { OrdersSource } from '../source/orders-source.js';
import type { QueryObserver } from '../source/snapshot.js';
import { createZipStream } from '../zip/zip-writer.js';
import { exportEntries, type EntryObserver } from './entries.js';
import { planExport, type ExportPlan } from './plan.js';
import type { ExportRequest } from './request.js';

export interface DownloadOptions {
  readonly deflateLevel: number;
  /** Slugs the caller may see; others are answered like shops that do not exist. */
  readonly visible?: (slug: string) => boolean;
  readonly observer?: DownloadObserver;
}

/** Hooks around the stages of a download, for telemetry: entries, database queries, the ZIP's finalization. */
export interface DownloadObserver extends EntryObserver {
  readonly onQuery?: QueryObserver;
  /** See `ZipOptions.onFinalize`. */
  readonly onFinalize?: () => (error?: unknown) => void;
}

/** A planned export whose ZIP is produced as `stream` is read. */
export interface Download {
  readonly plan: ExportPlan;
  readonly stream: Readable;
}

/**
 * Opens a snapshot of the source, plans the export in it (all validation happens here, before any byte) and
 * returns the ZIP stream. The snapshot closes when the stream closes: finished, failed or abandoned.
 * @throws {ShopzipError} `source_unavailable` or `unknown_shops`, before anything is streamed.
 */
export function startDownload(source: OrdersSource, request: ExportRequest, options: DownloadOptions): Download {
  const { observer } = options;
  const snapshot = source.openSnapshot(observer?.onQuery);
  try {
    const plan = planExport(request, snapshot, options.visible);
    const aborter = new AbortController();
    const entries = exportEntries(plan, snapshot, {
      signal: aborter.signal,
      deflateLevel: options.deflateLevel,
      ...(observer === undefined ? {} : { observer }),
    });
    const onFinalize = observer?.onFinalize;
    const stream = createZipStream(entries, { date: plan.date, level: options.deflateLevel, ...(onFinalize === undefined ? {} : { onFinalize }) });
    stream.once('close', () => {
      aborter.abort();
      snapshot.close();
    });
    return { plan, stream };
  } catch (error) {
    snapshot.close();
    throw error;
  }
}
