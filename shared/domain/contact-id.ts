import { hmacSha256, type HmacKey } from './crypto.js';

/**
 * A contact's pseudonymous id: base64url(HMAC-SHA256(pseudonym key, subject)), 43 characters.
 * Stable for the same WhatsApp user, not reversible without the key, and safe in URLs, SQS
 * message group ids and DynamoDB keys. The subject is the user's wa_id (phone number digits) or,
 * for users Meta identifies only by a business-scoped user id, that id with a `user:` prefix so
 * the two namespaces cannot collide.
 */
export function deriveContactId(pseudonymKey: HmacKey, subject: ContactSubject): string {
  const input = 'waId' in subject ? subject.waId : `user:${subject.userId}`;
  return hmacSha256(pseudonymKey, input).toString('base64url');
}

export type ContactSubject = { readonly waId: string } | { readonly userId: string };

const CONTACT_ID_PATTERN = /^[A-Za-z0-9_-]{43}$/;

/** Whether a string has the shape of a contact id (guards path parameters before any lookup). */
export function isContactId(value: string): boolean {
  return CONTACT_ID_PATTERN.test(value);
}
