import { expect } from 'chai';
import type { FromWorkbook, ToWorkbook } from '../../../../src/export/engine/protocol.js';
import { WorkbookClient } from '../../../../src/export/engine/workbook-client.js';
import { WorkbookService } from '../../../../src/export/engine/workbook-service.js';
import { createXlsxStream, type XlsxCell, type XlsxColumn, type XlsxWorkbookLayout } from '../../../../src/writers/xlsx/index.js';
import { arraySource, collect, failureOf, ORDER_COLUMNS, orderRow, PACKAGE_DATE } from '../../writers/xlsx/sources.js';
import { eventually } from '../../../helpers/app.js';
import { openSpoolFiles } from '../../../helpers/open-files.js';

const ITEM_COLUMNS: readonly XlsxColumn[] = [
  { header: 'Order', kind: 'integer', width: 10 },
  { header: 'Title', kind: 'text', width: 30 },
];
const LAYOUT: XlsxWorkbookLayout = {
  date: PACKAGE_DATE,
  compressionLevel: 1,
  sheets: [{ name: 'Orders', columns: ORDER_COLUMNS }, { name: 'Items', columns: ITEM_COLUMNS }],
};

/**
 * A client and a service talking as an export worker and the main thread do, but in this thread, with every
 * message recorded; `deliver: false` holds the service's answers until `flush()`.
 */
function connect(options: { deliver: boolean } = { deliver: true }) {
  const sent: ToWorkbook[] = [];
  const answers: FromWorkbook[] = [];
  const held: FromWorkbook[] = [];
  const service = new WorkbookService((message) => {
    answers.push(message);
    if (options.deliver) client.receive(message);
    else held.push(message);
  });
  const client: WorkbookClient = new WorkbookClient((message) => {
    sent.push(message);
    service.handle(message);
  });
  const flush = (): void => {
    for (const message of held.splice(0)) client.receive(message);
  };
  return { client, service, sent, answers, flush };
}

const orders = (count: number): (readonly XlsxCell[])[] => Array.from({ length: count }, (_, index) => orderRow(index));
const items = (count: number): (readonly XlsxCell[])[] => Array.from({ length: count }, (_, index) => [index + 1, `Line "${index}" & <more> \u00e9`]);

describe('workbook writer: an export worker hands rows to the main thread, which spools the workbook', () => {
  it('gives the bytes createXlsxStream gives for the same rows, and frees the file once read', async () => {
    const { client, service } = connect();
    const [orderRows, itemRows] = [orders(3_000), items(7_000)];
    const workbook = client.openWorkbook(LAYOUT)!;
    for (const rows of [orderRows, itemRows]) {
      for (const row of rows) {
        const wait = workbook.ready();
        if (wait !== undefined) await wait;
        workbook.write(row);
      }
      workbook.endSheet();
    }
    const bytes = await collect(workbook.read());
    const expected = await collect(createXlsxStream({
      ...LAYOUT,
      sheets: [arraySource('Orders', ORDER_COLUMNS, orderRows), arraySource('Items', ITEM_COLUMNS, itemRows)],
    }));
    expect(bytes.length).to.be.above(50_000);
    expect(bytes.equals(expected)).to.equal(true);
    workbook.destroy();
    await eventually(() => expect(openSpoolFiles()).to.deep.equal([]));
    expect([service.open, client.open]).to.deep.equal([0, 0]);
  });

  it('sends rows in batches and asks the export to wait while too many are unanswered', async () => {
    const { client, sent, flush } = connect({ deliver: false });
    const workbook = client.openWorkbook(LAYOUT)!;
    let written = 0;
    while (workbook.ready() === undefined) workbook.write(orderRow(written++));
    const batches = sent.filter((message) => message.kind === 'rows');
    expect(batches.length).to.be.within(2, 64);
    expect(batches.every((message) => message.kind === 'rows' && message.rows.length === written / batches.length)).to.equal(true);
    await eventually(() => { // the service writes them and answers (held until flushed)
      flush();
      expect(workbook.ready()).to.equal(undefined);
    });
    workbook.destroy();
  });

  it('writes one workbook at a time for an export worker: meanwhile other exports read their rows again', () => {
    const { client } = connect();
    const first = client.openWorkbook(LAYOUT);
    expect(first).not.to.equal(undefined);
    expect(client.openWorkbook(LAYOUT)).to.equal(undefined);
    first!.destroy();
    const next = client.openWorkbook(LAYOUT);
    expect(next).not.to.equal(undefined);
    next!.destroy();
    expect(client.open).to.equal(0);
  });

  it('fails the export with the row that does not fit its columns, and forgets the workbook on both sides', async () => {
    const { client, service } = connect();
    const workbook = client.openWorkbook(LAYOUT)!;
    workbook.write([1, 'not a decimal', 0, 'x']);
    workbook.endSheet();
    await eventually(() => expect(workbook.ready()).not.to.equal(undefined)); // the answer crosses back
    const error = await workbook.ready()?.catch((failure: unknown) => failure);
    expect(String(error)).to.include('cell B2');
    expect(() => workbook.write(orderRow(1))).to.throw('cell B2');
    expect(String(await failureOf(workbook.read()))).to.include('cell B2');
    expect([service.open, client.open]).to.deep.equal([0, 0]);
  });

  it('frees the file when the export goes away while it is handed over, and when its export worker is gone', async () => {
    const { client, service, sent, answers, flush } = connect({ deliver: false });
    const workbook = client.openWorkbook({ ...LAYOUT, sheets: [LAYOUT.sheets[0]!] })!;
    workbook.write(orderRow(0));
    workbook.endSheet();
    const reading = workbook.read();
    reading.on('error', () => undefined);
    await eventually(() => expect(answers.map((message) => message.kind)).to.include('spooled'));
    expect(openSpoolFiles()).to.have.length(1);
    workbook.destroy(); // before the answer arrives
    flush();
    await eventually(() => expect(sent.filter((message) => message.kind === 'destroy')).to.have.length(2)); // the export's, then the late answer's
    await eventually(() => expect(openSpoolFiles()).to.deep.equal([]));
    expect(service.open).to.equal(0);

    const other = client.openWorkbook(LAYOUT)!;
    other.write(orderRow(0));
    await eventually(() => expect(openSpoolFiles()).to.have.length(1));
    service.close();
    await eventually(() => expect(openSpoolFiles()).to.deep.equal([]));
    expect(service.open).to.equal(0);
  });
});
