import { isAsciiAlphanumeric, isWhiteSpace } from './text-facts.js';

/**
 * Multilingual context words. Chats mix languages, so every list is the union of all
 * supported languages instead of being picked by `lang`.
 */

/** Joins words into a regex alternation, longest first so prefixes do not shadow longer words. */
function joinAlternatives(words: readonly string[]): string {
  return [...words].sort((a, b) => b.length - a.length).join('|');
}

/** Labels that introduce a number which is *not* a phone/card: order, tracking, product, invoice... */
const NUMBER_LABELS = [
  'order', 'orders', 'order number', 'order no', 'order id', 'ordernummer', 'bestelling', 'bestelnummer',
  'bestellung', 'bestellungen', 'bestellnummer', 'bestell-nr', 'bestellnr', 'auftrag', 'auftragsnummer', 'auftragsnr',
  'commande', 'cde', 'cmd', 'pedido', 'ordine', 'zamówienie', 'zamówienia', 'numer zamówienia', 'encomenda',
  'tracking', 'tracking number', 'trackingnummer', 'tracking-nummer', 'sendung', 'sendungsnummer', 'sendungs-nr',
  'paket', 'paketnummer', 'colis', 'suivi', 'numéro de suivi', 'seguimiento', 'número de seguimiento', 'spedizione',
  'envío', 'envio', 'rastreio', 'código de rastreio', 'przesyłka', 'przesyłki', 'zending', 'track', 'trace',
  'ean', 'gtin', 'sku', 'pzn', 'artikel', 'artikelnummer', 'artikelnr', 'art.-nr', 'art-nr', 'art.nr', 'item', 'produkt',
  'product', 'producto', 'prodotto', 'produit', 'referencia', 'riferimento', 'référence', 'reference', 'referenz',
  'ref', 'réf', 'rif', 'invoice', 'rechnung', 'rechnungsnummer', 'rechnungsnr', 'facture', 'factura', 'fattura',
  'faktura', 'fatura', 'faktury', 'klienta', 'umowy', 'zastrzeżenia', 'zastrzezenia', 'kundennummer', 'kundennr', 'kunden-nr', 'customer number', 'customer no', 'customer id',
  'numéro client', 'número de cliente', 'numero cliente', 'client', 'cliente', 'klant', 'klantnummer', 'klient', 'ticket', 'case', 'vorgang', 'vorgangsnummer', 'serial',
  'seriennummer', 'imei', 'modell', 'model', 'modelo', 'modello', 'modèle', 'gutschein', 'gutscheincode', 'voucher',
  'coupon', 'code', 'pin', 'tan', 'nr', 'no', 'n°', 'nº', 'núm', 'num', 'iban', 'bic', 'blz', 'konto', 'kontonummer',
  'steuer-id', 'steuernummer', 'steuer-nr', 'idnr', 'tax id', 'pesel', 'bsn', 'nir', 'dni', 'nie', 'nif', 'cf',
  'plz', 'postleitzahl', 'zip', 'postcode', 'cap', 'lieferschein', 'retoure', 'rücksendung', 'retour', 'return',
  'rma', 'lot', 'verwendungszweck', 'betreff', 'motivo', 'causale', 'objet', 'zweck', 'batch', 'charge', 'vertrag', 'vertragsnummer', 'contract', 'contrat', 'contrato', 'contratto',
  // A company's service line, not a person's: "Het servicenummer 088 - 123 45 00", "Hotline 01806 ...".
  'hotline', 'helpline', 'servicenummer', 'servicehotline', 'service-hotline', 'servicelijn', 'infolinia', 'infolinii',
];

