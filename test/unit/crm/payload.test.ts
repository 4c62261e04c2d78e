import { describe, expect, it } from 'vitest';
import { CRM_EVENT_CONTRACTS } from '../../../shared/domain/crm/event-schemas.js';
import { buildCrmPayload, MINIMAL_PAYLOAD_OPTIONS, type PayloadOptions } from '../../../shared/domain/crm/payload.js';
import type { CrmPushRecord } from '../../../shared/domain/crm/records.js';

const base = { v: 1 as const, id: 'evt_1', occurredAt: '2026-11-29T10:00:00.000Z', contactId: 'C'.repeat(43) };

describe('Function: buildCrmPayload', () => {
  it('turns message.received into the minimal view, without phone number or name', () => {
    // Prepare
    const record: CrmPushRecord = {
      ...base,
      type: 'message.received',
      subject: { waId: '4915112345678', profileName: 'Erika' },
      data: { message: { id: 'wamid.1', type: 'text', timestamp: '1', from: '4915112345678', text: { body: 'Hallo' }, context: { from: '15550000001', id: 'wamid.0' } } },
    };

    // Act
    const payload = buildCrmPayload(record);

    // Assess
    expect(payload).toEqual({
      type: 'message.received',
      version: 1,
      timestamp: '2026-11-29T10:00:00.000Z',
      data: { contactId: 'C'.repeat(43), messageId: 'wamid.1', type: 'text', text: 'Hallo', replyTo: 'wamid.0' },
    });
    expect(JSON.stringify(payload)).not.toMatch(/4915112345678|Erika/);
  });

  it('turns message.status into id, status and error codes, without the recipient', () => {
    const payload = buildCrmPayload({
      ...base,
      type: 'message.status',
      data: { status: { id: 'wamid.2', status: 'failed', timestamp: '1', recipient_id: '4915112345678', errors: [{ code: 131047, title: 'Re-engagement message', message: 'm' }] } },
    });
    expect(payload.data).toEqual({ contactId: 'C'.repeat(43), messageId: 'wamid.2', status: 'failed', errors: [{ code: 131047, title: 'Re-engagement message' }] });
  });

  it('strips identifying keys from content it passes through uninterpreted', () => {
    const payload = buildCrmPayload({
      ...base,
      type: 'webhook.unsupported',
      data: { field: 'user_preferences', raw: { user_preferences: [{ wa_id: '4915112345678', value: 'stop' }], metadata: { display_phone_number: '1555' } } },
    });
    expect(JSON.stringify(payload)).not.toMatch(/4915112345678|1555/);
    expect(payload.data).toMatchObject({ field: 'user_preferences', raw: { user_preferences: [{ value: 'stop' }] } });
  });

  it('sanitises message text with the region of the contact calling code', () => {
    // Prepare: a German national-format number is found only with region DE
    const regions: (string | undefined)[] = [];
    const options: PayloadOptions = {
      ...MINIMAL_PAYLOAD_OPTIONS,
      sanitize: (text, context) => {
        regions.push(context.region);
        return MINIMAL_PAYLOAD_OPTIONS.sanitize(text, context);
      },
    };
    const record: CrmPushRecord = {
      ...base,
      type: 'message.received',
      subject: { waId: '4915112345678' },
      data: { message: { id: 'wamid.1', type: 'text', timestamp: '1', text: { body: 'Mail anna.schmidt@example.de oder 0151 23456789, Bestellung 4711 für 19,99 €' } } },
    };

    // Act
    const payload = buildCrmPayload(record, options);

    // Assess
    expect(regions).toEqual(['DE']);
    expect(payload.data.text).toBe('Mail [EMAIL] oder [PHONE], Bestellung 4711 für 19,99 €');
  });

  it('forwards media as a reference, never content, with a sanitised caption', () => {
    const payload = buildCrmPayload({
      ...base,
      type: 'message.received',
      subject: { waId: '4915112345678' },
      data: {
        message: {
          id: 'wamid.3',
          type: 'document',
          timestamp: '1',
          document: { id: 'media-1', mime_type: 'application/pdf', sha256: 'abc=', file_size: 1234, filename: 'rechnung-max@example.com.pdf', caption: 'IBAN DE89370400440532013000', url: 'https://lookaside.fbsbx.com/x' },
        },
      },
    });
    expect(payload.data).toEqual({
      contactId: base.contactId,
      messageId: 'wamid.3',
      type: 'document',
      media: { mediaId: 'media-1', mimeType: 'application/pdf', sha256: 'abc=', size: 1234 },
      filename: expect.stringContaining('[EMAIL]'),
      caption: 'IBAN [IBAN]',
    });
    expect(JSON.stringify(payload)).not.toMatch(/lookaside|DE89370400440532013000|max@example/);
  });

  it('forwards the profile name only when configured', () => {
    const record: CrmPushRecord = { ...base, type: 'message.received', subject: { waId: '4915112345678', profileName: 'Erika' }, data: { message: { id: 'wamid.1', type: 'text', timestamp: '1', text: { body: 'Hi' } } } };
    expect(buildCrmPayload(record).data.contact).toBeUndefined();
    expect(buildCrmPayload(record, { ...MINIMAL_PAYLOAD_OPTIONS, forwardProfileName: true }).data.contact).toEqual({ profileName: 'Erika' });
  });

  it('forwards the phone number only when configured and the contact consented', () => {
    const record = (consentGranted?: boolean): CrmPushRecord => ({
      ...base,
      type: 'message.received',
      subject: { waId: '4915112345678', ...(consentGranted === undefined ? {} : { consentGranted }) },
      data: { message: { id: 'wamid.1', type: 'text', timestamp: '1', text: { body: 'Hi' } } },
    });
    const on = { ...MINIMAL_PAYLOAD_OPTIONS, forwardPhoneNumber: true };
    expect(buildCrmPayload(record(true)).data.contact).toBeUndefined();
    expect(buildCrmPayload(record(false), on).data.contact).toBeUndefined();
    expect(buildCrmPayload(record(undefined), on).data.contact).toBeUndefined();
    expect(buildCrmPayload(record(true), on).data.contact).toEqual({ phoneNumber: '+4915112345678' });
  });

  it.each([
    ['interactive', { interactive: { type: 'button_reply', button_reply: { id: 'yes', title: 'Yes' } } }, { interactive: { type: 'button_reply', id: 'yes', title: 'Yes' } }],
    ['button', { button: { payload: 'STOP', text: 'Stop promotions' } }, { button: { payload: 'STOP', text: 'Stop promotions' } }],
    ['reaction', { reaction: { message_id: 'wamid.0', emoji: '👍' } }, { reaction: { messageId: 'wamid.0', emoji: '👍' } }],
    ['location', { location: { latitude: 52.52, longitude: 13.4, address: 'Hauptstr. 1, Berlin' } }, { location: { latitude: 52.52, longitude: 13.4 } }],
    ['contacts', { contacts: [{ name: { formatted_name: 'Max' }, phones: [{ phone: '+4930123456' }] }] }, { contactCards: 1 }],
  ])('maps a %s message to its minimal view', (type, content, expected) => {
    const payload = buildCrmPayload({ ...base, type: 'message.received', data: { message: { id: 'wamid.9', type, timestamp: '1', ...content } } });
    expect(payload.data).toEqual({ contactId: base.contactId, messageId: 'wamid.9', type, ...expected });
  });

  it('sanitises the free text of Flow answers, list rows and order notes', () => {
    const flow = buildCrmPayload({
      ...base,
      type: 'message.received',
      data: { message: { id: 'wamid.5', type: 'interactive', timestamp: '1', interactive: { type: 'nfm_reply', nfm_reply: { name: 'flow', response_json: '{"email":"max@example.com","qty":2}' } } } },
    });
    const order = buildCrmPayload({
      ...base,
      type: 'message.received',
      data: { message: { id: 'wamid.6', type: 'order', timestamp: '1', order: { catalog_id: 'c1', text: 'Liefern an max@example.com', product_items: [] } } },
    });
    expect(flow.data.interactive).toMatchObject({ responseJson: '{"email":"[EMAIL]","qty":2}' });
    expect(order.data.order).toMatchObject({ text: 'Liefern an [EMAIL]' });
  });

  it('sanitises every string of uninterpreted content', () => {
    const payload = buildCrmPayload({
      ...base,
      type: 'webhook.unsupported',
      data: { field: 'messages', reason: 'unknown message type "poll"', raw: { type: 'poll', poll: { question: 'Schreib an max@example.com' } } },
    });
    expect(payload.data.raw).toEqual({ type: 'poll', poll: { question: 'Schreib an [EMAIL]' } });
  });

  it.each([
    ['message.received', { message: { id: 'wamid.1', type: 'image', timestamp: '1', image: { id: 'm', mime_type: 'image/jpeg', sha256: 'h', caption: 'hi' } }, receivedAt: 'x' }],
    ['message.status', { status: { id: 'wamid.2', status: 'read', timestamp: '1', recipient_id: '49151' } }],
    ['contact.preferences_changed', { category: 'marketing_messages', value: 'stop' }],
    ['contact.changed_number', { newContactId: 'N'.repeat(43), messageId: 'wamid.7' }],
    ['reply.sent', { replyId: 'rpl_1', origin: 'crm', messageId: 'wamid.8' }],
    ['reply.rejected', { replyId: 'rpl_2', origin: 'bridge', purpose: 'consent_request', reason: 'contact_erased' }],
    ['reply.failed', { replyId: 'rpl_3', origin: 'crm', reason: 'graph_error', code: 131026 }],
    ['webhook.error', { phoneNumberId: '1', errors: [{ code: 131000, title: 'x', message: 'm' }] }],
    ['webhook.unsupported', { field: 'messages', reason: 'r', raw: { a: 1 } }],
  ])('builds a %s body that its published schema accepts', (type, data) => {
    const payload = buildCrmPayload({ ...base, type, data });
    const contract = CRM_EVENT_CONTRACTS[type];
    expect(contract).toBeDefined();
    expect(contract?.schema.safeParse(payload).error).toBeUndefined();
  });
});
