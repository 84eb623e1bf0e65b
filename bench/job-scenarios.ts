import { setTimeout as sleep } from 'node:timers/promises';
import { download, type DownloadResult } from './client.js';
import type { BenchDatabase } from './databases.js';
import { measure, type Measurement } from './measure.js';
import type { Client } from './scenarios.js';
import type { ServerProcess } from './service.js';

const CONCURRENT_DOWNLOADS = 4;
const POLL_MS = 100;

interface JobAnswer {
  readonly id: string;
  readonly state: string;
  readonly artifact: { readonly bytes: number; readonly download_url: string } | null;
  readonly error: unknown;
}

/**
 * Scenarios 5 and 6, on one server: (5) scenario 1 (every shop, CSV + XLSX) as an export job, from the `POST` until
 * `GET` shows it succeeded (polled every 100 ms), its file written to disk; (6) that file downloaded by 4 clients at
 * once over its signed link. (6) reports MB/s over the four and the server's CPU seconds per GB sent.
 */
export async function jobScenarios(server: ServerProcess, database: BenchDatabase, client: Client): Promise<Measurement[]> {
  const common = { system: 'shopzip' as const, databaseOrders: database.orders, orders: database.orders };
  let file: JobAnswer['artifact'] = null;
  const job = await measure(server, { ...common, id: '5', title: 'shopzip, 1 as an export job, file written to disk' }, async () => {
    const result = await runJob(server, database, client);
    file = result.artifact;
    return { downloads: [result.download] };
  });
  const artifact = file as JobAnswer['artifact'];
  if (artifact === null) throw new Error('the job left no file');
  const title = `shopzip, the file of 5 downloaded by ${CONCURRENT_DOWNLOADS} clients at once`;
  const downloads = await measure(server, { ...common, id: '6', title, orders: database.orders * CONCURRENT_DOWNLOADS }, async () => {
    const results = await Promise.all(Array.from({ length: CONCURRENT_DOWNLOADS }, () => download(artifact.download_url)));
    for (const result of results) {
      if (result.bytes !== artifact.bytes || !result.endsLikeZip) throw new Error(`a download got ${result.bytes} of ${artifact.bytes} bytes`);
    }
    return { downloads: results };
  });
  const perGb = downloads.cpuSeconds / (downloads.bytes / 1e9);
  return [job, { ...downloads, notes: `${(downloads.bytes / 1e6).toFixed(0)} MB sent; server CPU ${perGb.toFixed(2)} s per GB` }];
}

/** POSTs the job and polls it to its end. Its "first byte" is the 202 answer. */
async function runJob(server: ServerProcess, database: BenchDatabase, client: Client): Promise<{ download: DownloadResult; artifact: JobAnswer['artifact'] }> {
  const sent = performance.now();
  const created = await fetch(`${server.url}/v1/export-jobs`, {
    method: 'POST', headers: { ...client.headers, 'content-type': 'application/json' }, body: JSON.stringify({ shops: database.shops, formats: ['csv', 'xlsx'] }),
  });
  const accepted = performance.now();
  let job = (await created.json()) as JobAnswer;
  if (created.status !== 202) throw new Error(`POST /v1/export-jobs: ${created.status} ${JSON.stringify(job)}`);
  while (job.state === 'queued' || job.state === 'running') {
    await sleep(POLL_MS);
    job = (await (await fetch(`${server.url}/v1/export-jobs/${job.id}`, { headers: client.headers })).json()) as JobAnswer;
  }
  if (job.state !== 'succeeded' || job.artifact === null) throw new Error(`the job ended ${job.state}: ${JSON.stringify(job.error)}`);
  const ended = performance.now();
  return { download: { bytes: job.artifact.bytes, ttfbMs: accepted - sent, wallMs: ended - sent, endsLikeZip: true, aborted: false }, artifact: job.artifact };
}
