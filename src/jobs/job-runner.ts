import type { JobRecord } from './job.js';
import { runJob, type JobRunDependencies, type StopReason } from './job-run.js';

interface RunningJob {
  readonly stop: AbortController;
  readonly done: Promise<void>;
}

/**
 * Takes queued jobs, oldest first, and runs at most `maxRunning` at once (`SHOPZIP_MAX_RUNNING_JOBS`), each in the
 * export workers like a download (see `runJob`). Claiming is the store's one atomic statement, so runners in
 * several processes sharing the store never take the same job.
 */
export class JobRunner {
  readonly #running = new Map<string, RunningJob>();
  #accepting = true;
  #pumping = false;
  #again = false;

  constructor(private readonly dependencies: JobRunDependencies, private readonly maxRunning: number) {}

  /** Jobs running in this process now. */
  get running(): number {
    return this.#running.size;
  }

  /** Looks for queued jobs to run (after a job was created, or one ended). */
  wake(): void {
    void this.#pump();
  }

  /**
   * Stops a job running here, whose state is cancelled already: its export stops at once and its partial file
   * is removed. Resolves when that is done, with whether it ran here.
   */
  cancel(jobId: string): Promise<boolean> {
    return this.#stop(jobId, 'cancelled');
  }

  /** For SIGTERM: takes no more jobs, stops the running ones and puts them back in the queue; resolves once done. */
  async stop(): Promise<number> {
    this.#accepting = false;
    const ids = [...this.#running.keys()];
    await Promise.all(ids.map((id) => this.#stop(id, 'shutdown')));
    return ids.length;
  }

  async #stop(jobId: string, reason: StopReason): Promise<boolean> {
    const running = this.#running.get(jobId);
    if (running === undefined) return false;
    running.stop.abort(reason);
    await running.done;
    return true;
  }

  async #pump(): Promise<void> {
    if (this.#pumping) {
      this.#again = true;
      return;
    }
    this.#pumping = true;
    try {
      do {
        this.#again = false;
        while (this.#accepting && this.#running.size < this.maxRunning) {
          const job = await this.dependencies.store.claim(Date.now());
          if (job === undefined) break;
          if (this.dependencies.tokenActive(job.tokenId)) this.#start(job);
          else await this.#refuse(job);
        }
      } while (this.#again);
    } catch (error) {
      this.dependencies.logger.error({ err: error }, 'export jobs: could not take a queued job');
    } finally {
      this.#pumping = false;
    }
  }

  /** A claimed job whose token was revoked since it was queued is cancelled instead of run. */
  async #refuse(job: JobRecord): Promise<void> {
    const { store, changed, jobMetrics, logger, ttlMs } = this.dependencies;
    const now = Date.now();
    const cancelled = await store.transition(job.id, 'cancelled', { finishedAt: now, expiresAt: now + ttlMs });
    if (cancelled === undefined) return;
    changed(cancelled);
    jobMetrics.finished.inc({ outcome: 'cancelled' });
    logger.info({ job: job.id }, 'export job cancelled: its token was revoked');
  }

  #start(job: JobRecord): void {
    this.dependencies.changed(job);
    const stop = new AbortController();
    const done = runJob(job, this.dependencies, stop.signal).finally(() => {
      this.#running.delete(job.id);
      this.wake();
    });
    this.#running.set(job.id, { stop, done });
  }
}
