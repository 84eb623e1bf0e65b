import Router from '@koa/router';
import { Readable } from 'node:stream';
import type { Context, Next } from 'koa';
import type { TokenStore } from '../../auth/token-store.js';
import type { Config } from '../../config.js';
import { ShopzipError } from '../../errors.js';
import type { ExportJobs } from '../../jobs/export-jobs.js';
import type { JobRecord } from '../../jobs/job.js';
import { etagOf } from '../../jobs/job-view.js';
import { serveFile } from '../artifact-response.js';
import type { Logger } from '../../log.js';
import { authenticate } from '../authenticate.js';
import { watchIdleSend } from '../idle-send-timeout.js';
import { refuseWhenDraining, type Lifecycle } from '../lifecycle.js';
import { JOBS_PATH, ownJob } from './jobs.js';

export interface DownloadRouteDependencies {
  readonly config: Pick<Config, 'idleSendTimeoutMs'>;
  readonly logger: Logger;
  readonly tokens: TokenStore;
  readonly jobs: ExportJobs;
  readonly lifecycle: Lifecycle;
}

const STATUSES = new Set([200, 206, 304, 403, 404, 409, 410, 412, 416]);

/**
 * `GET` and `HEAD /v1/export-jobs/{id}/download`: a succeeded job's ZIP, with the bearer token of its creator, or
 * through its signed link (`expires` and `signature` in the query, no token). Served like a static file (see
 * `serveFile`): ranges, validators, conditional requests. 403 for a bad or expired link, 409 before the job
 * succeeded, 410 once its file has expired.
 */
export function downloadRoutes(dependencies: DownloadRouteDependencies): Router {
  const router = new Router();
  const path = `${JOBS_PATH}/:id/download`;
  const bearer = authenticate(dependencies.tokens);
  const handlers = [
    countDownload(dependencies.jobs),
    refuseWhenDraining(dependencies.lifecycle),
    (context: Context, next: Next) => (isSigned(context) ? next() : bearer(context, next)),
    (context: Context) => download(context, dependencies),
  ] as const;
  router.get(path, ...handlers);
  router.head(path, ...handlers);
  return router;
}

async function download(context: Context, dependencies: DownloadRouteDependencies): Promise<void> {
  const job = await jobOf(context, dependencies);
  if (job.state === 'expired') throw new ShopzipError('artifact_expired', 'this export has expired and its file was removed; start a new export job');
  if (job.state !== 'succeeded' || job.artifact === null) {
    throw new ShopzipError('artifact_not_ready', `this export job is ${job.state}; its file can be downloaded once it has succeeded`);
  }
  const { artifact } = job;
  const stat = await dependencies.jobs.artifacts.stat(artifact.key);
  if (stat === undefined) throw new ShopzipError('artifact_expired', 'this export\'s file is gone; start a new export job');
  serveFile(context, {
    bytes: stat.bytes, sha256: artifact.sha256, etag: etagOf(artifact.sha256), lastModified: stat.modifiedAt, fileName: job.fileName,
    open: (range) => dependencies.jobs.artifacts.read(artifact.key, range),
  });
  if (context.body instanceof Readable) watchDownload(context, dependencies, job);
}

/** Like an export: the shutdown grace, and aborted when its client has taken nothing for the idle-send timeout. */
function watchDownload(context: Context, { config, logger, lifecycle }: DownloadRouteDependencies, job: JobRecord): void {
  lifecycle.track(context.res);
  watchIdleSend(context.res, config.idleSendTimeoutMs, () => {
    logger.warn({ job: job.id, idleSendTimeoutMs: config.idleSendTimeoutMs }, 'aborting a job file download whose client stopped reading');
    context.res.destroy();
  });
}

/** The job named in the path: through its signed link, or the bearer token's own job. */
async function jobOf(context: Context, { jobs }: DownloadRouteDependencies): Promise<JobRecord> {
  if (!isSigned(context)) return ownJob(context, jobs);
  const { expires, signature } = context.query;
  const id = (context.params as { id: string }).id;
  const check = typeof expires === 'string' && typeof signature === 'string' ? jobs.links.check(id, expires, signature, Date.now()) : 'invalid';
  if (check !== 'valid') {
    throw new ShopzipError('invalid_signature', check === 'expired' ? 'this download link has expired; get a fresh one: GET the job again' : 'this download link is not valid');
  }
  const job = await jobs.get(id);
  if (job === undefined) throw new ShopzipError('not_found', `no export job ${id}`);
  if (!jobs.tokenActive(job.tokenId)) throw new ShopzipError('invalid_signature', 'this download link is no longer valid: the token it was made for was revoked');
  return job;
}

/** Whether the request comes through a signed link (which then must be valid) rather than with a token. */
function isSigned(context: Context): boolean {
  return context.query.expires !== undefined || context.query.signature !== undefined;
}

/** Counts every answer of the download route by status (`shopzip_export_job_downloads_total`). */
function countDownload(jobs: ExportJobs) {
  return async function countDownloadAnswer(context: Context, next: Next): Promise<void> {
    try {
      await next();
    } catch (error) {
      const status = (error as { status?: unknown }).status;
      if (typeof status === 'number' && STATUSES.has(status)) jobs.metrics.downloads.inc({ status: String(status) });
      throw error;
    }
    if (STATUSES.has(context.status)) jobs.metrics.downloads.inc({ status: String(context.status) });
  };
}
