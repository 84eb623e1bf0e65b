import { expect } from 'chai';
import Database from 'better-sqlite3';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fetchAll } from '../../helpers/http.js';
import { JOBS, sha256, type JobJson } from '../../helpers/jobs.js';
import { startServiceProcess, type ServiceProcess } from '../../helpers/service-process.js';

const ALL_SHOPS = { shops: ['acme', 'globex', 'initech', 'umbrella', 'wonka', 'stark'], formats: ['csv', 'xlsx'] };

describe('export jobs across restarts of the process (npm start)', () => {
  let directory: string;
  let service: ServiceProcess | undefined;
  let token: string;
  let environment: Record<string, string>;
  const headers = (): Record<string, string> => ({ authorization: `Bearer ${token}`, 'content-type': 'application/json' });
  const job = async (id: string): Promise<JobJson> => JSON.parse((await fetchAll(service!.url(`${JOBS}/${id}`), { headers: headers() })).body.toString()) as JobJson;
  const until = async (id: string, done: (job: JobJson) => boolean): Promise<JobJson> => {
    for (let attempt = 0; ; attempt += 1) {
      const seen = await job(id);
      if (done(seen)) return seen;
      if (attempt > 3000) throw new Error(`job stuck: ${JSON.stringify(seen)}`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  };
  const create = async (): Promise<string> => {
    const answer = await fetchAll(service!.url(JOBS), { method: 'POST', headers: headers(), body: JSON.stringify(ALL_SHOPS) });
    expect(answer.status).to.equal(202);
    return (JSON.parse(answer.body.toString()) as JobJson).id;
  };

  before(async () => {
    directory = await mkdtemp(join(tmpdir(), 'shopzip-jobs-process-'));
    environment = {
      SHOPZIP_SOURCE_DB: join(directory, 'source.db'), SHOPZIP_STATE_DB: join(directory, 'state.db'),
      SHOPZIP_ARTIFACT_DIR: join(directory, 'artifacts'), SHOPZIP_LOG_LEVEL: 'warn', SHOPZIP_DEFLATE_LEVEL: '6',
    };
    service = await startServiceProcess(environment);
    token = /export SHOPZIP_TOKEN=(\S+)/.exec(service.stdout())![1]!;
  });
  after(async () => {
    service?.kill();
    await rm(directory, { recursive: true, force: true });
  });

  it('runs a job killed (SIGKILL) mid-run again from the start after a restart, to a file equal to the synchronous download', async () => {
    const id = await create();
    await until(id, (seen) => seen.state === 'running' && seen.progress.rows_done > 0);
    service!.child.kill('SIGKILL');
    await service!.exited();
    expect(await readdir(environment.SHOPZIP_ARTIFACT_DIR!)).to.deep.equal([`${id}.zip.partial`]);
    service = await startServiceProcess(environment);
    const done = await until(id, (seen) => seen.state !== 'queued' && seen.state !== 'running');
    expect(done.state).to.equal('succeeded');
    expect(await readdir(environment.SHOPZIP_ARTIFACT_DIR!)).to.deep.equal([`${id}.zip`]);
    const synchronous = await fetchAll(service.url('/v1/exports/orders.zip'), { method: 'POST', headers: headers(), body: JSON.stringify(ALL_SHOPS) });
    const artifact = await fetchAll(done.artifact!.download_url);
    expect(sha256(artifact.body)).to.equal(done.artifact!.sha256).and.to.equal(sha256(synchronous.body));
    expect(artifact.body.length).to.equal(synchronous.body.length);
  });

  it('on SIGTERM puts a running job back in the queue and exits 0; the next start runs it to the end', async () => {
    const id = await create();
    await until(id, (seen) => seen.state === 'running' && seen.progress.rows_done > 0);
    service!.child.kill('SIGTERM');
    expect(await service!.exited()).to.equal(0);
    const state = new Database(environment.SHOPZIP_STATE_DB!, { readonly: true });
    try {
      expect(state.prepare('SELECT state, started_at, rows_done, deaths FROM export_jobs WHERE id = ?').get(id)).to.deep.equal({ state: 'queued', started_at: null, rows_done: 0, deaths: 0 });
    } finally {
      state.close();
    }
    expect((await readdir(environment.SHOPZIP_ARTIFACT_DIR!)).filter((name) => name.startsWith(id))).to.deep.equal([]);
    service = await startServiceProcess(environment);
    expect((await until(id, (seen) => seen.state !== 'queued' && seen.state !== 'running')).state).to.equal('succeeded');
  });
});
