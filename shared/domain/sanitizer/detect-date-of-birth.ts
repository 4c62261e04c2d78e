import { escapeRegex, joinAlternatives } from './keywords.js';
import { isDigit, isWhiteSpace, type TextFacts } from './text-facts.js';
import type { DetectContext, Finding } from './types.js';

const MONTHS = [
  'january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december',
  'jan', 'feb', 'mar', 'apr', 'jun', 'jul', 'aug', 'sep', 'sept', 'oct', 'nov', 'dec',
  'januar', 'jänner', 'februar', 'märz', 'maerz', 'mai', 'juni', 'juli', 'oktober', 'dezember', 'okt', 'dez',
  'janvier', 'février', 'fevrier', 'mars', 'avril', 'juin', 'juillet', 'août', 'aout', 'septembre', 'octobre', 'novembre', 'décembre', 'decembre',
  'enero', 'febrero', 'marzo', 'abril', 'mayo', 'junio', 'julio', 'agosto', 'septiembre', 'setiembre', 'octubre', 'noviembre', 'diciembre',
  'gennaio', 'febbraio', 'aprile', 'maggio', 'giugno', 'luglio', 'settembre', 'ottobre', 'dicembre',
  'januari', 'februari', 'maart', 'mei', 'augustus',
  'stycznia', 'lutego', 'marca', 'kwietnia', 'maja', 'czerwca', 'lipca', 'sierpnia', 'września', 'października', 'listopada', 'grudnia',
  'janeiro', 'fevereiro', 'março', 'maio', 'junho', 'julho', 'setembro', 'outubro', 'novembro', 'dezembro',
];
const MONTH = `(?:${joinAlternatives([...new Set(MONTHS)])})`;
const YEAR = String.raw`(?:19|20)\d{2}`;

/** Numeric, day-first textual, month-first textual and Roman-month dates with a full year, or `dd.mm.yy`. */
const DATE = new RegExp(
  [
    String.raw`(?<![\p{N}.\/\-])\d{1,2}([.\/\-])\s?\d{1,2}\1\s?(?:${YEAR}|\d{2})(?![\p{N}]|[.\/\-]\d)`,
    String.raw`(?<![\p{N}])${YEAR}-\d{2}-\d{2}(?![\p{N}])`,
    String.raw`(?<![\p{N}])\d{1,2}(?:st|nd|rd|th|er|º|°|\.)?\s+(?:of\s+|de\s+)?${MONTH}\.?,?\s+(?:de\s+)?${YEAR}(?![\p{N}])`,
    String.raw`(?<![\p{L}])${MONTH}\.?\s+\d{1,2}(?:st|nd|rd|th)?,?\s+${YEAR}(?![\p{N}])`,
    // "03-Apr-1985", "3/avril/1985": a month name between dashes or slashes, as on forms.
    String.raw`(?<![\p{N}])\d{1,2}([\-\/])${MONTH}\2${YEAR}(?![\p{N}])`,
    // "3.IV.1985", "3 IV 1985": a Roman month, as Polish and Italian writers often put it.
    String.raw`(?<![\p{N}])\d{1,2}(?:\.\s?|\s)(?:XII|XI|X|IX|VIII|VII|VI|V|IV|III|II|I)(?:\.\s?|\s)${YEAR}(?![\p{N}])`,
  ].join('|'),
  'giu',
);

const BEFORE_WORDS = [
  'geboren', 'geb.', 'geburtsdatum', 'geb.-datum', 'geb.datum', 'geburtstag', 'born', 'birth date', 'birthdate',
  'date of birth', 'dob', 'd.o.b.', 'birthday', 'né', 'née', 'date de naissance', 'naissance', 'nacido', 'nacida',
  'nací', 'naci', 'nació', 'nacio', 'fecha de nacimiento', 'f. nac.', 'nacimiento', 'cumpleaños', 'nato', 'nata', 'data di nascita',
  'nascita', 'geboortedatum', 'verjaardag', 'urodzony', 'urodzona', 'urodziłem się', 'urodziłam się', 'urodzin',
  'data urodzenia', 'ur.', 'urodził się', 'urodziła się', 'nascido', 'nascida', 'nasci', 'nasceu', 'data de nascimento',
  'nascimento', 'aniversário',
];
/** A birth keyword followed by at most five short filler words ("am", "is the", "ist der") and the date. */
const DOB_BEFORE = new RegExp(
  String.raw`(?<![\p{L}])(?:${joinAlternatives(BEFORE_WORDS.map(escapeRegex))})(?![\p{L}])(?:[\s:,\-–]+[\p{L}'’.]{1,14}){0,5}[\s:,\-–]*$`,
  'iu',
);
/** German/Dutch/Polish word order puts the verb after the date: "am 12.03.1985 in Köln geboren". */
const AFTER_WORDS = String.raw`geboren|born|urodzon[ya]|urodziłe[mś]|urodziłam|nacid[oa]|nat[oa]|né|née|nascid[oa]`;
const DOB_AFTER = new RegExp(String.raw`^(?:[\s,]+[\p{L}'’.]{1,12}){0,3}[\s,]+(?:${AFTER_WORDS})(?![\p{L}])`, 'iu');
/**
 * One stem of every word in `BEFORE_WORDS` and `AFTER_WORDS` (keep them in step): a cheap first
 * gate, since short stems search several times faster than the full word list.
 */
