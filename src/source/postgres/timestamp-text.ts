const DAY_MICROS = 86_400_000_000n;
const POSTGRES_EPOCH_DAYS = 10_957n; // 2000-01-01 in days since 1970-01-01
const INT64_MAX = 2n ** 63n - 1n;
const INT64_MIN = -(2n ** 63n);

const pad = (value: number, digits: number): string => String(value).padStart(digits, '0');

/**
 * A `timestamptz` (microseconds since 2000-01-01 UTC) as PostgreSQL writes it as text in a session with
 * `TimeZone=UTC` and `DateStyle=ISO`: `2026-01-05 08:30:00.123456+00` (the fraction without its trailing zeros,
 * none when zero), `0044-03-15 12:00:00+00 BC`, `infinity`. For the instants a binary COPY cannot give the export as
 * a safe number of microseconds (before 1685 or after 2255): the export then reads them, or refuses them, exactly
 * as it read the text COPY it used before.
 */
export function timestampText(postgresMicros: bigint): string {
  if (postgresMicros === INT64_MAX) return 'infinity';
  if (postgresMicros === INT64_MIN) return '-infinity';
  let days = postgresMicros / DAY_MICROS;
  let micros = postgresMicros % DAY_MICROS;
  if (micros < 0n) {
    micros += DAY_MICROS;
    days -= 1n;
  }
  const { year, month, day } = civilDate(Number(days + POSTGRES_EPOCH_DAYS));
  const time = Number(micros);
  const seconds = Math.floor(time / 1e6);
  const fraction = time % 1e6 === 0 ? '' : `.${pad(time % 1e6, 6).replace(/0+$/, '')}`;
  const clock = `${pad(Math.floor(seconds / 3600), 2)}:${pad(Math.floor(seconds / 60) % 60, 2)}:${pad(seconds % 60, 2)}${fraction}`;
  const date = `${pad(year > 0 ? year : 1 - year, 4)}-${pad(month, 2)}-${pad(day, 2)}`;
  return `${date} ${clock}+00${year > 0 ? '' : ' BC'}`;
}

/**
 * The proleptic Gregorian date of a day number (days since 1970-01-01; year 0 is 1 BC), by Howard Hinnant's
 * `civil_from_days` (https://howardhinnant.github.io/date_algorithms.html).
 */
function civilDate(epochDays: number): { year: number; month: number; day: number } {
  const shifted = epochDays + 719_468;
  const era = Math.floor(shifted / 146_097);
  const dayOfEra = shifted - era * 146_097;
  const yearOfEra = Math.floor((dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36_524) - Math.floor(dayOfEra / 146_096)) / 365);
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const monthIndex = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * monthIndex + 2) / 5) + 1;
  const month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9;
  return { year: yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day };
}
