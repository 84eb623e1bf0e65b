import type { DownloadResult } from './client.js';
import { machineBusySeconds, ProcessSampler, type ProcessUsage } from './sampler.js';
import type { ServerProcess } from './service.js';

/** One row of the results: a scenario or reference, measured on its own freshly started server process. */
export interface Measurement {
  /** Scenario number or reference name: `1`, `2`, `3`, `4`, `1@100k`, `baseline@100k`, `floor`, `1@pg`, `2@pg`, `floor@pg`, `floor@pg-default`. */
  readonly id: string;
  readonly title: string;
  readonly system: 'shopzip' | 'baseline' | 'floor';
  /** Orders in the database the server read. */
  readonly databaseOrders: number;
  /** Orders in the measured export(s). */
  readonly orders: number;
  /** Response bytes of the measured export(s). */
  readonly bytes: number;
  readonly wallSeconds: number;
  /** Time to first byte of each measured request, ms. */
  readonly ttfbMs: readonly number[];
  readonly peakRssMb: number;
  /** The server's resident set just before the work started. */
  readonly startRssMb: number;
  /** Median of the server's resident set sampled every 50 ms during the work. */
  readonly medianRssMb: number;
  readonly cpuSeconds: number;
  /** CPU seconds of the bench process itself (the HTTP client) during the work. */
  readonly clientCpuSeconds: number;
  /** CPU seconds the rest of the machine spent meanwhile (other processes: noise when large). */
  readonly otherCpuSeconds: number;
  /** CPU seconds of the PostgreSQL server during the work (rows read from PostgreSQL only). */
  readonly databaseCpuSeconds?: number;
  /** Anything else worth knowing (e.g. the slow client's bytes). */
  readonly notes?: string;
  /** Scenario 4 only: scenario 2 alone on the same server, just before and just after. */
  readonly alone?: readonly AloneRun[];
}

/** What scenario 4 keeps of a run of scenario 2 alone beside it. */
export type AloneRun = Pick<Measurement, 'wallSeconds' | 'medianRssMb'>;

/** What a piece of work reports for its measurement. */
export interface WorkResult {
  readonly downloads: readonly DownloadResult[];
  /** Wall time to report, when not the whole work's (scenario 4 reports the export that runs beside the slow client). */
  readonly wallSeconds?: number;
  readonly notes?: string;
}

export type MeasurementInfo = Pick<Measurement, 'id' | 'title' | 'system' | 'databaseOrders' | 'orders'>;

/** Runs `work` against `server` while sampling the server process. */
export async function measure(server: ServerProcess, info: MeasurementInfo, work: () => Promise<WorkResult>): Promise<Measurement> {
  const sampler = new ProcessSampler(server.pid);
  const machineBefore = machineBusySeconds();
  const clientBefore = process.cpuUsage();
  const started = performance.now();
  let result: WorkResult;
  let usage: ProcessUsage;
  try {
    result = await work();
  } finally {
    usage = sampler.stop();
  }
  const wallSeconds = (performance.now() - started) / 1000;
  const client = process.cpuUsage(clientBefore);
  const clientCpuSeconds = (client.user + client.system) / 1e6;
  return {
    ...info,
    bytes: result.downloads.reduce((sum, download) => sum + download.bytes, 0),
    wallSeconds: result.wallSeconds ?? wallSeconds,
    ttfbMs: result.downloads.map((download) => download.ttfbMs),
    peakRssMb: usage.peakRssMb,
    startRssMb: usage.startRssMb,
    medianRssMb: usage.medianRssMb,
    cpuSeconds: usage.cpuSeconds,
    clientCpuSeconds,
    otherCpuSeconds: Math.max(0, machineBusySeconds() - machineBefore - usage.cpuSeconds - clientCpuSeconds),
    ...(result.notes === undefined ? {} : { notes: result.notes }),
  };
}

/** The p-th percentile (0-100) by nearest rank; NaN for no values. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] as number;
}
