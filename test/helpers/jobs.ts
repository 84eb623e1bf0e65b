import { createHash } from 'node:crypto';
import { fetchAll, postJson, type Fetched } from './http.js';

/** A job as the API shows it (the fields tests read). */
export interface JobJson {
  id: string;
  state: 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled' | 'expired';
  request: Record<string, unknown>;
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
  expires_at: string | null;
  progress: { entries_done: number; entries_total: number | null; rows_done: number; rows_total: number | null; bytes_written: number; percent: number; eta_seconds: number | null };
  artifact: { bytes: number; sha256: string; etag: string; download_url: string; download_url_expires_at: string } | null;
  error: Record<string, unknown> | null;
  trace_id: string | null;
}

export const JOBS = '/v1/export-jobs';

/** POSTs a job; the answer with its JSON body parsed. */
export async function postJob(url: string, body: unknown, headers: Record<string, string> = {}): Promise<Fetched & { json: Record<string, unknown> }> {
  const answer = Object.keys(headers).length === 0
    ? await postJson(url, body)
    : await fetchAll(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  return { ...answer, json: JSON.parse(answer.body.toString('utf8')) as Record<string, unknown> };
}

/** GETs a job (with the origin's token). */
export async function getJob(url: string, headers?: Record<string, string>): Promise<JobJson> {
  const { status, body } = await fetchAll(url, headers === undefined ? undefined : { headers });
  if (status !== 200) throw new Error(`GET ${url}: ${status} ${body.toString('utf8')}`);
  return JSON.parse(body.toString('utf8')) as JobJson;
}

/** Polls a job until `done(job)` holds, or fails after `timeoutMs` with the last job seen. */
export async function waitForJob(url: string, done: (job: JobJson) => boolean, headers?: Record<string, string>, timeoutMs = 60_000): Promise<JobJson> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const job = await getJob(url, headers);
    if (done(job)) return job;
    if (Date.now() > deadline) throw new Error(`job did not get there in ${timeoutMs} ms: ${JSON.stringify(job)}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Hex SHA-256. */
export function sha256(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}
