import { parsePhoneNumberFromString } from 'libphonenumber-js';
import type { BridgeConfig } from '../../config/bridge-config.js';

/*
 * Kept apart from notice.ts: the calling-code lookup needs libphonenumber's metadata (about
 * 160 KB), and the configuration check imports notice.ts into every function's bundle.
 */

/**
 * The main language of a country (ISO 3166-1 to ISO 639-1), for picking the notice. Countries not
 * listed fall back to the default language; `consent.languageByCountry` overrides any entry.
 */
const LANGUAGE_BY_COUNTRY: Readonly<Record<string, string>> = {
  DE: 'de', AT: 'de', CH: 'de', LI: 'de', LU: 'fr', BE: 'fr', FR: 'fr', MC: 'fr',
  ES: 'es', MX: 'es', AR: 'es', CO: 'es', CL: 'es', PE: 'es',
  IT: 'it', SM: 'it', VA: 'it', NL: 'nl', PT: 'pt', BR: 'pt', PL: 'pl', SE: 'sv', DK: 'da', FI: 'fi',
  NO: 'no', CZ: 'cs', SK: 'sk', SI: 'sl', HR: 'hr', HU: 'hu', RO: 'ro', BG: 'bg', GR: 'el', CY: 'el',
  EE: 'et', LV: 'lv', LT: 'lt', IE: 'en', MT: 'en', GB: 'en', US: 'en', CA: 'en', AU: 'en', NZ: 'en',
};

/**
 * The language of a contact's notices: by the calling code of their WhatsApp number when a
 * notice exists in that country's language, else the configured default.
 */
export function languageForContact(waId: string | undefined, config: Pick<BridgeConfig, 'consent'>): string {
  const { defaultLanguage, languageByCountry, notices } = config.consent;
  if (!waId) return defaultLanguage;
  const country = parsePhoneNumberFromString(`+${waId}`)?.country;
  if (!country) return defaultLanguage;
  const language = languageByCountry[country] ?? LANGUAGE_BY_COUNTRY[country];
  return language && notices[language] ? language : defaultLanguage;
}
