import { Metadata, parsePhoneNumberFromString } from 'libphonenumber-js/max';

/** The runtime metadata exposes this lookup, the published typings do not. */
interface CallingCodeLookup {
  getCountryCodesForCallingCode(callingCode: string): string[] | undefined;
}
const METADATA = new Metadata() as unknown as CallingCodeLookup;

/**
 * Maps a WhatsApp id / E.164 number (`'+4915123456789'`, `'4915123456789'`) or a bare calling
 * code (`'49'`, `'+44'`) to an ISO 3166 region, for `SanitizeOptions.defaultRegion`.
 * Shared calling codes resolve to their main country (44 -> GB, 1 -> US).
 * Returns `undefined` for unknown codes; never throws.
 *
 * @example
 * getRegionForPhoneNumber('4915123456789'); // 'DE'
 * getRegionForPhoneNumber('44'); // 'GB'
 */
export function getRegionForPhoneNumber(numberOrCallingCode: string): string | undefined {
  const digits = numberOrCallingCode.replace(/\D/g, '').replace(/^00/, '');
  if (digits.length === 0) return undefined;
  if (digits.length <= 3) return METADATA.getCountryCodesForCallingCode(digits)?.[0];
  const parsed = parsePhoneNumberFromString('+' + digits);
  if (parsed?.country) return parsed.country;
  // Unassigned ranges still tell us the calling code; try its 1-3 digit prefixes.
  for (let len = 1; len <= 3; len++) {
    const region = METADATA.getCountryCodesForCallingCode(digits.slice(0, len))?.[0];
    if (region) return region;
  }
  return undefined;
}
