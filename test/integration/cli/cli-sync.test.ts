import { expect } from 'chai';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../../../bench/service.js';
import { startApp, type RunningApp } from '../../helpers/app.js';
import { runShopzip } from '../../helpers/cli.js';
import { postJson } from '../../helpers/http.js';
import { seedDatabase, type SeededDatabase } from '../../helpers/seed-database.js';

describe('the shopzip command: --sync, usage and network errors', () => {
  let database: SeededDatabase;
  let app: RunningApp;
  let folder: string;
  const environment = (): Record<string, string> => ({ SHOPZIP_TOKEN: app.token, SHOPZIP_URL: app.url('') });

  before(async () => {
    database = await seedDatabase({ demo: { shops: 4, orders: 2000, seed: 9 } });
    app = await startApp({ sourcePath: database.path });
  });
  beforeEach(async () => { folder = await mkdtemp(join(tmpdir(), 'shopzip-cli-')); });
  afterEach(async () => { await rm(folder, { recursive: true, force: true }); });
  after(async () => {
    await app.close();
    await database.remove();
  });

  it('streams a --sync export into the file the service names, byte for byte the API\'s, and prints its path', async () => {
    const run = await runShopzip(['export', '--sync', '--shops', 'globex,acme', '--from', '2026-01-01', '--to', '2026-06-30', '--formats', 'csv', '--no-bom'], { cwd: folder, environment: environment() });
    expect(run.code, run.stderr).to.equal(0);
    expect(run.stdout).to.equal('orders_acme-globex_2026-01-01_2026-06-30.zip\n');
    expect(run.stderr).to.match(/received: \d/);
    expect(await readdir(folder)).to.deep.equal(['orders_acme-globex_2026-01-01_2026-06-30.zip']);
    const expected = await postJson(app.url('/v1/exports/orders.zip'), { shops: ['acme', 'globex'], from: '2026-01-01', to: '2026-06-30', formats: ['csv'], bom: false });
    expect((await readFile(join(folder, run.stdout.trim()))).equals(expected.body)).to.equal(true);
  });

  it('writes to -o, and the --url option wins over SHOPZIP_URL', async () => {
    const run = await runShopzip(['export', '--sync', '--url', app.url('/'), '--shops', 'acme', '-o', 'mine.zip'], { cwd: folder, environment: { SHOPZIP_TOKEN: app.token, SHOPZIP_URL: 'http://127.0.0.1:9' } });
    expect(run.code, run.stderr).to.equal(0);
    expect(run.stdout).to.equal('mine.zip\n');
    expect((await readFile(join(folder, 'mine.zip'))).subarray(0, 2).toString('latin1')).to.equal('PK');
  });

  it('exits 2 on a usage error: an unknown option, a missing --shops, no token, a request the service refuses', async () => {
    const cases: [string[], Record<string, string>, RegExp][] = [
      [['export', '--shops', 'acme', '--bogus'], environment(), /unknown option '--bogus'/],
      [['export', '--sync'], environment(), /required option '--shops <slugs>' not specified/],
      [['export', '--sync', '--shops', 'acme'], { SHOPZIP_URL: app.url('') }, /set SHOPZIP_TOKEN/],
      [['export', '--sync', '--shops', 'acme,nope'], environment(), /The shops? “nope” cannot be found, or your token may not read it/],
      [['export', '--sync', '--shops', 'acme', '--from', '2026-02-30'], environment(), /Please check the start of the range: from is not a calendar date/],
      [['export', '--sync', '--shops', 'acme'], { ...environment(), SHOPZIP_TOKEN: 'szt_wrong' }, /The API token was not accepted/],
      [['nonsense'], environment(), /unknown command 'nonsense'/],
    ];
    for (const [args, variables, message] of cases) {
      const run = await runShopzip(args, { cwd: folder, environment: variables });
      expect(run.code, args.join(' ')).to.equal(2);
      expect(run.stderr, args.join(' ')).to.match(message);
    }
    expect(await readdir(folder)).to.deep.equal([]);
  });

  it('exits 3 when the service cannot be reached', async () => {
    const port = await freePort();
    const run = await runShopzip(['export', '--sync', '--shops', 'acme', '--url', `http://127.0.0.1:${port}`], { cwd: folder, environment: { SHOPZIP_TOKEN: app.token } });
    expect(run.code).to.equal(3);
    expect(run.stderr).to.equal(`shopzip: Cannot reach shopzip at http://127.0.0.1:${port}. Check your connection and try again.\n`);
  });

  it('prints help and exits 0', async () => {
    const run = await runShopzip(['export', '--help'], { cwd: folder });
    expect(run.code).to.equal(0);
    expect(run.stdout).to.include('--sync').and.include('--shops <slugs>');
  });
});
