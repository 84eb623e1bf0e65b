import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../../helpers/seed-database.js';

function promtool(...args: string[]): { status: number | null; output: string } {
  const result = spawnSync('promtool', args, { cwd: join(repoRoot(), 'deploy'), encoding: 'utf8' });
  if (result.error !== undefined) throw new Error(`promtool could not run (apt-get install prometheus): ${result.error.message}`);
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

describe('deploy/: Prometheus configuration and the PromQL of docs/operations.md', () => {
  it('is a valid Prometheus configuration with its recording rules', () => {
    expect(promtool('check', 'config', 'prometheus.yml')).to.include({ status: 0 });
  });

  it('computes the p95 export time, the share of abandoned exports and where time goes, on known series', () => {
    const { status, output } = promtool('test', 'rules', 'shopzip-rules.test.yml');
    expect(status, output).to.equal(0);
  });

  it('points shopzip at Jaeger with standard OTEL_* variables only, and Prometheus at shopzip', () => {
    const compose = readFileSync(join(repoRoot(), 'deploy', 'compose.yaml'), 'utf8');
    expect(compose).to.include('OTEL_EXPORTER_OTLP_ENDPOINT: http://jaeger:4318');
    expect(compose).to.include('image: jaegertracing/all-in-one:');
    expect(compose).to.include('--enable-feature=exemplar-storage');
    expect(readFileSync(join(repoRoot(), 'deploy', 'prometheus.yml'), 'utf8')).to.include('targets: ["shopzip:8080"]');
  });
});
