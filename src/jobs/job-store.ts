import type { ArtifactRecord, JobProgress, JobRecord, JobState, NewJob, ProblemDocument } from './job.js';

/** What creating a job did. */
export type CreateOutcome =
  | { readonly kind: 'created'; readonly job: JobRecord }
  /** The token used this `Idempotency-Key` for the same request: its job, unchanged. */
  | { readonly kind: 'replayed'; readonly job: JobRecord }
  /** The token used this `Idempotency-Key` for another request. */
  | { readonly kind: 'key_reused' }
  /** The token has this many unfinished jobs already, the most it may. */
  | { readonly kind: 'too_many'; readonly unfinished: number };

/** What a job's move to another state may set along with it. */
export interface TransitionFields {
  readonly startedAt?: number | null;
  readonly finishedAt?: number | null;
  readonly expiresAt?: number | null;
  readonly progress?: JobProgress;
  readonly artifact?: ArtifactRecord | null;
  readonly error?: ProblemDocument | null;
  readonly traceId?: string | null;
}

/** A page of a token's jobs, newest first. */
export interface JobPage {
  readonly jobs: readonly JobRecord[];
  /** Where the next page starts; null on the last. */
  readonly nextCursor: string | null;
}

export interface ListQuery {
  readonly states: readonly JobState[] | null;
  readonly limit: number;
  /** From a previous page's `nextCursor`. */
  readonly cursor: string | null;
}

/**
 * Where jobs live. Every change is one atomic statement (or one transaction) that checks the state it leaves, as
 * `TRANSITIONS` allows, so that several runners, in one process or in several replicas sharing the store, never
 * both move a job. Asynchronous, for stores on a database server; the SQLite one answers at once.
 */
export interface JobStore {
  /**
   * Creates a queued job, unless the token used `job.idempotencyKey` already (then the job it made, or
   * `key_reused` for another request) or has `maxUnfinished` queued or running jobs; in one transaction.
   */
  create(job: NewJob, maxUnfinished: number): Promise<CreateOutcome>;
  /** The job that the token made with this idempotency key, if it still exists. */
  findByKey(tokenId: string, idempotencyKey: string): Promise<JobRecord | undefined>;
  get(id: string): Promise<JobRecord | undefined>;
  /** The token's jobs, newest first. @throws {ShopzipError} `invalid_parameter` (`cursor`) for a cursor it did not make. */
  list(tokenId: string, query: ListQuery): Promise<JobPage>;
  /** Moves the oldest queued job to running (one statement: no two callers get the same job), or undefined. */
  claim(now: number): Promise<JobRecord | undefined>;
  /** Moves a job to `to` if its state allows (see `TRANSITIONS`); undefined when it did not (moved or deleted meanwhile). */
  transition(id: string, to: JobState, fields: TransitionFields): Promise<JobRecord | undefined>;
  /** Records a running job's progress; undefined when it is no longer running. */
  saveProgress(id: string, progress: JobProgress, traceId?: string): Promise<JobRecord | undefined>;
  /** Deletes a job's record. */
  delete(id: string): Promise<boolean>;
  /**
   * At start-up: jobs left running by a process that died go back to queued, with one more death; those that reach
   * `maxDeaths` move to failed with what `failure` gives for each instead. Returns both kinds.
   */
  recover(maxDeaths: number, failure: (job: JobRecord) => TransitionFields): Promise<{ readonly requeued: readonly JobRecord[]; readonly failed: readonly JobRecord[] }>;
  /** Succeeded jobs whose `expiresAt` has come move to expired; returned so their artifacts can be removed. */
  expire(now: number): Promise<readonly JobRecord[]>;
  /** Deletes finished records whose `expiresAt` lies `ttlMs` in the past; returns them. */
  purge(now: number, ttlMs: number): Promise<readonly JobRecord[]>;
  /** Jobs in each state now. */
  countByState(): Promise<Readonly<Record<JobState, number>>>;
  /** Bytes of the artifacts of succeeded jobs. */
  artifactBytes(): Promise<number>;
  /** The random key of signed download links, made once and kept (for `SHOPZIP_SIGNING_KEY` unset). */
  signingKey(): Promise<Buffer>;
  close(): Promise<void>;
}
