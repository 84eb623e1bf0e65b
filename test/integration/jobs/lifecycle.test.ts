import { expect } from 'chai';
import { readdir } from 'node:fs/promises';
import { eventually, startApp, type RunningApp } from '../../helpers/app.js';
import { fetchAll, fetchProblem } from '../../helpers/http.js';
import { getJob, JOBS, postJob, waitForJob, type JobJson } from '../../helpers/jobs.js';
import { seedDatabase, type SeededDatabase } from '../../helpers/seed-database.js';

const ALL_SHOPS = { shops: ['acme', 'globex', 'initech', 'umbrella', 'wonka', 'stark'] };
const HOUR = 3_600_000;

describe('export jobs: cancel, delete and expiry', () => {
  let database: SeededDatabase;
  let app: RunningApp;
  const remove = (id: string) => fetchAll(app.url(`${JOBS}/${id}`), { method: 'DELETE' });

  before(async () => {
    database = await seedDatabase({ demo: { shops: 6, orders: 30_000, seed: 9 } });
    app = await startApp({ sourcePath: database.path, environment: { SHOPZIP_MAX_RUNNING_JOBS: '1', SHOPZIP_DEFLATE_LEVEL: '6' } });
  });
  after(async () => {
    await app.close();
    await database.remove();
  });

  it('cancels a running job: its cursor closes, reading stops, its partial file is removed, and it is cancelled for good', async () => {
    const created = await postJob(app.url(JOBS), ALL_SHOPS);
    const id = String(created.json.id);
    await waitForJob(app.url(`${JOBS}/${id}`), (job) => job.state === 'running' && job.progress.rows_done > 0);
    expect(await readdir(app.config.artifactDirectory)).to.deep.equal([`${id}.zip.partial`]);
    const started = performance.now();
    const cancelled = await remove(id);
    expect(cancelled.status).to.equal(200);
    const job = JSON.parse(cancelled.body.toString()) as JobJson;
    expect([job.state, job.artifact, job.error]).to.deep.equal(['cancelled', null, null]);
    expect(job.finished_at).to.be.a('string');
    await eventually(() => expect(app.source.counters.openCursors).to.equal(0));
    const stoppedMs = performance.now() - started;
    expect(await readdir(app.config.artifactDirectory)).to.deep.equal([]);
    const rowsRead = app.source.counters.rowsRead;
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(app.source.counters.rowsRead).to.equal(rowsRead);
    expect(app.source.counters.openSnapshots).to.equal(0);
    expect((await getJob(app.url(`${JOBS}/${id}`))).state).to.equal('cancelled');
    const download = await fetchProblem(app.url(`${JOBS}/${id}/download`));
    expect([download.status, download.problem.code]).to.deep.equal([409, 'artifact_not_ready']);
    expect(app.logs.find((line) => line.msg === 'export job cancelled' && line.job === id)).to.include({ outcome: 'cancelled' });
    expect(stoppedMs).to.be.a('number'); // how long it took is reported in the log of this test run, not asserted
    process.stdout.write(`      (cursor closed ${stoppedMs.toFixed(0)} ms after DELETE was sent)\n`);
  });

  it('cancels a queued job before it runs, and deletes a finished job with its file (204, then 404)', async () => {
    const running = await postJob(app.url(JOBS), ALL_SHOPS);
    const queued = await postJob(app.url(JOBS), { shops: ['acme'] });
    const cancelled = JSON.parse((await remove(String(queued.json.id))).body.toString()) as JobJson;
    expect([cancelled.state, cancelled.started_at]).to.deep.equal(['cancelled', null]);
    const done = await waitForJob(app.url(`${JOBS}/${String(running.json.id)}`), (job) => job.state === 'succeeded');
    expect(await readdir(app.config.artifactDirectory)).to.deep.equal([`${done.id}.zip`]);
    expect((await getJob(app.url(`${JOBS}/${String(queued.json.id)}`))).started_at).to.equal(null);
    const deleted = await remove(done.id);
    expect([deleted.status, deleted.body.length]).to.deep.equal([204, 0]);
    expect(await readdir(app.config.artifactDirectory)).to.deep.equal([]);
    expect((await fetchAll(app.url(`${JOBS}/${done.id}`))).status).to.equal(404);
    expect((await remove(String(queued.json.id))).status).to.equal(204);
  });

  it('expires a succeeded job\'s file after SHOPZIP_JOB_TTL_HOURS (410 Gone), and deletes its record a TTL later', async () => {
    const created = await postJob(app.url(JOBS), { shops: ['acme'], formats: ['csv'] });
    const done = await waitForJob(app.url(`${JOBS}/${String(created.json.id)}`), (job) => job.state === 'succeeded');
    const link = done.artifact!.download_url;
    expect(await app.jobs.sweep(Date.parse(done.expires_at!) - 1000)).to.deep.equal({ expired: 0, deleted: 0 });
    expect(await app.jobs.sweep(Date.parse(done.expires_at!))).to.deep.equal({ expired: 1, deleted: 0 });
    const expired = await getJob(app.url(`${JOBS}/${done.id}`));
    expect([expired.state, expired.artifact, expired.progress.percent]).to.deep.equal(['expired', null, 100]);
    expect(await readdir(app.config.artifactDirectory)).to.deep.equal([]);
    for (const url of [app.url(`${JOBS}/${done.id}/download`), link]) {
      const gone = await fetchProblem(url);
      expect([gone.status, gone.problem.code]).to.deep.equal([410, 'artifact_expired']);
    }
    await app.jobs.sweep(Date.parse(done.expires_at!) + 24 * HOUR);
    expect((await fetchAll(app.url(`${JOBS}/${done.id}`))).status).to.equal(404);
  });
});
