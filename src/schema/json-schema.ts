/**
 * A JSON Schema (draft 2020-12, the dialect of OpenAPI 3.1), as a plain object: the request schemas the code validates
 * with are the very objects the OpenAPI document shows.
 */
export interface JsonSchema {
  readonly [keyword: string]: unknown;
}

/** A schema of request parameters: an object whose properties are the parameters, in the order they are checked. */
export interface ParametersSchema extends JsonSchema {
  readonly type: 'object';
  readonly properties: Readonly<Record<string, JsonSchema>>;
  readonly additionalProperties: false;
  readonly required?: readonly string[];
}

/** The schema of parameter `name`; undefined when the schema does not name it. */
export function propertyOf(schema: ParametersSchema, name: string): JsonSchema | undefined {
  return Object.hasOwn(schema.properties, name) ? schema.properties[name] : undefined;
}

/** A keyword of a schema, when it holds a value of the given JavaScript type. */
export function keywordOf<T extends 'string' | 'number' | 'object'>(schema: JsonSchema | undefined, keyword: string, type: T):
  (T extends 'string' ? string : T extends 'number' ? number : JsonSchema) | undefined {
  const value = schema?.[keyword];
  return typeof value === type && value !== null ? value as never : undefined;
}
