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
  'ean', 'gtin', 'sku', 'artikel', 'artikelnummer', 'artikelnr', 'art.-nr', 'art-nr', 'art.nr', 'item', 'produkt',
  'product', 'producto', 'prodotto', 'produit', 'referencia', 'riferimento', 'référence', 'reference', 'referenz',
  'ref', 'réf', 'rif', 'invoice', 'rechnung', 'rechnungsnummer', 'rechnungsnr', 'facture', 'factura', 'fattura',
  'faktura', 'fatura', 'kundennummer', 'kundennr', 'kunden-nr', 'customer number', 'customer no', 'customer id',
  'numéro client', 'número de cliente', 'numero cliente', 'ticket', 'case', 'vorgang', 'vorgangsnummer', 'serial',
  'seriennummer', 'imei', 'modell', 'model', 'modelo', 'modello', 'modèle', 'gutschein', 'gutscheincode', 'voucher',
  'coupon', 'code', 'pin', 'tan', 'nr', 'no', 'n°', 'nº', 'núm', 'num', 'iban', 'bic', 'blz', 'konto', 'kontonummer',
  'steuer-id', 'steuernummer', 'steuer-nr', 'idnr', 'tax id', 'pesel', 'bsn', 'nir', 'dni', 'nie', 'nif', 'cf',
  'plz', 'postleitzahl', 'zip', 'postcode', 'cap', 'lieferschein', 'retoure', 'rücksendung', 'retour', 'return',
  'rma', 'lot', 'verwendungszweck', 'betreff', 'motivo', 'causale', 'objet', 'zweck', 'batch', 'charge', 'vertrag', 'vertragsnummer', 'contract', 'contrat', 'contrato', 'contratto',
];

/** Words that say "the next number is a phone number". They override a number label. */
const PHONE_WORDS = [
  'tel', 'tel.', 'telefon', 'telefonnummer', 'telefone', 'telefoon', 'telefono', 'teléfono', 'téléphone', 'phone',
  'handy', 'handynummer', 'mobil', 'mobile', 'móvil', 'movil', 'cell', 'cellulare', 'cellular', 'portable', 'telemóvel',
  'telemovel', 'komórka', 'komórki', 'numer telefonu', 'whatsapp', 'fax', 'anrufen', 'ruf', 'rufen', 'call', 'appelez',
  'appelle', 'appeler', 'llámame', 'llamar', 'llama', 'chiamami', 'chiamare', 'chiama', 'bel', 'bellen', 'zadzwoń',
  'ligue', 'ligar', 'rückruf', 'erreichbar', 'reachable', 'joignable', 'raggiungibile', 'contactar', 'contattare',
];

const FOLLOW_FILLER = String.raw`(?:\s*(?:[:#=]|-?(?:nummer|number|nr|no|num|n[º°o]|número|numero|numéro|numer|id|code|código|codice)\.?))*\s*(?:(?:is|ist|lautet|war|est|es|era|è|é|to|jest|was|:)\s*)?[:#]?\s*$`;

/**
 * Matches at the end of the text *before* a digit run when that run is labelled as an order,
 * tracking, product, invoice or similar number. Use on a short window ending at the run.
 */
export const NUMBER_LABEL_BEFORE = new RegExp(
  String.raw`(?:(?<![\p{L}\p{N}.\-])(?:${joinAlternatives(NUMBER_LABELS.map(escapeRegex))})\.?|#)${FOLLOW_FILLER}`,
  'iu',
);

/** Matches when a phone word appears in the window before a digit run. */
export const PHONE_WORD_BEFORE = new RegExp(
  String.raw`(?<![\p{L}])(?:${joinAlternatives(PHONE_WORDS.map(escapeRegex))})(?![\p{L}])[^\p{N}]{0,30}$`,
  'iu',
);

/** Matches right after a digit run when it is a price, quantity, unit or time. */
export const UNIT_AFTER = /^\s?(?:€|\$|£|eur(?:o|os)?\b|usd\b|gbp\b|chf\b|pln\b|zł|z[lł]oty|%|x\b|×|stk\b|stück|pcs\b|pieces?\b|units?\b|kg\b|g\b|mg\b|ml\b|l\b|cm\b|mm\b|m\b|km\b|uhr\b|h\b|min\b|sek\b|sec\b|gb\b|mb\b|tb\b|mah\b|w\b|v\b|punkte|points|pts\b)/iu;

/** Matches right before a digit run when it is a price. */
export const CURRENCY_BEFORE = /(?:€|\$|£|eur|usd|gbp|chf|pln|zł)\s?$/iu;

/** Escapes regex metacharacters in a literal keyword. */
export function escapeRegex(literal: string): string {
  // With the `u` flag only syntax characters may be escaped, so `-` and `/` stay as they are.
  return literal.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/ /g, '\\s+');
}

export { joinAlternatives };
