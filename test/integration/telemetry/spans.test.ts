import { expect } from 'chai';
import { SpanStatusCode } from '@opentelemetry/api';
import { eventually, startApp, type RunningApp } from '../../helpers/app.js';
import { openResponse, readToEnd } from '../../helpers/http.js';
import { seedDatabase, type SeededDatabase } from '../../helpers/seed-database.js';
import { childrenOf, named, parentId, recordSpans, spanId, traceIdOf, useW3CTraceContext, type FinishedSpan, type SpanRecorder } from '../../helpers/spans.js';
import { readAtLeast, untilStalled } from '../../helpers/streams.js';
import { readZip } from '../../helpers/zip.js';

const EXPORT = '/v1/exports/orders.zip';
const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const CALLER_SPAN_ID = '00f067aa0ba902b7';

interface ManifestEntry { name: string; shop: string | null; format: string; rows: number; tables: Record<string, number>; bytes: number }

describe('tracing an export: the span tree', () => {
  let database: SeededDatabase;
  let app: RunningApp;
  let spans: SpanRecorder;
  let restorePropagation: () => void;

  before(async () => {
    restorePropagation = useW3CTraceContext();
    spans = recordSpans();
    database = await seedDatabase({ demo: { shops: 6, orders: 3000, seed: 1 } });
    app = await startApp({ sourcePath: database.path, tracer: spans.tracer });
  });
  after(async () => {
    await app.close();
    await spans.close();
    await database.remove();
    restorePropagation();
  });
  beforeEach(() => spans.reset());

  async function tracedDownload(path: string): Promise<{ body: Buffer; exportSpan: FinishedSpan; all: FinishedSpan[] }> {
    const response = await openResponse(app.url(path), { traceparent: `00-${TRACE_ID}-${CALLER_SPAN_ID}-01` });
    const body = await readToEnd(response);
    await eventually(() => expect(named(spans.finished(), 'export')).to.have.length(1));
    return { body, exportSpan: named(spans.finished(), 'export')[0]!, all: spans.finished() };
  }

  it("joins the caller's trace: the export span is a child of the traceparent's span, and every span is in that trace", async () => {
    const { exportSpan, all } = await tracedDownload(`${EXPORT}?shops=acme,globex`);
    expect(parentId(exportSpan)).to.equal(CALLER_SPAN_ID);
    expect(new Set(all.map(traceIdOf))).to.deep.equal(new Set([TRACE_ID]));
  });

  it('has one span per ZIP entry under the export, in archive order, with shop, name, format, rows and bytes as in the manifest', async () => {
    const { body, exportSpan, all } = await tracedDownload(`${EXPORT}?shops=globex,acme`);
    const entries = await readZip(body);
    const manifest = (JSON.parse(entries.at(-1)!.data.toString('utf8')) as { entries: ManifestEntry[] }).entries;
    const entrySpans = childrenOf(all, exportSpan).filter((span) => span.name === 'zip.entry');
    expect(entrySpans.map((span) => span.attributes['shopzip.entry.name'])).to.deep.equal(entries.map((entry) => entry.name));
    for (const described of manifest) {
      const span = entrySpans.find((candidate) => candidate.attributes['shopzip.entry.name'] === described.name)!;
      expect(span.attributes['shopzip.shop'], described.name).to.equal(described.shop);
      expect(span.attributes['shopzip.entry.format'], described.name).to.equal(described.format);
      expect(span.attributes['shopzip.entry.rows'], described.name).to.equal(described.rows);
      expect(span.attributes['shopzip.entry.bytes'], described.name).to.equal(described.bytes);
      for (const [table, rows] of Object.entries(described.tables)) expect(span.attributes[`shopzip.entry.rows.${table}`]).to.equal(rows);
      expect(span.attributes['shopzip.client_wait_ms'], described.name).to.be.a('number');
      expect(span.status.code, described.name).to.equal(SpanStatusCode.UNSET);
    }
    const manifestSpan = entrySpans.at(-1)!;
    expect(manifestSpan.attributes['shopzip.entry.format']).to.equal('json');
    expect(manifestSpan.attributes['shopzip.entry.bytes']).to.equal(entries.at(-1)!.data.length);
  });

  it('puts each database query under the entry that reads it: one per CSV, which also write the XLSX', async () => {
    const { all } = await tracedDownload(`${EXPORT}?shops=acme`);
    const queriesOf = (name: string): FinishedSpan[] => childrenOf(all, all.find((span) => span.attributes['shopzip.entry.name'] === name)!);
    const entry = (name: string): FinishedSpan => all.find((span) => span.attributes['shopzip.entry.name'] === name)!;
    expect(queriesOf('acme/orders.csv').map((span) => span.name)).to.deep.equal(['SELECT orders']);
    expect(queriesOf('acme/order_items.csv').map((span) => span.name)).to.deep.equal(['SELECT order_items']);
    expect(queriesOf('acme/orders.xlsx')).to.deep.equal([]);
    expect(queriesOf('manifest.json')).to.deep.equal([]);
    const [orders] = queriesOf('acme/orders.csv');
    const [items] = queriesOf('acme/order_items.csv');
    expect(orders!.attributes).to.include({ 'db.system.name': 'sqlite', 'db.operation.name': 'SELECT', 'db.collection.name': 'orders' });
    expect(orders!.attributes['shopzip.db.rows']).to.equal(entry('acme/orders.csv').attributes['shopzip.entry.rows']);
    expect(orders!.attributes['shopzip.db.read_ms']).to.be.a('number');
    expect(entry('acme/orders.xlsx').attributes).to.include({
      'shopzip.entry.rows.orders': orders!.attributes['shopzip.db.rows'],
      'shopzip.entry.rows.order_items': items!.attributes['shopzip.db.rows'],
    });
  });

  it('puts the two queries of an XLSX-only export under its XLSX entry, orders then items', async () => {
    const { all } = await tracedDownload(`${EXPORT}?shops=acme&formats=xlsx`);
    const xlsx = all.find((span) => span.attributes['shopzip.entry.name'] === 'acme/orders.xlsx')!;
    const queries = childrenOf(all, xlsx);
    expect(queries.map((span) => span.name)).to.deep.equal(['SELECT orders', 'SELECT order_items']);
    for (const query of queries) {
      expect(query.attributes['shopzip.db.rows']).to.equal(xlsx.attributes[`shopzip.entry.rows.${query.attributes['db.collection.name'] as string}`]);
    }
  });

  it('ends with the ZIP finalization under the export, and the export span carries the totals', async () => {
    const { body, exportSpan, all } = await tracedDownload(`${EXPORT}?shops=acme,wonka&formats=csv`);
    const [finalize] = named(all, 'zip.finalize');
    expect(parentId(finalize!)).to.equal(spanId(exportSpan));
    const entrySpans = named(all, 'zip.entry');
    expect(exportSpan.attributes).to.include({
      'shopzip.export.mode': 'get', 'shopzip.export.outcome': 'ok', 'shopzip.export.shop_count': 2,
      'shopzip.export.entries': entrySpans.length, 'shopzip.export.bytes_sent': body.length,
      'shopzip.export.rows': entrySpans.reduce((sum, span) => sum + (span.attributes['shopzip.entry.rows'] as number), 0),
    });
    expect(exportSpan.attributes['shopzip.export.formats']).to.deep.equal(['csv']);
    expect(exportSpan.attributes['shopzip.export.time_to_first_byte_ms']).to.be.a('number');
    expect(exportSpan.events.map((event) => event.name)).to.deep.equal(['first_byte']);
    expect(exportSpan.status.code).to.equal(SpanStatusCode.UNSET);
  });
});

