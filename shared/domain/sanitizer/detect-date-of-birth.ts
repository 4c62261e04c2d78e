import { escapeRegex, hasFirstPersonWord, joinAlternatives } from './keywords.js';
import { YEAR_WORD_SEEN } from './address-words.js';
import { birthDateInId, isEncodedBirthDate, MONTH_NAMES_BY_NUMBER, type EncodedBirthDate } from './birth-date-in-id.js';
import { isAsciiLetter, isDigit, isWhiteSpace, type TextFacts } from './text-facts.js';
import type { DetectContext, Finding } from './types.js';

const MONTHS = MONTH_NAMES_BY_NUMBER.flat();
const MONTH = `(?:${joinAlternatives([...new Set(MONTHS)])})`;
const YEAR = String.raw`(?:19|20)\d{2}`;
/** After a two-digit year: no digit, and no clock time or count ("3. März 10 Uhr", "3 May 12:30", "3 April 20 Stück"). */
const NOT_A_TIME_OR_COUNT = String.raw`(?![\p{N}]|[:.,]\d|\s?(?:uhr|h|hrs?|am|pm|min|stk|stück|x|€|%)(?![\p{L}]))`;

/** English and German ordinal days in words ("twenty-ninth", "first", "neunzehnten", "einunddreißigsten"). */
const ORDINAL_DAY = String.raw`(?:(?:(?:twenty|thirty)[\s-])?(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth)|tenth|eleventh|twelfth|(?:thir|four|fif|six|seven|eigh|nine)teenth|twentieth|thirtieth|ersten|zweiten|dritten|vierten|fünften|sechsten|siebten|achten|neunten|zehnten|elften|zwölften|(?:drei|vier|fünf|sech|sieb|acht|neun)zehnten|(?:(?:ein|zwei|drei|vier|fünf|sechs|sieben|acht|neun)und)?zwanzigsten|(?:einund)?dreißigsten)(?![\p{L}])`;
/**
 * Days in words of the other six languages, cardinal as they are said ("el dos de marzo", "le
 * vingt-trois mai", "il tre giugno", "twaalf mei", "o dia cinco de abril") or ordinal as Polish
 * says them ("dwunastego maja").
 */
const CARDINAL_DAY = String.raw`(?:(?:uno|primero|dos|tres|cuatro|cinco|seis|siete|ocho|nueve|diez|once|doce|trece|catorce|quince|diecis[ée]is|diecisiete|dieciocho|diecinueve|veinte|veinti(?:uno|ún|d[óo]s|tr[ée]s|cuatro|cinco|s[ée]is|siete|ocho|nueve)|treinta(?:\sy\suno)?)|(?:um|primeiro|dois|três|quatro|sete|oito|nove|dez|onze|doze|treze|catorze|quatorze|quinze|deza?s?sete|dezasseis|dezesseis|dezoito|dezanove|dezenove|vinte(?:\se\s(?:um|dois|três|quatro|cinco|seis|sete|oito|nove))?|trinta(?:\se\sum)?)|(?:premier|deux|trois|quatre|cinq|six|sept|huit|neuf|dix|onze|douze|treize|quatorze|quinze|seize|dix-sept|dix-huit|dix-neuf|vingt(?:[\s\-]et[\s\-]un|-deux|-trois|-quatre|-cinq|-six|-sept|-huit|-neuf)?|trente(?:[\s\-]et[\s\-]un)?)|(?:primo|due|tre|quattro|cinque|sei|sette|otto|dieci|undici|dodici|tredici|quattordici|quindici|sedici|diciassette|diciotto|diciannove|venti|ventuno|ventidue|ventitr[ée]|ventiquattro|venticinque|ventisei|ventisette|ventotto|ventinove|trenta|trentuno)|(?:één|eerste|twee|drie|vier|vijf|zes|zeven|acht|negen|tien|elf|twaalf|dertien|veertien|vijftien|zestien|zeventien|achttien|negentien|twintig|(?:een|twee|drie|vier|vijf|zes|zeven|acht|negen)[eë]ntwintig|dertig|eenendertig)|(?:(?:dwudziestego|trzydziestego)\s)?(?:pierwszego|drugiego|trzeciego|czwartego|piątego|szóstego|siódmego|ósmego|dziewiątego|dziesiątego|jedenastego|dwunastego|trzynastego|czternastego|piętnastego|szesnastego|siedemnastego|osiemnastego|dziewiętnastego)|dwudziestego|trzydziestego)(?![\p{L}])`;
/**
 * "el dos de marzo de 1935", "twaalf mei 2016": a day in words of the other languages. Its own
 * pattern, asked only where a year follows a word (see `hasYearAfterWord`): as one more
 * alternative of DATE it slowed every scan of DATE.
 */
