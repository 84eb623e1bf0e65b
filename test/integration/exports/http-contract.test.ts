import { expect } from 'chai';
import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startApp, type RunningApp } from '../../helpers/app.js';
import { fetchAll, fetchProblem, postJson } from '../../helpers/http.js';
import { seedDatabase, type SeededDatabase } from '../../helpers/seed-database.js';
import { readZip } from '../../helpers/zip.js';

const EXPORT = '/v1/exports/orders.zip';

describe('GET/POST /v1/exports/orders.zip: the HTTP contract', () => {
  let database: SeededDatabase;
  let app: RunningApp;

  before(async () => {
    database = await seedDatabase({ demo: { shops: 6, orders: 3000, seed: 7 } });
    app = await startApp({ sourcePath: database.path });
  });
  after(async () => {
    await app.close();
    await database.remove();
  });

  it('answers a ZIP download with the agreed headers', async () => {
    const { status, headers } = await fetchAll(app.url(`${EXPORT}?shops=globex,acme&from=2026-01-01&to=2026-03-31`));
    expect(status).to.equal(200);
    expect(headers.get('content-type')).to.equal('application/zip');
    expect(headers.get('content-disposition')).to.equal(`attachment; filename="orders_acme-globex_2026-01-01_2026-03-31.zip"; filename*=UTF-8''orders_acme-globex_2026-01-01_2026-03-31.zip`);
    expect(headers.get('cache-control')).to.equal('no-store');
    expect(headers.get('x-accel-buffering')).to.equal('no');
    expect(headers.get('content-encoding')).to.equal(null);
  });

  it('lays out per-shop entries in slug order, manifest last; CSV deflated, XLSX stored uncompressed in DEFLATE blocks', async () => {
    const { body } = await fetchAll(app.url(`${EXPORT}?shops=initech,acme`));
    const entries = await readZip(body);
    expect(entries.map((entry) => entry.name)).to.deep.equal([
      'acme/orders.csv', 'acme/order_items.csv', 'acme/orders.xlsx',
      'initech/orders.csv', 'initech/order_items.csv', 'initech/orders.xlsx', 'manifest.json',
    ]);
    for (const entry of entries) {
      expect(entry.compressionMethod, entry.name).to.equal(8);
      const ratio = entry.compressedSize / entry.uncompressedSize;
      // Stored blocks: 5 bytes of framing per 64 KiB of the XLSX as it is; deflate at level 1 shrinks a CSV by half or more.
      if (entry.name.endsWith('.xlsx')) expect(entry.compressedSize, entry.name).to.equal(entry.uncompressedSize + 5 * (Math.floor(entry.uncompressedSize / 0xffff) + 1));
      else expect(ratio, entry.name).to.be.below(0.5);
    }
  });

  it('describes every entry in the manifest: rows, uncompressed bytes and SHA-256', async () => {
    const { body } = await fetchAll(app.url(`${EXPORT}?shops=acme&status=paid,shipped&to=2026-06-30`));
    const entries = await readZip(body);
    const manifest = JSON.parse(entries.at(-1)!.data.toString('utf8')) as { request: unknown; entries: { name: string; rows: number; bytes: number; sha256: string }[] };
    expect(manifest.request).to.deep.equal({ shops: ['acme'], from: null, to: '2026-06-30', status: ['paid', 'shipped'], formats: ['csv', 'xlsx'], bom: true });
    expect(manifest.entries.map((entry) => entry.name)).to.deep.equal(entries.slice(0, -1).map((entry) => entry.name));
    for (const described of manifest.entries) {
      const entry = entries.find((candidate) => candidate.name === described.name)!;
      expect(described.bytes, described.name).to.equal(entry.data.length);
      expect(described.sha256, described.name).to.equal(createHash('sha256').update(entry.data).digest('hex'));
    }
    const csvLines = entries[0]!.data.toString('utf8').split('\r\n').length - 2;
    expect(manifest.entries[0]!.rows).to.be.greaterThan(0);
    expect(manifest.entries[0]!.rows).to.be.at.most(csvLines);
  });

  it('gives byte-identical ZIPs for the same request over unchanged data', async () => {
    const url = app.url(`${EXPORT}?shops=acme,wonka&from=2025-06-01`);
    const [first, second] = await Promise.all([fetchAll(url), fetchAll(url)]);
    expect(first.body.length).to.be.greaterThan(1000);
    expect(first.body.equals(second.body)).to.equal(true);
  });

  it('takes the same request as a JSON body, with formats and bom', async () => {
    const { status, body } = await postJson(app.url(EXPORT), { shops: ['acme'], formats: ['csv'], bom: false });
    expect(status).to.equal(200);
    const entries = await readZip(body);
    expect(entries.map((entry) => entry.name)).to.deep.equal(['acme/orders.csv', 'acme/order_items.csv', 'manifest.json']);
    expect(entries[0]!.data.subarray(0, 8).toString('utf8')).to.equal('order_id');
  });

  it('answers malformed and unknown parameters with a 400 problem document naming the parameter', async () => {
    for (const [query, parameter] of [['shops=acme&from=2026-13-01', 'from'], ['shops=acme&formats=pdf', 'formats'], ['shop=acme', 'shop'], ['', 'shops'], ['shops=Acme', 'shops']] as const) {
      const { status, type, problem } = await fetchProblem(app.url(`${EXPORT}?${query}`));
      expect(status, query).to.equal(400);
      expect(type, query).to.equal('application/problem+json');
      expect(problem, query).to.include({ status: 400, parameter });
      expect(problem.detail, query).to.be.a('string').and.to.include(parameter);
    }
  });

  it('answers unknown shops with a 404 listing them, before sending any ZIP byte', async () => {
    const { status, problem } = await fetchProblem(app.url(`${EXPORT}?shops=acme,nope,zilch`));
    expect(status).to.equal(404);
    expect(problem.shops).to.deep.equal(['nope', 'zilch']);
  });

  it('refuses bodies that are not JSON (415), malformed JSON (400) and oversized bodies (413)', async () => {
    const text = await fetchProblem(app.url(EXPORT), { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'shops=acme' });
    expect(text.status).to.equal(415);
    const broken = await fetchProblem(app.url(EXPORT), { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"shops":' });
    expect(broken.status).to.equal(400);
    expect(broken.problem.parameter).to.equal('body');
    const huge = await fetchProblem(app.url(EXPORT), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ shops: Array(100_000).fill('acme') }) });
    expect(huge.status).to.equal(413);
  });

  it('answers other methods with 405 and unknown paths with 404, as problem documents', async () => {
    const put = await fetchProblem(app.url(EXPORT), { method: 'PUT' });
    expect(put.status).to.equal(405);
    expect(put.type).to.equal('application/problem+json');
    const missing = await fetchProblem(app.url('/v1/nothing'));
    expect(missing.status).to.equal(404);
    expect(missing.type).to.equal('application/problem+json');
  });

  it('answers /healthz', async () => {
    const { status, body } = await fetchAll(app.url('/healthz'));
    expect(status).to.equal(200);
    expect(JSON.parse(body.toString())).to.deep.equal({ status: 'ok' });
  });
});

