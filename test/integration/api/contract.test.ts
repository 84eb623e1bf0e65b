import { expect } from 'chai';
import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Contract } from '../../helpers/openapi/contract.js';
import type { Exchange } from '../../helpers/openapi/exchange.js';
import { takeViolations, watchResponses } from '../../helpers/openapi/watch.js';

const COMMON = { 'x-content-type-options': 'nosniff', 'referrer-policy': 'no-referrer' };
const PROBLEM = { ...COMMON, 'content-type': 'application/problem+json', 'cache-control': 'no-store' };

function exchange(overrides: Partial<Exchange> & { json?: unknown; text?: string }): Exchange {
  const { json, text, ...rest } = overrides;
  const body = Buffer.from(text ?? (json === undefined ? '' : JSON.stringify(json)));
  return { method: 'GET', url: '/healthz', status: 200, headers: { ...COMMON, 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' }, body, bodyLength: body.length, complete: true, ...rest };
}

function notFound(instance: string): Record<string, unknown> {
  return { type: 'urn:shopzip:problem:not_found', title: 'Not found', status: 404, detail: `no resource at ${instance}`, instance, code: 'not_found' };
}

describe('the OpenAPI contract the tests check every response with', () => {
  const contract = new Contract();

  it('passes a response the document describes', () => {
    expect(contract.check(exchange({ json: { status: 'ok' } }))).to.deep.equal([]);
    expect(contract.check(exchange({ url: '/nope', status: 404, headers: PROBLEM, json: notFound('/nope') }))).to.deep.equal([]);
  });

  it('fails a status, a header, a content type or a body the document does not describe', () => {
    const failures = (overrides: Parameters<typeof exchange>[0]): string => contract.check(exchange({ json: { status: 'ok' }, ...overrides })).join('\n');
    expect(failures({ status: 201 })).to.include('status 201 is not documented');
    expect(failures({ headers: { ...COMMON, 'content-type': 'application/json' } })).to.include('required header cache-control is missing');
    expect(failures({ headers: { ...COMMON, 'content-type': 'application/json', 'cache-control': 'max-age=60' } })).to.include('header cache-control');
    expect(failures({ headers: { ...COMMON, 'content-type': 'application/json', 'cache-control': 'no-store', 'x-powered-by': 'koa' } })).to.include('header x-powered-by is not documented');
    expect(failures({ headers: { ...COMMON, 'content-type': 'text/html', 'cache-control': 'no-store' } })).to.include('content type "text/html" is not documented');
    expect(failures({ json: { status: 'fine' } })).to.include('body /status');
    expect(failures({ json: { status: 'ok', uptime: 5 } })).to.include('must NOT have additional properties');
  });

  it('fails a problem whose code the response does not list, and a path or method the document does not list that is not a 404 or 405 problem', () => {
    const wrongCode = { ...notFound('/v1/export-jobs/job_x'), type: 'urn:shopzip:problem:unknown_shops', code: 'unknown_shops' };
    expect(contract.check(exchange({ url: '/v1/export-jobs/job_x', status: 404, headers: PROBLEM, json: wrongCode })).join()).to.include('/code');
    expect(contract.check(exchange({ url: '/nope', json: { status: 'ok' } })).join()).to.include('expected a 404 problem');
    expect(contract.check(exchange({ method: 'PUT', status: 405, headers: PROBLEM, json: { code: 'method_not_allowed' } })).join()).to.include('405 without Allow');
  });

  it('checks every event of an event stream against the job schema', () => {
    const events = 'retry:3000\n\nevent:message\nid:1\ndata:{"id":"job_x","state":"queued"}\n\n';
    const failures = contract.check(exchange({
      url: '/v1/export-jobs/job_kHq1mE3cT9nJ4xYb7vR2sA/events', text: events,
      headers: { ...COMMON, 'content-type': 'text/event-stream', 'cache-control': 'no-store', 'x-accel-buffering': 'no', pragma: 'no-cache' },
    }));
    expect(failures.join('\n')).to.include('event 1 /data');
  });

  it('sees every response of a watched server, and the next check of the test reports what does not hold', async () => {
    const server = createServer((_request, response) => response.writeHead(418, { 'content-type': 'text/plain' }).end('teapot')).listen(0, '127.0.0.1');
    watchResponses(server);
    await once(server, 'listening');
    try {
      await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/healthz`).then((response) => response.text());
      expect(await takeViolations()).to.deep.equal(['GET /healthz: status 418 is not documented']);
    } finally {
      server.close();
    }
  });
});
