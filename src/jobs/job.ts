import type { ExportRequest } from '../export/request.js';

/** Where a job is in its life. */
export type JobState = 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled' | 'expired';

export const JOB_STATES: readonly JobState[] = ['queued', 'running', 'succeeded', 'failed', 'cancelled', 'expired'];

/**
 * The job state machine, in one place: the states each state may move to. Every store moves a job with one
 * statement that checks the state it leaves (`UPDATE ... WHERE id = ? AND state IN (<states that may move here>)`),
 * so two workers, or a worker and a cancel, can never both move the same job.
 *
 * - queued -> running: a runner claimed it; -> cancelled: `DELETE` before it ran.
 * - running -> succeeded | failed | cancelled; -> queued: SIGTERM stopped it, or the process died while it ran
 *   (found at the next start; a job that dies three times fails instead, `job_interrupted`).
 * - succeeded -> expired: the sweeper removed its artifact, `SHOPZIP_JOB_TTL_HOURS` after it finished.
 * - failed, cancelled, expired: final; the sweeper deletes the record a further TTL later.
 */
export const TRANSITIONS: Readonly<Record<JobState, readonly JobState[]>> = {
  queued: ['running', 'cancelled'],
  running: ['succeeded', 'failed', 'cancelled', 'queued'],
  succeeded: ['expired'],
  failed: [],
  cancelled: [],
  expired: [],
};

/** The states a job may be in to move to `to`. */
export function statesLeadingTo(to: JobState): JobState[] {
  return JOB_STATES.filter((from) => TRANSITIONS[from].includes(to));
}

/** Whether a job has ended (its record is deleted on `DELETE`, not cancelled). */
export function isFinished(state: JobState): boolean {
  return state !== 'queued' && state !== 'running';
}

/** How far a job is (see `rowsTotalOf` for what its rows are). Totals are null until the job has planned. */
export interface JobProgress {
  readonly entriesDone: number;
  readonly entriesTotal: number | null;
  readonly rowsDone: number;
  readonly rowsTotal: number | null;
  readonly bytesWritten: number;
}

export const NO_PROGRESS: JobProgress = { entriesDone: 0, entriesTotal: null, rowsDone: 0, rowsTotal: null, bytesWritten: 0 };

/** A finished job's file. */
export interface ArtifactRecord {
  /** Its name in the artifact store. */
  readonly key: string;
  readonly bytes: number;
  /** Hex SHA-256 of the whole file. */
  readonly sha256: string;
}

/** An RFC 9457 problem document, as a failed job keeps it. */
export type ProblemDocument = Readonly<Record<string, unknown>>;

/** One export job as stored. Times are milliseconds since the epoch. */
export interface JobRecord {
  readonly id: string;
  /** The token that created it: the only one that sees it. */
  readonly tokenId: string;
  readonly state: JobState;
  readonly request: ExportRequest;
  /** The shops its token could read when it was created; null for all. */
  readonly visibleShops: readonly string[] | null;
  /** The download's file name (as the synchronous export's `Content-Disposition`). */
  readonly fileName: string;
  readonly idempotencyKey: string | null;
  /** Identifies the request for `Idempotency-Key`: equal for requests that normalize the same. */
  readonly fingerprint: string;
  readonly createdAt: number;
  readonly startedAt: number | null;
  readonly finishedAt: number | null;
  /** When its artifact is removed (succeeded), or when the record is (failed, cancelled); null while unfinished. */
  readonly expiresAt: number | null;
  readonly progress: JobProgress;
  readonly artifact: ArtifactRecord | null;
  /** What went wrong, when failed. */
  readonly error: ProblemDocument | null;
  /** The trace of its latest run. */
  readonly traceId: string | null;
  /** W3C `traceparent` of the request that created it: each run's trace links to it. */
  readonly creatorTraceparent: string | null;
  /** Times the process died while it ran. */
  readonly deaths: number;
  /** Rises with every change: the `id:` of its server-sent events. */
  readonly version: number;
}

/** What a new job is made of. */
export type NewJob = Pick<JobRecord, 'id' | 'tokenId' | 'request' | 'visibleShops' | 'fileName' | 'idempotencyKey' | 'fingerprint' | 'createdAt' | 'creatorTraceparent'>;

/** The API path of a job (a failed job's problem document names it as its `instance`). */
export function jobPath(id: string): string {
  return `/v1/export-jobs/${id}`;
}
