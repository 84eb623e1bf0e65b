import { expect } from 'chai';
import { parse } from 'csv-parse/sync';
import { startApp, type RunningApp } from '../../helpers/app.js';
import { decimal, digitsOf, localTime, neutralized } from '../../helpers/expected.js';
import { fetchAll } from '../../helpers/http.js';
import { convertWithLibreOffice } from '../../helpers/libreoffice.js';
import { readWorkbookWithOpenpyxl, type WorkbookCell } from '../../helpers/openpyxl.js';
import { ENGINES, seedSource, type TestSource } from '../../helpers/sources.js';
import { readZipByName, type ZipFileEntry } from '../../helpers/zip.js';

const ORDER_HEADER = ['order_id', 'order_number', 'created_at', 'status', 'customer_name', 'customer_email', 'ship_country', 'currency', 'subtotal', 'shipping', 'tax', 'total', 'note'];
const ITEM_HEADER = ['order_id', 'order_number', 'line_no', 'sku', 'title', 'quantity', 'unit_price', 'line_total', 'currency'];

const csvRecords = (entry: ZipFileEntry | undefined): string[][] =>
  parse(entry!.data, { bom: true, relax_quotes: false, record_delimiter: '\r\n' }) as string[][];

const cellValues = (row: readonly WorkbookCell[]): unknown[] => row.map((cell) => cell.value);

for (const engine of ENGINES) describe(`export content from ${engine}: every value of a nasty data set, in CSV and XLSX`, () => {
  let database: TestSource;
  let app: RunningApp | undefined;
  let entries: Map<string, ZipFileEntry>;
  let shops: string[];

  before(async function () {
    const seeded = await seedSource(engine, { fixture: 'nasty' });
    if (seeded === null) return this.skip();
    database = seeded;
    app = await startApp(database.app);
    shops = await database.allShops();
    const { status, body } = await fetchAll(app!.url(`/v1/exports/orders.zip?shops=${shops.join(',')}`));
    expect(status).to.equal(200);
    entries = await readZipByName(body);
  });
  after(async () => {
    await app?.close();
    await database?.remove();
  });

  it('writes orders.csv with a BOM, CRLF line ends and every order value as in the database', async () => {
    for (const shop of shops) {
      const { orders } = await database.readShop(shop);
      const entry = entries.get(`${shop}/orders.csv`);
      expect(entry!.data.subarray(0, 3).toString('hex'), shop).to.equal('efbbbf');
      const [header, ...records] = csvRecords(entry);
      expect(header).to.deep.equal(ORDER_HEADER);
      expect(records.map((record) => record[0]), shop).to.deep.equal(orders.map((order) => String(order.id)));
      records.forEach((record, index) => {
        const order = orders[index]!;
        const digits = digitsOf(order.currency);
        expect(record, `${shop} order ${order.id}`).to.deep.equal([
          String(order.id), neutralized(order.order_number), localTime(order.created_at, order.timezone), order.status,
          neutralized(order.customer_name), neutralized(order.customer_email), order.ship_country ?? '', order.currency,
          decimal(order.subtotal_minor, digits), decimal(order.shipping_minor, digits), decimal(order.tax_minor, digits),
          decimal(order.total_minor, digits), neutralized(order.note),
        ]);
      });
    }
  });

  it('writes order_items.csv with exact line totals, in order of their orders', async () => {
    for (const shop of shops) {
      const { items } = await database.readShop(shop);
      const [header, ...records] = csvRecords(entries.get(`${shop}/order_items.csv`));
      expect(header).to.deep.equal(ITEM_HEADER);
      expect(records, shop).to.deep.equal(items.map((item) => {
        const digits = digitsOf(item.currency);
        return [
          String(item.order_id), neutralized(item.order_number), String(item.line_no), neutralized(item.sku), neutralized(item.title),
          String(item.quantity), decimal(item.unit_price_minor, digits), decimal(BigInt(item.quantity) * BigInt(item.unit_price_minor), digits), item.currency,
        ];
      }));
    }
  });

  it('gives a shop without matching orders its entries with headers only', () => {
    expect(csvRecords(entries.get('empty-shop/orders.csv'))).to.deep.equal([ORDER_HEADER]);
    expect(csvRecords(entries.get('empty-shop/order_items.csv'))).to.deep.equal([ITEM_HEADER]);
  });

  it('writes orders.xlsx that openpyxl reads back with real types and every value equal to the source', async () => {
    for (const shop of shops) {
      const { orders, items } = await database.readShop(shop);
      const workbook = await readWorkbookWithOpenpyxl(entries.get(`${shop}/orders.xlsx`)!.data);
      expect(workbook.sheets.map((sheet) => sheet.name), shop).to.deep.equal(['Orders', 'Items']);
      const [ordersSheet, itemsSheet] = workbook.sheets;
      expect(ordersSheet!.freezePanes).to.equal('A2');
      expect(ordersSheet!.headerBold).to.equal(true);
      expect(ordersSheet!.autoFilterRef).to.equal(`A1:M${orders.length + 1}`);
      expect(cellValues(ordersSheet!.rows[0]!)).to.deep.equal(ORDER_HEADER);
      expect(ordersSheet!.rows.length - 1, shop).to.equal(orders.length);
      orders.forEach((order, index) => {
        const row = ordersSheet!.rows[index + 1]!;
        const money = (minor: number): number => Number(decimal(minor, digitsOf(order.currency)));
        expect(cellValues(row), `${shop} order ${order.id}`).to.deep.equal([
          order.id, order.order_number, localTime(order.created_at, order.timezone, false), order.status, order.customer_name,
          order.customer_email, order.ship_country, order.currency, money(order.subtotal_minor), money(order.shipping_minor),
          money(order.tax_minor), money(order.total_minor), order.note,
        ]);
        expect(row.map((cell) => cell.type).slice(0, 3), `${shop} order ${order.id}`).to.deep.equal(['int', 'str', 'datetime']);
        expect(row[11]!.numberFormat).to.equal(digitsOf(order.currency) === 0 ? '#,##0' : `#,##0.${'0'.repeat(digitsOf(order.currency))}`);
      });
      expect(itemsSheet!.rows.slice(1).map(cellValues), shop).to.deep.equal(items.map((item) => {
        const money = (minor: bigint | number): number => Number(decimal(minor, digitsOf(item.currency)));
        return [item.order_id, item.order_number, item.line_no, item.sku, item.title, item.quantity, money(item.unit_price_minor),
          money(BigInt(item.quantity) * BigInt(item.unit_price_minor)), item.currency];
      }));
    }
  });

  it('writes an orders.xlsx that LibreOffice opens, with the text exactly as stored', async () => {
    const { orders } = await database.readShop('acme');
    const [ordersCsv] = await convertWithLibreOffice(entries.get('acme/orders.xlsx')!.data);
    const records = parse(ordersCsv!, { record_delimiter: ['\n', '\r\n'], relax_column_count: true }) as string[][];
    expect(records.slice(1).map((record) => record[0])).to.deep.equal(orders.map((order) => String(order.id)));
    expect(records.slice(1).map((record) => record[4])).to.deep.equal(orders.map((order) => order.customer_name));
  });
});
