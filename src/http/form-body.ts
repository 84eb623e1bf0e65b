import type { Context, Next } from 'koa';
import { invalidParameter } from '../errors.js';
import { readBody } from './json-body.js';

/** A form-encoded request's parameters (as a query string holds them) and the token it carried. */
interface FormRequest {
  readonly token: string | undefined;
  readonly parameters: Record<string, string | string[]>;
}

const FORM_TYPE = 'application/x-www-form-urlencoded';

/**
 * Reads an `application/x-www-form-urlencoded` body (at most `limit` bytes) before authentication, so that a plain
 * HTML form can start a download: the browser's own download manager then shows it, which a page cannot get from
 * `fetch`. The token comes as the form's `access_token` (RFC 6750 §2.2); it is no ambient credential like a cookie,
 * so another site's form cannot use it. Other bodies pass through untouched.
 * @throws {ShopzipError} 400 (`body`) when the body is not UTF-8, 413 when too large.
 */
export function acceptForm(limit: number) {
  return async function form(context: Context, next: Next): Promise<void> {
    if (context.is(FORM_TYPE) === FORM_TYPE) {
      const body = await readBody(context, limit);
      let text: string;
      try {
        text = new TextDecoder('utf-8', { fatal: true }).decode(body);
      } catch {
        throw invalidParameter('body', 'the form body is not valid UTF-8');
      }
      const parameters: Record<string, string | string[]> = {};
      for (const [name, value] of new URLSearchParams(text)) {
        const previous = parameters[name];
        parameters[name] = previous === undefined ? value : [...(Array.isArray(previous) ? previous : [previous]), value];
      }
      const { access_token: token, ...rest } = parameters;
      if (Array.isArray(token)) throw invalidParameter('access_token', 'access_token must be given once');
      (context.state as { form?: FormRequest }).form = { token, parameters: rest };
    }
    await next();
  };
}

/** The parameters of a form read by {@link acceptForm}; undefined when the body was no form. */
export function formParametersOf(context: Context): Record<string, string | string[]> | undefined {
  return (context.state as { form?: FormRequest }).form?.parameters;
}

/** The `access_token` of a form read by {@link acceptForm}. */
export function formTokenOf(context: Context): string | undefined {
  return (context.state as { form?: FormRequest }).form?.token;
}
