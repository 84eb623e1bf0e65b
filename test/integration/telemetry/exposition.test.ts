import { expect } from 'chai';
import { startApp, type RunningApp } from '../../helpers/app.js';
import { fetchAll } from '../../helpers/http.js';
import { eventuallyAsync, parseExposition, promtoolCheckMetrics, promtoolParseOpenMetrics, sampleIn, sampleOf, type Sample } from '../../helpers/metrics.js';
import { seedDatabase, type SeededDatabase } from '../../helpers/seed-database.js';
import { named, recordSpans, traceIdOf, type SpanRecorder } from '../../helpers/spans.js';

const EXPORT = '/v1/exports/orders.zip';
const OPENMETRICS_ACCEPT = 'application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1';

/** Every label value shopzip's own metrics may carry: none names a shop, a token or a request. */
const BOUNDED_LABELS: Record<string, readonly string[]> = {
  mode: ['get', 'post'],
  outcome: ['ok', 'client_aborted', 'failed', 'rejected'],
  format: ['csv', 'xlsx', 'json'],
  table: ['orders', 'order_items'],
  method: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', '_OTHER'],
  route: [EXPORT, '/metrics', '/healthz', '/readyz', 'unmatched'],
};

describe('GET /metrics', () => {
  let database: SeededDatabase;
  let app: RunningApp;
  let spans: SpanRecorder;
  const shopzipSamples = (samples: Sample[]): Sample[] => samples.filter((sample) => sample.name.startsWith('shopzip_'));

  before(async () => {
    spans = recordSpans();
    database = await seedDatabase({ demo: { shops: 6, orders: 3000, seed: 1 } });
    app = await startApp({ sourcePath: database.path, tracer: spans.tracer });
    await fetchAll(app.url(`${EXPORT}?shops=acme,globex`));
    await fetchAll(app.url(`${EXPORT}?shops=atlantis`));
    await fetchAll(app.url('/nowhere'));
    await eventuallyAsync(async () => expect(await sampleOf(app.metrics.registry, 'shopzip_exports_in_flight', { mode: 'get' })).to.equal(0));
  });
  after(async () => {
    await app.close();
    await spans.close();
    await database.remove();
  });

  it('answers the Prometheus text format, which promtool checks without a single complaint', async () => {
    const { status, headers, body } = await fetchAll(app.url('/metrics'));
    expect(status).to.equal(200);
    expect(headers.get('content-type')).to.equal('text/plain; version=0.0.4; charset=utf-8');
    const text = body.toString('utf8');
    expect(await promtoolCheckMetrics(text)).to.deep.equal({ code: 0, output: '' });
    expect(text).to.include('# TYPE shopzip_exports_finished_total counter');
    expect(text).to.include('# TYPE process_cpu_seconds_total counter');
    expect(text).not.to.include(' # {');
  });

  it('shows the same values as the registry, with default process metrics, and only bounded label values', async () => {
    const samples = parseExposition((await fetchAll(app.url('/metrics'))).body.toString('utf8'));
    for (const [name, labels] of [['shopzip_exports_finished_total', { mode: 'get', outcome: 'ok' }], ['shopzip_exports_finished_total', { mode: 'get', outcome: 'rejected' }],
      ['shopzip_export_bytes_sent_total', {}], ['shopzip_export_rows_total', { format: 'xlsx', table: 'orders' }]] as const) {
      expect(sampleIn(samples, name, labels), name).to.equal(await sampleOf(app.metrics.registry, name, labels)).and.to.be.greaterThan(0);
    }
    expect(samples.some((sample) => sample.name === 'process_resident_memory_bytes')).to.equal(true);
    expect(samples.some((sample) => sample.name === 'nodejs_eventloop_lag_seconds')).to.equal(true);
    for (const sample of shopzipSamples(samples)) {
      for (const [label, value] of Object.entries(sample.labels)) {
        if (label === 'le' || label === 'status') continue;
        expect(BOUNDED_LABELS[label], `${sample.name} label ${label}`).to.include(value);
      }
    }
  });

  it('answers OpenMetrics to a scraper that accepts it, with the trace id of an export as exemplar, parsed by Prometheus', async () => {
    const { headers, body } = await fetchAll(app.url('/metrics'), { headers: { accept: OPENMETRICS_ACCEPT } });
    expect(headers.get('content-type')).to.equal('application/openmetrics-text; version=1.0.0; charset=utf-8');
    const text = body.toString('utf8');
    expect(text.endsWith('# EOF\n')).to.equal(true);
    expect(text).to.include('# TYPE shopzip_exports_finished counter');
    const [exportSpan] = named(spans.finished(), 'export').filter((span) => span.attributes['shopzip.export.outcome'] === 'ok');
    const exemplars = parseExposition(text).filter((sample) => sample.name === 'shopzip_export_duration_seconds_bucket' && sample.exemplar !== undefined);
    expect(exemplars.map((sample) => sample.exemplar)).to.deep.include({ trace_id: traceIdOf(exportSpan!) });
    expect(parseExposition(text).some((sample) => sample.name === 'shopzip_export_time_to_first_byte_seconds_bucket' && sample.exemplar !== undefined)).to.equal(true);
    expect(await promtoolParseOpenMetrics(text)).to.include({ code: 0 });
  });

  it('gives both formats the same series, and the text format stays right after an OpenMetrics scrape', async () => {
    const openMetrics = shopzipSamples(parseExposition((await fetchAll(app.url('/metrics'), { headers: { accept: 'application/openmetrics-text' } })).body.toString('utf8')));
    const text = (await fetchAll(app.url('/metrics'), { headers: { accept: 'text/plain' } })).body.toString('utf8');
    const series = (samples: Sample[]): string[] => samples.map((sample) => `${sample.name}${JSON.stringify(sample.labels)}`).sort();
    expect(series(shopzipSamples(parseExposition(text)))).to.deep.equal(series(openMetrics));
    expect(await promtoolCheckMetrics(text)).to.deep.equal({ code: 0, output: '' });
  });
});
