import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, open, rename, rm, stat, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { Writable, type Readable } from 'node:stream';
import { ShopzipError } from '../errors.js';
import type { ArtifactStat, ArtifactStore, ArtifactUpload } from './artifact-store.js';

const KEY = /^[A-Za-z0-9_-]{1,128}$/;

/**
 * Artifacts as files `<key>.zip` in one directory (`SHOPZIP_ARTIFACT_DIR`). A file is written as
 * `<key>.zip.partial`, fsynced, renamed to its name and the directory fsynced, so a partial file is never served,
 * and a crash leaves at most a `.partial` that the next attempt replaces.
 */
export class FileArtifactStore implements ArtifactStore {
  constructor(readonly directory: string) {}

  async create(key: string): Promise<ArtifactUpload> {
    const path = this.#path(key);
    try {
      await mkdir(this.directory, { recursive: true });
      const handle = await open(`${path}.partial`, 'w');
      return new FileUpload(handle, path, this.directory);
    } catch (error) {
      throw writeFailed(error);
    }
  }

  async stat(key: string): Promise<ArtifactStat | undefined> {
    try {
      const facts = await stat(this.#path(key));
      return { bytes: facts.size, modifiedAt: facts.mtime };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
  }

  read(key: string, range?: { readonly start: number; readonly end: number }): Readable {
    return createReadStream(this.#path(key), { ...range, highWaterMark: 64 * 1024 });
  }

  async remove(key: string): Promise<void> {
    const path = this.#path(key);
    await Promise.all([rm(path, { force: true }), rm(`${path}.partial`, { force: true })]);
  }

  #path(key: string): string {
    if (!KEY.test(key)) throw new TypeError(`not an artifact key: ${JSON.stringify(key)}`);
    return join(this.directory, `${key}.zip`);
  }
}

/** One artifact being written to `<path>.partial`, hashed on the way. */
class FileUpload implements ArtifactUpload {
  readonly stream: Writable;
  #bytes = 0;
  readonly #hash = createHash('sha256');
  #state: 'writing' | 'committed' | 'aborted' = 'writing';

  constructor(private readonly handle: FileHandle, private readonly path: string, private readonly directory: string) {
    this.stream = new Writable({
      highWaterMark: 256 * 1024,
      write: (chunk: Buffer, _encoding, callback) => {
        this.#hash.update(chunk);
        this.#bytes += chunk.length;
        handle.write(chunk).then(() => callback(), (error: unknown) => callback(writeFailed(error)));
      },
      final: (callback) => {
        handle.sync().then(() => callback(), (error: unknown) => callback(writeFailed(error)));
      },
    });
  }

  get bytes(): number {
    return this.#bytes;
  }

  async commit(): Promise<{ bytes: number; sha256: string }> {
    if (this.#state !== 'writing' || !this.stream.writableFinished) throw new Error('commit() needs a finished, uncommitted upload');
    try {
      await this.handle.close();
      await rename(`${this.path}.partial`, this.path);
      await syncDirectory(this.directory);
    } catch (error) {
      await this.abort();
      throw writeFailed(error);
    }
    this.#state = 'committed';
    return { bytes: this.#bytes, sha256: this.#hash.digest('hex') };
  }

  async abort(): Promise<void> {
    if (this.#state !== 'writing') return;
    this.#state = 'aborted';
    this.stream.destroy();
    await this.handle.close().catch(() => undefined);
    await rm(`${this.path}.partial`, { force: true });
  }
}

/** Makes a rename durable: the directory entry is on disk once its directory is fsynced. */
async function syncDirectory(directory: string): Promise<void> {
  const handle = await open(directory, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

function writeFailed(error: unknown): ShopzipError {
  if (error instanceof ShopzipError) return error;
  const code = (error as NodeJS.ErrnoException).code;
  return new ShopzipError('artifact_write_failed', `the export file could not be written${code === undefined ? '' : ` (${code})`}`, {}, { cause: error });
}
