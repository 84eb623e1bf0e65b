/**
 * Names of shopzip's own spans, span events and span attributes, in one place (docs/operations.md, "Watching it", lists them).
 * Attributes that OpenTelemetry's semantic conventions define use their names; the rest are `shopzip.*`.
 */
export const SPAN = {
  /** One export: from the request reaching the export route until the last byte is sent, the client leaves or it fails. */
  export: 'export',
  /** One ZIP entry: from opening its source until the archive has written it. */
  entry: 'zip.entry',
  /** Writing the ZIP's central directory, until the archive has ended. */
  finalize: 'zip.finalize',
  /** One run of an export job, the root of its own trace (linked to the request that created the job). */
  job: 'export_job',
} as const;

/** Database query spans are named `SELECT <table>`, as the database semantic conventions suggest. */
export function querySpanName(table: string): string {
  return `SELECT ${table}`;
}

export const EVENT = {
  /** The first byte of the ZIP was handed to the HTTP response. */
  firstByte: 'first_byte',
  /** The client went away before the last byte. */
  clientAborted: 'client_aborted',
  /** The request was answered with a problem document, before any byte of a ZIP. */
  rejected: 'rejected',
} as const;

export const ATTR = {
  exportMode: 'shopzip.export.mode',
  exportShopCount: 'shopzip.export.shop_count',
  exportFormats: 'shopzip.export.formats',
  exportOutcome: 'shopzip.export.outcome',
  exportRows: 'shopzip.export.rows',
  exportEntries: 'shopzip.export.entries',
  exportBytesSent: 'shopzip.export.bytes_sent',
  exportTimeToFirstByteMs: 'shopzip.export.time_to_first_byte_ms',
  /** Time the response waited for the client to take bytes (backpressure), on export, entry and finalize spans. */
  clientWaitMs: 'shopzip.client_wait_ms',
  shop: 'shopzip.shop',
  entryName: 'shopzip.entry.name',
  entryFormat: 'shopzip.entry.format',
  /** Rows of all tables in the entry; per table under `shopzip.entry.rows.<table>`. */
  entryRows: 'shopzip.entry.rows',
  /** Uncompressed bytes of the entry. */
  entryBytes: 'shopzip.entry.bytes',
  /** Time inside SQLite stepping the entry's cursors (also per query span as `shopzip.db.read_ms`). */
  entryDbReadMs: 'shopzip.entry.db_read_ms',
  dbReadMs: 'shopzip.db.read_ms',
  dbRows: 'shopzip.db.rows',
  dbSystem: 'db.system.name',
  dbOperation: 'db.operation.name',
  dbCollection: 'db.collection.name',
  errorCode: 'shopzip.error.code',
  jobId: 'shopzip.job.id',
  /** How a job's run ended: succeeded, failed, cancelled or requeued. */
  jobOutcome: 'shopzip.job.outcome',
  /** Bytes of the job's file written. */
  jobBytes: 'shopzip.job.bytes_written',
  httpStatus: 'http.response.status_code',
} as const;

/** `shopzip.entry.rows.<table>`: rows of one table in an entry. */
export function entryTableRows(table: string): string {
  return `${ATTR.entryRows}.${table}`;
}