/** Words that say "the next number is a phone number". They override a number label. */
const PHONE_WORDS = [
  'tel', 'tel.', 'telefon', 'telefonnummer', 'telefone', 'telefoon', 'telefono', 'teléfono', 'téléphone', 'phone',
  'handy', 'handynummer', 'mobil', 'mobile', 'móvil', 'movil', 'cell', 'cellulare', 'cellular', 'portable', 'telemóvel',
  'telemovel', 'komórka', 'komórki', 'numer telefonu', 'whatsapp', 'fax', 'anrufen', 'ruf', 'rufen', 'call', 'appelez',
  'appelle', 'appeler', 'llámame', 'llamar', 'llama', 'chiamami', 'chiamare', 'chiama', 'bel', 'bellen', 'zadzwoń',
  'ligue', 'ligar', 'rückruf', 'erreichbar', 'reachable', 'joignable', 'raggiungibile', 'contactar', 'contattare',
];

/**
 * Words that make a bare "Nr."/"no" someone's own or changed number ("alte Nr. 0172 ...", "meine
 * Nr.", "nouveau n°", "nuevo nº", "nieuw nr", "nowy nr"): in a chat, that is a phone number.
 */
const OWNED_OR_CHANGED: ReadonlySet<string> = new Set([
  'alte', 'alten', 'neue', 'neuen', 'old', 'new', 'ancien', 'ancienne', 'nouveau', 'nouvelle', 'antiguo', 'antigua', 'nuevo', 'nueva',
  'vecchio', 'vecchia', 'nuovo', 'nuova', 'oud', 'oude', 'nieuw', 'nieuwe', 'stary', 'stara', 'nowy', 'nowa', 'antigo', 'antiga', 'novo', 'nova',
  'my', 'mein', 'meine', 'meiner', 'mon', 'ma', 'mi', 'mio', 'mia', 'mijn', 'mój', 'moja', 'meu', 'minha',
]);

