import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type Router from '@koa/router';
import { ERROR_CATALOG } from '../../../src/errors.js';
import { EXPORT_REQUEST_SCHEMA } from '../../../src/export/request-schema.js';
import { createApp } from '../../../src/http/app.js';
import { createLogger } from '../../../src/log.js';
import { IDEMPOTENCY_KEY_SCHEMA, JOB_LIST_QUERY_SCHEMA } from '../../../src/http/job-parameters.js';
import { startApp, type RunningApp } from '../../helpers/app.js';
import { fetchAll } from '../../helpers/http.js';
import { repoRoot, seedDatabase, type SeededDatabase } from '../../helpers/seed-database.js';

/** A JSON document, read by path. */
type Json = Record<string, any>;

const METHODS = ['get', 'head', 'post', 'put', 'patch', 'delete'];

describe('the OpenAPI document at /openapi.json', () => {
  let database: SeededDatabase;
  let app: RunningApp;
  let document: Json;

  before(async () => {
    database = await seedDatabase({ fixture: 'basic' });
    app = await startApp({ sourcePath: database.path });
    const answer = await fetchAll(app.url('/openapi.json'), { headers: { authorization: '' } });
    expect([answer.status, answer.headers.get('content-type')]).to.deep.equal([200, 'application/json; charset=utf-8']);
    document = JSON.parse(answer.body.toString('utf8')) as Json;
  });
  after(async () => {
    await app.close();
    await database.remove();
  });

  it('is OpenAPI 3.1 that redocly lints clean with its recommended-strict rules (examples valid against their schemas)', async () => {
    expect(document.openapi).to.match(/^3\.1\./);
    const directory = await mkdtemp(join(tmpdir(), 'shopzip-openapi-'));
    try {
      await writeFile(join(directory, 'openapi.json'), JSON.stringify(document));
      const root = repoRoot();
      const environment = { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true', NO_COLOR: '1' };
      const lint = await promisify(execFile)(join(root, 'node_modules', '.bin', 'redocly'), ['lint', '--config', join(root, 'redocly.yaml'), '--format', 'stylish', join(directory, 'openapi.json')], { env: environment })
        .catch((error: { stdout: string; stderr: string }) => ({ stdout: error.stdout, stderr: `${error.stderr}\nexit code not 0` }));
      expect(lint.stderr + lint.stdout).to.include('Your API description is valid').and.not.include('exit code not 0').and.not.match(/You have \d+ warning/);
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  });

  it('documents every route the app serves, and no route it does not', () => {
    const served = new Set<string>();
    for (const middleware of createApp({ ...appParts(app), jobs: app.jobs }).middleware as { router?: Router }[]) {
      for (const layer of middleware.router?.stack ?? []) {
        for (const method of layer.methods) served.add(`${method} ${String(layer.path).replace(/:(\w+)/g, '{$1}')}`);
      }
    }
    const documented = new Set(Object.entries(document.paths as Json).flatMap(([path, item]) =>
      METHODS.filter((method) => item[method] !== undefined).flatMap((method) => [`${method.toUpperCase()} ${path}`, ...(method === 'get' ? [`HEAD ${path}`] : [])])));
    const staticFiles = ['swagger-ui.css', 'swagger-ui-bundle.js', 'docs.js'].map((file) => `/docs/${file}`);
    const servedTemplates = new Set([...served].map((route) => (staticFiles.some((file) => route.endsWith(` ${file}`)) ? route.replace(/\/docs\/.+$/, '/docs/{file}') : route)));
    expect([...servedTemplates].sort()).to.deep.equal([...documented].sort());
  });

  it('shows the very schemas the service validates requests with', () => {
    expect(document.components.schemas.ExportRequest).to.deep.equal(EXPORT_REQUEST_SCHEMA);
    const parameters = (path: string, method: string): Json[] => document.paths[path][method].parameters as Json[];
    expect(parameters('/v1/exports/orders.zip', 'get').map((parameter) => [parameter.name, parameter.schema]))
      .to.deep.equal(Object.entries(EXPORT_REQUEST_SCHEMA.properties));
    expect(parameters('/v1/export-jobs', 'get').map((parameter) => [parameter.name, parameter.schema]))
      .to.deep.equal(Object.entries(JOB_LIST_QUERY_SCHEMA.properties));
    expect(parameters('/v1/export-jobs', 'post').find((parameter) => parameter.name === 'Idempotency-Key')?.schema).to.deep.equal(IDEMPOTENCY_KEY_SCHEMA);
  });

  it('lists every error code, and each problem response names codes of its own status only', () => {
    expect(document.components.schemas.Problem.properties.code.enum).to.deep.equal(ERROR_CATALOG.map(({ code }) => code));
    const statusOf = new Map<string, number>(ERROR_CATALOG.map(({ code, status }) => [code, status]));
    for (const [path, item] of Object.entries(document.paths as Json)) {
      for (const method of METHODS.filter((name) => item[name] !== undefined)) {
        for (const [status, response] of Object.entries(item[method].responses as Json)) {
          const codes = response.content?.['application/problem+json']?.schema.allOf[1].properties.code.enum as string[] | undefined;
          for (const code of codes ?? []) expect(statusOf.get(code), `${method} ${path} ${status} ${code}`).to.equal(Number(status));
        }
      }
    }
  });
});

function appParts(app: RunningApp) {
  return { config: app.config, source: app.source, exporter: app.exporter, logger: createLogger('silent'), tokens: app.tokens };
}
