import { Ajv2020, type ErrorObject } from 'ajv/dist/2020.js';
import { invalidParameter, ShopzipError } from '../errors.js';
import { keywordOf, propertyOf, type JsonSchema, type ParametersSchema } from './json-schema.js';

/** Checks request parameters (a JSON body, or a query read with `fromQuery`) against their schema. */
export type ParametersValidator = (values: Readonly<Record<string, unknown>>) => void;

// Strict: a keyword ajv does not know fails at start-up, so a schema cannot say more than is checked.
const ajv = new Ajv2020({ allErrors: true, strict: true });

/**
 * Compiles a parameters schema into a validator.
 * @throws {ShopzipError} from the validator: `unknown_parameter` for a parameter the schema does not name, else
 *   `invalid_parameter` for the first parameter (in the schema's order) whose value breaks the schema, naming it,
 *   with a message made of the schema's own facts (its `title`, `enum`, `minimum`, `maximum`).
 */
export function parametersValidator(schema: ParametersSchema): ParametersValidator {
  const validate = ajv.compile(schema);
  const order = Object.keys(schema.properties);
  return (values) => {
    if (validate(values)) return;
    const errors = (validate.errors ?? []).map((error) => ({ error, parameter: parameterOf(error) }));
    const rank = ({ error, parameter }: { error: ErrorObject; parameter: string }): number => (error.keyword === 'additionalProperties' ? -1 : order.indexOf(parameter));
    const first = errors.reduce((best, candidate) => (rank(candidate) < rank(best) ? candidate : best));
    throw problemOf(first.error, first.parameter, schema, values);
  };
}

function parameterOf(error: ErrorObject): string {
  if (error.keyword === 'additionalProperties') return String(error.params['additionalProperty']);
  if (error.keyword === 'required') return String(error.params['missingProperty']);
  return (error.instancePath.split('/')[1] ?? '').replaceAll('~1', '/').replaceAll('~0', '~');
}

function problemOf(error: ErrorObject, parameter: string, schema: ParametersSchema, values: Readonly<Record<string, unknown>>): ShopzipError {
  if (error.keyword === 'additionalProperties') {
    return new ShopzipError('unknown_parameter', `unknown parameter ${quote(parameter)}; expected ${Object.keys(schema.properties).join(', ')}`, { parameter });
  }
  const property = propertyOf(schema, parameter);
  const items = keywordOf(property, 'items', 'object');
  const isItem = error.instancePath.split('/').length > 2;
  const value = isItem ? (values[parameter] as unknown[])[Number(error.instancePath.split('/')[2])] : values[parameter];
  return invalidParameter(parameter, messageOf(error.keyword, parameter, isItem ? items : property, property, value) ?? `${parameter} is not valid: ${error.message ?? error.keyword}`);
}

function messageOf(keyword: string, parameter: string, failing: JsonSchema | undefined, property: JsonSchema | undefined, value: unknown): string | undefined {
  const choices = (keywordOf(property, 'items', 'object')?.['enum'] ?? failing?.['enum']) as readonly string[] | undefined;
  switch (keyword) {
    case 'required':
      return `${parameter} is required: ${keywordOf(property, 'title', 'string')}`;
    case 'minItems':
      return choices === undefined ? `${parameter} is required: ${keywordOf(property, 'title', 'string')}` : `${parameter} must name at least one of ${choices.join(', ')}`;
    case 'enum':
      return `${parameter} holds ${quote(value)}; allowed: ${choices?.join(', ')}`;
    case 'pattern':
      return failing === property
        ? `${parameter} must be ${keywordOf(failing, 'title', 'string')}, got ${quote(value)}`
        : `${parameter} holds an invalid value ${quote(value)}; expected ${keywordOf(failing, 'title', 'string')}`;
    case 'minimum':
    case 'maximum':
    case 'type':
      return typeMessage(parameter, property, value);
    default:
      return undefined;
  }
}

function typeMessage(parameter: string, property: JsonSchema | undefined, value: unknown): string {
  switch (keywordOf(property, 'type', 'string')) {
    case 'array':
      return `${parameter} must be a JSON array of ${keywordOf(keywordOf(property, 'items', 'object'), 'type', 'string')}s`;
    case 'boolean':
      return `${parameter} must be true or false${typeof value === 'string' ? `, got ${quote(value)}` : ''}`;
    case 'integer':
      return `${parameter} must be an integer from ${keywordOf(property, 'minimum', 'number')} to ${keywordOf(property, 'maximum', 'number')}, got ${quote(value)}`;
    default:
      return `${parameter} must be given once, as a string`;
  }
}

/** A value as a message quotes it: JSON, cut at 100 characters. */
function quote(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 100 ? `${text.slice(0, 99)}…` : text;
}
