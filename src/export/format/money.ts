/**
 * ISO 4217 minor-unit digits for the currencies that do not use two. Any other well-formed code uses 2.
 * Source: the ISO 4217 list (amendment 177).
 */
const MINOR_DIGITS: Readonly<Record<string, number>> = {
  BHD: 3, IQD: 3, JOD: 3, KWD: 3, LYD: 3, OMR: 3, TND: 3,
  BIF: 0, CLP: 0, DJF: 0, GNF: 0, ISK: 0, JPY: 0, KMF: 0, KRW: 0, PYG: 0, RWF: 0, UGX: 0, UYI: 0,
  VND: 0, VUV: 0, XAF: 0, XOF: 0, XPF: 0,
  CLF: 4, UYW: 4,
};

/** The number of fraction digits of a currency's minor unit (`EUR` 2, `JPY` 0, `KWD` 3). */
export function minorDigits(currency: string): number {
  return MINOR_DIGITS[currency] ?? 2;
}

const fractionDigits = (width: number): readonly string[] => Array.from({ length: 10 ** width }, (_, value) => String(value).padStart(width, '0'));
/** The fraction text of every value for the common digits (2 and 3), so a row's amounts need no padding. */
const FRACTIONS: Readonly<Record<number, readonly string[]>> = { 2: fractionDigits(2), 3: fractionDigits(3) };

/**
 * Formats an integer amount in minor units as an exact decimal string with the given fraction digits,
 * e.g. `(1230, 2)` -> `"12.30"`, `(-5, 3)` -> `"-0.005"`, `(1230, 0)` -> `"1230"`. Integer arithmetic only: a safe
 * integer's remainder and the quotient of the rest are exact, and bigints (beyond 2^53) are split as text.
 * @throws {TypeError} when the amount is not an integer (a number beyond 2^53 must arrive as a bigint).
 */
export function formatMinor(amount: number | bigint, digits: number): string {
  if (typeof amount === 'bigint') return formatBigMinor(amount, digits);
  if (!Number.isSafeInteger(amount)) throw new TypeError(`amount ${amount} is not a safe integer`);
  if (digits === 0) return String(amount);
  const magnitude = Math.abs(amount);
  const scale = 10 ** digits;
  const fraction = magnitude % scale;
  const fractionText = FRACTIONS[digits]?.[fraction] ?? String(fraction).padStart(digits, '0');
  const text = `${(magnitude - fraction) / scale}.${fractionText}`;
  return amount < 0 ? `-${text}` : text;
}

function formatBigMinor(amount: bigint, digits: number): string {
  const negative = amount < 0n;
  const magnitude = (negative ? -amount : amount).toString();
  if (digits === 0) return negative ? `-${magnitude}` : magnitude;
  const padded = magnitude.padStart(digits + 1, '0');
  const cut = padded.length - digits;
  const text = `${padded.slice(0, cut)}.${padded.slice(cut)}`;
  return negative ? `-${text}` : text;
}
