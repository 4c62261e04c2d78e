import { describe, expect, it } from 'vitest';
import type { InboundEvent, MessageEvent } from '../../../shared/domain/inbound-event.js';
import {
  admitWithoutConsentCheck,
  processInboundEvent,
  type MessageAdmission,
} from '../../../shared/domain/processing/process-inbound-event.js';
import { contactErasedRecord } from '../../../shared/domain/consent/consent-records.js';
import { eraseContact } from '../../../shared/domain/consent/data-subject-rights.js';
import { DependencyUnavailableError } from '../../../shared/errors.js';
import { InMemoryMessageStatuses } from '../../support/in-memory-status-store.js';
import { inMemoryProcessorDependencies } from '../../support/in-memory-processor.js';

function messageEvent(overrides: Partial<MessageEvent> = {}): MessageEvent {
  return {
    v: 1,
    kind: 'message',
    eventId: 'wamid.1',
    contactId: 'C'.repeat(43),
    waId: '4915112345678',
    profileName: 'Erika Mustermann',
    phoneNumberId: '100',
    occurredAt: '2026-11-29T09:59:00.000Z',
    receivedAt: '2026-11-29T09:59:01.000Z',
    message: { id: 'wamid.1', type: 'text', timestamp: '1795946340', from: '4915112345678', text: { body: 'Hallo' } },
    ...overrides,
  };
}

function setup(admission: MessageAdmission = admitWithoutConsentCheck) {
  const { dependencies, ...doubles } = inMemoryProcessorDependencies({ admission });
  return {
    ...dependencies,
    ...doubles,
    process: (event: InboundEvent) => processInboundEvent(event, dependencies),
    /** The queue's second delivery of an event. */
    retry: (event: InboundEvent) => processInboundEvent(event, dependencies, { attempt: 2 }),
  };
}

