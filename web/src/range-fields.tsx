import type { ExportChoices } from './export-request.js';

export interface RangeFieldsProps {
  readonly choices: ExportChoices;
  readonly onChange: (patch: Partial<ExportChoices>) => void;
}

const BROWSER_ZONE = Intl.DateTimeFormat().resolvedOptions().timeZone;

/** The range of order dates: calendar days (each shop's own time zone), or exact times (the browser's). */
export function RangeFields({ choices, onChange }: RangeFieldsProps) {
  const exact = choices.rangeMode === 'exact';
  return (
    <fieldset>
      <legend>Orders created</legend>
      <div class="choices">
        <label class="choice">
          <input type="radio" name="range" value="dates" checked={!exact} onChange={() => onChange({ rangeMode: 'dates' })} />
          Calendar dates, in each shop’s own time zone
        </label>
        <label class="choice">
          <input type="radio" name="range" value="exact" checked={exact} onChange={() => onChange({ rangeMode: 'exact' })} />
          Exact times, in your time zone ({BROWSER_ZONE})
        </label>
      </div>
      {exact ? (
        <div class="row">
          <label>From <input id="from-time" type="datetime-local" step={1} value={choices.fromTime}
            onInput={(event) => onChange({ fromTime: event.currentTarget.value })} /></label>
          <label>To <input id="to-time" type="datetime-local" step={1} value={choices.toTime}
            onInput={(event) => onChange({ toTime: event.currentTarget.value })} /></label>
        </div>
      ) : (
        <div class="row">
          <label>From <input id="from-date" type="date" value={choices.fromDate}
            onInput={(event) => onChange({ fromDate: event.currentTarget.value })} /></label>
          <label>To <input id="to-date" type="date" value={choices.toDate}
            onInput={(event) => onChange({ toDate: event.currentTarget.value })} /></label>
        </div>
      )}
      <p class="hint">Both ends are included. Leave one empty for no limit on that side.</p>
    </fieldset>
  );
}
