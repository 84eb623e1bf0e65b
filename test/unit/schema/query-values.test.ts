import { expect } from 'chai';
import type { ParametersSchema } from '../../../src/schema/json-schema.js';
import { fromQuery } from '../../../src/schema/query-values.js';

const SCHEMA: ParametersSchema = {
  type: 'object',
  properties: { list: { type: 'array', items: { type: 'string' } }, flag: { type: 'boolean' }, count: { type: 'integer' }, text: { type: 'string' } },
  additionalProperties: false,
};

describe('fromQuery', () => {
  it('reads comma-separated and repeated lists, trimmed and without empty items', () => {
    expect(fromQuery({ list: ['a, b', ' c ,,'] }, SCHEMA)).to.deep.equal({ list: ['a', 'b', 'c'] });
    expect(fromQuery({ list: '' }, SCHEMA)).to.deep.equal({ list: [] });
  });

  it('reads booleans as true/1 and false/0, integers as decimal digits, and leaves anything else for the schema to reject', () => {
    expect(fromQuery({ flag: '1', count: '42' }, SCHEMA)).to.deep.equal({ flag: true, count: 42 });
    expect(fromQuery({ flag: 'false' }, SCHEMA)).to.deep.equal({ flag: false });
    expect(fromQuery({ flag: 'yes', count: '4.2', text: ['a', 'b'], other: 'x' }, SCHEMA)).to.deep.equal({ flag: 'yes', count: '4.2', text: ['a', 'b'], other: 'x' });
  });
});
