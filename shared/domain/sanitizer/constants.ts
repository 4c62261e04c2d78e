/**
 * Every kind of personal data the sanitizer can find, in one `as const` list so the
 * type union, the zod enum and the evaluation tables cannot drift apart.
 */
export const PII_TYPES = [
  'EMAIL',
  'PHONE',
  'IBAN',
  'CREDIT_CARD',
  'IP_ADDRESS',
  'URL',
  'DATE_OF_BIRTH',
  'POSTAL_ADDRESS',
  'NATIONAL_ID',
] as const;

/**
 * Placeholder written into the text for each type. Three differ from the type name on
 * purpose: the short form reads better inside a CRM note.
 */
export const PLACEHOLDERS = {
  EMAIL: 'EMAIL',
  PHONE: 'PHONE',
  IBAN: 'IBAN',
  CREDIT_CARD: 'CARD',
  IP_ADDRESS: 'IP',
  URL: 'URL',
  DATE_OF_BIRTH: 'DATE_OF_BIRTH',
  POSTAL_ADDRESS: 'ADDRESS',
  NATIONAL_ID: 'NATIONAL_ID',
} as const;

/**
 * Overlap ranking, lower wins. Containers come first (a URL carrying an e-mail is one URL),
 * checksum-validated types next, context types after them, and phone last because it is
 * the most heuristic detector.
 */
export const TYPE_PRIORITY = {
  URL: 0,
  EMAIL: 1,
  IBAN: 2,
  CREDIT_CARD: 3,
  NATIONAL_ID: 4,
  IP_ADDRESS: 5,
  DATE_OF_BIRTH: 6,
  POSTAL_ADDRESS: 7,
  PHONE: 8,
} as const;

/** Secure default: everything found is redacted. */
export const DEFAULT_ACTION = 'redact';

/**
 * Regions whose national phone format starts with the trunk prefix 0. For these a national
 * number without the 0 is almost always something else (an order number), so we demand it.
 * ES, IT, PT and PL have no trunk prefix and are deliberately absent.
 */
export const TRUNK_ZERO_REGIONS: ReadonlySet<string> = new Set([
  'DE', 'AT', 'CH', 'FR', 'BE', 'NL', 'GB', 'IE', 'SE', 'FI', 'SK', 'RO', 'BG', 'HR', 'SI', 'RS', 'TR', 'UA',
]);

/** Region to assume from the message language when the caller gives none. */
export const REGION_BY_LANG = {
  de: 'DE',
  en: 'GB',
  fr: 'FR',
  es: 'ES',
  it: 'IT',
  nl: 'NL',
  pl: 'PL',
  pt: 'PT',
} as const satisfies Record<string, string>;

/**
 * Regions tried, in this order, for a national-format number when the caller gives neither a
 * region nor a language, and only when a phone word is near: without a region a national number
 * is ambiguous, so we ask for that extra evidence rather than guess on every digit run.
 */
export const FALLBACK_PHONE_REGIONS: readonly string[] = ['DE', 'FR', 'GB', 'IT', 'ES', 'NL', 'AT', 'BE', 'PL', 'PT', 'IE', 'CH'];

/** Shortest and longest digit count we accept as a phone number (E.164 allows 15). */
export const PHONE_MIN_DIGITS = 7;
export const PHONE_MAX_DIGITS = 15;
