import { familiesOfWordAt } from './address-words.js';

/**
 * One cheap pass over a message that tells each detector whether it can possibly find
 * anything, and where its candidates can start. Every fact is a *necessary* condition of the
 * detector it gates (an upper bound, never a guess), so gating changes speed, not results.
 *
 * Why: chat messages are short (~60 bytes) and most hold a digit, so scanning each with a
 * dozen full regexes cost ~15 µs a message. A `charCodeAt` loop plus gates skips most of them.
 */

/** Facts about one message, computed once by `collectTextFacts`. */
export interface TextFacts {
  /** Most digits in one digit cluster: digits joined by at most `MAX_GAP` separator characters. */
  readonly maxClusterDigits: number;
  /** A letter `[A-Z]` matches under `iu` directly before a digit ("DE89", "RSSMRA85"). */
  readonly letterBeforeDigit: boolean;
  /** A letter `[A-Z]` matches under `iu` directly after a digit ("2A", "12345678Z", "221B"). */
  readonly digitBeforeLetter: boolean;
  /** Index of every digit not preceded by a digit, ascending: where digit-led patterns can start. */
  readonly digitRunStarts: readonly number[];
  /** Per digit run: digits from its start to the end of its cluster (most a match starting there can hold). */
  readonly digitRunReach: readonly number[];
  /** Per digit run: its length in digits. */
  readonly digitRunLengths: readonly number[];
  /** Length of the shortest digit run (0 without digits): house numbers, days and months are short. */
  readonly shortestDigitRun: number;
  /**
   * The address word families (`address-words.ts`) whose words start somewhere in the text;
   * 0 without digits, where no address pattern can match.
   */
  readonly addressWords: number;
  /**
   * Which of the marks `@`, `)` or `]`, `/`, `.` and `:` occur (MARK_* bits), with or without
   * digits: the email, URL and IP detectors' first tests, read here instead of a string search each.
   */
  readonly marks: number;
}

export const MARK_AT = 1;
/** `)` or `]`. */
export const MARK_CLOSING_BRACKET = 2;
export const MARK_SLASH = 4;
export const MARK_DOT = 8;
export const MARK_COLON = 16;
const MARK_OF_ASCII = new Uint8Array(128);
MARK_OF_ASCII[64] = MARK_AT;
MARK_OF_ASCII[41] = MARK_CLOSING_BRACKET;
MARK_OF_ASCII[93] = MARK_CLOSING_BRACKET;
MARK_OF_ASCII[47] = MARK_SLASH;
MARK_OF_ASCII[46] = MARK_DOT;
MARK_OF_ASCII[58] = MARK_COLON;

/** True for the characters regex `\s` matches. */
export function isWhiteSpace(code: number): boolean {
  if (code < 128) return code === 32 || (code >= 9 && code <= 13);
  return (
    code === 0xa0 || code === 0x1680 || (code >= 0x2000 && code <= 0x200a) || code === 0x2028 || code === 0x2029 ||
    code === 0x202f || code === 0x205f || code === 0x3000 || code === 0xfeff
  );
}

