import { describe, expect, it } from 'vitest';
import { signWebhookBody, verifyWebhookSignature } from '../../../shared/domain/webhook/signature.js';
import { UnauthorizedError } from '../../../shared/errors.js';

const SECRET = 'test-app-secret';

describe('Function: verifyWebhookSignature', () => {
  it('accepts the signature of the exact raw bytes', () => {
    const body = Buffer.from('{"object":"whatsapp_business_account","entry":[]}');
    expect(() => verifyWebhookSignature(body, signWebhookBody(body, SECRET), SECRET)).not.toThrow();
  });

  it('verifies escaped unicode as sent, and rejects the body re-serialised with raw characters', () => {
    // Prepare: Meta sends \uXXXX escapes; JSON.parse + JSON.stringify turns them into raw UTF-8.
    const escaped = Buffer.from('{"text":"\\u00e4\\ud83d\\ude2e"}');
    const reserialised = Buffer.from(JSON.stringify(JSON.parse(escaped.toString())));
    const signature = signWebhookBody(escaped, SECRET);

    // Act / Assess
    expect(() => verifyWebhookSignature(escaped, signature, SECRET)).not.toThrow();
    expect(() => verifyWebhookSignature(reserialised, signature, SECRET)).toThrow(UnauthorizedError);
  });

  it('verifies raw UTF-8 bodies too', () => {
    const body = Buffer.from('{"text":"äöå 😮"}', 'utf8');
    expect(() => verifyWebhookSignature(body, signWebhookBody(body, SECRET), SECRET)).not.toThrow();
  });

  it.each([
    ['missing', undefined, 'missing_signature'],
    ['empty', '', 'missing_signature'],
    ['without the sha256= prefix', 'a'.repeat(64), 'malformed_signature'],
    ['with the sha1= prefix', `sha1=${'a'.repeat(40)}`, 'malformed_signature'],
    ['too short', 'sha256=abcd', 'malformed_signature'],
    ['not hex', `sha256=${'z'.repeat(64)}`, 'malformed_signature'],
    ['of another body', signWebhookBody('{}', SECRET), 'invalid_signature'],
    ['made with another secret', signWebhookBody('{"a":1}', 'other'), 'invalid_signature'],
  ])('rejects a signature that is %s', (_label, header, code) => {
    const body = Buffer.from('{"a":1}');
    try {
      verifyWebhookSignature(body, header, SECRET);
      expect.unreachable('should have thrown');
    } catch (error) {
      expect(error).toBeInstanceOf(UnauthorizedError);
      expect((error as UnauthorizedError).code).toBe(code);
      expect((error as UnauthorizedError).httpStatus).toBe(401);
    }
  });

  it('accepts upper-case hex digits', () => {
    const body = Buffer.from('{}');
    const header = `sha256=${signWebhookBody(body, SECRET).slice(7).toUpperCase()}`;
    expect(() => verifyWebhookSignature(body, header, SECRET)).not.toThrow();
  });
});