/** Tokens skipped between a label and its number: "Bestellung Nr. ist: 123". */
const FILLER_TOKENS: ReadonlySet<string> = new Set([
  'is', 'ist', 'lautet', 'war', 'est', 'es', 'era', 'è', 'é', 'to', 'jest', 'was', 'nummer', 'number', 'nr', 'no', 'num',
  'n°', 'nº', 'n', 'número', 'numero', 'numéro', 'numer', 'id', 'code', 'código', 'codice', 'de', 'di', 'du', 'da', 'del',
  'the', 'my', 'meine', 'mein', 'ma', 'mon', 'mi', 'il', 'mio', 'la', 'le', 'el', 'o', 'a', 'vom', 'of', '',
]);
/** Filler tokens that label a number on their own ("Nr. 123", "#123"). */
const STANDALONE_LABELS: ReadonlySet<string> = new Set(['nr', 'no', 'num', 'n°', 'nº', 'núm', '#', 'code']);
const LABEL_TOKENS: ReadonlySet<string> = new Set(NUMBER_LABELS.filter((w) => !w.includes(' ')));
/** Stems that cover compounds ("Bestellnummer", "Sendungsverfolgung", "przesyłki"). */
const LABEL_PREFIXES = ['bestell', 'auftrag', 'sendung', 'paket', 'artikel', 'rechnung', 'kunden', 'vorgang', 'vertrag', 'seriennummer', 'zamówieni', 'przesyłk', 'tracking', 'referen', 'référen', 'riferiment', 'steuer', 'gutschein', 'lieferschein', 'konto', 'faktur', 'ordine', 'pedido', 'commande', 'invoice', 'order', 'encomenda', 'rastreio', 'seguimiento', 'spedizion', 'suivi'];
const PHONE_TOKENS: ReadonlySet<string> = new Set(PHONE_WORDS.filter((w) => !w.includes(' ')));
const PHONE_PREFIXES = ['tel', 'phone', 'handy', 'mobil', 'móvil', 'cell', 'portable', 'telemóv', 'telemov', 'komórk', 'whatsapp', 'ruf', 'call', 'appel', 'llam', 'chiam', 'bel', 'ligu', 'ligar', 'zadzwo', 'erreichbar', 'contact'];
const TOKEN_TRIM = /^[^\p{L}\p{N}#°º]+|[^\p{L}\p{N}#°º]+$/gu;

/**
 * A prefix list split by first character, for `startsWithAny`: a token is compared with the
 * few prefixes sharing its first character instead of with all of them.
 */
function groupByFirstCharacter(prefixes: readonly string[]): ReadonlyMap<number, readonly string[]> {
  const groups = new Map<number, string[]>();
  for (const p of prefixes) {
    const list = groups.get(p.charCodeAt(0)) ?? [];
    list.push(p);
    groups.set(p.charCodeAt(0), list);
  }
  return groups;
}
const LABEL_PREFIX_GROUPS = groupByFirstCharacter(LABEL_PREFIXES);
const PHONE_PREFIX_GROUPS = groupByFirstCharacter(PHONE_PREFIXES);

/** Same as `prefixes.some((p) => token.startsWith(p))` for the list `groups` was built from. */
function startsWithAny(token: string, groups: ReadonlyMap<number, readonly string[]>): boolean {
  const group = groups.get(token.charCodeAt(0));
  if (group === undefined) return false;
  for (const p of group) if (token.startsWith(p)) return true;
  return false;
}

/** How the words right before a digit run label it. */
export type NumberContext = 'phone' | 'card' | 'label' | 'none';

/** Words that say "the next number is a payment card's": "card no", "Kartennr.", "n° de carte". */
const CARD_TOKENS: ReadonlySet<string> = new Set([
  'card', 'karte', 'kartennummer', 'kartennr', 'kreditkarte', 'kreditkartennummer', 'debitkarte', 'girocard', 'carte',
  'tarjeta', 'carta', 'karta', 'karty', 'kaart', 'cartão', 'cartao', 'visa', 'mastercard', 'amex',
]);

/**
 * Classifies the text right before a digit run by looking at its last few words: a phone word
 * ("Tel", "Handy", "call") or a card word ("card", "Karte") wins over a number label
 * ("Bestellung", "order", "EAN", "#", "Nr.").
 * Token lookups in sets are much cheaper than an end-anchored regex over the window.
 */
export function classifyNumberContext(before: string): NumberContext {
  const tail = before.length > 48 ? before.slice(-48) : before;
  if (endsWithHash(tail)) return 'label';
  let standalone = false;
  // Walks the tokens of `tail.split(/[\s,;()]+/u)` from the right without splitting the window.
  let end = tail.length;
  for (let seen = 0; seen < 5; seen++) {
    let start = end;
    while (start > 0 && !isTokenSeparator(tail.charCodeAt(start - 1))) start--;
    const t = trimToken(tail.slice(start, end).toLowerCase());
    // "Tel.-Nr." / "Art.-Nr.": the part before the dash names the number.
    const head = t.includes('-') && !LABEL_TOKENS.has(t) ? t.slice(0, t.indexOf('-')) : t;
    if (isPhoneWord(t) || (head !== t && isPhoneWord(head))) return 'phone';
    if (CARD_TOKENS.has(t)) return 'card';
    // "Nr.", "no": a label on their own, unless a phone or card word names the number ("phone no", "Handy Nr.").
    if (STANDALONE_LABELS.has(t)) standalone = true;
    // "alte Nr.", "meine Nr.", "my new no.": a number someone owns or changes is their phone's; its validity decides.
    else if (standalone && OWNED_OR_CHANGED.has(t)) return 'none';
    else if (LABEL_TOKENS.has(head) || startsWithAny(head, LABEL_PREFIX_GROUPS)) return 'label';
    else if (!FILLER_TOKENS.has(t)) break;
    if (start === 0) break;
    end = start;
    while (end > 0 && isTokenSeparator(tail.charCodeAt(end - 1))) end--;
  }
  return standalone ? 'label' : 'none';
}

/** Same as `/#\s*$/.test(text)`, without trying every position of the window. */
function endsWithHash(text: string): boolean {
  let i = text.length;
  while (i > 0 && isWhiteSpace(text.charCodeAt(i - 1))) i--;
  return i > 0 && text.charCodeAt(i - 1) === 35;
}

/** The characters the tokens are split on: white space, `,`, `;` and brackets. */
function isTokenSeparator(code: number): boolean {
  return code === 44 || code === 59 || code === 40 || code === 41 || isWhiteSpace(code);
}

/** `token.replace(TOKEN_TRIM, '')`, skipping the regex when both ends are plain ASCII letters/digits. */
function trimToken(token: string): string {
  if (token.length === 0) return token;
  if (isAsciiAlphanumeric(token.charCodeAt(0)) && isAsciiAlphanumeric(token.charCodeAt(token.length - 1))) return token;
  return token.replace(TOKEN_TRIM, '');
}

/** Phone words proper, as stems at a word start: "Tel", "Handy", "call", "appelle", "llama"... */
const PHONE_WORD_STEMS = [...PHONE_PREFIXES, 'anruf', 'bell', 'appel', 'chiam', 'llam', 'llám'];

function wordStartPattern(stems: readonly string[]): RegExp {
  return new RegExp(String.raw`(?<![\p{L}])(?:${joinAlternatives(stems)})`, 'iu');
}

/**
 * A phone word anywhere in the window ("Ruf mich an unter", "you can call me on"), not only
 * right before the number, or just "number". Used only when no region is known, to allow trying
 * several regions.
 */
const PHONE_WORD_NEARBY = wordStartPattern([...PHONE_WORD_STEMS, 'nummer', 'number', 'numéro', 'número', 'numero', 'numer']);

/** Returns true when a phone word ("Tel", "Handy", "call", "appelle", "llama"...) or "number" occurs in `before`. */
export function hasPhoneWordNearby(before: string): boolean {
  return PHONE_WORD_NEARBY.test(before);
}

const PHONE_VERB_OR_NOUN = wordStartPattern(PHONE_WORD_STEMS);

/** Whether `before` holds a phone word proper; stricter than `hasPhoneWordNearby`, which also accepts "number". */
export function hasPhoneVerbOrNoun(before: string): boolean {
  return PHONE_VERB_OR_NOUN.test(before);
}

function isPhoneWord(token: string): boolean {
  return PHONE_TOKENS.has(token) || startsWithAny(token, PHONE_PREFIX_GROUPS);
}

/**
 * Matches right after a digit run when it is a price, quantity, unit or time. Only on the same
 * line: in a signature, the line after a phone number may start with "m.brunner@...". A
 * one-letter unit not before a word: Polish "w" ("pod +48 512 440 918 w sprawie") is "in".
 */
export const UNIT_AFTER = /^[ \u00A0]?(?:€|\$|£|eur(?:o|os)?\b|usd\b|gbp\b|chf\b|pln\b|zł|z[lł]oty|%|x\b|×|stk\b|stück|pcs\b|pieces?\b|units?\b|kg\b|(?:g|l|m|h|w|v)\b(?!\s\p{L})|mg\b|ml\b|cm\b|mm\b|km\b|uhr\b|min\b|sek\b|sec\b|gb\b|mb\b|tb\b|mah\b|punkte|points|pts\b)/iu;

/** Matches right before a digit run when it is a price. */
export const CURRENCY_BEFORE = /(?:€|\$|£|eur|usd|gbp|chf|pln|zł)\s?$/iu;

/**
 * `CURRENCY_BEFORE.test(before)`, read off the last characters: a currency sign or code, then at
 * most one white space. No currency ends in white space, so a trailing one must be the `\s?`.
 * Why by hand: it runs for every card and phone candidate, and the regex call cost a slice and
 * more than the comparisons.
 */
export function endsWithCurrency(before: string): boolean {
  let end = before.length;
  if (end > 0 && isWhiteSpace(before.charCodeAt(end - 1))) end--;
  const last = before.charCodeAt(end - 1);
  // €, $, £
  if (last === 0x20ac || last === 36 || last === 0xa3) return true;
  if ((last === 0x142 || last === 0x141) && foldedAt(before, end - 2) === 122) return true;
  const a = foldedAt(before, end - 3);
  const b = foldedAt(before, end - 2);
  const c = foldedAt(before, end - 1);
  return (
    (a === 101 && b === 117 && c === 114) || // eur
    (a === 117 && b === 115 && c === 100) || // usd
    (a === 103 && b === 98 && c === 112) || // gbp
    (a === 99 && b === 104 && c === 102) || // chf
    (a === 112 && b === 108 && c === 110) // pln
  );
}

/** The character at `index` as `/iu` compares it with a lower-case ASCII letter: A-Z in lower case, long s as "s", the Kelvin sign as "k". */
function foldedAt(text: string, index: number): number {
  const code = text.charCodeAt(index);
  if ((code >= 65 && code <= 90)) return code | 32;
  if (code === 0x17f) return 115;
  return code === 0x212a ? 107 : code;
}

/** Escapes regex metacharacters in a literal keyword. */
export function escapeRegex(literal: string): string {
  // With the `u` flag only syntax characters may be escaped, so `-` and `/` stay as they are.
  return literal.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/ /g, '\\s+');
}

