import { expect } from 'chai';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseExportRequest } from '../../../src/export/request.js';
import { NO_PROGRESS, TRANSITIONS, type NewJob } from '../../../src/jobs/job.js';
import { SqliteJobStore } from '../../../src/jobs/sqlite-job-store.js';

const request = parseExportRequest({ shops: ['acme'] }, 'body', { maxShops: 10 });
let sequence = 0;
const newJob = (overrides: Partial<NewJob> = {}): NewJob => ({
  id: `job_${(sequence += 1)}`, tokenId: 'token-a', request, visibleShops: null, fileName: 'orders_acme.zip',
  idempotencyKey: null, fingerprint: 'f1', createdAt: 1_000 + sequence, creatorTraceparent: null, ...overrides,
});

describe('SqliteJobStore', () => {
  let directory: string;
  let path: string;
  let store: SqliteJobStore;

  beforeEach(async () => {
    directory = await mkdtemp(join(tmpdir(), 'shopzip-job-store-'));
    path = join(directory, 'state.db');
    store = new SqliteJobStore(path);
  });
  afterEach(async () => {
    await store.close();
    await rm(directory, { recursive: true, force: true });
  });

  it('moves a job only along the state machine, and only from the state it is in', async () => {
    const { job } = await store.create(newJob(), 10) as { job: { id: string } };
    expect(await store.transition(job.id, 'succeeded', {})).to.equal(undefined);
    expect((await store.claim(5_000))?.state).to.equal('running');
    expect(await store.transition(job.id, 'running', {})).to.equal(undefined);
    const done = await store.transition(job.id, 'succeeded', { finishedAt: 6_000, artifact: { key: job.id, bytes: 10, sha256: 'ab' } });
    expect([done?.state, done?.artifact?.bytes, done?.finishedAt]).to.deep.equal(['succeeded', 10, 6_000]);
    for (const to of ['queued', 'running', 'failed', 'cancelled'] as const) expect(await store.transition(job.id, to, {}), to).to.equal(undefined);
    expect(TRANSITIONS.succeeded).to.deep.equal(['expired']);
    const versions = [done!.version, (await store.transition(job.id, 'expired', {}))!.version];
    expect(versions[1]).to.equal(versions[0]! + 1);
  });

  it('never gives the same queued job to two stores on one file; the oldest goes first', async () => {
    const other = new SqliteJobStore(path);
    try {
      await store.create(newJob({ id: 'job_old', createdAt: 1 }), 10);
      await store.create(newJob({ id: 'job_new', createdAt: 2 }), 10);
      const first = await store.claim(10);
      const second = await other.claim(10);
      const none = await store.claim(10);
      expect([first?.id, second?.id, none]).to.deep.equal(['job_old', 'job_new', undefined]);
    } finally {
      await other.close();
    }
  });

  it('replays an idempotency key for the same request, refuses it for another, and limits unfinished jobs per token', async () => {
    const first = await store.create(newJob({ idempotencyKey: 'k1' }), 2);
    expect(first.kind).to.equal('created');
    expect(await store.create(newJob({ idempotencyKey: 'k1' }), 2)).to.deep.include({ kind: 'replayed' });
    expect(await store.create(newJob({ idempotencyKey: 'k1', fingerprint: 'f2' }), 2)).to.deep.equal({ kind: 'key_reused' });
    expect((await store.create(newJob({ idempotencyKey: 'k1', tokenId: 'token-b' }), 2)).kind).to.equal('created');
    expect((await store.create(newJob(), 2)).kind).to.equal('created');
    expect(await store.create(newJob(), 2)).to.deep.equal({ kind: 'too_many', unfinished: 2 });
  });

  it('requeues jobs a dead process left running, and fails a job the third time it died', async () => {
    await store.create(newJob({ id: 'job_dies' }), 10);
    const failure = () => ({ finishedAt: 9, expiresAt: 99, error: { code: 'job_interrupted' } });
    for (let death = 1; death <= 2; death += 1) {
      await store.claim(death);
      await store.saveProgress('job_dies', { ...NO_PROGRESS, rowsDone: 5 });
      const { requeued, failed } = await store.recover(3, failure);
      expect([requeued.map((job) => [job.state, job.deaths, job.startedAt, job.progress.rowsDone]), failed]).to.deep.equal([[['queued', death, null, 0]], []]);
    }
    await store.claim(3);
    const { requeued, failed } = await store.recover(3, failure);
    expect(requeued).to.deep.equal([]);
    expect(failed.map((job) => [job.state, job.deaths, job.error])).to.deep.equal([['failed', 3, { code: 'job_interrupted' }]]);
  });

  it('expires succeeded jobs when their time comes, and purges finished records a TTL later', async () => {
    await store.create(newJob({ id: 'job_done' }), 10);
    await store.claim(1);
    await store.transition('job_done', 'succeeded', { finishedAt: 10, expiresAt: 100, artifact: { key: 'job_done', bytes: 7, sha256: 'cd' } });
    expect(await store.artifactBytes()).to.equal(7);
    expect(await store.expire(99)).to.deep.equal([]);
    expect((await store.expire(100)).map((job) => job.state)).to.deep.equal(['expired']);
    expect(await store.artifactBytes()).to.equal(0);
    expect(await store.purge(149, 50)).to.deep.equal([]);
    expect((await store.purge(150, 50)).map((job) => job.id)).to.deep.equal(['job_done']);
    expect(await store.get('job_done')).to.equal(undefined);
  });

  it('keeps one random signing key, the same after reopening', async () => {
    const key = await store.signingKey();
    expect(key.length).to.equal(32);
    const reopened = new SqliteJobStore(path);
    try {
      expect((await reopened.signingKey()).equals(key)).to.equal(true);
    } finally {
      await reopened.close();
    }
  });
});
