/**
 * OWASP's rule against CSV formula injection: text that a spreadsheet would run as a formula (it starts with
 * `=`, `+`, `-`, `@`, tab or carriage return) is prefixed with a single quote. Only for text columns: numbers
 * stay numbers. https://owasp.org/www-community/attacks/CSV_Injection
 */
export function neutralizeFormula(text: string): string {
  // The first character's code rather than a regular expression: this runs for every text field of an export.
  const first = text.charCodeAt(0);
  return first === 0x3d || first === 0x2b || first === 0x2d || first === 0x40 || first === 0x09 || first === 0x0d ? `'${text}` : text;
}
