import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/** Hex SHA-256 of a string or bytes. */
export function sha256Hex(input: string | Uint8Array): string {
  return createHash('sha256').update(input).digest('hex');
}

/** HMAC-SHA256 of `message` under `key`. */
export function hmacSha256(key: string | Uint8Array, message: string | Uint8Array): Buffer {
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
