import type { Context } from '@opentelemetry/api';
import { ATTR, EVENT, SPAN } from './attributes.js';
import { ExportStages, type Telemetry } from './export-stages.js';
import { observeWithTrace, type ExportMode, type ExportOutcome } from './metrics.js';
import type { Interruption } from './stage.js';
import { recordFailure } from './tracing.js';

export type { Telemetry };

/** The facts of an ended export, for its log line. */
export interface ExportSummary {
  readonly outcome: ExportOutcome;
  readonly rows: number;
  readonly bytes: number;
  readonly durationMs: number;
  readonly traceId?: string;
}

/**
 * The telemetry of one export request: its `export` span (a child of the HTTP server span, or of the caller's
 * `traceparent`) with one child per ZIP entry, each with its database queries, and one for the finalization;
 * the export metrics; the facts of its final log line. Ended once, by {@link finish} or {@link reject}.
 */
export class ExportTelemetry extends ExportStages {
  readonly #mode: ExportMode;
  readonly #started = performance.now();
  #bytes = 0;
  #clientWaitMs = 0;
  #ended = false;

  constructor(telemetry: Telemetry, mode: ExportMode, parent: Context) {
    super(telemetry, telemetry.tracer.startSpan(SPAN.export, { attributes: { [ATTR.exportMode]: mode } }, parent));
    this.#mode = mode;
    this.metrics.exportsStarted.inc({ mode });
    this.metrics.exportsInFlight.inc({ mode });
  }

  /** Records what was asked for, once the request is parsed. */
  describe(request: { readonly shops: readonly string[]; readonly formats: readonly string[] }): void {
    this.span.setAttributes({ [ATTR.exportShopCount]: request.shops.length, [ATTR.exportFormats]: [...request.formats] });
  }

  /** The first byte of the ZIP went to the response. */
  firstByte(): void {
    const seconds = (performance.now() - this.#started) / 1000;
    this.span.addEvent(EVENT.firstByte);
    this.span.setAttribute(ATTR.exportTimeToFirstByteMs, Math.round(seconds * 1000));
    observeWithTrace(this.metrics.exportTimeToFirstByte, { mode: this.#mode }, seconds, this.exemplarTraceId);
  }

  /** `bytes` of the ZIP went to the response. */
  bytesSent(bytes: number): void {
    this.#bytes += bytes;
    this.metrics.bytesSent.inc(bytes);
  }

  /** The response waited `ms` for the client to take bytes; charged to the current entry (or finalization). */
  clientWaited(ms: number): void {
    this.#clientWaitMs += ms;
    if (this.stage !== undefined) this.stage.clientWaitMs += ms;
    this.metrics.clientWaitSeconds.inc(ms / 1000);
  }

  /** Ends a download that streamed: every byte sent, the client gone, or a failure after the first byte. */
  finish(outcome: Exclude<ExportOutcome, 'rejected'>, error?: unknown): ExportSummary {
    return this.#end(outcome, () => {
      const interruption: Interruption | undefined = outcome === 'ok' ? undefined : outcome === 'failed' ? { outcome, error } : { outcome };
      this.interruptStage(interruption);
      if (outcome === 'client_aborted') this.span.addEvent(EVENT.clientAborted);
      if (outcome === 'failed') recordFailure(this.span, error);
    });
  }

  /** Ends an export answered with a problem document before its first byte; 5xx ones are errors of the span. */
  reject(status: number, error?: unknown): ExportSummary {
    return this.#end('rejected', () => {
      const code = (error as { code?: unknown } | undefined)?.code;
      this.span.addEvent(EVENT.rejected, { [ATTR.httpStatus]: status, ...(typeof code === 'string' ? { [ATTR.errorCode]: code } : {}) });
      this.span.setAttribute(ATTR.httpStatus, status);
      if (status >= 500) recordFailure(this.span, error ?? new Error(`answered ${status}`));
    });
  }

  #end(outcome: ExportOutcome, describe: () => void): ExportSummary {
    const durationMs = performance.now() - this.#started;
    const summary = { outcome, rows: this.rows, bytes: this.#bytes, durationMs: Math.round(durationMs), ...(this.traceId === undefined ? {} : { traceId: this.traceId }) };
    if (this.#ended) return summary;
    this.#ended = true;
    try {
      describe();
      this.span.setAttributes({
        [ATTR.exportOutcome]: outcome, [ATTR.exportRows]: this.rows, [ATTR.exportEntries]: this.entries,
        [ATTR.exportBytesSent]: this.#bytes, [ATTR.clientWaitMs]: Math.round(this.#clientWaitMs),
      });
    } finally {
      this.span.end();
      const mode = this.#mode;
      this.metrics.exportsFinished.inc({ mode, outcome });
      this.metrics.exportsInFlight.dec({ mode });
      observeWithTrace(this.metrics.exportDuration, { mode, outcome }, durationMs / 1000, this.exemplarTraceId);
    }
    return summary;
  }
}
