import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { openApiDocument } from '../../../src/http/openapi/document.js';
import type { Exchange } from './exchange.js';
import { parseEventStream } from './event-stream.js';

type Json = Record<string, unknown>;

/** Headers every response may carry without the document naming them: HTTP's own framing. */
const TRANSPORT_HEADERS = new Set(['date', 'connection', 'keep-alive', 'transfer-encoding', 'content-length', 'content-type']);
const SCHEMAS_ID = 'urn:shopzip:openapi';

/** Where an exchange's answer is described: its operation's response for the status, and the path's operation. */
interface Described {
  readonly where: string;
  readonly response?: Json;
  readonly problem?: string;
  /** An `OPTIONS` request, which every listed path answers with `200` and `Allow`. */
  readonly options?: boolean;
}

/**
 * The OpenAPI document as a checker of exchanges: every response must be one the document describes for its path,
 * method and status, with the documented headers (required ones present, every value valid, no undocumented header
 * beyond HTTP's framing) and a body of a documented media type that validates against its schema (JSON bodies,
 * and each event of an event stream). A path the document does not list must be a `404` `not_found` problem; a
 * method it does not list on a path, a `405` `method_not_allowed` problem with `Allow`.
 */
export class Contract {
  readonly document: Json = openApiDocument();
  readonly #ajv = new Ajv2020({ strict: true, allErrors: true });
  readonly #validators = new Map<unknown, ValidateFunction>();
  readonly #paths: { template: string; pattern: RegExp; item: Json }[];

