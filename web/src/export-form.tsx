import { useState } from 'preact/hooks';
import { ORDER_STATUSES, type ExportRequestBody, type Shop } from '../../src/client/types.js';
import { INITIAL_CHOICES, isChoiceError, requestOf, type ChoiceError, type ExportChoices } from './export-request.js';
import { RangeFields } from './range-fields.js';
import { ShopPicker } from './shop-picker.js';

export interface ExportFormProps {
  readonly shops: readonly Shop[];
  /** Starts an export job; resolves once it is created. */
  readonly onStart: (request: ExportRequestBody) => Promise<void>;
  /** Streams the ZIP at once through the browser's download manager. */
  readonly onDownloadNow: (request: ExportRequestBody) => void;
  readonly busy: boolean;
}

/** What to export: shops, the range of order dates, statuses, formats; then start a job, or download now. */
export function ExportForm({ shops, onStart, onDownloadNow, busy }: ExportFormProps) {
  const [choices, setChoices] = useState<ExportChoices>(INITIAL_CHOICES);
  const [error, setError] = useState<ChoiceError | null>(null);
  const change = (patch: Partial<ExportChoices>): void => setChoices((previous) => ({ ...previous, ...patch }));
  const withRequest = (action: (request: ExportRequestBody) => unknown): void => {
    const request = requestOf(choices);
    if (isChoiceError(request)) {
      setError(request);
      document.getElementById(request.field)?.focus();
      return;
    }
    setError(null);
    void action(request);
  };
  return (
    <form
      class="panel export" aria-labelledby="export-heading" noValidate
      onSubmit={(event) => { event.preventDefault(); withRequest(onStart); }}
    >
      <h2 id="export-heading">New export</h2>
      <ShopPicker shops={shops} selected={choices.shops} onChange={(selected) => change({ shops: selected })} />
      <RangeFields choices={choices} onChange={change} />
      <fieldset>
        <legend>Order statuses</legend>
        <p class="hint">None chosen: orders of every status.</p>
        <div class="choices">
          {ORDER_STATUSES.map((status) => (
            <label class="choice" key={status}>
              <input type="checkbox" name="status" value={status} checked={choices.statuses.has(status)}
                onChange={(event) => change({ statuses: toggled(choices.statuses, status, event.currentTarget.checked) })} />
              {status}
            </label>
          ))}
        </div>
      </fieldset>
      <fieldset>
        <legend>Files per shop</legend>
        <div class="choices">
          <label class="choice">
            <input id="format-csv" type="checkbox" name="formats" value="csv" checked={choices.formats.has('csv')}
              onChange={(event) => change({ formats: toggled(choices.formats, 'csv', event.currentTarget.checked) })} />
            CSV
          </label>
          <label class="choice">
            <input type="checkbox" name="formats" value="xlsx" checked={choices.formats.has('xlsx')}
              onChange={(event) => change({ formats: toggled(choices.formats, 'xlsx', event.currentTarget.checked) })} />
            Excel (XLSX)
          </label>
        </div>
        <label class="choice">
          <input type="checkbox" name="bom" checked={choices.bom} onChange={(event) => change({ bom: event.currentTarget.checked })} />
          Start CSV files with a byte-order mark (Excel needs it to show accents)
        </label>
      </fieldset>
      {error === null ? null : <p class="error" role="alert">{error.message}</p>}
      <div class="actions">
        <button type="submit" class="primary" disabled={busy}>Start export</button>
        <button type="button" onClick={() => withRequest(onDownloadNow)}>Download now</button>
      </div>
      <p class="hint">
        <strong>Start export</strong> prepares the ZIP on the server with a progress bar; you download it when it is
        ready, and a broken download resumes. <strong>Download now</strong> streams a small export at once.
      </p>
    </form>
  );
}

function toggled(set: ReadonlySet<string>, value: string, on: boolean): ReadonlySet<string> {
  const next = new Set(set);
  if (on) next.add(value);
  else next.delete(value);
  return next;
}
