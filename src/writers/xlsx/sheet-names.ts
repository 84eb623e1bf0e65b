/** Longest sheet name Excel accepts. */
export const MAX_SHEET_NAME_LENGTH = 31;

/** Characters Excel forbids in sheet names, and characters XML 1.0 cannot hold in the `name` attribute. */
const FORBIDDEN = /[[\]:*?/\\\u0000-\u001F\uFFFE\uFFFF\uD800-\uDFFF]/u;

/**
 * Throws a TypeError or RangeError when Excel would refuse `name` as a sheet name: empty, longer than 31
 * characters, holding one of `[]:*?/\` or a control character, starting or ending with an apostrophe, or the
 * reserved name `History`.
 */
export function validateSheetName(name: unknown): asserts name is string {
  if (typeof name !== 'string') {
    throw new TypeError(`Sheet name must be a string, got ${typeof name}`);
  }
  if (name.length === 0 || name.length > MAX_SHEET_NAME_LENGTH) {
    throw new RangeError(`Sheet name ${JSON.stringify(name)} must be 1 to ${MAX_SHEET_NAME_LENGTH} characters long`);
  }
  if (FORBIDDEN.test(name)) {
    throw new RangeError(`Sheet name ${JSON.stringify(name)} must not contain any of []:*?/\\ or control characters`);
  }
  if (name.startsWith("'") || name.endsWith("'")) {
    throw new RangeError(`Sheet name ${JSON.stringify(name)} must not start or end with an apostrophe`);
  }
  if (name.toLowerCase() === 'history') {
    throw new RangeError('Sheet name "History" is reserved by Excel');
  }
}

/** `name` cut to at most `length` UTF-16 code units, never between the two halves of a surrogate pair. */
function shorten(name: string, length: number): string {
  const cut = name.slice(0, length);
  return /[\uD800-\uDBFF]$/.test(cut) ? cut.slice(0, -1) : cut;
}

/** The names, lowercased. Throws a RangeError when two are equal regardless of case, as Excel compares them. */
export function uniqueNames(names: readonly string[]): Set<string> {
  const keys = new Set<string>();
  for (const name of names) {
    const key = name.toLowerCase();
    if (keys.has(key)) {
      throw new RangeError(`Sheet name ${JSON.stringify(name)} is used twice (sheet names ignore case)`);
    }
    keys.add(key);
  }
  return keys;
}

/**
 * Hands out the names of the sheets actually written. Sheet names are unique regardless of case; the first sheet
 * of a source keeps its name, continuation sheets are `<name> 2`, `<name> 3`, ... with the name shortened to
 * stay within 31 characters, skipping any number whose name is already taken (by a declared sheet, say).
 */
export class SheetNames {
  readonly #taken: Set<string>;

  /** Throws a RangeError when two declared names are equal regardless of case. */
  constructor(declaredNames: readonly string[]) {
    this.#taken = uniqueNames(declaredNames);
  }

  /** Name of the `part`-th sheet (1 for the first) of the source named `name`. */
  nameOf(name: string, part: number): string {
    if (part === 1) {
      return name;
    }
    for (let number = part; ; number++) {
      const suffix = ` ${number}`;
      const candidate = shorten(name, MAX_SHEET_NAME_LENGTH - suffix.length) + suffix;
      if (!this.#taken.has(candidate.toLowerCase())) {
        this.#taken.add(candidate.toLowerCase());
        return candidate;
      }
    }
  }
}

/** A sheet name quoted for a formula reference such as a defined name: `'O''Brien'`. */
export function quoteSheetName(name: string): string {
  return `'${name.replaceAll("'", "''")}'`;
}
