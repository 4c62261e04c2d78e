import { FALLBACK_PHONE_REGIONS, PHONE_MAX_DIGITS, PHONE_MIN_DIGITS, TRUNK_ZERO_REGIONS } from './constants.js';
import { UNIT_AFTER, callsTheAddressee, classifyNumberContext, endsWithCurrency, hasPhoneWordNearby, hasPhoneVerbOrNoun, namesBusinessLine } from './keywords.js';
import { internationalPhoneKind, isPossibleInternationalPhone, isPossibleNationalPhone, nationalPhoneKind, type PhoneKind } from './phone-validity.js';
import { digitsBetween, isAsciiAlphanumeric, isDigit, isWhiteSpace } from './text-facts.js';
import type { DetectContext, Finding } from './types.js';

/**
 * A phone-shaped run: optional `+`/`00`, digits with single spaces, dashes, dots or slashes
 * between them (a slash or dash may have spaces around it: `069 / 123 456 78`,
 * `0157 - 35 82 90 14`), and bracketed area codes such as `(030)`, `(0 30)` or `+49 (0)151`.
 */
const PHONE_CANDIDATE = /(?<![\p{L}\p{N}+\-\/.,_@#€$£])(?:\+|00)?(?:\(\d{1,5}(?: \d{1,4})?\)|\d)(?:(?: [\/\-] ?|\/ |[ \-.\/\u00A0]|\s?(?=\())?(?:\(\d{1,5}(?: \d{1,4})?\)|\d)){5,19}(?![\p{L}\p{N}]|[.,\-\/]\d)/uy;
/** An ASCII character right before a candidate that the lookbehind rejects: a letter, a digit, one of `+-/.,_@#$`. */
const BLOCKS_PHONE_AFTER = new Uint8Array(128).map((_, code) => (isAsciiAlphanumeric(code) || '+-/.,_@#$'.includes(String.fromCharCode(code)) ? 1 : 0));

/**
 * Finds phone numbers. PHONE_CANDIDATE's matches, read off the characters (`phoneCandidateEndAt`),
 * are the candidates; context rules drop labelled numbers (order, tracking, EAN, invoice...),
 * prices, units and dates; libphonenumber-js's
 * full metadata (precompiled in `phone-validity.ts`) then has the last word. Without a region,
 * national numbers are tried in `FALLBACK_PHONE_REGIONS` when a phone word is near.
 */
export function detectPhones(text: string, context: DetectContext, out: Finding[]): void {
  const { facts } = context;
  if (facts.maxClusterDigits < PHONE_MIN_DIGITS) return;
  const { digitRunStarts, digitRunReach } = facts;
  // Where a candidate can start, ascending, as a global scan tries them: a digit run's first
  // digit or the `+`, `(` or `+(` right before it, in a cluster of enough digits; never before
  // the last candidate's end.
  let lastTried = -1;
  for (let k = 0; k < digitRunStarts.length; k++) {
    if (digitRunReach[k]! < PHONE_MIN_DIGITS) continue;
    const runStart = digitRunStarts[k]!;
    for (let start = runStart - 2; start <= runStart; start++) {
      if (start <= lastTried || start < 0) continue;
      lastTried = start;
      const code = text.charCodeAt(start);
      if (!(isDigit(code) || code === 43 || code === 40)) continue;
      const end = phoneCandidateEndAt(text, start);
      if (end < 0) continue;
      // A global scan goes on after the match.
      lastTried = end - 1;
      if (isPhone(text, start, end, context, out)) out.push({ type: 'PHONE', start, end });
    }
  }
}

/** The rules a candidate from `start` to `end` must pass. */
function isPhone(text: string, start: number, end: number, context: DetectContext, out: readonly Finding[]): boolean {
  // Counted first: the digits string is built only for the 4 candidates in 10 that get past the cheap checks.
  const digitCount = countDigits(text, start, end);
  const written = howWritten(text, start);
  if (digitCount < PHONE_MIN_DIGITS || digitCount > maxDigitsFor(written)) return false;
  // Phone ranks last in overlap resolution, so a span already claimed by IBAN, card, ID,
  // IP or date of birth would lose anyway; skipping it saves the costly parse.
  if (overlapsAny(out, start, end)) return false;
  // "030 2025-0": in German-speaking countries a number ending in "-0" is a company's switchboard.
  if (isDateShaped(text, start, end) || endsAsSwitchboard(text, start, end)) return false;
  const digits = digitCount === end - start ? text.slice(start, end) : digitsBetween(text, start, end);
  const before = text.slice(Math.max(0, start - 40), start);
  // Validity first: it rejects most order numbers and IDs for less than the context rules cost.
  const regions = regionsFor(context.regions, before);
  const kind = phoneKind(written, digits, regions);
  // A toll-free, shared-cost or premium number is a business's: nobody's personal data.
  if (kind === 'business' || (kind === 'invalid' && !isPhoneNumberAsTyped(written, digits, regions, before))) return false;
  const labelled = classifyNumberContext(before) === 'label';
  return !(labelled || endsWithCurrency(before) || UNIT_AFTER.test(text.slice(end, end + 10)) || namesBusinessLine(text.slice(Math.max(0, start - 80), start)) || callsTheAddressee(before));
}

/** How a candidate is written: nationally, with `+`, or with `00` (a number rather than a string: no slice per candidate). */
type Written = typeof WRITTEN_NATIONALLY | typeof WRITTEN_WITH_PLUS | typeof WRITTEN_WITH_00;
const WRITTEN_NATIONALLY = 0;
const WRITTEN_WITH_PLUS = 1;
const WRITTEN_WITH_00 = 2;

function howWritten(text: string, start: number): Written {
  const first = text.charCodeAt(start);
  if (first === 43) return WRITTEN_WITH_PLUS;
  return first === 48 && text.charCodeAt(start + 1) === 48 ? WRITTEN_WITH_00 : WRITTEN_NATIONALLY;
}

/**
 * The end of PHONE_CANDIDATE's match at `start` (a digit, `+` or `(` at or up to two characters
 * before a digit run's start, as `detectPhones` tries them), or -1 without
 * one: the pattern's own verdict, read off the characters, and asked of the pattern itself where
 * a non-ASCII character other than white space borders the candidate. Why: the sticky call and
 * its match array cost more than these comparisons, on more than half of all messages.
 *
 * Why the reading is exact: after a group, at most one of the separator alternatives can be
 * followed by a group (each needs a digit or `(` at a different place), and a group is a digit or
 * a bracket whose extent is fixed. So the groups form one chain, and the only backtracking is
 * the `{5,19}` count: the match ends after the last group, at most the 20th, where the lookahead
 * holds, or fails without one from the 6th on; `00` is tried as a prefix, then as two groups.
 */
export function phoneCandidateEndAt(text: string, start: number): number {
  const previous = start > 0 ? text.charCodeAt(start - 1) : -1;
  if (previous >= 128) return phoneCandidateEndByPattern(text, start);
  if (previous !== -1 && BLOCKS_PHONE_AFTER[previous] === 1) return -1;
  const first = start < text.length ? text.charCodeAt(start) : -1;
  let end: number;
  if (first === 43) {
    end = groupChainEnd(text, start + 1);
  } else {
    end = first === 48 && start + 1 < text.length && text.charCodeAt(start + 1) === 48 ? groupChainEnd(text, start + 2) : -1;
    if (end === -1) end = groupChainEnd(text, start);
  }
  return end === ASK_THE_PATTERN ? phoneCandidateEndByPattern(text, start) : end;
}

/** `groupChainEnd`'s answer when a non-ASCII character decides the lookahead. */
const ASK_THE_PATTERN = -2;

/**
 * The end of `GROUP(?:SEPARATOR?GROUP){5,19}(?![\p{L}\p{N}]|[.,\-\/]\d)` from `i`, where GROUP
 * is `\(\d{1,5}(?: \d{1,4})?\)|\d` and SEPARATOR `(?: [\/\-] ?|\/ |[ \-.\/\u00A0]|\s?(?=\())`;
 * -1 without a match, or ASK_THE_PATTERN. One loop without calls: the reading per character
 * must cost less than the pattern's native code, and separate small functions did not.
 * Every read is bounds-checked: `charCodeAt` past the end (NaN) deoptimizes the function.
 */
function groupChainEnd(text: string, i: number): number {
  const length = text.length;
  let code = i < length ? text.charCodeAt(i) : -1;
  // Groups read after the first: the `{5,19}` count.
  let repeats = -1;
  let found = -1;
  for (;;) {
    // A group at `i`, whose first character is `code`: a digit, or a bracket of a fixed extent.
    if (isDigit(code)) {
      i++;
    } else if (code === 40) {
      let j = i + 1;
      const digitsEnd = Math.min(i + 6, length);
      while (j < digitsEnd && isDigit(text.charCodeAt(j))) j++;
      if (j === i + 1 || j >= length) break;
      let closing = text.charCodeAt(j);
      if (closing === 32) {
        const moreDigits = j + 1;
        const moreDigitsEnd = Math.min(moreDigits + 4, length);
        j = moreDigits;
        while (j < moreDigitsEnd && isDigit(text.charCodeAt(j))) j++;
        if (j === moreDigits || j >= length) break;
        closing = text.charCodeAt(j);
      }
      if (closing !== 41) break;
      i = j + 1;
    } else {
      break;
    }
    repeats++;
    code = i < length ? text.charCodeAt(i) : -1;
    if (repeats >= 5) {
      // The lookahead; white space is neither a letter nor a number.
      if (code >= 128) {
        if (!isWhiteSpace(code)) return ASK_THE_PATTERN;
        found = i;
      } else if (!(isAsciiAlphanumeric(code) || ((code === 46 || code === 44 || code === 45 || code === 47) && i + 1 < length && isDigit(text.charCodeAt(i + 1))))) {
        found = i;
      }
      if (repeats === 19) break;
    }
    // The one separator after which a group can follow: each alternative needs a digit or `(` at a different place.
    if (isDigit(code) || code === 40) continue;
    if (code === 32) {
      const second = i + 1 < length ? text.charCodeAt(i + 1) : -1;
      if (second === 47 || second === 45) i += i + 2 < length && text.charCodeAt(i + 2) === 32 ? 3 : 2;
      else i += 1;
    } else if (code === 47) {
      i += i + 1 < length && text.charCodeAt(i + 1) === 32 ? 2 : 1;
    } else if (code === 45 || code === 46 || code === 0xa0 || (isWhiteSpace(code) && i + 1 < length && text.charCodeAt(i + 1) === 40)) {
      i += 1;
    } else {
      break;
    }
    code = i < length ? text.charCodeAt(i) : -1;
  }
  return found;
}

function phoneCandidateEndByPattern(text: string, start: number): number {
  PHONE_CANDIDATE.lastIndex = start;
  const m = PHONE_CANDIDATE.exec(text);
  return m === null ? -1 : start + m[0].length;
}

/** The digits 0-9 from `start` to `end`. */
function countDigits(text: string, start: number, end: number): number {
  let count = 0;
  for (let i = start; i < end; i++) if (isDigit(text.charCodeAt(i))) count++;
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
 * `/^(?:\d{1,2}([.\/\-])\d{1,2}\1\d{2,4}|\d{4}([.\/\-])\d{1,2}\2\d{1,2})$/` on the text from
 * `start` to `end`: three digit
 * runs joined by the same `.`, `/` or `-`, of lengths 1-2, 1-2, 2-4 or 4, 1-2, 1-2 (each `\d{m,n}`
 * must take a whole run, a separator or the end follows it).
 */
function isDateShaped(text: string, start: number, end: number): boolean {
  const first = digitRunEnd(text, start, end);
  const separator = first < end ? text.charCodeAt(first) : -1;
  if (!(separator === 46 || separator === 47 || separator === 45)) return false;
  const second = digitRunEnd(text, first + 1, end);
  if (second >= end || text.charCodeAt(second) !== separator) return false;
  const third = digitRunEnd(text, second + 1, end);
  if (third !== end) return false;
  const a = first - start;
  const b = second - first - 1;
  const c = third - second - 1;
  return (a >= 1 && a <= 2 && b >= 1 && b <= 2 && c >= 2 && c <= 4) || (a === 4 && b >= 1 && b <= 2 && c >= 1 && c <= 2);
}

/** The end of the run of digits 0-9 that starts at `i` (`i` itself without one), at most `end`. */
function digitRunEnd(text: string, i: number, end: number): number {
  while (i < end && isDigit(text.charCodeAt(i))) i++;
  return i;
}

/** `/\d-\s?0$/` on the text from `start` to `end`: "030 2025-0", "0341 9988 - 0". */
function endsAsSwitchboard(text: string, start: number, end: number): boolean {
  let i = end - 1;
  if (text.charCodeAt(i) !== 48) return false;
  i--;
  if (i >= start && isWhiteSpace(text.charCodeAt(i))) i--;
  return i - 1 >= start && text.charCodeAt(i) === 45 && isDigit(text.charCodeAt(i - 1));
}

/** The caller's regions; without any, a few EU regions, but only when a phone word is near. */
function regionsFor(regions: readonly string[], before: string): readonly string[] {
  if (regions.length > 0) return regions;
  return hasPhoneWordNearby(before) ? FALLBACK_PHONE_REGIONS : regions;
}

/** E.164 allows 15 digits; `00` adds two, a national trunk 0 adds one. */
function maxDigitsFor(written: Written): number {
  if (written === WRITTEN_WITH_PLUS) return PHONE_MAX_DIGITS;
  return written === WRITTEN_WITH_00 ? PHONE_MAX_DIGITS + 2 : PHONE_MAX_DIGITS - 1;
}

/** National significant number lengths for regions without a trunk prefix (cheap pre-check). */
const NATIONAL_LENGTHS: Readonly<Record<string, readonly [number, number]>> = { ES: [9, 9], PT: [9, 9], PL: [9, 9], IT: [6, 11] };

/** The digits after the `+` or `00` of a number written internationally; undefined for one written nationally. */
function internationalDigits(written: Written, digits: string): string | undefined {
  if (written === WRITTEN_WITH_PLUS) return digits;
  return written === WRITTEN_WITH_00 ? digits.slice(2) : undefined;
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
function phoneKind(written: Written, digits: string, regions: readonly string[]): PhoneKind {
  const international = internationalDigits(written, digits);
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
function isPossiblePhone(written: Written, digits: string, regions: readonly string[]): boolean {
  const international = internationalDigits(written, digits);
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
function isPhoneNumberAsTyped(written: Written, digits: string, regions: readonly string[], before: string): boolean {
  // A "+" and a known calling code are a phone number's own marks: no order or customer number has them.
  return isPossiblePhone(written, digits, regions) && (written === WRITTEN_WITH_PLUS || hasPhoneVerbOrNoun(before));
}
