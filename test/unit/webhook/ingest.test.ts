import { describe, expect, it } from 'vitest';
import { deriveContactId } from '../../../shared/domain/contact-id.js';
import { ingestWebhook, verifySubscription } from '../../../shared/domain/webhook/ingest.js';
import { signWebhookBody } from '../../../shared/domain/webhook/signature.js';
import { DependencyUnavailableError, ForbiddenError, InvalidRequestError, PayloadTooLargeError, UnauthorizedError } from '../../../shared/errors.js';
import { statusWebhook, textMessagesWebhook } from '../../../local/webhook-builder.js';
import { fixedClock, InMemoryInboundQueue } from '../../support/in-memory.js';

const APP_SECRET = 'app-secret';
const PSEUDONYM_KEY = 'pseudonym-key';

function setup(maxBodyBytes = 1024 * 1024) {
  const queue = new InMemoryInboundQueue();
  const dependencies = { appSecret: APP_SECRET, pseudonymKey: PSEUDONYM_KEY, queue, clock: fixedClock(), maxBodyBytes };
  const post = (body: string | Buffer, ...signature: [string | undefined] | []) =>
    ingestWebhook(
      { rawBody: Buffer.isBuffer(body) ? body : Buffer.from(body), signature: signature.length ? signature[0] : signWebhookBody(body, APP_SECRET) },
      dependencies,
    );
  return { queue, post };
}

describe('Function: ingestWebhook', () => {
  it('queues one event per message, with the pseudonymous contact id and the wamid as event id', async () => {
    // Prepare
    const { queue, post } = setup();
    const body = JSON.stringify(
      textMessagesWebhook([
        { from: '4915112345678', text: 'one', wamid: 'wamid.A', timestamp: 1795900000 },
        { from: '4915112345678', text: 'two', wamid: 'wamid.B', timestamp: 1795900001 },
      ]),
    );

    // Act
    const result = await post(body);

    // Assess
    expect(result.queued).toBe(2);
    expect(queue.events.map((event) => event.eventId)).toEqual(['wamid.A', 'wamid.B']);
    const [first] = queue.events;
    expect(first).toMatchObject({
      kind: 'message',
      contactId: deriveContactId(PSEUDONYM_KEY, { waId: '4915112345678' }),
      waId: '4915112345678',
      occurredAt: '2026-11-28T21:06:40.000Z',
    });
  });

  it('queues a status with the wamid and status as event id', async () => {
    const { queue, post } = setup();
    await post(JSON.stringify(statusWebhook({ wamid: 'wamid.S', recipient: '4915112345678', status: 'delivered' })));
    expect(queue.events).toHaveLength(1);
    expect(queue.events[0]).toMatchObject({ kind: 'status', eventId: 'wamid.S:delivered' });
  });

  it('keeps an unknown message type as unsupported instead of failing', async () => {
    const { queue, post } = setup();
    const envelope = textMessagesWebhook([{ from: '4915112345678', text: 'x', wamid: 'wamid.P' }]) as any;
    envelope.entry[0].changes[0].value.messages[0] = { from: '4915112345678', id: 'wamid.P', timestamp: '1795900000', type: 'poll', poll: { q: 1 } };
    await post(JSON.stringify(envelope));
    expect(queue.events[0]).toMatchObject({ kind: 'message', message: { type: 'unsupported', original_type: 'poll' } });
  });

  it('keeps an unknown webhook field as an unsupported event', async () => {
    const { queue, post } = setup();
    const body = JSON.stringify({ object: 'whatsapp_business_account', entry: [{ id: '1', changes: [{ field: 'account_update', value: { event: 'X' } }] }] });
    await post(body);
    expect(queue.events[0]).toMatchObject({ kind: 'unsupported', field: 'account_update' });
  });

  it('rejects a wrong signature with 401 and queues nothing', async () => {
    const { queue, post } = setup();
    const body = JSON.stringify(textMessagesWebhook([{ from: '1', text: 'x' }]));
    await expect(post(body, signWebhookBody(body, 'wrong'))).rejects.toBeInstanceOf(UnauthorizedError);
    await expect(post(body, undefined)).rejects.toMatchObject({ httpStatus: 401, code: 'missing_signature' });
    expect(queue.events).toHaveLength(0);
  });

  it('rejects malformed JSON with 400 and a reason, after checking the signature', async () => {
    const { queue, post } = setup();
    await expect(post('{"object":')).rejects.toMatchObject({ httpStatus: 400, code: 'malformed_json', message: 'body is not valid JSON' });
    expect(queue.events).toHaveLength(0);
  });

  it('rejects invalid UTF-8 with 400', async () => {
    const { post } = setup();
    await expect(post(Buffer.from([0x7b, 0xff, 0xfe, 0x7d]))).rejects.toMatchObject({ httpStatus: 400, code: 'invalid_encoding' });
  });

  it('rejects a body that is not an envelope with 400 naming the field', async () => {
    const { post } = setup();
    const error = await post('{"object":"whatsapp_business_account"}').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(InvalidRequestError);
    expect((error as Error).message).toContain('entry');
  });

  it('rejects a body over the limit with 413 before checking anything else', async () => {
    const { post } = setup(10);
    await expect(post('{"object":"whatsapp_business_account","entry":[]}', 'sha256=bad')).rejects.toBeInstanceOf(PayloadTooLargeError);
  });

  it('lets a queue failure through as 503, so Meta retries', async () => {
    const { queue, post } = setup();
    queue.failWith = new DependencyUnavailableError('down');
    await expect(post(JSON.stringify(textMessagesWebhook([{ from: '1', text: 'x' }])))).rejects.toMatchObject({ httpStatus: 503 });
  });
});

