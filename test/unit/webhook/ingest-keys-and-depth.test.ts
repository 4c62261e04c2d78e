import { describe, expect, it } from 'vitest';
import { deriveContactId } from '../../../shared/domain/contact-id.js';
import { hmacKey, hmacSha256 } from '../../../shared/domain/crypto.js';
import { ingestWebhook, MAX_JSON_DEPTH, withHmacKeys } from '../../../shared/domain/webhook/ingest.js';
import { signWebhookBody } from '../../../shared/domain/webhook/signature.js';
import { InvalidRequestError } from '../../../shared/errors.js';
import { textMessagesWebhook } from '../../../local/webhook-builder.js';
import { fixedClock, InMemoryInboundQueue } from '../../support/in-memory.js';

const APP_SECRET = 'app-secret';
const PSEUDONYM_KEY = 'pseudonym-key';

function setup(prepare: boolean) {
  const queue = new InMemoryInboundQueue();
  const plain = { appSecret: APP_SECRET, pseudonymKey: PSEUDONYM_KEY, queue, clock: fixedClock(), maxBodyBytes: 1024 * 1024 };
  const dependencies = prepare ? withHmacKeys(plain) : plain;
  const post = (body: string) => ingestWebhook({ rawBody: Buffer.from(body), signature: signWebhookBody(body, APP_SECRET) }, dependencies);
  return { queue, post };
}

describe('Function: hmacKey', () => {
  it('gives the same HMAC as the secret as text', () => {
    // Prepare
    const key = hmacKey('pseudonym-key');

    // Act
    const withKeyObject = hmacSha256(key, '4915112345678');

    // Assess
    expect(withKeyObject.equals(hmacSha256('pseudonym-key', '4915112345678'))).toBe(true);
    expect(deriveContactId(key, { waId: '4915112345678' })).toBe(deriveContactId('pseudonym-key', { waId: '4915112345678' }));
  });
});

describe('Function: withHmacKeys', () => {
  it('verifies the same signatures and derives the same contact ids as the text secrets', async () => {
    // Prepare
    const body = JSON.stringify(textMessagesWebhook([{ from: '4915112345678', text: 'hi', wamid: 'wamid.K1' }]));
    const plain = setup(false);
    const prepared = setup(true);

    // Act
    await plain.post(body);
    await prepared.post(body);

    // Assess
    expect(prepared.queue.events).toEqual(plain.queue.events);
    expect(prepared.queue.events[0]?.contactId).toBe(deriveContactId(PSEUDONYM_KEY, { waId: '4915112345678' }));
  });

  it('still refuses a body signed with another secret', async () => {
    const { queue } = setup(true);
    const dependencies = withHmacKeys({ appSecret: APP_SECRET, pseudonymKey: PSEUDONYM_KEY, queue, clock: fixedClock(), maxBodyBytes: 1024 });
    const body = JSON.stringify(textMessagesWebhook([{ from: '4915112345678', text: 'hi', wamid: 'wamid.K2' }]));
    await expect(ingestWebhook({ rawBody: Buffer.from(body), signature: signWebhookBody(body, 'other-secret') }, dependencies)).rejects.toMatchObject({
      code: 'invalid_signature',
    });
    expect(queue.events).toHaveLength(0);
  });
});

describe('Function: ingestWebhook (nesting depth guard)', () => {
  it('accepts a shallow body with many more opening brackets than the depth limit', async () => {
    // Prepare: brackets in the text and in a long flat array, none of them nested deeply.
    const envelope = textMessagesWebhook([{ from: '4915112345678', text: '{['.repeat(200), wamid: 'wamid.D1' }]) as any;
    envelope.entry[0].changes[0].value.extra = Array.from({ length: 300 }, (_, index) => ({ index }));
    const { queue, post } = setup(true);

    // Act
    const result = await post(JSON.stringify(envelope));

    // Assess
    expect(result.queued).toBe(1);
    expect(queue.events[0]?.eventId).toBe('wamid.D1');
  });

  it('refuses a body nested one level deeper than the limit, with brackets also inside strings', async () => {
    // Prepare
    const envelope = textMessagesWebhook([{ from: '4915112345678', text: '[[[[', wamid: 'wamid.D2' }]) as any;
    let deep: unknown = 'leaf';
    for (let level = 0; level < MAX_JSON_DEPTH; level += 1) deep = [deep];
    envelope.entry[0].changes[0].value.extra = deep;
    const { queue, post } = setup(true);

    // Act
    const attempt = post(JSON.stringify(envelope));

    // Assess
    await expect(attempt).rejects.toBeInstanceOf(InvalidRequestError);
    await expect(attempt).rejects.toMatchObject({ code: 'nesting_too_deep' });
    expect(queue.events).toHaveLength(0);
  });
});
