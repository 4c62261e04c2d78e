import type { DetectContext, Finding } from './types.js';

/**
 * Regex building blocks. No `i` flag on the street patterns on purpose: with `iu`, `\p{Lu}`
 * would also match lower-case letters, and capitalisation is our best hint for a name.
 */
const HOUSE_NUMBER = String.raw`\d{1,4}(?:\s?[a-zA-Z](?![\p{L}]))?(?:\s?[\/\-]\s?\d{1,4}[a-zA-Z]?)?(?![\p{N}])`;
const CITY = String.raw`[\p{Lu}][\p{L}'’]+(?:-[\p{L}'’]+)*(?:\s(?:am|an der|im|sur|en|de|del|di|aan den|aan de|nad)\s[\p{Lu}][\p{L}'’]+)?(?:\s\([A-Z]{2}\))?`;
const POSTCODE = String.raw`(?:[A-Z]{1,2}-)?(?:\d{5}|\d{4}\s?[A-Z]{2}(?![\p{L}])|\d{2}-\d{3}|\d{4}-\d{3}|\d{4})`;
const UK_POSTCODE = String.raw`[A-Z]{1,2}\d[A-Z\d]?\s?\d[A-Z]{2}(?![\p{L}\p{N}])`;
/** Optional ", 10115 Berlin" or ", London SW1A 1AA" after the street. */
const TAIL = String.raw`(?:,?\s{1,2}(?:${POSTCODE}\s${CITY}|(?:${CITY},?\s)?${UK_POSTCODE}))?`;

const GERMANIC_SUFFIX = String.raw`(?:[Ss]tra(?:ße|sse)|[Ss]tr\.?|[Ww]eg|[Pp]latz|[Aa]llee|[Gg]asse|[Dd]amm|[Uu]fer|[Cc]haussee|[Ss]teig|[Pp]fad|straat|laan|plein|gracht|kade|singel|dijk|steeg)`;
const GERMANIC_WORD = String.raw`(?:Straße|Strasse|Str\.|Weg|Platz|Allee|Gasse|Ring|Damm|Ufer|Chaussee|Markt|Straat|Laan|Plein|Gracht|Kade|Weg)`;
/** "Hauptstraße 12", "Karl-Marx-Allee 5", "Berliner Straße 3a", "Kerkstraat 12". */
const GERMANIC_STREET = String.raw`(?<![\p{L}\p{N}])(?:[\p{L}][\p{L}\-]+${GERMANIC_SUFFIX}|[\p{Lu}][\p{L}\-]+\s${GERMANIC_WORD})\s?${HOUSE_NUMBER}`;

