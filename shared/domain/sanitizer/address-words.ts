/**
 * The words the address patterns need, looked up at each word start by the one scan of a
 * message (`collectTextFacts`), so finding them costs no pass of its own: the address
 * detector then runs only the patterns whose words occur (see `addressFamilies`).
 *
 * Why one scan: run as a separate pass, this lookup cost about 0.4 µs a message inside the
 * whole sanitizer, as much as the rest of the facts scan.
 */

/** The street families: each needs its own kind of street word. */
export const GERMANIC = 1;
export const PREFIX = 2;
export const ENGLISH = 4;
export const POSTCODE_WORD_SEEN = 8;
export const ADDRESS_WORD_SEEN = 16;
/**
 * A capitalised preposition that can open a street name ("Am", "Zur"). `addressFamilies` keeps
 * it only when a postcode before a city is in the text too (see STREET_BEFORE_POSTCODE_CITY).
 */
export const PREPOSITION_SEEN = 64;
/**
 * Never found by the word scan: `addressFamilies` sets it for a word ending in a place word
 * ("Weidenring", "Lindenhof") right before a house number, with a postcode before a city in the
 * text (see NAMED_STREET_BEFORE_POSTCODE_CITY).
 */
export const NAMED_STREET_SEEN = 128;
/** A flat or unit word, or a house word, that can open an English address block ("Unit 7, ...", "Rose Cottage, ..."). */
export const UNIT_SEEN = 256;
/**
 * Never found by the word scan: `addressFamilies` sets it for a postcode before a city, which a
 * street without a street-type word may precede (see STREET_NUMBER_BEFORE_POSTCODE_CITY).
 */
export const POSTCODE_CITY_SEEN = 512;
/**
 * Not an address family: the first words of a year written out ("neunzehnhundert...", "nineteen",
 * "mil novec...", "dos mil"), which `detectDatesOfBirthInWords` needs. The same scan finds them
 * without a search of its own.
 */
export const YEAR_WORD_SEEN = 1024;
/** The starts of YEAR_IN_WORDS's first words (detect-date-of-birth.ts), in lower case. */
const YEAR_FIRST_WORDS = [
  'neunzehnhundert', 'zweitausend', 'millenovecento', 'duemila', 'negentienhonderd', 'tweeduizend', 'nineteen', 'two thousand', 'mil neuf',
  'mille neuf', 'mil novec', 'deux mille', 'dos mil', 'dois mil', 'tysiąc', 'dwa tysi',
];
function capitalise(word: string): string {
  return word[0]!.toUpperCase() + word.slice(1);
}

/**
 * Literal starts of the words the address patterns need, with every case variant they allow
 * (`[Rr]ue` gives "Rue" and "rue"), and the families each one opens. A start may be shorter
 * than its word ("Str" for "Straße", "Strasse", "Str." and "Straat"): the table only has to
 * find every word the patterns can match, never only those. Keep it in step with
 * detect-postal-address.ts's PREFIX_TYPE, GERMANIC_WORD, POSTCODE_WORD, PO_BOX_ADDRESS and ADDRESS_KEYWORD
 * (and `ENGLISH_WORDS` with ENGLISH_TYPE); `address-words.test.ts` checks that no pattern can
 * match without its family.
 */
