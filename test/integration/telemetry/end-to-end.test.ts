import { expect } from 'chai';
import { join } from 'node:path';
import { TokenStore } from '../../../src/auth/token-store.js';
import { eventually } from '../../helpers/app.js';
import { fetchAll } from '../../helpers/http.js';
import { startOtlpReceiver, type OtlpReceiver, type ReceivedSpan } from '../../helpers/otlp-receiver.js';
import { seedDatabase, type SeededDatabase } from '../../helpers/seed-database.js';
import { startServiceProcess, type ServiceProcess } from '../../helpers/service-process.js';

const EXPORT = '/v1/exports/orders.zip';
const TRACE_ID = '0af7651916cd43dd8448eb211c80319c';
const CALLER_SPAN_ID = 'b7ad6b7169203331';
const SERVER = 2;

describe('tracing the service as a process (npm start) to an OTLP/HTTP endpoint', () => {
  let database: SeededDatabase;
  let token: string;
  let receiver: OtlpReceiver;
  let traced: ServiceProcess;
  const services: ServiceProcess[] = [];

  async function startTraced(environment: Record<string, string>): Promise<ServiceProcess> {
    const service = await startServiceProcess({
      SHOPZIP_SOURCE_DB: database.path,
      SHOPZIP_STATE_DB: join(database.path, '..', 'state.db'),
      SHOPZIP_DEMO_DATA: 'false',
      OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint,
      OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
      ...environment,
    });
    services.push(service);
    return service;
  }

  async function download(service: ServiceProcess, path: string): Promise<number> {
    const { status } = await fetchAll(service.url(path), { headers: { authorization: `Bearer ${token}`, traceparent: `00-${TRACE_ID}-${CALLER_SPAN_ID}-01` } });
    return status;
  }

  before(async () => {
    database = await seedDatabase({ demo: { shops: 6, orders: 3000, seed: 1 } });
    const tokens = new TokenStore(join(database.path, '..', 'state.db'));
    token = tokens.create('tracing-test', { allShops: true }).token;
    tokens.close();
    receiver = await startOtlpReceiver();
    traced = await startTraced({ OTEL_BSP_SCHEDULE_DELAY: '100' });
  });
  beforeEach(() => receiver.spans.splice(0));
  after(async () => {
    for (const service of services) service.kill();
    await receiver.close();
    await database.remove();
  });

  it("sends a download's spans in the caller's trace: server span by route, Koa's middleware under it, export, entries, queries, finalization", async () => {
    expect(await download(traced, `${EXPORT}?shops=acme,globex`)).to.equal(200);
    await eventually(() => expect(receiver.spans.filter((span) => span.name === 'export')).to.have.length(1), 10_000);
    await eventually(() => expect(receiver.spans.filter((span) => span.kind === SERVER)).to.have.length(1), 10_000);
    const spans = receiver.spans;
    expect(receiver.rejected).to.deep.equal([]);
    expect(new Set(spans.map((span) => span.traceId))).to.deep.equal(new Set([TRACE_ID]));
    expect(new Set(spans.map((span) => span.service))).to.deep.equal(new Set(['shopzip']));
    const one = (predicate: (span: ReceivedSpan) => boolean): ReceivedSpan => {
      const found = spans.filter(predicate);
      expect(found).to.have.length(1);
      return found[0]!;
    };
    const server = one((span) => span.kind === SERVER);
    expect(server.name).to.equal(`GET ${EXPORT}`);
    expect(server.parentSpanId).to.equal(CALLER_SPAN_ID);
    expect(server.attributes['http.route']).to.equal(EXPORT);
    const exportSpan = one((span) => span.name === 'export');
    expect(exportSpan.parentSpanId).to.equal(server.spanId);
    expect(exportSpan.attributes['shopzip.export.outcome']).to.equal('ok');
    const entries = spans.filter((span) => span.name === 'zip.entry');
    expect(entries.map((span) => span.attributes['shopzip.entry.name']).sort()).to.deep.equal([
      'acme/order_items.csv', 'acme/orders.csv', 'acme/orders.xlsx', 'globex/order_items.csv', 'globex/orders.csv', 'globex/orders.xlsx', 'manifest.json',
    ]);
    expect(entries.every((span) => span.parentSpanId === exportSpan.spanId)).to.equal(true);
    const entryIds = new Set(entries.map((span) => span.spanId));
    const queries = spans.filter((span) => span.name.startsWith('SELECT '));
    expect(queries).to.have.length(4); // one per CSV; their rows also make the XLSX
    expect(queries.every((span) => entryIds.has(span.parentSpanId))).to.equal(true);
    expect(one((span) => span.name === 'zip.finalize').parentSpanId).to.equal(exportSpan.spanId);
    // koa is patched only because the app requires it (src/http/koa.ts); the server span's route comes from it too.
    const koa = spans.filter((span) => span.scope === '@opentelemetry/instrumentation-koa');
    const koaIds = new Set(koa.map((span) => span.spanId));
    expect(koa.filter((span) => span.attributes['koa.type'] === 'router').map((span) => span.attributes['http.route'])).to.include(EXPORT);
    expect(koa.every((span) => span.parentSpanId === server.spanId || koaIds.has(span.parentSpanId))).to.equal(true);
  });

  it('writes the trace id into the log line of the export', async () => {
    expect(await download(traced, `${EXPORT}?shops=acme&formats=csv`)).to.equal(200);
    const finished = (): string[] => traced.stdout().split('\n').filter((line) => line.includes('"msg":"export finished"'));
    await eventually(() => expect(finished()).to.have.length.greaterThan(0), 10_000);
    expect(JSON.parse(finished().at(-1)!)).to.include({ outcome: 'ok', traceId: TRACE_ID });
  });

  it('flushes the spans it still holds when it stops on SIGTERM, under the OTEL_SERVICE_NAME it was given', async () => {
    const service = await startTraced({
      OTEL_BSP_SCHEDULE_DELAY: '600000', OTEL_SERVICE_NAME: 'shopzip-flush-test',
      OTEL_RESOURCE_ATTRIBUTES: 'service.name=overridden-by-otel-service-name,deployment.environment.name=flush-test',
    });
    const own = (): ReceivedSpan[] => receiver.spans.filter((span) => span.service === 'shopzip-flush-test');
    expect(await download(service, `${EXPORT}?shops=acme&formats=csv`)).to.equal(200);
    expect(own()).to.deep.equal([]);
    service.child.kill('SIGTERM');
    expect(await service.exited()).to.equal(0);
    expect(own().filter((span) => span.name === 'export')).to.have.length(1);
    expect(own()[0]!.resource).to.include({ 'deployment.environment.name': 'flush-test', 'process.pid': service.child.pid });
  });
});
