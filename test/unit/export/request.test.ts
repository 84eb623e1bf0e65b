import { expect } from 'chai';
import { ShopzipError } from '../../../src/errors.js';
import { describeRequest, parseExportRequest } from '../../../src/export/request.js';

const limits = { maxShops: 5 };
const parseQuery = (raw: Record<string, unknown>) => parseExportRequest(raw, 'query', limits);

function rejection(action: () => unknown): ShopzipError {
  try {
    action();
  } catch (error) {
    expect(error).to.be.instanceOf(ShopzipError);
    return error as ShopzipError;
  }
  throw new Error('expected a rejection');
}

describe('export request', () => {
  it('normalizes a query: shops sorted without duplicates, both formats, BOM on', () => {
    const request = parseQuery({ shops: 'globex,acme,acme' });
    expect(describeRequest(request)).to.deep.equal({ shops: ['acme', 'globex'], from: null, to: null, status: null, formats: ['csv', 'xlsx'], bom: true });
  });

  it('reads lists given as repeated parameters and trims spaces', () => {
    const request = parseQuery({ shops: ['acme', ' globex '], status: 'shipped,paid' });
    expect(request.shops).to.deep.equal(['acme', 'globex']);
    expect(request.statuses).to.deep.equal(['paid', 'shipped']);
  });

  it('reads a JSON body with arrays and booleans', () => {
    const request = parseExportRequest({ shops: ['acme'], formats: ['xlsx'], bom: false, from: '2026-01-01', to: '2026-03-31T23:59:59+02:00' }, 'body', limits);
    expect(describeRequest(request)).to.deep.equal({ shops: ['acme'], from: '2026-01-01', to: '2026-03-31T21:59:59.000Z', status: null, formats: ['xlsx'], bom: false });
  });

  it('requires shops', () => {
    const error = rejection(() => parseQuery({}));
    expect(error.status).to.equal(400);
    expect(error.details.parameter).to.equal('shops');
  });

  it('names the parameter of every malformed value', () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ shops: 'ACME' }, 'shops'],
      [{ shops: '../etc' }, 'shops'],
      [{ shops: 'a'.repeat(65) }, 'shops'],
      [{ shops: 'acme', from: '2026-02-30' }, 'from'],
      [{ shops: 'acme', to: 'yesterday' }, 'to'],
      [{ shops: 'acme', to: '2026-01-01T25:00:00Z' }, 'to'],
      [{ shops: 'acme', from: '2026-01-01T10:00:00' }, 'from'],
      [{ shops: 'acme', status: 'lost' }, 'status'],
      [{ shops: 'acme', formats: 'pdf' }, 'formats'],
      [{ shops: 'acme', formats: '' }, 'formats'],
      [{ shops: 'acme', bom: 'yes' }, 'bom'],
      [{ shops: 'acme', from: ['2026-01-01', '2026-01-02'] }, 'from'],
      [{ shops: 'acme', from: '2026-03-01', to: '2026-01-01' }, 'from'],
    ];
    for (const [raw, parameter] of cases) {
      const error = rejection(() => parseQuery(raw));
      expect(error.code, JSON.stringify(raw)).to.equal('invalid_parameter');
      expect(error.details.parameter, JSON.stringify(raw)).to.equal(parameter);
    }
  });

  it('rejects unknown parameters by name', () => {
    const error = rejection(() => parseQuery({ shops: 'acme', shop: 'globex' }));
    expect(error.code).to.equal('unknown_parameter');
    expect(error.details.parameter).to.equal('shop');
  });

  it('rejects JSON bodies whose lists are not arrays of strings', () => {
    expect(rejection(() => parseExportRequest({ shops: 'acme' }, 'body', limits)).details.parameter).to.equal('shops');
    expect(rejection(() => parseExportRequest({ shops: [1] }, 'body', limits)).details.parameter).to.equal('shops');
    expect(rejection(() => parseExportRequest({ shops: ['acme'], bom: 'false' }, 'body', limits)).details.parameter).to.equal('bom');
  });

  it('caps the number of shops', () => {
    const error = rejection(() => parseQuery({ shops: 'a,b,c,d,e,f' }));
    expect(error.details.parameter).to.equal('shops');
    expect(error.message).to.contain('at most 5');
  });
});
