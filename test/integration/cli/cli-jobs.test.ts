import { expect } from 'chai';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startApp, type RunningApp } from '../../helpers/app.js';
import { runShopzip } from '../../helpers/cli.js';
import { startCuttingProxy } from '../../helpers/cutting-proxy.js';
import { fetchAll, postJson } from '../../helpers/http.js';
import { getJob, JOBS, postJob, sha256, waitForJob, type JobJson } from '../../helpers/jobs.js';
import { seedDatabase, type SeededDatabase } from '../../helpers/seed-database.js';

const REQUEST = ['--shops', 'acme,globex,initech', '--from', '2026-01-01', '--to', '2026-12-31'];

describe('the shopzip command: export jobs', () => {
  let database: SeededDatabase;
  let app: RunningApp;
  let folder: string;
  const environment = (): Record<string, string> => ({ SHOPZIP_TOKEN: app.token, SHOPZIP_URL: app.url('') });
  const newest = async (): Promise<JobJson> => (JSON.parse((await runShopzip(['jobs', 'list', '--limit', '1', '--json'], { cwd: folder, environment: environment() })).stdout) as { jobs: JobJson[] }).jobs[0]!;

  before(async () => {
    database = await seedDatabase({ demo: { shops: 6, orders: 8000, seed: 4 } });
    app = await startApp({ sourcePath: database.path, environment: { SHOPZIP_MAX_RUNNING_JOBS: '1' } });
  });
  beforeEach(async () => { folder = await mkdtemp(join(tmpdir(), 'shopzip-cli-')); });
  afterEach(async () => { await rm(folder, { recursive: true, force: true }); });
  after(async () => {
    await app.close();
    await database.remove();
  });

  it('exports as a job by default: progress lines on a pipe, then the file, checked against the job\'s SHA-256', async () => {
    const run = await runShopzip(['export', ...REQUEST], { cwd: folder, environment: environment() });
    expect(run.code, run.stderr).to.equal(0);
    expect(run.stdout).to.equal('orders_acme-globex-initech_2026-01-01_2026-12-31.zip\n');
    const job = await newest();
    expect(job.state).to.equal('succeeded');
    expect(run.stderr).to.include(`export job ${job.id} started`);
    expect(run.stderr).to.match(new RegExp(`job ${job.id}: succeeded · 100% · [\\d,]+ of [\\d,]+ rows`));
    expect(run.stderr).to.match(/downloaded: [\d.]+ [kM]B of [\d.]+ [kM]B \(100%\)/);
    const file = await readFile(join(folder, run.stdout.trim()));
    expect([file.length, sha256(file)]).to.deep.equal([job.artifact!.bytes, job.artifact!.sha256]);
    const sync = await postJson(app.url('/v1/exports/orders.zip'), { shops: ['acme', 'globex', 'initech'], from: '2026-01-01', to: '2026-12-31' });
    expect(sha256(sync.body)).to.equal(job.artifact!.sha256);
    expect(await readdir(folder)).to.deep.equal([run.stdout.trim()]);
  });

  it('lists, shows and downloads jobs; --detach prints the id of the job it started', async () => {
    const detached = await runShopzip(['export', '--detach', '--shops', 'stark', '--formats', 'csv'], { cwd: folder, environment: environment() });
    expect(detached.code, detached.stderr).to.equal(0);
    const id = detached.stdout.trim();
    const done = await waitForJob(app.url(`${JOBS}/${id}`), (job) => job.state === 'succeeded');
    const list = await runShopzip(['jobs', 'list'], { cwd: folder, environment: environment() });
    expect(list.stdout.split('\n')[0]).to.match(new RegExp(`^${id}  succeeded  \\S+  stark  100% · `));
    const show = await runShopzip(['jobs', 'show', id], { cwd: folder, environment: environment() });
    expect(show.stdout).to.include(`id:       ${id}\nstate:    succeeded\nshops:    stark\n`).and.include(`sha256 ${done.artifact!.sha256}`);
    expect((JSON.parse((await runShopzip(['jobs', 'show', id, '--json'], { cwd: folder, environment: environment() })).stdout) as JobJson).artifact!.sha256).to.equal(done.artifact!.sha256);
    const download = await runShopzip(['jobs', 'download', id, '-o', 'stark.zip'], { cwd: folder, environment: environment() });
    expect([download.code, download.stdout]).to.deep.equal([0, 'stark.zip\n']);
    expect(sha256(await readFile(join(folder, 'stark.zip')))).to.equal(done.artifact!.sha256);
  });

  it('cancels a waiting job (exit 0), then says it has finished (exit 1); delete removes it; an unknown id exits 2', async () => {
    // One job runs at a time (SHOPZIP_MAX_RUNNING_JOBS is 1 on two cores and in this app): the second one waits.
    const all = { shops: ['acme', 'globex', 'initech', 'stark', 'umbrella', 'wonka'] };
    const ahead = String((await postJob(app.url(JOBS), all)).json.id);
    const id = String((await postJob(app.url(JOBS), all)).json.id);
    const cancel = await runShopzip(['jobs', 'cancel', id], { cwd: folder, environment: environment() });
    expect([cancel.code, cancel.stdout]).to.deep.equal([0, `job ${id} is cancelled\n`]);
    expect((await fetchAll(app.url(`${JOBS}/${ahead}`), { method: 'DELETE' })).status).to.be.oneOf([200, 204]);
    expect((await getJob(app.url(`${JOBS}/${id}`))).state).to.equal('cancelled');
    const again = await runShopzip(['jobs', 'cancel', id], { cwd: folder, environment: environment() });
    expect([again.code, again.stderr]).to.deep.equal([1, `shopzip: job ${id} has already finished (cancelled); shopzip jobs delete ${id} removes it\n`]);
    const download = await runShopzip(['jobs', 'download', id], { cwd: folder, environment: environment() });
    expect([download.code, download.stderr]).to.deep.equal([1, `shopzip: export job ${id} was cancelled\n`]);
    const deleted = await runShopzip(['jobs', 'delete', id], { cwd: folder, environment: environment() });
    expect([deleted.code, deleted.stdout]).to.deep.equal([0, `job ${id} deleted\n`]);
    const gone = await runShopzip(['jobs', 'show', id], { cwd: folder, environment: environment() });
    expect([gone.code, gone.stderr]).to.deep.equal([2, 'shopzip: This export does not exist (any more).\n']);
  });

  it('resumes a download cut off midway with Range and If-Range, and the file matches the job\'s SHA-256', async () => {
    const created = await postJob(app.url(JOBS), { shops: ['umbrella', 'wonka'] });
    const done = await waitForJob(app.url(`${JOBS}/${String(created.json.id)}`), (job) => job.state === 'succeeded');
    // A third, not a half: the rest of a file of an even size after a cut at its half is a half, so the second cut
    // would come at the end of its response and cut nothing.
    const part = Math.floor(done.artifact!.bytes / 3);
    const proxy = await startCuttingProxy(app.url(''), { path: /\/download$/, times: 2, cutAt: (_head, total) => (total >= part ? part : undefined) });
    try {
      const run = await runShopzip(['jobs', 'download', done.id, '--url', proxy.url('')], { cwd: folder, environment: { SHOPZIP_TOKEN: app.token } });
      expect(run.code, run.stderr).to.equal(0);
      // How much of a cut response reaches the disk depends on the client's buffers: the next request says it.
      const gets = proxy.requests.filter((request) => request.method === 'GET' && request.path.endsWith('/download'));
      const starts = gets.map((request) => Number(/^bytes=(\d+)-$/.exec(request.headers.range ?? 'bytes=0-')?.[1]));
      expect(starts).to.have.length(3);
      expect(starts[0]).to.equal(0);
      expect(starts[1]).to.be.above(0).and.at.most(part);
      expect(starts[2]).to.be.above(starts[1]!).and.at.most(starts[1]! + part);
      expect(gets.slice(1).map((request) => request.headers['if-range'])).to.deep.equal([done.artifact!.etag, done.artifact!.etag]);
      for (const start of starts.slice(1)) expect(run.stderr).to.include(`connection lost at ${start} of ${done.artifact!.bytes} bytes; resuming`);
      const file = await readFile(join(folder, run.stdout.trim()));
      expect([file.length, sha256(file)]).to.deep.equal([done.artifact!.bytes, done.artifact!.sha256]);
      expect(await readdir(folder)).to.deep.equal([run.stdout.trim()]);
    } finally {
      await proxy.close();
    }
  });

  it('takes up the partial file an earlier run left, and starts again when that file does not match', async () => {
    const created = await postJob(app.url(JOBS), { shops: ['stark'], formats: ['xlsx'] });
    const done = await waitForJob(app.url(`${JOBS}/${String(created.json.id)}`), (job) => job.state === 'succeeded');
    const whole = (await fetchAll(app.url(`${JOBS}/${done.id}/download`))).body;
    const partial = join(folder, `stark.zip.${done.artifact!.sha256.slice(0, 12)}.part`);
    const proxy = await startCuttingProxy(app.url(''), { path: /^$/, times: 0, cutAt: () => undefined });
    try {
      await writeFile(partial, whole.subarray(0, 1000));
      const resumed = await runShopzip(['jobs', 'download', done.id, '-o', 'stark.zip', '--url', proxy.url('')], { cwd: folder, environment: { SHOPZIP_TOKEN: app.token } });
      expect(resumed.code, resumed.stderr).to.equal(0);
      expect(proxy.requests.filter((request) => request.method === 'GET' && request.path.endsWith('/download')).map((request) => request.headers.range)).to.deep.equal(['bytes=1000-']);
      expect(sha256(await readFile(join(folder, 'stark.zip')))).to.equal(done.artifact!.sha256);
      await rm(join(folder, 'stark.zip'));
      await writeFile(partial, Buffer.alloc(1000, 'x'));
      const spoiled = await runShopzip(['jobs', 'download', done.id, '-o', 'stark.zip'], { cwd: folder, environment: environment() });
      expect(spoiled.code, spoiled.stderr).to.equal(0);
      expect(spoiled.stderr).to.include('the file does not match the job\'s SHA-256; downloading it again from the start');
      expect(sha256(await readFile(join(folder, 'stark.zip')))).to.equal(done.artifact!.sha256);
      expect(await readdir(folder)).to.deep.equal(['stark.zip']);
    } finally {
      await proxy.close();
    }
  });

  it('exits 1 with the failed job\'s problem in words', async () => {
    const broken = await startApp({ sourcePath: database.path, environment: { SHOPZIP_ARTIFACT_DIR: join(database.path, 'artifacts') } });
    try {
      const run = await runShopzip(['export', '--shops', 'acme'], { cwd: folder, environment: { SHOPZIP_TOKEN: broken.token, SHOPZIP_URL: broken.url('') } });
      expect(run.code).to.equal(1);
      expect(run.stderr).to.match(/shopzip: export job \S+ failed: The server could not save the export file, perhaps because its disk is full\. Tell your administrator\.\n$/);
      expect(await readdir(folder)).to.deep.equal([]);
    } finally {
      await broken.close();
    }
  });
});
