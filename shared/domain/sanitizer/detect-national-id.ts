import {
  isCodiceFiscaleValid,
  isDutchBsnValidIn,
  isFrenchNirValid,
  isGermanTaxIdValidIn,
  isPeselValidIn,
  isSpanishIdValid,
  isUkNinoValid,
} from './validators.js';
import {
  digitRunRuleNotAfter,
  isAsciiLetter,
  isAsciiAlphanumeric,
  isCaseFoldedAsciiLetter,
  isDigit,
  isNotAfterAlphanumeric,
  startRule,
  type StartRule,
  nextMatchAtStarts,
} from './text-facts.js';
import type { DetectContext, Finding } from './types.js';

/** 9 to 11 digits, optionally grouped by spaces, dots or dashes (BSN, PESEL, Steuer-ID). */
const NUMERIC_ID_CANDIDATE = /(?<![\p{L}\p{N}.\-])\d(?:[ .\-]?\d){8,10}(?![\p{N}]|[.\-]\d)/uy;
const TAX_ID_WORD = /(?:steuer[\s-]?id|steuer[\s-]?nummer|steuer[\s-]?identifikationsnummer|steueridentifikationsnummer|identifikationsnummer|steuerliche\s+id|id[\s-]?nr|idnr|tax\s+id|tin)(?![\p{L}])/iu;
const PESEL_WORD = /pesel/iu;
const BSN_WORD = /(?:bsn|burgerservicenummer|sofi[\s-]?nummer)(?![\p{L}])/iu;

const NIR_CANDIDATE = /(?<![\p{L}\p{N}])[1-478][ .]?\d{2}[ .]?\d{2}[ .]?(?:\d{2}|2[AB])[ .]?\d{3}[ .]?\d{3}[ .]?\d{2}(?![\p{L}\p{N}])/iuy;
const SPANISH_ID_CANDIDATE = /(?<![\p{L}\p{N}])(?:[XYZ][\- ]?)?\d{7,8}(?:-?[A-Z]|-?[a-z]|[ ][A-Z])(?![\p{L}\p{N}])/uy;
/** A DNI written with thousands dots, as on many Spanish forms: "53.211.904-R". */
const DOTTED_DNI_CANDIDATE = /(?<![\p{L}\p{N}.])\d{1,2}\.\d{3}\.\d{3}(?:-?[A-Z]|[ ][A-Z])(?![\p{L}\p{N}])/uy;
const NIE_LOWER_CANDIDATE = /(?<![\p{L}\p{N}])[xyz]-?\d{7}-?[a-z](?![\p{L}\p{N}])/uy;
const CODICE_FISCALE_CANDIDATE = /(?<![\p{L}\p{N}])[A-Z]{6}[0-9LMNPQRSTUV]{2}[A-Z][0-9LMNPQRSTUV]{2}[A-Z][0-9LMNPQRSTUV]{3}[A-Z](?![\p{L}\p{N}])/iuy;
const NINO_CANDIDATE = /(?<![\p{L}\p{N}])[A-Z]{2}[ ]?\d{2}[ ]?\d{2}[ ]?\d{2}[ ]?[A-D](?![\p{L}\p{N}])/iuy;

const SEPARATORS = /[ .\-]/g;
/**
 * The sticky (`y`) candidates above are tried only where they can start relative to a digit
 * run: at it, or one to three characters before it for a leading letter ("X-1234567L", "AB 12").
 */
const isXyzOrDigit = (code: number): boolean => isDigit(code) || code === 88 || code === 89 || code === 90;
const isLowerXyz = (code: number): boolean => code === 120 || code === 121 || code === 122;
/**
 * Whether NIR_CANDIDATE's body (all but its lookarounds) matches at `start`: a plain walk, since
 * each optional separator must be followed by a digit and the groups have fixed lengths. Spares
 * the regex call at most candidates (0.4 a message, 1 in 20 a NIR).
 */
