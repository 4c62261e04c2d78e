import { describe, expect, it } from 'vitest';
import type { MessageEvent } from '../../../shared/domain/inbound-event.js';
import { normalizeWebhook } from '../../../shared/domain/webhook/normalize.js';
import type { WebhookEnvelope } from '../../../shared/domain/webhook/schemas.js';

const context = { pseudonymKey: 'key', receivedAt: new Date('2026-11-29T10:00:00.000Z') };
const metadata = { display_phone_number: '15550000001', phone_number_id: '100' };

function envelopeOf(field: string, value: unknown): WebhookEnvelope {
  return { object: 'whatsapp_business_account', entry: [{ id: '1', changes: [{ field, value }] }] };
}

const text = (id: string, extra: Record<string, unknown> = {}) => ({ from: '491700000001', id, timestamp: '1795900000', type: 'text', text: { body: 'x' }, ...extra });

describe('Function: normalizeWebhook', () => {
  it('keeps valid messages when a contacts entry or a neighbour is malformed', () => {
    // Prepare
    const envelope = envelopeOf('messages', { metadata, contacts: [{ wa_id: 491700000001 }, 'junk'], messages: [text('wamid.1'), { id: 42 }, text('wamid.2')] });

    // Act
    const events = normalizeWebhook(envelope, context);

    // Assess
    expect(events.map((event) => event.kind)).toEqual(['message', 'unsupported', 'message']);
    expect(events[1]).toMatchObject({ field: 'messages', reason: expect.stringContaining('message without id, timestamp or type') });
  });

  it('makes a message of a type named like an Object prototype key unsupported, not a crash', () => {
    const events = normalizeWebhook(envelopeOf('messages', { metadata, messages: [{ ...text('wamid.P'), type: 'constructor' }] }), context);
    expect((events[0] as MessageEvent).message).toMatchObject({ type: 'unsupported', original_type: 'constructor' });
  });

  it('turns a status without a recipient, or of the wrong shape, into unsupported', () => {
    const events = normalizeWebhook(envelopeOf('messages', { metadata, statuses: [{ id: 'wamid.S', status: 'read', timestamp: '1' }, { id: 'wamid.T' }] }), context);
    expect(events.map((event) => (event.kind === 'unsupported' ? event.reason : event.kind))).toEqual([
      'status without a recipient',
      expect.stringContaining('status'),
    ]);
  });

  it('reports valid value.errors as one error event and an odd entry as unsupported', () => {
    const events = normalizeWebhook(envelopeOf('messages', { metadata, errors: [{ code: 130429, title: 'Rate limit hit' }, { code: '131000' }] }), context);
    expect(events.map((event) => event.kind)).toEqual(['error', 'unsupported']);
    expect(events[0]).toMatchObject({ errors: [{ code: 130429 }], occurredAt: '2026-11-29T10:00:00.000Z' });
  });

  it('keeps a messages value without metadata, or with nothing in it, as one unsupported event', () => {
    expect(normalizeWebhook(envelopeOf('messages', { messages: [text('wamid.M')] }), context)).toMatchObject([{ kind: 'unsupported', field: 'messages' }]);
    expect(normalizeWebhook(envelopeOf('messages', { metadata, messages: [] }), context)).toMatchObject([{ kind: 'unsupported', reason: 'no messages, statuses or errors in the value' }]);
  });

  it('identifies a preference by user_id when there is no wa_id, and keeps an item without either as unsupported', () => {
    const events = normalizeWebhook(
      envelopeOf('user_preferences', {
        user_preferences: [
          { user_id: 'DE.1', category: 'marketing_messages', value: 'stop', timestamp: '1795900000' },
          { category: 'marketing_messages', value: 'stop', timestamp: '1795900000' },
          { wa_id: '491700000001', value: 'stop' },
        ],
      }),
      context,
    );
    expect(events.map((event) => event.kind)).toEqual(['preference', 'unsupported', 'unsupported']);
    expect(events[0]).toMatchObject({ phoneNumberId: '', category: 'marketing_messages', value: 'stop' });
    expect(events[0]).not.toHaveProperty('waId');
  });

  it('gives content-addressed ids to unsupported items: the same item twice, the same id; another field, another id', () => {
    const first = normalizeWebhook(envelopeOf('account_update', { event: 'X' }), context);
    const again = normalizeWebhook(envelopeOf('account_update', { event: 'X' }), { ...context, receivedAt: new Date('2026-12-05T00:00:00.000Z') });
    const other = normalizeWebhook(envelopeOf('security', { event: 'X' }), context);
    expect(again[0]?.eventId).toBe(first[0]?.eventId);
    expect(other[0]?.eventId).not.toBe(first[0]?.eventId);
  });

  it('uses the only contact as sender for a message without from, and never another sender’s contact', () => {
    const events = normalizeWebhook(
      envelopeOf('messages', {
        metadata,
        contacts: [{ wa_id: '491700000002', profile: { name: 'Other' } }, { wa_id: '491700000003', profile: { name: 'Third' } }],
        messages: [text('wamid.F')],
      }),
      context,
    );
    expect(events[0]).toMatchObject({ kind: 'message', waId: '491700000001' });
    expect(events[0]).not.toHaveProperty('profileName');
  });
});
