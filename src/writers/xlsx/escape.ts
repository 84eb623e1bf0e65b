/**
 * Escaping of text for SpreadsheetML.
 *
 * Cell text is an `ST_Xstring`: XML text in which `_xHHHH_` stands for the UTF-16 code unit `HHHH`
 * (ECMA-376 Part 1, 22.9.2.19). That lets a cell hold characters XML 1.0 cannot, and means text which merely
 * looks like such an escape must have its underscore escaped as `_x005F_` so readers keep it verbatim.
 */

/**
 * Anything in a string that needs work. With the `u` flag, `[\uD800-\uDFFF]` matches only *lone* surrogates:
 * a well-formed pair is one code point above U+FFFF, so emoji stay on the fast path.
 */
const NEEDS_ESCAPING = /[&<>\r\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF\uD800-\uDFFF]|_x[0-9A-Fa-f]{4}/u;

/**
 * Same set, one match per character to replace. An underscore is escaped whenever `x` and four hex digits
 * follow it, whatever comes next: matching `_xHHHH_` only would miss text such as `"_x0041" + "\u0001"`, whose
 * closing underscore is supplied by the escape written for U+0001. Escaping a few more underscores than strictly
 * needed is harmless, since `_x005F_` always reads back as `_`.
 */
const TO_ESCAPE = /[&<>\r\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF\uD800-\uDFFF]|_(?=x[0-9A-Fa-f]{4})/gu;

/**
 * A carriage return is legal in XML but a literal one is turned into a line feed by every XML parser
 * (XML 1.0, 2.11 End-of-Line Handling), so it is written as a character reference. `&#13;` rather than Excel's
 * own `_x000D_`: openpyxl (3.0.9) does not decode `_xHHHH_` in cell text and would show `_x000D_`, whereas both
 * openpyxl and LibreOffice read `&#13;` back as a carriage return (checked by the round-trip tests).
 */
const CARRIAGE_RETURN = '&#13;';

const REPLACEMENTS: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '\r': CARRIAGE_RETURN,
};

/** `_xHHHH_` for one UTF-16 code unit, uppercase hex as Excel writes it. */
function codeUnitEscape(character: string): string {
  return '_x' + character.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0') + '_';
}

function replace(match: string): string {
  if (match === '_') {
    return '_x005F_';
  }
  return REPLACEMENTS[match] ?? codeUnitEscape(match);
}

/**
 * Escapes a string for the text node of a cell (`<t xml:space="preserve">`), so that any JavaScript string,
 * including control characters, U+FFFE/U+FFFF and lone surrogates, reads back exactly as given.
 */
export function escapeCellText(text: string): string {
  return NEEDS_ESCAPING.test(text) ? text.replace(TO_ESCAPE, replace) : text;
}

const ATTRIBUTE_NEEDS_ESCAPING = /[&<>"']/;
const ATTRIBUTE_TO_ESCAPE = /[&<>"']/g;
const ATTRIBUTE_REPLACEMENTS: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
};

/**
 * Escapes a string for an XML attribute value or a plain text node. Only for text already known to hold no
 * characters XML 1.0 forbids (sheet names are validated for that).
 */
export function escapeAttribute(text: string): string {
  return ATTRIBUTE_NEEDS_ESCAPING.test(text)
    ? text.replace(ATTRIBUTE_TO_ESCAPE, (match) => ATTRIBUTE_REPLACEMENTS[match] ?? match)
    : text;
}
