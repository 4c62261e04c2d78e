import {
  ADDRESS_WORD_SEEN,
  ENGLISH,
  GERMANIC,
  POSTCODE_WORD_SEEN,
  PREFIX,
  PREPOSITION_SEEN,
  NAMED_STREET_SEEN,
  POSTCODE_CITY_SEEN,
  UNIT_SEEN,
  ENGLISH_WORDS_LOWER_CASE,
  YEAR_WORD_SEEN,
  STREET_NAME_ENDING_PATTERN,
  endsWithGermanicSuffix,
  endsWithStreetNameEnding,
} from './address-words.js';
import { hasFirstPersonWord } from './keywords.js';
import { collectTextFacts, isAsciiLetter, isDigit, isWhiteSpace, type TextFacts } from './text-facts.js';
import type { DetectContext, Finding } from './types.js';

/**
 * Regex building blocks. No `i` flag on the street patterns on purpose: with `iu`, `\p{Lu}`
 * would also match lower-case letters, and capitalisation is our best hint for a name.
 */
/** "12", "12a", "5/3", "12-14", and the Dutch floor suffixes "452-II", "17-hs", "3-huis". */
const HOUSE_NUMBER = String.raw`\d{1,4}(?:\s(?:m|lok)\.\s?\d{1,4}|-\d?hoog(?![\p{L}])|(?:\s?[a-zA-Z](?![\p{L}])|\s(?:bis|ter)(?![\p{L}]))?(?:\s?[\/\-]\s?\d{1,4}[a-zA-Z]?)?(?:-(?:I{1,3}|IV|hs|HS|huis|bg)(?![\p{L}]))?(?:\s(?:m|lok)\.\s?\d{1,4})?)(?![\p{N}])`;
const CITY = String.raw`[\p{Lu}][\p{L}'’]+(?:-[\p{L}'’]+)*(?:\s(?:am|an der|im|sur|en|de|del|di|aan den|aan de|nad)\s[\p{Lu}][\p{L}'’]+)?(?:\s\([A-Z]{2}\))?`;
const POSTCODE = String.raw`(?:[A-Z]{1,2}-)?(?:\d{5}|\d{4}\s?[A-Z]{2}(?![\p{L}])|\d{2}-\d{3}|\d{4}-\d{3}|\d{4})`;
const UK_POSTCODE = String.raw`[A-Z]{1,2}\d[A-Z\d]?\s?\d[A-Z]{2}(?![\p{L}\p{N}])`;
/** A US city, state and ZIP code: "Springfield, IL 62704". */
const US_CITY_STATE_ZIP = String.raw`${CITY},?\s[A-Z]{2}\s\d{5}(?:-\d{4})?(?![\p{N}])`;
/** Optional ", 10115 Berlin" or ", London SW1A 1AA" after the street. */
/** A Maltese postcode: three letters of the locality and four digits ("MST 1012"). */
const MALTESE_POSTCODE = String.raw`[A-Z]{3}\s?\d{4}(?![\p{L}\p{N}])`;
const TAIL = String.raw`(?:,?\s{1,2}(?:${POSTCODE}\s${CITY}|(?:${CITY},?\s)?${UK_POSTCODE}|(?:${CITY},?\s)?${MALTESE_POSTCODE}))?`;
/** TAIL, or ", Springfield, IL 62704" after an English street (kept out of the other families' patterns: each alternative costs every message). */
const ENGLISH_TAIL = String.raw`(?:,?\s{1,2}(?:${POSTCODE}\s${CITY}|(?:${CITY},?\s)?${UK_POSTCODE}|${US_CITY_STATE_ZIP}))?`;

const GERMANIC_SUFFIX = String.raw`(?:[Ss]tra(?:ße|sse)|[Ss]tr\.?|[Ww]eg|[Pp]latz|[Aa]llee|[Gg]asse|[Dd]amm|[Uu]fer|[Cc]haussee|[Ss]teig|[Pp]fad|-Ring|straat|laan|plein|gracht|kade|singel|dijk|steeg)`;
const GERMANIC_WORD = String.raw`(?:Straße|Strasse|Str\.|Weg|Platz|Allee|Gasse|Ring|Damm|Ufer|Chaussee|Markt|Straat|Laan|Plein|Gracht|Kade|Weg)`;
/** "Hauptstraße 12", "Karl-Marx-Allee 5", "Berliner Straße 3a", "Kerkstraat 12". */
const GERMANIC_STREET = String.raw`(?<![\p{L}\p{N}])(?:[\p{L}][\p{L}\-]+${GERMANIC_SUFFIX}|[\p{Lu}][\p{L}\-]+\s${GERMANIC_WORD})\s?${HOUSE_NUMBER}`;

