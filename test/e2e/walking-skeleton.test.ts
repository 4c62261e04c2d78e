import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newWamid, textMessageWebhook } from '../../local/webhook-builder.js';
import { deriveContactId } from '../../shared/domain/contact-id.js';
import { signWebhookBody } from '../../shared/domain/webhook/signature.js';
import { writeBridgeConfigFile } from '../support/bridge-config-file.js';
import { startTestStack, type TestStack } from '../support/local-stack.js';
import { sleep, waitFor } from '../support/wait.js';

const CUSTOMER = '4915112345678';

describe('Walking skeleton: signed webhook to signed CRM push, on the local stack', () => {
  let stack: TestStack;

  beforeAll(async () => {
    // Contract basis: the notice goes out and messages flow without waiting for consent (the
    // consent flow itself is tested in consent.test.ts).
    stack = await startTestStack({ env: { BRIDGE_CONFIG: writeBridgeConfigFile({ purposes: { customerService: { basis: 'contract' } } }) } });
  });
  afterAll(async () => {
    await stack.stop();
  });

  it('answers the verify handshake with the challenge, and 403 for a wrong token', async () => {
    const ok = await fetch(`${stack.url}/webhook?hub.mode=subscribe&hub.verify_token=${stack.env.WHATSAPP_VERIFY_TOKEN}&hub.challenge=8675309`);
    expect(ok.status).toBe(200);
    expect(await ok.text()).toBe('8675309');
    const wrong = await fetch(`${stack.url}/webhook?hub.mode=subscribe&hub.verify_token=nope&hub.challenge=8675309`);
    expect(wrong.status).toBe(403);
  });

  it('delivers a customer message to the CRM once, signed, pseudonymous, without the phone number', async () => {
    // Prepare
    const wamid = newWamid();
    const payload = textMessageWebhook({ from: CUSTOMER, name: 'Erika Mustermann', text: 'Hallo, wo bleibt meine Bestellung?', wamid });

    // Act: Meta delivers the same webhook twice
    const first = await stack.postWebhook(payload);
    const second = await stack.postWebhook(payload);

    // Assess
    expect(first.status).toBe(200);
    expect(second.status).toBe(200);
    const delivered = await waitFor(async () => {
      const events = await stack.crmEvents();
      return events.find((event) => (event.payload.data as { messageId?: string }).messageId === wamid);
    }, 10_000, 'the CRM delivery');
    expect(() => new Webhook(stack.env.CRM_WEBHOOK_SECRET as string).verify(delivered.body, delivered.headers)).not.toThrow();
    expect(delivered.payload.type).toBe('message.received');
    expect(delivered.payload.data.contactId).toBe(deriveContactId(stack.env.PSEUDONYM_KEY as string, { waId: CUSTOMER }));
    expect(delivered.payload.data.text).toBe('Hallo, wo bleibt meine Bestellung?');
    expect(delivered.body).not.toContain(CUSTOMER);
    expect(delivered.body).not.toContain('Erika');

    await sleep(1500);
    const matching = (await stack.crmEvents()).filter((event) => (event.payload.data as { messageId?: string }).messageId === wamid);
    expect(matching).toHaveLength(1);
  });

  it('answers 401 to a wrong signature and queues nothing', async () => {
    const payload = textMessageWebhook({ from: CUSTOMER, text: 'forged' });
    const response = await stack.postWebhook(payload, { signature: signWebhookBody(JSON.stringify(payload), 'not-the-secret') });
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ error: { code: 'invalid_signature' } });
    expect(await stack.queueDepth('inbound')).toBe(0);
  });

  it('answers 400 with a reason to malformed JSON', async () => {
    const body = '{"object": "whatsapp_business_account", "entry": [';
    const response = await fetch(`${stack.url}/webhook`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-hub-signature-256': signWebhookBody(body, stack.env.WHATSAPP_APP_SECRET as string) },
      body,
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ error: { code: 'malformed_json', message: 'body is not valid JSON' } });
    expect(await stack.queueDepth('inbound')).toBe(0);
  });

  it('retries a CRM answering 500, then dead-letters the event: nothing vanishes', async () => {
    // Prepare: the CRM refuses every delivery for a while
    stack.crmSink?.failNext({ status: 500, count: 1000 });
    const wamid = newWamid();

    // Act
    expect((await stack.postWebhook(textMessageWebhook({ from: '4915199999999', text: 'ping', wamid }))).status).toBe(200);

    // Assess: several attempts, then the event sits in the crm-push DLQ
    const deadLetter = await waitFor(async () => {
      const letters = await stack.deadLetters('crmPush');
      return letters.find((letter) => letter.includes(wamid));
    }, 40_000, 'the dead letter');
    stack.crmSink?.failNext({ status: 500, count: 0 });
    const attempts = stack.crmSink?.allAttempts.filter((attempt) => attempt.body.includes(wamid)) ?? [];
    expect(attempts.length).toBeGreaterThanOrEqual(2);
    expect(attempts.every((attempt) => attempt.status === 500)).toBe(true);
    expect(JSON.parse(deadLetter)).toMatchObject({ type: 'message.received' });
    expect((await stack.crmEvents()).some((event) => event.body.includes(wamid))).toBe(false);
  });

  it('logs no phone number, name or message text', () => {
    const logged = stack.logs.join('\n');
    expect(stack.logs.length).toBeGreaterThan(0);
    expect(logged).not.toMatch(/4915112345678|4915199999999|Erika|Bestellung|ping/);
  });
});
