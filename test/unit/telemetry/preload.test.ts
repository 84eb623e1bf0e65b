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

/** Prints whether a span records and which @opentelemetry packages were loaded (CommonJS, so in require.cache). */
const PROBE = `import { createRequire } from 'node:module';
import { trace } from '@opentelemetry/api';
const span = trace.getTracer('probe').startSpan('probe');
const packages = new Set(Object.keys(createRequire(import.meta.url).cache).map((path) => path.split('/@opentelemetry/')[1]?.split('/')[0]).filter(Boolean));
process.stdout.write(JSON.stringify({ recording: span.isRecording(), packages: [...packages].sort() }));`;

interface Probed { recording: boolean; packages: string[] }
const probed = (stdout: string): Probed => JSON.parse(stdout.slice(0, stdout.indexOf('}') + 1)) as Probed;
const OTLP_EXPORTERS = ['exporter-trace-otlp-grpc', 'exporter-trace-otlp-http', 'exporter-trace-otlp-proto'];

describe('the tracing preload (dist/src/telemetry/preload.js)', () => {
  it('is what npm start loads before the app', () => {
    const { scripts } = JSON.parse(readFileSync(join(repoRoot(), 'package.json'), 'utf8')) as { scripts: { start: string } };
    expect(scripts.start).to.match(/--import \.\/dist\/src\/telemetry\/preload\.js .*\.\/dist\/src\/main\.js$/);
    expect(existsSync(join(repoRoot(), 'dist/src/telemetry/preload.js'))).to.equal(true);
  });

  it('does nothing and prints nothing without an endpoint or exporter', async () => {
    const { stdout, stderr, code } = await runPreloaded(PROBE, { OTEL_SERVICE_NAME: 'shopzip' });
    expect({ code, stderr }).to.deep.equal({ code: 0, stderr: '' });
    expect(probed(stdout)).to.deep.equal({ recording: false, packages: ['api'] });
  });

  it('starts tracing when a traces exporter is set, without the Node SDK, SDK metrics or logs, or any OTLP exporter', async () => {
    const { stdout, stderr, code } = await runPreloaded(PROBE, { OTEL_TRACES_EXPORTER: 'console' });
    expect({ code, stderr }).to.deep.equal({ code: 0, stderr: '' });
    const { recording, packages } = probed(stdout);
    expect(recording).to.equal(true);
    expect(packages).to.include.members(['sdk-trace-node', 'instrumentation-http', 'instrumentation-koa']);
    expect(packages).to.not.include.any.members(['sdk-node', 'sdk-metrics', 'sdk-logs', ...OTLP_EXPORTERS]);
  });

  for (const [protocol, exporter] of [['http/protobuf', 'exporter-trace-otlp-proto'], ['http/json', 'exporter-trace-otlp-http'], ['grpc', 'exporter-trace-otlp-grpc']] as const) {
    it(`loads only the ${protocol} OTLP exporter when OTEL_EXPORTER_OTLP_PROTOCOL=${protocol}`, async () => {
      const { stdout, code } = await runPreloaded(PROBE, { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:9', OTEL_EXPORTER_OTLP_PROTOCOL: protocol });
      expect(code).to.equal(0);
      const { recording, packages } = probed(stdout);
      expect(recording).to.equal(true);
      expect(packages.filter((name) => OTLP_EXPORTERS.includes(name))).to.deep.equal([exporter]);
      expect(packages).to.not.include('sdk-node');
    });
  }

  it('removes its require hook once the app has loaded koa, and koa and node:http stay patched', async () => {
    const probe = `import Module, { createRequire } from 'node:module';
const hooked = () => Module.prototype.require.toString().includes('_unhooked');
const before = hooked();
const { Koa } = await import('./dist/src/http/koa.js');
const http = createRequire(import.meta.url)('node:http');
process.stdout.write(JSON.stringify({ before, after: hooked(), koa: Koa.prototype.use.__wrapped === true, http: http.Server.prototype.emit.__wrapped === true }));`;
    const traced = await runPreloaded(probe, { OTEL_TRACES_EXPORTER: 'console' });
    expect({ code: traced.code, stderr: traced.stderr }).to.deep.equal({ code: 0, stderr: '' });
    // require-in-the-middle's hook is in place until koa is loaded, then gone; the patches it applied remain.
    expect(JSON.parse(traced.stdout)).to.deep.equal({ before: true, after: false, koa: true, http: true });
    const untraced = await runPreloaded(probe, {});
    expect(JSON.parse(untraced.stdout)).to.deep.equal({ before: false, after: false, koa: false, http: false });
  });

  it('says on stderr what it will not honour, and stays off when no exporter it has was asked for', async () => {
    const { stdout, stderr, code } = await runPreloaded(PROBE, { OTEL_TRACES_EXPORTER: 'zipkin' });
    expect(code).to.equal(0);
    expect(stderr).to.equal('shopzip tracing: OTEL_TRACES_EXPORTER "zipkin" is not supported (otlp, console or none) and is ignored.\n');
    expect(probed(stdout)).to.deep.equal({ recording: false, packages: ['api'] });
  });
});
