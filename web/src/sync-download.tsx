import type { ExportRequestBody, Problem } from '../../src/client/types.js';

const FRAME_NAME = 'shopzip-download';

/**
 * Starts a synchronous export as a plain form POST into a hidden frame, so that the browser's own download manager
 * receives the ZIP (with its progress and its place on disk) while the page stays. The token goes as the form's
 * `access_token` (RFC 6750 §2.2), since a form cannot send an `Authorization` header.
 */
export function downloadNow(token: string, request: ExportRequestBody): void {
  const form = document.createElement('form');
  form.method = 'post';
  form.action = '/v1/exports/orders.zip';
  form.target = FRAME_NAME;
  form.hidden = true;
  const fields: [string, string][] = [['access_token', token], ['shops', request.shops.join(',')]];
  if (request.from !== undefined) fields.push(['from', request.from]);
  if (request.to !== undefined) fields.push(['to', request.to]);
  if (request.status !== undefined) fields.push(['status', request.status.join(',')]);
  if (request.formats !== undefined) fields.push(['formats', request.formats.join(',')]);
  if (request.bom !== undefined) fields.push(['bom', String(request.bom)]);
  for (const [name, value] of fields) {
    const input = document.createElement('input');
    input.type = 'hidden';
    input.name = name;
    input.value = value;
    form.append(input);
  }
  document.body.append(form);
  form.submit();
  form.remove();
}

/**
 * The hidden frame the download goes to. A ZIP becomes a download and the frame stays empty; a refusal (a problem
 * document) loads into the frame, and `onProblem` hears of it.
 */
export function DownloadFrame({ onProblem }: { readonly onProblem: (problem: Problem) => void }) {
  return (
    <iframe
      name={FRAME_NAME} title="Download" hidden aria-hidden="true" tabIndex={-1}
      onLoad={(event) => {
        const text = event.currentTarget.contentDocument?.body?.textContent ?? '';
        if (text.trim() === '') return;
        try {
          onProblem(JSON.parse(text) as Problem);
        } catch {
          onProblem({ title: 'The download failed', detail: text.slice(0, 200) });
        }
      }}
    />
  );
}
