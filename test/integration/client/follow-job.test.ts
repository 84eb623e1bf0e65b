import { expect } from 'chai';
import { ApiClient, ApiError } from '../../../src/client/api-client.js';
import { followJob } from '../../../src/client/follow-job.js';
import type { Job } from '../../../src/client/types.js';
import { startApp, type RunningApp } from '../../helpers/app.js';
import { startCuttingProxy } from '../../helpers/cutting-proxy.js';
import { JOBS, postJob, waitForJob } from '../../helpers/jobs.js';
import { seedDatabase, type SeededDatabase } from '../../helpers/seed-database.js';

/** The end of the stream's first event that carries data (better-sse sends `retry:` alone first). */
function afterFirstEvent(head: Buffer): number | undefined {
  const text = head.toString('latin1');
  const data = text.indexOf('data:');
  const end = data === -1 ? -1 : text.indexOf('\n\n', data);
  return end === -1 ? undefined : end + 2;
}

describe('following a job\'s event stream (the clients\' followJob)', () => {
  let database: SeededDatabase;
  let app: RunningApp;

  before(async () => {
    database = await seedDatabase({ demo: { shops: 6, orders: 6000, seed: 2 } });
    app = await startApp({ sourcePath: database.path });
  });
  after(async () => {
    await app.close();
    await database.remove();
  });

  it('reconnects with Last-Event-ID when the stream drops, and follows the job to its end', async () => {
    const proxy = await startCuttingProxy(app.url(''), { path: /\/events$/, times: 1, cutAt: afterFirstEvent });
    try {
      const created = await postJob(app.url(JOBS), { shops: ['acme', 'globex', 'initech', 'stark', 'umbrella', 'wonka'] });
      const seen: Job[] = [];
      const connections: boolean[] = [];
      const finished = await followJob(new ApiClient(proxy.url(''), app.token), String(created.json.id), (job) => seen.push(job), { onConnection: (up) => connections.push(up) });
      expect(finished.state).to.equal('succeeded');
      expect(finished.progress.percent).to.equal(100);
      const streams = proxy.requests.filter((request) => request.path.endsWith('/events'));
      expect(streams.length).to.be.at.least(2);
      expect(streams[0]!.headers['last-event-id']).to.equal(undefined);
      expect(Number(streams[1]!.headers['last-event-id'])).to.be.at.least(1);
      expect(connections.slice(0, 3)).to.deep.equal([true, false, true]);
      const percents = seen.map((job) => job.progress.percent ?? 0);
      expect(percents).to.deep.equal([...percents].sort((a, b) => a - b));
    } finally {
      await proxy.close();
    }
  });

  it('returns a job that had already finished, and throws the server\'s refusal for an unknown one', async () => {
    const created = await postJob(app.url(JOBS), { shops: ['acme'], formats: ['csv'] });
    const done = await waitForJob(app.url(`${JOBS}/${String(created.json.id)}`), (job) => job.state === 'succeeded');
    const client = new ApiClient(app.url(''), app.token);
    expect((await followJob(client, done.id, () => undefined)).state).to.equal('succeeded');
    const refusal = await followJob(client, 'job_nope', () => undefined).catch((error: unknown) => error);
    expect(refusal).to.be.instanceOf(ApiError);
    expect((refusal as ApiError).status).to.equal(404);
  });
});
