import { expect } from 'chai';
import Database from 'better-sqlite3';
import { startApp, type RunningApp } from '../../helpers/app.js';
import { fetchAll, fetchProblem, postJson } from '../../helpers/http.js';
import { getJob, JOBS, postJob, sha256, waitForJob, type JobJson } from '../../helpers/jobs.js';
import { seedDatabase, type SeededDatabase } from '../../helpers/seed-database.js';

const BODY = { shops: ['acme', 'globex', 'initech'], from: '2025-01-01', to: '2026-12-31' };

describe('export jobs: the API', () => {
  let database: SeededDatabase;
  let app: RunningApp;

  before(async () => {
    database = await seedDatabase({ demo: { shops: 6, orders: 6_000, seed: 3 } });
    app = await startApp({ sourcePath: database.path });
  });
  after(async () => {
    await app.close();
    await database.remove();
  });

  it('starts a job (202, Location, the job), which runs to succeeded with exact progress and an artifact equal to the synchronous download', async () => {
    const created = await postJob(app.url(JOBS), BODY);
    expect(created.status).to.equal(202);
    const job = created.json as unknown as JobJson;
    expect(job.id).to.match(/^job_[A-Za-z0-9_-]{22}$/);
    expect(created.headers.get('location')).to.equal(`${JOBS}/${job.id}`);
    expect(Object.keys(job)).to.deep.equal(['id', 'state', 'request', 'created_at', 'started_at', 'finished_at', 'expires_at', 'progress', 'artifact', 'error', 'trace_id']);
    expect(['queued', 'running']).to.include(job.state);
    expect(job.request).to.deep.equal({ shops: BODY.shops, from: BODY.from, to: BODY.to, status: null, formats: ['csv', 'xlsx'], bom: true });
    const done = await waitForJob(app.url(created.headers.get('location')!), (seen) => seen.state === 'succeeded');
    const { orders, items } = countRows(database.path, BODY.shops);
    expect(done.progress).to.deep.include({ entries_done: 10, entries_total: 10, rows_done: (orders + items) * 2, rows_total: (orders + items) * 2, percent: 100, eta_seconds: 0 });
    expect(done.progress.bytes_written).to.equal(done.artifact!.bytes);
    expect(Date.parse(done.expires_at!) - Date.parse(done.finished_at!)).to.equal(24 * 3_600_000);
    const synchronous = await postJson(app.url('/v1/exports/orders.zip'), BODY);
    const artifact = await fetchAll(done.artifact!.download_url, { headers: { authorization: '' } });
    expect(artifact.status).to.equal(200);
    expect(artifact.body.equals(synchronous.body)).to.equal(true);
    expect(done.artifact).to.deep.include({ bytes: synchronous.body.length, sha256: sha256(synchronous.body), etag: `"${sha256(synchronous.body)}"` });
    expect(artifact.headers.get('content-disposition')).to.equal(synchronous.headers.get('content-disposition'));
  });

  it('validates before any job exists: 400 naming the parameter, 404 for unknown shops, 415 for a body that is not JSON', async () => {
    const other = app.tokens.create('validation-client', { allShops: false, shops: ['acme'] }).token;
    const bearer = { authorization: `Bearer ${other}`, 'content-type': 'application/json' };
    const invalid = await fetchProblem(app.url(JOBS), { method: 'POST', headers: bearer, body: JSON.stringify({ shops: ['acme'], from: '2026-02-30' }) });
    expect([invalid.status, invalid.problem.code, invalid.problem.parameter]).to.deep.equal([400, 'invalid_parameter', 'from']);
    const hidden = await fetchProblem(app.url(JOBS), { method: 'POST', headers: bearer, body: JSON.stringify({ shops: ['acme', 'globex'] }) });
    expect([hidden.status, hidden.problem.code, hidden.problem.shops]).to.deep.equal([404, 'unknown_shops', ['globex']]);
    const text = await fetchProblem(app.url(JOBS), { method: 'POST', headers: { authorization: `Bearer ${other}`, 'content-type': 'text/plain' }, body: 'shops=acme' });
    expect(text.status).to.equal(415);
    const listed = await fetchAll(app.url(JOBS), { headers: { authorization: `Bearer ${other}` } });
    expect(JSON.parse(listed.body.toString()).jobs).to.deep.equal([]);
  });

  it('replays a job for the same Idempotency-Key and body (200, Idempotent-Replayed), and refuses the key with another body (422)', async () => {
    const key = { 'idempotency-key': `replay-${Date.now()}` };
    const first = await postJob(app.url(JOBS), BODY, key);
    const again = await postJob(app.url(JOBS), { ...BODY, shops: [...BODY.shops].reverse() }, key);
    expect([first.status, again.status]).to.deep.equal([202, 200]);
    expect(again.headers.get('idempotent-replayed')).to.equal('true');
    expect(again.json.id).to.equal(first.json.id);
    expect(again.headers.get('location')).to.equal(`${JOBS}/${String(first.json.id)}`);
    const reused = await postJob(app.url(JOBS), { ...BODY, formats: ['csv'] }, key);
    expect([reused.status, reused.json.code, reused.json.parameter]).to.deep.equal([422, 'idempotency_key_reused', 'Idempotency-Key']);
    const bad = await postJob(app.url(JOBS), BODY, { 'idempotency-key': 'with space' });
    expect([bad.status, bad.json.parameter]).to.deep.equal([400, 'Idempotency-Key']);
    const other = app.tokens.create('idempotency-other', { allShops: true }).token;
    const sameKeyOtherToken = await postJob(app.url(JOBS), BODY, { ...key, authorization: `Bearer ${other}` });
    expect(sameKeyOtherToken.status).to.equal(202);
    expect(sameKeyOtherToken.json.id).not.to.equal(first.json.id);
    await waitForJob(app.url(`${JOBS}/${String(first.json.id)}`), (job) => job.state === 'succeeded');
  });

  it('answers 404 for another token\'s job on every route, as for an id that never existed', async () => {
    const created = await postJob(app.url(JOBS), { shops: ['acme'] });
    const id = String(created.json.id);
    await waitForJob(app.url(`${JOBS}/${id}`), (job) => job.state === 'succeeded');
    const stranger = { authorization: `Bearer ${app.tokens.create('stranger', { allShops: true }).token}` };
    for (const [method, path] of [['GET', ''], ['GET', '/events'], ['GET', '/download'], ['HEAD', '/download'], ['DELETE', '']] as const) {
      const theirs = await fetchAll(app.url(`${JOBS}/${id}${path}`), { method, headers: stranger });
      const none = await fetchAll(app.url(`${JOBS}/job_AAAAAAAAAAAAAAAAAAAAAA${path}`), { method, headers: stranger });
      expect([theirs.status, none.status], `${method} ${path}`).to.deep.equal([404, 404]);
      if (method !== 'HEAD') expect(JSON.parse(theirs.body.toString()).detail).to.equal(`no export job ${id}`);
    }
    expect((await getJob(app.url(`${JOBS}/${id}`))).state).to.equal('succeeded');
  });

  it('lists a token\'s jobs newest first, page by page with an opaque cursor, and by state', async () => {
    const token = app.tokens.create('lister', { allShops: true }).token;
    const headers = { authorization: `Bearer ${token}` };
    const ids: string[] = [];
    for (let index = 0; index < 5; index += 1) ids.push(String((await postJob(app.url(JOBS), { shops: ['acme'], formats: ['csv'] }, headers)).json.id));
    const pages: string[][] = [];
    let cursor: string | null = null;
    do {
      const listed: { jobs: JobJson[]; next_cursor: string | null } = JSON.parse((await fetchAll(app.url(`${JOBS}?limit=2${cursor === null ? '' : `&cursor=${cursor}`}`), { headers })).body.toString());
      pages.push(listed.jobs.map((job) => job.id));
      cursor = listed.next_cursor;
    } while (cursor !== null);
    expect(pages.map((page) => page.length)).to.deep.equal([2, 2, 1]);
    expect(pages.flat()).to.deep.equal([...ids].reverse());
    for (const id of ids) await waitForJob(app.url(`${JOBS}/${id}`), (job) => job.state === 'succeeded', headers);
    const succeeded = JSON.parse((await fetchAll(app.url(`${JOBS}?state=succeeded,failed&limit=100`), { headers })).body.toString()) as { jobs: JobJson[] };
    expect(succeeded.jobs.map((job) => job.id)).to.deep.equal([...ids].reverse());
    const queued = JSON.parse((await fetchAll(app.url(`${JOBS}?state=queued`), { headers })).body.toString()) as { jobs: JobJson[] };
    expect(queued.jobs).to.deep.equal([]);
    for (const [query, parameter] of [['state=done', 'state'], ['limit=0', 'limit'], ['limit=101', 'limit'], ['cursor=nope', 'cursor'], ['page=2', 'page']]) {
      const problem = await fetchProblem(app.url(`${JOBS}?${query}`), { headers });
      expect([problem.status, problem.problem.parameter], query).to.deep.equal([400, parameter]);
    }
  });
});

