import { countrySpecs, getCountrySpecifications } from 'ibantools';
import { alphanumericsBetween, digitRunRuleNotAfter, isAsciiAlphanumeric, isAsciiLetter, isCaseFoldedAsciiLetter, isDigit, nextMatchAtStarts } from './text-facts.js';
import type { DetectContext, Finding } from './types.js';

/** Sticky, and asked only where a non-ASCII character comes right before: `ibanStartEndAt` reads it off the characters. */
const IBAN_START = /(?<![\p{L}\p{N}])[A-Z]{2}\d{2}[ \u00A0\-]?[A-Z0-9]/iuy;
const GROUP_SEPARATORS = /[ \u00A0\-]/g;
/**
 * A Polish account number (NRB) as Poles write it, without "PL": two check digits and 24 digits,
 * compact or in groups of four ("61 1090 1014 0000 0712 1981 2874"). It is the IBAN's body.
 */
const POLISH_ACCOUNT = /(?<![\p{L}\p{N}])\d{2}(?:[ \u00A0]?\d{4}){6}(?![\p{N}])/uy;
/** Its first digit run is the two check digits (grouped) or all 26 digits (compact). */
const POLISH_ACCOUNT_RULE = digitRunRuleNotAfter(26, '', { afterAlphanumeric: false, canUseRun: (_text, _runStart, length) => length === 2 || length === 26 });
const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;
const IBAN_LENGTH_BY_COUNTRY: ReadonlyMap<string, number> = new Map(
  Object.entries(getCountrySpecifications())
    .filter(([, spec]) => typeof spec.chars === 'number' && spec.chars > 0)
    .map(([code, spec]) => [code, spec.chars as number]),
);

/**
 * Finds IBANs, compact or in groups of four (spaces or dashes), validated by ibantools (country
 * length, BBAN format and the mod-97 checksum), and Polish account numbers written without
 * "PL" (see POLISH_ACCOUNT). The country's IBAN length tells us exactly where the IBAN ends, so
 * trailing words are never swallowed.
 */
export function detectIbans(text: string, context: DetectContext, out: Finding[]): void {
  if (context.facts.maxClusterDigits >= 26) detectPolishAccounts(text, context, out);
  // Every IBAN starts with two letters right before its two check digits.
  if (!context.facts.letterBeforeDigit) return;
  const { digitRunStarts, digitRunReach } = context.facts;
  // Where the next IBAN may start: after the last start match, or after the last IBAN, as a global scan would go on.
  let from = 0;
  for (let k = 0; k < digitRunStarts.length; k++) {
    // Two letters right before the check digits.
    const start = digitRunStarts[k]! - 2;
    if (digitRunReach[k]! < 2 || start < from) continue;
    const startEnd = ibanStartEndAt(text, start);
    if (startEnd < 0) continue;
    from = startEnd;
    // The IBAN's characters below are ASCII letters and digits, so a country of other letters (a long s...) never gives one.
    const length = ibanLengthOfCountryAt(text, start);
    if (length === 0) continue;
    let compactLength = 0;
    let i = start;
    let spaceRun = 0;
    let lowerCase = false;
    while (i < text.length && compactLength < length) {
      const code = text.charCodeAt(i);
      if (code === 32 || code === 0xa0 || code === 45) {
        // Groups are separated by one space or dash; two in a row ends the IBAN.
        if (++spaceRun > 1) break;
      } else if (isAsciiLetter(code) || isDigit(code)) {
        spaceRun = 0;
        compactLength++;
        if (code >= 97) lowerCase = true;
      } else break;
      i++;
    }
    if (compactLength !== length) continue;
    // The next character must not continue the alphanumeric run.
    if (i < text.length && (isAsciiAlphanumeric(text.charCodeAt(i)) || (text.charCodeAt(i) >= 128 && LETTER_OR_DIGIT.test(text[i]!)))) continue;
    // Separators and lower case are rare: no replace or case change without them.
    const written = text.slice(start, i);
    const compact = compactLength === written.length ? written : alphanumericsBetween(text, start, i);
    const upper = lowerCase ? compact.toUpperCase() : compact;
    if (!isValidIbanOfCountryLength(upper)) continue;
    out.push({ type: 'IBAN', start, end: i });
    from = i;
  }
}

/**
 * The end of IBAN_START's match at `start`, or -1 without one: two letters (as `[A-Z]` under
 * `iu`), two digits, then a letter or digit, maybe after one space, no-break space or dash. The
 * pattern itself is asked only where a non-ASCII character comes right before. Why: a sticky call
 * and its match array per candidate cost more than these comparisons.
 */
