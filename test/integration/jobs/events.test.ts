import { expect } from 'chai';
import { EventSource } from 'eventsource';
import { startApp, type RunningApp } from '../../helpers/app.js';
import { fetchAll } from '../../helpers/http.js';
import { JOBS, postJob, type JobJson } from '../../helpers/jobs.js';
import { seedDatabase, type SeededDatabase } from '../../helpers/seed-database.js';

const ALL_SHOPS = { shops: ['acme', 'globex', 'initech', 'umbrella', 'wonka', 'stark'] };

describe('export jobs: following one with server-sent events', () => {
  let database: SeededDatabase;
  let app: RunningApp;

  before(async () => {
    database = await seedDatabase({ demo: { shops: 6, orders: 30_000, seed: 7 } });
    app = await startApp({ sourcePath: database.path });
  });
  after(async () => {
    await app.close();
    await database.remove();
  });

  it('sends the job at once, then progress rising to 100 at most four times a second, and ends after succeeded (EventSource)', async () => {
    const created = await postJob(app.url(JOBS), ALL_SHOPS);
    const events = await followWithEventSource(app.url(`${JOBS}/${String(created.json.id)}/events`), app.token);
    const jobs = events.map((event) => event.job);
    expect(jobs[0]!.id).to.equal(created.json.id);
    expect(jobs.at(-1)!.state).to.equal('succeeded');
    expect(jobs.at(-1)!.progress.percent).to.equal(100);
    const ids = events.map((event) => Number(event.id));
    expect(ids).to.deep.equal([...ids].sort((a, b) => a - b));
    expect(new Set(ids).size).to.equal(ids.length);
    const running = jobs.filter((job) => job.state === 'running' && job.progress.rows_total !== null);
    expect(running.length, JSON.stringify(jobs.map((job) => [job.state, job.progress.percent]))).to.be.greaterThan(2);
    const percents = running.map((job) => job.progress.percent);
    expect(percents).to.deep.equal([...percents].sort((a, b) => a - b));
    expect(new Set(percents).size).to.be.greaterThan(2);
    const seconds = (events.at(-1)!.at - events[0]!.at) / 1000;
    const stateChanges = new Set(jobs.map((job) => job.state)).size;
    expect(events.length).to.be.at.most(4 * (seconds + 1) + stateChanges + 1);
  });

  it('resumes with Last-Event-ID: an older id gets the current job at once, the final one is answered 204', async () => {
    const created = await postJob(app.url(JOBS), { shops: ['acme'], formats: ['csv'] });
    const url = app.url(`${JOBS}/${String(created.json.id)}/events`);
    const first = await readStream(url, {});
    expect(first.headers.get('content-type')).to.match(/^text\/event-stream/);
    expect(first.headers.get('x-accel-buffering')).to.equal('no');
    expect(first.headers.get('cache-control')).to.equal('no-store');
    expect(first.text).to.match(/^retry: ?3000$/m);
    const final = first.events.at(-1)!;
    expect(final.job.state).to.equal('succeeded');
    const again = await readStream(url, { 'last-event-id': String(Number(final.id) - 1) });
    expect(again.events.map((event) => [event.id, event.job.state])).to.deep.equal([[final.id, 'succeeded']]);
    const done = await fetchAll(url, { headers: { 'last-event-id': final.id } });
    expect([done.status, done.body.length]).to.deep.equal([204, 0]);
  });
});

interface ReceivedEvent {
  readonly id: string;
  readonly job: JobJson;
  /** performance.now() when it arrived. */
  readonly at: number;
}

/** Follows a job with the `eventsource` package (its fetch sends the token) until the job's final state. */
function followWithEventSource(url: string, token: string): Promise<ReceivedEvent[]> {
  return new Promise((resolve, reject) => {
    const events: ReceivedEvent[] = [];
    const source = new EventSource(url, {
      fetch: (input, init) => fetch(input, { ...init, headers: { ...init?.headers, authorization: `Bearer ${token}` } }),
    });
    source.onmessage = (message) => {
      const job = JSON.parse(message.data) as JobJson;
      events.push({ id: message.lastEventId, job, at: performance.now() });
      if (['succeeded', 'failed', 'cancelled'].includes(job.state)) {
        source.close();
        resolve(events);
      }
    };
    source.onerror = (error) => {
      source.close();
      reject(new Error(`EventSource failed: ${error.message ?? 'no message'} after ${events.length} events`));
    };
  });
}

/** Reads an event stream to its end with a raw parser: its headers, its text, its events. */
async function readStream(url: string, headers: Record<string, string>): Promise<{ headers: Headers; text: string; events: ReceivedEvent[] }> {
  const answer = await fetchAll(url, { headers });
  const text = answer.body.toString('utf8');
  const events = text.split('\n\n').filter((block) => block.includes('data:')).map((block) => {
    const field = (name: string): string => block.split('\n').filter((line) => line.startsWith(`${name}:`)).map((line) => line.slice(name.length + 1).replace(/^ /, '')).join('\n');
    return { id: field('id'), job: JSON.parse(field('data')) as JobJson, at: 0 };
  });
  return { headers: answer.headers, text, events };
}
