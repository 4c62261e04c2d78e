import { describe, expect, it } from 'vitest';
import { parseBridgeConfig } from '../../../shared/config/bridge-config.js';
import { ConsentAdmission } from '../../../shared/domain/consent/consent-admission.js';
import { eraseContact, exportContactData } from '../../../shared/domain/consent/data-subject-rights.js';
import { renderNotice } from '../../../shared/domain/consent/notice.js';
import type { InboundEvent, MessageEvent, PreferenceEvent } from '../../../shared/domain/inbound-event.js';
import { processInboundEvent, type ProcessInboundEventDependencies } from '../../../shared/domain/processing/process-inbound-event.js';
import { ConcurrentUpdateError } from '../../../shared/errors.js';
import { inMemoryProcessorDependencies } from '../../support/in-memory-processor.js';

const CONTACT = 'C'.repeat(43);
const WA_ID = '4915112345678';
let sequence = 0;

function message(content: Record<string, unknown>, at = '2026-11-29T09:59:00.000Z'): MessageEvent {
  sequence += 1;
  const id = `wamid.${sequence}`;
  return {
    v: 1, kind: 'message', eventId: id, contactId: CONTACT, waId: WA_ID, phoneNumberId: '100',
    occurredAt: at, receivedAt: at,
    message: { id, timestamp: '1', from: WA_ID, ...content } as unknown as MessageEvent["message"],
  };
}
const text = (body: string, at?: string) => message({ type: 'text', text: { body } }, at);
const button = (id: string) => message({ type: 'interactive', interactive: { type: 'button_reply', button_reply: { id, title: 't' } } });

function setup(configInput: unknown = {}) {
  const config = parseBridgeConfig(configInput);
  const base = inMemoryProcessorDependencies();
  const { clock, contacts, crmEvents, outbound, processedEvents, log, erasures: store } = base;
  const dependencies: ProcessInboundEventDependencies = {
    ...base.dependencies,
    admission: new ConsentAdmission({ store, data: store, crmEvents, config, clock, log }),
  };
  return {
    clock, config, contacts, store, crmEvents, outbound, processedEvents, log, dependencies,
    process: (event: InboundEvent) => processInboundEvent(event, dependencies),
    forwardedIds: () => crmEvents.records.filter((record) => record.type === 'message.received').map((record) => (record.data.message as { id: string }).id),
    profile: () => contacts.profiles.get(CONTACT),
  };
}

