import { Counter, Gauge, Histogram } from 'prom-client';
import { DURATION_BUCKETS, type MetricsRegistry } from './metrics.js';

/** How a job's run ended: its final state, or `requeued` (SIGTERM stopped it; it runs again after the restart). */
export type JobOutcome = 'succeeded' | 'failed' | 'cancelled' | 'requeued';

/** What the job gauges read at each scrape: the job store's own counts, true across replicas sharing it. */
export interface JobCounts {
  readonly queued: () => Promise<number> | number;
  readonly running: () => Promise<number> | number;
  readonly artifactBytes: () => Promise<number> | number;
}

/** The export-job metrics (docs/operations.md, "Watching it", explains each). */
export interface JobMetrics {
  readonly created: Counter;
  readonly finished: Counter<'outcome'>;
  readonly queueWait: Histogram;
  readonly runDuration: Histogram<'outcome'>;
  readonly downloads: Counter<'status'>;
}

/**
 * Registers the export-job metrics in `registry` (the app's, see `createMetrics`); the gauges of jobs queued and
 * running and of artifact bytes read `counts` when scraped. Once per registry.
 */
export function createJobMetrics(registry: MetricsRegistry, counts: JobCounts): JobMetrics {
  const registers = [registry];
  const gauge = (name: string, help: string, read: () => Promise<number> | number): Gauge =>
    new Gauge({ name, help, registers, async collect() { this.set(await read()); } });
  gauge('shopzip_export_jobs_queued', 'Export jobs waiting to run.', counts.queued);
  gauge('shopzip_export_jobs_running', 'Export jobs running.', counts.running);
  gauge('shopzip_export_job_artifact_bytes', 'Bytes of the finished export jobs\' files kept for download.', counts.artifactBytes);
  return {
    created: new Counter({ name: 'shopzip_export_jobs_created_total', help: 'Export jobs created (idempotent replays not counted).', registers }),
    finished: new Counter({
      name: 'shopzip_export_jobs_finished_total', help: 'Export jobs that reached a final state, by outcome (succeeded, failed, cancelled).', labelNames: ['outcome'], registers,
    }),
    queueWait: new Histogram({
      name: 'shopzip_export_job_queue_wait_seconds', help: 'Time export jobs waited from their creation until a runner took them (a job run again after a restart counts from its creation).', buckets: [...DURATION_BUCKETS], registers,
    }),
    runDuration: new Histogram({
      name: 'shopzip_export_job_run_duration_seconds', help: 'Runs of export jobs from start until their file was committed or they stopped, by outcome (succeeded, failed, cancelled, requeued).',
      labelNames: ['outcome'], buckets: [...DURATION_BUCKETS], enableExemplars: true, registers,
    }),
    downloads: new Counter({
      name: 'shopzip_export_job_downloads_total', help: 'Answers to artifact downloads (GET and HEAD), by HTTP status (200, 206, 304, 403, 404, 409, 410, 416).',
      labelNames: ['status'], registers,
    }),
  };
}
