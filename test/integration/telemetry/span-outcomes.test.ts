import { expect } from 'chai';
import Database from 'better-sqlite3';
import { SpanStatusCode } from '@opentelemetry/api';
import { eventually, startApp, type RunningApp } from '../../helpers/app.js';
import { fetchAll, openResponse, readToEnd } from '../../helpers/http.js';
import { seedDatabase, type SeededDatabase } from '../../helpers/seed-database.js';
import { named, recordSpans, type FinishedSpan, type SpanRecorder } from '../../helpers/spans.js';
import { readAtLeast } from '../../helpers/streams.js';

const EXPORT = '/v1/exports/orders.zip';

describe('tracing an export: how it ended', () => {
  let database: SeededDatabase;
  let app: RunningApp;
  let spans: SpanRecorder;

  before(async () => {
    spans = recordSpans();
    database = await seedDatabase({ demo: { shops: 6, orders: 20_000, seed: 5 } });
    const writer = new Database(database.path);
    // One order of globex that cannot be written: its export fails after the first byte.
    writer.prepare("UPDATE orders SET created_at = 'not a timestamp' WHERE id = (SELECT max(id) FROM orders WHERE shop_id = (SELECT id FROM shops WHERE slug = 'globex'))").run();
    writer.close();
    // Stored entries: an abandoned download is far larger than the socket buffers.
    app = await startApp({ sourcePath: database.path, tracer: spans.tracer, environment: { SHOPZIP_DEFLATE_LEVEL: '0' } });
  });
  after(async () => {
    await app.close();
    await spans.close();
    await database.remove();
  });
  beforeEach(() => spans.reset());

  async function exportSpan(): Promise<FinishedSpan> {
    await eventually(() => expect(named(spans.finished(), 'export')).to.have.length(1));
    return named(spans.finished(), 'export')[0]!;
  }
  const eventNames = (span: FinishedSpan): string[] => span.events.map((event) => event.name);

  it('shows a client that went away as an event on the export and on the entry being written, not as an error', async () => {
    const response = await openResponse(app.url(`${EXPORT}?shops=acme,initech,umbrella,wonka,stark`));
    await readAtLeast(response, 64 * 1024);
    response.socket.destroy();
    const span = await exportSpan();
    expect(span.attributes['shopzip.export.outcome']).to.equal('client_aborted');
    expect(span.status.code).to.equal(SpanStatusCode.UNSET);
    expect(eventNames(span)).to.include('client_aborted');
    const interrupted = named(spans.finished(), 'zip.entry').filter((entry) => eventNames(entry).includes('client_aborted'));
    expect(interrupted).to.have.length(1);
    expect(interrupted[0]!.status.code).to.equal(SpanStatusCode.UNSET);
    expect(named(spans.finished(), 'zip.finalize')).to.deep.equal([]);
  });

  it('shows a failure after the first byte as status ERROR with the exception, on the export and on the failed entry', async () => {
    const response = await openResponse(app.url(`${EXPORT}?shops=acme,globex`));
    await readToEnd(response).catch(() => undefined);
    const span = await exportSpan();
    expect(span.attributes['shopzip.export.outcome']).to.equal('failed');
    expect(span.status.code).to.equal(SpanStatusCode.ERROR);
    expect(eventNames(span)).to.include('exception');
    const failed = named(spans.finished(), 'zip.entry').filter((entry) => entry.status.code === SpanStatusCode.ERROR);
    expect(failed.map((entry) => entry.attributes['shopzip.entry.name'])).to.deep.equal(['globex/orders.csv']);
    expect(eventNames(failed[0]!)).to.include('exception');
    expect(named(spans.finished(), 'SELECT orders').every((query) => query.status.code === SpanStatusCode.UNSET)).to.equal(true);
  });

  it('ends the export span of a refused request at once, with a rejected event carrying the status', async () => {
    const cases = [
      { path: `${EXPORT}?shops=acme`, headers: { authorization: 'Bearer nope' }, status: 401, code: 'unauthorized' },
      { path: `${EXPORT}?shops=acme&formats=pdf`, headers: {}, status: 400, code: 'invalid_parameter' },
      { path: `${EXPORT}?shops=acme,atlantis`, headers: {}, status: 404, code: 'unknown_shops' },
    ];
    for (const { path, headers, status, code } of cases) {
      spans.reset();
      expect((await fetchAll(app.url(path), { headers })).status, path).to.equal(status);
      const span = await exportSpan();
      expect(span.attributes, path).to.include({ 'shopzip.export.outcome': 'rejected', 'http.response.status_code': status });
      const rejected = span.events.find((event) => event.name === 'rejected');
      expect(rejected?.attributes, path).to.deep.equal({ 'http.response.status_code': status, 'shopzip.error.code': code });
      expect(span.status.code, path).to.equal(SpanStatusCode.UNSET);
      expect(named(spans.finished(), 'zip.entry'), path).to.deep.equal([]);
    }
  });
});
