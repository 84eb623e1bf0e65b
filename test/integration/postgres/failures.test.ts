import { expect } from 'chai';
import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { startApp, type RunningApp } from '../../helpers/app.js';
import { fetchAll, fetchProblem } from '../../helpers/http.js';
import { adminQuery, READER } from '../../helpers/postgres.js';
import { recordSpans, type SpanRecorder } from '../../helpers/spans.js';
import { seedSource, type TestSource } from '../../helpers/sources.js';

const EXPORT = '/v1/exports/orders.zip';
const CONNECT_TIMEOUT_MS = 400;

/** A TCP server that accepts connections and never answers: a database host that hangs. */
async function silentServer(): Promise<{ port: number; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => { sockets.add(socket); });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

describe('PostgreSQL source: failures before the first byte', () => {
  let database: TestSource;
  let spans: SpanRecorder;

  before(async function () {
    const seeded = await seedSource('postgres', { fixture: 'basic' });
    if (seeded === null) return this.skip();
    database = seeded;
    spans = recordSpans();
  });
  after(async () => {
    await spans?.close();
    await database?.remove();
  });

  /** Every log line, problem document and span attribute an app produced, as one text to search. */
  const everything = (app: RunningApp, extra: unknown[] = []): string =>
    JSON.stringify([app.logs, extra, spans.finished().map((span) => [span.name, span.attributes, span.events])]);

  it('answers 503 source_unavailable within the connect timeout when the database hangs, and /readyz with 503', async () => {
    const hanging = await silentServer();
    const url = `postgres://${READER.user}:${READER.password}@127.0.0.1:${hanging.port}/orders`;
    const app = await startApp({ sourceUrl: url, environment: { SHOPZIP_SOURCE_CONNECT_TIMEOUT_MS: String(CONNECT_TIMEOUT_MS) }, tracer: spans.tracer });
    try {
      const started = performance.now();
      const { status, problem } = await fetchProblem(app.url(`${EXPORT}?shops=acme`));
      const elapsed = performance.now() - started;
      expect(status).to.equal(503);
      expect(problem).to.include({ code: 'source_unavailable', status: 503 });
      expect(elapsed, 'waited for the connect timeout, not for ever').to.be.within(CONNECT_TIMEOUT_MS * 0.9, CONNECT_TIMEOUT_MS + 10_000);
      expect((await fetchAll(app.url('/readyz'))).status).to.equal(503);
      const rejected = app.logs.find((line) => line.msg === 'export rejected');
      expect(rejected).to.include({ status: 503, code: 'source_unavailable' });
      expect(String(rejected?.['reason'])).to.match(/timeout/i);
      expect(everything(app, [problem])).not.to.include(READER.password);
    } finally {
      await app.close();
      await hanging.close();
    }
  });

  it('answers 503 when the database refuses the connection (a wrong password), never showing the password', async () => {
    const { port } = new URL(database.postgres!.url);
    const url = `postgres://${READER.user}:wrong-${READER.password}@127.0.0.1:${port}/${database.postgres!.name}`;
    const app = await startApp({ sourceUrl: url, tracer: spans.tracer });
    try {
      const { status, problem } = await fetchProblem(app.url(`${EXPORT}?shops=acme`));
      expect(status).to.equal(503);
      expect(problem['code']).to.equal('source_unavailable');
      const metrics = (await fetchAll(app.url('/metrics'))).body.toString('utf8');
      expect(String(app.logs.find((line) => line.msg === 'export rejected')?.['reason'])).to.include('password authentication failed');
      expect((await fetchAll(app.url('/readyz'))).status, 'no connection can be had').to.equal(503);
      expect(everything(app, [problem, metrics])).not.to.include(READER.password);
    } finally {
      await app.close();
    }
  });

  it('answers 503 and logs the table and column when the schema does not match', async () => {
    const mismatched = await seedSource('postgres', { fixture: 'basic' });
    await adminQuery(mismatched!.postgres!.adminUrl, 'ALTER TABLE orders ALTER COLUMN created_at TYPE timestamp without time zone');
    const app = await startApp({ sourceUrl: mismatched!.postgres!.url });
    try {
      const { status, problem } = await fetchProblem(app.url(`${EXPORT}?shops=acme`));
      expect(status).to.equal(503);
      expect(problem['code']).to.equal('source_unavailable');
      expect(JSON.stringify(problem)).not.to.include('created_at');
      const rejected = app.logs.find((line) => line.msg === 'export rejected');
      expect(rejected?.['reason']).to.equal('schema mismatch: column orders.created_at is timestamp without time zone, shopzip reads timestamp with time zone');
      await adminQuery(mismatched!.postgres!.adminUrl, 'ALTER TABLE order_items DROP COLUMN sku');
      await fetchProblem(app.url(`${EXPORT}?shops=acme`));
      expect(app.logs.filter((line) => line.msg === 'export rejected').at(-1)?.['reason']).to.equal('schema mismatch: column orders.created_at is timestamp without time zone, shopzip reads timestamp with time zone');
      await adminQuery(mismatched!.postgres!.adminUrl, 'ALTER TABLE orders ALTER COLUMN created_at TYPE timestamptz');
      await fetchProblem(app.url(`${EXPORT}?shops=acme`));
      expect(app.logs.filter((line) => line.msg === 'export rejected').at(-1)?.['reason']).to.equal('schema mismatch: table order_items has no column sku');
    } finally {
      await app.close();
      await mismatched!.remove();
    }
  });
});
