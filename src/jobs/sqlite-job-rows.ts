import type { ExportRequest } from '../export/request.js';
import type { JobRecord, JobState } from './job.js';

/** The `export_jobs` table of the state database (`SHOPZIP_STATE_DB`). Times are milliseconds since the epoch. */
export const JOBS_SCHEMA = `
CREATE TABLE IF NOT EXISTS export_jobs (
  id              TEXT PRIMARY KEY,
  token_id        TEXT NOT NULL,
  state           TEXT NOT NULL,
  request         TEXT NOT NULL,    -- the normalized ExportRequest, JSON
  visible_shops   TEXT,             -- JSON array of slugs, NULL for all shops
  file_name       TEXT NOT NULL,
  idempotency_key TEXT,
  fingerprint     TEXT NOT NULL,
  created_at      INTEGER NOT NULL,
  started_at      INTEGER,
  finished_at     INTEGER,
  expires_at      INTEGER,
  entries_done    INTEGER NOT NULL DEFAULT 0,
  entries_total   INTEGER,
  rows_done       INTEGER NOT NULL DEFAULT 0,
  rows_total      INTEGER,
  bytes_written   INTEGER NOT NULL DEFAULT 0,
  artifact_key    TEXT,
  artifact_bytes  INTEGER,
  artifact_sha256 TEXT,
  error           TEXT,             -- problem document, JSON
  trace_id        TEXT,
  creator_traceparent TEXT,
  deaths          INTEGER NOT NULL DEFAULT 0,
  version         INTEGER NOT NULL DEFAULT 1,
  UNIQUE (token_id, idempotency_key)
);
CREATE INDEX IF NOT EXISTS export_jobs_by_state ON export_jobs (state, created_at);
CREATE INDEX IF NOT EXISTS export_jobs_by_token ON export_jobs (token_id, created_at DESC, id DESC);
CREATE TABLE IF NOT EXISTS settings (name TEXT PRIMARY KEY, value BLOB NOT NULL);
`;

/** A row of `export_jobs` as better-sqlite3 returns it. */
export interface JobRow {
  id: string; token_id: string; state: string; request: string; visible_shops: string | null; file_name: string;
  idempotency_key: string | null; fingerprint: string; created_at: number; started_at: number | null;
  finished_at: number | null; expires_at: number | null; entries_done: number; entries_total: number | null;
  rows_done: number; rows_total: number | null; bytes_written: number; artifact_key: string | null;
  artifact_bytes: number | null; artifact_sha256: string | null; error: string | null; trace_id: string | null;
  creator_traceparent: string | null; deaths: number; version: number;
}

/** A stored row as a {@link JobRecord}. */
export function recordOf(row: JobRow): JobRecord {
  return {
    id: row.id,
    tokenId: row.token_id,
    state: row.state as JobState,
    request: JSON.parse(row.request) as ExportRequest,
    visibleShops: row.visible_shops === null ? null : (JSON.parse(row.visible_shops) as string[]),
    fileName: row.file_name,
    idempotencyKey: row.idempotency_key,
    fingerprint: row.fingerprint,
    createdAt: row.created_at,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    expiresAt: row.expires_at,
    progress: {
      entriesDone: row.entries_done, entriesTotal: row.entries_total, rowsDone: row.rows_done, rowsTotal: row.rows_total, bytesWritten: row.bytes_written,
    },
    artifact: row.artifact_key === null ? null : { key: row.artifact_key, bytes: row.artifact_bytes ?? 0, sha256: row.artifact_sha256 ?? '' },
    error: row.error === null ? null : (JSON.parse(row.error) as Record<string, unknown>),
    traceId: row.trace_id,
    creatorTraceparent: row.creator_traceparent,
    deaths: row.deaths,
    version: row.version,
  };
}

/** Opaque list cursor: where the previous page ended, newest first. */
export function encodeCursor(job: Pick<JobRecord, 'createdAt' | 'id'>): string {
  return Buffer.from(JSON.stringify([job.createdAt, job.id]), 'utf8').toString('base64url');
}

/** The position a cursor encodes, or undefined when it is not one of ours. */
export function decodeCursor(cursor: string): { createdAt: number; id: string } | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(value) && value.length === 2 && Number.isSafeInteger(value[0]) && typeof value[1] === 'string') {
      return { createdAt: value[0] as number, id: value[1] };
    }
  } catch {
    // not JSON: not ours
  }
  return undefined;
}