  /** `paths`: the only paths this server serves (the ops app's), when not all of the document's. */
  constructor(readonly paths?: readonly string[]) {
    addFormats.default(this.#ajv);
    this.#ajv.addFormat('binary', true);
    const components = this.document['components'] as Json;
    this.#ajv.addSchema(pointingHome({ $id: SCHEMAS_ID, $defs: components['schemas'] }));
    this.#paths = Object.entries(this.document['paths'] as Record<string, Json>)
      .filter(([template]) => paths === undefined || paths.includes(template))
      .map(([template, item]) => ({ template, item, pattern: new RegExp(`^${template.replace(/[.]/g, '\\.').replace(/\{[^}]+\}/g, '([^/]+)')}$`) }))
      .sort((a, b) => Number(a.template.includes('{')) - Number(b.template.includes('{')));
  }

  /** What is wrong with an exchange, in words; empty when the document describes it. */
  check(exchange: Exchange): string[] {
    const described = this.#describe(exchange);
    if (described.options === true) return exchange.status === 200 && exchange.headers['allow'] !== undefined ? [] : [`${described.where}: expected 200 with Allow`];
    if (described.problem !== undefined) return this.#checkProblem(exchange, described.problem, described.where);
    if (described.response === undefined) return [`${described.where}: status ${exchange.status} is not documented`];
    return [...this.#checkHeaders(exchange, described.response, described.where), ...this.#checkBody(exchange, described.response, described.where)];
  }

  #describe({ method, url, status }: Exchange): Described {
    const path = new URL(url, 'http://shopzip').pathname;
    const found = this.#paths.find(({ pattern, item }) => {
      const match = pattern.exec(path);
      return match !== null && this.#pathParametersHold(item, match.slice(1));
    });
    if (found === undefined) return { where: `${method} ${path} (not in the document)`, problem: 'not_found' };
    const operation = (found.item[method.toLowerCase()] ?? (method === 'HEAD' ? found.item['get'] : undefined)) as Json | undefined;
    const where = `${method} ${found.template}`;
    if (operation === undefined && method === 'OPTIONS') return { where, options: true };
    if (operation === undefined) return { where: `${where} (method not in the document)`, problem: 'method_not_allowed' };
    const response = (operation['responses'] as Record<string, Json>)[String(status)];
    return response === undefined ? { where } : { where, response };
  }

  #pathParametersHold(item: Json, values: string[]): boolean {
    const parameters = ((item['parameters'] ?? []) as Json[]).filter((parameter) => parameter['in'] === 'path');
    return parameters.every((parameter, index) => this.#validator(parameter['schema'])(decodeURIComponent(values[index] ?? '')));
  }

  #checkProblem(exchange: Exchange, code: string, where: string): string[] {
    const status = code === 'not_found' ? 404 : 405;
    const problems = exchange.status === status ? [] : [`${where}: answered ${exchange.status}, expected a ${status} problem`];
    if (status === 405 && exchange.headers['allow'] === undefined) problems.push(`${where}: 405 without Allow`);
    if (exchange.method === 'HEAD' || exchange.body === null) return problems;
    const body = parseJson(exchange.body);
    if ((body as Json | undefined)?.['code'] !== code) problems.push(`${where}: expected a problem document with code ${code}, got ${exchange.body.toString('utf8').slice(0, 200)}`);
    return problems;
  }

  #checkHeaders(exchange: Exchange, response: Json, where: string): string[] {
    const documented = Object.fromEntries(Object.entries((response['headers'] ?? {}) as Record<string, Json>)
      .map(([name, header]) => [name.toLowerCase(), this.#resolve(header)]));
    const problems: string[] = [];
    for (const [name, header] of Object.entries(documented)) {
      const value = exchange.headers[name];
      if (value === undefined) {
        if (header['required'] === true) problems.push(`${where} ${exchange.status}: required header ${name} is missing`);
      } else if (!this.#validator(header['schema'])(value)) {
        problems.push(`${where} ${exchange.status}: header ${name}: ${JSON.stringify(value)} does not match ${JSON.stringify(header['schema'])}`);
      }
    }
    for (const name of Object.keys(exchange.headers)) {
      if (!TRANSPORT_HEADERS.has(name) && documented[name] === undefined) problems.push(`${where} ${exchange.status}: header ${name} is not documented`);
    }
    return problems;
  }

  #checkBody(exchange: Exchange, response: Json, where: string): string[] {
    const content = response['content'] as Record<string, Json> | undefined;
    if (exchange.method === 'HEAD') return [];
    if (content === undefined) return exchange.bodyLength === 0 ? [] : [`${where} ${exchange.status}: a body of ${exchange.bodyLength} bytes where none is documented`];
    const type = (exchange.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
    const media = content[type];
    if (media === undefined) return [`${where} ${exchange.status}: content type ${JSON.stringify(type)} is not documented (${Object.keys(content).join(', ')})`];
    if (exchange.body === null || !exchange.complete) return [];
    if (type === 'text/event-stream') return this.#checkEvents(exchange.body, media, where);
    if (!type.endsWith('json') || media['schema'] === undefined) return [];
    const body = parseJson(exchange.body);
    return this.#errors(media['schema'], body).map((error) => `${where} ${exchange.status}: body ${error}`);
  }

  #checkEvents(body: Buffer, media: Json, where: string): string[] {
    return parseEventStream(body.toString('utf8')).flatMap((event, index) =>
      this.#errors(media['x-item-schema'], event).map((error) => `${where}: event ${index} ${error}`));
  }

  #errors(schema: unknown, value: unknown): string[] {
    const validate = this.#validator(schema);
    if (validate(value)) return [];
    return (validate.errors ?? []).slice(0, 5).map((error) => `${error.instancePath || '/'} ${error.message ?? error.keyword} (${error.schemaPath})`);
  }

  #validator(schema: unknown): ValidateFunction {
    let validate = this.#validators.get(schema);
    if (validate === undefined) {
      validate = this.#ajv.compile(pointingHome(schema as Json));
      this.#validators.set(schema, validate);
    }
    return validate;
  }

  #resolve(object: Json): Json {
    const reference = object['$ref'];
    if (typeof reference !== 'string') return object;
    return reference.slice(2).split('/').reduce<Json>((node, key) => node[key] as Json, this.document);
  }
}

/** A schema whose references to the document's component schemas point at their copy in ajv (`$defs`). */
function pointingHome(schema: Json): Json {
  return JSON.parse(JSON.stringify(schema).replaceAll('"#/components/schemas/', `"${SCHEMAS_ID}#/$defs/`)) as Json;
}

function parseJson(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString('utf8'));
  } catch {
    return Symbol('not JSON');
  }
}
