import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { problemOf, ShopzipError } from '../errors.js';
import { startDownload, type DownloadObserver } from '../export/download.js';
import { entriesTotalOf } from '../export/progress.js';
import type { Exporter } from '../export/run.js';
import type { Logger } from '../log.js';
import type { Telemetry } from '../telemetry/export-stages.js';
import type { JobMetrics, JobOutcome } from '../telemetry/job-metrics.js';
import { JobTelemetry } from '../telemetry/job-telemetry.js';
import type { ArtifactStore, ArtifactUpload } from './artifact-store.js';
import { jobPath, NO_PROGRESS, type JobRecord } from './job.js';
import { ProgressTracker } from './job-progress.js';
import type { JobStore } from './job-store.js';

/** Why a running job was stopped: a `DELETE` (its state is cancelled already) or SIGTERM (it goes back to the queue). */
export type StopReason = 'cancelled' | 'shutdown';

/** What running a job needs. */
export interface JobRunDependencies {
  readonly store: JobStore;
  readonly artifacts: ArtifactStore;
  readonly exporter: Exporter;
  readonly telemetry: Telemetry;
  readonly jobMetrics: JobMetrics;
  readonly logger: Logger;
  readonly deflateLevel: number;
  /** How long a finished job's file (or a failed job's record) is kept. */
  readonly ttlMs: number;
  /** Told of every change made to a job. */
  readonly changed: (job: JobRecord) => void;
  /** Whether the token that made a job still exists unrevoked: a revoked token's queued jobs do not run. */
  readonly tokenActive: (tokenId: string) => boolean;
}

/**
 * Runs one claimed job: the same export a download makes (`startDownload`, the same exporter and ZIP writer), its
 * ZIP piped into a new artifact, committed when complete; then the job moves to succeeded, or failed with a
 * problem document. When `signal` aborts (with a {@link StopReason}) the export stops at once, its partial file
 * is removed, and on shutdown the job goes back to the queue. Never throws.
 */
export async function runJob(job: JobRecord, dependencies: JobRunDependencies, signal: AbortSignal): Promise<void> {
  const { store, artifacts, changed } = dependencies;
  const telemetry = new JobTelemetry(dependencies.telemetry, dependencies.jobMetrics, job);
  const progress = new ProgressTracker(async (saved) => {
    const updated = await store.saveProgress(job.id, saved);
    if (updated !== undefined) changed(updated);
  });
  let upload: ArtifactUpload | undefined;
  const end = (outcome: JobOutcome, error?: unknown): void => logEnd(dependencies.logger, job, telemetry.finish(outcome, upload?.bytes ?? 0, error), error);
  try {
    const traced = await store.saveProgress(job.id, NO_PROGRESS, telemetry.traceId);
    if (traced !== undefined) changed(traced);
    upload = await artifacts.create(job.id);
    const download = await startDownload(dependencies.exporter, job.request, {
      deflateLevel: dependencies.deflateLevel, visibleShops: job.visibleShops, observer: observerOf(telemetry, progress), progress: true,
    });
    progress.planned(entriesTotalOf(job.request), download.plan.rowsTotal ?? null);
    await pipeline(download.stream, countBytes(progress), upload.stream, { signal });
    await progress.stop();
    const artifact = await upload.commit();
    const now = Date.now();
    const succeeded = await store.transition(job.id, 'succeeded', {
      finishedAt: now, expiresAt: now + dependencies.ttlMs, progress: { ...progress.progress, bytesWritten: artifact.bytes }, artifact: { key: job.id, ...artifact }, error: null,
    });
    if (succeeded === undefined) {
      await artifacts.remove(job.id); // cancelled as it was committed
      end('cancelled');
      return;
    }
    changed(succeeded);
    end('succeeded');
  } catch (error) {
    await progress.stop();
    await upload?.abort();
    const reason = signal.aborted ? (signal.reason as StopReason) : undefined;
    if (reason === 'cancelled') end('cancelled');
    else if (reason === 'shutdown') await settle(dependencies, job, 'requeued', () => store.transition(job.id, 'queued', { startedAt: null, progress: NO_PROGRESS }), end);
    else await fail(dependencies, job, error, end);
  }
}

async function fail(dependencies: JobRunDependencies, job: JobRecord, error: unknown, end: (outcome: JobOutcome, error?: unknown) => void): Promise<void> {
  const shown = error instanceof ShopzipError ? error : new ShopzipError('internal', 'the export failed; the error has been logged');
  const now = Date.now();
  const problem = problemOf(shown, jobPath(job.id));
  await settle(dependencies, job, 'failed', () => dependencies.store.transition(job.id, 'failed', { finishedAt: now, expiresAt: now + dependencies.ttlMs, error: problem }), end, error);
}

/** Stores the job's new state (unless it was cancelled meanwhile), tells its watchers, ends its telemetry. */
async function settle(
  dependencies: JobRunDependencies, job: JobRecord, outcome: JobOutcome, move: () => Promise<JobRecord | undefined>,
  end: (outcome: JobOutcome, error?: unknown) => void, error?: unknown,
): Promise<void> {
  let moved: JobRecord | undefined;
  try {
    moved = await move();
  } catch (storeError) {
    dependencies.logger.error({ err: storeError, job: job.id }, 'export job: its new state could not be stored');
  }
  if (moved !== undefined) dependencies.changed(moved);
  end(moved === undefined ? 'cancelled' : outcome, error);
}

function observerOf(telemetry: JobTelemetry, progress: ProgressTracker): DownloadObserver {
  return {
    entryStarted: (info) => telemetry.entryStarted(info),
    entryFinished: (info, result) => {
      telemetry.entryFinished(info, result);
      progress.entryFinished();
    },
    onQuery: telemetry.onQuery,
    onFinalize: telemetry.onFinalize,
    rowsWritten: (rows) => progress.rowsWritten(rows),
  };
}

function countBytes(progress: ProgressTracker): Transform {
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      progress.bytesWritten(chunk.length);
      callback(null, chunk);
    },
  });
}

const MESSAGES: Readonly<Record<JobOutcome, string>> = {
  succeeded: 'export job succeeded',
  failed: 'export job failed',
  cancelled: 'export job cancelled',
  requeued: 'export job stopped by shutdown; queued to run again',
};

function logEnd(logger: Logger, job: JobRecord, summary: ReturnType<JobTelemetry['finish']>, error: unknown): void {
  const fields = { job: job.id, shops: job.request.shops.length, formats: job.request.formats, ...summary };
  if (summary.outcome === 'failed') logger.error({ ...fields, err: error }, MESSAGES.failed);
  else logger.info(fields, MESSAGES[summary.outcome]);
}
