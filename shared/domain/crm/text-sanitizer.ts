import { hmacSha256 } from '../crypto.js';
import type { TextSanitizer } from '../ports.js';
import { createSanitizer, type Sanitizer } from '../sanitizer/sanitize-text.js';
import type { PiiAction, PiiType } from '../sanitizer/types.js';

/** The sanitizer with every entity type redacted, for callers that configure nothing. */
const redactAll: Sanitizer = createSanitizer();

/** A TextSanitizer that replaces every kind of personal data it finds with its placeholder. */
export const redactAllPersonalData: TextSanitizer = (text, context) =>
  redactAll(text, context.region === undefined ? {} : { defaultRegion: context.region }).text;

/**
 * The TextSanitizer of the CRM forwarder, from the `crm.piiActions` config. A `pseudonymize`
 * action writes `[TYPE:<10 hex of HMAC-SHA256(key, type:value)>]`: stable for the same value, so
 * the CRM can see that two messages carry the same e-mail, but not reversible without the key.
 *
 * @throws SanitizerConfigError when an action is `pseudonymize` and no key is given.
 * @example
 * const sanitize = createCrmTextSanitizer({ EMAIL: 'pseudonymize' }, pseudonymKey);
 * sanitize('mail me: anna@example.de', { region: 'DE' }); // 'mail me: [EMAIL:4be1c0a9f2]'
 */
export function createCrmTextSanitizer(actions: Partial<Record<PiiType, PiiAction>>, pseudonymKey?: string): TextSanitizer {
  const sanitizer = createSanitizer({
    actions,
    ...(pseudonymKey === undefined
      ? {}
      : {
          // The sanitizer wraps the token as `[TYPE:token]`.
          pseudonymize: (type: PiiType, value: string) => hmacSha256(pseudonymKey, `${type}:${value}`).toString('hex').slice(0, 10),
        }),
  });
  return (text, context) => sanitizer(text, context.region === undefined ? {} : { defaultRegion: context.region }).text;
}
