import { internationalPhoneKind } from './phone-validity.js';
import { isAsciiLetter, MARK_DOT, MARK_SLASH } from './text-facts.js';
import type { DetectContext, Finding } from './types.js';

/**
 * A link with a scheme or "www.", or a bare host with a path ("instagram.com/anna_m84",
 * "shop.de/reset?token=…"): chat apps link those too, and people type them. A bare host needs a
 * top-level domain of letters and a path, so "v2.1/3" or "12.5/kg" is no candidate.
 */
const URL_CANDIDATE =
  /(?:(?<![\p{L}\p{N}@.])(?:https?:\/\/|www\.)|(?<![\p{L}\p{N}@.\/\-_])(?:[a-z\d](?:[a-z\d\-]*[a-z\d])?\.)+[a-z]{2,12}\/(?=[^\s]))[^\s<>"'`{}|\\^]+/giu;
const TRAILING_PUNCT = /[.,;:!?'")\]]+$/u;

/**
 * Query or fragment parameters that carry a person-bound secret, identifier or personal data
 * (a name, an address, a birth date). Shop parameters such as `id`, `ref`, `variant`, `color`
 * or `utm_*` are deliberately absent.
 */
const PERSONAL_PARAM = new RegExp(
  String.raw`[?&#;](?:[\w-]*token|[\w-]*e-?mail|auth|auth_token|authorization|session|sessionid|session_id|sid|key|api_key|apikey|` +
    String.raw`mail|user|username|user_id|userid|uid|login|password|passwd|pwd|otp|phone|phone_?number|tel|mobile|msisdn|` +
    String.raw`customer_id|client_id|account_id|member_id|signature|sig|name|(?:first|last|full|sur|given|family)[_-]?name|` +
    String.raw`benutzer|benutzername|utilisateur|usuario|usuário|utilizador|utente|gebruiker|gebruikersnaam|uzytkownik|użytkownik|` +
    String.raw`vorname|nachname|nom|prenom|prénom|nombre|apellidos?|cognome|nome|naam|voornaam|achternaam|imie|imię|nazwisko|` +
    String.raw`address|adresse|adres|direccion|dirección|indirizzo|endereco|street|strasse|straße|zip|zipcode|postcode|plz|` +
    String.raw`birthdate|birthday|dob|geburtsdatum|iban)=[^&#\s]+`,
  'iu',
);

/**
 * A secret token in the path of a one-person link: "/reset/8f3a9c1e7b2d4f60a1b2", "/unsubscribe/…".
 * The token mixes letters and digits and is at least 12 characters, so a readable slug stays.
 */
const ONE_PERSON_LINK_WORDS =
  'reset|reset-password|password-reset|verify|verification|confirm|confirmation|unsubscribe|optout|opt-out|invite|invitation|activate|activation|magic-link|login|auth|token|bestaetigen|bestätigen|verifizieren|abmelden|abbestellen|aktivieren|passwort|bevestig|bevestigen|afmelden|uitschrijven|activeren|wachtwoord|confirmer|desinscription|désinscription|desabonnement|désabonnement|activer|mot-de-passe|confirmar|verificar|baja|activar|contrasena|contraseña|conferma|verifica|disiscrizione|attiva|attivazione|potwierdz|potwierdź|wypisz|aktywuj|aktywacja|weryfikacja|weryfikuj|haslo|hasło|ativar|senha|cancelar-subscricao';
const TOKEN_PATH = new RegExp(
  String.raw`\/(?:${ONE_PERSON_LINK_WORDS})\/(?:[A-Za-z0-9_\-]{1,12}\/)?(?=[A-Za-z0-9_\-]*\d)(?=[A-Za-z0-9_\-]*[A-Za-z])[A-Za-z0-9_\-]{12,}`,
  'iu',
);
/**
 * A one-person link ("/reset-password", "/konto/bestaetigen", "/desabonnement") whose secret
 * travels as a parameter of any name: "?code=8f3a9c1e7b2d4f60a1b2", "?t=a8F3kd92LmQ0xZ71pR". The
 * value mixes letters and digits and is at least 12 characters, so "?lang=de" or "?step=2" stays.
 */
const ONE_PERSON_LINK = new RegExp(String.raw`\/(?:[\w\-]*[\-_])?(?:${ONE_PERSON_LINK_WORDS})(?:[\-_][\w\-]*)?(?:\.\w+)?(?:[\/?#]|$)`, 'iu');
const TOKEN_PARAM = /[?&#;][\w-]+=(?=[A-Za-z0-9_\-]*\d)(?=[A-Za-z0-9_\-]*[A-Za-z])[A-Za-z0-9_\-]{12,}(?![\w%])/u;

/**
 * A profile path with a handle: "/profile/mark.thompson.84", "/in/jan-kowalski-1234", "/u/anna_m".
 * The handle must mix letters with a digit, dot, dash or underscore, so "/account/settings" stays;
 * under "/people/" or "/candidates/" every handle is a person's ("/people/kittymorganart").
 */
const PERSONAL_PATH =
  /\/(?:people|candidats|candidat|candidates|candidate|kandidaten|kandidaat|kandidat|kandydaci|kandydat|candidati|candidato|candidata|candidatos|applicants|applicant|bewerber|sollicitant)\/[^\/?#\s]{3,}|\/(?:profile|profiles|user|users|u|member|members|people|in|perfil|profil|profiel|profilo|utente|utenti|usuarios|membres|miembros|leden|utilisateur|benutzer|nutzer|mitglied|membre|miembro|membro|lid|gebruiker|usuario|utilizador|uzytkownik|użytkownik|seller|verkaeufer|verkäufer|vendeur|vendedor|venditore|verkoper|sprzedawca)\/(?=[^\/?#\s]*\p{L})(?=[^\/?#\s]*[\p{N}._\-])[^\/?#\s]{3,}/iu;

/**
 * A map link to a place or coordinates: where the sender is, or lives; a place with a number in it
 * ("/maps/place/45+Boulevard+Voltaire,+75011+Paris") is an address. Shared-location short
 * links ("maps.app.goo.gl/…", "goo.gl/maps/…", Waze, OpenStreetMap) point at one place too.
 */
const MAP_LINK =
  /(?:\/\/maps\.|\/maps(?=[\/?]))[^\s]*?(?:[?&](?:q|ll|query|daddr|saddr|destination|center)=|[@\/=]-?\d{1,3}\.\d{3,},\s?-?\d{1,3}\.\d{3,})|\/maps\/place\/[^\/\s]*\d|\/\/(?:maps\.app\.goo\.gl|goo\.gl\/maps|waze\.com\/ul|(?:www\.)?osm\.org\/go)\/?[?\w]|openstreetmap\.org\/[^\s]*[?&#]m?lat=/iu;

/**
 * A person's page on a social network or messenger: "facebook.com/daniel.hughes.7737",
 * "instagram.com/anna_m", "tiktok.com/@annam", "t.me/anna_m84", and WhatsApp's "wa.me/4915123456789",
 * which is a phone number. As in PERSONAL_PATH, a handle without a digit, dot, dash or underscore
 * ("facebook.com/IKEA") is taken for a business's page and kept. On a portfolio or payment-link
 * site ("behance.net/oliviagrantdesign", "linktr.ee/jan.kowalski", "paypal.me/annaschmidt",
 * "revolut.me/annas", "bunq.me/AnnaDeVries") the first segment is always
 * an account, so any handle counts, bar the site's own pages ("/galleries"); so it does after
 * LinkedIn's "/in/", eBay's "/usr/" and Airbnb's "/users/show/".
 */
const SOCIAL_PROFILE =
  /(?:\/\/|^|\.)(?:linkedin\.com\/in|ebay\.[a-z.]{2,6}\/usr|airbnb\.[a-z.]{2,6}\/users\/show)\/[^\/?#\s]{2,}|(?:\/\/|^)(?:www\.)?(?:behance\.net|dribbble\.com|artstation\.com|linktr\.ee|about\.me|paypal\.me|revolut\.me|bunq\.me)\/(?!(?:galleries|gallery|search|joblist|jobs|shots|explore|about|blog|signup|login|pro|tags|tag|learn|hiring|assets|marketplace)(?:[\/?#]|$))[^\/?#\s]{3,}|(?:\/\/|^)(?:(?:www|m|mobile)\.)?(?:(?:facebook|fb|instagram|twitter|x|tiktok|threads|youtube|pinterest|calendly|cal|github|gitlab)\.(?:com|net)|t\.me)\/(?:@[^\/?#\s]{2,}|(?=[^\/?#\s]*\p{L})(?=[^\/?#\s]*[\p{N}._\-])[^\/?#\s]{3,})|(?:\/\/|^)wa\.me\/\+?\d{6,}/iu;

/**
 * A private share: a photo album, a file or folder in someone's cloud storage, a transfer link
 * ("photos.app.goo.gl/...", "icloud.com/sharedalbum/#...", "dropbox.com/s/...", "drive.google.com/file/d/...",
 * "we.tl/t-...", "imgur.com/a/..."), or a photographer's stream ("flickr.com/photos/annasmith"):
 * whoever has the link sees one person's pictures or papers. A shop's Google Form is no share.
 */
const SHARED_FILE_LINK =
  /(?:\/\/|^)(?:www\.)?(?:photos\.app\.goo\.gl\/|photos\.google\.com\/share\/|goo\.gl\/photos\/|(?:share\.)?icloud\.com\/(?:sharedalbum|photos|iclouddrive)\/|dropbox\.com\/(?:s|sh|scl\/fi|scl\/fo)\/|drive\.google\.com\/(?:file\/d\/|drive\/folders\/|open\?id=)|docs\.google\.com\/(?:document|spreadsheets|presentation)\/d\/|we\.tl\/|wetransfer\.com\/downloads\/|1drv\.ms\/|onedrive\.live\.com\/|imgur\.com\/(?:a|gallery)\/|flickr\.com\/photos\/|swisstransfer\.com\/d\/)[^\s]{2,}/iu;

/** A parameter whose value is all digits, perhaps after "+" or "%2B": maybe a phone number ("?n=447700900215"). */
const DIGITS_PARAM = /[?&#;][\w-]+=(?:\+|%2B)?(\d{10,15})(?![\w%])/giu;

/**
 * Whether a parameter carries a mobile or other personal phone number written internationally
 * without its "+" (as SMS links do: "/u/4481927?n=447700900215"), whatever the parameter's name.
 * A number valid in the numbering plan of its calling code is one; an order id rarely is.
 */
function hasPhoneNumberParam(url: string): boolean {
  DIGITS_PARAM.lastIndex = 0;
  for (let m = DIGITS_PARAM.exec(url); m !== null; m = DIGITS_PARAM.exec(url)) {
    if (internationalPhoneKind(m[1]!) === 'personal') return true;
  }
  return false;
}

/** An e-mail anywhere in the URL, plain or percent-encoded. */
const EMAIL_IN_URL = /[\p{L}\p{N}._%+\-](?:@|%40)[\p{L}\p{N}\-]+\.[\p{L}]{2,}/iu;

/**
 * Finds URLs that carry personal data: a personal parameter, an e-mail, a profile handle or a
 * person's social page, a secret token in the path, a map location or a phone number. Plain shop or product
 * URLs are left alone on purpose; they help the agent.
 */
export function detectUrls(text: string, context: DetectContext, out: Finding[]): void {
  // Every candidate holds "://", "www." or a host's dot right before its first "/".
  // "://" and a host before a slash need a "/", "www." a ".".
  const { marks } = context.facts;
  const slashed = (marks & MARK_SLASH) !== 0 && (text.includes('://') || hasHostBeforeSlash(text));
  if (!slashed && !((marks & MARK_DOT) !== 0 && text.includes('www.'))) return;
  URL_CANDIDATE.lastIndex = 0;
  for (let m = URL_CANDIDATE.exec(text); m !== null; m = URL_CANDIDATE.exec(text)) {
    let url = m[0];
    const trimmed = TRAILING_PUNCT.exec(url);
    if (trimmed) url = url.slice(0, url.length - trimmed[0].length);
    if (PERSONAL_PARAM.test(url) || EMAIL_IN_URL.test(url) || PERSONAL_PATH.test(url) || SOCIAL_PROFILE.test(url) || SHARED_FILE_LINK.test(url) || TOKEN_PATH.test(url) || MAP_LINK.test(url) || hasPhoneNumberParam(url) || (TOKEN_PARAM.test(url) && ONE_PERSON_LINK.test(url))) {
      out.push({ type: 'URL', start: m.index, end: m.index + url.length });
    }
  }
}

/**
 * Whether a "/" follows a dot and two to twelve ASCII letters, as the path of a bare host does
 * ("shop.de/", "instagram.com/"). A loop over the slashes, because a regex search for it cost
 * every message more than the whole URL detector.
 */
function hasHostBeforeSlash(text: string): boolean {
  for (let slash = text.indexOf('/'); slash !== -1; slash = text.indexOf('/', slash + 1)) {
    let start = slash;
    while (start > 0 && slash - start < 12 && isAsciiLetter(text.charCodeAt(start - 1))) start--;
    if (slash - start >= 2 && start > 0 && text.charCodeAt(start - 1) === 46) return true;
  }
  return false;
}