function ibanStartEndAt(text: string, start: number): number {
  if (!isCaseFoldedAsciiLetter(text.charCodeAt(start)) || !isCaseFoldedAsciiLetter(text.charCodeAt(start + 1))) return -1;
  if (!isDigit(text.charCodeAt(start + 2)) || !isDigit(text.charCodeAt(start + 3))) return -1;
  const previous = start > 0 ? text.charCodeAt(start - 1) : -1;
  if (previous >= 128) {
    IBAN_START.lastIndex = start;
    const m = IBAN_START.exec(text);
    return m === null ? -1 : start + m[0].length;
  }
  if (isAsciiAlphanumeric(previous)) return -1;
  const next = text.charCodeAt(start + 4);
  if (isIbanCharacter(next)) return start + 5;
  return (next === 32 || next === 0xa0 || next === 45) && isIbanCharacter(text.charCodeAt(start + 5)) ? start + 6 : -1;
}

/** `[A-Z0-9]` under `iu`. */
function isIbanCharacter(code: number): boolean {
  return isDigit(code) || isCaseFoldedAsciiLetter(code);
}

/**
 * The IBAN length of the country whose code (two ASCII letters, either case) starts at `start`,
 * or 0: a table read instead of a slice, a case change and a map lookup per candidate.
 */
function ibanLengthOfCountryAt(text: string, start: number): number {
  const first = text.charCodeAt(start);
  const second = text.charCodeAt(start + 1);
  if (!isAsciiLetter(first) || !isAsciiLetter(second)) return 0;
  return IBAN_LENGTH_BY_LETTERS[((first | 32) - 97) * 26 + ((second | 32) - 97)]!;
}

/** `IBAN_LENGTH_BY_COUNTRY` indexed by the country code's letters (a-z as 0-25, first * 26 + second); 0 for no country. */
const IBAN_LENGTH_BY_LETTERS = new Uint8Array(26 * 26);
for (const [country, length] of IBAN_LENGTH_BY_COUNTRY) {
  const first = country.charCodeAt(0) - 65;
  const second = country.charCodeAt(1) - 65;
  if (first >= 0 && first < 26 && second >= 0 && second < 26) IBAN_LENGTH_BY_LETTERS[first * 26 + second] = length;
}

function detectPolishAccounts(text: string, context: DetectContext, out: Finding[]): void {
  const { facts } = context;
  for (let m = nextMatchAtStarts(POLISH_ACCOUNT, text, facts, POLISH_ACCOUNT_RULE, null); m !== null; m = nextMatchAtStarts(POLISH_ACCOUNT, text, facts, POLISH_ACCOUNT_RULE, m)) {
    const digits = m[0].replace(GROUP_SEPARATORS, '');
    const iban = `PL${digits}`;
    if (isValidIbanOfCountryLength(iban)) out.push({ type: 'IBAN', start: m.index, end: m.index + m[0].length });
  }
}

/**
 * Same verdict as ibantools' `isValidIBAN(iban)` for an upper-case ASCII letters-and-digits
 * candidate that starts with two letters and two digits and has its country's IBAN length
 * (what `detectIbans` hands over): the BBAN by ibantools' country table (format and national
 * check digits), the IBAN check digits by arithmetic here. Why: the library's check-digit test
 * builds a decimal string character by character and took a third of the detector's time, and
 * its BBAN check compiles the country's format on every call.
 */
export function isValidIbanOfCountryLength(iban: string): boolean {
  return ibanCheckDigitsMatch(iban) && isValidBbanOf(iban.slice(4), iban.slice(0, 2));
}

/** Each country's BBAN format, compiled once (ibantools compiles it again on every call). */
const BBAN_FORMATS = new Map<string, RegExp>();

/**
 * ibantools' `isValidBBAN` for a compact upper-case BBAN: its country's length and format, then
 * the country's own check (national check digits), both from ibantools' country table.
 */
function isValidBbanOf(bban: string, country: string): boolean {
  const spec = countrySpecs[country];
  if (spec?.bban_regexp === undefined || spec.chars === undefined || spec.chars - 4 !== bban.length) return false;
  let format = BBAN_FORMATS.get(country);
  if (format === undefined) BBAN_FORMATS.set(country, (format = new RegExp(spec.bban_regexp)));
  if (!format.test(bban)) return false;
  return spec.bban_validation_func === undefined || spec.bban_validation_func(bban);
}

/**
 * The check digits (positions 2-3) equal 98 minus (BBAN + country code + "00") mod 97, letters
 * counting A = 10 ... Z = 35: the same rule as ibantools, which is why "00", "01" and "99" never pass.
 */
function ibanCheckDigitsMatch(iban: string): boolean {
  let rest = 0;
  for (let i = 4; i < iban.length + 2; i++) {
    // BBAN first, then the country code (positions 0-1).
    const code = iban.charCodeAt(i < iban.length ? i : i - iban.length);
    rest = isDigit(code) ? (rest * 10 + code - 48) % 97 : (rest * 100 + code - 55) % 97;
  }
  rest = (rest * 100) % 97;
  const checkDigits = (iban.charCodeAt(2) - 48) * 10 + (iban.charCodeAt(3) - 48);
  return 98 - rest === checkDigits;
}
