import { randomUUID } from 'node:crypto';
import { NetworkError, type ApiClient } from '../client/api-client.js';
import { followJob } from '../client/follow-job.js';
import { describeProblem } from '../client/problem-words.js';
import type { ExportRequestBody, Job } from '../client/types.js';
import { downloadArtifact } from './artifact-download.js';
import { CliError, EXIT } from './exit-codes.js';
import { jobProgressView, type ProgressStream } from './progress.js';

/** Connections to the job's event stream that may fail in a row before the command gives up. */
const FOLLOW_FAILURES = 10;

/**
 * `shopzip export` (job mode): starts a job (retrying a dropped request with the same `Idempotency-Key`, so it is
 * never started twice), follows it with a progress bar, then downloads the ZIP with resume.
 * @returns the path of the file, or the job's id with `detach`. @throws {CliError} failed (1) when the job fails.
 */
export async function jobExport(client: ApiClient, request: ExportRequestBody, options: { output: string | undefined; detach: boolean }, io: { stderr: ProgressStream }): Promise<string> {
  const job = await createJob(client, request);
  if (options.detach) return job.id;
  io.stderr.write(`export job ${job.id} started (shopzip jobs show ${job.id})\n`);
  return finishJob(client, job, options.output, io.stderr);
}

/** Follows a job to its end with a progress view, then downloads its ZIP. @returns the file's path. */
export async function finishJob(client: ApiClient, job: Job, output: string | undefined, progress: ProgressStream): Promise<string> {
  let finished = job;
  if (job.state === 'queued' || job.state === 'running') {
    const view = jobProgressView(progress);
    try {
      view.show(job);
      finished = await followJob(client, job.id, (next) => view.show(next), { maxFailures: FOLLOW_FAILURES });
    } finally {
      view.stop();
    }
  }
  if (finished.state !== 'succeeded') throw new CliError(failureOf(finished), EXIT.failed);
  // The event stream's artifact may lack nothing, but a fresh GET also renews the signed URL and the ETag we resume with.
  return downloadArtifact(client, await client.job(job.id), { output, progress });
}

/** Why a job did not succeed, in words. */
export function failureOf(job: Job): string {
  if (job.state === 'failed') return `export job ${job.id} failed: ${job.error === undefined || job.error === null ? 'no reason was given' : describeProblem(job.error)}`;
  if (job.state === 'cancelled') return `export job ${job.id} was cancelled`;
  if (job.state === 'expired') return `export job ${job.id} has expired: its file was removed; start the export again`;
  return `export job ${job.id} is ${job.state}`;
}

async function createJob(client: ApiClient, request: ExportRequestBody): Promise<Job> {
  const key = randomUUID();
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await client.createJob(request, key);
    } catch (error) {
      if (!(error instanceof NetworkError) || attempt === 3) throw error;
    }
  }
}
