import { IDEMPOTENCY_KEY_SCHEMA, JOB_LIST_QUERY_SCHEMA } from '../../job-parameters.js';
import { EXAMPLES } from '../examples.js';
import { JOB_ID_PARAMETER, queryParameters } from '../parameters.js';
import { headers, INTERNAL, jsonResponse, problemResponses, type OpenApiObject } from '../responses.js';
import { schemaRef } from '../schemas.js';

const JOB = schemaRef('Job');
const NOT_YOURS = { 401: ['unauthorized'], 404: ['not_found'], 500: INTERNAL } as const;
const security = [{ bearerToken: [] }];
const tags = ['Export jobs'];

const EVENTS_DESCRIPTION = `Server-Sent Events of one job, with the same bearer token (a page reads them with \`fetch\`, since
\`EventSource\` cannot send headers). First a \`retry:\` field (3000 ms), then the job as it is now, at once; then an event on
every change of state, and progress at most four times a second. Each event's \`data:\` is the job as \`GET\` shows it, its
\`id:\` the job's version, which rises with every change: reconnect with \`Last-Event-ID\` and the job comes again only if it
changed meanwhile. A comment line goes out every 15 s. The stream ends after the job's final state; a client that already
saw it is answered \`204\`, which tells \`EventSource\` to stop reconnecting.`;

/** `/v1/export-jobs` and its job, events and cancellation (downloads: `DOWNLOAD_PATHS`). */
export const JOB_PATHS: OpenApiObject = {
  '/v1/export-jobs': {
    post: {
      operationId: 'createExportJob',
      tags,
      summary: 'Start an export job',
      description: 'Takes the request of `POST /v1/exports/orders.zip`; the service writes the ZIP to disk, byte for byte the '
        + 'synchronous download. Validation, shop visibility and `404` happen before the job exists. At most '
        + '`SHOPZIP_MAX_QUEUED_JOBS_PER_TOKEN` (10) unfinished jobs per token.',
      security,
      parameters: [{
        name: 'Idempotency-Key', in: 'header', required: false, schema: IDEMPOTENCY_KEY_SCHEMA,
        description: 'The same key and body from the same token, within the job\'s lifetime, return the same job (`200`, '
          + '`Idempotent-Replayed: true`); the same key with another body is `422`.',
      }],
      requestBody: { required: true, content: { 'application/json': { schema: schemaRef('ExportRequest') } } },
      responses: {
        202: jsonResponse('The job, queued.', JOB, { queued: EXAMPLES['jobQueued'] }, 'Location'),
        200: jsonResponse('The job an earlier request with this `Idempotency-Key` and body created.', JOB, { replayed: EXAMPLES['jobRunning'] }, 'Location', 'IdempotentReplayed'),
        ...problemResponses({
          400: ['invalid_parameter', 'unknown_parameter'], 401: ['unauthorized'], 404: ['unknown_shops'], 413: ['payload_too_large'],
          415: ['unsupported_media_type'], 422: ['idempotency_key_reused'], 429: ['too_many_jobs'], 500: INTERNAL, 503: ['source_unavailable', 'shutting_down'],
        }),
      },
    },
    get: {
      operationId: 'listExportJobs',
      tags,
      summary: 'List the token\'s jobs, newest first',
      security,
      parameters: queryParameters(JOB_LIST_QUERY_SCHEMA),
      responses: {
        200: jsonResponse('A page of jobs.', schemaRef('JobPage'), { page: EXAMPLES['jobPage'] }),
        ...problemResponses({ 400: ['invalid_parameter', 'unknown_parameter'], 401: ['unauthorized'], 500: INTERNAL }),
      },
    },
  },
  '/v1/export-jobs/{id}': {
    parameters: [JOB_ID_PARAMETER],
    get: {
      operationId: 'getExportJob',
      tags,
      summary: 'Get a job',
      description: 'A succeeded job comes with a fresh signed `artifact.download_url`.',
      security,
      responses: {
        200: jsonResponse('The job.', JOB, { running: EXAMPLES['jobRunning'], succeeded: EXAMPLES['jobSucceeded'], failed: EXAMPLES['jobFailed'] }),
        ...problemResponses(NOT_YOURS),
      },
    },
    delete: {
      operationId: 'cancelOrDeleteExportJob',
      tags,
      summary: 'Cancel a job, or delete a finished one',
      description: 'A queued or running job becomes `cancelled` (its work stops, its partial file is removed) and is returned. A '
        + 'finished job is deleted with its file: `204`.',
      security,
      responses: {
        200: jsonResponse('The job, cancelled.', JOB, { cancelled: EXAMPLES['jobCancelled'] }),
        204: { description: 'The finished job and its file are deleted.', headers: headers() },
        ...problemResponses(NOT_YOURS),
      },
    },
  },
  '/v1/export-jobs/{id}/events': {
    parameters: [JOB_ID_PARAMETER],
    get: {
      operationId: 'followExportJob',
      tags,
      summary: 'Follow a job: Server-Sent Events',
      description: EVENTS_DESCRIPTION,
      security,
      parameters: [{ name: 'Last-Event-ID', in: 'header', required: false, schema: { type: 'string' }, description: 'The `id:` of the last event seen.' }],
      responses: {
        200: {
          description: 'The event stream, until the job\'s final state.',
          headers: headers('NoStore', 'NoBuffering', 'Pragma'),
          content: {
            'text/event-stream': {
              schema: { type: 'string', description: 'Events, each `id:`, `event: message` and one `data:` line with the job as JSON.' },
              example: EXAMPLES['events'],
              'x-item-schema': {
                description: 'One event, as the fields of its lines; `data` parsed as JSON. The `retry:` field comes alone, first.',
                type: 'object',
                properties: { id: { type: 'string', pattern: '^[0-9]+$' }, event: { const: 'message' }, data: JOB, retry: { type: 'integer' } },
                additionalProperties: false,
              },
            },
          },
        },
        204: { description: 'The `Last-Event-ID` already saw the job\'s final state.', headers: headers() },
        ...problemResponses(NOT_YOURS),
      },
    },
  },
};
