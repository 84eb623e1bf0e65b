import { useState } from 'preact/hooks';

export interface TokenPanelProps {
  readonly token: string;
  readonly onToken: (token: string) => void;
}

/** The API token: pasted once, kept for this tab only, and forgotten with one click. */
export function TokenPanel({ token, onToken }: TokenPanelProps) {
  const [draft, setDraft] = useState('');
  if (token !== '') {
    return (
      <section class="panel token" aria-labelledby="token-heading">
        <h2 id="token-heading">API token</h2>
        <p>
          The token <code>{token.split('_', 2).join('_')}_…</code> is in use. It is kept in this browser tab only, until
          you close it.
        </p>
        <button type="button" onClick={() => onToken('')}>Forget token</button>
      </section>
    );
  }
  return (
    <section class="panel token" aria-labelledby="token-heading">
      <h2 id="token-heading">API token</h2>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          if (draft.trim() !== '') onToken(draft.trim());
          setDraft('');
        }}
      >
        <label for="token">Paste your API token</label>
        <p class="hint" id="token-hint">It starts with <code>szt_</code>. It is kept in this browser tab only.</p>
        <div class="row">
          <input
            id="token" name="token" type="password" autocomplete="off" spellcheck={false} required
            aria-describedby="token-hint" value={draft} onInput={(event) => setDraft(event.currentTarget.value)}
          />
          <button type="submit">Use token</button>
        </div>
      </form>
    </section>
  );
}
