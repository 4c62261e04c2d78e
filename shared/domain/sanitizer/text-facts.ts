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
  /** An ASCII letter directly before a digit ("DE89", "RSSMRA85"). */
  readonly letterBeforeDigit: boolean;
  /** An ASCII letter directly after a digit ("2A", "12345678Z", "221B"). */
  readonly digitBeforeLetter: boolean;
  /** Index of every digit not preceded by a digit, ascending: where digit-led patterns can start. */
  readonly digitRunStarts: readonly number[];
}

/** Separators allowed inside a number: space, NBSP, tab/newline, `-`, `.`, `/`, brackets. */
function isNumberSeparator(code: number): boolean {
  return code === 32 || code === 0xa0 || code === 45 || code === 46 || code === 47 || code === 40 || code === 41 || (code >= 9 && code <= 13);
}
function isAsciiLetter(code: number): boolean {
  return (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
}
function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

/** `") ("` between "(030)" and "(0)": the widest separator run any detector allows is 3. */
const MAX_GAP = 3;

/** Facts of a message without any digit: no digit-based detector can match. */
export const NO_DIGIT_FACTS: TextFacts = { maxClusterDigits: 0, letterBeforeDigit: false, digitBeforeLetter: false, digitRunStarts: [] };

/** Scans `text` once and returns its `TextFacts`. */
export function collectTextFacts(text: string): TextFacts {
  let maxClusterDigits = 0;
  let letterBeforeDigit = false;
  let digitBeforeLetter = false;
  let cluster = 0;
  let gap = 0;
  let previous = 0;
  const digitRunStarts: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (isDigit(code)) {
      cluster = cluster > 0 && gap <= MAX_GAP ? cluster + 1 : 1;
      gap = 0;
      if (cluster > maxClusterDigits) maxClusterDigits = cluster;
      if (!isDigit(previous)) {
        digitRunStarts.push(i);
        if (isAsciiLetter(previous)) letterBeforeDigit = true;
      }
    } else if (cluster > 0 && isNumberSeparator(code)) {
      gap++;
    } else {
      if (isDigit(previous) && isAsciiLetter(code)) digitBeforeLetter = true;
      cluster = 0;
      gap = 0;
    }
    previous = code;
  }
  return { maxClusterDigits, letterBeforeDigit, digitBeforeLetter, digitRunStarts };
}

/** Offsets for patterns that start at a digit run. */
export const AT_DIGIT_RUN: readonly number[] = [0];

/**
 * The next match of a *sticky* (`y`) pattern that starts at `runStart + offset` for some digit
 * run start and offset, at or after `from`: the same result a global scan from `from` gives,
 * provided every possible match start is such a position. Lookbehinds still see the whole text.
 * `offsets` must be ascending and span at most 2 (runs start at least 2 apart, so positions
 * then come out ascending, repeats aside). Returns null when none matches.
 */
export function execAtStarts(
  pattern: RegExp,
  text: string,
  facts: TextFacts,
  offsets: readonly number[],
  from: number,
): RegExpExecArray | null {
  let lastTried = from - 1;
  for (const runStart of facts.digitRunStarts) {
    for (const offset of offsets) {
      const position = runStart + offset;
      if (position <= lastTried) continue;
      lastTried = position;
      pattern.lastIndex = position;
      const match = pattern.exec(text);
      if (match !== null) return match;
    }
  }
  return null;
}
