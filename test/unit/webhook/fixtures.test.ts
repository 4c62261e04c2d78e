import { describe, expect, it } from 'vitest';
import { deriveContactId } from '../../../shared/domain/contact-id.js';
import type { MessageEvent } from '../../../shared/domain/inbound-event.js';
import {
  crmPayloadsFor,
  FIXTURE_PSEUDONYM_KEY,
  ingestFixture,
  listWebhookFixtures,
  readWebhookFixture,
} from '../../support/webhook-fixtures.js';

/*
 * Every shape of WHATSAPP.md section 10 and of issue 3, as our own fixtures: each is POSTed through
 * ingest (signed over its exact bytes), processed, and turned into the CRM payload.
 */

const contactA = deriveContactId(FIXTURE_PSEUDONYM_KEY, { waId: '491700000001' });
const PHONE_NUMBERS = /491700000001|491700000002|491700000003|491700000008|491700000009|16315551181/;

function messages(events: Awaited<ReturnType<typeof ingestFixture>>): MessageEvent[] {
  return events.filter((event): event is MessageEvent => event.kind === 'message');
}

describe('Webhook fixtures: every shape Meta sends', () => {
  it.each(listWebhookFixtures())('%s: ingests without failing, and no phone number reaches the CRM', async (name) => {
    // Act
    const events = await ingestFixture(name);
    const payloads = await crmPayloadsFor(events);

    // Assess
    expect(events.length).toBeGreaterThan(0);
    expect(payloads.length).toBeGreaterThan(0);
    expect(JSON.stringify(payloads)).not.toMatch(PHONE_NUMBERS);
  });

  it('text with a click-to-WhatsApp referral: text and ad reference, not the click id', async () => {
    const events = await ingestFixture('text-with-referral.json');
    const [payload] = await crmPayloadsFor(events);
    expect(events[0]).toMatchObject({ kind: 'message', eventId: 'wamid.TXT-REF', contactId: contactA, profileName: 'Test Kunde' });
    expect(payload?.data).toMatchObject({ type: 'text', text: 'Ich interessiere mich für das Angebot', referral: { sourceType: 'ad', sourceId: '120000000000001', headline: 'Winter sale' } });
    expect(JSON.stringify(payload)).not.toContain('ARAkLkA8rmlF');
  });

  it('two messages in one value: two events in order, the reply keeps its context', async () => {
    const events = await ingestFixture('messages-two-with-reply-context.json');
    expect(events.map((event) => event.eventId)).toEqual(['wamid.TWO-1', 'wamid.TWO-2']);
    const payloads = await crmPayloadsFor(events);
    expect(payloads[1]?.data).toMatchObject({ replyTo: 'wamid.BUSINESS-1' });
  });

  it('changes mixing messages and user_preferences: a message and a preference event for the same contact', async () => {
    const events = await ingestFixture('changes-mixed-fields.json');
    expect(events.map((event) => event.kind)).toEqual(['message', 'preference']);
    expect(events[1]).toMatchObject({ contactId: contactA, category: 'marketing_messages', value: 'stop', eventId: `pref:${contactA}:marketing_messages:stop:1795900002` });
    const payloads = await crmPayloadsFor(events);
    expect(payloads.map((payload) => payload.type)).toEqual(['message.received', 'contact.preferences_changed']);
    expect(payloads[1]?.data).toEqual({ contactId: contactA, category: 'marketing_messages', value: 'stop' });
  });

  it('user_preferences with stop and resume: one event per item, distinct ids', async () => {
    const events = await ingestFixture('user-preferences.json');
    expect(events.map((event) => (event.kind === 'preference' ? event.value : event.kind))).toEqual(['stop', 'resume']);
    expect(new Set(events.map((event) => event.eventId)).size).toBe(2);
    expect(events.every((event) => !event.eventId.includes('491700000001'))).toBe(true);
  });

  it('value.errors without messages: one error event, reaching the CRM as webhook.error with code and title', async () => {
    const events = await ingestFixture('errors-without-messages.json');
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ kind: 'error', phoneNumberId: '100000000000001', errors: [{ code: 130429, title: 'Rate limit hit' }] });
    expect(events[0]?.eventId).toMatch(/^error:[0-9a-f]{64}$/);
    const [payload] = await crmPayloadsFor(events);
    expect(payload).toMatchObject({ type: 'webhook.error', data: { errors: [{ code: 130429, title: 'Rate limit hit' }] } });
  });

  it('value.errors next to a bodiless message: the error and the message as unsupported', async () => {
    const events = await ingestFixture('errors-next-to-bodiless-message.json');
    expect(events.map((event) => event.kind).sort()).toEqual(['error', 'message']);
    const message = messages(events)[0];
    expect(message?.message).toMatchObject({ id: 'wamid.BODILESS', type: 'unsupported', original_type: 'interactive' });
  });

  it('unsupported and unknown types with errors, and a type the bridge does not know', async () => {
    const events = await ingestFixture('unsupported-and-unknown.json');
    const payloads = await crmPayloadsFor(events);
    expect(payloads.map((payload) => payload.data)).toEqual([
      { contactId: contactA, messageId: 'wamid.UNSUPPORTED', type: 'unsupported', errors: [{ code: 131051, title: 'Message type unknown' }] },
      { contactId: contactA, messageId: 'wamid.UNKNOWN', type: 'unknown', errors: [{ code: 131051, title: 'Message type unknown' }] },
      { contactId: contactA, messageId: 'wamid.POLL', type: 'unsupported', originalType: 'poll' },
    ]);
  });

  it('reactions: an emoji, and removal both as "" and without the key', async () => {
    const payloads = await crmPayloadsFor(await ingestFixture('reactions.json'));
    expect(payloads.map((payload) => payload.data.reaction)).toEqual([
      { messageId: 'wamid.BUSINESS-1', emoji: '👍' },
      { messageId: 'wamid.BUSINESS-1', removed: true },
      { messageId: 'wamid.BUSINESS-1', removed: true },
    ]);
  });

  it('escaped and raw unicode: different bytes, same text', async () => {
    expect(readWebhookFixture('text-escaped-unicode.json').toString()).toContain('\\ud83d\\ude2e');
    expect(readWebhookFixture('text-raw-unicode.json').toString()).toContain('😮');
    const [escaped] = await crmPayloadsFor(await ingestFixture('text-escaped-unicode.json'));
    const [raw] = await crmPayloadsFor(await ingestFixture('text-raw-unicode.json'));
    expect(escaped?.data.text).toBe('äöå 😮');
    expect(raw?.data.text).toBe('äöå 😮');
  });

  it('user_changed_number without contacts: contact.changed_number with the new contact id, no numbers', async () => {
    const events = await ingestFixture('system-user-changed-number.json');
    expect(events[0]).toMatchObject({ kind: 'message', contactId: contactA, newContactId: deriveContactId(FIXTURE_PSEUDONYM_KEY, { waId: '491700000009' }) });
    const [payload] = await crmPayloadsFor(events);
    expect(payload).toEqual({
      type: 'contact.changed_number',
      version: 1,
      timestamp: '2026-11-28T21:06:40.000Z',
      data: { contactId: contactA, newContactId: deriveContactId(FIXTURE_PSEUDONYM_KEY, { waId: '491700000009' }), messageId: 'wamid.SYS-NUMBER' },
    });
  });

  it('legacy customer_changed_number with new_wa_id: contact.changed_number too', async () => {
    const [payload] = await crmPayloadsFor(await ingestFixture('system-legacy-customer-changed-number.json'));
    expect(payload).toMatchObject({ type: 'contact.changed_number', data: { contactId: contactA, newContactId: deriveContactId(FIXTURE_PSEUDONYM_KEY, { waId: '491700000008' }) } });
  });

  it('user_changed_user_id without from: the previous user id is the contact, the new one is linked', async () => {
    const events = await ingestFixture('system-user-changed-user-id-without-from.json');
    const previous = deriveContactId(FIXTURE_PSEUDONYM_KEY, { userId: 'DE.2000000000000000001' });
    const next = deriveContactId(FIXTURE_PSEUDONYM_KEY, { userId: 'DE.2000000000000000002' });
    expect(events[0]).toMatchObject({ kind: 'message', contactId: previous, userId: 'DE.2000000000000000001', newContactId: next });
    const [payload] = await crmPayloadsFor(events);
    expect(payload).toMatchObject({ type: 'message.received', data: { contactId: previous, type: 'system', system: { kind: 'user_changed_user_id' }, newContactId: next } });
    expect(JSON.stringify(payload)).not.toContain('DE.2000');
  });

  it('customer_identity_changed: message.received of type system with its kind, without the body', async () => {
    const [payload] = await crmPayloadsFor(await ingestFixture('system-identity-changed.json'));
    expect(payload?.data).toEqual({ contactId: contactA, messageId: 'wamid.SYS-IDENTITY', type: 'system', system: { kind: 'customer_identity_changed' } });
  });

  it('a contact with a business-scoped user id and no phone number', async () => {
    const events = await ingestFixture('contact-business-scoped-user-id.json');
    expect(events[0]).toMatchObject({ kind: 'message', contactId: deriveContactId(FIXTURE_PSEUDONYM_KEY, { userId: 'DE.3000000000000000003' }), userId: 'DE.3000000000000000003' });
    expect(events[0]).not.toHaveProperty('waId');
  });

  it('interactive replies: button and list ids and titles, a Flow answer parsed a second time, a broken one kept', async () => {
    const events = messages(await ingestFixture('interactive-replies.json'));
    expect(events.map((event) => event.message.type)).toEqual(['interactive', 'interactive', 'interactive', 'interactive']);
    expect(events[2]?.message.interactive).toMatchObject({
      nfm_reply: { response_json: '{"flow_token":"ft-1","appointment_day":"tuesday","party_size":2}', response_json_valid: true, response: { flow_token: 'ft-1', party_size: 2 } },
    });
    expect(events[3]?.message.interactive).toMatchObject({ nfm_reply: { response_json: 'not json {', response_json_valid: false } });
    const payloads = await crmPayloadsFor(events);
    expect(payloads.map((payload) => payload.data.interactive)).toEqual([
      { type: 'button_reply', id: 'consent_yes', title: 'Ja, einverstanden' },
      { type: 'list_reply', id: 'slot_2', title: 'Dienstag', description: '10-12 Uhr' },
      { type: 'nfm_reply', name: 'flow', responseJson: '{"flow_token":"ft-1","appointment_day":"tuesday","party_size":2}', responseValid: true },
      { type: 'nfm_reply', name: 'flow', responseJson: 'not json {', responseValid: false },
    ]);
  });

  it('template quick-reply button: payload and text', async () => {
    const [payload] = await crmPayloadsFor(await ingestFixture('button-quick-reply.json'));
    expect(payload?.data).toMatchObject({ type: 'button', button: { payload: 'STOP_PROMOTIONS', text: 'Stop promotions' }, replyTo: 'wamid.TEMPLATE-1' });
  });

  it('order with empty text: items forwarded', async () => {
    const [payload] = await crmPayloadsFor(await ingestFixture('order-empty-text.json'));
    expect(payload?.data.order).toEqual({
      catalogId: '900000000000001',
      text: '',
      items: [
        { productRetailerId: 'sku-1', quantity: 2, itemPrice: 19.99, currency: 'EUR' },
        { productRetailerId: 'sku-2', quantity: 1, itemPrice: 5, currency: 'EUR' },
      ],
    });
  });

  it('referred_product and forward markers in context', async () => {
    const payloads = await crmPayloadsFor(await ingestFixture('text-referred-product-and-forwards.json'));
    expect(payloads[0]?.data).toMatchObject({ replyTo: 'wamid.CATALOG-1', referredProduct: { catalogId: '900000000000001', productRetailerId: 'sku-1' } });
    expect(payloads[1]?.data).toMatchObject({ forwarded: true });
    expect(payloads[1]?.data).not.toHaveProperty('frequentlyForwarded');
    expect(payloads[2]?.data).toMatchObject({ forwarded: true, frequentlyForwarded: true });
  });

  it('statuses: sent with conversation, pricing and callback data; failed with error_data', async () => {
    const events = await ingestFixture('statuses.json');
    expect(events.map((event) => event.eventId)).toEqual(['wamid.OUT-1:sent', 'wamid.OUT-1:delivered', 'wamid.OUT-1:read', 'wamid.OUT-2:failed']);
    expect(events[3]).toMatchObject({ status: { errors: [{ code: 130472, error_data: { details: expect.any(String) } }] } });
    const payloads = await crmPayloadsFor(events);
    expect(payloads[0]?.data).toMatchObject({ status: 'sent', callbackData: 'reply-123', pricing: { category: 'service', billable: true }, conversation: { origin: { type: 'service' } } });
    expect(payloads[3]?.data).toMatchObject({ status: 'failed', errors: [{ code: 130472, title: "User's number is part of an experiment" }] });
  });

  it("the dashboard's test sample: entry id 0 and a message id without wamid. prefix", async () => {
    const events = await ingestFixture('dashboard-test-sample.json');
    expect(events[0]).toMatchObject({ kind: 'message', eventId: 'ABGGFlA5Fpa', phoneNumberId: '123456123', occurredAt: '2017-09-08T20:36:28.000Z' });
  });

  it('a dashed display phone number is accepted (routing uses phone_number_id)', async () => {
    const events = await ingestFixture('dashed-display-number.json');
    expect(events[0]).toMatchObject({ kind: 'message', phoneNumberId: '100000000000001' });
  });

  it('media: references only (id, mime type, sha256), caption, filename, voice and animated flags', async () => {
    const payloads = await crmPayloadsFor(await ingestFixture('media.json'));
    expect(payloads.map((payload) => payload.data)).toEqual([
      { contactId: contactA, messageId: 'wamid.IMAGE', type: 'image', media: { mediaId: '1000000000000001', mimeType: 'image/jpeg', sha256: 'aW1hZ2Ugc2hhMjU2' }, caption: 'Foto vom Schaden' },
      { contactId: contactA, messageId: 'wamid.VIDEO', type: 'video', media: { mediaId: '1000000000000002', mimeType: 'video/mp4', sha256: 'dmlkZW8=' } },
      { contactId: contactA, messageId: 'wamid.DOCUMENT', type: 'document', media: { mediaId: '1000000000000003', mimeType: 'application/pdf', sha256: 'ZG9j' }, caption: 'Rechnung', filename: 'rechnung-0042.pdf' },
      { contactId: contactA, messageId: 'wamid.VOICE', type: 'audio', media: { mediaId: '1000000000000004', mimeType: 'audio/ogg; codecs=opus', sha256: 'dm9pY2U=' }, voice: true },
      { contactId: contactA, messageId: 'wamid.AUDIO', type: 'audio', media: { mediaId: '1000000000000005', mimeType: 'audio/mpeg', sha256: 'YXVkaW8=' }, voice: false },
      { contactId: contactA, messageId: 'wamid.STICKER', type: 'sticker', media: { mediaId: '1000000000000006', mimeType: 'image/webp', sha256: 'c3RpY2tlcg==' }, animated: true },
    ]);
  });

  it('location: coordinates only, never the place name or address', async () => {
    const [payload] = await crmPayloadsFor(await ingestFixture('location.json'));
    expect(payload?.data).toEqual({ contactId: contactA, messageId: 'wamid.LOCATION', type: 'location', location: { latitude: 52.520008, longitude: 13.404954 } });
  });

  it("contact cards: the count only, never third parties' names, phones or e-mails", async () => {
    const events = messages(await ingestFixture('contacts-cards.json'));
    expect(events[0]?.message.type).toBe('contacts');
    const [payload] = await crmPayloadsFor(events);
    expect(payload?.data).toEqual({ contactId: contactA, messageId: 'wamid.CARDS', type: 'contacts', contactCards: 3 });
  });

  it('an unknown webhook field: webhook.unsupported with identifiers stripped', async () => {
    const events = await ingestFixture('unknown-field.json');
    expect(events[0]).toMatchObject({ kind: 'unsupported', field: 'account_update' });
    const [payload] = await crmPayloadsFor(events);
    expect(payload).toMatchObject({ type: 'webhook.unsupported', data: { field: 'account_update', raw: { event: 'VERIFIED_ACCOUNT' } } });
  });

  it('the same fixture ingested twice yields the same event ids (redelivery deduplicates)', async () => {
    for (const name of listWebhookFixtures()) {
      const first = (await ingestFixture(name)).map((event) => event.eventId);
      const second = (await ingestFixture(name)).map((event) => event.eventId);
      expect(second).toEqual(first);
    }
  });
});