describe('GET /v1/exports/orders.zip without a readable source database', () => {
  let directory: string;
  before(async () => { directory = await mkdtemp(join(tmpdir(), 'shopzip-broken-')); });
  after(async () => { await rm(directory, { recursive: true, force: true }); });

  async function expect503(sourcePath: string): Promise<void> {
    const app = await startApp({ sourcePath });
    try {
      const { status, type, problem } = await fetchProblem(app.url(`${EXPORT}?shops=acme`));
      expect(status, sourcePath).to.equal(503);
      expect(type).to.equal('application/problem+json');
      expect(JSON.stringify(problem)).not.to.contain(directory);
      expect(JSON.stringify(problem)).not.to.match(/sqlite|SELECT|no such table/i);
      expect((await fetchAll(app.url('/readyz'))).status).to.equal(503);
    } finally {
      await app.close();
    }
  }

  it('answers 503 before any byte when the file is missing, without leaking the path', async () => {
    await expect503(join(directory, 'missing.db'));
  });

  it('answers 503 when the file is not a SQLite database, or holds no orders tables', async () => {
    await writeFile(join(directory, 'garbage.db'), Buffer.alloc(8192, 7));
    await expect503(join(directory, 'garbage.db'));
    new Database(join(directory, 'empty.db')).exec('CREATE TABLE unrelated (x)');
    await expect503(join(directory, 'empty.db'));
  });

  it('answers 503 when the path cannot be read as a file', async () => {
    await expect503(directory);
  });
});