describe('Class: ConsentAdmission (basis consent)', () => {
  it('answers a first message with the notice and the consent request, holds it and forwards nothing', async () => {
    // Prepare
    const deps = setup();
    const first = text('Hallo, wo ist meine Bestellung?');

    // Act
    await deps.process(first);

    // Assess
    expect(deps.outbound.messages.map((queued) => queued.purpose)).toEqual(['privacy_notice', 'consent_request']);
    expect(deps.outbound.messages.every((queued) => queued.origin === 'bridge' && queued.contactId === CONTACT)).toBe(true);
    expect(deps.outbound.messages[0]?.content).toMatchObject({ type: 'text', text: renderNotice('de', deps.config).text });
    expect(deps.crmEvents.records).toHaveLength(0);
    expect(await deps.store.listHeld(CONTACT)).toHaveLength(1);
    expect(deps.profile()).toMatchObject({ consentState: 'notified', language: 'de', noticeVersion: 'de-1', noticeSha256: renderNotice('de', deps.config).sha256 });
  });

  it('holds further messages without asking again', async () => {
    const deps = setup();
    await deps.process(text('one'));
    await deps.process(text('two'));
    expect(deps.outbound.messages).toHaveLength(2);
    expect(await deps.store.listHeld(CONTACT)).toHaveLength(2);
  });

  it('releases held messages in order on the grant button, with a receipt, confirmation and consent_changed', async () => {
    // Prepare
    const deps = setup();
    const first = text('first', '2026-11-29T09:00:00.000Z');
    const second = text('second', '2026-11-29T09:01:00.000Z');
    await deps.process(first);
    await deps.process(second);
    const grant = button('consent:grant');

    // Act
    await deps.process(grant);

    // Assess
    expect(deps.forwardedIds()).toEqual([first.message.id, second.message.id]);
    expect(deps.crmEvents.records.find((record) => record.type === 'contact.consent_changed')?.data).toMatchObject({ state: 'granted', purpose: 'customer_service' });
    expect(await deps.store.listHeld(CONTACT)).toHaveLength(0);
    expect(deps.profile()?.consentState).toBe('granted');
    const receipts = [...deps.store.receipts.values()];
    expect(receipts).toHaveLength(1);
    expect(receipts[0]).toMatchObject({
      contactId: CONTACT, purposes: ['customer_service'], basis: 'consent', decision: 'granted', previousState: 'notified',
      noticeVersion: 'de-1', noticeSha256: renderNotice('de', deps.config).sha256, language: 'de',
      evidence: { messageId: grant.message.id, type: 'button_reply' },
    });
    const confirmation = deps.outbound.messages.at(-1);
    expect(confirmation).toMatchObject({ purpose: 'consent_confirmation', content: { type: 'interactive' } });
    expect(JSON.stringify(confirmation)).toContain('consent:withdraw');

    // And afterwards messages flow
    const later = text('third');
    await deps.process(later);
    expect(deps.forwardedIds().at(-1)).toBe(later.message.id);
  });

  it('keeps the sending order of held messages sent within the same second', async () => {
    // Prepare: Meta's timestamps are whole seconds; the wamids sort the other way round
    const deps = setup();
    const first = { ...text('first', '2026-11-29T09:00:00.000Z'), receivedAt: '2026-11-29T09:00:00.100Z' };
    const second = { ...text('second', '2026-11-29T09:00:00.000Z'), receivedAt: '2026-11-29T09:00:00.900Z' };
    first.message = { ...first.message, id: 'wamid.zzz' };
    second.message = { ...second.message, id: 'wamid.aaa' };
    await deps.process(first);
    await deps.process(second);

    // Act
    await deps.process(button('consent:grant'));

    // Assess
    expect(deps.forwardedIds()).toEqual(['wamid.zzz', 'wamid.aaa']);
  });

  it('repeats nothing when the grant event is redelivered after a crash before its marker', async () => {
    // Prepare: the grant's effects all happened, but its marker was never written
    const deps = setup();
    await deps.process(text('first'));
    const grant = button('consent:grant');
    await deps.process(grant);
    deps.processedEvents.markers.delete(grant.eventId);
    const before = { receipts: deps.store.receipts.size, outbound: deps.outbound.messages.length, version: deps.profile()?.version };

    // Act
    await deps.process(grant);

    // Assess: same receipt, same reply ids (deduplicated), same CRM ids
    expect(deps.store.receipts.size).toBe(before.receipts);
    expect(deps.outbound.messages).toHaveLength(before.outbound);
    expect(deps.forwardedIds()).toHaveLength(1);
    expect(deps.profile()?.version).toBe(before.version! + 1); // recordInbound only, no second state change
    expect(deps.crmEvents.records.filter((record) => record.type === 'contact.consent_changed').map((record) => record.id)).toHaveLength(2);
    expect(new Set(deps.crmEvents.records.filter((record) => record.type === 'contact.consent_changed').map((record) => record.id)).size).toBe(1);
  });

  it('withdraws on STOPP: receipt, confirmation, consent_changed, and nothing forwarded afterwards', async () => {
    // Prepare
    const deps = setup();
    await deps.process(text('hi'));
    await deps.process(button('consent:grant'));
    const forwardedBefore = deps.forwardedIds().length;

    // Act
    const stop = text('Stopp');
    await deps.process(stop);
    await deps.process(text('are you there?'));

    // Assess
    expect(deps.profile()?.consentState).toBe('withdrawn');
    expect(deps.forwardedIds()).toHaveLength(forwardedBefore);
    expect(deps.outbound.messages.at(-1)).toMatchObject({ purpose: 'consent_confirmation', content: { type: 'text' } });
    expect([...deps.store.receipts.values()].at(-1)).toMatchObject({ decision: 'withdrawn', previousState: 'granted', evidence: { messageId: stop.message.id, type: 'keyword' } });
    expect(deps.crmEvents.records.at(-1)).toMatchObject({ type: 'contact.consent_changed', data: { state: 'withdrawn', evidenceType: 'keyword' } });
  });

  it('honours the withdraw button and a new explicit grant afterwards', async () => {
    const deps = setup();
    await deps.process(text('hi'));
    await deps.process(button('consent:grant'));
    await deps.process(button('consent:withdraw'));
    expect(deps.profile()?.consentState).toBe('withdrawn');
    await deps.process(text('START'));
    expect(deps.profile()?.consentState).toBe('granted');
    expect([...deps.store.receipts.values()].map((receipt) => receipt.decision)).toEqual(['granted', 'withdrawn', 'granted']);
  });

  it('discards held messages on decline and forwards nothing', async () => {
    const deps = setup();
    await deps.process(text('hi'));
    await deps.process(button('consent:decline'));
    expect(deps.profile()?.consentState).toBe('declined');
    expect(await deps.store.listHeld(CONTACT)).toHaveLength(0);
    expect(deps.forwardedIds()).toHaveLength(0);
    await deps.process(text('hello?'));
    expect(deps.forwardedIds()).toHaveLength(0);
    expect(await deps.store.listHeld(CONTACT)).toHaveLength(0);
  });

  it('does not take a grant keyword before the notice as consent: the notice goes out first', async () => {
    const deps = setup();
    await deps.process(text('START'));
    expect(deps.profile()?.consentState).toBe('notified');
    expect(deps.outbound.messages.map((queued) => queued.purpose)).toEqual(['privacy_notice', 'consent_request']);
    expect(deps.store.receipts.size).toBe(0);
  });

  it('confirms a repeated STOP without a second receipt', async () => {
    const deps = setup();
    await deps.process(text('hi'));
    await deps.process(button('consent:grant'));
    await deps.process(text('STOP'));
    await deps.process(text('stop'));
    expect([...deps.store.receipts.values()].filter((receipt) => receipt.decision === 'withdrawn')).toHaveLength(1);
    expect(deps.outbound.messages.filter((queued) => queued.purpose === 'consent_confirmation')).toHaveLength(3);
  });

  it('fails retryably when the profile changed concurrently, and succeeds on retry', async () => {
    // Prepare: a stale profile version
    const deps = setup();
    await deps.process(text('hi'));
    const grant = button('consent:grant');
    const original = deps.store.updateConsent.bind(deps.store);
    let calls = 0;
    deps.store.updateConsent = async (...args) => {
      calls += 1;
      if (calls === 1) throw new ConcurrentUpdateError('raced');
      return original(...args);
    };

    // Act / Assess
    await expect(deps.process(grant)).rejects.toBeInstanceOf(ConcurrentUpdateError);
    expect(deps.processedEvents.markers.has(grant.eventId)).toBe(false);
    await deps.process(grant);
    expect(deps.profile()?.consentState).toBe('granted');
    expect(deps.forwardedIds()).toHaveLength(1);
  });
});

