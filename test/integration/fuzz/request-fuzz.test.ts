import { expect } from 'chai';
import { SeededRandom } from '../../../src/source/demo/random.js';
import { startApp, type RunningApp } from '../../helpers/app.js';
import { randomBody, randomQuery } from '../../helpers/fuzz-inputs.js';
import { fetchAll, type Fetched } from '../../helpers/http.js';
import { seedDatabase, type SeededDatabase } from '../../helpers/seed-database.js';
import { readZip } from '../../helpers/zip.js';

const EXPORT = '/v1/exports/orders.zip';
const REQUESTS = 1500;

/** Every answer is a 4xx problem document or a valid ZIP: never a 5xx, never a broken or empty body. */
async function expectSound(answer: Fetched, input: string): Promise<'zip' | 'problem'> {
  expect(answer.status, input).to.be.below(500);
  if (answer.status === 200) {
    expect(answer.headers.get('content-type'), input).to.equal('application/zip');
    const entries = await readZip(answer.body);
    expect(entries.at(-1)?.name, input).to.equal('manifest.json');
    return 'zip';
  }
  expect(answer.status, input).to.be.within(400, 499);
  expect(answer.headers.get('content-type'), input).to.equal('application/problem+json');
  const problem = JSON.parse(answer.body.toString('utf8')) as { status: number; detail: string };
  expect(problem.status, input).to.equal(answer.status);
  expect(problem.detail, input).to.be.a('string').and.not.match(/at \w+ \(|SqliteError|SELECT |\/tmp\//);
  return 'problem';
}

describe('fuzzing the export request (fixed seed)', () => {
  let database: SeededDatabase;
  let app: RunningApp;

  before(async () => {
    database = await seedDatabase({ fixture: 'basic' });
    app = await startApp({ sourcePath: database.path, environment: { SHOPZIP_MAX_BODY_BYTES: '8192', SHOPZIP_MAX_CONCURRENT_EXPORTS_PER_TOKEN: '8' } });
  });
  after(async () => {
    await app.close();
    await database.remove();
  });

  it(`answers ${REQUESTS} generated malformed queries and JSON bodies with a 4xx problem or a valid ZIP`, async () => {
    const random = new SeededRandom(20261123);
    const seen = { zip: 0, problem: 0 };
    for (let index = 0; index < REQUESTS; index += 1) {
      if (random.chance(0.6)) {
        const query = randomQuery(random);
        seen[await expectSound(await fetchAll(app.url(`${EXPORT}?${query}`)), `GET ?${query}`)] += 1;
      } else {
        const { body, contentType } = randomBody(random);
        const headers = contentType === '' ? {} : { 'content-type': contentType };
        const answer = await fetchAll(app.url(EXPORT), { method: 'POST', headers, body });
        seen[await expectSound(answer, `POST ${contentType} ${String(body).slice(0, 200)}`)] += 1;
      }
    }
    expect(seen.zip, 'some inputs are valid').to.be.greaterThan(20);
    expect(seen.problem, 'most inputs are not').to.be.greaterThan(REQUESTS / 2);
    expect(app.logs.filter((line) => line.level >= 50)).to.deep.equal([]);
    expect((await fetchAll(app.url('/healthz'))).status).to.equal(200);
  });
});