const DATE_WITH_DAY_IN_WORDS = new RegExp(String.raw`(?<![\p{L}])${CARDINAL_DAY}(?:\s+(?:de|di))?\s+${MONTH}\.?,?\s+(?:de\s+)?${YEAR}(?![\p{N}])`, 'giu');
/** The numeric dates: `d.m.yy`, `dd/mm/yyyy`, `yyyy-mm-dd`. */
const NUMERIC_DATE_SHAPES = [
  String.raw`(?<![\p{N}.\/\-])\d{1,2}([.\/\-])\s?\d{1,2}\1\s?(?:${YEAR}|\d{2})(?![\p{N}]|[.\/\-]\d)`,
  String.raw`(?<![\p{N}])${YEAR}-\d{2}-\d{2}(?![\p{N}])`,
];
/**
 * DATE without its named shapes: where `dateShapesIn` rules those out, it finds the same dates
 * for less, since the named shapes are tried at every letter.
 */
const NUMERIC_DATE = new RegExp(NUMERIC_DATE_SHAPES.join('|'), 'giu');
/** Numeric, day-first textual, month-first textual and Roman-month dates with a full year, or `dd.mm.yy`. */
const DATE = new RegExp(
  [
    ...NUMERIC_DATE_SHAPES,
    String.raw`(?<![\p{N}])\d{1,2}(?:st|nd|rd|th|er|º|°|\.)?\s+(?:of\s+|de\s+)?${MONTH}\.?,?\s+(?:de\s+)?${YEAR}(?![\p{N}])`,
    String.raw`(?<![\p{L}])${MONTH}\.?\s+\d{1,2}(?:st|nd|rd|th)?,?\s+${YEAR}(?![\p{N}])`,
    // "03-Apr-1985", "3/avril/1985": a month name between dashes or slashes, as on forms.
    String.raw`(?<![\p{N}])\d{1,2}([\-\/])${MONTH}\2${YEAR}(?![\p{N}])`,
    // "3.IV.1985", "3 IV 1985": a Roman month, as Polish and Italian writers often put it.
    String.raw`(?<![\p{N}])\d{1,2}(?:\.\s?|\s)(?:XII|XI|X|IX|VIII|VII|VI|V|IV|III|II|I)(?:\.\s?|\s)${YEAR}(?![\p{N}])`,
    // "the twenty-ninth of February 1992", "am neunzehnten Mai 1980": a day in words.
    String.raw`(?<![\p{L}])${ORDINAL_DAY}(?:\s+of)?\s+${MONTH}\.?,?\s+${YEAR}(?![\p{N}])`,
    // "3 March '85", "3. März 85": a two-digit year after a month name, not a time or a count after it.
    String.raw`(?<![\p{N}])\d{1,2}(?:st|nd|rd|th|er|º|°|\.)?\s+(?:of\s+|de\s+)?${MONTH}\.?,?\s+(?:de\s+)?['’]?\d{2}${NOT_A_TIME_OR_COUNT}`,
  ].join('|'),
  'giu',
);

/**
 * Keywords that are also the start or the end of common words ("gebucht", "Angebot", "best
 * new"): BIRTH_WORD looks for them as whole words only, so they do not open the date scan.
 * "je suis ne le 07/01/2006" is "né" typed without the accent: only after "suis"/"est", since a
 * bare "ne" is French's negation.
 */