function hasNirShapeAt(text: string, start: number): boolean {
  const first = text.charCodeAt(start);
  if (!(first === 49 || first === 50 || first === 51 || first === 52 || first === 55 || first === 56)) return false;
  let i = digitsAfterSeparator(text, start + 1, 2, NIR_SEPARATOR);
  if (i >= 0) i = digitsAfterSeparator(text, i, 2, NIR_SEPARATOR);
  if (i < 0) return false;
  // `(?:\d{2}|2[AB])`, case-insensitive.
  if (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 46) i++;
  const letter = text.charCodeAt(i + 1) | 0x20;
  if (isDigit(text.charCodeAt(i)) && isDigit(text.charCodeAt(i + 1))) i += 2;
  else if (text.charCodeAt(i) === 50 && (letter === 97 || letter === 98)) i += 2;
  else return false;
  i = digitsAfterSeparator(text, i, 3, NIR_SEPARATOR);
  if (i >= 0) i = digitsAfterSeparator(text, i, 3, NIR_SEPARATOR);
  if (i >= 0) i = digitsAfterSeparator(text, i, 2, NIR_SEPARATOR);
  return i >= 0;
}

/** Whether NINO_CANDIDATE's body (all but its lookarounds) matches at `start` (see `hasNirShapeAt`). */
function hasNinoShapeAt(text: string, start: number): boolean {
  if (!isCaseFoldedAsciiLetter(text.charCodeAt(start)) || !isCaseFoldedAsciiLetter(text.charCodeAt(start + 1))) return false;
  let i = digitsAfterSeparator(text, start + 2, 2, NINO_SEPARATOR);
  if (i >= 0) i = digitsAfterSeparator(text, i, 2, NINO_SEPARATOR);
  if (i >= 0) i = digitsAfterSeparator(text, i, 2, NINO_SEPARATOR);
  if (i < 0) return false;
  if (text.charCodeAt(i) === 32) i++;
  const suffix = text.charCodeAt(i) | 0x20;
  return suffix >= 97 && suffix <= 100;
}

const NIR_SEPARATOR = 1;
const NINO_SEPARATOR = 2;
/**
 * `[ .]?\d{count}` (NIR) or `[ ]?\d{count}` (NINO) at `i`: the index after it, or -1. The
 * separator is taken only when digits follow, as the regex ends up doing after backtracking.
 */
function digitsAfterSeparator(text: string, i: number, count: number, separators: number): number {
  const code = text.charCodeAt(i);
  if (code === 32 || (code === 46 && separators === NIR_SEPARATOR)) i++;
  for (const end = i + count; i < end; i++) if (!isDigit(text.charCodeAt(i))) return -1;
  return i;
}

/** A NIR with Corsica's "2A"/"2B" has only six digits before the letter. */
const NIR_START = digitRunRuleNotAfter(6, '', { afterAlphanumeric: false, firstDigits: '123478', canMatchAt: hasNirShapeAt });
/**
 * A DNI/NIE's digits are one whole run of 7-8 (7 for a lower-case NIE), followed by its letter
 * (after a dash or, DNI only, a space) and no letter or digit (as far as ASCII tells): other
 * runs are not tried at all.
 */
