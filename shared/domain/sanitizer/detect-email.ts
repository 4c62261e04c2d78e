import { isAsciiAlphanumeric, MARK_CLOSING_BRACKET } from './text-facts.js';
import type { DetectContext, Finding } from './types.js';

const LETTER_OR_NUMBER = /[\p{L}\p{N}]/u;
/** `[\p{L}\p{N}._%+\-]` for one UTF-16 unit; the regex only outside ASCII, since it ran for every character of every address. */
function isLocalChar(text: string, index: number): boolean {
  const code = text.charCodeAt(index);
  if (code >= 128) return LETTER_OR_NUMBER.test(text[index]!);
  return isAsciiAlphanumeric(code) || code === 46 || code === 95 || code === 37 || code === 43 || code === 45;
}
/** `[\p{L}\p{N}\-.]` for one UTF-16 unit, as `isLocalChar`. */
function isDomainChar(text: string, index: number): boolean {
  const code = text.charCodeAt(index);
  if (code >= 128) return LETTER_OR_NUMBER.test(text[index]!);
  return isAsciiAlphanumeric(code) || code === 45 || code === 46;
}
const DOMAIN_SHAPE = /^(?:[\p{L}\p{N}](?:[\p{L}\p{N}\-]*[\p{L}\p{N}])?\.)+\p{L}{2,24}$/u;

/**
 * Local parts that name a function, not a person ("service@", "kundenservice@", "compta@",
 * "atencion.cliente@"), compared without dots, dashes and underscores. Keep it to words no
 * person is called.
 */
