import type { Job } from './types.js';

const BYTE_UNITS = ['B', 'kB', 'MB', 'GB', 'TB'];

/** Bytes for people: `1.4 MB`, `512 B` (decimal units, as browsers' download managers show them). */
export function formatBytes(bytes: number): string {
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < BYTE_UNITS.length - 1) {
    value /= 1000;
    unit += 1;
  }
  return unit === 0 ? `${value} B` : `${value.toFixed(value < 10 ? 1 : 0)} ${BYTE_UNITS[unit]}`;
}

/** Time left for people: `about 5 s`, `about 3 min`, `about 2 h`. */
export function formatDuration(seconds: number): string {
  if (seconds < 60) return `about ${Math.max(1, Math.round(seconds))} s`;
  if (seconds < 3600) return `about ${Math.round(seconds / 60)} min`;
  return `about ${(seconds / 3600).toFixed(1)} h`;
}

/** A job's progress in one line: `45% · 12,345 of 30,000 rows · 1.4 MB · about 5 s left`. */
export function progressSummary(job: Job, locale?: string): string {
  const { progress } = job;
  const parts: string[] = [];
  if (progress.percent !== null) parts.push(`${Math.floor(progress.percent)}%`);
  const rows = progress.rows_done.toLocaleString(locale);
  parts.push(progress.rows_total === null ? `${rows} rows` : `${rows} of ${progress.rows_total.toLocaleString(locale)} rows`);
  parts.push(formatBytes(job.artifact?.bytes ?? progress.bytes_written));
  if (job.state === 'running' && progress.eta_seconds !== null) parts.push(`${formatDuration(progress.eta_seconds)} left`);
  return parts.join(' · ');
}