const SPANISH_START = startRule({
  offsets: [-2, -1, 0],
  startsWith: isXyzOrDigit,
  mayFollow: isNotAfterAlphanumeric,
  minDigits: 7,
  canUseRun: (text, runStart, length) => {
    if (length !== 7 && length !== 8) return false;
    // The letter after the digits: `-?[A-Za-z]` or `[ ][A-Z]`, then no letter or digit.
    const end = runStart + length;
    const next = text.charCodeAt(end);
    let letterEnd = end + 1;
    if (next === 45 || next === 32) {
      const letter = text.charCodeAt(end + 1);
      if (next === 45 ? !isAsciiLetter(letter) : !(letter >= 65 && letter <= 90)) return false;
      letterEnd = end + 2;
    } else if (!isAsciiLetter(next)) return false;
    return !isAsciiAlphanumeric(text.charCodeAt(letterEnd));
  },
});
const NIE_LOWER_START = startRule({
  offsets: [-2, -1],
  startsWith: isLowerXyz,
  mayFollow: isNotAfterAlphanumeric,
  minDigits: 7,
  canUseRun: (text, runStart, length) => {
    if (length !== 7) return false;
    // `-?[a-z]` after the digits, then no letter or digit.
    let letterAt = runStart + 7;
    if (text.charCodeAt(letterAt) === 45) letterAt++;
    const letter = text.charCodeAt(letterAt);
    return letter >= 97 && letter <= 122 && !isAsciiAlphanumeric(text.charCodeAt(letterAt + 1));
  },
});
/** A dotted DNI starts with a run of one or two digits followed by a dot and three digits, twice. */
const DOTTED_DNI_START = startRule({
  offsets: [0],
  startsWith: isDigit,
  mayFollow: (previous) => previous !== 46 && !isAsciiAlphanumeric(previous),
  minDigits: 7,
  canUseRun: (text, runStart, length) => {
    if (length !== 1 && length !== 2) return false;
    // `\.\d{3}\.\d{3}`, then `-?[A-Z]` or `[ ][A-Z]`, then no letter or digit.
    let i = runStart + length;
    for (let group = 0; group < 2; group++) {
      if (text.charCodeAt(i) !== 46 || !isDigit(text.charCodeAt(i + 1)) || !isDigit(text.charCodeAt(i + 2)) || !isDigit(text.charCodeAt(i + 3))) return false;
      i += 4;
    }
    const next = text.charCodeAt(i);
    if (next === 45 || next === 32) i++;
    const letter = text.charCodeAt(i);
    return letter >= 65 && letter <= 90 && !isAsciiAlphanumeric(text.charCodeAt(i + 1));
  },
});
/** A NINO's six digits come in pairs that may be spaced apart, so its first run holds two, four or six ("AB 12 34 56 C", "AB123456C"). */
const NINO_START = startRule({
  offsets: [-3, -2],
  minDigits: 6,
  startsWith: isCaseFoldedAsciiLetter,
  mayFollow: isNotAfterAlphanumeric,
  // Two letters right before the run, or two letters and a space.
  canUseRun: (text, runStart, length) =>
    (length === 2 || length === 4 || length === 6) &&
    (isCaseFoldedAsciiLetter(text.charCodeAt(runStart - 1))
      ? isCaseFoldedAsciiLetter(text.charCodeAt(runStart - 2))
      : text.charCodeAt(runStart - 1) === 32 && isCaseFoldedAsciiLetter(text.charCodeAt(runStart - 2)) && isCaseFoldedAsciiLetter(text.charCodeAt(runStart - 3))),
  canMatchAt: hasNinoShapeAt,
});

/**
 * Finds national identifiers and keeps only checksum- or rule-valid ones: ES DNI/NIE,
 * IT codice fiscale, FR NIR, UK NINO everywhere; DE Steuer-ID, PL PESEL and NL BSN only after
 * their name, because a bare 9-11 digit run passes those weak checksums too often by chance.
 */
export function detectNationalIds(text: string, context: DetectContext, out: Finding[]): void {
  const { maxClusterDigits, letterBeforeDigit, digitBeforeLetter } = context.facts;
  // Each scan needs a digit run of its own length; a NIR with Corsica's "2A" splits its digits at a letter.
  const scans = maxClusterDigits >= 6 ? scansWithUsableRuns(text, context, maxClusterDigits >= 13 || digitBeforeLetter) : 0;
  if ((scans & NIR_SCAN) !== 0) scanWith(NIR_CANDIDATE, NIR_START, context, text, out, isNirCandidateValid);
  if ((scans & SPANISH_SCAN) !== 0) scanWith(SPANISH_ID_CANDIDATE, SPANISH_START, context, text, out, isSpanishCandidateValid);
  if ((scans & NIE_LOWER_SCAN) !== 0) scanWith(NIE_LOWER_CANDIDATE, NIE_LOWER_START, context, text, out, isLowerNieCandidateValid);
  if ((scans & DOTTED_DNI_SCAN) !== 0) scanWith(DOTTED_DNI_CANDIDATE, DOTTED_DNI_START, context, text, out, isDottedDniCandidateValid);
  // A codice fiscale that holds a digit has a letter right before its first digit.
  if (letterBeforeDigit) scanCodiceFiscale(text, context, out);
  if ((scans & NINO_SCAN) !== 0) scanWith(NINO_CANDIDATE, NINO_START, context, text, out, isNinoCandidateValid);
  // Every 9-11-digit ID needs its name before it: one pass over the text for the names' stems spares
  // the candidates and checksums of most messages with such runs (phone numbers, IP addresses).
  if (maxClusterDigits < 9 || !mayHoldIdWord(text)) return;
  const { digitRunStarts, digitRunReach } = context.facts;
  // Where the next candidate may start: the end of the last one, as a global scan would go on.
  let from = 0;
  for (let k = 0; k < digitRunStarts.length; k++) {
    const start = digitRunStarts[k]!;
    if (digitRunReach[k]! < 9 || start < from) continue;
    const end = numericIdEndAt(text, start);
    if (end < 0) continue;
    from = end;
    const digitCount = countDigits(text, start, end);
    if (digitCount !== 11 && digitCount !== 9) continue;
    // Checksums before the ID word, read in place: they reject most numbers of these lengths (phone
    // numbers above all) for less than a word search costs. A wide window: "Meine
    // Steueridentifikationsnummer? ... in DE hatte ich 62 839 045 129".
    const valid =
      digitCount === 11
        ? (isGermanTaxIdValidIn(text, start, end) && TAX_ID_WORD.test(windowBefore(text, start))) || (isPeselValidIn(text, start, end) && PESEL_WORD.test(windowBefore(text, start)))
        : isDutchBsnValidIn(text, start, end) && BSN_WORD.test(windowBefore(text, start));
    if (valid) out.push({ type: 'NATIONAL_ID', start, end });
  }
}