const WHOLE_WORDS_ONLY = [
  'geb', 'fecha nac', 'f nac', 'data nasc', 'dt nasc', 'suis ne', 'suis nee', 'est ne', 'est nee',
  // French forms' "DDN" (date de naissance), "bday", and the form labels typed without their preposition.
  'ddn', 'bday', 'b-day', 'data nascita', 'date naissance', 'fecha nacimiento', 'data nascimento',
];
const BEFORE_WORDS = [
  'geboren', 'geb.', 'geburtsdatum', 'geb.-datum', 'geb.datum', 'geburtstag', 'born', 'birth date', 'birthdate',
  'date of birth', 'dob', 'd.o.b.', 'd.o.b', 'birthday', 'né', 'née', 'date de naissance', 'naissance', 'nacido', 'nacida',
  'nací', 'naci', 'nació', 'nacio', 'fecha de nacimiento', 'f. nac.', 'nacimiento', 'cumpleaños', 'nato', 'nata', 'data di nascita',
  'nascita', 'geboortedatum', 'verjaardag', 'urodzony', 'urodzona', 'urodziłem się', 'urodziłam się', 'urodzin',
  'data urodzenia', 'ur.', 'urodził się', 'urodziła się', 'nascido', 'nascida', 'nasci', 'nasceu', 'data de nascimento',
  'nascimento', 'aniversário',
  // Form abbreviations: "dt. nasc.", "data nasc.", "F. nac.", "fecha nac.", "geb.-dat.".
  'nasc.', 'nac.', 'f.nac', 'geb.-dat.', 'geb.dat.',
  // The same typed without their dots: "geb 7. Juli 1938", "fecha nac 07/08/95", "data nasc 3/4/80".
  ...WHOLE_WORDS_ONLY,
];
/** "Né(e) le", "nato/a il", "nacido(a) el": a form's ending for either gender after the word. */
const GENDER_ENDING = String.raw`(?:\((?:e|a|o)\)|\/(?:e|a|o)(?![\p{L}]))?`;
/**
 * A birth keyword followed by at most seven short filler words ("am", "is the", "(for the check)",
 * "wurde falsch erfasst, richtig ist der") and the date.
 */
const DOB_BEFORE = new RegExp(
  String.raw`(?<![\p{L}])(?:${joinAlternatives(BEFORE_WORDS.map(escapeRegex))})${GENDER_ENDING}(?![\p{L}])(?:[\s:,\-–()]+[\p{L}'’.]{1,14}){0,7}[\s:,\-–()]*$`,
  'iu',
);
/** German/Dutch/Polish word order puts the verb after the date: "am 12.03.1985 in Köln geboren". */
const AFTER_WORDS = String.raw`geboren|born|urodzon[ya]|urodziłe[mś]|urodziłam|nacid[oa]|nat[oa]|né|née|nascid[oa]`;
/** Nouns for a date of birth, said of a date right before them. */
const BIRTH_NOUNS = String.raw`date\s+of\s+birth|birth\s?date|birthday|dob|d\.o\.b\.?|geburtsdatum|geb\.-?datum|fecha\s+de\s+nacimiento|date\s+de\s+naissance|data\s+di\s+nascita|geboortedatum|data\s+urodzenia|data\s+de\s+nascimento`;
/**
 * A birth verb a few words after the date, or a birth noun said of it: "12.03.1985 is my date of
 * birth", "03.04.1990 ist mein Geburtsdatum", "3/4/1990 (DOB)". Not after a comma or a full stop:
 * "Lieferung 12.03.2024, mein Geburtstag ist am Freitag" is about the delivery.
 */
const DOB_AFTER = new RegExp(
  String.raw`^(?:(?:[\s,]+[\p{L}'’.]{1,12}){0,3}[\s,]+(?:${AFTER_WORDS})|\s*\(?\s*(?:(?:is|ist|es|est|è|jest|é|was|war|era|=)\s+)?(?:(?:my|mein|meine|mi|ma|mon|la|le|il|mia|mio|mijn|moja|mój|minha|meu|a|o|the|der|die|das|el|de|het)\s+){0,2}(?:${BIRTH_NOUNS}))(?![\p{L}])`,
  'iu',
);
/**
 * One stem of every word in `BEFORE_WORDS`, `AFTER_WORDS` and `BIRTH_NOUNS` (keep them in step): a
 * cheap first gate, since short stems search several times faster than the full word list.
 */
const BIRTH_STEM = /geb|born|birth|dob|d\.o\.b|né|nais|nac|cumple|nat|nasc|verjaar|urodz|ur\.|aniver|is ne|st ne|ddn|b-?day/iu;
/** Any birth keyword anywhere: without one, no date in the text can be a date of birth. */
const BIRTH_WORD = new RegExp(
  String.raw`${joinAlternatives(BEFORE_WORDS.filter((word) => !WHOLE_WORDS_ONLY.includes(word)).map(escapeRegex))}|${AFTER_WORDS}|${BIRTH_NOUNS}|(?<![\p{L}])(?:${joinAlternatives(WHOLE_WORDS_ONLY.map(escapeRegex))})(?![\p{L}])`,
  'iu',
);

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
 * A vet earlier in the sentence speaks of an animal, whatever its name: "our vet appointment for
 * Biscuit (born 12 May 2020)", "le vétérinaire a dit que Minou est né le 2 février 2018". Not
 * when a first-person word follows the vet ("my vet bill and my date of birth 12.05.1980"):
 * then the writer speaks of themselves. Group 1 is what follows the vet word.
 */
