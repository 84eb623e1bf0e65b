import { expect } from 'chai';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PAGE_DIRECTORY } from '../../../src/http/routes/page.js';
import { startApp, type RunningApp } from '../../helpers/app.js';
import { fetchAll, fetchProblem, openResponse, postJson, readToEnd } from '../../helpers/http.js';
import { seedDatabase, type SeededDatabase } from '../../helpers/seed-database.js';

const EXPORT = '/v1/exports/orders.zip';

/** A form POST as a browser sends it, with no Authorization header. */
function postForm(url: string, fields: Record<string, string>, headers: Record<string, string> = {}) {
  return fetchAll(url, { method: 'POST', headers: { authorization: '', 'content-type': 'application/x-www-form-urlencoded', ...headers }, body: new URLSearchParams(fields).toString() });
}

describe('the web page over HTTP: its files, security headers, and the form download', () => {
  let database: SeededDatabase;
  let app: RunningApp;

  before(async () => {
    database = await seedDatabase({ demo: { shops: 3, orders: 300, seed: 5 } });
    app = await startApp({ sourcePath: database.path });
  });
  after(async () => {
    await app.close();
    await database.remove();
  });

  it('serves the built page at / and the API reference at /docs with a strict CSP, no sniffing and no referrer', async () => {
    for (const [path, type] of [['/', 'text/html; charset=utf-8'], ['/app.js', 'text/javascript; charset=utf-8'], ['/app.css', 'text/css; charset=utf-8']] as const) {
      const { status, headers } = await fetchAll(app.url(path), { headers: { authorization: '' } });
      expect(status, path).to.equal(200);
      expect(headers.get('content-type'), path).to.equal(type);
      const csp = headers.get('content-security-policy') ?? '';
      expect(csp, path).to.include("default-src 'none'").and.include("script-src 'self'").and.include("frame-ancestors 'none'");
      expect(csp, path).not.to.include('unsafe-inline');
      expect(csp, path).not.to.include('unsafe-eval');
      expect(headers.get('x-content-type-options'), path).to.equal('nosniff');
      expect(headers.get('referrer-policy'), path).to.equal('no-referrer');
    }
    for (const path of ['/docs', '/docs/docs.js', '/docs/swagger-ui-bundle.js', '/docs/swagger-ui.css']) {
      const { status, headers } = await fetchAll(app.url(path), { headers: { authorization: '' } });
      expect(status, path).to.equal(200);
      const csp = headers.get('content-security-policy') ?? '';
      expect(csp, path).to.include("default-src 'none'").and.include("script-src 'self'").and.include("img-src 'self' data:").and.include("connect-src 'self'");
      expect(csp, path).not.to.include('unsafe-inline');
      expect(csp, path).not.to.include('unsafe-eval');
    }
  });

  it('holds no inline script or style in its HTML, and loads nothing from another origin', async () => {
    const html = (await fetchAll(app.url('/'))).body.toString('utf8');
    expect(html).to.equal(await readFile(join(PAGE_DIRECTORY, 'index.html'), 'utf8'));
    for (const script of html.match(/<script\b[^>]*>/g) ?? []) expect(script).to.match(/\ssrc="\/[^/]/);
    expect(html).not.to.match(/<style\b|\sstyle=|\son[a-z]+=/i);
    expect(html).not.to.match(/(src|href)="(https?:)?\/\//);
  });

  it('answers a browser cache\'s revalidation with 304 by the file\'s ETag', async () => {
    const first = await fetchAll(app.url('/app.js'));
    const etag = first.headers.get('etag');
    expect(etag).to.match(/^"[\w-]+"$/);
    // node:http, since fetch adds Cache-Control: no-cache to a request with If-None-Match (the Fetch standard).
    const again = await openResponse(app.url('/app.js'), { 'if-none-match': etag! });
    expect(again.statusCode).to.equal(304);
    expect((await readToEnd(again)).length).to.equal(0);
  });

  it('sends no-sniff and no-referrer on API answers too, errors included', async () => {
    for (const response of [await fetchAll(app.url('/v1/shops')), await fetchAll(app.url('/no/such/path')), await fetchAll(app.url(`${EXPORT}?shops=nope`))]) {
      expect(response.headers.get('x-content-type-options')).to.equal('nosniff');
      expect(response.headers.get('referrer-policy')).to.equal('no-referrer');
    }
  });

  it('streams a form POST with access_token (the page\'s "download now") byte for byte like the JSON POST', async () => {
    const fields = { shops: 'acme,globex', from: '2026-01-01', to: '2026-06-30', formats: 'csv', status: 'paid,shipped', bom: 'false' };
    const viaForm = await postForm(app.url(EXPORT), { access_token: app.token, ...fields });
    const viaJson = await postJson(app.url(EXPORT), { shops: ['acme', 'globex'], from: '2026-01-01', to: '2026-06-30', formats: ['csv'], status: ['paid', 'shipped'], bom: false });
    expect(viaForm.status).to.equal(200);
    expect(viaForm.headers.get('content-disposition')).to.equal(viaJson.headers.get('content-disposition'));
    expect(viaForm.body.equals(viaJson.body)).to.equal(true);
  });

  it('answers a form with a bad token 401, with none 401, with two 400, and a bad field 400 naming it', async () => {
    expect((await postForm(app.url(EXPORT), { access_token: 'szt_nope', shops: 'acme' })).status).to.equal(401);
    expect((await postForm(app.url(EXPORT), { shops: 'acme' })).status).to.equal(401);
    const twice = await fetchProblem(app.url(EXPORT), { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ access_token: app.token, shops: 'acme' }).toString() });
    expect(twice.status).to.equal(400);
    expect(twice.problem.parameter).to.equal('access_token');
    const bad = JSON.parse((await postForm(app.url(EXPORT), { access_token: app.token, shops: 'acme', from: '2026-02-30' })).body.toString('utf8')) as Record<string, unknown>;
    expect(bad).to.deep.include({ status: 400, code: 'invalid_parameter', parameter: 'from' });
  });
});
