import Router from '@koa/router';
import type { Context } from 'koa';
import { readableShops, type TokenStore } from '../../auth/token-store.js';
import type { Config } from '../../config.js';
import { ShopzipError } from '../../errors.js';
import { parseExportRequest } from '../../export/request.js';
import type { ExportJobs } from '../../jobs/export-jobs.js';
import { jobPath, type JobRecord } from '../../jobs/job.js';
import { jobView, type JobView } from '../../jobs/job-view.js';
import { requestParentContext, traceparentOf } from '../../telemetry/tracing.js';
import { authenticate, principalOf } from '../authenticate.js';
import { idempotencyKeyOf, listQueryOf } from '../job-parameters.js';
import { streamJobEvents } from '../job-event-stream.js';
import { readJsonObject } from '../json-body.js';
import { refuseWhenDraining, type Lifecycle } from '../lifecycle.js';

export interface JobRouteDependencies {
  readonly config: Config;
  readonly tokens: TokenStore;
  readonly jobs: ExportJobs;
  readonly lifecycle: Lifecycle;
}

export const JOBS_PATH = '/v1/export-jobs';

/**
 * `/v1/export-jobs`: create a job (`POST`), list a token's jobs, read one, follow one (`/events`), cancel or
 * delete one. A token sees only its own jobs: any other id is 404, like one that never existed.
 */
export function jobRoutes(dependencies: JobRouteDependencies): Router {
  const { jobs, tokens } = dependencies;
  const router = new Router();
  const bearer = authenticate(tokens);
  router.post(JOBS_PATH, refuseWhenDraining(dependencies.lifecycle), bearer, (context) => createJob(context, dependencies));
  router.get(JOBS_PATH, bearer, async (context) => {
    const page = await jobs.list(principalOf(context).tokenId, listQueryOf(context.query));
    answer(context, 200, { jobs: page.jobs.map(viewer(context, dependencies)), next_cursor: page.nextCursor });
  });
  router.get(`${JOBS_PATH}/:id`, bearer, async (context) => answer(context, 200, viewer(context, dependencies)(await ownJob(context, jobs))));
  router.get(`${JOBS_PATH}/:id/events`, bearer, async (context) => streamJobEvents(context, await ownJob(context, jobs), jobs.events, viewer(context, dependencies)));
  router.delete(`${JOBS_PATH}/:id`, bearer, async (context) => {
    const result = await jobs.cancelOrDelete(await ownJob(context, jobs));
    if (result === 'deleted') context.status = 204;
    else answer(context, 200, viewer(context, dependencies)(result.cancelled));
  });
  return router;
}

async function createJob(context: Context, dependencies: JobRouteDependencies): Promise<void> {
  const { config, jobs } = dependencies;
  const principal = principalOf(context);
  const key = idempotencyKeyOf(context);
  const raw = await readJsonObject(context, config.maxBodyBytes);
  const request = parseExportRequest(raw, 'body', { maxShops: config.maxShopsPerRequest, maxSpanDays: config.maxSpanDays });
  const { job, replayed } = await jobs.create({
    tokenId: principal.tokenId, visibleShops: readableShops(principal), request, idempotencyKey: key,
    creatorTraceparent: traceparentOf(requestParentContext(context.headers)),
  });
  context.set('Location', jobPath(job.id));
  if (replayed) context.set('Idempotent-Replayed', 'true');
  answer(context, replayed ? 200 : 202, viewer(context, dependencies)(job));
}

/** The job of the `:id` in the path, if it is the caller's. @throws {ShopzipError} `not_found` otherwise. */
export async function ownJob(context: Context, jobs: ExportJobs): Promise<JobRecord> {
  const id = (context.params as { id: string }).id;
  const job = await jobs.find(principalOf(context).tokenId, id);
  if (job === undefined) throw new ShopzipError('not_found', `no export job ${id}`);
  return job;
}

/** How this request shows jobs: a succeeded one with a fresh signed download link, absolute. */
function viewer(context: Context, { config, jobs }: JobRouteDependencies): (job: JobRecord) => JobView {
  const base = config.publicUrl ?? `${context.protocol}://${context.host}`;
  return (job) => {
    const now = Date.now();
    if (job.state !== 'succeeded') return jobView(job, now);
    const signed = jobs.links.sign(job.id, now);
    return jobView(job, now, { url: `${base}${jobPath(job.id)}/download?${signed.query}`, expiresAt: signed.expiresAt });
  };
}

function answer(context: Context, status: number, body: unknown): void {
  context.status = status;
  context.set('Cache-Control', 'no-store');
  context.body = body;
}
