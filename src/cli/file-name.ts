import { basename } from 'node:path';

/**
 * The file name a `Content-Disposition` header suggests (RFC 6266): `filename*` (UTF-8) before `filename`, reduced
 * to a bare name so that no answer can write outside the current folder. `fallback` when there is none.
 */
export function fileNameOf(disposition: string | null, fallback: string): string {
  if (disposition === null) return fallback;
  const extended = /filename\*\s*=\s*UTF-8''([^;\s]+)/i.exec(disposition)?.[1];
  const plain = /filename\s*=\s*"([^"]*)"/i.exec(disposition)?.[1] ?? /filename\s*=\s*([^;\s]+)/i.exec(disposition)?.[1];
  let name: string | undefined;
  try {
    name = extended === undefined ? plain : decodeURIComponent(extended);
  } catch {
    name = plain;
  }
  const bare = basename((name ?? '').replaceAll('\\', '/'));
  return bare === '' || bare === '.' || bare === '..' ? fallback : bare;
}