const VET_BEFORE = /(?<![\p{L}])(?:vets?|veterinary|vétérinaire|veterinaire|tierarzt|tierärztin|tierarztpraxis|tierklinik|veterinari[oa]|veterinári[oa]|dierenarts|dierenkliniek|weterynarz|weterynarza|weterynarii)(?![\p{L}])([^.!?\n]*)$/iu;

/** Whether the sentence before a date speaks of an animal (see PET_BEFORE and VET_BEFORE). */
function isAboutAnimal(before: string): boolean {
  if (PET_BEFORE.test(before)) return true;
  const vet = VET_BEFORE.exec(before);
  return vet !== null && !hasFirstPersonWord(vet[1]!);
}

/** Number words of the eight languages that can follow a year's first word ("nineteen seventy-seven", "mil novecientos ochenta y dos"). */
const NUMBER_WORD = String.raw`(?:hundred|oh|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|un|deux|trois|quatre|cinq|six|sept|huit|neuf|dix|onze|douze|treize|quatorze|quinze|seize|vingts?|trente|quarante|cinquante|soixante|cents?|uno|dos|tres|cuatro|cinco|seis|siete|ocho|nueve|diez|once|doce|trece|catorce|quince|dieci\p{L}+|veinte|veinti\p{L}+|treinta|cuarenta|cincuenta|sesenta|setenta|ochenta|noventa|um|dois|três|quatro|sete|oito|nove|dez|doze|treze|catorze|dezas?sete|dezesseis|dezasseis|dezoito|dezanove|dezenove|vinte|trinta|quarenta|cinquenta|sessenta|oitenta|noventa|dwadzieścia|trzydzieści|czterdzieści|pięćdziesiąt\p{L}*|sześćdziesiąt\p{L}*|siedemdziesiąt\p{L}*|osiemdziesiąt\p{L}*|dziewięćdziesiąt\p{L}*|\p{L}+ego)(?![\p{L}])`;
/**
 * A year in words: a first word only a year of the last century or this one starts with, then
 * number words ("neunzehnhundertachtzig", "nineteen seventy-seven", "mil neuf cent quatre-vingt",
 * "mil novecientos ochenta y dos", "millenovecentottanta", "tysiąc dziewięćset osiemdziesiątego").
 */
const YEAR_IN_WORDS = String.raw`(?:(?:neunzehnhundert|zweitausend|millenovecento|duemila|negentienhonderd|tweeduizend)\p{L}*|(?:nineteen|two thousand|mil(?:le)? neuf cents?|deux mille|mil novecient[oa]s|dos mil|mil novecentos|dois mil|tysiąc dziewięćset|dwa tysiące)(?:[\s\-]+(?:(?:and|y|e|et)[\s\-]+)?${NUMBER_WORD}){0,4})`;
/**
 * A date written out: a day word ("neunzehnten", "fourteenth", "vingt-trois", "3"), the month
 * by name and the year in words ("neunzehnten Mai neunzehnhundertachtzig", "fourteenth of June
 * nineteen seventy-seven", "el veintitrés de mayo de mil novecientos ochenta").
 */
const DATE_IN_WORDS = new RegExp(
  String.raw`(?<![\p{L}\p{N}])(?:\p{L}+(?:-\p{L}+)?|\d{1,2}(?:st|nd|rd|th|er|º|°|\.)?)(?:\s(?:of|de|di))?\s+${MONTH}(?:\s(?:of|de|di))?,?\s+${YEAR_IN_WORDS}`,
  'giu',
);
/** The first words of every year in YEAR_IN_WORDS: a cheap gate before the pattern runs, longer and rarer than the birth stems. */
const YEAR_WORD_START = /(?<![\p{L}])(?:neunzehnhundert|zweitausend|millenovecento|duemila|negentienhonderd|tweeduizend|nineteen|two thousand|mil neuf|mille neuf|mil novec|deux mille|dos mil|dois mil|tysiąc|dwa tysi)/iu;