describe('Function: processInboundEvent', () => {
  it('records the contact, queues message.received and marks the event processed', async () => {
    // Prepare
    const deps = setup();

    // Act
    const outcome = await deps.process(messageEvent());

    // Assess
    expect(outcome).toBe('processed');
    expect(deps.contacts.profiles.get('C'.repeat(43))).toMatchObject({ waId: '4915112345678', lastInboundAt: '2026-11-29T09:59:00.000Z' });
    expect(deps.crmEvents.records).toHaveLength(1);
    expect(deps.crmEvents.records[0]).toMatchObject({ type: 'message.received', contactId: 'C'.repeat(43) });
    expect(deps.processedEvents.markers.get('wamid.1')?.toISOString()).toBe('2026-11-29T11:00:00.000Z');
  });

  it('processes a redelivered event once', async () => {
    const deps = setup();
    await deps.process(messageEvent());
    const outcome = await deps.process(messageEvent());
    expect(outcome).toBe('duplicate');
    expect(deps.crmEvents.records).toHaveLength(1);
  });

  it('gives the same CRM event id to the same source event, so retries deduplicate downstream', async () => {
    const first = setup();
    const second = setup();
    await first.process(messageEvent());
    await second.process(messageEvent());
    expect(first.crmEvents.records[0]?.id).toBe(second.crmEvents.records[0]?.id);
  });

  it('does not mark the event when queueing fails, so the retry processes it', async () => {
    const deps = setup();
    deps.crmEvents.failWith = new DependencyUnavailableError('down');
    await expect(deps.process(messageEvent())).rejects.toBeInstanceOf(DependencyUnavailableError);
    expect(deps.processedEvents.markers.size).toBe(0);
    deps.crmEvents.failWith = undefined;
    await expect(deps.process(messageEvent())).resolves.toBe('processed');
    expect(deps.crmEvents.records).toHaveLength(1);
  });

  it('forwards nothing for a message the admission withholds, but still records the contact', async () => {
    const deps = setup({ admit: async () => ({ forward: [], outbound: [], crmEvents: [] }) });
    await deps.process(messageEvent());
    expect(deps.crmEvents.records).toHaveLength(0);
    expect(deps.contacts.profiles.size).toBe(1);
    expect(deps.processedEvents.markers.has('wamid.1')).toBe(true);
  });

  it('queues message.status for a status and webhook.unsupported for an unknown item', async () => {
    const deps = setup();
    await deps.process({
      v: 1, kind: 'status', eventId: 'wamid.9:read', contactId: 'C'.repeat(43), phoneNumberId: '100',
      occurredAt: '2026-11-29T09:00:00.000Z', receivedAt: '2026-11-29T09:00:01.000Z',
      status: { id: 'wamid.9', status: 'read', timestamp: '1' },
    });
    await deps.process({
      v: 1, kind: 'unsupported', eventId: 'account_update:abc', phoneNumberId: '', field: 'account_update', reason: 'unknown',
      occurredAt: '2026-11-29T09:00:00.000Z', receivedAt: '2026-11-29T09:00:01.000Z', raw: { event: 'X' },
    });
    expect(deps.crmEvents.records.map((record) => record.type)).toEqual(['message.status', 'webhook.unsupported']);
  });

  it('logs ids only, never the phone number, name or text', async () => {
    const deps = setup();
    await deps.process(messageEvent());
    await deps.process(messageEvent());
    const logged = JSON.stringify(deps.log.lines);
    expect(logged).toContain('wamid.1');
    expect(logged).not.toMatch(/4915112345678|Erika|Hallo/);
  });

  it('queues bridge messages and CRM events before settling, and settles before the marker', async () => {
    // Prepare: an admission whose settle step fails once
    let settleCalls = 0;
    const deps = setup({
      admit: async ({ event }) => ({
        forward: [event],
        outbound: [{ v: 1, replyId: 'rpl_1', contactId: event.contactId, origin: 'bridge', purpose: 'privacy_notice', content: { type: 'text', text: 'notice' }, requestedAt: event.receivedAt }],
        crmEvents: [],
        settle: async () => {
          settleCalls += 1;
          if (settleCalls === 1) throw new DependencyUnavailableError('down');
        },
      }),
    });

    // Act / Assess: the failed settle leaves no marker, so the retry runs it again
    await expect(deps.process(messageEvent())).rejects.toBeInstanceOf(DependencyUnavailableError);
    expect(deps.outbound.messages).toHaveLength(1);
    expect(deps.crmEvents.records).toHaveLength(1);
    expect(deps.processedEvents.markers.has('wamid.1')).toBe(false);
    await expect(deps.process(messageEvent())).resolves.toBe('processed');
    expect(settleCalls).toBe(2);
    expect(deps.outbound.messages).toHaveLength(1);
  });

  it('drops an event of an erased contact that was received before the erasure', async () => {
    const deps = setup();
    await deps.erasures.putTombstone({
      contactId: 'C'.repeat(43), state: 'erased', requestId: 'ers_1', requestedAt: '2026-11-29T09:59:30.000Z', erasedAt: '2026-11-29T09:59:31.000Z', channel: 'api',
    });
    expect(await deps.process(messageEvent())).toBe('dropped_erased');
    expect(deps.crmEvents.records).toHaveLength(0);
    expect(deps.contacts.profiles.size).toBe(0);
    expect(deps.processedEvents.markers.has('wamid.1')).toBe(true);
    expect(await deps.process(messageEvent({ eventId: 'wamid.2', receivedAt: '2026-11-29T10:00:00.000Z' }))).toBe('processed');
  });
});

