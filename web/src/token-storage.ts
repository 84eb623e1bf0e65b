/**
 * The API token lives in this tab's `sessionStorage` only: it survives a reload, is gone when the tab closes, and is
 * never written to `localStorage`, a cookie or a URL.
 */
const KEY = 'shopzip.token';

/** The token kept for this tab, or `''`. */
export function loadToken(): string {
  try {
    return sessionStorage.getItem(KEY) ?? '';
  } catch {
    return '';
  }
}

/** Keeps the token for this tab; an empty token forgets it. */
export function saveToken(token: string): void {
  try {
    if (token === '') sessionStorage.removeItem(KEY);
    else sessionStorage.setItem(KEY, token);
  } catch {
    // Storage disabled (a privacy setting): the token then lasts until the page is reloaded.
  }
}