/**
 * Dates of birth written out in words, in text with or without digits: the same birth context
 * as `detectDatesOfBirth` decides. Rare, so it runs only where a birth word and a year's first
 * word both occur.
 */
export function detectDatesOfBirthInWords(text: string, context: DetectContext, out: Finding[]): void {
  const { facts } = context;
  // With a digit in the text the facts scan has looked for a year's first word; without one, a search does.
  const yearWord = facts.maxClusterDigits > 0 ? (facts.addressWords & YEAR_WORD_SEEN) !== 0 : YEAR_WORD_START.test(text);
  if (!yearWord || !BIRTH_STEM.test(text) || !BIRTH_WORD.test(text)) return;
  DATE_IN_WORDS.lastIndex = 0;
  for (let m = DATE_IN_WORDS.exec(text); m !== null; m = DATE_IN_WORDS.exec(text)) {
    pushIfBirthDate(text, m.index, m.index + m[0].length, out);
  }
}

/**
 * A birth mark glued to the date: the star of German records ("*17.04.1941"), not one of a pair
 * around it ("*12.03.2024*" is emphasis), or the degree sign Belgians write for "né(e)"
 * ("onze dochter (°03/05/2018)"), not the "°" of "N°" or of a temperature.
 */
const BIRTH_MARK_BEFORE = /(?<![\p{L}\p{N}*°])[*°]$/u;

/** A dagger right after a date: the date before it is a birth date ("* 14.08.1944 † 02.01.2025", "14.08.1944 – † 02.01.2025"). */
const DEATH_MARK_AFTER = /^\s?[-–—]?\s?†/;

/**
 * Whether a birth mark is glued to a digit somewhere, or a death mark stands anywhere:
 * WhatsApp's "*bold*" puts stars in many messages that hold no birth mark.
 */
function hasBirthOrDeathMark(text: string): boolean {
  if (text.includes('†')) return true;
  for (let star = text.indexOf('*'); star !== -1; star = text.indexOf('*', star + 1)) if (isDigit(text.charCodeAt(star + 1))) return true;
  for (let degree = text.indexOf('°'); degree !== -1; degree = text.indexOf('°', degree + 1)) if (isDigit(text.charCodeAt(degree + 1))) return true;
  return false;
}

/** Pushes the date at `start`-`end` when a birth keyword (or a birth mark) is before it or a birth word after it, and no pet before it. */
function pushIfBirthDate(text: string, start: number, end: number, out: Finding[]): void {
  const before = text.slice(Math.max(0, start - 70), start);
  if (((BIRTH_MARK_BEFORE.test(before) && text.charCodeAt(end) !== 42) || DEATH_MARK_AFTER.test(text.slice(end, end + 4)) || DOB_BEFORE.test(before) || DOB_AFTER.test(text.slice(end, end + 50))) && !isAboutAnimal(before)) {
    out.push({ type: 'DATE_OF_BIRTH', start, end });
  }
}

/**
 * Finds dates of birth: a date counts only with a birth keyword right before it, or a
 * "geboren"/"born" or "is my date of birth" right after it, and never a pet's: delivery and
 * appointment dates are not redacted.
 */
export function detectDatesOfBirth(text: string, context: DetectContext, out: Finding[]): void {
  // Every date shape starts with a day, month or year run of at most 4 digits.
  if (context.facts.shortestDigitRun > 4) return;
  const shapes = dateShapesIn(text, context.facts);
  if (shapes === 0) return;
  // The national IDs are found before the dates: one may spell out its holder's birth date.
  const encoded = birthDatesInIdsFound(text, out);
  // A star or a degree sign right before a date means "born" ("Rudolf Meinke, *17.04.1941", "°03/05/2018").
  if (encoded === undefined && !hasBirthOrDeathMark(text) && (!BIRTH_STEM.test(text) || !BIRTH_WORD.test(text))) return;
  const dates = shapes === NUMERIC_DATE_SHAPE ? NUMERIC_DATE : DATE;
  dates.lastIndex = 0;
  for (let m = dates.exec(text); m !== null; m = dates.exec(text)) {
    const end = m.index + m[0].length;
    if (encoded !== undefined && encoded.some((date) => isEncodedBirthDate(m![0], date))) out.push({ type: 'DATE_OF_BIRTH', start: m.index, end });
    else pushIfBirthDate(text, m.index, end, out);
  }
  if (!hasYearAfterWord(text, context.facts)) return;
  DATE_WITH_DAY_IN_WORDS.lastIndex = 0;
  for (let m = DATE_WITH_DAY_IN_WORDS.exec(text); m !== null; m = DATE_WITH_DAY_IN_WORDS.exec(text)) {
    pushIfBirthDate(text, m.index, m.index + m[0].length, out);
  }
}

