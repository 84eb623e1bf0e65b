import { request as httpRequest, type IncomingMessage } from 'node:http';

type HeaderInit = ConstructorParameters<typeof Headers>[0];

const tokenByOrigin = new Map<string, string>();

/** Makes the helpers below send `Authorization: Bearer <token>` to this origin, unless a request sets its own. */
export function authorizeOrigin(origin: string, token: string): void {
  tokenByOrigin.set(origin, token);
}

function withToken(url: string, headers?: HeaderInit): Headers {
  const result = new Headers(headers);
  const token = tokenByOrigin.get(new URL(url).origin);
  if (token !== undefined && !result.has('authorization')) result.set('authorization', `Bearer ${token}`);
  return result;
}

export interface Fetched {
  readonly status: number;
  readonly headers: Headers;
  readonly body: Buffer;
}

/** A whole response, read to its end. */
export async function fetchAll(url: string, init?: RequestInit): Promise<Fetched> {
  const response = await fetch(url, { ...init, headers: withToken(url, init?.headers) });
  return { status: response.status, headers: response.headers, body: Buffer.from(await response.arrayBuffer()) };
}

/** A problem document answer: status, content type and parsed body. */
export async function fetchProblem(url: string, init?: RequestInit): Promise<{ status: number; type: string | null; problem: Record<string, unknown> }> {
  const { status, headers, body } = await fetchAll(url, init);
  return { status, type: headers.get('content-type'), problem: JSON.parse(body.toString('utf8')) as Record<string, unknown> };
}

/** POSTs a JSON body. */
export function postJson(url: string, body: unknown): Promise<Fetched> {
  return fetchAll(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
}

/** Opens a GET on a raw socket and resolves with the response once its headers arrived (body not read yet). */
export function openResponse(url: string, headers?: HeaderInit): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(url, { agent: false, headers: Object.fromEntries(withToken(url, headers)) }, resolve);
    request.on('error', reject);
    request.end();
  });
}

/** Reads a response to its end; rejects if the connection breaks before the last byte. */
export function readToEnd(response: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    response.on('data', (chunk: Buffer) => chunks.push(chunk));
    response.on('error', reject);
    response.on('aborted', () => reject(new Error('aborted')));
    response.on('end', () => (response.complete ? resolve(Buffer.concat(chunks)) : reject(new Error('incomplete'))));
  });
}
