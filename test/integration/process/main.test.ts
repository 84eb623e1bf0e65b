import { expect } from 'chai';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runShopzip } from '../../helpers/cli.js';
import { fetchAll, openResponse, readToEnd } from '../../helpers/http.js';
import { startServiceProcess, type ServiceProcess } from '../../helpers/service-process.js';
import { readAtLeast } from '../../helpers/streams.js';
import { readZip } from '../../helpers/zip.js';

describe('the service as a process (npm start)', () => {
  let directory: string;
  let service: ServiceProcess;

  before(async () => {
    directory = await mkdtemp(join(tmpdir(), 'shopzip-process-'));
    service = await startServiceProcess({
      SHOPZIP_SOURCE_DB: join(directory, 'data', 'source.db'),
      SHOPZIP_STATE_DB: join(directory, 'data', 'state.db'),
      SHOPZIP_LOG_LEVEL: 'warn',
    });
  });
  after(async () => {
    service.kill();
    await rm(directory, { recursive: true, force: true });
  });

  it('creates the demo data on first start and prints a curl command that downloads a ZIP', async () => {
    const printed = service.stdout();
    const token = /export SHOPZIP_TOKEN=(\S+)/.exec(printed)?.[1];
    const url = /curl -fOJ -H "Authorization: Bearer \$SHOPZIP_TOKEN" '([^']+)'/.exec(printed)?.[1];
    expect(token).to.match(/^szt_/);
    expect(url).to.equal(service.url('/v1/exports/orders.zip?shops=acme,globex&from=2026-01-01&to=2026-03-31'));
    const { status, headers, body } = await fetchAll(url!, { headers: { authorization: `Bearer ${token}` } });
    expect(status).to.equal(200);
    expect(headers.get('content-disposition')).to.contain('attachment');
    const entries = await readZip(body);
    expect(entries.map((entry) => entry.name)).to.include.members(['acme/orders.csv', 'globex/orders.xlsx', 'manifest.json']);
    expect(entries.find((entry) => entry.name === 'acme/orders.csv')!.data.toString().split('\r\n').length).to.be.greaterThan(100);
  });

  it('prints the page to open, and a shopzip command that downloads the export as a job', async () => {
    const printed = service.stdout();
    const token = /export SHOPZIP_TOKEN=(\S+)/.exec(printed)![1]!;
    expect(printed).to.include(`open ${service.url('/')} and paste the token`);
    const page = await fetchAll(service.url('/'), { headers: { authorization: '' } });
    expect([page.status, page.headers.get('content-type')]).to.deep.equal([200, 'text/html; charset=utf-8']);
    const command = /npx shopzip (export .+)/.exec(printed)![1]!.split(' ');
    const run = await runShopzip(command, { cwd: directory, environment: { SHOPZIP_TOKEN: token } });
    expect(run.code, run.stderr).to.equal(0);
    const entries = await readZip(await readFile(join(directory, run.stdout.trim())));
    expect(entries.map((entry) => entry.name)).to.include.members(['acme/orders.csv', 'globex/orders.xlsx', 'manifest.json']);
  });

  it('on SIGTERM refuses readiness, lets the running download finish, then exits with 0', async () => {
    const token = /export SHOPZIP_TOKEN=(\S+)/.exec(service.stdout())![1]!;
    const response = await openResponse(service.url('/v1/exports/orders.zip?shops=acme,globex,initech,umbrella,wonka,stark'), { authorization: `Bearer ${token}` });
    const head = await readAtLeast(response, 1);
    service.child.kill('SIGTERM');
    let ready = 0;
    for (let attempt = 0; attempt < 50 && ready !== 503; attempt += 1) {
      ready = (await fetchAll(service.url('/readyz'))).status;
    }
    expect(ready).to.equal(503);
    response.resume();
    const entries = await readZip(Buffer.concat([...head, await readToEnd(response)]));
    expect(entries.at(-1)?.name).to.equal('manifest.json');
    expect(await service.exited()).to.equal(0);
  });
});
