import { ShopzipError } from '../../errors.js';
import { messageOf, sqlStateOf } from './connection.js';

/**
 * The error an export reports when PostgreSQL fails while it reads (a dropped connection, `admin_shutdown`, a
 * standby's recovery conflict `40001`, a statement timeout): `source_unavailable`, with the SQLSTATE in its details
 * and the server's message (never a password) in its own, for the one log line of a failed export.
 */
export function sourceFailure(error: unknown, doing: string): ShopzipError {
  if (error instanceof ShopzipError) return error;
  const sqlState = sqlStateOf(error);
  return new ShopzipError('source_unavailable', `the orders database failed while ${doing}: ${messageOf(error)}`, sqlState === undefined ? {} : { sqlState }, { cause: error });
}
