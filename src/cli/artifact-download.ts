import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { rename, rm, stat } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import { jobPath, NetworkError, type ApiClient } from '../client/api-client.js';
import { delay } from '../client/follow-job.js';
import type { Job, JobArtifact } from '../client/types.js';
import { CliError, EXIT } from './exit-codes.js';
import { fileNameOf } from './file-name.js';
import { byteProgressView, type ProgressStream } from './progress.js';
import { writeBody } from './write-body.js';

export interface DownloadOptions {
  /** Where to write the ZIP; by default the name the service suggests, in the current folder. */
  readonly output?: string | undefined;
  readonly progress: ProgressStream;
  /** Attempts in a row that may break without a byte gained before the download gives up; default 5. */
  readonly maxFailures?: number;
  /** The first wait between attempts, doubled after each, in milliseconds; default 500. */
  readonly retryDelayMs?: number;
}

/**
 * Downloads a succeeded job's ZIP with resume, like `curl -C -`: the bytes go to `<file>.<sha-prefix>.part`; after a
 * dropped connection the download goes on with `Range` (and `If-Range`, so a changed file starts again), and a
 * partial file from an earlier run of the same artifact is taken up where it stopped. The finished file is checked
 * against the job's SHA-256 before it takes its name; when it does not match, it is downloaded once more from zero.
 * @returns the path of the file. @throws {CliError} failed (1) when the bytes do not match the SHA-256,
 * {@link NetworkError} when the connection keeps breaking.
 */
export async function downloadArtifact(client: ApiClient, job: Job, options: DownloadOptions): Promise<string> {
  const artifact = job.artifact;
  if (job.state !== 'succeeded' || artifact === undefined || artifact === null) {
    throw new CliError(`job ${job.id} has no file to download (it is ${job.state})`, EXIT.failed);
  }
  const path = jobPath(job.id, '/download');
  const head = await client.send(path, { method: 'HEAD' });
  const file = options.output ?? fileNameOf(head.headers.get('content-disposition'), `shopzip-${job.id}.zip`);
  const partial = `${file}.${artifact.sha256.slice(0, 12)}.part`;
  // A mismatch may come from a partial file of an earlier run that went wrong: the second try starts from zero.
  for (let attempt = 1; ; attempt += 1) {
    const view = byteProgressView(options.progress, 'downloaded', artifact.bytes);
    try {
      await fetchWithResume(client, path, partial, artifact, options, (done) => view.show(done));
    } finally {
      view.stop();
    }
    if (await sha256Of(partial) === artifact.sha256) break;
    await rm(partial, { force: true });
    if (attempt === 2) throw new CliError(`the downloaded file does not match the job's SHA-256 (${artifact.sha256}); it was removed`, EXIT.failed);
    options.progress.write('the file does not match the job\'s SHA-256; downloading it again from the start\n');
  }
  await rename(partial, file);
  return file;
}

async function fetchWithResume(client: ApiClient, path: string, partial: string, artifact: JobArtifact, options: DownloadOptions, onBytes: (done: number) => void): Promise<void> {
  let failures = 0;
  let wait = options.retryDelayMs ?? 500;
  for (let have = await sizeOf(partial); have < artifact.bytes;) {
    onBytes(have);
    const headers: Record<string, string> = have === 0 ? {} : { range: `bytes=${have}-`, 'if-range': artifact.etag };
    try {
      const response = await client.send(path, { headers });
      const resumed = response.status === 206 && response.headers.get('content-range')?.startsWith(`bytes ${have}-`) === true;
      await writeBody(response, partial, { append: resumed, start: resumed ? have : 0, onBytes });
    } catch (error) {
      if (!(error instanceof NetworkError)) throw error;
    }
    const now = await sizeOf(partial);
    if (now >= artifact.bytes) return;
    if (now > have) {
      failures = 0;
      wait = options.retryDelayMs ?? 500;
    }
    failures += 1;
    if (failures >= (options.maxFailures ?? 5)) throw new NetworkError(client.url(path));
    options.progress.write(`connection lost at ${now} of ${artifact.bytes} bytes; resuming\n`);
    await delay(wait);
    wait *= 2;
    have = now;
  }
}

async function sizeOf(path: string): Promise<number> {
  try {
    return (await stat(path)).size;
  } catch {
    return 0;
  }
}

async function sha256Of(path: string): Promise<string> {
  const hash = createHash('sha256');
  await pipeline(createReadStream(path), hash);
  return hash.digest('hex');
}
