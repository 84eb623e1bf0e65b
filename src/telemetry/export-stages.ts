import type { Span, Tracer } from '@opentelemetry/api';
import type { DownloadObserver } from '../export/download.js';
import type { EntryInfo, TableRows } from '../export/entries.js';
import type { QueryObserver } from '../source/snapshot.js';
import { ATTR, entryTableRows, SPAN } from './attributes.js';
import { observeWithTrace, type ShopzipMetrics } from './metrics.js';
import { Stage, type Interruption } from './stage.js';
import { sampledTraceIdOf, startChildSpan, traceIdOf } from './tracing.js';

/** Where telemetry goes: the app's metrics and a tracer (the global one unless a test passes its own). */
export interface Telemetry {
  readonly metrics: ShopzipMetrics;
  readonly tracer: Tracer;
}

/**
 * The stages of one export under its span, whoever runs it (a download or a job): a child span per ZIP entry, each
 * with its database queries, and one for the finalization; the entry metrics (rows, build time, database time).
 */
export class ExportStages implements DownloadObserver {
  protected readonly metrics: ShopzipMetrics;
  protected readonly tracer: Tracer;
  protected readonly exemplarTraceId: string | undefined;
  /** The entry (or finalization) being written. */
  protected stage: Stage | undefined;
  /** Rows and entries written so far. */
  protected rows = 0;
  protected entries = 0;

  constructor(telemetry: Telemetry, protected readonly span: Span) {
    this.metrics = telemetry.metrics;
    this.tracer = telemetry.tracer;
    this.exemplarTraceId = sampledTraceIdOf(span);
  }

  /** The trace id for logs, when the export belongs to a trace. */
  get traceId(): string | undefined {
    return traceIdOf(this.span);
  }

  entryStarted(info: EntryInfo): void {
    this.stage?.end();
    const attributes = { [ATTR.entryName]: info.name, [ATTR.entryFormat]: info.format, ...(info.shop === null ? {} : { [ATTR.shop]: info.shop }) };
    this.stage = new Stage(startChildSpan(this.tracer, SPAN.entry, this.span, attributes));
  }

  entryFinished(info: EntryInfo, result: { rows: TableRows; bytes: number }): void {
    const stage = this.stage;
    if (stage === undefined) return;
    this.stage = undefined;
    const seconds = (performance.now() - stage.started) / 1000;
    let rows = 0;
    for (const [table, count] of Object.entries(result.rows)) {
      rows += count;
      stage.span.setAttribute(entryTableRows(table), count);
      this.metrics.rowsWritten.inc({ format: info.format, table }, count);
    }
    this.rows += rows;
    this.entries += 1;
    stage.span.setAttributes({ [ATTR.entryRows]: rows, [ATTR.entryBytes]: result.bytes, [ATTR.entryDbReadMs]: Math.round(stage.dbReadMs) });
    stage.end();
    observeWithTrace(this.metrics.entryBuildDuration, { format: info.format }, seconds, this.exemplarTraceId);
  }

  readonly onQuery: QueryObserver = (table, system) => {
    // Queries run inside entries; one outside any (none today) would hang under the export span itself.
    const stage = this.stage ?? new Stage(this.span);
    return stage.startQuery(this.tracer, table, system, (end) => this.metrics.databaseReadSeconds.inc({ table }, end.readMs / 1000));
  };

  readonly onFinalize = (): ((error?: unknown) => void) => {
    this.stage?.end();
    const stage = new Stage(startChildSpan(this.tracer, SPAN.finalize, this.span));
    this.stage = stage;
    return (error) => {
      if (this.stage === stage) this.stage = undefined;
      stage.end(error === undefined ? undefined : { outcome: 'failed', error });
    };
  };

  /** Ends the stage still open (the export ended during it). */
  protected interruptStage(interruption: Interruption | undefined): void {
    this.stage?.end(interruption);
  }
}
