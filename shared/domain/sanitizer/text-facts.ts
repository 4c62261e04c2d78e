/**
 * One cheap pass over a message that tells each detector whether it can possibly find
 * anything. Every fact is a *necessary* condition of the detector it gates (an upper bound,
 * never a guess), so gating changes speed, not results.
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
  /** Length of the shortest digit run (0 without digits): house numbers, days and months are short. */
  readonly shortestDigitRun: number;
}

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

/** `") ("` between "(030)" and "(0)": the widest separator run any detector allows is 3. */
const MAX_GAP = 3;

const FIRST_DIGIT = /\d/;

/** Scans `text` once and returns its `TextFacts`. */
export function collectTextFacts(text: string): TextFacts {
  // Every fact is about digits: a native search skips the text before the first one.
  const firstDigit = text.search(FIRST_DIGIT);
  if (firstDigit === -1) {
    return { maxClusterDigits: 0, letterBeforeDigit: false, digitBeforeLetter: false, digitRunStarts: [], digitRunReach: [], shortestDigitRun: 0 };
  }
  let maxClusterDigits = 0;
  let letterBeforeDigit = false;
  let digitBeforeLetter = false;
  let cluster = 0;
  let gap = 0;
  let previous = firstDigit > 0 ? text.charCodeAt(firstDigit - 1) : 0;
  let runLength = 0;
  let shortestDigitRun = Number.MAX_SAFE_INTEGER;
  const digitRunStarts: number[] = [];
  // Digits per run while scanning; turned into the reach per run below. Negative: joins the previous run's cluster.
  const digitRunReach: number[] = [];
  for (let i = firstDigit; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (isDigit(code)) {
      const joins = cluster > 0 && gap <= MAX_GAP;
      cluster = joins ? cluster + 1 : 1;
      gap = 0;
      if (cluster > maxClusterDigits) maxClusterDigits = cluster;
      runLength++;
      if (!isDigit(previous)) {
        digitRunStarts.push(i);
        digitRunReach.push(joins ? -1 : 1);
        if (isCaseFoldedAsciiLetter(previous)) letterBeforeDigit = true;
      } else {
        const last = digitRunReach.length - 1;
        digitRunReach[last] = digitRunReach[last]! + (digitRunReach[last]! < 0 ? -1 : 1);
      }
    } else {
      if (runLength > 0) {
        if (runLength < shortestDigitRun) shortestDigitRun = runLength;
        runLength = 0;
      }
      if (cluster > 0 && isNumberSeparator(code)) {
        gap++;
      } else {
        if (isDigit(previous) && isCaseFoldedAsciiLetter(code)) digitBeforeLetter = true;
        cluster = 0;
        gap = 0;
      }
    }
    previous = code;
  }
  if (runLength > 0 && runLength < shortestDigitRun) shortestDigitRun = runLength;
  let carried = 0;
  for (let k = digitRunReach.length - 1; k >= 0; k--) {
    const digits = Math.abs(digitRunReach[k]!);
    const joinsPrevious = digitRunReach[k]! < 0;
    digitRunReach[k] = digits + carried;
    carried = joinsPrevious ? digitRunReach[k]! : 0;
  }
  return { maxClusterDigits, letterBeforeDigit, digitBeforeLetter, digitRunStarts, digitRunReach, shortestDigitRun };
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

/** A letter (as `[A-Z]` under `iu`) that is not glued to a letter or digit before it. */
export function isTokenStartingLetter(code: number, previous: number): boolean {
  return isCaseFoldedAsciiLetter(code) && !isAsciiAlphanumeric(previous);
}

/**
 * Where a sticky pattern can start, relative to the digit runs (see `execAtStarts`).
 * `offsets` are ascending and span at most 2: runs start at least 2 apart, so the positions
 * then come out ascending (repeats aside). `canStartWith` must accept every position the
 * pattern can start at; `minDigits` is the fewest digits an accepted match holds.
 */
export interface StartRule {
  readonly offsets: readonly number[];
  readonly canStartWith: StartCheck;
  readonly minDigits: number;
  /**
   * Optional test of a whole digit run (`text`, its start): false when no accepted match can
   * hold this run, so none of its positions is tried. Like `canStartWith`, it may only reject.
   */
  readonly canUseRun?: (text: string, runStart: number) => boolean;
}

/** Length of the digit run starting at `runStart`. */
export function digitRunLength(text: string, runStart: number): number {
  let end = runStart;
  while (end < text.length && isDigit(text.charCodeAt(end))) end++;
  return end - runStart;
}

/** A digit-led pattern whose accepted matches hold at least `minDigits` digits. */
export function digitRunRule(minDigits: number): StartRule {
  return { offsets: [0], canStartWith: isDigit, minDigits };
}

/**
 * `digitRunRule` for a pattern whose lookbehind rejects an ASCII letter or digit (when
 * `afterAlphanumeric` is false) or one of `blockedBefore` right before its first digit, and
 * whose first digit is one of `firstDigits`. The check spares the regex call at runs that
 * follow a dot, a dash or a letter ("10.93.229.92", "15.05.1947", "Nr123"), where it must fail.
 */
export function digitRunRuleNotAfter(
  minDigits: number,
  blockedBefore: string,
  { afterAlphanumeric = true, firstDigits = '0123456789' }: { afterAlphanumeric?: boolean; firstDigits?: string } = {},
): StartRule {
  const blocked = new Uint8Array(128);
  for (const c of blockedBefore) blocked[c.charCodeAt(0)] = 1;
  const first = new Uint8Array(128);
  for (const c of firstDigits) first[c.charCodeAt(0)] = 1;
  const canStartWith: StartCheck = (code, previous) =>
    code < 128 && first[code] === 1 && !(previous >= 0 && previous < 128 && blocked[previous] === 1) && (afterAlphanumeric || !isAsciiAlphanumeric(previous));
  return { offsets: [0], canStartWith, minDigits };
}

/**
 * The next match of a *sticky* (`y`) pattern starting at a position `rule` allows, at or after
 * `from`: the same result a global scan from `from` gives, provided every possible start of an
 * accepted match is such a position. Lookbehinds still see the whole text. Runs whose cluster
 * reach is below `rule.minDigits` are skipped. Returns null when none matches.
 */
export function execAtStarts(pattern: RegExp, text: string, facts: TextFacts, rule: StartRule, from: number): RegExpExecArray | null {
  const { offsets, canStartWith, minDigits, canUseRun } = rule;
  let lastTried = from - 1;
  const { digitRunStarts, digitRunReach } = facts;
  for (let k = 0; k < digitRunStarts.length; k++) {
    if (digitRunReach[k]! < minDigits) continue;
    const runStart = digitRunStarts[k]!;
    if (canUseRun !== undefined && !canUseRun(text, runStart)) continue;
    for (const offset of offsets) {
      const position = runStart + offset;
      if (position <= lastTried) continue;
      lastTried = position;
      // A cheap look at the first character spares most regex calls at negative offsets.
      if (!canStartWith(text.charCodeAt(position), position > 0 ? text.charCodeAt(position - 1) : -1)) continue;
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