/** Whether a year of four digits (19xx, 20xx) follows a word and a white space: where DATE_WITH_DAY_IN_WORDS can end. */
function hasYearAfterWord(text: string, facts: TextFacts): boolean {
  const { digitRunStarts, digitRunLengths } = facts;
  for (let k = 0; k < digitRunStarts.length; k++) {
    const runStart = digitRunStarts[k]!;
    if (digitRunLengths[k] !== 4 || runStart < 2 || !isWhiteSpace(text.charCodeAt(runStart - 1))) continue;
    const century = text.charCodeAt(runStart) * 256 + text.charCodeAt(runStart + 1);
    if (century !== 49 * 256 + 57 && century !== 50 * 256 + 48) continue;
    const before = text.charCodeAt(runStart - 2);
    if (before >= 128 || (before >= 65 && before <= 90) || (before >= 97 && before <= 122)) return true;
  }
  return false;
}

/**
 * The birth dates the national IDs found so far encode (see `birth-date-in-id.ts`), or undefined
 * without any: "Daniele Ricci, 3 giugno 1979, CF RCCDNL79H03A944D" needs no birth word.
 */
function birthDatesInIdsFound(text: string, found: readonly Finding[]): EncodedBirthDate[] | undefined {
  let dates: EncodedBirthDate[] | undefined;
  for (const finding of found) {
    if (finding.type !== 'NATIONAL_ID') continue;
    const date = birthDateInId(text.slice(finding.start, finding.end));
    if (date !== undefined) (dates ??= []).push(date);
  }
  return dates;
}

/** `dateShapesIn`'s answer: a numeric date (DATE's first two shapes) can match. */
export const NUMERIC_DATE_SHAPE = 1;
/** `dateShapesIn`'s answer: a date with a month name, a Roman month or a day in words (DATE's other shapes) can match. */
export const NAMED_DATE_SHAPE = 2;

/**
 * Which kinds of `DATE` shapes the digit runs allow, a cheap necessary condition checked before
 * the keyword searches: 0 when no date can match. A numeric date is read off the characters
 * (`d.m.yy`, `dd/mm/yyyy`, `yyyy-mm-dd`, any non-ASCII character around it taken as allowing
 * it); every other shape ends in a year of four digits starting with 19 or 20 after a white
 * space, after a dot behind a Roman month, or after a dash or slash behind a month name, or in a
 * two-digit year after a month name.
 */
export function dateShapesIn(text: string, facts: TextFacts): number {
  const { digitRunStarts, digitRunLengths } = facts;
  let shapes = 0;
  for (let k = 0; k < digitRunStarts.length; k++) {
    const runStart = digitRunStarts[k]!;
    const length = digitRunLengths[k]!;
    // The end of the run before, when it can be a day (one or two digits): every named shape but the day in words has one.
    const dayEnd = k > 0 && digitRunLengths[k - 1]! <= 2 ? digitRunStarts[k - 1]! + digitRunLengths[k - 1]! : -1;
    if (length === 4) {
      const century = text.charCodeAt(runStart) * 256 + text.charCodeAt(runStart + 1);
      if (century !== 49 * 256 + 57 && century !== 50 * 256 + 48) continue;
      if ((shapes & NUMERIC_DATE_SHAPE) === 0 && isIsoDateAt(text, runStart)) shapes |= NUMERIC_DATE_SHAPE;
      if ((shapes & NAMED_DATE_SHAPE) === 0 && mayEndNamedDate(text, runStart, dayEnd)) shapes |= NAMED_DATE_SHAPE;
    } else if (length <= 2) {
      // A two-digit year after a day and a month name: "3 March '85", "3. März 85".
      if (length === 2 && dayEnd !== -1 && runStart - dayEnd >= 5 && mayEndTwoDigitYear(text, runStart)) shapes |= NAMED_DATE_SHAPE;
      if ((shapes & NUMERIC_DATE_SHAPE) === 0 && isNumericDateAt(text, runStart, length)) shapes |= NUMERIC_DATE_SHAPE;
    }
    if (shapes === (NUMERIC_DATE_SHAPE | NAMED_DATE_SHAPE)) break;
  }
  return shapes;
}

