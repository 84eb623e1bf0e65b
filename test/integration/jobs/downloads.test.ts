import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { eventually, startApp, type RunningApp } from '../../helpers/app.js';
import { fetchAll, openResponse, postJson } from '../../helpers/http.js';
import { endsBroken, readAtLeast } from '../../helpers/streams.js';
import { getJob, JOBS, postJob, sha256, waitForJob, type JobJson } from '../../helpers/jobs.js';
import { seedDatabase, type SeededDatabase } from '../../helpers/seed-database.js';

const BODY = { shops: ['acme', 'globex'], formats: ['csv', 'xlsx'] };

describe('export jobs: downloading the file', () => {
  let database: SeededDatabase;
  let app: RunningApp;
  let job: JobJson;
  let zip: Buffer;
  let size: number;
  let download: string;
  const get = (headers: Record<string, string> = {}, method = 'GET') => fetchAll(app.url(download), { method, headers });

  before(async () => {
    database = await seedDatabase({ demo: { shops: 6, orders: 4_000, seed: 5 } });
    app = await startApp({ sourcePath: database.path });
    const created = await postJob(app.url(JOBS), BODY);
    job = await waitForJob(app.url(`${JOBS}/${String(created.json.id)}`), (seen) => seen.state === 'succeeded');
    zip = (await postJson(app.url('/v1/exports/orders.zip'), BODY)).body;
    size = zip.length;
    download = `${JOBS}/${job.id}/download`;
  });
  after(async () => {
    await app.close();
    await database.remove();
  });

  it('answers GET with the whole file, its length, validators, digest and the synchronous export\'s file name', async () => {
    const answer = await get();
    expect(answer.status).to.equal(200);
    expect(answer.body.equals(zip)).to.equal(true);
    expect(answer.headers.get('content-length')).to.equal(String(size));
    expect(answer.headers.get('content-type')).to.equal('application/zip');
    expect(answer.headers.get('accept-ranges')).to.equal('bytes');
    expect(answer.headers.get('etag')).to.equal(`"${sha256(zip)}"`).and.to.equal(job.artifact!.etag);
    expect(answer.headers.get('repr-digest')).to.equal(`sha-256=:${Buffer.from(sha256(zip), 'hex').toString('base64')}:`);
    expect(Date.parse(answer.headers.get('last-modified')!)).to.be.closeTo(Date.parse(job.finished_at!), 2000);
    const synchronous = await postJson(app.url('/v1/exports/orders.zip'), BODY);
    expect(answer.headers.get('content-disposition')).to.equal(synchronous.headers.get('content-disposition'));
  });

  it('answers HEAD with the same headers and no body', async () => {
    const answer = await get({}, 'HEAD');
    expect([answer.status, answer.body.length]).to.deep.equal([200, 0]);
    expect(answer.headers.get('content-length')).to.equal(String(size));
    expect(answer.headers.get('etag')).to.equal(job.artifact!.etag);
    const range = await get({ range: 'bytes=0-9' }, 'HEAD');
    expect([range.status, range.headers.get('content-length'), range.headers.get('content-range')]).to.deep.equal([206, '10', `bytes 0-9/${size}`]);
  });

  it('sends the first byte alone for bytes=0-0 (206, Content-Range)', async () => {
    const answer = await get({ range: 'bytes=0-0' });
    expect([answer.status, answer.headers.get('content-range'), answer.headers.get('content-length')]).to.deep.equal([206, `bytes 0-0/${size}`, '1']);
    expect(answer.body.equals(zip.subarray(0, 1))).to.equal(true);
  });

  it('sends the last byte for bytes=LEN-1-LEN-1, and for a last position past the end', async () => {
    for (const range of [`bytes=${size - 1}-${size - 1}`, `bytes=${size - 1}-${size + 1000}`]) {
      const answer = await get({ range });
      expect([answer.status, answer.headers.get('content-range')], range).to.deep.equal([206, `bytes ${size - 1}-${size - 1}/${size}`]);
      expect(answer.body.equals(zip.subarray(size - 1))).to.equal(true);
    }
  });

  it('sends the last N bytes for a suffix range, and the whole file for a suffix longer than it', async () => {
    const last = await get({ range: 'bytes=-100' });
    expect([last.status, last.headers.get('content-range')]).to.deep.equal([206, `bytes ${size - 100}-${size - 1}/${size}`]);
    expect(last.body.equals(zip.subarray(size - 100))).to.equal(true);
    const longer = await get({ range: `bytes=-${size * 2}` });
    expect([longer.status, longer.headers.get('content-range')]).to.deep.equal([206, `bytes 0-${size - 1}/${size}`]);
    expect(longer.body.equals(zip)).to.equal(true);
  });

  it('sends the rest from an offset for an open range', async () => {
    const answer = await get({ range: 'bytes=1000-' });
    expect([answer.status, answer.headers.get('content-range')]).to.deep.equal([206, `bytes 1000-${size - 1}/${size}`]);
    expect(answer.body.equals(zip.subarray(1000))).to.equal(true);
  });

  it('answers 416 with Content-Range: bytes */LEN for a range past the end, or an empty suffix', async () => {
    for (const range of [`bytes=${size}-`, `bytes=${size + 5}-${size + 10}`, 'bytes=-0']) {
      const answer = await get({ range });
      expect([answer.status, answer.headers.get('content-range')], range).to.deep.equal([416, `bytes */${size}`]);
    }
  });

  it('answers the whole file (200) for several ranges, another unit or a malformed range', async () => {
    for (const range of ['bytes=0-0,5-9', 'items=0-5', 'bytes=9-5', 'bytes=abc']) {
      const answer = await get({ range });
      expect([answer.status, answer.body.length], range).to.deep.equal([200, size]);
    }
  });

  it('honours If-Range: the range for the current ETag or a date not before Last-Modified, the whole file (200) when stale', async () => {
    const lastModified = (await get({}, 'HEAD')).headers.get('last-modified')!;
    const current = await get({ range: 'bytes=0-9', 'if-range': job.artifact!.etag });
    expect(current.status).to.equal(206);
    const stale = await get({ range: 'bytes=0-9', 'if-range': '"0000"' });
    expect([stale.status, stale.body.length]).to.deep.equal([200, size]);
    expect((await get({ range: 'bytes=0-9', 'if-range': lastModified })).status).to.equal(206);
    const older = new Date(Date.parse(lastModified) - 60_000).toUTCString();
    expect((await get({ range: 'bytes=0-9', 'if-range': older })).status).to.equal(200);
  });

  it('answers 304 for If-None-Match with its ETag (also weak, or in a list) and for If-Modified-Since, with the validators', async () => {
    for (const value of [job.artifact!.etag, `W/${job.artifact!.etag}`, `"other", ${job.artifact!.etag}`, '*']) {
      const answer = await get({ 'if-none-match': value });
      expect([answer.status, answer.body.length], value).to.deep.equal([304, 0]);
      expect(answer.headers.get('etag')).to.equal(job.artifact!.etag);
    }
    expect((await get({ 'if-none-match': '"other"' })).status).to.equal(200);
    const lastModified = (await get({}, 'HEAD')).headers.get('last-modified')!;
    expect((await get({ 'if-modified-since': lastModified })).status).to.equal(304);
  });

  it('answers 412 when If-Match names another entity', async () => {
    expect((await get({ 'if-match': '"other"' })).status).to.equal(412);
    expect((await get({ 'if-match': job.artifact!.etag })).status).to.equal(200);
  });

  it('serves the signed link without a token, the same bytes and ETag; a tampered or expired link is 403', async () => {
    const fresh = await getJob(app.url(`${JOBS}/${job.id}`));
    const url = new URL(fresh.artifact!.download_url);
    expect(url.origin).to.equal(new URL(app.url('/')).origin);
    expect(Date.parse(fresh.artifact!.download_url_expires_at) - Date.now()).to.be.within(890_000, 900_000);
    const signed = await fetchAll(url.href, { headers: { authorization: '' } });
    expect([signed.status, signed.headers.get('etag')]).to.deep.equal([200, job.artifact!.etag]);
    expect(signed.body.equals(zip)).to.equal(true);
    const signature = url.searchParams.get('signature')!;
    url.searchParams.set('signature', `${signature.startsWith('A') ? 'B' : 'A'}${signature.slice(1)}`);
    const tampered = await fetchAll(url.href, { headers: { authorization: '' } });
    expect([tampered.status, JSON.parse(tampered.body.toString()).code]).to.deep.equal([403, 'invalid_signature']);
    const past = app.jobs.links.sign(job.id, Date.now() - 3_600_000);
    const expired = await fetchAll(app.url(`${download}?${past.query}`), { headers: { authorization: '' } });
    expect([expired.status, JSON.parse(expired.body.toString()).detail]).to.deep.equal([403, 'this download link has expired; get a fresh one: GET the job again']);
    const otherJob = await fetchAll(app.url(`${JOBS}/job_AAAAAAAAAAAAAAAAAAAAAA/download?${new URL(fresh.artifact!.download_url).search.slice(1)}`), { headers: { authorization: '' } });
    expect(otherJob.status).to.equal(403);
    expect((await fetchAll(app.url(download), { headers: { authorization: '' } })).status).to.equal(401);
  });

  it('resumes with curl -C - a download cut off at a random byte: the file equals the artifact and the synchronous download', async () => {
    const cut = 1 + Math.floor(Math.random() * (size - 2));
    const directory = await mkdtemp(join(tmpdir(), 'shopzip-curl-'));
    try {
      const file = join(directory, 'orders.zip');
      await writeFile(file, await firstBytesThenHangUp(job.artifact!.download_url, cut));
      const { stderr } = await promisify(execFile)('curl', ['-sS', '-f', '-C', '-', '-o', file, job.artifact!.download_url]);
      expect(stderr).to.equal('');
      const resumed = await readFile(file);
      expect(sha256(resumed), `cut at byte ${cut}`).to.equal(job.artifact!.sha256).and.to.equal(sha256(zip));
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  });

  it('counts downloads by status', async () => {
    const text = (await fetchAll(app.url('/metrics'))).body.toString();
    for (const status of ['200', '206', '304', '416']) expect(text).to.match(new RegExp(`^shopzip_export_job_downloads_total\\{status="${status}"\\} [1-9]`, 'm'));
  });
});

describe('export jobs: a revoked token, and a client that stops reading the file', () => {
  let database: SeededDatabase;
  let app: RunningApp;

  before(async () => {
    database = await seedDatabase({ demo: { shops: 6, orders: 30_000, seed: 7 } });
    app = await startApp({ sourcePath: database.path, environment: { SHOPZIP_MAX_RUNNING_JOBS: '1', SHOPZIP_DEFLATE_LEVEL: '0', SHOPZIP_IDLE_SEND_TIMEOUT_MS: '300' } });
  });
  after(async () => {
    await app.close();
    await database.remove();
  });

  it('does not run a revoked token\'s queued job, and its signed links stop working (403)', async () => {
    const { token } = app.tokens.create('to-be-revoked', { allShops: true });
    const headers = { authorization: `Bearer ${token}` };
    const first = await postJob(app.url(JOBS), { shops: ['acme'], formats: ['csv'] }, headers);
    const done = await waitForJob(app.url(`${JOBS}/${String(first.json.id)}`), (job) => job.state === 'succeeded', headers);
    const blocker = await postJob(app.url(JOBS), BODY);
    const queued = await postJob(app.url(JOBS), { shops: ['acme'] }, headers);
    expect(queued.json.state).to.equal('queued');
    app.tokens.revoke('to-be-revoked');
    const link = await fetchAll(done.artifact!.download_url, { headers: { authorization: '' } });
    expect([link.status, JSON.parse(link.body.toString()).code]).to.deep.equal([403, 'invalid_signature']);
    await waitForJob(app.url(`${JOBS}/${String(blocker.json.id)}`), (job) => job.state === 'succeeded');
    await eventually(() => expect(app.logs.find((line) => line.job === queued.json.id)?.msg).to.equal('export job cancelled: its token was revoked'), 10_000);
    const stored = await app.jobs.get(String(queued.json.id));
    expect([stored?.state, stored?.artifact, stored?.progress.rowsDone]).to.deep.equal(['cancelled', null, 0]);
  });

  it('aborts a file download whose client stopped reading for the idle-send timeout', async () => {
    const created = await postJob(app.url(JOBS), { shops: ['acme', 'globex', 'initech', 'umbrella', 'wonka', 'stark'] });
    const job = await waitForJob(app.url(`${JOBS}/${String(created.json.id)}`), (seen) => seen.state === 'succeeded');
    expect(job.artifact!.bytes).to.be.above(16 * 1024 * 1024); // more than the loopback socket buffers hold
    const response = await openResponse(app.url(`${JOBS}/${job.id}/download`));
    await readAtLeast(response, 64 * 1024);
    await eventually(() => expect(app.logs.some((line) => line.msg === 'aborting a job file download whose client stopped reading' && line.job === job.id)).to.equal(true), 10_000);
    expect(await endsBroken(response)).to.equal(true);
    await eventually(() => expect(app.lifecycle.inFlight).to.equal(0));
  });
});

/** The first `bytes` bytes of a GET, read from a connection that is then closed: a download cut off. */
function firstBytesThenHangUp(url: string, bytes: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const outgoing = request(url, { agent: false }, (response) => {
      const chunks: Buffer[] = [];
      let received = 0;
      response.on('data', (chunk: Buffer) => {
        chunks.push(chunk);
        received += chunk.length;
        if (received < bytes) return;
        outgoing.destroy();
        resolve(Buffer.concat(chunks).subarray(0, bytes));
      });
      response.once('error', () => undefined);
    });
    outgoing.once('error', (error) => { if (!outgoing.destroyed) reject(error); });
    outgoing.end();
  });
}
