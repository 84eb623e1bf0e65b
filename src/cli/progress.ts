import cliProgress from 'cli-progress';
import { formatBytes, formatDuration, progressSummary } from '../client/progress-text.js';
import type { Job } from '../client/types.js';

/** Shows something's progress; `stop` leaves the last state on screen. */
export interface ProgressView<T> {
  show(value: T): void;
  stop(): void;
}

/** Where the views write: stderr, so that stdout carries only the command's result (the file's path). */
export interface ProgressStream {
  readonly isTTY?: boolean;
  write(text: string): boolean;
}

/** Plain lines, not more often than every `intervalMs` unless forced: for logs and pipes, where a bar is noise. */
function lineWriter(stream: ProgressStream, intervalMs: number): (line: string, force: boolean) => void {
  let last = '';
  let lastAt = 0;
  return (line, force) => {
    const now = Date.now();
    if (line === last || (!force && now - lastAt < intervalMs)) return;
    stream.write(`${line}\n`);
    last = line;
    lastAt = now;
  };
}

function bar(stream: ProgressStream, format: string): cliProgress.SingleBar {
  return new cliProgress.SingleBar({ format, stream: stream as NodeJS.WritableStream, hideCursor: true, barsize: 24 }, cliProgress.Presets.shades_classic);
}

/**
 * A job's progress: a bar with percent, rows and time left on a terminal; otherwise a line when the state changes
 * and at most every `intervalMs` while it runs.
 */
export function jobProgressView(stream: ProgressStream, intervalMs = 2000): ProgressView<Job> {
  if (stream.isTTY !== true) {
    const write = lineWriter(stream, intervalMs);
    let state = '';
    return {
      show: (job) => {
        write(`job ${job.id}: ${job.state} · ${progressSummary(job)}`, job.state !== state);
        state = job.state;
      },
      stop: () => undefined,
    };
  }
  const view = bar(stream, ' {bar} {percentage}% | {state} | {rows} | {left}');
  let started = false;
  return {
    show: (job) => {
      const { progress } = job;
      const payload = {
        state: job.state,
        rows: progress.rows_total === null ? `${progress.rows_done.toLocaleString()} rows` : `${progress.rows_done.toLocaleString()} of ${progress.rows_total.toLocaleString()} rows`,
        left: job.state === 'running' && progress.eta_seconds !== null ? `${formatDuration(progress.eta_seconds)} left` : '',
      };
      const percent = Math.floor(progress.percent ?? (job.state === 'succeeded' ? 100 : 0));
      if (!started) view.start(100, percent, payload);
      else view.update(percent, payload);
      started = true;
    },
    stop: () => { if (started) view.stop(); },
  };
}

/** Bytes received of a known or unknown total: a bar on a terminal, periodic lines otherwise. */
export function byteProgressView(stream: ProgressStream, label: string, total: number | null, intervalMs = 2000): ProgressView<number> {
  const describe = (done: number): string => total === null
    ? `${label}: ${formatBytes(done)}`
    : `${label}: ${formatBytes(done)} of ${formatBytes(total)} (${Math.floor((done / Math.max(total, 1)) * 100)}%)`;
  if (stream.isTTY !== true) {
    const write = lineWriter(stream, intervalMs);
    let last: number | null = null;
    return {
      show: (done) => { last = done; write(describe(done), done === total); },
      stop: () => { if (last !== null) write(describe(last), true); },
    };
  }
  const view = bar(stream, total === null ? ' {text}' : ' {bar} {percentage}% | {text}');
  const text = (done: number): string => (total === null ? describe(done) : `${label}: ${formatBytes(done)} of ${formatBytes(total)}`);
  let started = false;
  return {
    show: (done) => {
      if (!started) view.start(total ?? 1, done, { text: text(done) });
      else view.update(total === null ? 0 : done, { text: text(done) });
      started = true;
    },
    stop: () => { if (started) view.stop(); },
  };
}
