import { expect } from 'chai';
import { startApp, type RunningApp } from '../../helpers/app.js';
import { fetchAll } from '../../helpers/http.js';
import { JOBS, postJob, waitForJob } from '../../helpers/jobs.js';
import { parseExposition, promtoolCheckMetrics, sampleIn } from '../../helpers/metrics.js';
import { seedDatabase, type SeededDatabase } from '../../helpers/seed-database.js';
import { childrenOf, named, recordSpans, spanId, traceIdOf, useW3CTraceContext, type SpanRecorder } from '../../helpers/spans.js';

const CALLER_TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';
const CALLER_SPAN = '00f067aa0ba902b7';

describe('export jobs: traces, metrics and the log line', () => {
  let database: SeededDatabase;
  let app: RunningApp;
  let spans: SpanRecorder;
  let undoPropagator: () => void;

  before(async () => {
    database = await seedDatabase({ demo: { shops: 6, orders: 3_000, seed: 13 } });
    spans = recordSpans();
    undoPropagator = useW3CTraceContext();
    app = await startApp({ sourcePath: database.path, tracer: spans.tracer });
  });
  after(async () => {
    await app.close();
    await spans.close();
    undoPropagator();
    await database.remove();
  });

  it('runs a job as a trace of its own, linked to the creating request, with the stages of a download; trace_id names it', async () => {
    const created = await postJob(app.url(JOBS), { shops: ['acme', 'globex'] }, { traceparent: `00-${CALLER_TRACE}-${CALLER_SPAN}-01` });
    const done = await waitForJob(app.url(`${JOBS}/${String(created.json.id)}`), (job) => job.state === 'succeeded');
    const [run] = named(spans.finished(), 'export_job');
    expect(run, 'an export_job span').not.to.equal(undefined);
    expect(traceIdOf(run!)).to.equal(done.trace_id).and.not.to.equal(CALLER_TRACE);
    expect(run!.parentSpanContext).to.equal(undefined);
    expect(run!.links.map((link) => [link.context.traceId, link.context.spanId])).to.deep.equal([[CALLER_TRACE, CALLER_SPAN]]);
    expect(run!.attributes).to.deep.include({ 'shopzip.job.id': done.id, 'shopzip.job.outcome': 'succeeded', 'shopzip.export.entries': 7, 'shopzip.job.bytes_written': done.artifact!.bytes });
    const children = childrenOf(spans.finished(), run!);
    expect(children.map((span) => span.name)).to.deep.equal([...Array(7).fill('zip.entry'), 'zip.finalize']);
    const firstEntry = children[0]!;
    expect(firstEntry.attributes['shopzip.entry.name']).to.equal('acme/orders.csv');
    expect(childrenOf(spans.finished(), firstEntry).map((span) => span.name)).to.deep.equal(['SELECT orders']);
    expect(spans.finished().filter((span) => traceIdOf(span) === traceIdOf(run!)).every((span) => span === run || span.parentSpanContext !== undefined)).to.equal(true);
    expect(spanId(run!)).to.be.a('string');
    const line = app.logs.find((logged) => logged.msg === 'export job succeeded' && logged.job === done.id);
    expect(line).to.include({ outcome: 'succeeded', entries: 7, bytes: done.artifact!.bytes, traceId: done.trace_id, shops: 2 });
  });

  it('counts jobs created and finished by outcome, queued and running, their waits and runs, and the bytes kept; promtool accepts them', async () => {
    const created = await postJob(app.url(JOBS), { shops: ['acme'] });
    const cancelled = await postJob(app.url(JOBS), { shops: ['globex'] });
    await fetchAll(app.url(`${JOBS}/${String(cancelled.json.id)}`), { method: 'DELETE' });
    const done = await waitForJob(app.url(`${JOBS}/${String(created.json.id)}`), (job) => job.state === 'succeeded');
    const text = (await fetchAll(app.url('/metrics'))).body.toString();
    const samples = parseExposition(text);
    expect(sampleIn(samples, 'shopzip_export_jobs_created_total')).to.equal(3);
    expect(sampleIn(samples, 'shopzip_export_jobs_finished_total', { outcome: 'succeeded' })).to.equal(2);
    expect(sampleIn(samples, 'shopzip_export_jobs_finished_total', { outcome: 'cancelled' })).to.equal(1);
    expect(sampleIn(samples, 'shopzip_export_jobs_queued') + sampleIn(samples, 'shopzip_export_jobs_running')).to.equal(0);
    expect(sampleIn(samples, 'shopzip_export_job_queue_wait_seconds_count')).to.be.at.least(2);
    expect(sampleIn(samples, 'shopzip_export_job_run_duration_seconds_count', { outcome: 'succeeded' })).to.equal(2);
    const kept = sampleIn(samples, 'shopzip_export_job_artifact_bytes');
    expect(kept).to.be.greaterThan(done.artifact!.bytes);
    const { code, output } = await promtoolCheckMetrics(text);
    expect(code, output).to.equal(0);
  });
});