const PREFIX_TYPE = String.raw`(?:[Rr]ue|[Aa]venue|[Aa]v\.|[Bb]oulevard|[Bb]d\.?|[Cc]hemin|[Cc]haussée|[Aa]llée|[Ii]mpasse|[Pp]lace|[Qq]uai|[Cc]alle|[Cc]\/|[Aa]venida|[Aa]vda\.?|[Pp]laza|[Pp]aseo|[Cc]amino|[Cc]arrer|[Pp]asseig|[Aa]vinguda|[Pp]laça|[Rr]ambla|[Tt]ravessera|[Tt]riq|[Cc]arretera|Ctra\.|[Gg]lorieta|[Pp]asaje|Pje\.|Pza\.|V\.le|P\.(?:z)?za|C\.so|[Rr]oute|Rte|Cours|[Ff]aubourg|Fbg|[Pp]raceta|[Cc]alçada|[Rr]onda|[Tt]raves[ií]a|[Vv]ia|[Vv]iale|[Pp]iazza|[Pp]iazzale|[Cc]orso|[Ll]argo|[Vv]icolo|[Ss]trada|[Ll]ungomare|[Rr][uú]a|[Tt]ravessa|[Pp]raça|[Ee]strada|[Aa]lameda|Urbanizaci[óo]n|Urb\.|Quinta|Bairro|Loc\.|Località|Frazione|Fraz\.|[Hh]eol|[Ff]fordd|[Ss]tryd|ul\.|[Uu]lic[ay]|al\.|[Aa]leja|os\.|[Oo]siedle|pl\.|[Pp]lac)`;
const NAME_WORD = String.raw`(?:[\p{Lu}][\p{L}'’.\-]*|[dl]['’][\p{Lu}][\p{L}\-]*|(?:i[lrstxżnd]|l)-[\p{Lu}][\p{L}'’\-]*|de|la|le|les|du|des|del|della|delle|dei|degli|di|da|do|dos|das|van|der|den|y|e|[IVX]{1,4})(?![\p{L}])`;
const NAME = String.raw`${NAME_WORD}(?:\s${NAME_WORD}){0,4}`;
/** "nº 5", "Nr. 5", and the lot or house of an Iberian estate: "Chalet 18", "Lote 12", "Parcela 3". */
const NUMBER_MARK = String.raw`(?:n\.?\s?[º°o]\.?\s?|nº\s?|no\.\s?|nr\.?\s?|(?:Chalet|Lote|Parcela|Casa|Portal|Bloque)\s)?`;
/** Spanish, Catalan and Portuguese floor and door: ", 2º", "3º B", "2º izq.", "1.º dcha.", "4º Esq.", "2º 1ª". */
const FLOOR = String.raw`(?:,?\s*\d{1,2}\.?\s?[º°ª](?:\s\d{1,2}\.?[º°ª]|\s?(?:[Ii]zq(?:da|uierda)?|[Dd]cha|[Dd]er(?:echa)?|[Ee]sq(?:uerdo)?|[Dd]to|[A-Za-z])\.?(?![\p{L}]))?)?`;
/** Carriers and channels that follow "via" in shop chats ("via DHL 5 Tage") and are no street name. */
const NOT_A_STREET_NAME = String.raw`(?:IP|IPv4|IPv6|MAC|IBAN|BIC|DHL|UPS|DPD|GLS|TNT|FedEx|Fedex|Hermes|SEUR|Correos|MRW|Nacex|BRT|SDA|PostNL|Chronopost|Colissimo|InPost|Amazon|PayPal|Paypal|WhatsApp|Whatsapp|E-Mail|Email|Mail|SMS|Telegram|Signal|Instagram|Facebook)(?![\p{L}])`;
/** "Calle Mayor 5", "via Roma, 10", "ul. Długa 5/3", "Rua Augusta, nº 100". */
/** An English flat after the house number, as Maltese addresses put it: "Triq il-Kbira 45, Flat 2, Mosta MST 1012". */
const FLAT_AFTER = String.raw`(?:,\s?(?:Flat|Apt\.?|Apartment)\s?\d{1,4}[A-Za-z]?(?![\p{L}\p{N}]))?`;
const PREFIX_STREET_NUMBER_AFTER = String.raw`(?<![\p{L}\p{N}])${PREFIX_TYPE}\s(?!${NOT_A_STREET_NAME})${NAME},?\s?${NUMBER_MARK}${HOUSE_NUMBER}${FLOOR}${FLAT_AFTER}`;
/** "12 rue de la Paix", "5, avenue Foch", "12 bis rue Victor Hugo". */
const PREFIX_STREET_NUMBER_BEFORE = String.raw`(?<![\p{L}\p{N},.])\d{1,4}(?:\s?(?:bis|ter|[a-zA-Z](?![\p{L}])))?,?\s${PREFIX_TYPE}\s${NAME}`;
const ENGLISH_TYPE = String.raw`(?:Street|St\.?|Road|Rd\.?|Avenue|Ave\.?|Lane|Ln\.?|Drive|Dr\.?|Close|Way|Court|Ct\.?|Place|Square|Sq\.?|Terrace|Tce\.?|Crescent|Cres\.?|Gardens|Gdns\.?|Boulevard|Blvd\.?|Hill|Row|Mews|Grove|Parade|Walk|Rise|Vale|Heights|Wharf|Quay|Circus|Embankment|Chase|Wynd|Meadows)(?![\p{L}])`;
/** "221B Baker Street", "42 Elm Rd", "1458 Maple Ave, Apt 3B". */
const ENGLISH_STREET = String.raw`(?<![\p{L}\p{N},.])\d{1,4}[A-Za-z]?,?\s(?:[\p{Lu}][\p{L}'’\-]+\s){1,3}${ENGLISH_TYPE}(?:,?\s(?:Apt|Apartment|Unit|Suite|Ste|Flat)\.?\s?#?[A-Za-z0-9\-]{1,5}(?![\p{L}\p{N}]))?`;

const STREET_FAMILIES = GERMANIC | PREFIX | ENGLISH;

/** The street alternatives in priority order (the first that matches at a position wins). */
const STREET_ALTERNATIVES: ReadonlyArray<{ readonly family: number; readonly pattern: string; readonly tail: string }> = [
  { family: GERMANIC, pattern: GERMANIC_STREET, tail: TAIL },
  { family: PREFIX, pattern: PREFIX_STREET_NUMBER_AFTER, tail: TAIL },
  { family: PREFIX, pattern: PREFIX_STREET_NUMBER_BEFORE, tail: TAIL },
  { family: ENGLISH, pattern: ENGLISH_STREET, tail: ENGLISH_TAIL },
];

/**
 * The street pattern of just the families a text can hold, built once per combination. Leaving
 * out alternatives that cannot match anywhere in the text changes no match, and the smaller
 * pattern is cheaper to run.
 */
const streetPatterns = new Map<number, RegExp>();
function streetPatternFor(families: number): RegExp {
  let pattern = streetPatterns.get(families);
  if (pattern === undefined) {
    pattern = new RegExp(
      STREET_ALTERNATIVES.filter((a) => (a.family & families) !== 0)
        .map((a) => `(?:${a.pattern}${a.tail})`)
        .join('|'),
      'gu',
    );
    streetPatterns.set(families, pattern);
  }
  return pattern;
}

const POSTCODE_WORD = String.raw`(?:[Ee]ircode|PLZ|Plz|plz|Postleitzahl|postleitzahl|[Zz]ip(?:\s?[Cc]ode)?|ZIP|[Pp]ost\s?[Cc]ode|[Pp]ostal\s[Cc]ode|[Cc]ode\spostal|[Cc]ódigo\spostal|[Cc]odigo\spostal|C\.P\.|CP|CAP|[Kk]od\spocztowy|[Pp]ostcode)`;
/** An Irish Eircode: routing key (letter, two digits; "D6W") and a four-character identifier. */
const EIRCODE = String.raw`(?:[AC-FHKNPRTV-Y]\d{2}|D6W)\s?[0-9AC-FHKNPRTV-Y]{4}(?![\p{L}\p{N}])`;
/** "PLZ 10115", "code postal : 75002 Paris", "CAP 00184", "Eircode D02 X285". */
const POSTCODE_IN_CONTEXT = new RegExp(
  String.raw`(?<![\p{L}])${POSTCODE_WORD}(?![\p{L}\p{N}])\s?[:.]?\s?(?:(?:ist|is|est|es|è|é|to|jest)\s)?(${POSTCODE}(?:\s${CITY})?|${UK_POSTCODE}|${EIRCODE})`,
  'gu',
);

/**
 * A postcode and city a few words after a postcode word: "meine PLZ hat sich geändert, jetzt 24939
 * Flensburg", "code postal modifié : 69007 Lyon", the form field "PLZ/Ort: 97070 Würzburg"; or a
 * UK postcode or an Eircode, which need no city ("Postcode for the new address is M20 6RT"). Up to five words between, none with a digit;
 * the city after the postcode makes it the writer's place, not a number that happens to follow.
 */
const POSTCODE_CITY_AFTER_POSTCODE_WORD = new RegExp(
  String.raw`(?<![\p{L}])${POSTCODE_WORD}(?![\p{L}\p{N}])(?:[\s,:\-–\/]+[\p{L}'’]{1,12}){1,5}[\s,:\-–\/]+(${POSTCODE}\s${CITY}|${UK_POSTCODE}|${EIRCODE})`,
  'gu',
);