/**
 * DATE's first shape at a run of one or two digits, as far as ASCII tells:
 * `(?<![\p{N}.\/\-])\d{1,2}([.\/\-])\s?\d{1,2}\1\s?(?:(?:19|20)\d{2}|\d{2})(?![\p{N}]|[.\/\-]\d)`.
 */
function isNumericDateAt(text: string, runStart: number, length: number): boolean {
  const previous = runStart > 0 ? text.charCodeAt(runStart - 1) : -1;
  if (previous === 46 || previous === 47 || previous === 45) return false;
  let i = runStart + length;
  const separator = text.charCodeAt(i);
  if (separator !== 46 && separator !== 47 && separator !== 45) return false;
  i++;
  if (isWhiteSpace(text.charCodeAt(i))) i++;
  const month = digitsAt(text, i);
  if (month < 1 || month > 2) return false;
  i += month;
  if (text.charCodeAt(i) !== separator) return false;
  i++;
  if (isWhiteSpace(text.charCodeAt(i))) i++;
  const year = digitsAt(text, i);
  if (year === 4) {
    const century = text.charCodeAt(i) * 256 + text.charCodeAt(i + 1);
    if (century !== 49 * 256 + 57 && century !== 50 * 256 + 48) return false;
  } else if (year !== 2) return false;
  const next = text.charCodeAt(i + year);
  return !((next === 46 || next === 47 || next === 45) && isDigit(text.charCodeAt(i + year + 1)));
}

/** DATE's second shape at a run of four digits starting with 19 or 20: `-\d{2}-\d{2}`, no digit after. */
function isIsoDateAt(text: string, runStart: number): boolean {
  return text.charCodeAt(runStart + 4) === 45 && digitsAt(text, runStart + 5) === 2 && text.charCodeAt(runStart + 7) === 45 && digitsAt(text, runStart + 8) === 2;
}

/**
 * Whether a year run (four digits, 19 or 20) can end one of DATE's named shapes, given the end
 * of the day run before it (-1 without one): after a white space behind a day run, or behind a
 * word, a dot or a comma (a month name after a day in words: "the first of May, 1990", "el dos
 * de marzo de 1935", which DATE_WITH_DAY_IN_WORDS finds); after a dot behind a Roman month
 * ("3.IV.1985"); after a dash or slash behind a month name ("03-Apr-1985"). A non-ASCII
 * character where a letter must be is taken as one.
 */
function mayEndNamedDate(text: string, runStart: number, dayEnd: number): boolean {
  const previous = text.charCodeAt(runStart - 1);
  if (isWhiteSpace(previous)) return dayEnd !== -1 || endsWordBeforeSpaces(text, runStart - 1);
  if (dayEnd === -1 || (previous !== 46 && previous !== 45 && previous !== 47)) return false;
  const letter = text.charCodeAt(runStart - 2);
  if (letter >= 128) return true;
  if (previous === 46) {
    const lower = letter | 32;
    return lower === 105 || lower === 118 || lower === 120;
  }
  return isAsciiLetter(letter);
}

/** The number of ASCII digits from `i` on. */
function digitsAt(text: string, i: number): number {
  let end = i;
  while (isDigit(text.charCodeAt(end))) end++;
  return end - i;
}

/**
 * What stands before a two-digit year after a month name (`MONTH\.?,?\s+(?:de\s+)?['’]?`):
 * a quote, or white space behind a letter, a dot or a comma ("March 85", "Apr.  85", "März, 85").
 */
function mayEndTwoDigitYear(text: string, runStart: number): boolean {
  const previous = text.charCodeAt(runStart - 1);
  if (previous === 39 || previous === 0x2019) return true;
  return isWhiteSpace(previous) && endsWordBeforeSpaces(text, runStart - 1);
}

/**
 * Whether the white space ending at `lastSpace` follows a letter (any non-ASCII character taken
 * as one), a dot or a comma: where a month name, or its abbreviation, can end.
 */
function endsWordBeforeSpaces(text: string, lastSpace: number): boolean {
  let i = lastSpace - 1;
  while (isWhiteSpace(text.charCodeAt(i))) i--;
  const before = text.charCodeAt(i);
  return before >= 128 || before === 46 || before === 44 || isAsciiLetter(before);
}
