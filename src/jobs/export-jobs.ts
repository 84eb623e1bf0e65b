import { createHash, randomBytes } from 'node:crypto';
import type { Config } from '../config.js';
import { problemOf, ShopzipError } from '../errors.js';
import { describeRequest, type ExportRequest } from '../export/request.js';
import type { Exporter } from '../export/run.js';
import type { Logger } from '../log.js';
import type { Telemetry } from '../telemetry/export-stages.js';
import { createJobMetrics, type JobMetrics } from '../telemetry/job-metrics.js';
import type { ArtifactStore } from './artifact-store.js';
import { DownloadLinks } from './download-links.js';
import { isFinished, jobPath, type JobRecord } from './job.js';
import { JobEvents } from './job-events.js';
import { JobRunner } from './job-runner.js';
import type { JobPage, JobStore, ListQuery } from './job-store.js';
import { JobSweeper } from './job-sweeper.js';

/** A job dies this often (the process stopped while it ran) before it fails instead of running again. */
export const MAX_DEATHS = 3;

export type JobsConfig = Pick<Config, 'deflateLevel' | 'maxRunningJobs' | 'maxQueuedJobsPerToken' | 'jobTtlHours' | 'signingKey' | 'downloadUrlTtlSeconds'>;

export interface ExportJobsDependencies {
  readonly store: JobStore;
  readonly artifacts: ArtifactStore;
  readonly exporter: Exporter;
  readonly config: JobsConfig;
  readonly telemetry: Telemetry;
  readonly logger: Logger;
  /** Whether a token exists unrevoked (`TokenStore.isActive`): a revoked token's jobs neither run nor download. */
  readonly tokenActive: (tokenId: string) => boolean;
}

/** Who creates a job, and what for. */
export interface JobOrder {
  readonly tokenId: string;
  readonly visibleShops: readonly string[] | null;
  readonly request: ExportRequest;
  readonly idempotencyKey: string | null;
  /** The creating request's span, which the job's runs link to. */
  readonly creatorTraceparent: string | null;
}

/**
 * Export jobs: what the HTTP routes ask of them (create, find, list, cancel or delete), and the machinery behind:
 * the store, the artifacts, the runner, the sweeper, the change events and the signed download links.
 */
export class ExportJobs {
  readonly events = new JobEvents();
  readonly metrics: JobMetrics;
  readonly links: DownloadLinks;
  readonly #runner: JobRunner;
  readonly #sweeper: JobSweeper;

  private constructor(private readonly dependencies: ExportJobsDependencies, signingKey: Buffer) {
    const { store, artifacts, config, telemetry, logger } = dependencies;
    this.metrics = createJobMetrics(telemetry.metrics.registry, {
      queued: async () => (await store.countByState()).queued,
      running: async () => (await store.countByState()).running,
      artifactBytes: () => store.artifactBytes(),
    });
    this.links = new DownloadLinks(signingKey, config.downloadUrlTtlSeconds);
    const changed = (job: JobRecord): void => this.events.publish(job);
    const ttlMs = config.jobTtlHours * 3_600_000;
    this.#runner = new JobRunner({ ...dependencies, jobMetrics: this.metrics, deflateLevel: config.deflateLevel, ttlMs, changed }, config.maxRunningJobs);
    this.#sweeper = new JobSweeper(store, artifacts, ttlMs, changed, logger);
  }

  /**
   * Opens the jobs: the signing key (`SHOPZIP_SIGNING_KEY`, else the state database's), and recovery of the jobs
   * a dead process left running (queued again from the start, their partial files removed; failed after
   * {@link MAX_DEATHS}). Nothing runs until {@link start}.
   */
  static async open(dependencies: ExportJobsDependencies): Promise<ExportJobs> {
    const { store, artifacts, config, logger } = dependencies;
    const key = config.signingKey === null ? await store.signingKey() : Buffer.from(config.signingKey, 'utf8');
    const now = Date.now();
    const interrupted = new ShopzipError('job_interrupted', `the service stopped while this job ran, ${MAX_DEATHS} times; it is not run again`);
    const { requeued, failed } = await store.recover(MAX_DEATHS, (job) => ({
      finishedAt: now, expiresAt: now + config.jobTtlHours * 3_600_000, error: problemOf(interrupted, jobPath(job.id)),
    }));
    for (const job of [...requeued, ...failed]) await artifacts.remove(job.id);
    if (requeued.length + failed.length > 0) logger.warn({ requeued: requeued.map((job) => job.id), failed: failed.map((job) => job.id) }, 'export jobs left running by a stopped process');
    const jobs = new ExportJobs(dependencies, key);
    jobs.metrics.finished.inc({ outcome: 'failed' }, failed.length);
    return jobs;
  }

  /** Where the jobs' files are. */
  get artifacts(): ArtifactStore {
    return this.dependencies.artifacts;
  }