export { joinAlternatives };

/**
 * Places and departments of a business: a number said to be theirs is a company line
 * ("Hat die Filiale Leipzig noch die Nummer 0341 ...", "SAV au 09 69 ...", "el teléfono de la
 * tienda de Bilbao es el 944 ...", "Votre service client au 09 69 ..."). Not "office" or "Büro":
 * a person's office number is that person's data.
 */
const BUSINESS_PLACE_WORDS = [
  'filiale', 'kundendienst', 'kundenservice', 'servicecenter', 'geschäftsstelle', 'zentrale', 'shop', 'store', 'branch',
  'reception', 'switchboard', 'sav', 'service client', 'service clients', 'magasin', 'boutique', 'agence', 'customer service', 'customer services',
  'servicio al cliente', 'atención al cliente', 'servizio clienti', 'obsługa klienta', 'apoio ao cliente', 'tienda', 'sucursal', 'centralita', 'negozio',
  'centralino', 'winkel', 'vestiging', 'klantenservice', 'sklep', 'oddział', 'oddzialu', 'oddziału', 'centrala', 'loja',
  'balcão', 'balcao', 'agência', 'agencia', 'standard', 'standard téléphonique',
  // Box offices and opening hours: "Box office hours: Mon–Sat 10:00–20:00, call 020 ...".
  'box office', 'theaterkasse', 'vorverkaufskasse', 'billetterie', 'taquilla', 'taquillas', 'biglietteria', 'kassa', 'bilheteira', 'bilheteria',
  'opening hours', 'öffnungszeiten', 'horaires', 'horario', 'horarios', 'orari', 'openingstijden', 'godziny otwarcia', 'horário', 'horários',
];
/** Without the `i` flag, on lower-cased text: case folding made the search several times slower. */
const BUSINESS_PLACE_ALTERNATIVES = joinAlternatives(BUSINESS_PLACE_WORDS);
const BUSINESS_PLACE = new RegExp(String.raw`(?<![\p{L}])(?:${BUSINESS_PLACE_ALTERNATIVES})(?![\p{L}])`, 'u');
/**
 * The addressee's place or department ("votre standard", "your customer service", "Ihre Filiale",
 * "jullie klantenservice"): the business's line even beside a first-person word ("J'ai appelé
 * votre standard au 01 ...").
 */
