// `npm run openapi:examples`: the examples of the OpenAPI document (src/http/openapi/examples.ts), taken from real
// responses of shopzip on the demo data `npm start` creates, with the same helpers as the tests. The only edit: the
// test server's origin is shown as http://127.0.0.1:8080, the one `npm start` listens on. Needs root (the failed job's
// example comes from an artifact directory made immutable with chattr, as in test/integration/jobs/failures.test.ts).
import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startApp, type RunningApp } from '../helpers/app.js';
import { fetchAll, openResponse, postJson } from '../helpers/http.js';
import { JOBS, postJob, waitForJob, type JobJson } from '../helpers/jobs.js';
import { repoRoot, seedDatabase } from '../helpers/seed-database.js';

const OUTPUT = join(repoRoot(), 'src', 'http', 'openapi', 'examples.ts');
const EXPORT = '/v1/exports/orders.zip';
const ALL = { shops: ['acme', 'globex', 'initech', 'umbrella', 'wonka', 'stark'] };

type Json = Record<string, unknown>;
const json = async (answer: Promise<{ body: Buffer }>): Promise<Json> => JSON.parse((await answer).body.toString('utf8')) as Json;

const database = await seedDatabase({ demo: { shops: 6, orders: 30_000, seed: 1 } });
const scratch = await mkdtemp(join(tmpdir(), 'shopzip-examples-'));
const apps: RunningApp[] = [];
const start = async (environment: Record<string, string> = {}, sourcePath = database.path): Promise<RunningApp> => {
  const app = await startApp({ sourcePath, environment });
  apps.push(app);
  return app;
};
try {
  const app = await start({ SHOPZIP_MAX_RUNNING_JOBS: '1', SHOPZIP_MAX_QUEUED_JOBS_PER_TOKEN: '3' });
  const url = app.url;
  const problems: Json = {};
  const problem = async (answer: Promise<{ body: Buffer }>): Promise<void> => {
    const document = await json(answer);
    problems[String(document['code'])] = document;
  };
  const examples: Json = {
    shops: await json(fetchAll(url('/v1/shops'))),
    health: await json(fetchAll(url('/healthz'))),
    ready: await json(fetchAll(url('/readyz'))),
  };
  const metrics = (await fetchAll(url('/metrics'))).body.toString('utf8').split('\n');
  examples['metrics'] = `${metrics.filter((line) => /shopzip_exports_(started|finished)_total\b/.test(line)).join('\n')}\n…\n`;

  const big = await postJob(url(JOBS), { ...ALL, formats: ['xlsx'] }, { 'Idempotency-Key': 'finance-2026-full' });
  const queued = await postJob(url(JOBS), { shops: ['acme', 'globex'], from: '2026-01-01', to: '2026-03-31' });
  examples['jobQueued'] = queued.json;
  const events = fetchAll(`${url(`${JOBS}/${String(queued.json['id'])}`)}/events`);
  await problem(postJob(url(JOBS), { shops: ['acme'] }, { 'Idempotency-Key': 'finance-2026-full' }));
  await postJob(url(JOBS), { shops: ['wonka'] });
  await problem(postJob(url(JOBS), { shops: ['stark'] }));
  const bigUrl = url(`${JOBS}/${String(big.json['id'])}`);
  examples['jobRunning'] = await waitForJob(bigUrl, (job) => job.state === 'running' && job.progress.percent >= 20);
  await problem(fetchAll(`${bigUrl}/download`));
  examples['jobCancelled'] = await json(fetchAll(bigUrl, { method: 'DELETE' }));
  const done = await waitForJob(url(`${JOBS}/${String(queued.json['id'])}`), (job) => job.state === 'succeeded');
  examples['jobSucceeded'] = done;
  examples['jobPage'] = await json(fetchAll(url(`${JOBS}?limit=2`)));
  const stream = (await events).body.toString('utf8').split('\n\n');
  examples['events'] = [...stream.slice(0, 3), ': … (progress events, at most four a second)', ...stream.slice(-2)].join('\n\n');
  const link = new URL(done.artifact!.download_url);
  link.searchParams.set('signature', `${link.searchParams.get('signature')!.slice(0, -1)}A`);
  await problem(fetchAll(link.href, { headers: { authorization: '' } }));
  await app.jobs.sweep(Date.now() + 25 * 3_600_000);
  await problem(fetchAll(`${url(`${JOBS}/${done.id}`)}/download`));

  await problem(fetchAll(url(`${EXPORT}?shops=acme&from=2026-02-30`)));
  await problem(fetchAll(url(`${EXPORT}?shop=acme`)));
  await problem(fetchAll(url(`${EXPORT}?shops=acme,nope`)));
  await problem(fetchAll(url(`${EXPORT}?shops=acme`), { headers: { authorization: '' } }));
  await problem(fetchAll(url(EXPORT), { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'shops=acme' }));
  await problem(postJson(url(EXPORT), { shops: Array(100_000).fill('acme') }));
  await problem(fetchAll(url(EXPORT), { method: 'PUT' }));
  await problem(fetchAll(url(`${JOBS}/job_nope`)));
  const held = await Promise.all([1, 2].map(() => openResponse(url(`${EXPORT}?shops=acme,globex`))));
  await problem(fetchAll(url(`${EXPORT}?shops=acme`)));
  for (const response of held) response.destroy();

  const missing = await start({}, join(scratch, 'missing.db'));
  await problem(fetchAll(missing.url(`${EXPORT}?shops=acme`)));

  const artifacts = join(scratch, 'immutable');
  await mkdir(artifacts);
  execFileSync('chattr', ['+i', artifacts]);
  try {
    const failing = await start({ SHOPZIP_ARTIFACT_DIR: artifacts });
    const created = await postJob(failing.url(JOBS), { shops: ['acme'] });
    const failed: JobJson = await waitForJob(failing.url(`${JOBS}/${String(created.json['id'])}`), (job) => job.state === 'failed');
    examples['jobFailed'] = failed;
    problems['artifact_write_failed'] = failed.error;
  } finally {
    execFileSync('chattr', ['-i', artifacts]);
  }

  void app.lifecycle.drain(60_000);
  examples['notReady'] = await json(fetchAll(url('/readyz')));
  await problem(fetchAll(url(`${EXPORT}?shops=acme`)));

  const origin = new RegExp(url('').replace(/[.]/g, '\\.'), 'g');
  const text = (value: unknown): string => JSON.stringify(value, null, 2).replace(origin, 'http://127.0.0.1:8080');
  await writeFile(OUTPUT, `// Written by \`npm run openapi:examples\` (test/api/capture-examples.ts): real responses of shopzip on the demo data,
// the test server's origin shown as http://127.0.0.1:8080. Do not edit by hand: run it again.
import type { ErrorCode } from '../../errors.js';

/** A problem document of each code, as the service answered it. */
export const PROBLEM_EXAMPLES: Partial<Record<ErrorCode, Record<string, unknown>>> = ${text(problems)};

/** Resources, health, readiness, an event stream and metrics, as the service answered them. */
export const EXAMPLES: Record<string, unknown> = ${text(examples)};
`);
  process.stdout.write(`${OUTPUT}: ${Object.keys(problems).length} problem codes, ${Object.keys(examples).length} examples\n`);
} finally {
  for (const app of apps) await app.close().catch((error: unknown) => process.stderr.write(`${String(error)}\n`));
  await database.remove();
  await rm(scratch, { recursive: true, force: true });
}