/**
 * A bare postcode the writer calls theirs a few words after a postcode word: "Le code postal
 * c'est le mien : 33160", "Código postal el mío es el 29640". Group 1 holds the words between,
 * which must say whose it is (`hasFirstPersonWord`); group 2 the postcode.
 */
const OWN_POSTCODE_AFTER_POSTCODE_WORD = new RegExp(
  String.raw`(?<![\p{L}])${POSTCODE_WORD}(?![\p{L}\p{N}])((?:[\s,:\-–\/]+[\p{L}'’]{1,12}){1,5})[\s,:\-–\/]+(${POSTCODE})(?![\p{L}\p{N}])`,
  'gu',
);

/**
 * German street names made of a preposition and a name ("Am Kirchberg", "An der Alster", "Zur
 * Mühle") carry no street-type word. Followed by a house number, postcode and city they are an
 * address; without the postcode they are too close to ordinary sentences ("Am Montag 3 Pakete").
 */
const PREPOSITION_STREET = String.raw`(?:Am|An\s(?:der|den|dem)|Auf\s(?:der|dem|den)|Im|In\s(?:der|den|dem)|Zum|Zur|Unter\sden|Hinter\s(?:der|dem|den)|Vor\s(?:der|dem|den)|Beim|Alt)`;
const STREET_NAME_WORD = String.raw`(?:[\p{Lu}][\p{L}'’.\-]*|der|den|dem|des)(?![\p{L}])`;
/** "Am Kirchberg 3, 97070 Würzburg", "Am Graben 3, 1010 Wien". */
const STREET_BEFORE_POSTCODE_CITY = new RegExp(
  String.raw`(?<![\p{L}\p{N}])${PREPOSITION_STREET}(?:\s|-)(?!(?:Montag|Dienstag|Mittwoch|Donnerstag|Freitag|Samstag|Sonntag|Wochenende|Abend|Morgen|Mittag)(?![\p{L}]))[\p{Lu}][\p{L}'’.\-]*(?:\s${STREET_NAME_WORD}){0,2}\s${HOUSE_NUMBER},?\s{1,2}\d{4,5}\s${CITY}`,
  'gu',
);

/** "Weidenring 41, 63069 Offenbach am Main", "Lindenhof 7, 10115 Berlin". */
const NAMED_STREET_BEFORE_POSTCODE_CITY = new RegExp(
  String.raw`(?<![\p{L}\p{N}])[\p{Lu}][\p{L}\-]*${STREET_NAME_ENDING_PATTERN}\s?${HOUSE_NUMBER},?\s{1,2}\d{4,5}\s${CITY}`,
  'gu',
);

/** Words before a number and a comma that label something other than a street ("Bestellung 12, 10115 Berlin"). */
const NOT_A_STREET_BEFORE_POSTCODE = String.raw`(?:Am|Im|An|Auf|Um|In|Zum|Zur|Bis|Ab|Seit|Vom|Von|Nach|Mit|Für|On|At|By|Le|Du|El|Il|Op|Na|W)\s|(?:Montag|Dienstag|Mittwoch|Donnerstag|Freitag|Samstag|Sonntag|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|Bestellung|Bestellnummer|Auftrag|Rechnung|Artikel|Filiale|Kundennummer|Termin|Zimmer|Raum|Etage|Stock|Seite|Kapitel|Order|Invoice|Ticket|Store|Shop|Room|Page|Level|Commande|Facture|Pedido|Factura|Ordine|Fattura|Bestelling|Factuur|Zamówienie|Faktura|Encomenda|Fatura|Gate|Tor|Kasse|Version)(?![\p{L}])`;
/** Counted things that follow a number the way a city follows a postcode ("10000 Stück", "20245 Downloads"). */
const NOT_A_CITY = String.raw`(?:Stück|Stk|Punkte|Punkten|Downloads|Blatt|Gramm|Euro|Meter|Seiten|Exemplare|Teile|Pakete|Kunden|Nutzer|Mitglieder|Bewertungen|Sterne|Einheiten|Aufrufe|Views|Likes|Follower|Pieces|Points|Units|Items|Pièces|Unidades|Pezzi|Sztuk|Stuks|Peças)(?![\p{L}])`;
/**
 * A street whose name carries no street-type word, its house number, a comma and a postcode and
 * city: "Meir 50, 2000 Antwerpen", "Nowy Świat 15, 00-029 Warszawa", "Grand-Place 7, 1000
 * Bruxelles". The comma and the postcode before a capitalised city make it an address; a year
 * is no house number ("Stand Mai 2024, 10115 Berlin").
 */
const STREET_NUMBER_BEFORE_POSTCODE_CITY = new RegExp(
  String.raw`(?<![\p{L}\p{N}])(?!${NOT_A_STREET_BEFORE_POSTCODE}|${NOT_A_STREET_NAME})[\p{Lu}][\p{L}'’.\-]*(?:\s${NAME_WORD}){0,2}\s(?!(?:19|20)\d\d(?![\p{N}]))${HOUSE_NUMBER},\s{1,2}${POSTCODE}\s(?!${NOT_A_CITY})${CITY}`,
  'gu',
);

/**
 * An English address block with no street-type word: a flat or unit and its number, or a house
 * name ("Rose Cottage", "Old Mill House"), then a few comma-separated parts (building, estate,
 * lane or a street with its number, district, town) and a UK postcode, an Eircode or an Irish county ("Unit 7, Brookfield
 * Industrial Estate, Glossop SK13 6LQ", "Apartment 31, The Maltings, Bray, Co. Wicklow", "Rose
 * Cottage, Mill Lane, Little Snoring, NR21 0AA"); or a street without a house number, as rural
 * Irish addresses have none ("Main Street, Ballinamore, Co. Leitrim, N41 F6P2"), but not the
 * street of a number before it ("12 Main Street, ..."), which the street patterns find whole.
 * Or a house number and a name without a street-type word, as Irish estates have ("22 Oakfield
 * Park, Ballincollig, Co. Cork P31 E2W6"). A Dublin postal district closes a block too ("Apartment
 * 5, The Maltings, Bow Street, Dublin 7"). The opening and the closing postcode, county or
 * district together make it an address; each part is short and holds at most a two-digit number. Not "No. 4, ...": that is an order's label as
 * often as a house's.
 */