const YOUR_BUSINESS_PLACE = new RegExp(
  String.raw`(?<![\p{L}])(?:votre|vos|your|ihr|ihre|ihrer|ihren|eure|euer|eurer|euren|vuestro|vuestra|vostro|vostra|jullie|uw|wasz|wasza|waszego|waszej|vosso|vossa)\s(?:\p{L}+\s)?(?:${BUSINESS_PLACE_ALTERNATIVES})(?![\p{L}])`,
  'u',
);
/** First-person words: a number near one of them is the writer's, whatever business is named too. */
const FIRST_PERSON_WORDS: ReadonlySet<string> = new Set([
  'i', 'me', 'my', 'mine', "i'm", 'ich', 'mich', 'mir', 'mein', 'meine', 'meiner', 'meinen', 'je', 'moi', 'mon', 'ma', 'mes', "j'ai",
  'mien', 'mienne', 'miens', 'yo', 'mi', 'mis', 'mío', 'mía', 'io', 'mio', 'mia', 'miei', 'ik', 'mij', 'mijn', 'ja', 'mnie', 'mój', 'moja', 'moje', 'mojego',
  'eu', 'meu', 'minha',
]);
const WORDS_OF = /[\p{L}']+/gu;

/**
 * Whether the sentence before a number names a business's place or department and no
 * first-person word: then the number is the business's line, not the writer's.
 */
export function namesBusinessLine(before: string): boolean {
  const sentence = lastSentence(before);
  // One search for the rare business words first: splitting every phone number's sentence into words cost more.
  const lower = sentence.toLowerCase();
  return BUSINESS_PLACE.test(lower) && (!holdsFirstPersonWord(sentence) || YOUR_BUSINESS_PLACE.test(lower));
}

/**
 * "¿Os llamo al ...?", "je vous appelle au ...", "shall I call you on ...", "soll ich Sie unter ...":
 * the writer offers to call the business, so the number right after is the business's line.
 * "call me at", "call you from my new number" do not match: the number must follow at once.
 */
const CALL_YOU_AT = new RegExp(
  String.raw`(?<![\p{L}])(?:(?:os|les|le|vous|vi|la)\s+(?:llamo|llamamos|llamaré|appelle|appelons|appellerai|rappelle|chiamo|chiamiamo|richiamo)|(?:call|ring|phone)\s+you(?:\s+back)?|(?:ich|wir)\s+(?:sie|euch)|bel\s+(?:ik|we)\s+(?:jullie|u)|(?:zadzwonię|zadzwonimy)\s+do\s+(?:was|pana|pani|państwa))(?:\s+(?:al|au|sul|on|at|unter|op|na|pod))?(?:\s+(?:número|numero|numéro|number|nummer|numer))?\s*:?\s*$`,
  'iu',
);

/** Whether `before` ends in the writer's offer to call the business at the number that follows. */
export function callsTheAddressee(before: string): boolean {
  return CALL_YOU_AT.test(before);
}

/** Whether the sentence that `before` ends in holds a first-person word ("meine PLZ", "my postcode"). */
export function hasFirstPersonWord(before: string): boolean {
  return holdsFirstPersonWord(lastSentence(before));
}

function holdsFirstPersonWord(sentence: string): boolean {
  const words = sentence.toLowerCase().replace(WEEKDAY_RANGE, ' ').match(WORDS_OF) ?? [];
  return words.some((word) => FIRST_PERSON_WORDS.has(word));
}

/**
 * Opening days written as a range ("Mon–Sat", "ma-vr"): English "Mon" and Dutch "ma" are French
 * first-person words ("mon", "ma") too, but in a range they are days.
 */
const WEEKDAY_RANGE = /(?<![\p{L}])(?:mon|tue|wed|thu|fri|sat|sun|ma|di|wo|do|vr|za|zo)[a-z]*\.?\s?[–\-\/]\s?(?:mon|tue|wed|thu|fri|sat|sun|ma|di|wo|do|vr|za|zo)[a-z]*\.?(?![\p{L}])/gu;

/** The last sentence of `before`. */
function lastSentence(before: string): string {
  let sentenceStart = before.length;
  while (sentenceStart > 0 && !isSentenceEnd(before.charCodeAt(sentenceStart - 1))) sentenceStart--;
  return sentenceStart === 0 ? before : before.slice(sentenceStart);
}

/** `.`, `!`, `?` or a line break; a dot inside "Tel." or "Nr." ends no sentence, but cutting there only shortens the window. */
function isSentenceEnd(code: number): boolean {
  return code === 46 || code === 33 || code === 63 || code === 10;
}
