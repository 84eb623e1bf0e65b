import { keywordOf, propertyOf, type ParametersSchema } from './json-schema.js';

/** A parsed query string (or form): each parameter once as text, or repeated as a list of texts. */
export type QueryValues = Readonly<Record<string, string | readonly string[] | undefined>>;

const INTEGER = /^\d{1,15}$/;

/**
 * Reads query parameters as the JSON values their schema describes, so that one schema validates a query string and
 * a JSON body alike (OpenAPI's `style: form`): an `array` parameter is a comma-separated list (repeating the
 * parameter adds to it; spaces around items and empty items are dropped), a `boolean` is `true`/`1` or `false`/`0`,
 * an `integer` is decimal digits. Anything else is left as it came, for the schema to reject with the parameter's
 * name (a scalar given twice stays a list, `bom=yes` stays text).
 */
export function fromQuery(query: QueryValues, schema: ParametersSchema): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(query)) {
    if (value === undefined) continue;
    values[name] = typed(value, keywordOf(propertyOf(schema, name), 'type', 'string'));
  }
  return values;
}

function typed(value: string | readonly string[], type: string | undefined): unknown {
  if (typeof value !== 'string' && !value.every((item) => typeof item === 'string')) return value;
  if (type === 'array') return (typeof value === 'string' ? [value] : value).flatMap((text) => text.split(',')).map((item) => item.trim()).filter((item) => item !== '');
  if (typeof value !== 'string') return value;
  if (type === 'boolean') return value === 'true' || value === '1' ? true : value === 'false' || value === '0' ? false : value;
  if (type === 'integer') return INTEGER.test(value) ? Number(value) : value;
  return value;
}
