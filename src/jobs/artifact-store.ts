import type { Readable, Writable } from 'node:stream';

/** A committed artifact's facts. */
export interface ArtifactStat {
  readonly bytes: number;
  /** When it was committed. */
  readonly modifiedAt: Date;
}

/** An artifact being written; nothing is visible under its key until {@link commit}. */
export interface ArtifactUpload {
  /** Write the bytes here; it fails with ShopzipError `artifact_write_failed` when they cannot be stored. */
  readonly stream: Writable;
  /** Bytes taken so far. */
  readonly bytes: number;
  /**
   * Once `stream` has finished: makes the artifact durable and visible under its key, all at once.
   * @throws {ShopzipError} `artifact_write_failed`.
   */
  commit(): Promise<{ readonly bytes: number; readonly sha256: string }>;
  /** Stops writing and removes what was written; safe after commit (does nothing then) and twice. */
  abort(): Promise<void>;
}

/**
 * Where finished exports are kept, by key (a job id): files in a directory now; an object store later, for
 * several replicas. Reads are ranges of a committed artifact, streamed at constant memory.
 */
export interface ArtifactStore {
  /**
   * Starts writing the artifact `key` (replacing any partial one left by an earlier attempt).
   * @throws {ShopzipError} `artifact_write_failed` when the store cannot be written.
   */
  create(key: string): Promise<ArtifactUpload>;
  /** The committed artifact's size and time; undefined when there is none. */
  stat(key: string): Promise<ArtifactStat | undefined>;
  /** Bytes `start` to `end` (inclusive) of the committed artifact, or all of it. */
  read(key: string, range?: { readonly start: number; readonly end: number }): Readable;
  /** Removes the artifact and any partial one; nothing when there is none. */
  remove(key: string): Promise<void>;
}
