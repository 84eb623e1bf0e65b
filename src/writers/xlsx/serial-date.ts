const MILLISECONDS_PER_DAY = 86_400_000;
/** Excel serial of 1970-01-01 (serial 1 is 1900-01-01, counting Excel's fictitious 1900-02-29). */
const UNIX_EPOCH_SERIAL = 25_569;
/** 1900-03-01: earlier serials are shifted by Excel's 1900 leap-year bug, and before 1900 there are none. */
const EARLIEST = Date.UTC(1900, 2, 1);
/** 10000-01-01: Excel's last date is 9999-12-31. */
const LIMIT = Date.UTC(10_000, 0, 1);
const ZEROS = ['', '0', '00', '000', '0000'];

/** Whether `milliseconds` (since 1970-01-01T00:00:00) is a date-time Excel can show: 1900-03-01 to 9999-12-31. */
export function isExcelDatetime(milliseconds: number): boolean {
  return milliseconds >= EARLIEST && milliseconds < LIMIT;
}

/** `value` (0 to 99,999) zero-padded to five digits. */
function fiveDigits(value: number): string {
  const digits = String(value);
  return (ZEROS[5 - digits.length] ?? '') + digits;
}

/**
 * Excel serial date-time (days since 1899-12-30, time as a fraction of a day) of a wall-clock time in milliseconds
 * since 1970-01-01T00:00:00, with 10 fraction digits: a resolution of 8.64 µs, so every millisecond reads back
 * exactly, in 15 significant digits (Excel's own precision). Integer arithmetic, twice as fast as printing the
 * floating-point quotient, which the row loop does millions of times.
 */
export function excelSerialText(milliseconds: number): string {
  let days = Math.floor(milliseconds / MILLISECONDS_PER_DAY);
  // Units of 1e-10 day: milliseconds * 1e10 / 86,400,000, exact up to the final rounding.
  let fraction = Math.round(((milliseconds - days * MILLISECONDS_PER_DAY) * 100_000) / 864);
  if (fraction >= 1e10) {
    days++;
    fraction = 0;
  }
  if (fraction === 0) {
    return String(days + UNIX_EPOCH_SERIAL);
  }
  const high = Math.floor(fraction / 100_000);
  return days + UNIX_EPOCH_SERIAL + '.' + fiveDigits(high) + fiveDigits(fraction - high * 100_000);
}
