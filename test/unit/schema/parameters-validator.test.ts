import { expect } from 'chai';
import { ShopzipError } from '../../../src/errors.js';
import type { ParametersSchema } from '../../../src/schema/json-schema.js';
import { parametersValidator } from '../../../src/schema/parameters-validator.js';

const SCHEMA: ParametersSchema = {
  type: 'object',
  properties: {
    colors: { type: 'array', title: 'one or more colors', items: { type: 'string', enum: ['red', 'green'] }, minItems: 1 },
    codes: { type: 'array', title: 'codes', items: { type: 'string', title: 'a code of two capitals', pattern: '^[A-Z]{2}$' } },
    day: { type: 'string', title: 'a day (YYYY-MM-DD)', pattern: '^\\d{4}-\\d{2}-\\d{2}$' },
    size: { type: 'integer', title: 'a size', minimum: 1, maximum: 9 },
    strict: { type: 'boolean', title: 'strictness' },
  },
  required: ['colors'],
  additionalProperties: false,
};
const validate = parametersValidator(SCHEMA);

function rejection(values: Record<string, unknown>): ShopzipError {
  try {
    validate(values);
  } catch (error) {
    expect(error).to.be.instanceOf(ShopzipError);
    return error as ShopzipError;
  }
  throw new Error(`expected ${JSON.stringify(values)} to be rejected`);
}

describe('parametersValidator', () => {
  it('accepts what the schema allows', () => {
    expect(() => validate({ colors: ['red'], codes: ['DE'], day: '2026-01-01', size: 9, strict: false })).not.to.throw();
  });

  it('names the parameter and says what the schema expects, in the words of its title, enum and bounds', () => {
    const cases: [Record<string, unknown>, string, string][] = [
      [{}, 'colors', 'colors is required: one or more colors'],
      [{ colors: [] }, 'colors', 'colors must name at least one of red, green'],
      [{ colors: ['blue'] }, 'colors', 'colors holds "blue"; allowed: red, green'],
      [{ colors: 'red' }, 'colors', 'colors must be a JSON array of strings'],
      [{ colors: ['red'], codes: ['DE', 'x'] }, 'codes', 'codes holds an invalid value "x"; expected a code of two capitals'],
      [{ colors: ['red'], day: 'monday' }, 'day', 'day must be a day (YYYY-MM-DD), got "monday"'],
      [{ colors: ['red'], day: ['2026-01-01', '2026-01-02'] }, 'day', 'day must be given once, as a string'],
      [{ colors: ['red'], size: 10 }, 'size', 'size must be an integer from 1 to 9, got 10'],
      [{ colors: ['red'], size: 'big' }, 'size', 'size must be an integer from 1 to 9, got "big"'],
      [{ colors: ['red'], strict: 'yes' }, 'strict', 'strict must be true or false, got "yes"'],
    ];
    for (const [values, parameter, message] of cases) {
      const error = rejection(values);
      expect([error.code, error.details.parameter, error.message], JSON.stringify(values)).to.deep.equal(['invalid_parameter', parameter, message]);
    }
  });

  it('reports an unknown parameter first, then the first parameter at fault in the schema\'s order', () => {
    const unknown = rejection({ size: 0, colour: 'red' });
    expect([unknown.code, unknown.details.parameter, unknown.message]).to.deep.equal(['unknown_parameter', 'colour', 'unknown parameter "colour"; expected colors, codes, day, size, strict']);
    expect(rejection({ strict: 1, size: 0, colors: ['red'] }).details.parameter).to.equal('size');
  });

  it('cuts a long value it quotes at 100 characters', () => {
    expect(rejection({ colors: ['red'], day: 'x'.repeat(500) }).message).to.have.length.below(160);
  });
});
