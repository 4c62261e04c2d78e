import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buttonReplyWebhook as buildButtonReplyWebhook, LOCAL_DISPLAY_NUMBER, LOCAL_PHONE_NUMBER_ID, newWamid, textMessageWebhook } from '../../local/webhook-builder.js';
import { createDocumentClient } from '../../shared/adapters/dynamodb-store.js';
import { parseBridgeConfig } from '../../shared/config/bridge-config.js';
import { renderNotice } from '../../shared/domain/consent/notice.js';
import { deriveContactId } from '../../shared/domain/contact-id.js';
import { writeBridgeConfigFile } from '../support/bridge-config-file.js';
import { startTestStack, type TestStack } from '../support/local-stack.js';
import { sleep, waitFor } from '../support/wait.js';

const CUSTOMER = '4915122223333';
const config = parseBridgeConfig({});

function buttonReplyWebhook(from: string, buttonId: string, title: string, wamid = newWamid()): Record<string, unknown> {
  return buildButtonReplyWebhook({ from, buttonId, title, name: 'Erika Mustermann', wamid });
}

/** What the reply sender sent to a number through the fake Graph API (`GET /_local/graph/sent`). */
async function sentTo(stack: TestStack, waId: string): Promise<{ kind: string; body: string }[]> {
  const sent = (await (await fetch(`${stack.url}/_local/graph/sent`)).json()) as { body: { to?: string } }[];
  return sent.filter((call) => call.body.to === waId).map((call) => ({ kind: classify(call.body), body: JSON.stringify(call.body) }));
}

/** Recognises the bridge's consent messages in Graph API request bodies. */
function classify(body: unknown): string {
  const text = JSON.stringify(body);
  if (text.includes('consent:grant') && text.includes('consent:decline')) return 'consent_request';
  if (text.includes('consent:withdraw')) return 'grant_confirmation';
  const texts = Object.values(config.consent.notices);
  const languages = Object.keys(config.consent.notices);
  if (languages.some((language) => (body as { text?: { body?: string } }).text?.body === renderNotice(language, config).text)) return 'privacy_notice';
  if (texts.some((notice) => text.includes(notice.confirmations.withdrawn))) return 'withdrawal_confirmation';
  if (texts.some((notice) => text.includes(notice.confirmations.erasure))) return 'erasure_confirmation';
  return 'other';
}

