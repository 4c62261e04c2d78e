import { FALLBACK_PHONE_REGIONS, PHONE_MAX_DIGITS, PHONE_MIN_DIGITS, TRUNK_ZERO_REGIONS } from './constants.js';
import { UNIT_AFTER, callsTheAddressee, classifyNumberContext, endsWithCurrency, hasPhoneWordNearby, hasPhoneVerbOrNoun, namesBusinessLine } from './keywords.js';
import { internationalPhoneKind, isPossibleInternationalPhone, isPossibleNationalPhone, nationalPhoneKind, type PhoneKind } from './phone-validity.js';
import { digitsBetween, isAsciiAlphanumeric, isDigit, isWhiteSpace, nextMatchAtStarts, startRule } from './text-facts.js';
import type { DetectContext, Finding } from './types.js';

/**
 * A phone-shaped run: optional `+`/`00`, digits with single spaces, dashes, dots or slashes
 * between them (a slash or dash may have spaces around it: `069 / 123 456 78`,
 * `0157 - 35 82 90 14`), and bracketed area codes such as `(030)`, `(0 30)` or `+49 (0)151`.
 */
const PHONE_CANDIDATE = /(?<![\p{L}\p{N}+\-\/.,_@#€$£])(?:\+|00)?(?:\(\d{1,5}(?: \d{1,4})?\)|\d)(?:(?: [\/\-] ?|\/ |[ \-.\/\u00A0]|\s?(?=\())?(?:\(\d{1,5}(?: \d{1,4})?\)|\d)){5,19}(?![\p{L}\p{N}]|[.,\-\/]\d)/uy;
const PHONE_BLOCKING_BEFORE: ReadonlySet<number> = new Set([...'+-/.,_@#€$£'].map((c) => c.charCodeAt(0)));
/**
 * A candidate starts at a digit run or at the `+`, `(` or `+(` right before it, with a digit,
 * `+` or `(`, not glued to a letter, digit or one of `+-/.,_@#€$£` before it.
 */
const PHONE_START = startRule({
  offsets: [-2, -1, 0],
  minDigits: PHONE_MIN_DIGITS,
  startsWith: (code) => isDigit(code) || code === 43 || code === 40,
  mayFollow: (previous) => !isAsciiAlphanumeric(previous) && !PHONE_BLOCKING_BEFORE.has(previous),
});

/**
 * Finds phone numbers. A cheap regex proposes candidates; context rules drop labelled
 * numbers (order, tracking, EAN, invoice...), prices, units and dates; libphonenumber-js's
 * full metadata (precompiled in `phone-validity.ts`) then has the last word. Without a region,
 * national numbers are tried in `FALLBACK_PHONE_REGIONS` when a phone word is near.
 */
export function detectPhones(text: string, context: DetectContext, out: Finding[]): void {
  if (context.facts.maxClusterDigits < PHONE_MIN_DIGITS) return;
  const { facts } = context;
  for (let m = nextMatchAtStarts(PHONE_CANDIDATE, text, facts, PHONE_START, null); m !== null; m = nextMatchAtStarts(PHONE_CANDIDATE, text, facts, PHONE_START, m)) {
    const raw = m[0];
    const start = m.index;
    const end = start + raw.length;
    // Counted first: the digits string is built only for the 4 candidates in 10 that get past the cheap checks.
    const digitCount = countDigits(raw);
    if (digitCount < PHONE_MIN_DIGITS || digitCount > maxDigitsFor(raw)) continue;
    // Phone ranks last in overlap resolution, so a span already claimed by IBAN, card, ID,
    // IP or date of birth would lose anyway; skipping it saves the costly parse.
    if (overlapsAny(out, start, end)) continue;
    // "030 2025-0": in German-speaking countries a number ending in "-0" is a company's switchboard.
    if (isDateShaped(raw) || endsAsSwitchboard(raw)) continue;
    const digits = digitCount === raw.length ? raw : digitsBetween(text, start, end);
    const before = text.slice(Math.max(0, start - 40), start);
    // Validity first: it rejects most order numbers and IDs for less than the context rules cost.
    const regions = regionsFor(context.regions, before);
    const kind = phoneKind(raw, digits, regions);
    // A toll-free, shared-cost or premium number is a business's: nobody's personal data.
    if (kind === 'business' || (kind === 'invalid' && !isPhoneNumberAsTyped(raw, digits, regions, before))) continue;
    const labelled = classifyNumberContext(before) === 'label';
    if (labelled || endsWithCurrency(before) || UNIT_AFTER.test(text.slice(end, end + 10)) || namesBusinessLine(text.slice(Math.max(0, start - 80), start)) || callsTheAddressee(before)) continue;
    out.push({ type: 'PHONE', start, end });
  }
}

/** The digits 0-9 in `raw`. */
function countDigits(raw: string): number {
  let count = 0;
  for (let i = 0; i < raw.length; i++) if (isDigit(raw.charCodeAt(i))) count++;
  return count;
}

function overlapsAny(findings: readonly Finding[], start: number, end: number): boolean {
  for (let i = 0; i < findings.length; i++) {
    const f = findings[i]!;
    if (f.start < end && f.end > start) return true;
  }
  return false;
}

/**
 * `/^(?:\d{1,2}([.\/\-])\d{1,2}\1\d{2,4}|\d{4}([.\/\-])\d{1,2}\2\d{1,2})$/.test(raw)`: three digit
 * runs joined by the same `.`, `/` or `-`, of lengths 1-2, 1-2, 2-4 or 4, 1-2, 1-2 (each `\d{m,n}`
 * must take a whole run, a separator or the end follows it).
 */
function isDateShaped(raw: string): boolean {
  const first = digitRunEnd(raw, 0);
  const separator = raw.charCodeAt(first);
  if (!(separator === 46 || separator === 47 || separator === 45)) return false;
  const second = digitRunEnd(raw, first + 1);
  if (raw.charCodeAt(second) !== separator) return false;
  const third = digitRunEnd(raw, second + 1);
  if (third !== raw.length) return false;
  const a = first;
  const b = second - first - 1;
  const c = third - second - 1;
  return (a >= 1 && a <= 2 && b >= 1 && b <= 2 && c >= 2 && c <= 4) || (a === 4 && b >= 1 && b <= 2 && c >= 1 && c <= 2);
}

/** The end of the run of digits 0-9 that starts at `i` (`i` itself without one). */
function digitRunEnd(text: string, i: number): number {
  while (i < text.length && isDigit(text.charCodeAt(i))) i++;
  return i;
}

/** `/\d-\s?0$/.test(raw)`: "030 2025-0", "0341 9988 - 0". */
function endsAsSwitchboard(raw: string): boolean {
  let i = raw.length - 1;
  if (raw.charCodeAt(i) !== 48) return false;
  i--;
  if (isWhiteSpace(raw.charCodeAt(i))) i--;
  return raw.charCodeAt(i) === 45 && isDigit(raw.charCodeAt(i - 1));
}

/** The caller's regions; without any, a few EU regions, but only when a phone word is near. */
function regionsFor(regions: readonly string[], before: string): readonly string[] {
  if (regions.length > 0) return regions;
  return hasPhoneWordNearby(before) ? FALLBACK_PHONE_REGIONS : regions;
}

/** E.164 allows 15 digits; `00` adds two, a national trunk 0 adds one. */
function maxDigitsFor(raw: string): number {
  if (raw.startsWith('+')) return PHONE_MAX_DIGITS;
  return raw.startsWith('00') ? PHONE_MAX_DIGITS + 2 : PHONE_MAX_DIGITS - 1;
}

/** National significant number lengths for regions without a trunk prefix (cheap pre-check). */
const NATIONAL_LENGTHS: Readonly<Record<string, readonly [number, number]>> = { ES: [9, 9], PT: [9, 9], PL: [9, 9], IT: [6, 11] };

/** The digits after the `+` or `00` of a number written internationally; undefined for one written nationally. */
function internationalDigits(raw: string, digits: string): string | undefined {
  if (raw.startsWith('+')) return digits;
  return raw.startsWith('00') ? digits.slice(2) : undefined;
}

/** Whether a number can be dialled nationally in `region` the way it is written. */
function isNationalFor(digits: string, region: string): boolean {
  // Where national numbers start with the trunk 0, a number without it is an order number or similar.
  return !TRUNK_ZERO_REGIONS.has(region) || digits.startsWith('0');
}

/**
 * What the number is in the numbering plans: dialled internationally, or nationally in the
 * caller's regions. A number valid as a person's line in any of them counts as one.
 */
function phoneKind(raw: string, digits: string, regions: readonly string[]): PhoneKind {
  const international = internationalDigits(raw, digits);
  if (international !== undefined) return internationalPhoneKind(international);
  let found: PhoneKind = 'invalid';
  for (const region of regions) {
    if (!isNationalFor(digits, region)) continue;
    const lengths = NATIONAL_LENGTHS[region];
    if (lengths !== undefined && (digits.length < lengths[0] || digits.length > lengths[1])) continue;
    const kind = nationalPhoneKind(digits, region);
    if (kind === 'personal') return kind;
    if (kind === 'business') found = kind;
  }
  return found;
}

/** Whether the number has a possible length in the numbering plans, valid or not. */
function isPossiblePhone(raw: string, digits: string, regions: readonly string[]): boolean {
  const international = internationalDigits(raw, digits);
  if (international !== undefined) return isPossibleInternationalPhone(international);
  return regions.some((region) => isNationalFor(digits, region) && isPossibleNationalPhone(digits, region));
}

/**
 * A number that is not valid but has a phone number's shape, right after a phone word ("call me
 * on 07700 900123", "ruf mich unter 0151 2345678") or written with "+" and a calling code ("Mijn
 * nummer is veranderd: +31 6 98765432"): customers mistype a digit, and some ranges (drama
 * numbers, new allocations) fail the metadata. Redacting it costs nothing; missing it
 * leaks a number the customer meant to give.
 */
function isPhoneNumberAsTyped(raw: string, digits: string, regions: readonly string[], before: string): boolean {
  // A "+" and a known calling code are a phone number's own marks: no order or customer number has them.
  return isPossiblePhone(raw, digits, regions) && (raw.startsWith('+') || hasPhoneVerbOrNoun(before));
}