const PREFIX_TYPE = String.raw`(?:[Rr]ue|[Aa]venue|[Aa]v\.|[Bb]oulevard|[Bb]d\.?|[Cc]hemin|[Aa]llée|[Ii]mpasse|[Pp]lace|[Qq]uai|[Cc]alle|[Cc]\/|[Aa]venida|[Aa]vda\.?|[Pp]laza|[Pp]aseo|[Cc]amino|[Cc]arrer|[Rr]onda|[Tt]raves[ií]a|[Vv]ia|[Vv]iale|[Pp]iazza|[Pp]iazzale|[Cc]orso|[Ll]argo|[Vv]icolo|[Ss]trada|[Ll]ungomare|[Rr]ua|[Tt]ravessa|[Pp]raça|[Ee]strada|[Aa]lameda|ul\.|[Uu]lica|al\.|[Aa]leja|os\.|[Oo]siedle|pl\.|[Pp]lac)`;
const NAME_WORD = String.raw`(?:[\p{Lu}][\p{L}'’.\-]*|[dl]['’][\p{Lu}][\p{L}\-]*|de|la|le|les|du|des|del|della|delle|dei|degli|di|da|do|dos|das|van|der|den|y|e|[IVX]{1,4})(?![\p{L}])`;
const NAME = String.raw`${NAME_WORD}(?:\s${NAME_WORD}){0,4}`;
const NUMBER_MARK = String.raw`(?:n\.?\s?[º°o]\.?\s?|nº\s?|no\.\s?|nr\.?\s?)?`;
const FLOOR = String.raw`(?:,?\s*\d{1,2}\s?[º°ª](?:\s?[A-Za-z](?![\p{L}]))?)?`;
/** Carriers and channels that follow "via" in shop chats ("via DHL 5 Tage") and are no street name. */
const NOT_A_STREET_NAME = String.raw`(?:IP|IPv4|IPv6|MAC|IBAN|BIC|DHL|UPS|DPD|GLS|TNT|FedEx|Fedex|Hermes|SEUR|Correos|MRW|Nacex|BRT|SDA|PostNL|Chronopost|Colissimo|InPost|Amazon|PayPal|Paypal|WhatsApp|Whatsapp|E-Mail|Email|Mail|SMS|Telegram|Signal|Instagram|Facebook)(?![\p{L}])`;
/** "Calle Mayor 5", "via Roma, 10", "ul. Długa 5/3", "Rua Augusta, nº 100". */
const PREFIX_STREET_NUMBER_AFTER = String.raw`(?<![\p{L}\p{N}])${PREFIX_TYPE}\s(?!${NOT_A_STREET_NAME})${NAME},?\s?${NUMBER_MARK}${HOUSE_NUMBER}${FLOOR}`;
/** "12 rue de la Paix", "5, avenue Foch", "12 bis rue Victor Hugo". */
const PREFIX_STREET_NUMBER_BEFORE = String.raw`(?<![\p{L}\p{N},.])\d{1,4}(?:\s?(?:bis|ter|[a-zA-Z](?![\p{L}])))?,?\s${PREFIX_TYPE}\s${NAME}`;
const ENGLISH_TYPE = String.raw`(?:Street|St\.?|Road|Rd\.?|Avenue|Ave\.?|Lane|Ln\.?|Drive|Dr\.?|Close|Way|Court|Ct\.?|Place|Square|Sq\.?|Terrace|Crescent|Gardens|Boulevard|Blvd\.?|Hill|Row|Mews|Grove|Parade|Walk)(?![\p{L}])`;
/** "221B Baker Street", "42 Elm Rd". */
const ENGLISH_STREET = String.raw`(?<![\p{L}\p{N},.])\d{1,4}[A-Za-z]?,?\s(?:[\p{Lu}][\p{L}'’\-]+\s){1,3}${ENGLISH_TYPE}`;

const STREET = new RegExp(
  [GERMANIC_STREET, PREFIX_STREET_NUMBER_AFTER, PREFIX_STREET_NUMBER_BEFORE, ENGLISH_STREET]
    .map((p) => `(?:${p}${TAIL})`)
    .join('|'),
  'gu',
);

const POSTCODE_WORD = String.raw`(?:PLZ|Plz|plz|Postleitzahl|postleitzahl|[Zz]ip(?:\s?[Cc]ode)?|ZIP|[Pp]ost\s?[Cc]ode|[Pp]ostal\s[Cc]ode|[Cc]ode\spostal|[Cc]ódigo\spostal|[Cc]odigo\spostal|C\.P\.|CP|CAP|[Kk]od\spocztowy|[Pp]ostcode)`;
/** "PLZ 10115", "code postal : 75002 Paris", "CAP 00184". */
const POSTCODE_IN_CONTEXT = new RegExp(
  String.raw`(?<![\p{L}])${POSTCODE_WORD}(?![\p{L}\p{N}])\s?[:.]?\s?(?:(?:ist|is|est|es|è|é|to|jest)\s)?(${POSTCODE}(?:\s${CITY})?|${UK_POSTCODE})`,
  'gu',
);

/** Words that announce an address ("meine Adresse ist", "ich wohne in", "dirección:"). */
const ADDRESS_KEYWORD = String.raw`(?:[Aa]dresse|[Aa]ddress|[Aa]dres|[Dd]irecci[óo]n|[Ii]ndirizzo|[Ee]ndere[çc]o|[Aa]dresa|[Ww]ohne\sin|[Ww]ohnhaft\sin|live\sat|[Jj]'habite\s(?:au|à)|[Vv]ivo\sen|[Aa]bito\sin|[Ww]oon\sop|[Mm]ieszkam\s(?:na|przy))(?![\p{L}])`;
/**
 * "Adresse: Am Lindenhof 5, 10115 Berlin", "wohne in Lindenhof 7", "Adresse ist 10115 Berlin":
 * a capitalised name + house number, or postcode + city, right after an address word, for
 * streets whose name carries no street-type word.
 */
