/**
 * The birth dates that national IDs spell out, and whether a written date is one of them.
 *
 * Why: a date next to an ID of the same person, with no birth word ("Daniele Ricci, 3 giugno
 * 1979, CF RCCDNL79H03A944D"), is that person's date of birth when the ID encodes it. The check
 * is exact, so it adds no false alarm: an invoice or delivery date equals an encoded birth date
 * only by a rare chance, and then the date is personal data all the same.
 */

/** What an ID tells of its holder's birth: the year's last two digits, the month and, where it has one, the day. */
export interface EncodedBirthDate {
  readonly year2: number;
  readonly month: number;
  readonly day: number | undefined;
}

/** The codice fiscale's month letters, January to December. */
const CF_MONTH_LETTERS = 'ABCDEHLMPRST';
/** Letters that stand for digits in a codice fiscale issued for a duplicate ("omocodia"), 0 to 9. */
const CF_DIGIT_LETTERS = 'LMNPQRSTUV';

/**
 * The birth date a national ID holds, or undefined: an Italian codice fiscale (year, month
 * letter, day plus 40 for women), a Polish PESEL (YYMMDD, the century added to the month) or a
 * French NIR (year and month, no day). `id` is the ID as written, with any spaces or dots.
 */
export function birthDateInId(id: string): EncodedBirthDate | undefined {
  const compact = id.replace(/[\s.\-]/g, '').toUpperCase();
  if (compact.length === 16) return birthDateInCodiceFiscale(compact);
  if (/^\d{11}$/.test(compact)) return birthDateInPesel(compact);
  if (/^[12378]\d{2}(?:0[1-9]|1[0-2])/.test(compact) && (compact.length === 13 || compact.length === 15)) {
    return { year2: Number(compact.slice(1, 3)), month: Number(compact.slice(3, 5)), day: undefined };
  }
  return undefined;
}

function birthDateInCodiceFiscale(cf: string): EncodedBirthDate | undefined {
  const year2 = cfNumber(cf.slice(6, 8));
  const month = CF_MONTH_LETTERS.indexOf(cf[8]!) + 1;
  const dayCode = cfNumber(cf.slice(9, 11));
  if (year2 === undefined || month === 0 || dayCode === undefined) return undefined;
  const day = dayCode > 40 ? dayCode - 40 : dayCode;
  return day >= 1 && day <= 31 ? { year2, month, day } : undefined;
}

/** Two codice fiscale digits, either of which may be written as its omocodia letter. */
function cfNumber(pair: string): number | undefined {
  let value = 0;
  for (const character of pair) {
    const letter = CF_DIGIT_LETTERS.indexOf(character);
    const digit = letter !== -1 ? letter : character >= '0' && character <= '9' ? Number(character) : -1;
    if (digit === -1) return undefined;
    value = value * 10 + digit;
  }
  return value;
}

function birthDateInPesel(pesel: string): EncodedBirthDate | undefined {
  const month = Number(pesel.slice(2, 4)) % 20;
  const day = Number(pesel.slice(4, 6));
  return month >= 1 && month <= 12 && day >= 1 && day <= 31 ? { year2: Number(pesel.slice(0, 2)), month, day } : undefined;
}

/** Month names of the eight languages (as the date patterns know them), January to December. */
export const MONTH_NAMES_BY_NUMBER: readonly (readonly string[])[] = [
  ['january', 'jan', 'januar', 'jänner', 'janvier', 'enero', 'gennaio', 'januari', 'stycznia', 'janeiro'],
  ['february', 'feb', 'februar', 'février', 'fevrier', 'febrero', 'febbraio', 'februari', 'lutego', 'fevereiro'],
  ['march', 'mar', 'märz', 'maerz', 'mars', 'marzo', 'maart', 'marca', 'março'],
  ['april', 'apr', 'avril', 'abril', 'aprile', 'kwietnia'],
  ['may', 'mai', 'mayo', 'maggio', 'mei', 'maja', 'maio'],
  ['june', 'jun', 'juni', 'juin', 'junio', 'giugno', 'czerwca', 'junho'],
  ['july', 'jul', 'juli', 'juillet', 'julio', 'luglio', 'lipca', 'julho'],
  ['august', 'aug', 'août', 'aout', 'agosto', 'augustus', 'sierpnia'],
  ['september', 'sep', 'sept', 'septembre', 'septiembre', 'setiembre', 'settembre', 'września', 'setembro'],
  ['october', 'oct', 'oktober', 'okt', 'octobre', 'octubre', 'ottobre', 'października', 'outubro'],
  ['november', 'nov', 'novembre', 'noviembre', 'listopada', 'novembro'],
  ['december', 'dec', 'dezember', 'dez', 'décembre', 'decembre', 'diciembre', 'dicembre', 'grudnia', 'dezembro'],
];
const MONTH_NUMBERS: ReadonlyMap<string, number> = new Map(MONTH_NAMES_BY_NUMBER.flatMap((names, index) => names.map((name) => [name, index + 1] as const)));
const ROMAN_MONTHS = ['I', 'II', 'III', 'IV', 'V', 'VI', 'VII', 'VIII', 'IX', 'X', 'XI', 'XII'];

const NUMERIC_DATE = /^(\d{1,2})[.\/\-]\s?(\d{1,2})[.\/\-]\s?(\d{2,4})$/;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const WORDS_AND_NUMBERS = /\p{L}+|\d+/gu;

/**
 * Whether a date as the date patterns find it ("03.06.1979", "1979-06-03", "3 giugno 1979",
 * "June 3rd, 1979", "3.VI.1979") is the birth date `encoded`. Day-first, as Europe writes it.
 */
export function isEncodedBirthDate(date: string, encoded: EncodedBirthDate): boolean {
  const parts = readDate(date);
  if (parts === undefined) return false;
  return parts.year % 100 === encoded.year2 && parts.month === encoded.month && (encoded.day === undefined || parts.day === encoded.day);
}

function readDate(date: string): { day: number; month: number; year: number } | undefined {
  const numeric = NUMERIC_DATE.exec(date);
  if (numeric !== null) return { day: Number(numeric[1]), month: Number(numeric[2]), year: Number(numeric[3]) };
  const iso = ISO_DATE.exec(date);
  if (iso !== null) return { day: Number(iso[3]), month: Number(iso[2]), year: Number(iso[1]) };
  let day: number | undefined;
  let month: number | undefined;
  let year: number | undefined;
  for (const [token] of date.matchAll(WORDS_AND_NUMBERS)) {
    if (/^\d+$/.test(token)) {
      if (token.length >= 3 || day !== undefined) year = Number(token);
      else day = Number(token);
    } else {
      month ??= MONTH_NUMBERS.get(token.toLowerCase()) ?? (ROMAN_MONTHS.includes(token) ? ROMAN_MONTHS.indexOf(token) + 1 : undefined);
    }
  }
  return day !== undefined && month !== undefined && year !== undefined ? { day, month, year } : undefined;
}
