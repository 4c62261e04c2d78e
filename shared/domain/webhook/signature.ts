import { timingSafeEqual } from 'node:crypto';
import { UnauthorizedError } from '../../errors.js';
import { hmacSha256, type HmacKey } from '../crypto.js';

const SIGNATURE_PATTERN = /^sha256=([0-9a-fA-F]{64})$/;

/**
 * Checks `X-Hub-Signature-256` (`sha256=<hex HMAC-SHA256(app secret, raw body)>`) in constant time.
 * The HMAC is computed over the exact bytes received: re-serialised JSON would turn Meta's
 * `\uXXXX` escapes into raw UTF-8 and fail on every message with an emoji or accent.
 *
 * @throws UnauthorizedError when the header is missing, malformed or does not match.
 */
export function verifyWebhookSignature(rawBody: Uint8Array, header: string | undefined, appSecret: HmacKey): void {
  if (header === undefined || header === '') {
    throw new UnauthorizedError('missing X-Hub-Signature-256 header', { code: 'missing_signature' });
  }
  const match = SIGNATURE_PATTERN.exec(header.trim());
  if (!match?.[1]) {
    throw new UnauthorizedError('X-Hub-Signature-256 must be "sha256=" followed by 64 hex digits', {
      code: 'malformed_signature',
    });
  }
  const expected = hmacSha256(appSecret, rawBody);
  const received = Buffer.from(match[1], 'hex');
  if (!timingSafeEqual(expected, received)) {
    throw new UnauthorizedError('signature does not match the body', { code: 'invalid_signature' });
  }
}

/** The header value Meta would send for `rawBody`; used by the simulator and tests. */
export function signWebhookBody(rawBody: string | Uint8Array, appSecret: string): string {
  return `sha256=${hmacSha256(appSecret, rawBody).toString('hex')}`;
}