describe('tracing an export: the export span lives until the last byte', () => {
  let database: SeededDatabase;
  let app: RunningApp;
  let spans: SpanRecorder;

  before(async () => {
    spans = recordSpans();
    database = await seedDatabase({ demo: { shops: 3, orders: 60_000, seed: 11 } });
    // Stored entries make the ZIP as large as its CSV, far more than the socket buffers can hide.
    app = await startApp({ sourcePath: database.path, tracer: spans.tracer, environment: { SHOPZIP_DEFLATE_LEVEL: '0' } });
  });
  after(async () => {
    await app.close();
    await spans.close();
    await database.remove();
  });

  it('stays open while a client that stopped reading holds the download, and charges that wait to the entries', async () => {
    const response = await openResponse(app.url(`${EXPORT}?shops=acme,globex,initech&formats=csv`));
    // The headers arrived, so the route handler has returned: the export is not over.
    const head = await readAtLeast(response, 16 * 1024);
    await untilStalled(() => app.source.counters.rowsRead);
    expect(named(spans.finished(), 'export')).to.deep.equal([]);
    expect(named(spans.finished(), 'zip.finalize')).to.deep.equal([]);
    response.resume();
    const body = Buffer.concat([...head, await readToEnd(response)]);
    await eventually(() => expect(named(spans.finished(), 'export')).to.have.length(1));
    const [exportSpan] = named(spans.finished(), 'export');
    expect(exportSpan!.attributes['shopzip.export.outcome']).to.equal('ok');
    expect(exportSpan!.attributes['shopzip.export.bytes_sent']).to.equal(body.length);
    const waited = named(spans.finished(), 'zip.entry').map((span) => span.attributes['shopzip.client_wait_ms'] as number);
    expect(waited.some((ms) => ms > 0)).to.equal(true);
    expect(exportSpan!.attributes['shopzip.client_wait_ms']).to.be.greaterThan(0);
    // Each span anchors its clock on Date.now() (whole milliseconds) when it starts (sdk-trace's SpanImpl), so
    // spans that end in order may show end times up to 1 ms apart the other way round.
    for (const span of spans.finished().filter((candidate) => candidate !== exportSpan)) {
      expect(nanosecondsBetween(exportSpan!.endTime, span.endTime), span.name).to.be.at.most(1_000_000);
    }
  });
});

/** How much later `b` is than `a`, in nanoseconds (negative when earlier). */
function nanosecondsBetween(a: readonly [number, number], b: readonly [number, number]): number {
  return (b[0] - a[0]) * 1e9 + (b[1] - a[1]);
}
