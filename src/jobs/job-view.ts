import { describeRequest } from '../export/request.js';
import type { JobProgress, JobRecord, ProblemDocument } from './job.js';

/** A job as the API shows it (snake_case; absent facts are null, so the shape never changes). */
export interface JobView {
  readonly id: string;
  readonly state: JobRecord['state'];
  readonly request: Record<string, unknown>;
  readonly created_at: string;
  readonly started_at: string | null;
  readonly finished_at: string | null;
  readonly expires_at: string | null;
  readonly progress: ProgressView;
  readonly artifact: ArtifactView | null;
  readonly error: ProblemDocument | null;
  readonly trace_id: string | null;
}

export interface ProgressView {
  readonly entries_done: number;
  readonly entries_total: number | null;
  readonly rows_done: number;
  readonly rows_total: number | null;
  readonly bytes_written: number;
  /** 0-100 with one decimal: rows written of rows total (entries when the export has no rows); 100 once succeeded. */
  readonly percent: number;
  /** Seconds left at the pace so far, while running; 0 once succeeded; null when unknown. */
  readonly eta_seconds: number | null;
}

export interface ArtifactView {
  readonly bytes: number;
  readonly sha256: string;
  readonly etag: string;
  readonly download_url: string;
  readonly download_url_expires_at: string;
}

/** A fresh signed link to a succeeded job's artifact. */
export interface DownloadLink {
  readonly url: string;
  readonly expiresAt: Date;
}

/** The strong ETag of an artifact: its SHA-256, the same whichever URL serves it. */
export function etagOf(sha256: string): string {
  return `"${sha256}"`;
}

/** The API's view of a job at `now`; `link` is its signed download link when it has succeeded. */
export function jobView(job: JobRecord, now: number, link?: DownloadLink): JobView {
  const artifact = job.state === 'succeeded' && job.artifact !== null && link !== undefined
    ? { bytes: job.artifact.bytes, sha256: job.artifact.sha256, etag: etagOf(job.artifact.sha256), download_url: link.url, download_url_expires_at: link.expiresAt.toISOString() }
    : null;
  return {
    id: job.id,
    state: job.state,
    request: describeRequest(job.request),
    created_at: iso(job.createdAt)!,
    started_at: iso(job.startedAt),
    finished_at: iso(job.finishedAt),
    expires_at: iso(job.expiresAt),
    progress: progressView(job, now),
    artifact,
    error: job.state === 'failed' ? job.error : null,
    trace_id: job.traceId,
  };
}

function progressView(job: JobRecord, now: number): ProgressView {
  const { entriesDone, entriesTotal, rowsDone, rowsTotal, bytesWritten } = job.progress;
  const done = job.state === 'succeeded' || job.state === 'expired';
  return {
    entries_done: entriesDone,
    entries_total: entriesTotal,
    rows_done: rowsDone,
    rows_total: rowsTotal,
    bytes_written: bytesWritten,
    percent: done ? 100 : percentOf(job.progress),
    eta_seconds: done ? 0 : job.state === 'running' && job.startedAt !== null ? etaOf(job.progress, now - job.startedAt) : null,
  };
}

function percentOf({ rowsDone, rowsTotal, entriesDone, entriesTotal }: JobProgress): number {
  const [part, whole] = rowsTotal === null ? [0, 1] : rowsTotal > 0 ? [rowsDone, rowsTotal] : [entriesDone, entriesTotal ?? 1];
  return Math.min(100, Math.floor((part / Math.max(1, whole)) * 1000) / 10);
}

function etaOf({ rowsDone, rowsTotal }: JobProgress, elapsedMs: number): number | null {
  if (rowsTotal === null || rowsDone === 0 || elapsedMs <= 0) return null;
  return Math.ceil(((rowsTotal - Math.min(rowsDone, rowsTotal)) * (elapsedMs / rowsDone)) / 1000);
}

function iso(ms: number | null): string | null {
  return ms === null ? null : new Date(ms).toISOString();
}