const ROLE_LOCAL_PARTS: ReadonlySet<string> = new Set([
  'info', 'information', 'service', 'services', 'support', 'soporte', 'suporte', 'supporto', 'assistance', 'ayuda', 'aiuto', 'hilfe', 'pomoc', 'ajuda', 'help', 'helpdesk', 'servicedesk', 'hotline', 'contact', 'contacts',
  'kontakt', 'contacto', 'contatto', 'contato', 'hello', 'hallo', 'hola', 'office', 'buero', 'büro', 'bureau', 'biuro', 'admin',
  'administration', 'administracion', 'administración', 'amministrazione', 'administratie', 'sales', 'vertrieb', 'verkauf',
  'einkauf', 'purchasing', 'billing', 'invoice', 'invoices', 'rechnung', 'rechnungen', 'buchhaltung', 'accounting', 'accounts',
  'compta', 'comptabilite', 'comptabilité', 'facturation', 'facturacion', 'facturación', 'facturas', 'fatture', 'fatturazione',
  'facturen', 'boekhouding', 'faktury', 'ksiegowosc', 'księgowość', 'sekretariat', 'secretariat', 'secretaria', 'secretaría',
  'segreteria', 'reception', 'rezeption', 'empfang', 'team', 'mail', 'post', 'noreply', 'donotreply', 'newsletter', 'marketing',
  'press', 'presse', 'prensa', 'stampa', 'jobs', 'careers', 'karriere', 'kundenservice', 'kundendienst', 'customerservice',
  'care', 'customercare', 'clientcare', 'customerservices', 'serviceclient', 'serviceclients', 'sav', 'atencion', 'atención', 'atencionalcliente',
  'atencioncliente', 'clientes', 'atendimento', 'apoio', 'assistenza', 'assistenzaclienti', 'klantenservice', 'klantendienst',
  'reservas', 'reservations', 'reservation', 'reservierung', 'booking', 'bookings', 'buchung', 'prenotazioni', 'reserveringen', 'rezerwacje',
  'abbonamenti', 'abonnements', 'abonnement', 'abo', 'aboservice', 'subscriptions', 'suscripciones', 'assinaturas',
  'obsluga', 'obsługa', 'bok', 'clienti', 'cliente', 'clients', 'customers', 'kunden', 'klanten', 'klienci', 'orders', 'order', 'bestellung', 'bestellungen', 'shop', 'store', 'webmaster', 'postmaster',
  'abuse', 'privacy', 'datenschutz', 'dpo', 'gdpr', 'rgpd', 'legal', 'servicecenter', 'kundencenter',
  // Enquiries, quotes, orders, returns, claims, HR, dispatch, rentals and front desks, in the eight languages.
  'enquiries', 'enquiry', 'inquiries', 'anfrage', 'anfragen', 'angebote', 'devis', 'presupuestos', 'preventivi', 'offertes', 'oferty', 'orcamentos',
  'commandes', 'commande', 'pedidos', 'ordini', 'bestellingen', 'zamowienia', 'zamówienia', 'encomendas', 'auftrag', 'auftraege', 'aufträge',
  'commercial', 'comercial', 'ventes', 'ventas', 'vendite', 'verkoop', 'sprzedaz', 'sprzedaż', 'vendas', 'geral', 'general',
  'returns', 'retouren', 'retoure', 'retours', 'devoluciones', 'resi', 'retour', 'zwroty', 'devolucoes', 'devoluções', 'refunds', 'erstattung',
  'remboursement', 'reembolsos', 'rimborsi', 'claims', 'schaden', 'schadensmeldung', 'sinistres', 'siniestros', 'sinistri', 'schade', 'szkody', 'sinistros',
  'hr', 'personal', 'personalabteilung', 'bewerbung', 'bewerbungen', 'recruiting', 'recrutement', 'candidature', 'candidatures', 'rrhh', 'seleccion',
  'selezione', 'werving', 'rekrutacja', 'recrutamento', 'fraud', 'fraude', 'frode', 'betrug', 'security', 'sicherheit', 'notifications', 'alerts',
  'dispatch', 'logistik', 'logistics', 'versand', 'shipping', 'expedition', 'envios', 'spedizioni', 'verzending', 'wysylka', 'wysyłka', 'expedicao', 'expedição',
  'vermietung', 'rental', 'rentals', 'location', 'alquiler', 'noleggio', 'verhuur', 'wynajem', 'aluguer', 'frontdesk', 'concierge', 'events', 'tickets', 'boxoffice', 'kasse', 'theaterkasse', 'billetterie', 'taquilla', 'biglietteria', 'bilheteira',
  'termine', 'termin', 'praxis', 'kanzlei', 'verwaltung', 'hausverwaltung', 'ufficio', 'oficina', 'kantoor', 'escritorio', 'escritório', 'recepcao', 'recepção', 'recepcion', 'recepción', 'accueil',
]);
/** Free-mail providers: there "info@" or "service@" is some person's own account. */
const FREE_MAIL_DOMAINS: ReadonlySet<string> = new Set([
  'gmail.com', 'googlemail.com', 'yahoo.com', 'yahoo.de', 'yahoo.fr', 'yahoo.es', 'yahoo.it', 'yahoo.co.uk', 'hotmail.com',
  'hotmail.de', 'hotmail.fr', 'hotmail.es', 'hotmail.it', 'hotmail.co.uk', 'outlook.com', 'outlook.de', 'outlook.fr', 'outlook.es',
  'outlook.it', 'outlook.pt', 'live.com', 'live.de', 'live.fr', 'live.nl', 'msn.com', 'icloud.com', 'me.com', 'mac.com', 'aol.com',
  'gmx.de', 'gmx.net', 'gmx.at', 'gmx.ch', 'web.de', 't-online.de', 'posteo.de', 'mailbox.org', 'freenet.de', 'orange.fr',
  'free.fr', 'laposte.net', 'sfr.fr', 'wanadoo.fr', 'libero.it', 'virgilio.it', 'tiscali.it', 'alice.it', 'wp.pl', 'onet.pl',
  'o2.pl', 'interia.pl', 'sapo.pt', 'ziggo.nl', 'kpnmail.nl', 'telefonica.net', 'btinternet.com', 'proton.me', 'protonmail.com',
]);
const LOCAL_PART_SEPARATORS = /[._\-]/g;
/** The longest local part that can be a role word with its separators and a "+tag" ("atencion.al.cliente+es"). */
const MAX_ROLE_LENGTH = 40;

