import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoDbConsentStore } from '../../shared/adapters/dynamodb-consent-store.js';
import { createDocumentClient, DynamoDbContactRepository } from '../../shared/adapters/dynamodb-store.js';
import { eraseContact } from '../../shared/domain/consent/data-subject-rights.js';
import type { ConsentReceipt } from '../../shared/domain/consent/ports.js';
import type { MessageEvent } from '../../shared/domain/inbound-event.js';
import { ConcurrentUpdateError, DependencyUnavailableError, NotFoundError } from '../../shared/errors.js';
import { TtlSweeper } from '../../local/ttl-sweeper.js';
import { capturingLog, fixedClock, InMemoryCrmQueue } from '../support/in-memory.js';
import { startTestEmulators, type TestEmulators } from '../support/emulators.js';

const DAY = 86_400;
const RETENTION = { heldMessageSeconds: 7 * DAY, conversationDataSeconds: 365 * DAY, consentProofSeconds: 3 * 365 * DAY };
const contactId = (letter: string) => letter.repeat(43);

function heldEvent(id: string, contact: string, at: string): MessageEvent {
  return {
    v: 1, kind: 'message', eventId: id, contactId: contact, waId: '4915112345678', phoneNumberId: '100',
    occurredAt: at, receivedAt: at, message: { id, type: 'text', timestamp: '1', text: { body: 'held' } },
  };
}

function receipt(contact: string, receiptId: string, decision: ConsentReceipt['decision'] = 'granted'): ConsentReceipt {
  return {
    receiptId, contactId: contact, purposes: ['customer_service'], basis: 'consent', decision, previousState: 'notified',
    noticeVersion: 'en-1', noticeSha256: 'a'.repeat(64), language: 'en', evidence: { messageId: 'wamid.g', type: 'button_reply' },
    actedAt: '2026-11-29T10:00:00.000Z', recordedAt: '2026-11-29T10:00:01.000Z',
  };
}