describe('export jobs: the queue limit per token', () => {
  let database: SeededDatabase;
  let app: RunningApp;

  before(async () => {
    database = await seedDatabase({ demo: { shops: 6, orders: 6_000, seed: 3 } });
    app = await startApp({ sourcePath: database.path, environment: { SHOPZIP_MAX_QUEUED_JOBS_PER_TOKEN: '2', SHOPZIP_MAX_RUNNING_JOBS: '1' } });
  });
  after(async () => {
    await app.close();
    await database.remove();
  });

  it('answers 429 too_many_jobs past SHOPZIP_MAX_QUEUED_JOBS_PER_TOKEN unfinished jobs, and takes jobs again once they finished', async () => {
    const all = { shops: ['acme', 'globex', 'initech', 'umbrella', 'wonka', 'stark'] };
    const first = await postJob(app.url(JOBS), all);
    const second = await postJob(app.url(JOBS), all);
    const third = await postJob(app.url(JOBS), all);
    expect([first.status, second.status, third.status]).to.deep.equal([202, 202, 429]);
    expect(third.json.code).to.equal('too_many_jobs');
    expect(third.headers.get('retry-after')).to.equal('30');
    const other = app.tokens.create('another-queue', { allShops: true }).token;
    expect((await postJob(app.url(JOBS), { shops: ['acme'] }, { authorization: `Bearer ${other}` })).status).to.equal(202);
    await waitForJob(app.url(`${JOBS}/${String(second.json.id)}`), (job) => job.state === 'succeeded');
    expect((await postJob(app.url(JOBS), { shops: ['acme'] })).status).to.equal(202);
  });
});

/** Orders and order lines of these shops, counted independently of src/. */
function countRows(path: string, shops: readonly string[]): { orders: number; items: number } {
  const database = new Database(path, { readonly: true });
  try {
    const inShops = `s.slug IN (${shops.map(() => '?').join(',')}) AND o.created_at >= '2024-12-31' AND o.created_at < '2027-01-02'`;
    const orders = database.prepare(`SELECT count(*) FROM orders o JOIN shops s ON s.id = o.shop_id WHERE ${inShops}`).pluck().get(...shops) as number;
    const items = database.prepare(`SELECT count(*) FROM order_items i JOIN orders o ON o.id = i.order_id JOIN shops s ON s.id = o.shop_id WHERE ${inShops}`).pluck().get(...shops) as number;
    return { orders, items };
  } finally {
    database.close();
  }
}
