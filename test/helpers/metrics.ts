import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Registry } from 'prom-client';

type Labels = Readonly<Record<string, string>>;

/**
 * The value of one sample in a registry, e.g. `shopzip_exports_finished_total` or
 * `shopzip_export_duration_seconds_count`, with exactly these labels (0 when there is none).
 */
export async function sampleOf(registry: Pick<Registry, 'getSingleMetric'>, name: string, labels: Labels = {}): Promise<number> {
  const base = registry.getSingleMetric(name) === undefined ? name.replace(/_(count|sum|bucket)$/, '') : name;
  const metric = registry.getSingleMetric(base);
  if (metric === undefined) throw new Error(`no metric ${name} in the registry`);
  const { values } = await metric.get();
  const found = values.find((value) => ((value as { metricName?: string }).metricName ?? base) === name && sameLabels(value.labels, labels));
  return found?.value ?? 0;
}

/** Polls an asynchronous `check` until it stops throwing, or rethrows its last failure after `timeoutMs`. */
export async function eventuallyAsync(check: () => Promise<unknown>, timeoutMs = 2000, intervalMs = 10): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await check();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, intervalMs));
    }
  }
}

/** One sample line of a text exposition. */
export interface Sample {
  readonly name: string;
  readonly labels: Labels;
  readonly value: number;
  /** The exemplar's labels, when the line has one (OpenMetrics). */
  readonly exemplar?: Labels;
}

/** The sample lines of a Prometheus or OpenMetrics text exposition (our label values hold no `"` nor `}`). */
export function parseExposition(text: string): Sample[] {
  return text.split('\n').filter((line) => line !== '' && !line.startsWith('#')).map((line) => {
    const match = /^([a-zA-Z_:][\w:]*)(?:\{([^}]*)\})? (\S+)(?: \S+)?(?: # \{([^}]*)\} .*)?$/.exec(line);
    if (match === null) throw new Error(`not a sample line: ${line}`);
    const exemplar = match[4] === undefined ? {} : { exemplar: labelsOf(match[4]) };
    return { name: match[1]!, labels: labelsOf(match[2] ?? ''), value: Number(match[3]), ...exemplar };
  });
}

/** The value of a sample in a parsed exposition (0 when there is none). */
export function sampleIn(samples: readonly Sample[], name: string, labels: Labels = {}): number {
  return samples.find((sample) => sample.name === name && sameLabels(sample.labels, labels))?.value ?? 0;
}

/** `promtool check metrics` (the Prometheus text format linter) on `text`: its exit code and output. */
export function promtoolCheckMetrics(text: string): Promise<{ code: number | null; output: string }> {
  return run('promtool', ['check', 'metrics'], text);
}

/**
 * Parses an OpenMetrics exposition with Prometheus's own OpenMetrics parser, which `promtool tsdb create-blocks-from
 * openmetrics` uses (`check metrics` only knows the text format: prometheus/prometheus#8932). That importer wants
 * a timestamp on every sample, so one is added; anything else it rejects fails the parse.
 */
export async function promtoolParseOpenMetrics(text: string): Promise<{ code: number | null; output: string }> {
  const directory = await mkdtemp(join(tmpdir(), 'shopzip-openmetrics-'));
  try {
    const now = Math.floor(Date.now() / 1000);
    const stamped = text.split('\n').map((line) => {
      if (line === '' || line.startsWith('#')) return line;
      const exemplarAt = line.indexOf(' # ');
      return exemplarAt < 0 ? `${line} ${now}` : `${line.slice(0, exemplarAt)} ${now}${line.slice(exemplarAt)}`;
    }).join('\n');
    await writeFile(join(directory, 'metrics.txt'), stamped);
    return await run('promtool', ['tsdb', 'create-blocks-from', 'openmetrics', join(directory, 'metrics.txt'), join(directory, 'blocks')], '');
  } finally {
    await rm(directory, { recursive: true, force: true });
  }
}

function labelsOf(text: string): Labels {
  return Object.fromEntries([...text.matchAll(/([a-zA-Z_]\w*)="([^"]*)"/g)].map((match) => [match[1]!, match[2]!]));
}

function sameLabels(actual: Readonly<Record<string, unknown>>, expected: Labels): boolean {
  const keys = Object.keys(actual);
  return keys.length === Object.keys(expected).length && keys.every((key) => String(actual[key]) === expected[key]);
}

function run(command: string, args: readonly string[], input: string): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => { output += chunk.toString('utf8'); });
    child.stderr.on('data', (chunk: Buffer) => { output += chunk.toString('utf8'); });
    child.once('error', (error) => reject(new Error(`${command} could not run (apt-get install prometheus): ${error.message}`)));
    child.once('close', (code) => resolve({ code, output }));
    child.stdin.end(input);
  });
}