describe('Class: DynamoDbConsentStore against the emulator', () => {
  let emulators: TestEmulators;
  const clock = fixedClock('2026-11-29T10:00:00.000Z');
  const build = () => {
    const documents = createDocumentClient(emulators.dynamoDb);
    const table = emulators.resources.tableName;
    return {
      documents,
      store: new DynamoDbConsentStore(documents, table, clock, RETENTION),
      contacts: new DynamoDbContactRepository(documents, table, clock, RETENTION.conversationDataSeconds),
    };
  };

  beforeAll(async () => {
    emulators = await startTestEmulators();
  });
  afterAll(async () => {
    await emulators.stop();
  });

  it('updates consent only at the expected version, with every field stored and a TTL', async () => {
    // Prepare
    const { store, contacts, documents } = build();
    const profile = await contacts.recordInbound({ contactId: contactId('A'), waId: '4915112345678', at: new Date('2026-11-29T09:00:00.000Z') });

    // Act
    const updated = await store.updateConsent(contactId('A'), profile.version, {
      consentState: 'notified', consentEventId: 'wamid.1', consentUpdatedAt: '2026-11-29T10:00:00.000Z', noticeVersion: 'de-1', noticeSha256: 'f'.repeat(64), noticeBasis: 'consent', language: 'de',
    });

    // Assess
    expect(updated).toMatchObject({ consentState: 'notified', language: 'de', noticeVersion: 'de-1', noticeBasis: 'consent', version: profile.version + 1 });
    expect(await contacts.get(contactId('A'))).toMatchObject({ consentState: 'notified', noticeBasis: 'consent' });
    await expect(
      store.updateConsent(contactId('A'), profile.version, { consentState: 'granted', consentEventId: 'wamid.2', consentUpdatedAt: '2026-11-29T10:00:00.000Z' }),
    ).rejects.toBeInstanceOf(ConcurrentUpdateError);
    const { Item } = await documents.send(new GetCommand({ TableName: emulators.resources.tableName, Key: { PK: `CONTACT#${contactId('A')}`, SK: 'PROFILE' } }));
    expect(Item?.expiresAt).toBe(Math.ceil(clock.now().getTime() / 1000) + RETENTION.conversationDataSeconds);
  });

  it('starts afresh when a contact returns after the profile expired: no old consent state', async () => {
    // Prepare: a granted profile last written 400 days ago (retention 365 days)
    const oldClock = fixedClock('2025-10-25T10:00:00.000Z');
    const documents = createDocumentClient(emulators.dynamoDb);
    const oldContacts = new DynamoDbContactRepository(documents, emulators.resources.tableName, oldClock, RETENTION.conversationDataSeconds);
    const oldStore = new DynamoDbConsentStore(documents, emulators.resources.tableName, oldClock, RETENTION);
    const old = await oldContacts.recordInbound({ contactId: contactId('G'), waId: '4915112345678', at: new Date('2025-10-25T09:00:00.000Z') });
    await oldStore.updateConsent(contactId('G'), old.version, { consentState: 'granted', consentEventId: 'wamid.old', consentUpdatedAt: '2025-10-25T10:00:00.000Z' });
    const { contacts } = build();
    expect(await contacts.get(contactId('G'))).toBeUndefined();

    // Act
    const profile = await contacts.recordInbound({ contactId: contactId('G'), waId: '4915112345678', at: new Date('2026-11-29T09:00:00.000Z') });

    // Assess
    expect(profile.consentState).toBeUndefined();
    expect(profile).toMatchObject({ lastInboundAt: '2026-11-29T09:00:00.000Z', version: 1 });
  });

  it('keeps receipts append-only: a second write of the same receipt changes nothing', async () => {
    const { store } = build();
    await store.appendReceipt(receipt(contactId('B'), '2026-11-29T10:00:00.000Z#abc'));
    await store.appendReceipt({ ...receipt(contactId('B'), '2026-11-29T10:00:00.000Z#abc'), decision: 'withdrawn' });
    const items = await store.listItems(contactId('B'));
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ SK: 'CONSENT#2026-11-29T10:00:00.000Z#abc', decision: 'granted', expiresAt: expect.any(Number) });
  });

  it('lists held messages oldest first and treats expired ones as absent', async () => {
    // Prepare: one held eight days ago (past the 7-day hold), two held now
    const { store } = build();
    const oldClock = fixedClock('2026-11-21T10:00:00.000Z');
    const oldStore = new DynamoDbConsentStore(createDocumentClient(emulators.dynamoDb), emulators.resources.tableName, oldClock, RETENTION);
    await oldStore.holdMessage({ event: heldEvent('wamid.old', contactId('C'), '2026-11-21T10:00:00.000Z'), heldAt: '2026-11-21T10:00:00.000Z' });
    await store.holdMessage({ event: heldEvent('wamid.2', contactId('C'), '2026-11-29T09:02:00.000Z'), heldAt: '2026-11-29T10:00:00.000Z' });
    await store.holdMessage({ event: heldEvent('wamid.1', contactId('C'), '2026-11-29T09:01:00.000Z'), heldAt: '2026-11-29T10:00:00.000Z' });

    // Act
    const held = await store.listHeld(contactId('C'));

    // Assess
    expect(held.map((item) => item.event.eventId)).toEqual(['wamid.1', 'wamid.2']);
    await store.deleteHeld(contactId('C'), held);
    expect(await store.listHeld(contactId('C'))).toHaveLength(0);
  });

  it('erases every item but the tombstone, resumes after a failure midway, and pushes contact.erased once per run', async () => {
    // Prepare: a profile, 30 receipts (more than one batch) and a held message
    const { store, contacts } = build();
    const contact = contactId('D');
    await contacts.recordInbound({ contactId: contact, waId: '4915112345678', at: new Date('2026-11-29T09:00:00.000Z') });
    for (let index = 0; index < 30; index += 1) await store.appendReceipt(receipt(contact, `2026-11-29T10:00:${String(index).padStart(2, '0')}.000Z#r`));
    await store.holdMessage({ event: heldEvent('wamid.h', contact, '2026-11-29T09:05:00.000Z'), heldAt: '2026-11-29T10:00:00.000Z' });
    const crmEvents = new InMemoryCrmQueue();
    const failing = Object.create(store) as DynamoDbConsentStore;
    let deleteCalls = 0;
    failing.deleteItems = async (id, sortKeys) => {
      deleteCalls += 1;
      // The first run deletes one batch, then the table "fails".
      await store.deleteItems(id, sortKeys.slice(0, 25));
      throw new DependencyUnavailableError('table unavailable');
    };

    // Act 1: the run fails midway
    await expect(eraseContact({ contactId: contact, channel: 'api' }, { data: failing, crmEvents, clock, log: capturingLog() })).rejects.toBeInstanceOf(DependencyUnavailableError);

    // Assess 1: the tombstone says "erasing"; some items are left; nothing pushed yet
    const interrupted = await store.getTombstone(contact);
    expect(interrupted?.state).toBe('erasing');
    expect((await store.listItems(contact)).length).toBeGreaterThan(1);
    expect(crmEvents.records).toHaveLength(0);

    // Act 2: the retry resumes the same run
    const result = await eraseContact({ contactId: contact, channel: 'api' }, { data: store, crmEvents, clock, log: capturingLog() });

    // Assess 2
    expect(deleteCalls).toBe(1);
    expect(result.tombstone).toMatchObject({ state: 'erased', requestId: interrupted?.requestId });
    const left = await store.listItems(contact);
    expect(left.map((item) => item.SK)).toEqual(['ERASED']);
    expect(left[0]).toMatchObject({ state: 'erased', expiresAt: expect.any(Number) });
    expect(crmEvents.records).toHaveLength(1);
    expect(crmEvents.records[0]).toMatchObject({ type: 'contact.erased', contactId: contact });

    // Act 3: erasing again is a no-op
    const again = await eraseContact({ contactId: contact, channel: 'api' }, { data: store, crmEvents, clock, log: capturingLog() });
    expect(again.erasedNow).toBe(false);
    expect(crmEvents.records).toHaveLength(1);
  });

  it('links contacts of a number change both ways, once, with the longest retention, and erases across the link', async () => {
    // Prepare
    const { store, contacts, documents } = build();
    const [before, after] = [contactId('L'), contactId('M')];
    await contacts.recordInbound({ contactId: before, waId: '4915112345678', phoneNumberId: '100', at: new Date('2026-11-29T09:00:00.000Z') });
    await store.appendReceipt(receipt(before, 'r-link'));
    await contacts.recordInbound({ contactId: after, waId: '4917698765432', phoneNumberId: '100', at: new Date('2026-11-29T09:30:00.000Z') });
    const link = { previousContactId: before, nextContactId: after, changedAt: '2026-11-29T09:20:00.000Z', evidenceMessageId: 'wamid.change' };

    // Act
    await store.linkContacts(link);
    await store.linkContacts(link);
    const linkItem = await documents.send(new GetCommand({ TableName: emulators.resources.tableName, Key: { PK: `CONTACT#${after}`, SK: `PREVIOUS#${before}` } }));
    const crmEvents = new InMemoryCrmQueue();
    await eraseContact({ contactId: after, channel: 'api' }, { data: store, crmEvents, clock, log: capturingLog() });

    // Assess
    expect(linkItem.Item).toMatchObject({ linkedContactId: before, evidenceMessageId: 'wamid.change', expiresAt: Math.floor(clock.now().getTime() / 1000) + RETENTION.consentProofSeconds });
    expect((await store.listItems(before)).map((item) => item.SK)).toEqual(['ERASED']);
    expect((await store.listItems(after)).map((item) => item.SK)).toEqual(['ERASED']);
    expect(crmEvents.records.map((record) => record.contactId).sort()).toEqual([before, after].sort());
  });

  it('refuses to erase a contact it knows nothing about', async () => {
    const { store } = build();
    await expect(
      eraseContact({ contactId: contactId('E'), channel: 'api' }, { data: store, crmEvents: new InMemoryCrmQueue(), clock, log: capturingLog() }),
    ).rejects.toBeInstanceOf(NotFoundError);
    expect(await store.getTombstone(contactId('E'))).toBeUndefined();
  });

  it('sweeps expired items and leaves live ones (the local stand-in for DynamoDB TTL)', async () => {
    // Prepare: a held message from eight days ago and one from now
    const { store } = build();
    const oldStore = new DynamoDbConsentStore(createDocumentClient(emulators.dynamoDb), emulators.resources.tableName, fixedClock('2026-11-21T10:00:00.000Z'), RETENTION);
    await oldStore.holdMessage({ event: heldEvent('wamid.x', contactId('F'), '2026-11-21T10:00:00.000Z'), heldAt: '2026-11-21T10:00:00.000Z' });
    await store.holdMessage({ event: heldEvent('wamid.y', contactId('F'), '2026-11-29T10:00:00.000Z'), heldAt: '2026-11-29T10:00:00.000Z' });
    const sweeper = new TtlSweeper({ dynamoDb: emulators.dynamoDb, tableName: emulators.resources.tableName, clock, log: capturingLog(), intervalMs: 60_000 });

    // Act
    const deleted = await sweeper.sweep();

    // Assess
    expect(deleted).toBeGreaterThanOrEqual(1);
    const { Item } = await build().documents.send(
      new GetCommand({ TableName: emulators.resources.tableName, Key: { PK: `CONTACT#${contactId('F')}`, SK: 'HELD#2026-11-21T10:00:00.000Z#wamid.x' } }),
    );
    expect(Item).toBeUndefined();
    expect((await store.listHeld(contactId('F'))).map((held) => held.event.eventId)).toEqual(['wamid.y']);
  });
});