const WORD_STARTS: ReadonlyArray<readonly [number, readonly string[]]> = [
  [PREFIX, [
    'Rue', 'rue', 'Av', 'av', 'Boulevard', 'boulevard', 'Bd', 'bd', 'Chemin', 'chemin', 'Chauss', 'chauss', 'Allée', 'allée', 'Impasse', 'impasse',
    'Place', 'place', 'Quai', 'quai', 'Calle', 'calle', 'C/', 'c/', 'Plaza', 'plaza', 'Paseo', 'paseo', 'Camino', 'camino',
    'Carrer', 'carrer', 'Passeig', 'passeig', 'Plaça', 'plaça', 'Rambla', 'rambla', 'Triq', 'triq', 'Carretera', 'carretera', 'Ctra.', 'Glorieta', 'glorieta', 'Pasaje', 'pasaje', 'Pje.', 'Pza.', 'V.le', 'P.za', 'P.zza', 'C.so', 'Route', 'route', 'Rte', 'Cours', 'Faubourg', 'faubourg', 'Fbg', 'Praceta', 'praceta', 'Calçada', 'calçada', 'Ronda', 'ronda', 'Traves', 'traves', 'Via', 'via', 'Piazza', 'piazza', 'Corso', 'corso', 'Largo', 'largo',
    'Vicolo', 'vicolo', 'Strada', 'strada', 'Lungomare', 'lungomare', 'Rua', 'rua', 'Rúa', 'rúa', 'Praça', 'praça', 'Estrada', 'estrada',
    'Alameda', 'alameda', 'Urbanizaci', 'Urb.', 'Quinta', 'Bairro', 'Loc.', 'Località', 'Frazione', 'Fraz.', 'Heol', 'heol', 'Ffordd', 'ffordd', 'Stryd', 'stryd', 'ul.', 'Ulic', 'ulic', 'al.', 'Aleja', 'aleja', 'os.', 'Osiedle', 'osiedle', 'pl.', 'Plac', 'plac',
  ]],
  [GERMANIC, ['Str', 'Weg', 'Platz', 'Allee', 'Gasse', 'Ring', 'Damm', 'Ufer', 'Chaussee', 'Markt', 'Laan', 'Plein', 'Gracht', 'Kade']],
  [POSTCODE_WORD_SEEN, [
    'Eircode', 'eircode', 'PLZ', 'Plz', 'plz', 'Post', 'post', 'Zip', 'zip', 'ZIP', 'Code', 'code', 'Código', 'código', 'Codigo', 'codigo', 'C.P.', 'CP',
    'CAP', 'Kod', 'kod',
    // Post-office boxes ("Postfach" and "Postbus" start with "Post").
    'Skrytka', 'skrytka', 'Apartado', 'apartado', 'Boîte', 'boîte', 'BP', 'B.P', 'Casella', 'casella', 'PO', 'P.O', 'P O', 'Caixa', 'caixa',
  ]],
  [PREPOSITION_SEEN, ['Am', 'An', 'Auf', 'Im', 'In', 'Zum', 'Zur', 'Unter', 'Hinter', 'Vor', 'Beim', 'Alt']],
  [UNIT_SEEN, [
    'Unit', 'unit', 'Flat', 'flat', 'Apartment', 'apartment', 'Apt', 'apt', 'Suite', 'suite', 'Studio', 'studio',
    // House names open a block too ("Rose Cottage, Mill Lane, ..."): the house word, as HOUSE_WORD.
    'Cottage', 'House', 'Farm', 'Lodge', 'Barn', 'Manor', 'Villa', 'Hall', 'Grange', 'Mill', 'Rectory', 'Vicarage', 'Bungalow', 'Croft',
  ]],
  // In lower case, capitalised, title case and upper case: the pattern they gate ignores case, other mixes aside.
  [YEAR_WORD_SEEN, [...new Set(YEAR_FIRST_WORDS.flatMap((word) => [word, capitalise(word), word.split(' ').map(capitalise).join(' '), word.toUpperCase()]))]],
  [ADDRESS_WORD_SEEN, [
    'Adres', 'adres', 'Address', 'address', 'Direcci', 'direcci', 'Indirizzo', 'indirizzo', 'Endere', 'endere', 'Wohn', 'wohn',
    'live', "J'habite", "j'habite", 'Vivo', 'vivo', 'Abito', 'abito', 'Woon', 'woon', 'Mieszkam', 'mieszkam',
  ]],
];
/** English street types: whole words (no letter after them), as ENGLISH_TYPE demands, so "Status" opens nothing. */
const ENGLISH_WORDS = [
  'Street', 'St', 'Road', 'Rd', 'Avenue', 'Ave', 'Lane', 'Ln', 'Drive', 'Dr', 'Close', 'Way', 'Court', 'Ct', 'Place', 'Square', 'Sq',
  'Terrace', 'Tce', 'Crescent', 'Cres', 'Gardens', 'Gdns', 'Boulevard', 'Blvd', 'Hill', 'Row', 'Mews', 'Grove', 'Parade', 'Walk',
  'Rise', 'Vale', 'Heights', 'Wharf', 'Quay', 'Circus', 'Embankment', 'Chase', 'Wynd', 'Meadows',
];
/** Street-type suffixes that end the word right before a house number ("Hauptstr. 5", "Kerkstraat 12"). */
const GERMANIC_SUFFIXES = [
  'Straße', 'straße', 'Strasse', 'strasse', 'Str', 'str', 'Str.', 'str.', 'Weg', 'weg', 'Platz', 'platz', 'Allee', 'allee',
  'Gasse', 'gasse', 'Damm', 'damm', 'Ufer', 'ufer', 'Chaussee', 'chaussee', 'Steig', 'steig', 'Pfad', 'pfad', '-Ring', 'straat',
  'laan', 'plein', 'gracht', 'kade', 'singel', 'dijk', 'steeg',
];

/**
 * `WORD_STARTS` by their first character (ASCII) and the low byte of their second: one array
 * read per word instead of a comparison with every start. Entries sharing a slot by the low
 * byte alone are told apart by the `startsWith` that follows.
 */
interface WordStart {
  readonly start: string;
  readonly families: number;
  /** The start must end the word: no letter after it. */
  readonly wholeWord: boolean;
  /** Its third character, or -1 for a start of two: compared before `startsWith`, which costs a call. */
  readonly third: number;
}
const WORD_STARTS_BY_PAIR: Array<WordStart[] | undefined> = new Array(128 * 256).fill(undefined);
for (const [families, starts, wholeWord] of [...WORD_STARTS.map(([f, w]) => [f, w, false] as const), [ENGLISH, ENGLISH_WORDS, true] as const]) {
  for (const start of starts) {
    const bucket = (WORD_STARTS_BY_PAIR[pairSlot(start.charCodeAt(0), start.charCodeAt(1))] ??= []);
    const known = bucket.findIndex((entry) => entry.start === start && entry.wholeWord === wholeWord);
    const third = start.length > 2 ? start.charCodeAt(2) : -1;
    if (known === -1) bucket.push({ start, families, wholeWord, third });
    else bucket[known] = { start, families: bucket[known]!.families | families, wholeWord, third };
  }
}
function pairSlot(first: number, second: number): number {
  return first * 256 + (second & 0xff);
}
/** 1 for A-Z and a-z: the characters a word start in the table can begin with. */
export const IS_ASCII_LETTER = new Uint8Array(128).map((_, code) => ((code >= 65 && code <= 90) || (code >= 97 && code <= 122) ? 1 : 0));

