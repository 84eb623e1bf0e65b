import type { JSX } from 'preact';
import { useCallback, useState } from 'preact/hooks';

/**
 * A polite live region for screen readers: what it is given is read out once, without moving the focus. Each
 * message is told apart by a counter, so the same words said twice are read twice.
 */
export function useAnnouncer(): { region: JSX.Element; announce: (message: string) => void } {
  const [said, setSaid] = useState({ message: '', count: 0 });
  const announce = useCallback((message: string) => setSaid((previous) => ({ message, count: previous.count + 1 })), []);
  const region = (
    <p role="status" aria-live="polite" class="visually-hidden" data-count={said.count}>
      {said.message}
    </p>
  );
  return { region, announce };
}
