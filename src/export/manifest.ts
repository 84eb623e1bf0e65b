import type { EntryInfo, TableRows } from './entries.js';
import { describeRequest, type ExportRequest } from './request.js';

/** One written entry as the manifest lists it. */
export interface ManifestEntry extends EntryInfo {
  /** Data rows by table (headers not counted). */
  readonly rows: TableRows;
  /** Uncompressed size. */
  readonly bytes: number;
  /** Hex SHA-256 of the uncompressed bytes. */
  readonly sha256: string;
}

export const MANIFEST_VERSION = 1;

/**
 * The text of `manifest.json`: the normalized request and every entry before it. Holds no wall-clock time, so
 * the same request over the same data gives the same manifest.
 */
export function buildManifest(request: ExportRequest, entries: readonly ManifestEntry[]): string {
  const manifest = {
    version: MANIFEST_VERSION,
    request: describeRequest(request),
    entries: entries.map((entry) => ({
      name: entry.name,
      shop: entry.shop,
      format: entry.format,
      rows: Object.values(entry.rows).reduce((sum, count) => sum + count, 0),
      tables: entry.rows,
      bytes: entry.bytes,
      sha256: entry.sha256,
    })),
  };
  return `${JSON.stringify(manifest, null, 2)}\n`;
}