describe('Function: processInboundEvent, an erasure while the event is processed', () => {
  const contactId = 'C'.repeat(43);

  /** Runs an erasure by API between the processor's first tombstone check and its first write. */
  function eraseJustBeforeTheFirstWrite(deps: ReturnType<typeof setup>): void {
    const recordInbound = deps.contacts.recordInbound.bind(deps.contacts);
    let erased = false;
    deps.contacts.recordInbound = async (input) => {
      if (!erased) {
        erased = true;
        await eraseContact({ contactId, channel: 'api' }, { data: deps.erasures, crmEvents: deps.crmEvents, clock: deps.clock, log: deps.log });
      }
      return recordInbound(input);
    };
  }

  it('erases what the event wrote and announces the erasure again after its CRM record', async () => {
    // Prepare: the contact is known; its next message is received at 09:59:01, erased at 10:00
    const deps = setup();
    await deps.process(messageEvent({ eventId: 'wamid.0' }));
    eraseJustBeforeTheFirstWrite(deps);

    // Act
    const outcome = await deps.process(messageEvent());

    // Assess: nothing but the tombstone is left, and the CRM's last word is contact.erased
    expect(outcome).toBe('dropped_erased');
    expect((await deps.erasures.listItems(contactId)).map((item) => item.SK)).toEqual(['ERASED']);
    const types = deps.crmEvents.records.map((record) => record.type);
    expect(types).toEqual(['message.received', 'contact.erased', 'message.received', 'contact.erased']);
    const [, run, , repeated] = deps.crmEvents.records;
    expect(repeated?.id).not.toBe(run?.id);
    expect(repeated?.data).toEqual(run?.data);
    expect(deps.processedEvents.markers.has('wamid.1')).toBe(true);
  });

  it('erases the leftovers on the retry when erasing them failed, repeating the same announcement', async () => {
    // Prepare: deleting the leftovers fails once
    const deps = setup();
    await deps.process(messageEvent({ eventId: 'wamid.0' }));
    eraseJustBeforeTheFirstWrite(deps);
    const deleteItems = deps.erasures.deleteItems.bind(deps.erasures);
    let deletions = 0;
    deps.erasures.deleteItems = async (id, sortKeys) => {
      deletions += 1;
      // The erasure run's own deletion is the first; the leftovers' the second.
      if (deletions === 2) throw new DependencyUnavailableError('DynamoDB unavailable');
      return deleteItems(id, sortKeys);
    };

    // Act
    await expect(deps.process(messageEvent())).rejects.toBeInstanceOf(DependencyUnavailableError);
    const retried = await deps.process(messageEvent());

    // Assess: the CRM may receive the repeated announcement twice, with one id it deduplicates
    expect(retried).toBe('dropped_erased');
    expect((await deps.erasures.listItems(contactId)).map((item) => item.SK)).toEqual(['ERASED']);
    const repeats = deps.crmEvents.records.slice(3);
    expect(repeats.map((record) => record.type)).toEqual(['contact.erased', 'contact.erased']);
    expect(repeats[1]?.id).toBe(repeats[0]?.id);
    expect(repeats[0]?.id).toBe(contactErasedRecord(deps.erasures.tombstones.get(contactId)!, 'wamid.1').id);
  });

  it('announces the erasure again on the retry when that failed after the erasure itself had deleted everything', async () => {
    // Prepare: the erasure runs after the event's writes (so it deletes them) but before its CRM
    // record goes out; then repeating the announcement fails once
    const deps = setup();
    await deps.process(messageEvent({ eventId: 'wamid.0' }));
    const publish = deps.crmEvents.publish.bind(deps.crmEvents);
    let erased = false;
    let repeatFailed = false;
    deps.crmEvents.publish = async (records) => {
      if (!erased && records.some((record) => record.type === 'message.received')) {
        erased = true;
        await eraseContact({ contactId, channel: 'api' }, { data: deps.erasures, crmEvents: deps.crmEvents, clock: deps.clock, log: deps.log });
      }
      const repeat = deps.erasures.tombstones.has(contactId) ? contactErasedRecord(deps.erasures.tombstones.get(contactId)!, 'wamid.1').id : undefined;
      if (!repeatFailed && records.some((record) => record.id === repeat)) {
        repeatFailed = true;
        throw new DependencyUnavailableError('SQS unavailable');
      }
      return publish(records);
    };
    await expect(deps.process(messageEvent())).rejects.toBeInstanceOf(DependencyUnavailableError);
    expect(deps.crmEvents.records.at(-1)?.type).toBe('message.received');

    // Act
    const retried = await deps.retry(messageEvent());

    // Assess: the CRM's last word is contact.erased again, with the id derived from run and event
    expect(retried).toBe('dropped_erased');
    expect((await deps.erasures.listItems(contactId)).map((item) => item.SK)).toEqual(['ERASED']);
    const last = deps.crmEvents.records.at(-1);
    expect(last?.type).toBe('contact.erased');
    expect(last?.id).toBe(contactErasedRecord(deps.erasures.tombstones.get(contactId)!, 'wamid.1').id);
  });

  it('does not announce the erasure again for a first delivery that finds nothing left', async () => {
    // Prepare: an erasure by API finished after the event was received
    const deps = setup();
    await deps.erasures.putTombstone({ contactId, state: 'erased', requestId: 'ers_1', requestedAt: '2026-11-29T09:59:30.000Z', erasedAt: '2026-11-29T09:59:31.000Z', channel: 'api' });

    // Act
    const outcome = await deps.process(messageEvent());

    // Assess
    expect(outcome).toBe('dropped_erased');
    expect(deps.crmEvents.records).toHaveLength(0);
  });

  it('keeps a recipient-only profile when dropping an event after an erasure by message', async () => {
    // Prepare: an erasure by message kept the recipient for its confirmation
    const deps = setup();
    await deps.erasures.putTombstone({ contactId, state: 'erased', requestId: 'ers_1', requestedAt: '2026-11-29T09:59:30.000Z', erasedAt: '2026-11-29T09:59:31.000Z', channel: 'message', sourceEventId: 'wamid.erase' });
    await deps.erasures.putRecipientOnlyProfile(contactId, { waId: '4915112345678', lastInboundAt: '2026-11-29T09:59:20.000Z' });

    // Act: a message received before the erasure finished
    const outcome = await deps.process(messageEvent());

    // Assess
    expect(outcome).toBe('dropped_erased');
    expect(deps.contacts.profiles.get(contactId)?.waId).toBe('4915112345678');
    expect(deps.crmEvents.records).toHaveLength(0);
  });

  it('processes the event as usual when the erasure began after its last write', async () => {
    // Prepare
    const deps = setup();
    await deps.process(messageEvent({ eventId: 'wamid.0' }));

    // Act
    const outcome = await deps.process(messageEvent());
    await eraseContact({ contactId, channel: 'api' }, { data: deps.erasures, crmEvents: deps.crmEvents, clock: deps.clock, log: deps.log });

    // Assess
    expect(outcome).toBe('processed');
    expect(deps.crmEvents.records.map((record) => record.type)).toEqual(['message.received', 'message.received', 'contact.erased']);
  });
});

