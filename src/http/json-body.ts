import type { Context } from 'koa';
import { ShopzipError, invalidParameter } from '../errors.js';

/**
 * Reads a JSON object body of at most `limit` bytes.
 * @throws {ShopzipError} 415 when it is not JSON, 413 when too large, 400 (`body`) when malformed or not an object.
 */
export async function readJsonObject(context: Context, limit: number): Promise<Record<string, unknown>> {
  if (!context.is('application/json')) {
    throw new ShopzipError('unsupported_media_type', 'the request body must be application/json', { parameter: 'body' });
  }
  const body = await readBody(context, limit);
  let parsed: unknown;
  try {
    parsed = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(body));
  } catch {
    throw invalidParameter('body', 'the request body is not valid UTF-8 JSON');
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw invalidParameter('body', 'the request body must be a JSON object');
  }
  return parsed as Record<string, unknown>;
}

/**
 * Reads a request body of at most `limit` bytes.
 * @throws {ShopzipError} 413 (`body`) when it is larger.
 */
export async function readBody(context: Context, limit: number): Promise<Buffer> {
  const declared = Number(context.get('Content-Length') || 0);
  if (declared > limit) throw tooLarge(limit);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of context.req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw tooLarge(limit);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

function tooLarge(limit: number): ShopzipError {
  return new ShopzipError('payload_too_large', `the request body is larger than ${limit} bytes`, { parameter: 'body' });
}
