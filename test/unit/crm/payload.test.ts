import { describe, expect, it } from 'vitest';
import { buildCrmPayload } from '../../../shared/domain/crm/payload.js';
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
});
