import { ShopzipError } from '../../errors.js';
import type { WireError } from './protocol.js';

/**
 * An error as a plain object that `postMessage` can copy, keeping a ShopzipError's code and details, and the
 * message of its cause (for the log: why the source is unavailable, say).
 */
export function toWire(error: unknown): WireError {
  const exception = error instanceof Error ? error : new Error(String(error));
  const base = { name: exception.name, message: exception.message, ...(exception.stack === undefined ? {} : { stack: exception.stack }) };
  const cause = exception.cause instanceof Error ? { cause: exception.cause.message } : {};
  return exception instanceof ShopzipError ? { ...base, code: exception.code, details: exception.details, ...cause } : { ...base, ...cause };
}

/** The error a {@link WireError} stands for: a ShopzipError again when it was one, else an Error of that name. */
export function fromWire(wire: WireError): Error {
  const options = wire.cause === undefined ? undefined : { cause: new Error(wire.cause) };
  const error = wire.code === undefined ? new Error(wire.message, options) : new ShopzipError(wire.code, wire.message, wire.details, options);
  if (wire.code === undefined) error.name = wire.name;
  if (wire.stack !== undefined) error.stack = wire.stack;
  return error;
}
