import { describe, expect, it } from 'vitest';
import type { OutboundMessage } from '../../../shared/domain/outbound-message.js';
import type { ContactProfile } from '../../../shared/domain/ports.js';
import { decideSend, isServiceWindowOpen, type SendingPolicy } from '../../../shared/domain/replies/policy.js';

const NOW = new Date('2026-11-29T10:00:00.000Z');
const POLICY: SendingPolicy = { customerServiceBasis: 'consent', serviceWindowHours: 24, referralWindowHours: 72 };
const hoursAgo = (hours: number) => new Date(NOW.getTime() - hours * 3_600_000).toISOString();

function profile(overrides: Partial<ContactProfile> = {}): ContactProfile {
  return { contactId: 'c1', waId: '4915100000001', consentState: 'granted', lastInboundAt: hoursAgo(1), createdAt: hoursAgo(100), updatedAt: hoursAgo(1), version: 1, ...overrides };
}

function message(overrides: Partial<OutboundMessage> = {}): OutboundMessage {
  return { v: 1, replyId: 'rpl_1', contactId: 'c1', origin: 'crm', content: { type: 'text', text: 'hi' }, requestedAt: NOW.toISOString(), ...overrides };
}

const template = (category?: 'marketing' | 'utility'): OutboundMessage['content'] => ({
  type: 'template',
  template: { name: 't', language: 'de', ...(category ? { category } : {}) },
});

describe('Function: decideSend', () => {
  it('allows free text to a consenting contact inside the window', () => {
    expect(decideSend(message(), { profile: profile() }, POLICY, NOW)).toEqual({ send: true });
  });

  it('rejects an erased contact, an unknown contact and one without a wa_id', () => {
    expect(decideSend(message(), { profile: profile(), erasure: { state: 'erasing' } }, POLICY, NOW)).toEqual({ send: false, reason: 'contact_erased' });
    expect(decideSend(message(), {}, POLICY, NOW)).toEqual({ send: false, reason: 'contact_unknown' });
    const { waId: _waId, ...withoutWaId } = profile();
    expect(decideSend(message(), { profile: withoutWaId }, POLICY, NOW)).toEqual({ send: false, reason: 'no_recipient_address' });
  });

  it('rejects replies without a lawful basis: withdrawn, declined, or no consent yet under basis consent', () => {
    for (const consentState of ['withdrawn', 'declined', 'notified', 'unknown'] as const) {
      expect(decideSend(message(), { profile: profile({ consentState }) }, POLICY, NOW)).toEqual({ send: false, reason: 'no_lawful_basis' });
    }
  });

  it('allows replies before consent under basis contract, but never after a withdrawal', () => {
    const contract = { ...POLICY, customerServiceBasis: 'contract' as const };
    expect(decideSend(message(), { profile: profile({ consentState: 'notified' }) }, contract, NOW)).toEqual({ send: true });
    expect(decideSend(message(), { profile: profile({ consentState: 'withdrawn' }) }, contract, NOW)).toEqual({ send: false, reason: 'no_lawful_basis' });
  });

  it('lets bridge notices and consent requests through without consent, but not CRM replies', () => {
    const notice = message({ origin: 'bridge', purpose: 'consent_request' });
    expect(decideSend(notice, { profile: profile({ consentState: 'unknown' }) }, POLICY, NOW)).toEqual({ send: true });
    expect(decideSend(notice, { profile: profile({ consentState: 'unknown' }), erasure: { state: 'erasing' } }, POLICY, NOW)).toEqual({ send: false, reason: 'contact_erased' });
    const erasureConfirmation = message({ origin: 'bridge', purpose: 'erasure_confirmation' });
    expect(decideSend(erasureConfirmation, { profile: profile(), erasure: { state: 'erasing' } }, POLICY, NOW)).toEqual({ send: true });
    // A contact who writes again after the erasure finished is a new contact and may be answered.
    const afterErasure = { state: 'erased' as const, erasedAt: '2026-11-28T00:00:00.000Z' };
    expect(decideSend(message({ requestedAt: '2026-11-29T09:00:00.000Z' }), { profile: profile(), erasure: afterErasure }, POLICY, NOW)).toEqual({ send: true });
    expect(decideSend(message({ requestedAt: '2026-11-27T09:00:00.000Z' }), { profile: profile(), erasure: afterErasure }, POLICY, NOW)).toEqual({ send: false, reason: 'contact_erased' });
  });

  it('needs marketing consent for marketing templates and counts a template without category as marketing', () => {
    const optedOut = profile({ marketingOptOut: true });
    expect(decideSend(message({ content: template('marketing') }), { profile: optedOut }, POLICY, NOW)).toEqual({ send: false, reason: 'marketing_not_permitted' });
    expect(decideSend(message({ content: template() }), { profile: optedOut }, POLICY, NOW)).toEqual({ send: false, reason: 'marketing_not_permitted' });
    expect(decideSend(message({ content: template('utility') }), { profile: optedOut }, POLICY, NOW)).toEqual({ send: true });
  });

  it('allows only templates outside the window', () => {
    const stale = profile({ lastInboundAt: hoursAgo(25) });
    expect(decideSend(message(), { profile: stale }, POLICY, NOW)).toEqual({ send: false, reason: 'outside_service_window' });
    const interactive = message({ content: { type: 'interactive', interactive: { type: 'button', body: { text: 'b' } } } });
    expect(decideSend(interactive, { profile: stale }, POLICY, NOW)).toEqual({ send: false, reason: 'outside_service_window' });
    expect(decideSend(message({ content: template('utility') }), { profile: stale }, POLICY, NOW)).toEqual({ send: true });
  });
});

describe('Function: isServiceWindowOpen', () => {
  it('is open for 24 hours after the last message and 72 hours after a referral', () => {
    expect(isServiceWindowOpen({ lastInboundAt: hoursAgo(23.9) }, POLICY, NOW)).toBe(true);
    expect(isServiceWindowOpen({ lastInboundAt: hoursAgo(24) }, POLICY, NOW)).toBe(false);
    expect(isServiceWindowOpen({ lastInboundAt: hoursAgo(48), lastReferralAt: hoursAgo(48) }, POLICY, NOW)).toBe(true);
    expect(isServiceWindowOpen({ lastReferralAt: hoursAgo(72) }, POLICY, NOW)).toBe(false);
    expect(isServiceWindowOpen({}, POLICY, NOW)).toBe(false);
  });
});