const HOUSE_WORD = String.raw`(?:Cottages?|House|Farm|Farmhouse|Lodge|Barn|Manor|Villa|Hall|Grange|Mill|Rectory|Vicarage|Bungalow|Croft)(?![\p{L}])`;
const UNIT_ADDRESS_BLOCK = new RegExp(
  String.raw`(?<![\p{L}\p{N}])(?:(?:[Uu]nit|[Ff]lat|[Aa]partment|[Aa]pt\.?|[Ss]uite|[Ss]tudio)\s?\d{1,4}[A-Za-z]?|(?:[\p{Lu}][\p{L}'’\-]*\s){1,3}${HOUSE_WORD}|(?<!\d,?\s)(?:[\p{Lu}][\p{L}'’\-]*\s){1,3}${ENGLISH_TYPE}|(?<![\p{L}\p{N},.])\d{1,4}[A-Za-z]?,?\s(?:[\p{Lu}][\p{L}'’\-]+\s){0,2}[\p{Lu}][\p{L}'’\-]+)(?:(?:,\s?|[ \t]*\n[ \t]*)(?:\d{1,3}[A-Za-z]?\s)?[\p{Lu}](?:[^,\n\d!?;:@]|\d(?!\d{2})){1,30}){0,4}(?:,\s?|[ \t]*\n[ \t]*)(?:${UK_POSTCODE}|(?:${CITY}\s)${UK_POSTCODE}|(?:${CITY}\s)?${EIRCODE}|Co\. [\p{Lu}][\p{L}]+|Dublin\s\d{1,2}W?(?![\p{L}\p{N}]))`,
  'gu',
);

/**
 * A post-office box with its postcode and town: "Postfach 10 12 34, 80331 München", "Skrytka
 * pocztowa 15, 00-950 Warszawa 1" (with the post office's number), "Apartado de correos 123,
 * 28080 Madrid", "BP 123, 75001 Paris", "PO Box 42, Hull HU1 2AA". Where a person's mail goes, as much as a street address; the postcode and town after
 * it keep "Postfach" alone (a bank's letter) out.
 */
const PO_BOX_ADDRESS = new RegExp(
  String.raw`(?<![\p{L}\p{N}])(?:Postfach|[Pp]ostbus|[Ss]krytka\s(?:pocztowa|poczt\.)|[Aa]partado(?:\sde\scorreos)?|[Bb]oîte\spostale|B\.?P\.?|[Cc]asella\s[Pp]ostale|P\.?\s?O\.?\s?Box|[Cc]aixa\s[Pp]ostal)\s?\d{1,6}(?:\s\d{2,3}){0,2},?\s{1,2}(?:${POSTCODE}\s${CITY}(?:\s\d{1,2}(?![\p{N}]))?|(?:${CITY},?\s)?${UK_POSTCODE})`,
  'gu',
);

/** Words that announce an address ("meine Adresse ist", "ich wohne in", "dirección:"). */
const ADDRESS_KEYWORD = String.raw`(?:[Aa]dresse|[Aa]ddress|[Aa]dress?|[Dd]irecci[óo]n|[Ii]ndirizzo|[Ee]ndere[çc]o|[Aa]dresa|[Ww]ohne\sin|[Ww]ohnhaft\sin|live\sat|[Jj]'habite\s(?:au|à)|[Vv]ivo\sen|[Aa]bito\sin|[Ww]oon\sop|[Mm]ieszkam(?:\s(?:na|przy))?)(?![\p{L}])`;
/**
 * "Adresse: Am Lindenhof 5, 10115 Berlin", "wohne in Lindenhof 7", "Adresse ist 10115 Berlin":
 * a capitalised name + house number, or postcode + city, right after an address word, for
 * streets whose name carries no street-type word; or, in English order, a house number and a
 * name through a few comma-separated parts to a UK postcode or an Eircode ("Her address is 4
 * Willow Park, Ballincollig, Cork P31 YX40").
 */
/** Flat/unit words open the first line of an address ("Flat 2, 51 Elm Grove"), not a street name. */
const UNIT_WORD = String.raw`(?:Flat|Apt|Apartment|Unit|Suite|Wohnung|Whg|Piso|Interno|Etage|Stock|Haus|Block)(?![\p{L}])`;
const ADDRESS_AFTER_KEYWORD = new RegExp(
  String.raw`(?<![\p{L}])${ADDRESS_KEYWORD}(?:\s(?:ist|is|est|es|è|é|jest|lautet))?\s?:?\s(?!${UNIT_WORD}|${NOT_A_STREET_NAME})(${NAME},?\s?${NUMBER_MARK}${HOUSE_NUMBER}${TAIL}|${POSTCODE}\s${CITY}|\d{1,4}[A-Za-z]?,?\s(?:[\p{Lu}][\p{L}'’\-]+\s?){1,3}(?:,\s?[\p{Lu}][\p{L}'’\-]+(?:\s[\p{Lu}][\p{L}'’\-]+){0,2}){0,3},?\s(?:${UK_POSTCODE}|${EIRCODE}))`,
  'gu',
);

/**
 * An address typed in lower case right after an address word: "mi direccion es calle alfonso x el
 * sabio 14 3 izq 30008 murcia", "meine adresse ist berliner str 55 10713 berlin". Chats often
 * skip capitals; after "address" a street-type word and a house number are an address in any
 * case, whichever comes first ("14 victoria road"). Group 1 runs from the street through short
 * floor or flat parts to a postcode and a word after it (the city), or through up to two words
 * to a UK postcode ("my adress is 14 st marys rd, southampton so14 0bh"), when they follow; where
 * it is longer than the address a case-sensitive pattern found there, it wins (`resolveOverlaps`).
 */
const ANY_CASE_WORD = String.raw`[\p{L}][\p{L}'’.\-]*`;
/** ENGLISH_TYPE's whole words that name nothing but a street, in any case (see address-words.ts). */
const ANY_CASE_ENGLISH_TYPE = String.raw`(?:${ENGLISH_WORDS_LOWER_CASE.join('|')})(?![\p{L}])`;
/** Where ANY_CASE_ENGLISH_TYPE can match and the word scan (which knows only capitalised English types) saw none: in lower case. */
const ENGLISH_TYPE_LOWER_CASE = new RegExp(String.raw`(?<![\p{L}])${ANY_CASE_ENGLISH_TYPE}`, 'u');
const ANY_CASE_STREET_AFTER_KEYWORD = new RegExp(
  String.raw`(?<![\p{L}])${ADDRESS_KEYWORD}(?:\s(?:ist|is|est|es|è|é|jest|lautet))?\s?:?\s((?:\d{1,4}(?:\s?(?:bis|ter|[a-z](?![\p{L}])))?,?\s(?:${PREFIX_TYPE}(?:\s${ANY_CASE_WORD}){1,3}|(?:${ANY_CASE_WORD}\s){1,3}${ANY_CASE_ENGLISH_TYPE})|(?:${PREFIX_TYPE}\s(?:${ANY_CASE_WORD}\s){0,5}|(?:${ANY_CASE_WORD}\s){0,3}(?:[\p{L}\-]*${GERMANIC_SUFFIX}|${ANY_CASE_ENGLISH_TYPE})\s?)${NUMBER_MARK}${HOUSE_NUMBER})(?:(?:[\s,]{1,2}(?:\d{1,2}\s?[º°ª]?|[\p{L}º°ª.]{1,8})){0,3}?,?\s{1,2}\d{4,5}\s${ANY_CASE_WORD}|,?\s{1,2}(?:${ANY_CASE_WORD},?\s){0,2}${UK_POSTCODE})?)`,
  'giu',
);

