const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * OWASP's rule against CSV formula injection: text that a spreadsheet would run as a formula (it starts with
 * `=`, `+`, `-`, `@`, tab or carriage return) is prefixed with a single quote. Only for text columns: numbers
 * stay numbers. https://owasp.org/www-community/attacks/CSV_Injection
 */
export function neutralizeFormula(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}
