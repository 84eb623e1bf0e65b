import type { Readable } from 'node:stream';
import type { OrdersSource } from '../source/orders-source.js';
import { createZipStream } from '../zip/zip-writer.js';
import { exportEntries, type EntryObserver } from './entries.js';
import { planExport, type ExportPlan } from './plan.js';
import type { ExportRequest } from './request.js';

export interface DownloadOptions {
  readonly deflateLevel: number;
  /** Slugs the caller may see; others are answered like shops that do not exist. */
  readonly visible?: (slug: string) => boolean;
  readonly observer?: EntryObserver;
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
  const snapshot = source.openSnapshot();
  try {
    const plan = planExport(request, snapshot, options.visible);
    const aborter = new AbortController();
    const entries = exportEntries(plan, snapshot, {
      signal: aborter.signal,
      deflateLevel: options.deflateLevel,
      ...(options.observer === undefined ? {} : { observer: options.observer }),
    });
    const stream = createZipStream(entries, { date: plan.date, level: options.deflateLevel });
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