/**
 * Which address patterns can match in `text`, as family bits: the word starts the facts scan
 * found (see `address-words.ts`), completed by a look before each digit run. Every pattern
 * needs its word at a word start (no letter before it) or, for "Hauptstraße 5", a street-type
 * suffix right before the house number. It may report a family whose pattern then finds
 * nothing, never the other way round, so the patterns it skips are exactly those that could
 * not match.
 */
export function addressFamilies(text: string, facts: TextFacts): number {
  let families = facts.addressWords & ~(PREPOSITION_SEEN | YEAR_WORD_SEEN);
  // GERMANIC_STREET's house number right after its suffix has at most four digits; but the
  // any-case pattern after an address word takes any street family as its gate, so with an
  // address word a suffix before a longer run counts as before.
  let suffixRunLimit = (families & GERMANIC) !== 0 ? -1 : (families & ADDRESS_WORD_SEEN) !== 0 ? Number.MAX_SAFE_INTEGER : 4;
  let postcodeBeforeCity = false;
  let postcodeAfterComma = false;
  let houseNumberBeforeName = false;
  let capitalBeforeDigit = false;
  const { digitRunStarts, digitRunLengths } = facts;
  for (let k = 0; k < digitRunStarts.length; k++) {
    const runStart = digitRunStarts[k]!;
    const length = digitRunLengths[k]!;
    const previous = text.charCodeAt(runStart - 1);
    if (previous >= 65 && previous <= 90) capitalBeforeDigit = true;
    if (length <= suffixRunLimit && (endsWithGermanicSuffix(text, runStart) || (isWhiteSpace(previous) && endsWithGermanicSuffix(text, runStart - 1)))) {
      families |= GERMANIC;
      suffixRunLimit = -1;
    }
    // Every other test wants a house number (at most four digits) or a postcode's last run (three to five).
    if (length > 5) continue;
    if (length >= 3 && isPostcodeBeforeCity(text, runStart, length)) {
      postcodeBeforeCity = true;
      postcodeAfterComma ||= hasCommaBefore(text, runStart);
    }
    if (!houseNumberBeforeName && length <= 4) houseNumberBeforeName = isHouseNumberBeforeName(text, runStart, length, previous);
  }
  // Streets without a street-type word count only before a postcode and city.
  if (postcodeBeforeCity) families |= (facts.addressWords & PREPOSITION_SEEN) | namedStreetBeforeHouseNumber(text, facts);
  if (postcodeAfterComma) families |= POSTCODE_CITY_SEEN;
  // A unit block may open with a unit word, an English street without a number, or a house number before a name (see
  // UNIT_ADDRESS_BLOCK); it ends in a UK postcode or an Eircode (a capital right before a digit), a county ("Co. ") or a Dublin district.
  if ((families & (UNIT_SEEN | ENGLISH)) !== 0 || houseNumberBeforeName) {
    if (capitalBeforeDigit || text.includes('Co. ') || text.includes('Dublin')) families |= UNIT_SEEN;
    else families &= ~UNIT_SEEN;
  }
  return families;
}

/**
 * NAMED_STREET_SEEN when a street-name ending ("Weidenring", "Lindenhof") stands right before a
 * digit run that can be a house number (at most four digits), or one white space before it; else 0.
 */
function namedStreetBeforeHouseNumber(text: string, facts: TextFacts): number {
  const { digitRunStarts, digitRunLengths } = facts;
  for (let k = 0; k < digitRunStarts.length; k++) {
    if (digitRunLengths[k]! > 4) continue;
    const runStart = digitRunStarts[k]!;
    if (endsWithStreetNameEnding(text, runStart) || (isWhiteSpace(text.charCodeAt(runStart - 1)) && endsWithStreetNameEnding(text, runStart - 1))) return NAMED_STREET_SEEN;
  }
  return 0;
}

/**
 * Whether the digit run at `runStart` (after the character `previous`, NaN at the text start)
 * can be a house number before a name ("22 Oakfield Park"): at most four digits, not after a
 * letter, comma or dot, then perhaps a letter and a comma, a white space and a capital (any
 * non-ASCII letter before it counts as none, which only widens the test).
 */
function isHouseNumberBeforeName(text: string, runStart: number, length: number, previous: number): boolean {
  if (previous < 128 && (isAsciiLetter(previous) || previous === 44 || previous === 46)) return false;
  let i = runStart + length;
  if (isAsciiLetter(text.charCodeAt(i))) i++;
  if (text.charCodeAt(i) === 44) i++;
  return isWhiteSpace(text.charCodeAt(i)) && isCapitalAt(text, i + 1);
}

const UPPER_CASE_LETTER = /\p{Lu}/u;
/**
 * Whether a capital (as `[\p{Lu}]`) starts at `index`: where a city or a name can begin. Half of
 * a surrogate pair counts as one, which only widens the test.
 */
function isCapitalAt(text: string, index: number): boolean {
  const code = text.charCodeAt(index);
  if (code < 128) return code >= 65 && code <= 90;
  // In Latin-1 the capitals are À-Ö and Ø-Þ; prices' "€" and the like are not.
  if (code < 256) return code >= 0xc0 && code <= 0xde && code !== 0xd7;
  if (code >= 0xd800 && code <= 0xdfff) return true;
  return UPPER_CASE_LETTER.test(String.fromCharCode(code));
}

/**
 * Whether the digit run at `runStart` can end a postcode of any POSTCODE form before a city: a
 * run of three to five digits ("10115", "00-029", "1100-053") followed by a white space and a
 * capital, or four digits followed by a capital ("1017GC Amsterdam").
 */
function isPostcodeBeforeCity(text: string, runStart: number, length: number): boolean {
  if (length < 3 || length > 5) return false;
  const after = runStart + length;
  const next = text.charCodeAt(after);
  return isWhiteSpace(next) ? isCapitalAt(text, after + 1) : length === 4 && next >= 65 && next <= 90;
}

/** Whether a postcode before a city that follows a comma lies outside the address findings so far. */
function hasUnclaimedPostcodeAfterComma(text: string, facts: TextFacts, claimed: readonly Finding[]): boolean {
  const { digitRunStarts, digitRunLengths } = facts;
  for (let k = 0; k < digitRunStarts.length; k++) {
    const runStart = digitRunStarts[k]!;
    const after = runStart + digitRunLengths[k]!;
    if (!isPostcodeBeforeCity(text, runStart, digitRunLengths[k]!) || !hasCommaBefore(text, runStart)) continue;
    if (!claimed.some((f) => f.type === 'POSTAL_ADDRESS' && f.start <= runStart && f.end >= after)) return true;
  }
  return false;
}

/**
 * STREET_NUMBER_BEFORE_POSTCODE_CITY puts a comma and one or two white spaces before the
 * postcode, whose last digit run starts at most eight characters into it ("D-1234-567"): the
 * comma is within ten characters before that run.
 */