describe('Consent and data-subject rights, end to end on the local stack', () => {
  let stack: TestStack;
  /** The first contact's messages, held by the first test and released by the second. */
  let heldWamids: string[] = [];
  const contactId = () => deriveContactId(stack.env.PSEUDONYM_KEY as string, { waId: CUSTOMER });
  const admin = (path: string, init: RequestInit = {}, token = stack.env.ADMIN_API_TOKEN) =>
    fetch(`${stack.url}${path}`, { ...init, headers: { authorization: `Bearer ${token}` } });
  const crmFor = async (predicate: (event: Awaited<ReturnType<TestStack['crmEvents']>>[number]) => boolean) =>
    (await stack.crmEvents()).filter(predicate);
  const messageIdOf = (event: { payload: { data: Record<string, unknown> } }) => event.payload.data.messageId;

  beforeAll(async () => {
    stack = await startTestStack();
  });
  afterAll(async () => {
    await stack?.stop();
  });

  it('answers a new contact with the notice and the consent request, and forwards nothing yet', async () => {
    // Prepare
    const first = newWamid();
    const second = newWamid();

    // Act
    expect((await stack.postWebhook(textMessageWebhook({ from: CUSTOMER, text: 'Hallo, wo bleibt meine Bestellung?', wamid: first }))).status).toBe(200);
    expect((await stack.postWebhook(textMessageWebhook({ from: CUSTOMER, text: 'Bestellnummer 4711', wamid: second }))).status).toBe(200);

    // Assess: the notice and the consent request reach the customer's number, once each
    const messages = await waitFor(async () => {
      const all = await sentTo(stack, CUSTOMER);
      return all.some((message) => message.kind === 'consent_request') && all.some((message) => message.kind === 'privacy_notice') ? all : undefined;
    }, 40_000, 'the notice and the consent request at /_local/graph/sent');
    expect(messages.map((message) => message.kind)).toEqual(['privacy_notice', 'consent_request']);
    expect(messages[0]?.body).toContain('Datenschutzhinweis');
    await waitFor(async () => ((await stack.queueDepth('inbound')) === 0 && !stack.busy() ? true : undefined), 40_000, 'the processor to settle');
    await sleep(1500);
    expect(await crmFor((event) => [first, second].includes(messageIdOf(event) as string))).toHaveLength(0);
    heldWamids = [first, second];
  });

  it('releases the held messages to the CRM in order once the consent button is tapped, with a receipt', async () => {
    // Prepare
    const [first, second] = heldWamids;

    // Act
    expect((await stack.postWebhook(buttonReplyWebhook(CUSTOMER, 'consent:grant', 'Ich stimme zu'))).status).toBe(200);

    // Assess
    const released = await waitFor(async () => {
      const events = await crmFor((event) => event.payload.type === 'message.received' && [first, second].includes(messageIdOf(event) as string));
      return events.length === 2 ? events : undefined;
    }, 40_000, 'the released messages');
    expect(released.map(messageIdOf)).toEqual([first, second]);
    expect(released[0]?.payload.data.text).toBe('Hallo, wo bleibt meine Bestellung?');
    const changed = await waitFor(async () => (await crmFor((event) => event.payload.type === 'contact.consent_changed'))[0], 40_000, 'contact.consent_changed');
    expect(changed.payload.data).toMatchObject({ contactId: contactId(), state: 'granted', purpose: 'customer_service', evidenceType: 'button_reply' });
    const exported = (await (await admin(`/v1/contacts/${contactId()}/export`)).json()) as { consentReceipts: Record<string, unknown>[]; profile: Record<string, unknown> };
    expect(exported.consentReceipts).toHaveLength(1);
    expect(exported.consentReceipts[0]).toMatchObject({
      decision: 'granted', basis: 'consent', purposes: ['customer_service'], language: 'de', noticeVersion: 'de-1',
      noticeSha256: renderNotice('de', config).sha256, evidence: { type: 'button_reply' },
    });
    expect(exported.profile).toMatchObject({ consentState: 'granted' });
    await waitFor(async () => ((await sentTo(stack, CUSTOMER)).some((message) => message.kind === 'grant_confirmation') ? true : undefined), 40_000, 'the grant confirmation');
  });

  it('withdraws on "STOPP", confirms it, and forwards nothing afterwards', async () => {
    // Act
    await stack.postWebhook(textMessageWebhook({ from: CUSTOMER, text: 'STOPP' }));
    await waitFor(async () => (await crmFor((event) => event.payload.type === 'contact.consent_changed' && event.payload.data.state === 'withdrawn'))[0], 40_000, 'the withdrawal at the CRM');
    const after = newWamid();
    await stack.postWebhook(textMessageWebhook({ from: CUSTOMER, text: 'Noch da?', wamid: after }));

    // Assess
    await waitFor(
      async () => ((await sentTo(stack, CUSTOMER)).some((message) => message.kind === 'withdrawal_confirmation') ? true : undefined),
      20_000,
      'the withdrawal confirmation at /_local/graph/sent',
    );
    await waitFor(async () => ((await stack.queueDepth('inbound')) === 0 && !stack.busy() ? true : undefined), 40_000, 'the processor to settle');
    await sleep(1500);
    expect(await crmFor((event) => messageIdOf(event) === after)).toHaveLength(0);
  });

  it('exports the receipts and the data held, behind the admin token', async () => {
    // Act
    const response = await admin(`/v1/contacts/${contactId()}/export`);

    // Assess
    expect(response.status).toBe(200);
    const exported = (await response.json()) as { contactId: string; profile: Record<string, unknown>; consentReceipts: { decision: string }[] };
    expect(exported.contactId).toBe(contactId());
    expect(exported.profile).toMatchObject({ waId: CUSTOMER, consentState: 'withdrawn', language: 'de' });
    expect(exported.consentReceipts.map((receipt) => receipt.decision)).toEqual(['granted', 'withdrawn']);
  });

  it('answers 401 to a bad token, 400 to a malformed id and 404 to an unknown contact', async () => {
    const bad = await admin(`/v1/contacts/${contactId()}/export`, {}, 'wrong-token');
    expect(bad.status).toBe(401);
    expect(await bad.json()).toEqual({ error: { code: 'invalid_token', message: 'missing or invalid bearer token' } });
    const missing = await fetch(`${stack.url}/v1/contacts/${contactId()}`, { method: 'DELETE' });
    expect(missing.status).toBe(401);
    const malformed = await admin('/v1/contacts/not-a-contact-id/export');
    expect(malformed.status).toBe(400);
    expect(await malformed.json()).toMatchObject({ error: { code: 'invalid_contact_id' } });
    const unknown = await admin(`/v1/contacts/${'A'.repeat(43)}`, { method: 'DELETE' });
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ error: { code: 'contact_not_found' } });
  });

  it('erases the contact: only the tombstone stays, the CRM gets contact.erased, and a second call is a no-op', async () => {
    // Act
    const response = await admin(`/v1/contacts/${contactId()}`, { method: 'DELETE' });

    // Assess
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ contactId: contactId(), state: 'erased', erasedNow: true });
    const { Items } = await createDocumentClient(stack.dynamoDb).send(
      new QueryCommand({ TableName: stack.resources.tableName, KeyConditionExpression: 'PK = :pk', ExpressionAttributeValues: { ':pk': `CONTACT#${contactId()}` } }),
    );
    expect(Items?.map((item) => item.SK)).toEqual(['ERASED']);
    expect(JSON.stringify(Items)).not.toContain(CUSTOMER);
    const erased = await waitFor(async () => (await crmFor((event) => event.payload.type === 'contact.erased'))[0], 40_000, 'contact.erased');
    expect(erased.payload.data).toMatchObject({ contactId: contactId(), channel: 'api' });
    const again = await admin(`/v1/contacts/${contactId()}`, { method: 'DELETE' });
    expect(again.status).toBe(200);
    expect(await again.json()).toMatchObject({ state: 'erased', erasedNow: false });
    await sleep(1000);
    expect(await crmFor((event) => event.payload.type === 'contact.erased')).toHaveLength(1);
  });

  it('records a marketing stop from the user_preferences webhook and tells the CRM', async () => {
    // Prepare
    const shopper = '4915166667777';
    const shopperId = deriveContactId(stack.env.PSEUDONYM_KEY as string, { waId: shopper });
    const webhook = {
      object: 'whatsapp_business_account',
      entry: [{ id: '100000000000000', changes: [{ field: 'user_preferences', value: {
        messaging_product: 'whatsapp',
        metadata: { display_phone_number: LOCAL_DISPLAY_NUMBER, phone_number_id: LOCAL_PHONE_NUMBER_ID },
        user_preferences: [{ wa_id: shopper, detail: 'User requested to stop marketing messages', category: 'marketing_messages', value: 'stop', timestamp: String(Math.floor(Date.now() / 1000)) }],
      } }] }],
    };

    // Act
    expect((await stack.postWebhook(webhook)).status).toBe(200);

    // Assess
    const changed = await waitFor(
      async () => (await crmFor((event) => event.payload.type === 'contact.consent_changed' && event.payload.data.contactId === shopperId))[0],
      20_000,
      'contact.consent_changed for marketing',
    );
    expect(changed.payload.data).toMatchObject({ purpose: 'marketing', marketingOptOut: true, evidenceType: 'user_preferences' });
    const exported = (await (await admin(`/v1/contacts/${shopperId}/export`)).json()) as { profile: Record<string, unknown>; consentReceipts: Record<string, unknown>[] };
    expect(exported.profile).toMatchObject({ marketingOptOut: true });
    expect(exported.consentReceipts).toEqual([expect.objectContaining({ purposes: ['marketing'], decision: 'withdrawn' })]);
  });

  it('erases on request by message: confirms to the contact, then keeps only the tombstone and the wa_id for the confirmation', async () => {
    // Prepare
    const other = '4915144445555';
    const otherId = deriveContactId(stack.env.PSEUDONYM_KEY as string, { waId: other });
    await stack.postWebhook(textMessageWebhook({ from: other, text: 'Guten Tag' }));
    await waitFor(async () => ((await sentTo(stack, other)).some((message) => message.kind === 'consent_request') ? true : undefined), 40_000, 'the consent request');

    // Act
    await stack.postWebhook(textMessageWebhook({ from: other, text: 'Daten löschen!' }));

    // Assess
    await waitFor(async () => ((await sentTo(stack, other)).some((message) => message.kind === 'erasure_confirmation') ? true : undefined), 40_000, 'the erasure confirmation');
    const erased = await waitFor(async () => (await crmFor((event) => event.payload.type === 'contact.erased' && event.payload.data.contactId === otherId))[0], 40_000, 'contact.erased');
    expect(erased.payload.data).toMatchObject({ channel: 'message' });
    const { Items } = await createDocumentClient(stack.dynamoDb).send(
      new QueryCommand({ TableName: stack.resources.tableName, KeyConditionExpression: 'PK = :pk', ExpressionAttributeValues: { ':pk': `CONTACT#${otherId}` } }),
    );
    // Besides these, only the reply sender's delivery record of the confirmation itself may exist
    // (`WAMID#`/`REPLY#`: ids, no content, its own TTL).
    const kept = (Items ?? []).filter((item) => !/^(WAMID|REPLY)#/.test(String(item.SK)));
    expect(kept.map((item) => item.SK).sort()).toEqual(['ERASED', 'PROFILE']);
    expect(JSON.stringify(Items)).not.toContain('Guten Tag');
    const profile = kept.find((item) => item.SK === 'PROFILE') ?? {};
    expect(Object.keys(profile).filter((key) => !['PK', 'SK', 'contactId', 'createdAt', 'updatedAt', 'version', 'expiresAt'].includes(key)).sort()).toEqual(['lastInboundAt', 'phoneNumberId', 'waId']);
    expect(profile.expiresAt).toBeLessThanOrEqual(Math.ceil(Date.now() / 1000) + 24 * 3600);
  });

  it('logs no phone number, name or message text', () => {
    const logged = stack.logs.join('\n');
    expect(logged).not.toMatch(/4915122223333|4915144445555|Erika|Bestellung|Bestellnummer|Noch da|Hallo|Guten Tag/);
  });
});

describe('Consent configuration at start-up', () => {
  it('refuses to start with a malformed config and names the bad field', async () => {
    const path = writeBridgeConfigFile({ purposes: { customerService: { basis: 'because' } }, retention: { heldMessageSeconds: 0 } });
    await expect(startTestStack({ env: { BRIDGE_CONFIG: path } })).rejects.toThrow(
      /purposes\.customerService\.basis: .*retention\.heldMessageSeconds: Too small/,
    );
  });
});