/**
 * Whether `text` holds, in either case, one of the stems "id", "teuer", "tin", "pe_el", "b_n",
 * "burger" or "ofi" (`_` an s or long s): every alternative of TAX_ID_WORD, PESEL_WORD and
 * BSN_WORD holds one, so without one none of them matches anywhere. The stems avoid letters that
 * `/iu` also matches outside ASCII (s, k) except where spelled out. A necessary condition, so
 * results stay exact; it rejects about 6 in 7 messages with a run of 9 or more digits.
 */
function mayHoldIdWord(text: string): boolean {
  const last = text.length - 1;
  for (let i = 0; i < last; i++) {
    const c = text.charCodeAt(i) | 32;
    if (c === 105) {
      if (foldedAt(text, i + 1) === 100) return true;
    } else if (c === 116) {
      const next = foldedAt(text, i + 1);
      if (next === 105 ? foldedAt(text, i + 2) === 110 : next === 101 && foldedAt(text, i + 2) === 117 && foldedAt(text, i + 3) === 101 && foldedAt(text, i + 4) === 114) return true;
    } else if (c === 112) {
      if (foldedAt(text, i + 1) === 101 && isSAt(text, i + 2) && foldedAt(text, i + 3) === 101 && foldedAt(text, i + 4) === 108) return true;
    } else if (c === 98) {
      if (isSAt(text, i + 1) ? foldedAt(text, i + 2) === 110 : foldedAt(text, i + 1) === 117 && foldedAt(text, i + 2) === 114 && foldedAt(text, i + 3) === 103 && foldedAt(text, i + 4) === 101 && foldedAt(text, i + 5) === 114) return true;
    } else if (c === 111) {
      if (foldedAt(text, i + 1) === 102 && foldedAt(text, i + 2) === 105) return true;
    }
  }
  return false;
}

/** The code at `index` with bit 5 set (A-Z as a-z; no other character becomes a-z), 0 past the end. */
function foldedAt(text: string, index: number): number {
  return index < text.length ? text.charCodeAt(index) | 32 : 0;
}

/** An s, S or long s (which `/iu` matches to "s") at `index`. */
function isSAt(text: string, index: number): boolean {
  if (index >= text.length) return false;
  const code = text.charCodeAt(index);
  return (code | 32) === 115 || code === 0x17f;
}

/** The 100 characters before `start`, where an ID's name must be. */
function windowBefore(text: string, start: number): string {
  return text.slice(Math.max(0, start - 100), start);
}

/** The digits 0-9 in `text` from `start` to `end`. */
function countDigits(text: string, start: number, end: number): number {
  let count = 0;
  for (let i = start; i < end; i++) if (isDigit(text.charCodeAt(i))) count++;
  return count;
}

/**
 * The end of NUMERIC_ID_CANDIDATE's match at `start` (a digit-run start), or -1 without one:
 * the pattern's own verdict, read off the characters where they are ASCII, from the pattern
 * itself where a non-ASCII character (a letter or number to `\p{L}`/`\p{N}`?) borders the digits.
 * Why: the sticky call and its match array cost more than the few comparisons, at 0.7 candidates a message.
 */