describe('Function: verifySubscription', () => {
  it('returns the challenge when mode and token match', () => {
    expect(verifySubscription({ 'hub.mode': 'subscribe', 'hub.verify_token': 'tok', 'hub.challenge': '1158201444' }, 'tok')).toBe('1158201444');
  });

  it('throws 403 for a wrong token', () => {
    expect(() => verifySubscription({ 'hub.mode': 'subscribe', 'hub.verify_token': 'nope', 'hub.challenge': '1' }, 'tok')).toThrow(ForbiddenError);
  });

  it('throws 400 for a missing parameter or another mode', () => {
    expect(() => verifySubscription({ 'hub.mode': 'subscribe', 'hub.challenge': '1' }, 'tok')).toThrow(InvalidRequestError);
    expect(() => verifySubscription({ 'hub.mode': 'unsubscribe', 'hub.verify_token': 'tok', 'hub.challenge': '1' }, 'tok')).toThrow(InvalidRequestError);
  });
});

describe('Function: ingestWebhook (nesting limit)', () => {
  it('refuses JSON nested deeper than the limit before parsing, and counts brackets inside strings as text', async () => {
    // Prepare
    const queue = new InMemoryInboundQueue();
    const dependencies = { appSecret: APP_SECRET, pseudonymKey: PSEUDONYM_KEY, queue, clock: fixedClock(), maxBodyBytes: 1024 * 1024 };
    const deep = `{"object":"whatsapp_business_account","entry":[],"x":${'['.repeat(70)}${']'.repeat(70)}}`;
    const bracketsInText = JSON.stringify(textMessagesWebhook([{ from: '4915112345678', text: '['.repeat(500) + '\\"{'.repeat(100) }]));

    // Act / Assess
    await expect(ingestWebhook({ rawBody: Buffer.from(deep), signature: signWebhookBody(deep, APP_SECRET) }, dependencies)).rejects.toMatchObject({
      httpStatus: 400,
      code: 'nesting_too_deep',
    });
    await expect(ingestWebhook({ rawBody: Buffer.from(bracketsInText), signature: signWebhookBody(bracketsInText, APP_SECRET) }, dependencies)).resolves.toEqual({ queued: 1 });
  });
});