function hasCommaBefore(text: string, runStart: number): boolean {
  for (let i = Math.max(0, runStart - 10); i < runStart; i++) if (text.charCodeAt(i) === 44) return true;
  return false;
}

/**
 * Finds street addresses (street-type word + house number, optionally postcode and city),
 * postcodes introduced by a postcode word, and a name + house number or postcode + city right
 * after an address word. A bare number or postcode is never an address.
 */
export function detectPostalAddresses(text: string, context: DetectContext, out: Finding[]): void {
  findPostalAddresses(text, context, out);
  // The patterns read capitals as names: a message typed in capitals is read again as if written
  // as usual ("221 STATION ROAD, WIGAN WN1 3JE" as "221 Station Road, Wigan WN1 3JE"), by the
  // patterns that need a street-type or unit word only: there every capitalised word looks like
  // a name, so the patterns without such a word would run into the sentence ("BITTE AN ...").
  if (isShouted(text)) {
    const recased = capitaliseShoutedWords(text);
    if (recased.length === text.length) findPostalAddresses(recased, { regions: context.regions, facts: collectTextFacts(recased) }, out, STREET_FAMILIES | UNIT_SEEN);
  }
}

/**
 * A message typed with caps lock: no small ASCII letter in its first 40 characters (where most
 * messages show one within a word, so the test ends there), and at least twelve capitals, nine
 * in ten of its ASCII letters.
 */
function isShouted(text: string): boolean {
  const head = Math.min(text.length, 40);
  for (let i = 0; i < head; i++) {
    const code = text.charCodeAt(i);
    if (code >= 97 && code <= 122) return false;
  }
  let upper = 0;
  let lower = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code >= 65 && code <= 90) upper++;
    else if (code >= 97 && code <= 122) lower++;
  }
  return upper >= 12 && upper >= 9 * lower;
}

const LETTER_RUN = /\p{L}{3,}/gu;
/**
 * Each run of three or more letters lower-cased but its first, unless a digit touches it (the
 * "WN" of "WN1 3JE", the "JE" of "3JE": postcodes keep their capitals), as are runs of one or two
 * letters ("CO.", "IL"). Callers check the length: lower-casing may lengthen a rare letter ("İ").
 */
function capitaliseShoutedWords(text: string): string {
  return text.replace(LETTER_RUN, (word, offset: number) => {
    const touchesDigit = /\d/.test(text.charAt(offset - 1)) || /\d/.test(text.charAt(offset + word.length));
    return touchesDigit ? word : word.charAt(0) + word.slice(1).toLowerCase();
  });
}

/** The address patterns of the families `addressFamilies` reports, those in `familyMask` only. */
function findPostalAddresses(text: string, context: DetectContext, out: Finding[], familyMask = -1): void {
  if (context.regions.includes('NL') && familyMask === -1) pushDutchPostcodesWithNumber(text, context.facts, out);
  const families = addressFamilies(text, context.facts) & familyMask;
  if (families === 0) return;
  // House numbers have at most 4 digits and a postcode before a city at most 5, so text with
  // only longer digit runs can hold no more than a postcode after a postcode word.
  const shortRuns = context.facts.shortestDigitRun <= 5;
  if (shortRuns && (families & STREET_FAMILIES) !== 0) {
    const street = streetPatternFor(families & STREET_FAMILIES);
    street.lastIndex = 0;
    for (let m = street.exec(text); m !== null; m = street.exec(text)) {
      out.push({ type: 'POSTAL_ADDRESS', start: withUnitPartsBefore(text, m.index), end: withPostcodeAfter(text, m.index + trimmedLength(m[0])) });
    }
  }
  if ((families & POSTCODE_WORD_SEEN) !== 0) {
    // A postcode in a question about delivery ("PLZ 80331, liefert ihr da?", "Spedite in Sardegna?
    // CAP 09124 Cagliari") names a place the shop may serve, not the writer's home, and the agent
    // needs it to answer: there it is an address only when the writer calls it theirs ("Meine PLZ").
    const keep = text.includes('?') && DELIVERY_WORD.test(text) ? (matchIndex: number) => hasFirstPersonWord(text.slice(Math.max(0, matchIndex - 40), matchIndex)) : undefined;
    pushCapturedAddresses(POSTCODE_IN_CONTEXT, text, out, keep);
    pushCapturedAddresses(POSTCODE_CITY_AFTER_POSTCODE_WORD, text, out, keep);
    pushOwnPostcodes(text, out);
    pushEveryMatch(PO_BOX_ADDRESS, text, out);
  }
  if (shortRuns && (families & ADDRESS_WORD_SEEN) !== 0) {
    // The any-case pattern's street-type words: the street families' (lower case and capitalised) or a lower-case English one.
    pushAddressesAfterKeywords(text, out, (families & STREET_FAMILIES) !== 0 || ENGLISH_TYPE_LOWER_CASE.test(text));
  }
  if ((families & PREPOSITION_SEEN) !== 0) pushUnclaimedStreets(STREET_BEFORE_POSTCODE_CITY, text, out);
  if ((families & NAMED_STREET_SEEN) !== 0) pushUnclaimedStreets(NAMED_STREET_BEFORE_POSTCODE_CITY, text, out);
  // A unit block may hold a street ("Unit 4, Riverside Business Park, 9 Mill Lane, Leeds LS10 1QA"): the longer span wins.
  if ((families & UNIT_SEEN) !== 0) pushEveryMatch(UNIT_ADDRESS_BLOCK, text, out);
  // A match holds its postcode: where every postcode before a city already lies in a found address, none could be pushed.
  if (shortRuns && (families & POSTCODE_CITY_SEEN) !== 0 && hasUnclaimedPostcodeAfterComma(text, context.facts, out)) {
    pushUnclaimedStreets(STREET_NUMBER_BEFORE_POSTCODE_CITY, text, out);
  }
}

/**
 * "1016 GD 452", "1016GD 452-II": in the Netherlands a postcode and a house number are a whole
 * address (the postcode names the street). Only for Dutch contacts: elsewhere four digits, two
 * capitals and a number are too often something else. Overlaps are settled as usual: the longer
 * span wins over a bare postcode found after "postcode".
 */
const DUTCH_POSTCODE_NUMBER = new RegExp(String.raw`(?<![\p{L}\p{N}])[1-9]\d{3}\s?(?!SA|SD|SS)[A-Z]{2}\s${HOUSE_NUMBER}`, 'uy');

function pushDutchPostcodesWithNumber(text: string, facts: TextFacts, out: Finding[]): void {
  const { digitRunStarts, digitRunLengths } = facts;
  for (let k = 0; k < digitRunStarts.length; k++) {
    if (digitRunLengths[k] !== 4) continue;
    const runStart = digitRunStarts[k]!;
    DUTCH_POSTCODE_NUMBER.lastIndex = runStart;
    const m = DUTCH_POSTCODE_NUMBER.exec(text);
    if (m !== null) out.push({ type: 'POSTAL_ADDRESS', start: runStart, end: runStart + trimmedLength(m[0]) });
  }
}

