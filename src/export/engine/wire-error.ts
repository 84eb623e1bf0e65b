import { ShopzipError } from '../../errors.js';
import type { WireError } from './protocol.js';

/** An error as a plain object that `postMessage` can copy, keeping a ShopzipError's code and details. */
export function toWire(error: unknown): WireError {
  const exception = error instanceof Error ? error : new Error(String(error));
  const base = { name: exception.name, message: exception.message, ...(exception.stack === undefined ? {} : { stack: exception.stack }) };
  return exception instanceof ShopzipError ? { ...base, code: exception.code, details: exception.details } : base;
}

/** The error a {@link WireError} stands for: a ShopzipError again when it was one, else an Error of that name. */
export function fromWire(wire: WireError): Error {
  const error = wire.code === undefined ? new Error(wire.message) : new ShopzipError(wire.code, wire.message, wire.details);
  if (wire.code === undefined) error.name = wire.name;
  if (wire.stack !== undefined) error.stack = wire.stack;
  return error;
}
