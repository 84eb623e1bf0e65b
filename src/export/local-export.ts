import type { OrdersSource } from '../source/orders-source.js';
import type { SnapshotEvents } from '../source/snapshot.js';
import { exportEntries, type OpenWorkbook } from './entries.js';
import { planExport } from './plan.js';
import { rowsTotalOf } from './progress.js';
import type { ExportRequest } from './request.js';
import type { Exporter, ExportRun, RunOptions } from './run.js';

/**
 * Opens a snapshot of the source, plans the export in it and returns its entries, read lazily from that one
 * snapshot. `events` hears of the snapshot's cursors (the source's own counters unless given); `workbooks`, when
 * given, writes the shops' workbooks from the rows their CSVs read (see `EntryOptions.workbooks`).
 * @throws {ShopzipError} `source_unavailable` or `unknown_shops`, before anything is streamed.
 */
export async function openExport(source: OrdersSource, request: ExportRequest, options: RunOptions, events?: SnapshotEvents, workbooks?: OpenWorkbook): Promise<ExportRun> {
  const { observer, visibleShops } = options;
  const snapshot = await source.openSnapshot(observer?.onQuery, events);
  try {
    const visible = visibleShops === null ? undefined : (slug: string): boolean => visibleShops.includes(slug);
    const plan = await planExport(request, snapshot, visible);
    const aborter = new AbortController();
    const entries = exportEntries(plan, snapshot, {
      signal: aborter.signal,
      deflateLevel: options.deflateLevel,
      ...(observer === undefined ? {} : { observer }),
      ...(workbooks === undefined ? {} : { workbooks }),
    });
    return {
      plan: { fileName: plan.fileName, date: plan.date, ...(options.progress === true ? { rowsTotal: await rowsTotalOf(plan, snapshot) } : {}) },
      entries,
      close: () => {
        aborter.abort();
        entries.return();
        return snapshot.close();
      },
    };
  } catch (error) {
    await snapshot.close();
    throw error;
  }
}

/** Runs every export in this thread, on the main event loop (`SHOPZIP_EXPORT_WORKERS=0`). */
export class LocalExporter implements Exporter {
  constructor(private readonly source: OrdersSource) {}

  start(request: ExportRequest, options: RunOptions): Promise<ExportRun> {
    return openExport(this.source, request, options);
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}
