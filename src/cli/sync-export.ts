import { rename, rm } from 'node:fs/promises';
import type { ApiClient } from '../client/api-client.js';
import type { ExportRequestBody } from '../client/types.js';
import { fileNameOf } from './file-name.js';
import { byteProgressView, type ProgressStream } from './progress.js';
import { writeBody } from './write-body.js';

/**
 * `shopzip export --sync`: streams the synchronous export into `<file>.part` and renames it when complete, so a
 * broken transfer never leaves a file that looks whole. Such a download cannot resume: it is built while it streams.
 * @returns the path of the file.
 */
export async function syncExport(client: ApiClient, request: ExportRequestBody, output: string | undefined, progress: ProgressStream): Promise<string> {
  const response = await client.send('/v1/exports/orders.zip', { method: 'POST', body: request });
  const path = output ?? fileNameOf(response.headers.get('content-disposition'), 'orders.zip');
  const partial = `${path}.part`;
  const view = byteProgressView(progress, 'received', null);
  try {
    await writeBody(response, partial, { append: false, start: 0, onBytes: (done) => view.show(done) });
  } catch (error) {
    await rm(partial, { force: true });
    throw error;
  } finally {
    view.stop();
  }
  await rename(partial, path);
  return path;
}