const BIRTH_STEM = /geb|born|birth|dob|d\.o\.b|né|nais|nac|cumple|nat|nasc|verjaar|urodz|ur\.|aniver/iu;
/** Any birth keyword anywhere: without one, no date in the text can be a date of birth. */
const BIRTH_WORD = new RegExp(`${joinAlternatives(BEFORE_WORDS.map(escapeRegex))}|${AFTER_WORDS}`, 'iu');

/**
 * An animal right before the date: "my dog's birthday is 02/06/2020", "Mon chat est né le
 * 05/05/2021". A pet's birthday is nobody's personal data, and shops ask for it for vouchers.
 * French "chat" only after a determiner, since "im Chat" and "in the chat" are chats.
 */
const PET_BEFORE = new RegExp(
  String.raw`(?<![\p{L}])(?:dog|dogs|puppy|cat|cats|kitten|pet|hund|hündin|welpe|katze|kater|haustier|chien|chienne|chiot|(?:mon|ma|notre|le|la|son|sa)\s(?:chat|chatte|chaton)|perro|perra|perrito|gato|gata|gatito|mascota|cane|cagnolino|gatto|gattino|hond|hondje|kat|katje|pies|piesek|kot|kotek|cão|cadela|gatinho)(?![\p{L}])[^.!?\n]*$`,
  'iu',
);

/**
 * Finds dates of birth: a date counts only with a birth keyword right before it (or a
 * "geboren"/"born" right after), so delivery and appointment dates are never redacted.
 */
export function detectDatesOfBirth(text: string, context: DetectContext, out: Finding[]): void {
  // Every date shape starts with a day, month or year run of at most 4 digits.
  if (context.facts.shortestDigitRun > 4) return;
  if (!hasDateShapedRun(text, context.facts)) return;
  if (!BIRTH_STEM.test(text) || !BIRTH_WORD.test(text)) return;
  DATE.lastIndex = 0;
  for (let m = DATE.exec(text); m !== null; m = DATE.exec(text)) {
    const start = m.index;
    const end = start + m[0].length;
    const before = text.slice(Math.max(0, start - 70), start);
    if ((DOB_BEFORE.test(before) || DOB_AFTER.test(text.slice(end, end + 50))) && !PET_BEFORE.test(before)) {
      out.push({ type: 'DATE_OF_BIRTH', start, end });
    }
  }
}

/**
 * A cheap necessary condition of `DATE`, checked before the keyword searches: every date shape
 * holds a year run of four digits starting with 19 or 20, or is numeric and then starts with
 * a run of one or two digits followed by `.`, `/` or `-`, an optional white space and a digit.
 */
function hasDateShapedRun(text: string, facts: TextFacts): boolean {
  const { digitRunStarts, digitRunLengths } = facts;
  for (let k = 0; k < digitRunStarts.length; k++) {
    const runStart = digitRunStarts[k]!;
    const length = digitRunLengths[k]!;
    if (length === 4) {
      const century = text.charCodeAt(runStart) * 256 + text.charCodeAt(runStart + 1);
      if (century === 49 * 256 + 57 || century === 50 * 256 + 48) return true;
    } else if (length <= 2) {
      let next = runStart + length;
      const separator = text.charCodeAt(next);
      if (separator !== 46 && separator !== 47 && separator !== 45) continue;
      next++;
      if (isWhiteSpace(text.charCodeAt(next))) next++;
      if (isDigit(text.charCodeAt(next))) return true;
    }
  }
  return false;
}