/** The matches of a street-before-postcode pattern that no other address pattern found. */
function pushUnclaimedStreets(pattern: RegExp, text: string, out: Finding[]): void {
  pattern.lastIndex = 0;
  for (let m = pattern.exec(text); m !== null; m = pattern.exec(text)) {
    const start = m.index;
    const end = start + trimmedLength(m[0]);
    if (!out.some((f) => f.type === 'POSTAL_ADDRESS' && f.start < end && f.end > start)) out.push({ type: 'POSTAL_ADDRESS', start, end: withPostcodeAfter(text, end) });
  }
}

/** Every match of an address pattern, through a postcode and city that follow; overlaps are settled later by length. */
function pushEveryMatch(pattern: RegExp, text: string, out: Finding[]): void {
  pattern.lastIndex = 0;
  for (let m = pattern.exec(text); m !== null; m = pattern.exec(text)) {
    out.push({ type: 'POSTAL_ADDRESS', start: m.index, end: withPostcodeAfter(text, m.index + trimmedLength(m[0])) });
  }
}

/** The postcodes of OWN_POSTCODE_AFTER_POSTCODE_WORD whose words between say they are the writer's. */
function pushOwnPostcodes(text: string, out: Finding[]): void {
  OWN_POSTCODE_AFTER_POSTCODE_WORD.lastIndex = 0;
  for (let m = OWN_POSTCODE_AFTER_POSTCODE_WORD.exec(text); m !== null; m = OWN_POSTCODE_AFTER_POSTCODE_WORD.exec(text)) {
    if (!hasFirstPersonWord(m[1]!)) continue;
    const end = m.index + m[0].length;
    out.push({ type: 'POSTAL_ADDRESS', start: end - m[2]!.length, end });
  }
}

/**
 * Each address pattern alone with the family bit `addressFamilies` must report wherever it
 * can match: what the word scan's safety rests on, exported for its test.
 */
export function addressPatternsByFamily(): ReadonlyArray<{ readonly family: number; readonly pattern: RegExp }> {
  return [
    ...STREET_ALTERNATIVES.map((a) => ({ family: a.family, pattern: new RegExp(`${a.pattern}${a.tail}`, 'u') })),
    { family: POSTCODE_WORD_SEEN, pattern: new RegExp(POSTCODE_IN_CONTEXT.source, 'u') },
    { family: POSTCODE_WORD_SEEN, pattern: new RegExp(POSTCODE_CITY_AFTER_POSTCODE_WORD.source, 'u') },
    { family: POSTCODE_WORD_SEEN, pattern: new RegExp(OWN_POSTCODE_AFTER_POSTCODE_WORD.source, 'u') },
    { family: POSTCODE_WORD_SEEN, pattern: new RegExp(PO_BOX_ADDRESS.source, 'u') },
    { family: ADDRESS_WORD_SEEN, pattern: new RegExp(ADDRESS_AFTER_KEYWORD.source, 'u') },
    { family: ADDRESS_WORD_SEEN, pattern: new RegExp(ANY_CASE_STREET_AFTER_KEYWORD.source, 'iu') },
    { family: PREPOSITION_SEEN, pattern: new RegExp(STREET_BEFORE_POSTCODE_CITY.source, 'u') },
    { family: NAMED_STREET_SEEN, pattern: new RegExp(NAMED_STREET_BEFORE_POSTCODE_CITY.source, 'u') },
    { family: UNIT_SEEN, pattern: new RegExp(UNIT_ADDRESS_BLOCK.source, 'u') },
    { family: POSTCODE_CITY_SEEN, pattern: new RegExp(STREET_NUMBER_BEFORE_POSTCODE_CITY.source, 'u') },
  ];
}

/**
 * Delivery words ("liefert ihr", "do you deliver", "livrez-vous", "entrega", "dowozicie",
 * "bezorgen"), and a service's coverage ("¿llegáis?", "coprite anche", "obsługujecie?", "fazem o
 * código postal ...?", "do you cover", "intervenez-vous"): the question names the area served.
 */
const DELIVERY_WORD = /(?<![\p{L}])(?:liefer|versend|versand|deliver|ship|livr|env[ií][aáo]|entreg|consegn|spedi|dostaw|dowo|wysył|bezorg|lever|verzend|lleg[aáu]|cubr|copr|obsługuj|dojeżdż|fazem|atendem|cover|interven|kommt ihr|fahrt ihr)/iu;

/** Pushes capture group 1 of each match (the address after its introducing word) that `keep` accepts (given where the match starts). */
function pushCapturedAddresses(pattern: RegExp, text: string, out: Finding[], keep?: (matchIndex: number) => boolean): void {
  pattern.lastIndex = 0;
  for (let m = pattern.exec(text); m !== null; m = pattern.exec(text)) {
    if (keep === undefined || keep(m.index)) pushCaptured(m, text, out, false);
  }
}

/** Pushes capture group 1 of `match`; with `streetFirst`, through a postcode and city that follow. */
function pushCaptured(match: RegExpExecArray, text: string, out: Finding[], streetFirst: boolean): void {
  const value = match[1]!;
  const addressLength = trimmedLength(value);
  // "wohne in der Bergmannstr. 5": the article belongs to the sentence, not to the street's name.
  const article = streetFirst ? (LEADING_ARTICLE.exec(value)?.[0].length ?? 0) : 0;
  const start = match.index + match[0].length - value.length + article;
  const end = start + addressLength - article;
  out.push({ type: 'POSTAL_ADDRESS', start, end: streetFirst ? withPostcodeAfter(text, end) : end });
}

/** An address word at a word start: where ADDRESS_AFTER_KEYWORD and ANY_CASE_STREET_AFTER_KEYWORD can start. */
const ADDRESS_KEYWORD_AT_WORD_START = new RegExp(String.raw`(?<![\p{L}])${ADDRESS_KEYWORD}`, 'gu');
const ADDRESS_AFTER_KEYWORD_STICKY = new RegExp(ADDRESS_AFTER_KEYWORD.source, 'uy');
const ANY_CASE_STREET_AFTER_KEYWORD_STICKY = new RegExp(ANY_CASE_STREET_AFTER_KEYWORD.source, 'iuy');

/**
 * The matches of ADDRESS_AFTER_KEYWORD, as its global search finds them, and (with `anyCase`)
 * those of ANY_CASE_STREET_AFTER_KEYWORD where it can add to them, from one search for the
 * address words: both patterns start with one, so each is tried only there, and the text is
 * searched once instead of twice.
 */
