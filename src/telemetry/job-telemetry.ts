import { ROOT_CONTEXT } from '@opentelemetry/api';
import type { ExportRequest } from '../export/request.js';
import { ATTR, SPAN } from './attributes.js';
import { ExportStages, type Telemetry } from './export-stages.js';
import type { JobMetrics, JobOutcome } from './job-metrics.js';
import { observeWithTrace } from './metrics.js';
import { recordFailure, spanContextOf } from './tracing.js';

/** The facts of a job's ended run, for its log line. */
export interface JobRunSummary {
  readonly outcome: JobOutcome;
  readonly rows: number;
  readonly entries: number;
  readonly bytes: number;
  readonly durationMs: number;
  readonly queueWaitMs: number;
  readonly traceId?: string;
}

/** The job a run belongs to, as its telemetry needs it. */
export interface JobFacts {
  readonly id: string;
  readonly request: ExportRequest;
  readonly createdAt: number;
  /** The request that created the job: the run's trace links to it. */
  readonly creatorTraceparent: string | null;
}

/**
 * The telemetry of one run of an export job: the root span of a trace of its own (`export_job`, linked to the
 * request that created the job), with the same stages under it as a download's `export` span; the job metrics.
 * Ended once, by {@link finish}.
 */
export class JobTelemetry extends ExportStages {
  readonly #jobMetrics: JobMetrics;
  readonly #started = performance.now();
  readonly #queueWaitMs: number;
  #ended = false;

  constructor(telemetry: Telemetry, jobMetrics: JobMetrics, job: JobFacts) {
    const link = spanContextOf(job.creatorTraceparent);
    const span = telemetry.tracer.startSpan(SPAN.job, {
      root: true,
      links: link === undefined ? [] : [{ context: link }],
      attributes: { [ATTR.jobId]: job.id, [ATTR.exportShopCount]: job.request.shops.length, [ATTR.exportFormats]: [...job.request.formats] },
    }, ROOT_CONTEXT);
    super(telemetry, span);
    this.#jobMetrics = jobMetrics;
    this.#queueWaitMs = Math.max(0, Date.now() - job.createdAt);
    jobMetrics.queueWait.observe(this.#queueWaitMs / 1000);
  }

  /** Ends the run: its span (an error for `failed`), the run's duration, and the job's end unless it was requeued. */
  finish(outcome: JobOutcome, bytes: number, error?: unknown): JobRunSummary {
    const durationMs = performance.now() - this.#started;
    const summary = {
      outcome, rows: this.rows, entries: this.entries, bytes, durationMs: Math.round(durationMs), queueWaitMs: this.#queueWaitMs,
      ...(this.traceId === undefined ? {} : { traceId: this.traceId }),
    };
    if (this.#ended) return summary;
    this.#ended = true;
    try {
      this.interruptStage(outcome === 'failed' ? { outcome, error } : outcome === 'succeeded' ? undefined : { outcome: 'client_aborted' });
      this.span.setAttributes({ [ATTR.jobOutcome]: outcome, [ATTR.exportRows]: this.rows, [ATTR.exportEntries]: this.entries, [ATTR.jobBytes]: bytes });
      if (outcome === 'failed') recordFailure(this.span, error);
    } finally {
      this.span.end();
      if (outcome !== 'requeued') this.#jobMetrics.finished.inc({ outcome });
      observeWithTrace(this.#jobMetrics.runDuration, { outcome }, durationMs / 1000, this.exemplarTraceId);
    }
    return summary;
  }
}