/**
 * A business's function mailbox: a role word as the whole local part (a "+tag" aside) at a
 * domain that is not a free-mail provider's. It names a department, not a person, so it is not
 * personal data, and the agent needs it ("your support@ address bounces").
 */
function isRoleMailbox(local: string, domain: string): boolean {
  // Most personal addresses are at a free-mail provider: asked first, it spares normalising the local part.
  if (FREE_MAIL_DOMAINS.has(domain.toLowerCase()) || local.length > MAX_ROLE_LENGTH) return false;
  const plus = local.indexOf('+');
  return ROLE_LOCAL_PARTS.has((plus === -1 ? local : local.slice(0, plus)).toLowerCase().replace(LOCAL_PART_SEPARATORS, ''));
}

/**
 * Finds e-mail addresses. Starts from each `@` instead of scanning the whole text with a
 * regex, because `@` is rare in chat text and this keeps the common case at one `indexOf`.
 */
export function detectEmails(text: string, _context: DetectContext, out: Finding[]): void {
  let at = text.indexOf('@');
  while (at !== -1) {
    let start = at;
    while (start > 0 && isLocalChar(text, start - 1)) start--;
    // A local part must not start or end with a dot.
    while (start < at && text[start] === '.') start++;
    let end = at + 1;
    while (end < text.length && isDomainChar(text, end)) end++;
    // Trailing sentence punctuation is not part of the domain.
    while (end > at + 1 && (text[end - 1] === '.' || text[end - 1] === '-')) end--;
    const local = text.slice(start, at);
    const domain = text.slice(at + 1, end);
    if (local.length > 0 && local.length <= 64 && !local.endsWith('.') && DOMAIN_SHAPE.test(domain)) {
      if (!isRoleMailbox(local, domain)) out.push({ type: 'EMAIL', start, end });
      at = text.indexOf('@', end);
    } else {
      at = text.indexOf('@', at + 1);
    }
  }
}

/**
 * "max.muster (at) web (dot) de", "anna[at]gmx[punkt]net", "jan(at)example.nl": an address with
 * the "@" (and perhaps the dots) written as bracketed words. The domain must end in a label of
 * letters after a dot or a bracketed "dot" word, so "wir sind (at) home" is no address.
 */
const OBFUSCATED_EMAIL =
  /(?<![\p{L}\p{N}._%+\-])[\p{L}\p{N}._%+\-]+\s?[(\[]at[)\]]\s?[\p{L}\p{N}\-]+(?:(?:\s?[(\[]\s?(?:dot|punkt|punto|point|kropka|ponto|stip)\s?[)\]]\s?|\.)[\p{L}\p{N}\-]+)*(?:\s?[(\[]\s?(?:dot|punkt|punto|point|kropka|ponto|stip)\s?[)\]]\s?|\.)\p{L}{2,24}(?![\p{L}\p{N}])/giu;

const BRACKETED_AT = /\s?[(\[]at[)\]]\s?/i;
const BRACKETED_DOT = /\s?[(\[]\s?(?:dot|punkt|punto|point|kropka|ponto|stip)\s?[)\]]\s?/giu;

/** Finds e-mail addresses whose "@" is written as "(at)" or "[at]" (see OBFUSCATED_EMAIL). */
export function detectObfuscatedEmails(text: string, context: DetectContext, out: Finding[]): void {
  // "(at)", "[at]", "(AT)", "[AT]": a closing bracket is rare, and one native search for it spares the other four.
  if ((context.facts.marks & MARK_CLOSING_BRACKET) === 0) return;
  if (!text.includes('at)') && !text.includes('at]') && !text.includes('AT)') && !text.includes('AT]')) return;
  OBFUSCATED_EMAIL.lastIndex = 0;
  for (let m = OBFUSCATED_EMAIL.exec(text); m !== null; m = OBFUSCATED_EMAIL.exec(text)) {
    const [local = '', domain = ''] = m[0].split(BRACKETED_AT);
    if (!isRoleMailbox(local.trim(), domain.trim().replace(BRACKETED_DOT, '.'))) out.push({ type: 'EMAIL', start: m.index, end: m.index + m[0].length });
  }
}