function pushAddressesAfterKeywords(text: string, out: Finding[], anyCase: boolean): void {
  let casedFrom = 0;
  let anyCaseFrom = anyCase ? 0 : text.length + 1;
  ADDRESS_KEYWORD_AT_WORD_START.lastIndex = 0;
  for (let k = ADDRESS_KEYWORD_AT_WORD_START.exec(text); k !== null; k = ADDRESS_KEYWORD_AT_WORD_START.exec(text)) {
    // A global search goes on after the end of its last match: a keyword inside that match starts none.
    const casedEnd = k.index >= casedFrom ? pushStickyMatch(ADDRESS_AFTER_KEYWORD_STICKY, k.index, text, out) : undefined;
    if (casedEnd !== undefined) casedFrom = casedEnd;
    // The any-case pattern adds something only where the cased one found nothing, or stopped before more address in lower case or digits.
    if (k.index >= anyCaseFrom && (casedEnd === undefined || continuesInLowerCase(text, casedEnd))) {
      anyCaseFrom = pushStickyMatch(ANY_CASE_STREET_AFTER_KEYWORD_STICKY, k.index, text, out) ?? anyCaseFrom;
    }
  }
}

/** Whether, after commas and spaces, a lower-case letter or a digit follows `end` ("12 rue de la| paix 75002 paris"). */
function continuesInLowerCase(text: string, end: number): boolean {
  let i = end;
  while (i < text.length && (text.charCodeAt(i) === 44 || isWhiteSpace(text.charCodeAt(i)))) i++;
  const code = text.charCodeAt(i);
  return (code >= 97 && code <= 122) || (code >= 48 && code <= 57) || (code >= 0xdf && code !== 0xf7 && text[i] === text[i]!.toLowerCase() && text[i] !== text[i]!.toUpperCase());
}

/** Runs a sticky address-after-keyword pattern at `at`; pushes its address and returns the match's end, or undefined. */
function pushStickyMatch(pattern: RegExp, at: number, text: string, out: Finding[]): number | undefined {
  pattern.lastIndex = at;
  const match = pattern.exec(text);
  if (match === null) return undefined;
  pushCaptured(match, text, out, true);
  return match.index + match[0].length;
}

const LEADING_ARTICLE = /^(?:der|die|das|dem|den)\s(?=[\p{Lu}])/u;

/**
 * The rest of an address after its street and house number: a few short parts (floor, flat,
 * building, district: "3. Stock links", "bât. B, 3e étage", "portal 2, 4ºB", "bus 2") and then
 * a postcode and city, a UK postcode or an Eircode (group 1), on the same line or on the lines
 * after it, as an address is written on an envelope ("27 av. Jean Jaurès\nappt 14\n69007 Lyon");
 * never across an empty line.
 * Digit runs in the parts stay short, so a phone number or an order number is never swallowed.
 */
const REST_OF_ADDRESS = new RegExp(
  String.raw`(?:[ ,\/\-–\n](?:[^\n\d!?;:@]|\d(?!\d{3})|\n(?!\s*\n)){0,40}?)?(?:,\s{0,2}|\s{1,2}|\s?-\s|\s*\n\s*)(${POSTCODE}\s${CITY}|(?:${CITY},?\s)?${UK_POSTCODE}|${EIRCODE})`,
  'uy',
);

const ENDS_WITH_POSTCODE = new RegExp(String.raw`(?:${POSTCODE}\s${CITY}|${UK_POSTCODE}|${EIRCODE})$`, 'u');

/** Parts of an address between its street and its postcode hold a few words at most; a sentence does not. */
/**
 * The residence, building, staircase, flat, room or floor parts an address may put before its
 * street, each closed by a comma: "Résidence Les Tilleuls, bât. B, apt 23, 45 avenue Jean
 * Jaurès", "Bloque 3, Escalera B, Calle Mayor 5", "Seniorenresidenz Lindenhof, Zimmer 214,
 * Parkstraße 9". At most four parts of at most 30 characters.
 */
const UNIT_PARTS_BEFORE = /(?:(?<![\p{L}])(?:Résidence|résidence|Résid\.|Rés\.|Bâtiment|bâtiment|Bât\.|bât\.|Bat\.|bat\.|Escalier|escalier|Esc\.|esc\.|Appartement|appartement|Appart\.?|appart\.?|Appt\.?|appt\.?|Apt\.?|apt\.?|Étage|étage|Porte|porte|Logement|logement|Lgt|Bloque|bloque|Escalera|escalera|Edificio|edificio|Edifício|edifício|Bloco|bloco|Scala|scala|Palazzina|palazzina|Interno|interno|Piano|piano|Zimmer|Zi\.|Wohnung|Whg\.|Etage|App\.|Appartement|Kamer|kamer|[\p{Lu}][\p{L}]*(?:residenz|heim|stift))(?![\p{L}])[^,\n]{1,30},\s?){1,4}$/u;

/** `start`, or the start of the unit parts right before the street there (see UNIT_PARTS_BEFORE). */
function withUnitPartsBefore(text: string, start: number): number {
  // Each part ends in a comma and at most one white space: most streets have neither before them.
  const previous = text.charCodeAt(start - 1);
  if (previous !== 44 && !(isWhiteSpace(previous) && text.charCodeAt(start - 2) === 44)) return start;
  const from = Math.max(0, start - 140);
  const parts = UNIT_PARTS_BEFORE.exec(text.slice(from, start));
  return parts === null ? start : from + parts.index;
}

const MAX_WORDS_BEFORE_POSTCODE = 4;
const WORD_GAP = /[\s,]+/u;

/**
 * `end`, or the end of the postcode and city that complete the address there (see
 * REST_OF_ADDRESS): "14 Mill Lane instead of mine at 41 Mill Lane, Bristol BS3 4DT" keeps its
 * first street apart.
 */
function withPostcodeAfter(text: string, end: number): number {
  // Every postcode REST_OF_ADDRESS ends in holds a digit: without one after `end`, the regex call is spared.
  if (!hasDigitFrom(text, end)) return end;
  REST_OF_ADDRESS.lastIndex = end;
  const m = REST_OF_ADDRESS.exec(text);
  if (m === null) return end;
  // An address that already ends in its postcode and city ends there: "Prinsengracht 263-1, 1016 GV Amsterdam naar Oudegracht 118 bis ...".
  if (ENDS_WITH_POSTCODE.test(text.slice(Math.max(0, end - 40), end))) return end;
  const parts = m[0].slice(0, m[0].length - m[1]!.length);
  if (parts.split(WORD_GAP).filter((word) => word !== '' && word !== '-' && word !== '–').length > MAX_WORDS_BEFORE_POSTCODE) return end;
  return end + trimmedLength(m[0]);
}

/** Whether a digit 0-9 stands at `from` or after it. */
export function hasDigitFrom(text: string, from: number): boolean {
  for (let i = from; i < text.length; i++) if (isDigit(text.charCodeAt(i))) return true;
  return false;
}

/**
 * Length of `value` without its trailing white space (as `\s`) and commas: what
 * `value.replace(/[\s,]+$/u, '')` keeps. Why no regex: it ran for every match, and a replace
 * with a search for `$` cost more than this loop.
 */
export function trimmedLength(value: string): number {
  let end = value.length;
  while (end > 0) {
    const code = value.charCodeAt(end - 1);
    if (code !== 44 && !isWhiteSpace(code)) break;
    end--;
  }
  return end;
}
