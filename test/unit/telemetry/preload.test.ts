import { expect } from 'chai';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../../helpers/seed-database.js';

/** Runs `code` in a node started with the preload, with only these OTEL_* variables; returns what it printed. */
function runPreloaded(code: string, otel: Record<string, string>): Promise<{ stdout: string; stderr: string; code: number | null }> {
  const environment = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('OTEL_')));
  const child = spawn(process.execPath, ['--import', './dist/src/telemetry/preload.js', '--input-type=module', '-e', code], {
    cwd: repoRoot(), env: { ...environment, ...otel }, stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => { stdout += chunk.toString('utf8'); });
  child.stderr.on('data', (chunk: Buffer) => { stderr += chunk.toString('utf8'); });
  return new Promise((resolve) => child.once('close', (exit) => resolve({ stdout, stderr, code: exit })));
}

const PROBE = `import { trace } from '@opentelemetry/api';
const span = trace.getTracer('probe').startSpan('probe');
process.stdout.write(JSON.stringify({ recording: span.isRecording(), metrics: process.env.OTEL_METRICS_EXPORTER ?? null }));`;

describe('the tracing preload (dist/src/telemetry/preload.js)', () => {
  it('is what npm start loads before the app', () => {
    const { scripts } = JSON.parse(readFileSync(join(repoRoot(), 'package.json'), 'utf8')) as { scripts: { start: string } };
    expect(scripts.start).to.match(/--import \.\/dist\/src\/telemetry\/preload\.js .*\.\/dist\/src\/main\.js$/);
    expect(existsSync(join(repoRoot(), 'dist/src/telemetry/preload.js'))).to.equal(true);
  });

  it('does nothing and prints nothing without an endpoint or exporter', async () => {
    const { stdout, stderr, code } = await runPreloaded(PROBE, { OTEL_SERVICE_NAME: 'shopzip' });
    expect({ code, stderr }).to.deep.equal({ code: 0, stderr: '' });
    expect(JSON.parse(stdout)).to.deep.equal({ recording: false, metrics: null });
  });

  it('starts the SDK when a traces exporter is set, with the SDK metrics exporter off by default', async () => {
    const { stdout, code } = await runPreloaded(PROBE, { OTEL_TRACES_EXPORTER: 'console' });
    expect(code).to.equal(0);
    expect(JSON.parse(stdout.slice(0, stdout.indexOf('}') + 1))).to.deep.equal({ recording: true, metrics: 'none' });
  });
});