/** Separators allowed inside a number: any white space (as `\s`), `-`, `.`, `/`, brackets. */
function isNumberSeparator(code: number): boolean {
  return code === 45 || code === 46 || code === 47 || code === 40 || code === 41 || isWhiteSpace(code);
}
/** True for A-Z and a-z. */
export function isAsciiLetter(code: number): boolean {
  return (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
}
/** True for a character `[A-Z]` matches under the `iu` flags: ASCII letters, long s and the Kelvin sign. */
export function isCaseFoldedAsciiLetter(code: number): boolean {
  return isAsciiLetter(code) || code === 0x17f || code === 0x212a;
}

/** True for 0-9. */
export function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

/** `isAsciiLetter` in one comparison: setting bit 5 maps A-Z onto a-z and nothing else into a-z. */
function isAsciiLetterFast(code: number): boolean {
  return ((code | 32) - 97) >>> 0 < 26;
}

/** `") ("` between "(030)" and "(0)": the widest separator run any detector allows is 3. */
const MAX_GAP = 3;

/** The facts of text without digits, one per combination of marks, built once. */
const NO_DIGITS_BY_MARKS: readonly TextFacts[] = Array.from({ length: 32 }, (_, marks) =>
  Object.freeze({
    maxClusterDigits: 0,
    letterBeforeDigit: false,
    digitBeforeLetter: false,
    digitRunStarts: Object.freeze([]),
    digitRunReach: Object.freeze([]),
    digitRunLengths: Object.freeze([]),
    shortestDigitRun: 0,
    addressWords: 0,
    marks,
  }),
);

/**
 * Scans `text` once and returns its `TextFacts`; a shared frozen object for text without a digit: every
 * detector that uses the facts needs a digit.
 */
export function collectTextFacts(text: string): TextFacts {
  // No native search for a first digit ahead of the scan: 19 messages in 20 hold one, and the
  // search's call and match object cost more than scanning the few without for nothing.
  const length = text.length;
  let maxClusterDigits = 0;
  let letterBeforeDigit = false;
  let digitBeforeLetter = false;
  let addressWords = 0;
  let marks = 0;
  // Digits in the current cluster, and separators since its last digit.
  let cluster = 0;
  let gap = 0;
  let shortestDigitRun = Number.MAX_SAFE_INTEGER;
  const digitRunStarts: number[] = [];
  const digitRunLengths: number[] = [];
  // Digits per run while scanning; turned into the reach per run below. Negative: joins the previous run's cluster.
  const digitRunReach: number[] = [];
  // Runs of digits and of ASCII letters are taken whole, in tight loops: most characters are in one.
  let i = 0;
  while (i < length) {
    const code = text.charCodeAt(i);
    if (isDigit(code)) {
      const start = i;
      do i++;
      while (i < length && isDigit(text.charCodeAt(i)));
      const run = i - start;
      const joins = cluster > 0 && gap <= MAX_GAP;
      cluster = joins ? cluster + run : run;
      gap = 0;
      if (cluster > maxClusterDigits) maxClusterDigits = cluster;
      if (run < shortestDigitRun) shortestDigitRun = run;
      digitRunStarts.push(start);
      digitRunLengths.push(run);
      digitRunReach.push(joins ? -run : run);
      if (start > 0 && isCaseFoldedAsciiLetter(text.charCodeAt(start - 1))) letterBeforeDigit = true;
      if (i < length && isCaseFoldedAsciiLetter(text.charCodeAt(i))) digitBeforeLetter = true;
    } else if (isAsciiLetterFast(code)) {
      // A word start: the run is entered only at its first letter.
      addressWords |= familiesOfWordAt(text, i, code);
      do i++;
      while (i < length && isAsciiLetterFast(text.charCodeAt(i)));
      cluster = 0;
      gap = 0;
    } else {
      if (code < 128) marks |= MARK_OF_ASCII[code]!;
      if (cluster > 0 && isNumberSeparator(code)) {
        gap++;
      } else {
        cluster = 0;
        gap = 0;
      }
      i++;
    }
  }
  if (digitRunStarts.length === 0) return NO_DIGITS_BY_MARKS[marks]!;
  let carried = 0;
  for (let k = digitRunReach.length - 1; k >= 0; k--) {
    const digits = Math.abs(digitRunReach[k]!);
    const joinsPrevious = digitRunReach[k]! < 0;
    digitRunReach[k] = digits + carried;
    carried = joinsPrevious ? digitRunReach[k]! : 0;
  }
  return { maxClusterDigits, letterBeforeDigit, digitBeforeLetter, digitRunStarts, digitRunReach, digitRunLengths, shortestDigitRun, addressWords, marks };
}

/**
 * The digits 0-9 of `text` from `start` to `end`, joined: a candidate's digits without its
 * separators, from slices of its digit runs. Why: a `replace` with a global regex per candidate
 * cost more than the slices.
 */
export function digitsBetween(text: string, start: number, end: number): string {
  return keptBetween(text, start, end, false);
}

/** `digitsBetween` keeping ASCII letters too: an IBAN's characters without its separators. */
export function alphanumericsBetween(text: string, start: number, end: number): string {
  return keptBetween(text, start, end, true);
}

function keptBetween(text: string, start: number, end: number, letters: boolean): string {
  let result = '';
  let runStart = -1;
  for (let i = start; i < end; i++) {
    const code = text.charCodeAt(i);
    if (isDigit(code) || (letters && isAsciiLetter(code))) {
      if (runStart < 0) runStart = i;
    } else if (runStart >= 0) {
      result += text.slice(runStart, i);
      runStart = -1;
    }
  }
  return runStart >= 0 ? result + text.slice(runStart, end) : result;
}

/**
 * Cheap test of a start position by its first character and the one before it (-1 at the text
 * start). It may only reject positions where the pattern cannot match, so results stay exact.
 */
export type StartCheck = (code: number, previous: number) => boolean;

/** True for ASCII letters and digits: after one, a `(?<![\p{L}\p{N}])` lookbehind fails. */
export function isAsciiAlphanumeric(code: number): boolean {
  return isAsciiLetter(code) || isDigit(code);
}

/**
 * Where a sticky pattern can start, relative to the digit runs (see `execAtStarts`); built by
 * `startRule`. `offsets` are ascending and span at most 2: runs start at least 2 apart, so the
 * positions then come out ascending (repeats aside). `canStartWith` must accept every position
 * the pattern can start at; `minDigits` is the fewest digits an accepted match holds.
 */
export interface StartRule {
  readonly offsets: readonly number[];
  readonly canStartWith: StartCheck;
  readonly minDigits: number;
  /**
   * Optional test of a whole digit run (`text`, its start and length): false when no accepted
   * match can hold this run, so none of its positions is tried. Like `canStartWith`, it may only reject.
   */
  readonly canUseRun?: (text: string, runStart: number, runLength: number) => boolean;
  /**
   * Optional test of the characters from a position that passed the start check: false when the
   * pattern cannot match there, so the regex is not called. Like `canUseRun`, it may only reject.
   */
  readonly canMatchAt?: (text: string, position: number) => boolean;
  /** `canStartWith`'s two halves, with their ASCII answers in tables (see `startRule`). */
  readonly startsWith: (code: number) => boolean;
  readonly mayFollow: (previous: number) => boolean;
  readonly startsWithAscii: Uint8Array;
  /** Indexed by `previous + 1`, so the text start (-1) has a slot. */
  readonly mayFollowAscii: Uint8Array;
}

/** What `startRule` is built from. */
export interface StartRuleSpec {
  readonly offsets: readonly number[];
  readonly minDigits: number;
  /** May an accepted match start with this character? */
  readonly startsWith: (code: number) => boolean;
  /** May an accepted match start right after this character (-1 at the text start)? Default: yes. */
  readonly mayFollow?: (previous: number) => boolean;
  readonly canUseRun?: StartRule['canUseRun'];
  readonly canMatchAt?: StartRule['canMatchAt'];
}

const ANY_PREVIOUS = (): boolean => true;

/**
 * A `StartRule` whose check is `startsWith(code) && mayFollow(previous)`, with both answered
 * from 128-entry tables for ASCII characters. Why tables: `execAtStarts` serves every
 * detector, so a function called there sees every rule's check and V8 cannot inline any of
 * them; a table read is the same few instructions for all.
 */
export function startRule(spec: StartRuleSpec): StartRule {
  const { offsets, minDigits, startsWith, mayFollow = ANY_PREVIOUS, canUseRun, canMatchAt } = spec;
  const startsWithAscii = new Uint8Array(128).map((_, code) => (startsWith(code) ? 1 : 0));
  const mayFollowAscii = new Uint8Array(129).map((_, slot) => (mayFollow(slot - 1) ? 1 : 0));
  const canStartWith: StartCheck = (code, previous) => startsWith(code) && mayFollow(previous);
  return {
    offsets, minDigits, canStartWith, startsWith, mayFollow, startsWithAscii, mayFollowAscii,
    ...(canUseRun === undefined ? {} : { canUseRun }),
    ...(canMatchAt === undefined ? {} : { canMatchAt }),
  };
}

/** Not glued to an ASCII letter or digit: what a `(?<![\p{L}\p{N}])` lookbehind needs, as far as ASCII goes. */
export function isNotAfterAlphanumeric(previous: number): boolean {
  return !isAsciiAlphanumeric(previous);
}

/** A digit-led pattern whose accepted matches hold at least `minDigits` digits. */
export function digitRunRule(minDigits: number): StartRule {
  return startRule({ offsets: [0], minDigits, startsWith: isDigit });
}

/**
 * `digitRunRule` for a pattern whose lookbehind rejects an ASCII letter or digit (when
 * `afterAlphanumeric` is false) or one of `blockedBefore` right before its first digit, and
 * whose first digit is one of `firstDigits`. The check spares the regex call at runs that
 * follow a dot, a dash or a letter ("10.93.229.92", "15.05.1947", "Nr123"), where it must fail.
 * `canUseRun` may reject whole runs as in `StartRule`.
 */
export function digitRunRuleNotAfter(
  minDigits: number,
  blockedBefore: string,
  {
    afterAlphanumeric = true,
    firstDigits = '0123456789',
    canUseRun,
    canMatchAt,
  }: { afterAlphanumeric?: boolean; firstDigits?: string; canUseRun?: StartRule['canUseRun']; canMatchAt?: StartRule['canMatchAt'] } = {},
): StartRule {
  return startRule({
    offsets: [0],
    minDigits,
    startsWith: (code) => firstDigits.includes(String.fromCharCode(code)) && isDigit(code),
    mayFollow: (previous) => !(previous >= 0 && blockedBefore.includes(String.fromCharCode(previous))) && (afterAlphanumeric || !isAsciiAlphanumeric(previous)),
    ...(canUseRun === undefined ? {} : { canUseRun }),
    ...(canMatchAt === undefined ? {} : { canMatchAt }),
  });
}

/**
 * The next match of a *sticky* (`y`) pattern starting at a position `rule` allows, at or after
 * `from`: the same result a global scan from `from` gives, provided every possible start of an
 * accepted match is such a position. Lookbehinds still see the whole text. Runs whose cluster
 * reach is below `rule.minDigits` are skipped. Returns null when none matches.
 */
export function execAtStarts(pattern: RegExp, text: string, facts: TextFacts, rule: StartRule, from: number): RegExpExecArray | null {
  const { offsets, minDigits, canUseRun, canMatchAt, startsWithAscii, mayFollowAscii } = rule;
  let lastTried = from - 1;
  const { digitRunStarts, digitRunReach, digitRunLengths } = facts;
  for (let k = 0; k < digitRunStarts.length; k++) {
    if (digitRunReach[k]! < minDigits) continue;
    const runStart = digitRunStarts[k]!;
    if (canUseRun !== undefined && !canUseRun(text, runStart, digitRunLengths[k]!)) continue;
    for (const offset of offsets) {
      const position = runStart + offset;
      if (position <= lastTried) continue;
      lastTried = position;
      // A cheap look at the first character and the one before it spares most regex calls.
      const code = text.charCodeAt(position);
      if (code < 128 ? startsWithAscii[code] !== 1 : !rule.startsWith(code)) continue;
      const previous = position > 0 ? text.charCodeAt(position - 1) : -1;
      if (previous < 128 ? mayFollowAscii[previous + 1] !== 1 : !rule.mayFollow(previous)) continue;
      if (canMatchAt !== undefined && !canMatchAt(text, position)) continue;
      pattern.lastIndex = position;
      const match = pattern.exec(text);
      if (match !== null) return match;
    }
  }
  return null;
}

/** `execAtStarts` from the end of `previous` (or from 0): for `for (m = ...(null); m; m = ...(m))` loops. */
export function nextMatchAtStarts(
  pattern: RegExp,
  text: string,
  facts: TextFacts,
  rule: StartRule,
  previous: RegExpExecArray | null,
): RegExpExecArray | null {
  return execAtStarts(pattern, text, facts, rule, previous === null ? 0 : previous.index + previous[0].length);
}
