import { ApiError, jobPath, NetworkError, type ApiClient } from './api-client.js';
import { SseParser, type ServerSentEvent } from './sse.js';
import { FINISHED_STATES, type Job } from './types.js';

export interface FollowOptions {
  readonly signal?: AbortSignal;
  /** Connections in a row that may fail (or end before the job did) before following gives up; default: no end. */
  readonly maxFailures?: number;
  /** Told when the stream connects (true) or drops and will be retried (false). */
  readonly onConnection?: (connected: boolean) => void;
}

const DEFAULT_RETRY_MS = 1000;

/**
 * Follows a job through its event stream (`GET /v1/export-jobs/{id}/events`, read with `fetch` so that the bearer
 * token goes along) until it has finished, telling `onJob` of each state the server sends. When the connection
 * drops, it reconnects after the server's `retry:` with `Last-Event-ID`, so that the stream goes on where it broke.
 * @returns the finished job. @throws {ApiError} when the server refuses (the job is unknown, the token is wrong),
 * {@link NetworkError} after `maxFailures` failed connections in a row.
 */
export async function followJob(client: ApiClient, id: string, onJob: (job: Job) => void, options: FollowOptions = {}): Promise<Job> {
  const parser = new SseParser();
  let lastEventId: string | undefined;
  let failures = 0;
  for (;;) {
    try {
      const headers: Record<string, string> = { accept: 'text/event-stream' };
      if (lastEventId !== undefined) headers['last-event-id'] = lastEventId;
      const response = await client.send(jobPath(id, '/events'), { headers, ...(options.signal === undefined ? {} : { signal: options.signal }) });
      // 204: the job had finished when this stream last saw it; its final state is one GET away.
      if (response.status === 204) return finishedJob(await client.job(id), onJob);
      options.onConnection?.(true);
      const finished = await readEvents(response, parser, (event) => {
        lastEventId = event.id ?? lastEventId;
        failures = 0;
        const job = jobOf(event);
        if (job !== null) onJob(job);
        return job !== null && FINISHED_STATES.has(job.state) ? job : null;
      });
      if (finished !== null) return finished;
    } catch (error) {
      if (options.signal?.aborted === true || (error instanceof ApiError && error.status < 500 && error.status !== 429)) throw error;
    }
    failures += 1;
    if (failures >= (options.maxFailures ?? Number.POSITIVE_INFINITY)) throw new NetworkError(client.url(jobPath(id, '/events')));
    options.onConnection?.(false);
    await delay(parser.retryMs ?? DEFAULT_RETRY_MS, options.signal);
  }
}

function finishedJob(job: Job, onJob: (job: Job) => void): Job {
  onJob(job);
  return job;
}

/** Reads a stream's events until `onEvent` returns a finished job, or the stream ends (null) or breaks (throws). */
async function readEvents(response: Response, parser: SseParser, onEvent: (event: ServerSentEvent) => Job | null): Promise<Job | null> {
  if (response.body === null) return null;
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return null;
      for (const event of parser.push(decoder.decode(value, { stream: true }))) {
        const finished = onEvent(event);
        if (finished !== null) return finished;
      }
    }
  } finally {
    reader.cancel().catch(() => undefined);
  }
}

/** The job an event carries, or null for an event of another kind. */
function jobOf(event: ServerSentEvent): Job | null {
  try {
    const parsed = JSON.parse(event.data) as Partial<Job> | null;
    return parsed !== null && typeof parsed.id === 'string' && typeof parsed.state === 'string' ? (parsed as Job) : null;
  } catch {
    return null;
  }
}

/** Waits `ms`, or rejects at once when `signal` aborts. */
export function delay(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted === true) {
      reject(signal.reason);
      return;
    }
    const timer = setTimeout(() => { signal?.removeEventListener('abort', abort); resolve(); }, ms);
    const abort = (): void => { clearTimeout(timer); reject(signal?.reason); };
    signal?.addEventListener('abort', abort, { once: true });
  });
}