function numericIdEndAt(text: string, start: number): number {
  const previous = start > 0 ? text.charCodeAt(start - 1) : -1;
  if (previous >= 128) return numericIdEndByPattern(text, start);
  // The lookbehind: no letter, digit, dot or dash right before.
  if (previous !== -1 && (isAsciiAlphanumeric(previous) || previous === 46 || previous === 45)) return -1;
  // `(?:[ .\-]?\d){8,10}`, greedy: each group is a digit, or one separator and a digit.
  let i = start + 1;
  let groups = 0;
  // The last end after eight or more groups where the next group starts with a space: where backtracking stops.
  let endBeforeSpace = -1;
  while (groups < 10) {
    const code = text.charCodeAt(i);
    if (isDigit(code)) i++;
    else if ((code === 32 || code === 46 || code === 45) && isDigit(text.charCodeAt(i + 1))) {
      if (code === 32 && groups >= 8) endBeforeSpace = i;
      i += 2;
    } else break;
    groups++;
  }
  if (groups < 8) return -1;
  // The lookahead `(?![\p{N}]|[.\-]\d)` at the greedy end; before an inner group only a space passes it.
  const next = text.charCodeAt(i);
  if (next >= 128) return numericIdEndByPattern(text, start);
  if (!(isDigit(next) || ((next === 46 || next === 45) && isDigit(text.charCodeAt(i + 1))))) return i;
  return endBeforeSpace;
}

function numericIdEndByPattern(text: string, start: number): number {
  NUMERIC_ID_CANDIDATE.lastIndex = start;
  const m = NUMERIC_ID_CANDIDATE.exec(text);
  return m === null ? -1 : start + m[0].length;
}

const SPANISH_SCAN = 1;
const NIE_LOWER_SCAN = 2;
const DOTTED_DNI_SCAN = 4;
const NINO_SCAN = 8;
const NIR_SCAN = 16;
/**
 * Which of the NIR, Spanish, lower-case NIE, dotted DNI and NINO scans have a place their start
 * rule accepts, in one pass over the digit runs: without one a scan cannot match, and most
 * messages have none, so their passes are spared. For the NIR and the NINO the test is the whole
 * of what `execAtStarts` checks before its regex call (reach, first character, the one before,
 * `canMatchAt`); `nirPossible` is false when no digit cluster can hold a NIR.
 */
function scansWithUsableRuns(text: string, context: DetectContext, nirPossible: boolean): number {
  const { digitRunStarts, digitRunLengths, digitRunReach } = context.facts;
  let scans = 0;
  for (let k = 0; k < digitRunStarts.length; k++) {
    const reach = digitRunReach[k]!;
    if (reach < 6) continue;
    const runStart = digitRunStarts[k]!;
    const length = digitRunLengths[k]!;
    if (nirPossible && (scans & NIR_SCAN) === 0 && canStartNirAt(text, runStart)) scans |= NIR_SCAN;
    if ((length === 2 || length === 4 || length === 6) && (scans & NINO_SCAN) === 0 && canStartNinoBefore(text, runStart, length)) scans |= NINO_SCAN;
    if (reach < 7) continue;
    if (SPANISH_START.canUseRun!(text, runStart, length)) scans |= SPANISH_SCAN;
    if (NIE_LOWER_START.canUseRun!(text, runStart, length)) scans |= NIE_LOWER_SCAN;
    if (DOTTED_DNI_START.canUseRun!(text, runStart, length)) scans |= DOTTED_DNI_SCAN;
  }
  return scans;
}

/** NIR_START's checks at a digit run's start: no ASCII letter or digit before it, the NIR's shape (its first digit included). */
function canStartNirAt(text: string, runStart: number): boolean {
  return (runStart === 0 || !isAsciiAlphanumeric(text.charCodeAt(runStart - 1))) && hasNirShapeAt(text, runStart);
}

/** NINO_START's checks before a digit run: its `canUseRun`, then a start one or two letters (and a space) before with the NINO's shape. */
function canStartNinoBefore(text: string, runStart: number, length: number): boolean {
  return NINO_START.canUseRun!(text, runStart, length) && (canStartNinoAt(text, runStart - 3) || canStartNinoAt(text, runStart - 2));
}