describe('Class: ConsentAdmission (WhatsApp system messages)', () => {
  it('neither answers nor holds a system message; forwards it only with a lawful basis', async () => {
    const deps = setup();
    const system = message({ type: 'system', system: { type: 'user_changed_number', body: 'changed' } });
    await deps.process(system);
    expect(deps.outbound.messages).toHaveLength(0);
    expect(await deps.store.listHeld(CONTACT)).toHaveLength(0);
    expect(deps.forwardedIds()).toHaveLength(0);
    await deps.process(text('hi'));
    await deps.process(button('consent:grant'));
    const later = message({ type: 'system', system: { type: 'user_changed_number', body: 'changed' } });
    await deps.process(later);
    expect(deps.forwardedIds().at(-1)).toBe(later.message.id);
  });
});

describe('Class: ConsentAdmission (number change)', () => {
  const NEW_CONTACT = 'N'.repeat(43);
  const NEW_WA_ID = '4917698765432';
  /** The same person writing from the new number. */
  const fromNewNumber = (body: string): MessageEvent => {
    const event = text(body);
    return { ...event, contactId: NEW_CONTACT, waId: NEW_WA_ID, message: { ...event.message, from: NEW_WA_ID } };
  };
  const numberChange = (): MessageEvent => ({
    ...message({ type: 'system', system: { type: 'user_changed_number', body: 'changed', wa_id: NEW_WA_ID } }),
    newContactId: NEW_CONTACT,
  });

  it('links the old and the new contact id, even where the notice may not be forwarded', async () => {
    // Prepare
    const deps = setup();
    const change = numberChange();
    // Act
    await deps.process(change);
    await deps.process(change);
    // Assess
    const links = (contactId: string) => deps.store.listItems(contactId).then((items) => items.filter((item) => /^(PREVIOUS|NEXT)#/.test(item.SK)));
    expect(await links(CONTACT)).toEqual([expect.objectContaining({ SK: `NEXT#${NEW_CONTACT}`, linkedContactId: NEW_CONTACT, evidenceMessageId: change.message.id })]);
    expect(await links(NEW_CONTACT)).toEqual([expect.objectContaining({ SK: `PREVIOUS#${CONTACT}`, linkedContactId: CONTACT, changedAt: change.occurredAt })]);
    expect(deps.forwardedIds()).toHaveLength(0);
  });

  it('erases what was held under the old number when the contact asks from the new one', async () => {
    // Prepare
    const deps = setup();
    await deps.process(text('hi'));
    await deps.process(button('consent:grant'));
    await deps.process(numberChange());
    await deps.process(fromNewNumber('hello again'));
    const request = fromNewNumber('Daten löschen');

    // Act
    await deps.process(request);

    // Assess
    expect(deps.store.tombstones.get(NEW_CONTACT)).toMatchObject({ state: 'erased', channel: 'message', sourceEventId: request.eventId });
    expect(deps.store.tombstones.get(CONTACT)).toMatchObject({ state: 'erased', channel: 'message', sourceEventId: `${request.eventId}#${CONTACT}` });
    expect((await deps.store.listItems(CONTACT)).map((item) => item.SK)).toEqual(['ERASED']);
    expect(deps.store.receipts.size).toBe(0);
    const erased = deps.crmEvents.records.filter((record) => record.type === 'contact.erased').map((record) => record.contactId);
    expect(erased.sort()).toEqual([CONTACT, NEW_CONTACT].sort());
  });

  it('reaches the new id from an erasure of the old one, and stops where the ids link back', async () => {
    // Prepare
    const deps = setup();
    await deps.process(text('hi'));
    await deps.process(numberChange());
    await deps.process(fromNewNumber('hello'));
    // The contact changed back to the first number later: the links now form a loop.
    await deps.store.linkContacts({ previousContactId: NEW_CONTACT, nextContactId: CONTACT, changedAt: '2026-11-29T10:30:00.000Z', evidenceMessageId: 'wamid.back' });
    const exported = await exportContactData(CONTACT, { data: deps.store, clock: deps.clock });

    // Act
    const result = await eraseContact({ contactId: CONTACT, channel: 'api' }, { data: deps.store, crmEvents: deps.crmEvents, clock: deps.clock, log: deps.log });

    // Assess
    expect(exported.linkedContacts.map((item) => item.SK).sort()).toEqual([`NEXT#${NEW_CONTACT}`, `PREVIOUS#${NEW_CONTACT}`]);
    expect(result.erasedNow).toBe(true);
    expect(deps.store.tombstones.get(NEW_CONTACT)).toMatchObject({ state: 'erased', channel: 'api' });
    expect(await deps.store.listHeld(NEW_CONTACT)).toHaveLength(0);
    expect((await deps.store.listItems(NEW_CONTACT)).map((item) => item.SK)).toEqual(['ERASED']);
  });
});

describe('Class: ConsentAdmission (basis contract or legitimate interest)', () => {
  it('sends the notice once, without a consent request, and forwards without holding', async () => {
    const deps = setup({ purposes: { customerService: { basis: 'contract' } } });
    const first = text('hi');
    await deps.process(first);
    await deps.process(text('again'));
    expect(deps.outbound.messages.map((queued) => queued.purpose)).toEqual(['privacy_notice']);
    expect(deps.forwardedIds()).toHaveLength(2);
    expect(await deps.store.listHeld(CONTACT)).toHaveLength(0);
  });

  it('asks for consent, with the current notice, when the basis changes to consent after a contact was notified', async () => {
    // Prepare
    const deps = setup({ purposes: { customerService: { basis: 'contract' } } });
    await deps.process(text('hi'));
    const underConsent = new ConsentAdmission({ store: deps.store, data: deps.store, crmEvents: deps.crmEvents, config: parseBridgeConfig({}), clock: deps.clock, log: deps.log });
    const processUnderConsent = (event: InboundEvent) => processInboundEvent(event, { ...deps.dependencies, admission: underConsent });
    const next = text('my order is late');

    // Act
    await processUnderConsent(next);
    await processUnderConsent(text('still late'));
    await processUnderConsent(button('consent:grant'));

    // Assess
    expect(deps.outbound.messages.map((queued) => queued.purpose)).toEqual(['privacy_notice', 'privacy_notice', 'consent_request', 'consent_confirmation']);
    expect(deps.profile()).toMatchObject({ consentState: 'granted', noticeBasis: 'consent' });
    // Held while unasked, released in order by the grant.
    expect(deps.forwardedIds().slice(1)).toEqual([next.message.id, expect.any(String)]);
  });

  it('stops forwarding after an objection (STOP)', async () => {
    const deps = setup({ purposes: { customerService: { basis: 'legitimate_interest', legitimateInterest: 'Support.' } } });
    await deps.process(text('hi'));
    await deps.process(text('STOP'));
    await deps.process(text('more'));
    expect(deps.forwardedIds()).toHaveLength(1);
    expect(deps.profile()?.consentState).toBe('declined');
  });
});

describe('Class: ConsentAdmission (erasure by message)', () => {
  it('confirms, then erases: only the tombstone and a wa_id-only profile for the confirmation remain', async () => {
    // Prepare
    const deps = setup();
    await deps.process(text('hi'));
    await deps.process(button('consent:grant'));
    const request = text('Daten löschen');

    // Act
    await deps.process(request);

    // Assess
    expect(deps.outbound.messages.at(-1)).toMatchObject({ purpose: 'erasure_confirmation' });
    expect(deps.store.tombstones.get(CONTACT)).toMatchObject({ state: 'erased', channel: 'message', sourceEventId: request.eventId });
    expect(deps.store.receipts.size).toBe(0);
    expect(deps.profile()).toEqual(expect.objectContaining({ waId: WA_ID }));
    expect(deps.profile()?.consentState).toBeUndefined();
    expect(deps.crmEvents.records.at(-1)).toMatchObject({ type: 'contact.erased', contactId: CONTACT });
  });

  it('drops events of the contact that were queued before the erasure', async () => {
    const deps = setup();
    await deps.process(text('hi'));
    await deps.process(text('DELETE MY DATA'));
    const queuedBefore = text('late', '2026-11-29T09:59:00.000Z');
    const outcome = await deps.process(queuedBefore);
    expect(outcome).toBe('dropped_erased');
    expect(await deps.store.listHeld(CONTACT)).toHaveLength(0);
  });
});

describe('Method: ConsentAdmission.applyPreference', () => {
  const preference = (value: string): PreferenceEvent => ({
    v: 1, kind: 'preference', eventId: `pref:${value}`, contactId: CONTACT, phoneNumberId: '100',
    occurredAt: '2026-11-29T09:00:00.000Z', receivedAt: '2026-11-29T09:00:01.000Z', category: 'marketing_messages', value,
  });

  it('records a marketing stop with a receipt and pushes contact.consent_changed', async () => {
    const deps = setup();
    await deps.process(preference('stop'));
    expect(deps.profile()?.marketingOptOut).toBe(true);
    expect([...deps.store.receipts.values()][0]).toMatchObject({ purposes: ['marketing'], decision: 'withdrawn', evidence: { type: 'user_preferences' } });
    expect(deps.crmEvents.records.map((record) => record.type)).toEqual(['contact.preferences_changed', 'contact.consent_changed']);
    expect(deps.crmEvents.records[1]?.data).toMatchObject({ purpose: 'marketing', marketingOptOut: true });
  });

  it('clears the opt-out on resume without treating it as consent', async () => {
    const deps = setup();
    await deps.process(preference('stop'));
    await deps.process(preference('resume'));
    expect(deps.profile()?.marketingOptOut).toBe(false);
    expect(deps.store.receipts.size).toBe(1);
    expect(deps.profile()?.consentState).toBeUndefined();
  });
});
