import { EventEmitter } from 'node:events';
import type { JobRecord } from './job.js';

/**
 * Tells a job's watchers (its server-sent event streams) of every change to it, in this process. Several replicas
 * would relay these through their shared store (e.g. PostgreSQL's LISTEN/NOTIFY); one process needs no more.
 */
export class JobEvents {
  readonly #emitter = new EventEmitter().setMaxListeners(0);

  /** The job as it is now, after a change. */
  publish(job: JobRecord): void {
    this.#emitter.emit(job.id, job);
  }

  /** Calls `listener` with the job after each change; returns what stops it. */
  subscribe(jobId: string, listener: (job: JobRecord) => void): () => void {
    this.#emitter.on(jobId, listener);
    return () => this.#emitter.off(jobId, listener);
  }
}
