import { Webhook } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import { decodeWebhookSecret, signStandardWebhook } from '../../../shared/domain/standard-webhooks.js';
import { ConfigurationError } from '../../../shared/errors.js';

const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
const OTHER = 'whsec_bG9jYWwtY3JtLXdlYmhvb2stc2VjcmV0IQ==';

describe('Function: signStandardWebhook', () => {
  it('produces headers that the standardwebhooks package verifies', () => {
    // Prepare
    const body = JSON.stringify({ type: 'message.received', timestamp: '2026-11-29T10:00:00.000Z', data: { contactId: 'c' } });

    // Act
    const headers = signStandardWebhook({ id: 'evt_1', timestamp: new Date(), body }, [decodeWebhookSecret(SECRET)]);

    // Assess
    expect(headers['webhook-id']).toBe('evt_1');
    expect(headers['webhook-signature']).toMatch(/^v1,[A-Za-z0-9+/]+=*$/);
    expect(new Webhook(SECRET).verify(body, { ...headers })).toEqual(JSON.parse(body));
  });

  it('signs with every active secret, space-separated, so either verifies during a rotation', () => {
    const body = '{"type":"x","timestamp":"t","data":{"contactId":"c"}}';
    const headers = signStandardWebhook({ id: 'evt_2', timestamp: new Date(), body }, [decodeWebhookSecret(SECRET), decodeWebhookSecret(OTHER)]);
    expect(headers['webhook-signature'].split(' ')).toHaveLength(2);
    expect(() => new Webhook(SECRET).verify(body, { ...headers })).not.toThrow();
    expect(() => new Webhook(OTHER).verify(body, { ...headers })).not.toThrow();
  });

  it('fails verification when the body changes', () => {
    const headers = signStandardWebhook({ id: 'evt_3', timestamp: new Date(), body: '{"a":1}' }, [decodeWebhookSecret(SECRET)]);
    expect(() => new Webhook(SECRET).verify('{"a":2}', { ...headers })).toThrow();
  });
});

describe('Function: decodeWebhookSecret', () => {
  it.each(['whsec_', 'whsec_c2hvcnQ=', 'whsec_!!!not-base64!!!'])('rejects %s', (secret) => {
    expect(() => decodeWebhookSecret(secret)).toThrow(ConfigurationError);
  });
});
