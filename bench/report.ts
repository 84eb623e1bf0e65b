import { percentile, type Measurement } from './measure.js';
import type { TargetResult } from './targets.js';

/** The machine and moment of a run. */
export interface RunEnvironment {
  readonly date: string;
  readonly cpu: string;
  readonly cores: number;
  readonly node: string;
  readonly tracing: string;
  readonly authentication: boolean;
  readonly durationSeconds: number;
}

const number = (value: number, digits: number): string => (Number.isFinite(value) ? value.toLocaleString('en', { minimumFractionDigits: digits, maximumFractionDigits: digits }) : '-');

/** The whole report in Markdown: environment, one row per measurement, the ratios, the targets. */
export function markdownReport(environment: RunEnvironment, measurements: readonly Measurement[], targets: readonly TargetResult[]): string {
  return [
    `### shopzip bench, ${environment.date}`,
    '',
    `${environment.cpu}, ${environment.cores} cores, Node ${environment.node}; tracing: ${environment.tracing}; authentication: ${environment.authentication ? 'on (bearer token)' : 'off (no tokens CLI)'}; bench took ${number(environment.durationSeconds / 60, 1)} min.`,
    'MB = 10^6 bytes. Each row is a freshly started server process; RSS and CPU are the server\'s, from /proc. Client CPU = the bench\'s own; other = the rest of the machine meanwhile (noise when large).',
    '',
    measurementTable(measurements),
    ...notes(measurements),
    '',
    ratios(measurements),
    '',
    targetTable(targets),
    '',
  ].join('\n');
}

function measurementTable(measurements: readonly Measurement[]): string {
  const header = '| # | what | DB orders | orders | wall s | orders/s | MB/s | TTFB p50 / p95 ms | RSS start / median / peak MB | CPU s | CPU/wall | client / other CPU s |';
  const rows = measurements.map((m) => {
    const ttfb = m.ttfbMs.length > 1
      ? `${number(percentile(m.ttfbMs, 50), 0)} / ${number(percentile(m.ttfbMs, 95), 0)}`
      : number(m.ttfbMs[0] ?? Number.NaN, 0);
    return `| ${m.id} | ${m.title} | ${number(m.databaseOrders, 0)} | ${number(m.orders, 0)} | ${number(m.wallSeconds, 1)} | ${number(m.orders / m.wallSeconds, 0)} | ${number(m.bytes / 1e6 / m.wallSeconds, 1)} | ${ttfb} | ${number(m.startRssMb, 0)} / ${number(m.medianRssMb, 0)} / ${number(m.peakRssMb, 0)} | ${number(m.cpuSeconds, 1)} | ${number(m.cpuSeconds / m.wallSeconds, 2)} | ${number(m.clientCpuSeconds, 1)} / ${number(m.otherCpuSeconds, 1)} |`;
  });
  return [header, '|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|', ...rows].join('\n');
}

function notes(measurements: readonly Measurement[]): string[] {
  const lines = measurements.filter((m) => m.notes !== undefined).map((m) => `- ${m.id}: ${m.notes}`);
  return lines.length === 0 ? [] : ['', ...lines];
}

function ratios(measurements: readonly Measurement[]): string {
  const wall = (id: string): number => measurements.find((m) => m.id === id)?.wallSeconds ?? Number.NaN;
  const rss = (id: string): number => measurements.find((m) => m.id === id)?.peakRssMb ?? Number.NaN;
  return [
    '| ratio (this run) | time | peak RSS |',
    '|---|--:|--:|',
    `| shopzip / baseline (1@100k / baseline@100k) | ${number(wall('1@100k') / wall('baseline@100k'), 3)} | ${number(rss('1@100k') / rss('baseline@100k'), 2)} |`,
    `| shopzip / floor (2 / floor) | ${number(wall('2') / wall('floor'), 2)} | ${number(rss('2') / rss('floor'), 2)} |`,
    `| PostgreSQL / SQLite (1@pg / 1) | ${number(wall('1@pg') / wall('1'), 2)} | ${number(rss('1@pg') / rss('1'), 2)} |`,
    `| shopzip / floor on PostgreSQL (2@pg / floor@pg) | ${number(wall('2@pg') / wall('floor@pg'), 2)} | ${number(rss('2@pg') / rss('floor@pg'), 2)} |`,
    `| shopzip / floor on PostgreSQL with its default plans (2@pg / floor@pg-default) | ${number(wall('2@pg') / wall('floor@pg-default'), 2)} | ${number(rss('2@pg') / rss('floor@pg-default'), 2)} |`,
  ].join('\n');
}

function targetTable(targets: readonly TargetResult[]): string {
  const rows = targets.map((t) => {
    const verdict = t.pass === null ? 'not run' : t.pass ? 'pass' : `**miss** (${t.miss ?? ''})`;
    return `| ${t.target} | ${t.compared} | ${t.measured} | ${verdict} |`;
  });
  return ['| target | measured as | value | result |', '|---|---|--:|---|', ...rows].join('\n');
}
