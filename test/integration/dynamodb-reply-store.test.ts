import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoDbIdempotencyStore, DynamoDbRecipientDirectory, DynamoDbReplyStore } from '../../shared/adapters/dynamodb-reply-store.js';
import { createDocumentClient, DynamoDbContactRepository } from '../../shared/adapters/dynamodb-store.js';
import { fixedClock } from '../support/in-memory.js';
import { startTestEmulators, type TestEmulators } from '../support/emulators.js';

describe('Replies adapters against the DynamoDB emulator', () => {
  let emulators: TestEmulators;
  const clock = fixedClock('2026-11-29T10:00:00.000Z');

  beforeAll(async () => {
    emulators = await startTestEmulators();
  });
  afterAll(async () => {
    await emulators.stop();
  });

  const documents = () => createDocumentClient(emulators.dynamoDb);
  const store = () => new DynamoDbReplyStore(documents(), emulators.resources.tableName, clock, 30 * 86_400);

  describe('Class: DynamoDbReplyStore', () => {
    it('begins attempts until the reply is final, then answers the final record', async () => {
      // Prepare
      const replies = store();

      // Act
      const first = await replies.beginAttempt('c1', 'rpl_a', 30);
      await replies.recordRetry('c1', 'rpl_a', 130429);
      const second = await replies.beginAttempt('c1', 'rpl_a', 30);
      await replies.markSent('c1', 'rpl_a', 'wamid.A');
      const third = await replies.beginAttempt('c1', 'rpl_a', 30);

      // Assess
      expect(first).toEqual({ begun: true });
      expect(second).toMatchObject({ begun: true, previous: { state: 'sending', attempts: 1, inFlight: false, errorCode: 130429 } });
      expect(third).toMatchObject({ begun: false, record: { state: 'sent', wamid: 'wamid.A', attempts: 2 } });
      expect(await replies.findReplyId('c1', 'wamid.A')).toBe('rpl_a');
      expect(await replies.findReplyId('c2', 'wamid.A')).toBeUndefined();
    });

    it('refuses a second attempt within the lease of a running one, and allows it after', async () => {
      const replies = store();
      await replies.beginAttempt('c1', 'rpl_b', 30);
      expect(await replies.beginAttempt('c1', 'rpl_b', 30)).toMatchObject({ begun: false, record: { state: 'sending', inFlight: true, attemptStartedAt: '2026-11-29T10:00:00.000Z' } });
      // The attempt died: once its lease has run out, the next delivery may send again.
      clock.set('2026-11-29T10:01:00.000Z');
      expect(await replies.beginAttempt('c1', 'rpl_b', 30)).toMatchObject({ begun: true, previous: { inFlight: true } });
      clock.set('2026-11-29T10:00:00.000Z');
    });

    it('keeps rejected and failed replies final with their reason and code', async () => {
      const replies = store();
      await replies.beginAttempt('c1', 'rpl_c', 30);
      await replies.markRejected('c1', 'rpl_c', 'outside_service_window');
      await replies.beginAttempt('c1', 'rpl_d', 30);
      await replies.markFailed('c1', 'rpl_d', { reason: 'graph_error', errorCode: 131047 });
      expect(await replies.beginAttempt('c1', 'rpl_c', 30)).toMatchObject({ begun: false, record: { state: 'rejected', reason: 'outside_service_window' } });
      expect(await replies.beginAttempt('c1', 'rpl_d', 30)).toMatchObject({ begun: false, record: { state: 'failed', errorCode: 131047 } });
    });
  });

  describe('Class: DynamoDbIdempotencyStore', () => {
    it('keeps the first entry of a key and replaces an expired one', async () => {
      const keys = new DynamoDbIdempotencyStore(documents(), emulators.resources.tableName, clock);
      const later = new Date('2026-11-30T10:00:00.000Z');
      expect(await keys.claim('h1', { replyId: 'rpl_1', fingerprint: 'f1' }, later)).toEqual({ entry: { replyId: 'rpl_1', fingerprint: 'f1' }, created: true });
      expect(await keys.claim('h1', { replyId: 'rpl_2', fingerprint: 'f2' }, later)).toEqual({ entry: { replyId: 'rpl_1', fingerprint: 'f1' }, created: false });
      await keys.claim('h2', { replyId: 'rpl_3', fingerprint: 'f3' }, new Date('2026-11-29T09:00:00.000Z'));
      expect(await keys.claim('h2', { replyId: 'rpl_4', fingerprint: 'f4' }, later)).toMatchObject({ created: true, entry: { replyId: 'rpl_4' } });
    });
  });

  describe('Class: DynamoDbRecipientDirectory', () => {
    it('reads the profile with its business number and the erasure tombstone, and records an opt-out', async () => {
      // Prepare: a profile written by the processor, a tombstone written by the privacy API
      const contacts = new DynamoDbContactRepository(documents(), emulators.resources.tableName, clock);
      await contacts.recordInbound({ contactId: 'c9', waId: '4915100000009', phoneNumberId: 'pn-9', at: new Date('2026-11-29T09:00:00.000Z') });
      const directory = new DynamoDbRecipientDirectory(documents(), emulators.resources.tableName, clock);

      // Act
      await directory.recordMarketingOptOut('c9');
      await directory.recordMarketingOptOut('never-seen');
      const found = await directory.find('c9');
      await documents().send(new PutCommand({ TableName: emulators.resources.tableName, Item: { PK: 'CONTACT#c9', SK: 'ERASED', state: 'erased', erasedAt: '2026-11-29T09:00:00.000Z' } }));

      // Assess
      expect(found.erasure).toBeUndefined();
      expect(found).toMatchObject({ profile: { waId: '4915100000009', phoneNumberId: 'pn-9', marketingOptOut: true } });
      expect((await directory.find('c9')).erasure).toEqual({ state: 'erased', erasedAt: '2026-11-29T09:00:00.000Z' });
      // A later message from a click-to-WhatsApp ad opens the 72-hour window.
      await contacts.recordInbound({ contactId: 'c9', waId: '4915100000009', phoneNumberId: 'pn-9', fromReferral: true, at: new Date('2026-11-29T09:30:00.000Z') });
      expect((await directory.find('c9')).profile?.lastReferralAt).toBe('2026-11-29T09:30:00.000Z');
      expect(await directory.find('never-seen')).toEqual({});
    });
  });
});
