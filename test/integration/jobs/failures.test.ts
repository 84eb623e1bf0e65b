import { expect } from 'chai';
import { execFileSync } from 'node:child_process';
import { chmod, mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startApp } from '../../helpers/app.js';
import { fetchAll, postJson } from '../../helpers/http.js';
import { JOBS, postJob, waitForJob } from '../../helpers/jobs.js';
import { seedDatabase, type SeededDatabase } from '../../helpers/seed-database.js';

const ALL_SHOPS = { shops: ['acme', 'globex', 'initech', 'umbrella', 'wonka', 'stark'] };
const isRoot = process.getuid?.() === 0;

describe('export jobs: a disk that cannot take the file', () => {
  let database: SeededDatabase;
  let directory: string;

  before(async () => {
    database = await seedDatabase({ demo: { shops: 6, orders: 6_000, seed: 11 } });
    directory = await mkdtemp(join(tmpdir(), 'shopzip-disk-'));
  });
  after(async () => {
    await database.remove();
    await rm(directory, { recursive: true, force: true });
  });

  it('fails the job with artifact_write_failed when the artifact directory is not writable, and the service goes on serving', async () => {
    const artifacts = join(directory, 'read-only');
    await mkdir(artifacts);
    // Root ignores file modes: an immutable directory refuses it too (EPERM), as 0500 refuses others (EACCES).
    if (isRoot) execFileSync('chattr', ['+i', artifacts]);
    else await chmod(artifacts, 0o500);
    const app = await startApp({ sourcePath: database.path, environment: { SHOPZIP_ARTIFACT_DIR: artifacts } });
    try {
      const created = await postJob(app.url(JOBS), ALL_SHOPS);
      const failed = await waitForJob(app.url(`${JOBS}/${String(created.json.id)}`), (job) => job.state === 'failed');
      expect(failed.error).to.deep.include({ status: 500, code: 'artifact_write_failed', type: 'urn:shopzip:problem:artifact_write_failed', instance: `${JOBS}/${failed.id}` });
      expect(String(failed.error!.detail)).to.match(/^the export file could not be written \((EACCES|EPERM)\)$/);
      expect([failed.artifact, failed.finished_at === null]).to.deep.equal([null, false]);
      expect(await readdir(artifacts)).to.deep.equal([]);
      expect(app.logs.find((line) => line.msg === 'export job failed' && line.job === failed.id)).to.include({ outcome: 'failed', level: 50 });
      expect((await fetchAll(app.url('/healthz'))).status).to.equal(200);
      expect((await postJson(app.url('/v1/exports/orders.zip'), { shops: ['acme'] })).status).to.equal(200);
      expect((await postJob(app.url(JOBS), { shops: ['acme'] })).status).to.equal(202);
    } finally {
      await app.close();
      if (isRoot) execFileSync('chattr', ['-i', artifacts]);
      else await chmod(artifacts, 0o700);
    }
  });

  it('fails the job with artifact_write_failed (ENOSPC) on a full file system, removes its partial file, and takes the next job', async function () {
    const full = join(directory, 'tiny');
    await mkdir(full);
    try {
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', full], { stdio: 'ignore' });
    } catch {
      this.skip(); // needs root and a kernel that lets it mount a tmpfs
    }
    const app = await startApp({ sourcePath: database.path, environment: { SHOPZIP_ARTIFACT_DIR: full } });
    try {
      const big = await postJob(app.url(JOBS), ALL_SHOPS);
      const failed = await waitForJob(app.url(`${JOBS}/${String(big.json.id)}`), (job) => job.state === 'failed');
      expect([failed.error!.code, failed.error!.detail]).to.deep.equal(['artifact_write_failed', 'the export file could not be written (ENOSPC)']);
      expect(await readdir(full)).to.deep.equal([]);
      const small = await postJob(app.url(JOBS), { shops: ['acme'], formats: ['csv'], from: '2030-01-01', to: '2030-01-02' });
      const done = await waitForJob(app.url(`${JOBS}/${String(small.json.id)}`), (job) => job.state !== 'queued' && job.state !== 'running');
      expect(done.state).to.equal('succeeded');
    } finally {
      await app.close();
      execFileSync('umount', [full]);
    }
  });
});
