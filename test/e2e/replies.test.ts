import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCAL_PHONE_NUMBER_ID, newWamid, statusWebhook, textMessageWebhook } from '../../local/webhook-builder.js';
import { createDocumentClient } from '../../shared/adapters/dynamodb-store.js';
import { deriveContactId } from '../../shared/domain/contact-id.js';
import type { ConsentState } from '../../shared/domain/ports.js';
import { startTestStack, type TestStack } from '../support/local-stack.js';
import { sleep, waitFor } from '../support/wait.js';

/*
 * Contacts are written straight into the table (consent state, last inbound time, wa_id, business
 * number), as the processor and the consent capability would leave them: the tests control the
 * consent state and the window without running the consent flow.
 */

type CrmEvent = Awaited<ReturnType<TestStack['crmEvents']>>[number];

describe('Replies: CRM to WhatsApp through the local stack', () => {
  let stack: TestStack;
  let waIdCounter = 0;

  beforeAll(async () => {
    const directory = mkdtempSync(join(tmpdir(), 'replies-e2e-'));
    const configPath = join(directory, 'bridge-config.json');
    // Retries in seconds rather than minutes; no pair spacing between the tests' sends.
    writeFileSync(configPath, JSON.stringify({ replies: { retryBaseSeconds: 1, retryMaxSeconds: 2, pairSpacingMs: 0 } }));
    stack = await startTestStack({ env: { BRIDGE_CONFIG: configPath } });
  });
  afterAll(async () => {
    await stack.stop();
  });

  async function givenContact(options: { consentState?: ConsentState; lastInboundHoursAgo?: number; erased?: boolean } = {}) {
    waIdCounter += 1;
    const waId = `49151000000${String(waIdCounter).padStart(2, '0')}`;
    const contactId = deriveContactId(stack.env.PSEUDONYM_KEY as string, { waId });
    const documents = createDocumentClient(stack.dynamoDb);
    const now = new Date();
    await documents.send(
      new PutCommand({
        TableName: stack.resources.tableName,
        Item: {
          PK: `CONTACT#${contactId}`,
          SK: 'PROFILE',
          contactId,
          waId,
          phoneNumberId: LOCAL_PHONE_NUMBER_ID,
          consentState: options.consentState ?? 'granted',
          lastInboundAt: new Date(now.getTime() - (options.lastInboundHoursAgo ?? 1) * 3_600_000).toISOString(),
          createdAt: now.toISOString(),
          updatedAt: now.toISOString(),
          version: 1,
        },
      }),
    );
    if (options.erased) {
      await documents.send(new PutCommand({ TableName: stack.resources.tableName, Item: { PK: `CONTACT#${contactId}`, SK: 'ERASED', erasedAt: now.toISOString() } }));
    }
    return { waId, contactId };
  }

  function postReply(body: unknown, headers: Record<string, string> = {}) {
    return fetch(`${stack.url}/v1/replies`, {
      method: 'POST',
      headers: { authorization: `Bearer ${stack.env.REPLIES_API_TOKEN}`, 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    });
  }

  async function acceptedReplyId(response: Response): Promise<string> {
    expect(response.status).toBe(202);
    const { replyId } = (await response.json()) as { replyId: string };
    expect(replyId).toMatch(/^rpl_[a-z2-7]{26}$/);
    return replyId;
  }

  function graphCallsFor(replyId: string) {
    return (stack.graph?.sent ?? []).filter((call) => (call.body as { biz_opaque_callback_data?: string }).biz_opaque_callback_data === replyId);
  }

  function crmEventFor(type: string, replyId: string, timeoutMs = 20_000): Promise<CrmEvent> {
    return waitFor(async () => (await stack.crmEvents()).find((event) => event.payload.type === type && event.payload.data.replyId === replyId), timeoutMs, `${type} for ${replyId}`);
  }

  it('delivers a reply inside the window once, even when posted twice with one Idempotency-Key', async () => {
    // Prepare
    const { contactId, waId } = await givenContact();
    const body = { contactId, text: 'Ihr Paket ist unterwegs.' };

    // Act
    const first = await acceptedReplyId(await postReply(body, { 'idempotency-key': 'order-4711-answer' }));
    const second = await acceptedReplyId(await postReply(body, { 'idempotency-key': 'order-4711-answer' }));
    const reused = await postReply({ ...body, text: 'Something else' }, { 'idempotency-key': 'order-4711-answer' });

    // Assess
    expect(second).toBe(first);
    expect(reused.status).toBe(422);
    expect(await reused.json()).toMatchObject({ error: { code: 'idempotency_key_reused' } });
    const sent = await crmEventFor('reply.sent', first);
    await sleep(2000);
    const calls = graphCallsFor(first);
    expect(calls).toHaveLength(1);
    expect(calls[0]?.phoneNumberId).toBe(LOCAL_PHONE_NUMBER_ID);
    expect(calls[0]?.body).toMatchObject({ messaging_product: 'whatsapp', to: waId, type: 'text', text: { body: 'Ihr Paket ist unterwegs.' } });
    const wamid = (calls[0]?.response as { messages: { id: string }[] }).messages[0]?.id;
    expect(sent.payload.data).toMatchObject({ contactId, replyId: first, messageId: wamid, origin: 'crm' });
    expect((await stack.crmEvents()).filter((event) => event.payload.type === 'reply.sent' && event.payload.data.replyId === first)).toHaveLength(1);
  });

  it('passes a status webhook for the sent wamid to the CRM with the replyId', async () => {
    // Prepare
    const { contactId, waId } = await givenContact();
    const replyId = await acceptedReplyId(await postReply({ contactId, text: 'Danke für Ihre Geduld.' }));
    await crmEventFor('reply.sent', replyId);
    const wamid = (graphCallsFor(replyId)[0]?.response as { messages: { id: string }[] }).messages[0]?.id as string;

    // Act
    expect((await stack.postWebhook(statusWebhook({ wamid, recipient: waId, status: 'delivered' }))).status).toBe(200);

    // Assess
    const status = await waitFor(
      async () => (await stack.crmEvents()).find((event) => event.payload.type === 'message.status' && event.payload.data.messageId === wamid),
      20_000,
      'the message.status event',
    );
    expect(status.payload.data).toMatchObject({ contactId, messageId: wamid, status: 'delivered', replyId });
    expect(status.body).not.toContain(waId);
  });

  it('rejects free text outside the window with reply.rejected, and sends a template', async () => {
    // Prepare
    const { contactId } = await givenContact({ lastInboundHoursAgo: 30 });

    // Act
    const text = await acceptedReplyId(await postReply({ contactId, text: 'Sind Sie noch da?' }));
    const template = await acceptedReplyId(
      await postReply({ contactId, template: { name: 'order_update', language: 'de', category: 'utility', components: [{ type: 'body', parameters: [{ type: 'text', text: '4711' }] }] } }),
    );

    // Assess
    const rejected = await crmEventFor('reply.rejected', text);
    expect(rejected.payload.data).toMatchObject({ contactId, replyId: text, reason: 'outside_service_window' });
    await crmEventFor('reply.sent', template);
    expect(graphCallsFor(text)).toHaveLength(0);
    expect(graphCallsFor(template)[0]?.body).toMatchObject({ type: 'template', template: { name: 'order_update', language: { code: 'de' } } });
  });

  it('sends nothing to a contact who withdrew consent, or was erased', async () => {
    // Prepare
    const withdrawn = await givenContact({ consentState: 'withdrawn' });
    const erased = await givenContact({ erased: true });

    // Act
    const toWithdrawn = await acceptedReplyId(await postReply({ contactId: withdrawn.contactId, text: 'Noch eine Frage?' }));
    const toWithdrawnTemplate = await acceptedReplyId(await postReply({ contactId: withdrawn.contactId, template: { name: 'winback', language: 'de', category: 'marketing' } }));
    const toErased = await acceptedReplyId(await postReply({ contactId: erased.contactId, text: 'Hallo?' }));

    // Assess
    expect((await crmEventFor('reply.rejected', toWithdrawn)).payload.data.reason).toBe('no_lawful_basis');
    expect((await crmEventFor('reply.rejected', toWithdrawnTemplate)).payload.data.reason).toBe('marketing_not_permitted');
    expect((await crmEventFor('reply.rejected', toErased)).payload.data.reason).toBe('contact_erased');
    expect(stack.graph?.sent.filter((call) => [withdrawn.waId, erased.waId].includes(String((call.body as { to?: string }).to)))).toHaveLength(0);
  });

  it('retries 130429 (three times) with backoff and then delivers', async () => {
    // Prepare
    const { contactId } = await givenContact();
    stack.graph?.failNext({ code: 130429, count: 3 });

    // Act
    const replyId = await acceptedReplyId(await postReply({ contactId, text: 'Gleich kommt die Antwort.' }));

    // Assess
    await crmEventFor('reply.sent', replyId, 30_000);
    const calls = graphCallsFor(replyId);
    expect(calls).toHaveLength(4);
    expect(calls.slice(0, 3).every((call) => (call.response as { error?: { code: number } }).error?.code === 130429)).toBe(true);
    expect((await stack.crmEvents()).some((event) => event.payload.type === 'reply.failed' && event.payload.data.replyId === replyId)).toBe(false);
  });

  it('reports 131047 as reply.failed with the code, without retrying', async () => {
    // Prepare
    const { contactId } = await givenContact();
    stack.graph?.failNext({ code: 131047, count: 1 });

    // Act
    const replyId = await acceptedReplyId(await postReply({ contactId, text: 'Spät, aber doch.' }));

    // Assess
    const failed = await crmEventFor('reply.failed', replyId);
    expect(failed.payload.data).toMatchObject({ contactId, replyId, reason: 'graph_error', code: 131047 });
    await sleep(2500);
    expect(graphCallsFor(replyId)).toHaveLength(1);
    expect(await stack.deadLetters('outbound')).toHaveLength(0);
  });

  it('reports retries that run out (131000 every time) as reply.failed and dead-letters the message', async () => {
    // Prepare: Meta fails every attempt the queue allows
    const { contactId } = await givenContact();
    stack.graph?.failNext({ code: 131000, count: 6 });

    // Act
    const replyId = await acceptedReplyId(await postReply({ contactId, text: 'Wir sind gleich da.' }));

    // Assess
    const failed = await crmEventFor('reply.failed', replyId, 40_000);
    expect(failed.payload.data).toMatchObject({ replyId, reason: 'retries_exhausted', code: 131000 });
    const deadLetter = await waitFor(async () => (await stack.deadLetters('outbound')).find((letter) => letter.includes(replyId)), 30_000, 'the dead letter');
    expect(JSON.parse(deadLetter)).toMatchObject({ replyId, origin: 'crm' });
    expect(graphCallsFor(replyId)).toHaveLength(6);
  });

  it('answers 401 to a wrong token and 400 with a reason to an invalid reply', async () => {
    const { contactId } = await givenContact();
    const unauthorized = await postReply({ contactId, text: 'x' }, { authorization: 'Bearer wrong' });
    expect(unauthorized.status).toBe(401);
    const fourButtons = await postReply({
      contactId,
      interactive: {
        type: 'button',
        body: { text: 'Wählen Sie' },
        action: { buttons: ['a', 'b', 'c', 'd'].map((id) => ({ type: 'reply', reply: { id, title: id } })) },
      },
    });
    expect(fourButtons.status).toBe(400);
    expect(await fourButtons.json()).toMatchObject({ error: { code: 'invalid_reply', message: expect.stringContaining('interactive.action.buttons') } });
    const both = await postReply({ contactId, text: 'a', template: { name: 't', language: 'de' } });
    expect(both.status).toBe(400);
    expect(await both.json()).toMatchObject({ error: { message: expect.stringContaining('exactly one of') } });
  });

  it('logs no phone number or message text', () => {
    const logged = stack.logs.join('\n');
    expect(logged).toContain('reply sent');
    expect(logged).not.toMatch(/491510000|Paket|Geduld|Sind Sie|Antwort|Spät|gleich da/);
  });
});

describe('Replies: the whole loop from a customer message, under lawful basis contract', () => {
  let stack: TestStack;

  beforeAll(async () => {
    const directory = mkdtempSync(join(tmpdir(), 'replies-e2e-'));
    const configPath = join(directory, 'bridge-config.json');
    // Basis contract: no consent step is needed before replying (the consent capability is not involved).
    writeFileSync(configPath, JSON.stringify({ purposes: { customerService: { basis: 'contract' } }, replies: { markAsRead: true, pairSpacingMs: 0 } }));
    stack = await startTestStack({ env: { BRIDGE_CONFIG: configPath } });
  });
  afterAll(async () => {
    await stack.stop();
  });

  it('answers a customer message from the number it was sent to, marking it read first', async () => {
    // Prepare: the customer writes; the CRM learns the contact id from message.received
    const customer = '4915177777777';
    const inbound = newWamid();
    expect((await stack.postWebhook(textMessageWebhook({ from: customer, text: 'Wo ist mein Paket?', wamid: inbound }))).status).toBe(200);
    const received = await waitFor(async () => (await stack.crmEvents()).find((event) => event.payload.data.messageId === inbound), 20_000, 'message.received');
    const contactId = received.payload.data.contactId as string;

    // Act
    const response = await fetch(`${stack.url}/v1/replies`, {
      method: 'POST',
      headers: { authorization: `Bearer ${stack.env.REPLIES_API_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ contactId, text: 'Es kommt morgen.', replyTo: inbound }),
    });

    // Assess
    expect(response.status).toBe(202);
    const { replyId } = (await response.json()) as { replyId: string };
    await waitFor(async () => (await stack.crmEvents()).find((event) => event.payload.type === 'reply.sent' && event.payload.data.replyId === replyId), 20_000, 'reply.sent');
    const calls = stack.graph?.sent ?? [];
    expect(calls.map((call) => call.body)).toEqual([
      { messaging_product: 'whatsapp', status: 'read', message_id: inbound },
      expect.objectContaining({ to: customer, context: { message_id: inbound }, text: { body: 'Es kommt morgen.', preview_url: false } }),
    ]);
    expect(calls.every((call) => call.phoneNumberId === LOCAL_PHONE_NUMBER_ID)).toBe(true);
  });
});