  /** Starts running queued jobs and sweeping expired ones. */
  start(): void {
    this.#runner.wake();
    this.#sweeper.start();
  }

  /**
   * Creates a job after the same validation as a synchronous export (shops that do not exist, or that the token
   * cannot read, are 404 before any job exists), or returns the job an `Idempotency-Key` made.
   * @throws {ShopzipError} `idempotency_key_reused` (422), `too_many_jobs` (429), `unknown_shops` (404),
   *   `source_unavailable` (503).
   */
  async create(order: JobOrder): Promise<{ job: JobRecord; replayed: boolean }> {
    const { store, exporter, config } = this.dependencies;
    const fingerprint = createHash('sha256').update(JSON.stringify(describeRequest(order.request))).digest('hex');
    const earlier = order.idempotencyKey === null ? undefined : await store.findByKey(order.tokenId, order.idempotencyKey);
    if (earlier !== undefined) return { job: replayOf(earlier, fingerprint), replayed: true };
    const run = await exporter.start(order.request, { deflateLevel: config.deflateLevel, visibleShops: order.visibleShops });
    run.close();
    const outcome = await store.create({
      id: `job_${randomBytes(16).toString('base64url')}`, tokenId: order.tokenId, request: order.request, visibleShops: order.visibleShops,
      fileName: run.plan.fileName, idempotencyKey: order.idempotencyKey, fingerprint, createdAt: Date.now(), creatorTraceparent: order.creatorTraceparent,
    }, config.maxQueuedJobsPerToken);
    switch (outcome.kind) {
      case 'replayed':
        return { job: replayOf(outcome.job, fingerprint), replayed: true };
      case 'key_reused':
        throw keyReused();
      case 'too_many':
        throw new ShopzipError('too_many_jobs', `this token has ${outcome.unfinished} unfinished export jobs; at most ${config.maxQueuedJobsPerToken} may be queued or running`, { retryAfterSeconds: 30 });
      case 'created':
        this.metrics.created.inc();
        this.events.publish(outcome.job);
        this.#runner.wake();
        return { job: outcome.job, replayed: false };
    }
  }

  /** The token's job with this id; undefined for any other (another token's job is not found, like one never made). */
  async find(tokenId: string, id: string): Promise<JobRecord | undefined> {
    const job = await this.dependencies.store.get(id);
    return job?.tokenId === tokenId ? job : undefined;
  }

  /** Any job by id, whoever made it: for a signed download link, which stands for its token. */
  get(id: string): Promise<JobRecord | undefined> {
    return this.dependencies.store.get(id);
  }

  /** Whether the token that made a job still exists unrevoked (a signed link stops working when it does not). */
  tokenActive(tokenId: string): boolean {
    return this.dependencies.tokenActive(tokenId);
  }

  list(tokenId: string, query: ListQuery): Promise<JobPage> {
    return this.dependencies.store.list(tokenId, query);
  }

  /**
   * `DELETE`: a queued or running job is cancelled (a running one's export stopped and its partial file removed
   * before this resolves) and returned; a finished one is deleted with its artifact (`deleted`).
   */
  async cancelOrDelete(job: JobRecord): Promise<{ cancelled: JobRecord } | 'deleted'> {
    const { store, artifacts } = this.dependencies;
    if (isFinished(job.state)) {
      await store.delete(job.id);
      await artifacts.remove(job.artifact?.key ?? job.id);
      return 'deleted';
    }
    const now = Date.now();
    const cancelled = await store.transition(job.id, 'cancelled', { finishedAt: now, expiresAt: now + this.dependencies.config.jobTtlHours * 3_600_000 });
    if (cancelled === undefined) {
      const now = await store.get(job.id); // it finished meanwhile, or was deleted
      return now === undefined ? 'deleted' : this.cancelOrDelete(now);
    }
    this.events.publish(cancelled);
    const ran = await this.#runner.cancel(job.id);
    if (!ran) this.metrics.finished.inc({ outcome: 'cancelled' }); // a run counts its own end
    return { cancelled };
  }

  /** For SIGTERM: running jobs stop and go back to the queue (they run again after the restart). */
  async stop(): Promise<number> {
    this.#sweeper.stop();
    return this.#runner.stop();
  }

  /** Sweeps now (tests move the clock). */
  sweep(now: number): Promise<{ expired: number; deleted: number }> {
    return this.#sweeper.sweep(now);
  }

  close(): Promise<void> {
    return this.dependencies.store.close();
  }
}

/** The job an `Idempotency-Key` made, if the request is the same. @throws {ShopzipError} `idempotency_key_reused`. */
function replayOf(job: JobRecord, fingerprint: string): JobRecord {
  if (job.fingerprint !== fingerprint) throw keyReused();
  return job;
}

function keyReused(): ShopzipError {
  return new ShopzipError('idempotency_key_reused', 'this Idempotency-Key was used for a different request; use a new key for a new export', { parameter: 'Idempotency-Key' });
}