describe('Function: processInboundEvent, system messages', () => {
  it('does not open the customer service window of a known contact for a system message', async () => {
    // Prepare: the contact last wrote at 09:59
    const deps = setup();
    await deps.process(messageEvent());

    // Act: WhatsApp reports a number change at 11:00
    await deps.process(
      messageEvent({
        eventId: 'wamid.sys',
        occurredAt: '2026-11-29T11:00:00.000Z',
        message: { id: 'wamid.sys', type: 'system', timestamp: '1795950000', system: { type: 'user_changed_number', body: 'changed' } },
      }),
    );

    // Assess
    expect(deps.contacts.profiles.get('C'.repeat(43))?.lastInboundAt).toBe('2026-11-29T09:59:00.000Z');
    expect(deps.processedEvents.markers.has('wamid.sys')).toBe(true);
  });
});

describe('Function: processInboundEvent, status monotonicity', () => {
  function statusEvent(wamid: string, status: string): InboundEvent {
    return {
      v: 1, kind: 'status', eventId: `${wamid}:${status}`, contactId: 'C'.repeat(43), phoneNumberId: '100',
      occurredAt: '2026-11-29T09:00:00.000Z', receivedAt: '2026-11-29T09:00:01.000Z',
      status: { id: wamid, status, timestamp: '1', recipient_id: '4915112345678' },
    };
  }

  it.each([
    [['sent', 'delivered', 'read'], ['sent', 'delivered', 'read']],
    [['read', 'delivered', 'sent'], ['read']],
    [['delivered', 'sent', 'read'], ['delivered', 'read']],
    [['sent', 'failed'], ['sent', 'failed']],
    [['failed', 'delivered'], ['failed']],
    [['read', 'played'], ['read', 'played']],
  ])('forwards %j as %j: never backwards, failed after sent kept, unknown statuses passed on', async (arrivals, forwarded) => {
    // Prepare
    const deps = { ...setup(), messageStatuses: new InMemoryMessageStatuses() };

    // Act
    for (const status of arrivals) await processInboundEvent(statusEvent('wamid.M', status), deps);

    // Assess
    expect(deps.crmEvents.records.map((record) => (record.data.status as { status: string }).status)).toEqual(forwarded);
    expect(arrivals.every((status) => deps.processedEvents.markers.has(`wamid.M:${status}`))).toBe(true);
  });

  it('logs and counts a regression, with ids only', async () => {
    const deps = { ...setup(), messageStatuses: new InMemoryMessageStatuses() };
    await processInboundEvent(statusEvent('wamid.N', 'read'), deps);
    await processInboundEvent(statusEvent('wamid.N', 'delivered'), deps);
    const line = deps.log.lines.find((entry) => entry.message === 'status regression not forwarded');
    expect(line?.attributes).toEqual({ eventId: 'wamid.N:delivered', status: 'delivered', statusRegressions: 1 });
    expect(JSON.stringify(deps.log.lines)).not.toContain('4915112345678');
  });

  it('forwards the status again when retried after a crash between the store and the queue', async () => {
    const deps = { ...setup(), messageStatuses: new InMemoryMessageStatuses() };
    deps.crmEvents.failWith = new DependencyUnavailableError('down');
    await expect(processInboundEvent(statusEvent('wamid.R', 'read'), deps)).rejects.toBeInstanceOf(DependencyUnavailableError);
    deps.crmEvents.failWith = undefined;
    await processInboundEvent(statusEvent('wamid.R', 'read'), deps);
    expect(deps.crmEvents.records).toHaveLength(1);
  });
});
