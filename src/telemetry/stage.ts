import type { Span, Tracer } from '@opentelemetry/api';
import type { QueryEnd, SourceSystem } from '../source/snapshot.js';
import { ATTR, EVENT, querySpanName } from './attributes.js';
import { recordFailure, startChildSpan } from './tracing.js';

/** How a stage's span ends when the export ends before the stage did. */
export type Interruption = { readonly outcome: 'client_aborted' } | { readonly outcome: 'failed'; readonly error: unknown };

/**
 * One stage of an export with its own span, a ZIP entry or the finalization. The time the response waited for
 * the client, and the database queries, that happen while it is the current stage are charged to it.
 */
export class Stage {
  readonly started = performance.now();
  clientWaitMs = 0;
  dbReadMs = 0;
  readonly #queries = new Set<() => void>();
  #ended = false;

  constructor(readonly span: Span) {}

  /**
   * Starts a query span under this stage; the returned function ends it, once (the export may end it first).
   * @param onEnd told of the query's figures when it ends normally.
   */
  startQuery(tracer: Tracer, table: string, system: SourceSystem, onEnd: (end: QueryEnd) => void): (end: QueryEnd) => void {
    const span = startChildSpan(tracer, querySpanName(table), this.span, {
      [ATTR.dbSystem]: system, [ATTR.dbOperation]: 'SELECT', [ATTR.dbCollection]: table,
    });
    let ended = false;
    const interrupt = (): void => {
      if (ended) return;
      ended = true;
      span.end();
    };
    this.#queries.add(interrupt);
    return (end) => {
      if (ended) return;
      ended = true;
      this.#queries.delete(interrupt);
      try {
        this.dbReadMs += end.readMs;
        span.setAttributes({ [ATTR.dbRows]: end.rows, [ATTR.dbReadMs]: Math.round(end.readMs) });
        if (end.error !== undefined) recordFailure(span, end.error);
        onEnd(end);
      } finally {
        span.end();
      }
    };
  }

  /** Ends the span (and any query still open under it) with the stage's figures; safe to call twice. */
  end(interruption?: Interruption): void {
    if (this.#ended) return;
    this.#ended = true;
    try {
      this.span.setAttribute(ATTR.clientWaitMs, Math.round(this.clientWaitMs));
      if (interruption?.outcome === 'client_aborted') this.span.addEvent(EVENT.clientAborted);
      if (interruption?.outcome === 'failed') recordFailure(this.span, interruption.error);
      for (const interrupt of this.#queries) interrupt();
    } finally {
      this.span.end();
    }
  }
}
