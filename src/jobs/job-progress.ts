import type { JobProgress } from './job.js';

/** Least time between two saves of a job's progress: at most four progress events a second reach its watchers. */
export const PROGRESS_INTERVAL_MS = 250;

/**
 * A running job's progress as its export reports it, saved (and so published) at most once per
 * {@link PROGRESS_INTERVAL_MS}, however often rows and bytes come.
 */
export class ProgressTracker {
  #entriesDone = 0;
  #entriesTotal: number | null = null;
  #rowsDone = 0;
  #rowsTotal: number | null = null;
  #bytesWritten = 0;
  #lastSaved = Number.NEGATIVE_INFINITY;
  #timer: NodeJS.Timeout | undefined;
  #saving: Promise<void> = Promise.resolve();
  #stopped = false;

  /** `save` stores a progress (and tells the job's watchers); it is called one at a time. */
  constructor(private readonly save: (progress: JobProgress) => Promise<void>) {}

  get progress(): JobProgress {
    return { entriesDone: this.#entriesDone, entriesTotal: this.#entriesTotal, rowsDone: this.#rowsDone, rowsTotal: this.#rowsTotal, bytesWritten: this.#bytesWritten };
  }

  /** The export is planned: what it will write. */
  planned(entriesTotal: number, rowsTotal: number | null): void {
    this.#entriesTotal = entriesTotal;
    this.#rowsTotal = rowsTotal;
    this.#changed();
  }

  rowsWritten(rows: number): void {
    // Rows a failed workbook had taken are read again for its XLSX: never count past the total.
    this.#rowsDone = this.#rowsTotal === null ? this.#rowsDone + rows : Math.min(this.#rowsTotal, this.#rowsDone + rows);
    this.#changed();
  }

  entryFinished(): void {
    this.#entriesDone += 1;
    this.#changed();
  }

  bytesWritten(bytes: number): void {
    this.#bytesWritten += bytes;
    this.#changed();
  }

  /** Saves nothing more; resolves once a save in progress has ended. */
  async stop(): Promise<void> {
    this.#stopped = true;
    clearTimeout(this.#timer);
    await this.#saving;
  }

  #changed(): void {
    if (this.#stopped || this.#timer !== undefined) return;
    const delay = Math.max(0, this.#lastSaved + PROGRESS_INTERVAL_MS - performance.now());
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      this.#lastSaved = performance.now();
      const progress = this.progress;
      this.#saving = this.#saving.then(() => (this.#stopped ? undefined : this.save(progress))).catch(() => undefined);
    }, delay);
  }
}
