import type { JsonSchema, ParametersSchema } from '../../schema/json-schema.js';
import type { OpenApiObject } from './responses.js';

/**
 * The query parameters of a parameters schema, one per property, each with the property's own schema: lists are
 * comma-separated (`style: form`, `explode: false`), as `fromQuery` reads them.
 */
export function queryParameters(schema: ParametersSchema): OpenApiObject[] {
  return Object.entries(schema.properties).map(([name, property]) => ({
    name,
    in: 'query',
    required: schema.required?.includes(name) ?? false,
    ...(typeof property['description'] === 'string' ? { description: property['description'] } : {}),
    schema: property,
    ...(property['type'] === 'array' ? { style: 'form', explode: false } : {}),
  }));
}

/** A path parameter: the job's id. */
export const JOB_ID_PARAMETER: OpenApiObject = {
  name: 'id',
  in: 'path',
  required: true,
  description: 'The job\'s `id`. Another token\'s job is answered `404`, like one that never existed.',
  schema: { type: 'string', examples: ['job_kHq1mE3cT9nJ4xYb7vR2sA'] },
};

/** A schema of binary content. */
export const BINARY: JsonSchema = { type: 'string', format: 'binary' };