/** Flat/unit words open the first line of an address ("Flat 2, 51 Elm Grove"), not a street name. */
const UNIT_WORD = String.raw`(?:Flat|Apt|Apartment|Unit|Suite|Wohnung|Whg|Piso|Interno|Etage|Stock|Haus|Block)(?![\p{L}])`;
const ADDRESS_AFTER_KEYWORD = new RegExp(
  String.raw`(?<![\p{L}])${ADDRESS_KEYWORD}(?:\s(?:ist|is|est|es|è|é|jest|lautet))?\s?:?\s(?!${UNIT_WORD}|${NOT_A_STREET_NAME})(${NAME},?\s?${NUMBER_MARK}${HOUSE_NUMBER}${TAIL}|${POSTCODE}\s${CITY})`,
  'gu',
);

/**
 * Gates: every address match holds a street-type suffix right before its house number, or a
 * street-type/postcode/address word at a word start (case as in the patterns above). These two
 * searches are several times cheaper than the address patterns on text that has neither.
 * Lookbehinds rather than a consumed `(?:^|[^\p{L}])`: a pattern that starts with one of few
 * letters lets irregexp skip to candidate positions instead of trying every one.
 * The suffix gate ends in a digit on purpose: it makes the search far faster.
 */
const STREET_SUFFIX_BEFORE_NUMBER = new RegExp(String.raw`${GERMANIC_SUFFIX}\s?\d`, 'u');
const POSTCODE_WORD_AT_WORD_START = new RegExp(String.raw`(?<![\p{L}])${POSTCODE_WORD}`, 'u');
/**
 * One lookbehind for all the words: the street-type words also need no digit before them, but
 * this wider gate lets irregexp skip ahead on the words' first letters, which makes it faster.
 */
const ADDRESS_WORD_AT_WORD_START = new RegExp(
  String.raw`(?<![\p{L}])(?:${PREFIX_TYPE}|${GERMANIC_WORD}|${ENGLISH_TYPE}|${POSTCODE_WORD}|${ADDRESS_KEYWORD})`,
  'u',
);

/**
 * Finds street addresses (street-type word + house number, optionally postcode and city),
 * postcodes introduced by a postcode word, and a name + house number or postcode + city right
 * after an address word. A bare number or postcode is never an address.
 */
export function detectPostalAddresses(text: string, context: DetectContext, out: Finding[]): void {
  // House numbers have at most 4 digits and a postcode before a city at most 5, so text with
  // only longer digit runs can hold no more than a postcode after a postcode word.
  if (context.facts.shortestDigitRun > 5) {
    if (POSTCODE_WORD_AT_WORD_START.test(text)) pushCapturedAddresses(POSTCODE_IN_CONTEXT, text, out);
    return;
  }
  if (!STREET_SUFFIX_BEFORE_NUMBER.test(text) && !ADDRESS_WORD_AT_WORD_START.test(text)) return;
  STREET.lastIndex = 0;
  for (let m = STREET.exec(text); m !== null; m = STREET.exec(text)) {
    out.push({ type: 'POSTAL_ADDRESS', start: m.index, end: m.index + trimEnd(m[0]).length });
  }
  pushCapturedAddresses(POSTCODE_IN_CONTEXT, text, out);
  pushCapturedAddresses(ADDRESS_AFTER_KEYWORD, text, out);
}

/** Pushes capture group 1 of each match: the address after its introducing word. */
function pushCapturedAddresses(pattern: RegExp, text: string, out: Finding[]): void {
  pattern.lastIndex = 0;
  for (let m = pattern.exec(text); m !== null; m = pattern.exec(text)) {
    const value = m[1]!;
    const start = m.index + m[0].length - value.length;
    out.push({ type: 'POSTAL_ADDRESS', start, end: start + trimEnd(value).length });
  }
}

function trimEnd(value: string): string {
  return value.replace(/[\s,]+$/u, '');
}
