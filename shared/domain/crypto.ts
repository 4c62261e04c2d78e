import { createHash, createHmac, createSecretKey, timingSafeEqual, type KeyObject } from 'node:crypto';

/** A key for {@link hmacSha256}: a secret as text or bytes, or a KeyObject built once by {@link hmacKey}. */
export type HmacKey = string | Uint8Array | KeyObject;

/**
 * A secret as a KeyObject, for keys used on every request (app secret, pseudonym key): `createHmac`
 * imports a string or byte key anew on each call, a KeyObject is imported once. Same digests.
 */
export function hmacKey(secret: string | Uint8Array): KeyObject {
  return createSecretKey(typeof secret === 'string' ? Buffer.from(secret, 'utf8') : secret);
}

/** Hex SHA-256 of a string or bytes. */
export function sha256Hex(input: string | Uint8Array): string {
  return createHash('sha256').update(input).digest('hex');
}

/** HMAC-SHA256 of `message` under `key`. */
export function hmacSha256(key: HmacKey, message: string | Uint8Array): Buffer {
  return createHmac('sha256', key).update(message).digest();
}

/**
 * Compares two strings in time that depends only on their lengths, never on where they differ.
 * Both sides are hashed to equal-length digests first, so unequal lengths do not leak through an
 * early return either (and `timingSafeEqual` would throw on them).
 */
export function constantTimeEquals(a: string | Uint8Array, b: string | Uint8Array): boolean {
  const left = createHash('sha256').update(a).digest();
  const right = createHash('sha256').update(b).digest();
  return timingSafeEqual(left, right);
}
