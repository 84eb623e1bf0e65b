import { readFileSync } from 'node:fs';
import { DOWNLOAD_PATHS } from './paths/downloads.js';
import { EXPORT_PATHS } from './paths/exports.js';
import { JOB_PATHS } from './paths/jobs.js';
import { PAGE_PATHS, SERVICE_PATHS } from './paths/service.js';
import { HEADERS, type OpenApiObject } from './responses.js';
import { SCHEMAS } from './schemas.js';

const DESCRIPTION = `shopzip streams per-shop order exports (CSV and XLSX) from an orders database as one ZIP: at once, as a
streamed download, or as an export job whose file you follow and download later, resuming when the connection drops.

- **Authentication**: an API token as \`Authorization: Bearer <token>\` (\`npm run tokens -- create\`). A token reads only
  its shops, and sees only its own jobs: anything else is answered like something that does not exist.
- **JSON** field names are snake_case. Absent facts are \`null\`, so a resource's shape never changes.
- **Errors** are RFC 9457 problem documents (\`application/problem+json\`) with a \`code\` (see the \`Problem\` schema for
  every code) and, when one parameter is at fault, \`parameter\`. They are answered before the first byte of a body; a
  failure after it aborts the connection. A path not listed here is \`404\` \`not_found\`; another method on a listed
  path is \`405\` \`method_not_allowed\` with \`Allow\` (\`OPTIONS\` is answered \`200\` with \`Allow\`). An unexpected
  failure is \`500\` \`internal\`, and is logged.
- **Every response** carries \`X-Content-Type-Options: nosniff\` and \`Referrer-Policy: no-referrer\`. \`HEAD\` of a
  \`GET\` path answers with the headers of the \`GET\`.
- **One source of truth**: the request schemas here are the ones the service validates requests with, and the test suite
  checks every response it receives against this document.`;

const SECURITY_SCHEMES = {
  bearerToken: {
    type: 'http',
    scheme: 'bearer',
    description: 'An API token (`szt_…`) from `npm run tokens -- create`, or the demo token printed on the first start.',
  },
  signedLink: {
    type: 'apiKey',
    in: 'query',
    name: 'signature',
    description: 'The `signature` of a job\'s `artifact.download_url` (HMAC-SHA256 of the job and `expires`), which works '
      + 'without a token for that job until `expires`. Use the link as it is.',
  },
  metricsToken: { type: 'http', scheme: 'bearer', description: '`SHOPZIP_METRICS_TOKEN`, when it is set.' },
};

const TAGS = [
  { name: 'Exports', description: 'One ZIP per request, streamed while it is built.' },
  { name: 'Export jobs', description: 'Start an export, follow its progress, download its ZIP later, resuming after a dropped connection.' },
  { name: 'Shops', description: 'What a token may export.' },
  { name: 'Operations', description: 'Health, readiness and metrics, for the platform that runs shopzip.' },
  { name: 'Page and reference', description: 'The web page for people, this reference, and this document.' },
];

/**
 * The OpenAPI 3.1 document of every route shopzip serves, served at `GET /openapi.json`. Built from the schemas the
 * routes validate requests with (`EXPORT_REQUEST_SCHEMA`, `JOB_LIST_QUERY_SCHEMA` ...) and the table of error codes.
 */
export function openApiDocument(): OpenApiObject {
  return {
    openapi: '3.1.1',
    info: {
      title: 'shopzip',
      version: packageVersion(),
      summary: 'Per-shop order exports (CSV and XLSX) as one ZIP.',
      description: DESCRIPTION,
      license: { name: 'UNLICENSED', identifier: 'LicenseRef-UNLICENSED' },
    },
    servers: [{ url: '/', description: 'This shopzip.' }],
    tags: TAGS,
    paths: { ...EXPORT_PATHS, ...JOB_PATHS, ...DOWNLOAD_PATHS, ...SERVICE_PATHS, ...PAGE_PATHS },
    components: {
      schemas: SCHEMAS,
      headers: Object.fromEntries(Object.entries(HEADERS).map(([name, { object }]) => [name, object])),
      securitySchemes: SECURITY_SCHEMES,
    },
  };
}

function packageVersion(): string {
  const manifest = JSON.parse(readFileSync(new URL('../../../../package.json', import.meta.url), 'utf8')) as { version: string };
  return manifest.version;
}
