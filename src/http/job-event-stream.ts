import { Session } from 'better-sse';
import type { Context } from 'koa';
import { isFinished, type JobRecord } from '../jobs/job.js';
import type { JobEvents } from '../jobs/job-events.js';
import { PROGRESS_INTERVAL_MS } from '../jobs/job-progress.js';

/** A comment line goes out this often, so that proxies and clients keep an idle stream open. */
export const KEEP_ALIVE_MS = 15_000;
/** The reconnection delay a client is asked to wait (`retry:`). */
export const RETRY_MS = 3_000;

/**
 * `GET /v1/export-jobs/{id}/events`: Server-Sent Events of one job. Each event's data is the job as `GET` shows it,
 * its `id:` the job's version (which rises with every change), so a client that reconnects with `Last-Event-ID`
 * gets the job again only if it changed meanwhile. The current job goes out at once, then one event per change of
 * state, and progress at most every {@link PROGRESS_INTERVAL_MS}; the stream ends after the job's final state. A
 * client that already saw the final state is answered 204, which tells `EventSource` to stop reconnecting.
 */
export function streamJobEvents(context: Context, job: JobRecord, events: JobEvents, view: (job: JobRecord) => unknown): void {
  const lastSeen = Number.parseInt(context.get('Last-Event-ID'), 10);
  if (isFinished(job.state) && lastSeen >= job.version) {
    context.status = 204;
    return;
  }
  context.status = 200;
  context.respond = false; // the session owns the response from here
  const session = new Session(context.req, context.res, {
    keepAlive: KEEP_ALIVE_MS,
    retry: RETRY_MS,
    headers: { 'Cache-Control': 'no-store', 'X-Accel-Buffering': 'no', 'X-Content-Type-Options': 'nosniff' },
  });
  const stream = new JobEventStream(session, view, Number.isSafeInteger(lastSeen) ? lastSeen : 0, () => context.res.end());
  const unsubscribe = events.subscribe(job.id, (changed) => stream.changed(changed));
  session.once('disconnected', () => {
    unsubscribe();
    stream.close();
  });
  stream.changed(job);
  session.once('connected', () => stream.connected());
}

/**
 * The events of one stream (better-sse's `Session` owns the response, its keep-alive timer and its cleanup):
 * state changes go out at once, progress is held back so that at most four events a second go out.
 */
class JobEventStream {
  #sentVersion: number;
  #sentState: JobRecord['state'] | undefined;
  #sentAt = Number.NEGATIVE_INFINITY;
  #latest: JobRecord | undefined;
  #timer: NodeJS.Timeout | undefined;
  #closed = false;

  /** `end` ends the response after the final state (the session cleans up when it closes). */
  constructor(private readonly session: Session, private readonly view: (job: JobRecord) => unknown, lastSeen: number, private readonly end: () => void) {
    this.#sentVersion = lastSeen;
  }

  /** The job changed (or is as it is on connect): keeps the newest, and sends it now or when progress may go. */
  changed(job: JobRecord): void {
    if (this.#closed || job.version <= this.#sentVersion || job.version <= (this.#latest?.version ?? 0)) return;
    this.#latest = job;
    if (!this.session.isConnected) return; // sent on connect
    const wait = this.#sentState === job.state ? this.#sentAt + PROGRESS_INTERVAL_MS - performance.now() : 0;
    if (wait <= 0) this.#send();
    else this.#timer ??= setTimeout(() => this.#send(), wait);
  }

  /** The response head is out: the newest job goes at once. */
  connected(): void {
    this.#send();
  }

  close(): void {
    this.#closed = true;
    clearTimeout(this.#timer);
  }

  #send(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    const job = this.#latest;
    if (this.#closed || job === undefined || job.version <= this.#sentVersion) return;
    this.session.push(this.view(job), 'message', String(job.version));
    this.#sentVersion = job.version;
    this.#sentState = job.state;
    this.#sentAt = performance.now();
    if (isFinished(job.state)) {
      this.close();
      this.end();
    }
  }
}
