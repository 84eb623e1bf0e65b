import { EXPORT_FORMATS, type ExportRequestBody } from '../../src/client/types.js';

/** What the export form holds. */
export interface ExportChoices {
  readonly shops: ReadonlySet<string>;
  /** `dates`: calendar days in each shop's own time zone; `exact`: instants in the browser's time zone. */
  readonly rangeMode: 'dates' | 'exact';
  readonly fromDate: string;
  readonly toDate: string;
  readonly fromTime: string;
  readonly toTime: string;
  readonly statuses: ReadonlySet<string>;
  readonly formats: ReadonlySet<string>;
  readonly bom: boolean;
}

export const INITIAL_CHOICES: ExportChoices = {
  shops: new Set(),
  rangeMode: 'dates',
  fromDate: '',
  toDate: '',
  fromTime: '',
  toTime: '',
  statuses: new Set(),
  formats: new Set(EXPORT_FORMATS),
  bom: true,
};

/** A choice the form cannot send, with the id of the field to fix. */
export interface ChoiceError {
  readonly field: string;
  readonly message: string;
}

/**
 * The API request of the form's choices, or what to fix first. Calendar dates go as `YYYY-MM-DD`, which the API
 * reads in each shop's own time zone; exact times (`datetime-local`, the browser's zone) go as UTC instants.
 */
export function requestOf(choices: ExportChoices): ExportRequestBody | ChoiceError {
  if (choices.shops.size === 0) return { field: 'shop-search', message: 'Choose at least one shop.' };
  if (choices.formats.size === 0) return { field: 'format-csv', message: 'Choose at least one file format.' };
  const exact = choices.rangeMode === 'exact';
  const from = exact ? instantOf(choices.fromTime) : choices.fromDate;
  const to = exact ? instantOf(choices.toTime) : choices.toDate;
  const prefix = exact ? 'time' : 'date';
  if (from === null) return { field: `from-${prefix}`, message: 'The start time is not a valid date and time.' };
  if (to === null) return { field: `to-${prefix}`, message: 'The end time is not a valid date and time.' };
  if (from !== '' && to !== '' && from > to) return { field: `to-${prefix}`, message: 'The end of the range comes before its start.' };
  return {
    shops: [...choices.shops].sort(),
    ...(from === '' ? {} : { from }),
    ...(to === '' ? {} : { to }),
    ...(choices.statuses.size === 0 ? {} : { status: [...choices.statuses] }),
    formats: EXPORT_FORMATS.filter((format) => choices.formats.has(format)),
    bom: choices.bom,
  };
}

/** Whether {@link requestOf} answered with an error. */
export function isChoiceError(result: ExportRequestBody | ChoiceError): result is ChoiceError {
  return 'message' in result;
}

/** A `datetime-local` value as a UTC instant (`''` stays `''`; null when it is no valid time). */
function instantOf(local: string): string | null {
  if (local === '') return '';
  const date = new Date(local);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}
