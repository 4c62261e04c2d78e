import { ConfigurationError } from '../errors.js';
import { hmacSha256 } from './crypto.js';

/*
 * Signing per the Standard Webhooks specification: the signed content is
 * `${webhook-id}.${webhook-timestamp}.${body}`, signed with HMAC-SHA256 under the base64-decoded
 * part of a `whsec_` secret, sent as `v1,<base64>`; several secrets (rotation) give several
 * space-separated signatures.
 */

const SECRET_PREFIX = 'whsec_';

/** Decodes a `whsec_<base64>` secret to its key bytes. @throws ConfigurationError when malformed. */
export function decodeWebhookSecret(secret: string): Buffer {
  const encoded = secret.startsWith(SECRET_PREFIX) ? secret.slice(SECRET_PREFIX.length) : secret;
  const key = Buffer.from(encoded, 'base64');
  if (key.length < 16 || key.toString('base64').replace(/=+$/, '') !== encoded.replace(/=+$/, '')) {
    throw new ConfigurationError('a CRM webhook secret must be "whsec_" followed by at least 16 base64-encoded bytes');
  }
  return key;
}

export interface StandardWebhookHeaders {
  'webhook-id': string;
  'webhook-timestamp': string;
  'webhook-signature': string;
}

/** The three Standard Webhooks headers for one delivery attempt. */
export function signStandardWebhook(
  message: { id: string; timestamp: Date; body: string },
  keys: readonly Buffer[],
): StandardWebhookHeaders {
  if (keys.length === 0) throw new ConfigurationError('at least one CRM webhook secret is required');
  const timestamp = Math.floor(message.timestamp.getTime() / 1000).toString();
  const signedContent = `${message.id}.${timestamp}.${message.body}`;
  const signature = keys.map((key) => `v1,${hmacSha256(key, signedContent).toString('base64')}`).join(' ');
  return { 'webhook-id': message.id, 'webhook-timestamp': timestamp, 'webhook-signature': signature };
}
