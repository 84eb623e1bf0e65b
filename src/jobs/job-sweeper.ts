import type { Logger } from '../log.js';
import type { ArtifactStore } from './artifact-store.js';
import type { JobRecord } from './job.js';
import type { JobStore } from './job-store.js';

/** How often the sweeper looks for expired artifacts and old records. */
const SWEEP_INTERVAL_MS = 60_000;

/**
 * Expires what jobs leave behind: a succeeded job's file is removed once its `expires_at` has come
 * (`SHOPZIP_JOB_TTL_HOURS` after it finished) and the job becomes `expired`; records of finished jobs are deleted a
 * further TTL later.
 */
export class JobSweeper {
  #timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly store: JobStore,
    private readonly artifacts: ArtifactStore,
    private readonly ttlMs: number,
    private readonly changed: (job: JobRecord) => void,
    private readonly logger: Logger,
  ) {}

  /** Sweeps now and then every minute. */
  start(): void {
    const sweep = (): void => {
      this.sweep(Date.now()).catch((error: unknown) => this.logger.error({ err: error }, 'export jobs: the sweep failed'));
    };
    sweep();
    this.#timer = setInterval(sweep, SWEEP_INTERVAL_MS);
    this.#timer.unref();
  }

  stop(): void {
    clearInterval(this.#timer);
  }

  /** Expires and deletes what is due at `now`; returns how many of each. */
  async sweep(now: number): Promise<{ expired: number; deleted: number }> {
    const expired = await this.store.expire(now);
    for (const job of expired) {
      await this.artifacts.remove(job.artifact?.key ?? job.id);
      this.changed(job);
    }
    const deleted = await this.store.purge(now, this.ttlMs);
    for (const job of deleted) await this.artifacts.remove(job.artifact?.key ?? job.id);
    if (expired.length + deleted.length > 0) this.logger.info({ expired: expired.length, deleted: deleted.length }, 'export jobs swept');
    return { expired: expired.length, deleted: deleted.length };
  }
}
