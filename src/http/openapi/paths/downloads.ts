import { BINARY, JOB_ID_PARAMETER } from '../parameters.js';
import { headers, INTERNAL, problemResponses, type HeaderName, type OpenApiObject } from '../responses.js';

const VALIDATORS: HeaderName[] = ['AcceptRanges', 'ETag', 'LastModified', 'ReprDigest', 'DownloadCacheControl'];

const DESCRIPTION = `A succeeded job's ZIP, served like a static file: with the bearer token of the job's creator, or through
\`artifact.download_url\`, a signed link that needs no token. Every answer carries the validators (a strong \`ETag\` from the
SHA-256, the same whichever URL serves it, so a browser resumes across a refreshed link; \`Last-Modified\`) and
\`Repr-Digest\`. A single \`Range: bytes=…\` is answered \`206\` (several ranges: the whole file); \`If-Range\` that no
longer holds gives the whole file; \`If-None-Match\` / \`If-Modified-Since\` give \`304\`; \`If-Match\` /
\`If-Unmodified-Since\` that fail give \`412\`. curl resumes with \`curl -C - -o orders.zip "$download_url"\`.`;

const conditional = (name: string, description: string): OpenApiObject => ({ name, in: 'header', required: false, schema: { type: 'string' }, description });

function operation(method: 'get' | 'head'): OpenApiObject {
  const zip = (description: string, ...names: HeaderName[]): OpenApiObject => ({
    description,
    headers: headers(...VALIDATORS, 'ContentDisposition', 'ContentLength', ...names),
    ...(method === 'get' ? { content: { 'application/zip': { schema: BINARY } } } : {}),
  });
  return {
    operationId: method === 'get' ? 'downloadExportJob' : 'inspectExportJobDownload',
    tags: ['Export jobs'],
    summary: method === 'get' ? 'Download a job\'s ZIP (resumable)' : 'The headers of a job\'s download, without the body',
    description: DESCRIPTION,
    security: [{ bearerToken: [] }, { signedLink: [] }],
    parameters: [
      { name: 'expires', in: 'query', required: false, schema: { type: 'string', pattern: '^[0-9]{1,12}$' }, description: 'Of a signed link: when it expires (Unix seconds).' },
      conditional('Range', 'One byte range: `bytes=FIRST-LAST`, `bytes=FIRST-` or `bytes=-SUFFIX`.'),
      conditional('If-Range', 'An `ETag` or date: the range is served only while the file still matches it.'),
      conditional('If-None-Match', 'An `ETag`: `304` when it matches.'),
      conditional('If-Modified-Since', 'An HTTP date: `304` when the file is not newer.'),
      conditional('If-Match', 'An `ETag`: `412` when it does not match.'),
      conditional('If-Unmodified-Since', 'An HTTP date: `412` when the file is newer.'),
    ],
    responses: {
      200: zip('The whole ZIP.'),
      206: zip('The range asked for.', 'ContentRange'),
      304: { description: 'Not modified: the `If-None-Match` or `If-Modified-Since` holds.', headers: headers(...VALIDATORS) },
      412: { description: 'The `If-Match` or `If-Unmodified-Since` failed. No body.', headers: headers(...VALIDATORS) },
      416: { description: 'The range is past the end of the file. No body.', headers: headers(...VALIDATORS, 'UnsatisfiedRange') },
      ...problemResponses({
        401: ['unauthorized'], 403: ['invalid_signature'], 404: ['not_found'], 409: ['artifact_not_ready'], 410: ['artifact_expired'],
        500: INTERNAL, 503: ['shutting_down'],
      }),
    },
  };
}

/** `GET` and `HEAD /v1/export-jobs/{id}/download`. */
export const DOWNLOAD_PATHS: OpenApiObject = {
  '/v1/export-jobs/{id}/download': {
    parameters: [JOB_ID_PARAMETER],
    get: operation('get'),
    head: operation('head'),
  },
};