function canStartNinoAt(text: string, position: number): boolean {
  return position >= 0 && isCaseFoldedAsciiLetter(text.charCodeAt(position)) && (position === 0 || !isAsciiAlphanumeric(text.charCodeAt(position - 1))) && hasNinoShapeAt(text, position);
}

const SPACES_AND_DASHES = /[ \-]/g;
const DASHES = /-/g;
const SPACES = / /g;
const A_DIGIT = /\d/;
const isNirCandidateValid = (v: string): boolean => isFrenchNirValid(v.replace(SEPARATORS, ''));
const isSpanishCandidateValid = (v: string): boolean => isSpanishIdValid(v.replace(SPACES_AND_DASHES, ''));
const isLowerNieCandidateValid = (v: string): boolean => isSpanishIdValid(v.replace(DASHES, ''));
/** "1.234.567-L" is DNI 01234567L: the leading zero is left out when the number is written with dots. */
const isDottedDniCandidateValid = (v: string): boolean => isSpanishIdValid(v.replace(SEPARATORS, '').padStart(9, '0'));
const isNinoCandidateValid = (v: string): boolean => isUkNinoValid(v.replace(SPACES, ''));

function scanWith(
  pattern: RegExp,
  rule: StartRule,
  context: DetectContext,
  text: string,
  out: Finding[],
  isValid: (value: string) => boolean,
): void {
  const { facts } = context;
  for (let m = nextMatchAtStarts(pattern, text, facts, rule, null); m !== null; m = nextMatchAtStarts(pattern, text, facts, rule, m)) {
    if (isValid(m[0])) out.push({ type: 'NATIONAL_ID', start: m.index, end: m.index + m[0].length });
  }
}

/**
 * Whether CODICE_FISCALE_CANDIDATE's sixteen characters (all but its lookarounds) fit at
 * `start`: letters (`[A-Z]` under `iu`) and digit places (`[0-9LMNPQRSTUV]`, omocodia letters
 * included) where the pattern has them. Spares the regex call at most tokens.
 */
function hasCodiceFiscaleShapeAt(text: string, start: number): boolean {
  for (let i = 0; i < 16; i++) {
    const code = text.charCodeAt(start + i);
    if (CODICE_FISCALE_DIGIT_PLACES[i] === 1 ? !isCodiceFiscaleDigit(code) : !isCaseFoldedAsciiLetter(code)) return false;
  }
  return true;
}

/** 1 where the codice fiscale has a digit (or its omocodia letter), 0 where it has a letter. */
const CODICE_FISCALE_DIGIT_PLACES = [0, 0, 0, 0, 0, 0, 1, 1, 0, 1, 1, 0, 1, 1, 1, 0];

/** `[0-9LMNPQRSTUV]` under `iu`: a digit, one of those letters in either case, or the long s. */
function isCodiceFiscaleDigit(code: number): boolean {
  if (isDigit(code) || code === 0x17f) return true;
  const lower = code | 32;
  return isAsciiLetter(code) && lower >= 108 && lower <= 118 && lower !== 111;
}

/**
 * A codice fiscale is one 16-character token and the validator wants a digit in it, so it is
 * tried only at the start of a token that holds a digit run right after a letter.
 */
function scanCodiceFiscale(text: string, context: DetectContext, out: Finding[]): void {
  let lastTokenStart = -1;
  for (const runStart of context.facts.digitRunStarts) {
    if (runStart === 0 || !isCaseFoldedAsciiLetter(text.charCodeAt(runStart - 1))) continue;
    let tokenStart = runStart - 1;
    while (tokenStart > 0 && (isCaseFoldedAsciiLetter(text.charCodeAt(tokenStart - 1)) || isDigit(text.charCodeAt(tokenStart - 1)))) tokenStart--;
    if (tokenStart === lastTokenStart || runStart - tokenStart < 6) continue;
    lastTokenStart = tokenStart;
    if (!hasCodiceFiscaleShapeAt(text, tokenStart)) continue;
    CODICE_FISCALE_CANDIDATE.lastIndex = tokenStart;
    const m = CODICE_FISCALE_CANDIDATE.exec(text);
    if (m !== null && A_DIGIT.test(m[0]) && isCodiceFiscaleValid(m[0])) out.push({ type: 'NATIONAL_ID', start: m.index, end: m.index + m[0].length });
  }
}
