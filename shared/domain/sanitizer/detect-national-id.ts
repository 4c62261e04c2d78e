import {
  isCodiceFiscaleValid,
  isDutchBsnValid,
  isFrenchNirValid,
  isGermanTaxIdValid,
  isPeselValid,
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
/**
 * Any of the three words anywhere in the text: a word found in the window before a number is
 * found in the text too (the window ends at a digit), so without one no bare number can pass.
 */
const NUMERIC_ID_WORD = new RegExp(`${TAX_ID_WORD.source}|${PESEL_WORD.source}|${BSN_WORD.source}`, 'iu');

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
/** A NIR with Corsica's "2A"/"2B" has only six digits before the letter. */
const NIR_START = digitRunRuleNotAfter(6, '', { afterAlphanumeric: false, firstDigits: '123478' });
/**
 * A DNI/NIE's digits are one whole run of 7-8 (7 for a lower-case NIE), followed by its letter,
 * a dash or (DNI only) a space: other runs are not tried at all.
 */
const SPANISH_START = startRule({
  offsets: [-2, -1, 0],
  startsWith: isXyzOrDigit,
  mayFollow: isNotAfterAlphanumeric,
  minDigits: 7,
  canUseRun: (text, runStart, length) => {
    const next = text.charCodeAt(runStart + length);
    return (length === 7 || length === 8) && (next === 45 || next === 32 || isAsciiLetter(next));
  },
});
const NIE_LOWER_START = startRule({
  offsets: [-2, -1],
  startsWith: isLowerXyz,
  mayFollow: isNotAfterAlphanumeric,
  minDigits: 7,
  canUseRun: (text, runStart, length) => {
    const next = text.charCodeAt(runStart + 7);
    return length === 7 && (next === 45 || (next >= 97 && next <= 122));
  },
});
/** A dotted DNI starts with a run of one or two digits followed by a dot and a digit. */
const DOTTED_DNI_START = startRule({
  offsets: [0],
  startsWith: isDigit,
  mayFollow: (previous) => previous !== 46 && !isAsciiAlphanumeric(previous),
  minDigits: 7,
  canUseRun: (text, runStart, length) =>
    (length === 1 || length === 2) && text.charCodeAt(runStart + length) === 46 && isDigit(text.charCodeAt(runStart + length + 1)),
});
/** A NINO's six digits come in pairs that may be spaced apart, so its first run holds two, four or six ("AB 12 34 56 C", "AB123456C"). */
const NINO_START = startRule({
  offsets: [-3, -2],
  minDigits: 6,
  startsWith: isCaseFoldedAsciiLetter,
  mayFollow: isNotAfterAlphanumeric,
  canUseRun: (_text, _runStart, length) => length === 2 || length === 4 || length === 6,
});
const NUMERIC_ID_START = digitRunRuleNotAfter(9, '.-', { afterAlphanumeric: false });

/**
 * Finds national identifiers and keeps only checksum- or rule-valid ones: ES DNI/NIE,
 * IT codice fiscale, FR NIR, UK NINO everywhere; DE Steuer-ID, PL PESEL and NL BSN only after
 * their name, because a bare 9-11 digit run passes those weak checksums too often by chance.
 */
export function detectNationalIds(text: string, context: DetectContext, out: Finding[]): void {
  const { maxClusterDigits, letterBeforeDigit, digitBeforeLetter } = context.facts;
  // Each scan needs a digit run of its own length; a NIR with Corsica's "2A" splits its digits at a letter.
  if (maxClusterDigits >= 13 || (maxClusterDigits >= 3 && digitBeforeLetter)) {
    scanWith(NIR_CANDIDATE, NIR_START, context, text, out, isNirCandidateValid);
  }
  if (maxClusterDigits >= 7) {
    scanWith(SPANISH_ID_CANDIDATE, SPANISH_START, context, text, out, isSpanishCandidateValid);
    scanWith(NIE_LOWER_CANDIDATE, NIE_LOWER_START, context, text, out, isLowerNieCandidateValid);
    scanWith(DOTTED_DNI_CANDIDATE, DOTTED_DNI_START, context, text, out, isDottedDniCandidateValid);
  }
  // A codice fiscale that holds a digit has a letter right before its first digit.
  if (letterBeforeDigit) scanCodiceFiscale(text, context, out);
  if (maxClusterDigits >= 6) scanWith(NINO_CANDIDATE, NINO_START, context, text, out, isNinoCandidateValid);
  if (maxClusterDigits < 9) return;
  const { facts } = context;
  // Whether one of the ID words occurs at all, asked only once a number of an ID's length turns up.
  let idWordInText: boolean | undefined;
  for (let m = nextMatchAtStarts(NUMERIC_ID_CANDIDATE, text, facts, NUMERIC_ID_START, null); m !== null; m = nextMatchAtStarts(NUMERIC_ID_CANDIDATE, text, facts, NUMERIC_ID_START, m)) {
    const digits = m[0].replace(SEPARATORS, '');
    if (digits.length !== 11 && digits.length !== 9) continue;
    if ((idWordInText ??= NUMERIC_ID_WORD.test(text)) === false) return;
    // A wide window: "Meine Steueridentifikationsnummer? ... in DE hatte ich 62 839 045 129". The checksum still has to pass.
    const before = text.slice(Math.max(0, m.index - 100), m.index);
    const valid =
      (digits.length === 11 && TAX_ID_WORD.test(before) && isGermanTaxIdValid(digits)) ||
      (digits.length === 11 && PESEL_WORD.test(before) && isPeselValid(digits)) ||
      (digits.length === 9 && BSN_WORD.test(before) && isDutchBsnValid(digits));
    if (valid) out.push({ type: 'NATIONAL_ID', start: m.index, end: m.index + m[0].length });
  }
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
    CODICE_FISCALE_CANDIDATE.lastIndex = tokenStart;
    const m = CODICE_FISCALE_CANDIDATE.exec(text);
    if (m !== null && A_DIGIT.test(m[0]) && isCodiceFiscaleValid(m[0])) out.push({ type: 'NATIONAL_ID', start: m.index, end: m.index + m[0].length });
  }
}