/**
 * Words by their last character (all ASCII), in an array indexed by its code: checked before
 * every digit run of every message, where a map lookup cost more than the whole test.
 */
function byLastCharacter(words: readonly string[]): ReadonlyArray<readonly string[] | undefined> {
  const table: Array<string[] | undefined> = new Array(128).fill(undefined);
  for (const word of words) (table[word.charCodeAt(word.length - 1)] ??= []).push(word);
  return table;
}

/** `GERMANIC_SUFFIXES` by their last character. */
const SUFFIXES_BY_LAST = byLastCharacter(GERMANIC_SUFFIXES);

/**
 * The families opened by the word starting at `index` (its first character `code`, an ASCII
 * letter with no ASCII letter before it), or 0. Every start begins with an ASCII letter; a
 * non-ASCII character before it counts as no letter (wider, still safe).
 */
export function familiesOfWordAt(text: string, index: number, code: number): number {
  // No read past the end: there `charCodeAt` gives NaN, and one such read made V8 deoptimize the
  // facts scan (this is inlined there) and call the builtin for good. 0 stands for the missing
  // second letter, as NaN does in `pairSlot`; -1 for the third, which no entry's third letter
  // equals, as none equals NaN.
  const bucket = WORD_STARTS_BY_PAIR[pairSlot(code, index + 1 < text.length ? text.charCodeAt(index + 1) : 0)];
  if (bucket === undefined) return 0;
  let families = 0;
  const third = index + 2 < text.length ? text.charCodeAt(index + 2) : -1;
  for (const entry of bucket) {
    // Most words sharing a bucket's first two letters differ in the third ("der" and "deux mille").
    if ((entry.third !== -1 && entry.third !== third) || !text.startsWith(entry.start, index)) continue;
    if (!entry.wholeWord || !isLetterAt(text, index + entry.start.length)) families |= entry.families;
  }
  return families;
}

const LETTER = /\p{L}/u;
/** Whether a letter (as `\p{L}`) starts at `index`; a letter outside the BMP counts as none, which only widens the scan. */
function isLetterAt(text: string, index: number): boolean {
  if (index >= text.length) return false;
  const code = text.charCodeAt(index);
  if (code < 128) return IS_ASCII_LETTER[code] === 1;
  return LETTER.test(text[index]!);
}

/** Whether the text before `end` ends with a street-type suffix ("Hauptstr", "Kerkstraat", "Karl-Marx-Allee"). */
export function endsWithGermanicSuffix(text: string, end: number): boolean {
  const suffixes = SUFFIXES_BY_LAST[text.charCodeAt(end - 1)];
  if (suffixes === undefined) return false;
  for (const suffix of suffixes) if (text.endsWith(suffix, end)) return true;
  return false;
}

/**
 * Place words that end many German street names without a street-type word ("Weidenring",
 * "Lindenhof", "Sonnenfeld", "Kirchberg"). Alone they are too common in other words ("Hering",
 * "Bauernhof"), so NAMED_STREET_BEFORE_POSTCODE_CITY wants a postcode and city after the number.
 */
const STREET_NAME_ENDINGS = [
  'ring', 'hof', 'feld', 'berg', 'garten', 'park', 'höhe', 'tal', 'stieg', 'kamp', 'wall', 'graben', 'gang', 'grund', 'winkel',
  'aue', 'anger', 'wiese', 'heide', 'bach', 'brink', 'horst', 'steg', 'weide', 'busch', 'born', 'hain', 'wald',
];
const ENDINGS_BY_LAST = byLastCharacter(STREET_NAME_ENDINGS);

/** Whether the text before `end` ends with one of STREET_NAME_ENDINGS. */
export function endsWithStreetNameEnding(text: string, end: number): boolean {
  const endings = ENDINGS_BY_LAST[text.charCodeAt(end - 1)];
  if (endings === undefined) return false;
  for (const ending of endings) if (text.endsWith(ending, end)) return true;
  return false;
}

/** The endings as a regex alternation, for the pattern that needs them. */
export const STREET_NAME_ENDING_PATTERN = `(?:${STREET_NAME_ENDINGS.join('|')})`;

/**
 * English street types that name nothing but a street, in lower case, for an address typed so
 * after an address word ("14 victoria road"); "way", "close" or "walk" are in every other sentence.
 */
export const ENGLISH_WORDS_LOWER_CASE = ['street', 'road', 'rd', 'avenue', 'ave', 'lane', 'ln', 'terrace', 'crescent', 'gardens', 'boulevard', 'blvd', 'mews', 'sq', 'ct'];
