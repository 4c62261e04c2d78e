import {
  isCodiceFiscaleValid,
  isDutchBsnValid,
  isFrenchNirValid,
  isGermanTaxIdValid,
  isPeselValid,
  isSpanishIdValid,
  isUkNinoValid,
} from './validators.js';
import { AT_DIGIT_RUN, execAtStarts } from './text-facts.js';
import type { DetectContext, Finding } from './types.js';

/** 9 to 11 digits, optionally grouped by spaces, dots or dashes (BSN, PESEL, Steuer-ID). */
const NUMERIC_ID_CANDIDATE = /(?<![\p{L}\p{N}.\-])\d(?:[ .\-]?\d){8,10}(?![\p{N}]|[.\-]\d)/uy;
const TAX_ID_WORD = /(?:steuer[\s-]?id|steuer[\s-]?identifikationsnummer|steueridentifikationsnummer|identifikationsnummer|steuerliche\s+id|id[\s-]?nr|idnr|tax\s+id|tin)(?![\p{L}])/iu;
const PESEL_WORD = /pesel/iu;
const BSN_WORD = /(?:bsn|burgerservicenummer|sofi[\s-]?nummer)(?![\p{L}])/iu;

const NIR_CANDIDATE = /(?<![\p{L}\p{N}])[1-478][ .]?\d{2}[ .]?\d{2}[ .]?(?:\d{2}|2[AB])[ .]?\d{3}[ .]?\d{3}[ .]?\d{2}(?![\p{L}\p{N}])/iuy;
const SPANISH_ID_CANDIDATE = /(?<![\p{L}\p{N}])(?:[XYZ][\-]?)?\d{7,8}(?:-?[A-Z]|-?[a-z]|[ ][A-Z])(?![\p{L}\p{N}])/uy;
const NIE_LOWER_CANDIDATE = /(?<![\p{L}\p{N}])[xyz]-?\d{7}-?[a-z](?![\p{L}\p{N}])/uy;
const CODICE_FISCALE_CANDIDATE = /(?<![\p{L}\p{N}])[A-Z]{6}[0-9LMNPQRSTUV]{2}[A-Z][0-9LMNPQRSTUV]{2}[A-Z][0-9LMNPQRSTUV]{3}[A-Z](?![\p{L}\p{N}])/giu;
const NINO_CANDIDATE = /(?<![\p{L}\p{N}])[A-Z]{2}[ ]?\d{2}[ ]?\d{2}[ ]?\d{2}[ ]?[A-D](?![\p{L}\p{N}])/iuy;

const SEPARATORS = /[ .\-]/g;
/**
 * The sticky (`y`) candidates above are tried only where they can start relative to a digit
 * run: at it, or one to three characters before it for a leading letter ("X-1234567L", "AB 12").
 */
const SPANISH_OFFSETS = [-2, -1, 0];
const NIE_LOWER_OFFSETS = [-2, -1];
const NINO_OFFSETS = [-3, -2];

/**
 * Finds national identifiers and keeps only checksum- or rule-valid ones: ES DNI/NIE,
 * IT codice fiscale, FR NIR, UK NINO everywhere; DE Steuer-ID, PL PESEL and NL BSN only after
 * their name, because a bare 9-11 digit run passes those weak checksums too often by chance.
 */
export function detectNationalIds(text: string, context: DetectContext, out: Finding[]): void {
  const { maxClusterDigits, letterBeforeDigit, digitBeforeLetter } = context.facts;
  // Each scan needs a digit run of its own length; a NIR with Corsica's "2A" splits its digits at a letter.
  if (maxClusterDigits >= 13 || (maxClusterDigits >= 3 && digitBeforeLetter)) {
    scanWith(NIR_CANDIDATE, AT_DIGIT_RUN, context, text, out, (v) => isFrenchNirValid(v.replace(SEPARATORS, '')));
  }
  if (maxClusterDigits >= 7) {
    scanWith(SPANISH_ID_CANDIDATE, SPANISH_OFFSETS, context, text, out, (v) => isSpanishIdValid(v.replace(/[ \-]/g, '')));
    scanWith(NIE_LOWER_CANDIDATE, NIE_LOWER_OFFSETS, context, text, out, (v) => isSpanishIdValid(v.replace(/-/g, '')));
  }
  // A codice fiscale that holds a digit has a letter right before its first digit.
  if (letterBeforeDigit) scanAll(CODICE_FISCALE_CANDIDATE, text, out, (v) => /\d/.test(v) && isCodiceFiscaleValid(v));
  if (maxClusterDigits >= 6) scanWith(NINO_CANDIDATE, NINO_OFFSETS, context, text, out, (v) => isUkNinoValid(v.replace(/ /g, '')));
  if (maxClusterDigits < 9) return;
  for (let m = execAtStarts(NUMERIC_ID_CANDIDATE, text, context.facts, AT_DIGIT_RUN, 0); m !== null; m = execAtStarts(NUMERIC_ID_CANDIDATE, text, context.facts, AT_DIGIT_RUN, m.index + m[0].length)) {
    const digits = m[0].replace(SEPARATORS, '');
    const before = text.slice(Math.max(0, m.index - 60), m.index);
    const valid =
      (digits.length === 11 && TAX_ID_WORD.test(before) && isGermanTaxIdValid(digits)) ||
      (digits.length === 11 && PESEL_WORD.test(before) && isPeselValid(digits)) ||
      (digits.length === 9 && BSN_WORD.test(before) && isDutchBsnValid(digits));
    if (valid) out.push({ type: 'NATIONAL_ID', start: m.index, end: m.index + m[0].length });
  }
}

function scanWith(
  pattern: RegExp,
  offsets: readonly number[],
  context: DetectContext,
  text: string,
  out: Finding[],
  isValid: (value: string) => boolean,
): void {
  for (let m = execAtStarts(pattern, text, context.facts, offsets, 0); m !== null; m = execAtStarts(pattern, text, context.facts, offsets, m.index + m[0].length)) {
    if (isValid(m[0])) out.push({ type: 'NATIONAL_ID', start: m.index, end: m.index + m[0].length });
  }
}

function scanAll(pattern: RegExp, text: string, out: Finding[], isValid: (value: string) => boolean): void {
  pattern.lastIndex = 0;
  for (let m = pattern.exec(text); m !== null; m = pattern.exec(text)) {
    if (isValid(m[0])) out.push({ type: 'NATIONAL_ID', start: m.index, end: m.index + m[0].length });
  }
}
