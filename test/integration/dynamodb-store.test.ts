import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDocumentClient, DynamoDbContactRepository, DynamoDbProcessedEventStore } from '../../shared/adapters/dynamodb-store.js';
import { fixedClock } from '../support/in-memory.js';
import { startTestEmulators, type TestEmulators } from '../support/emulators.js';

describe('DynamoDB adapters against the emulator', () => {
  let emulators: TestEmulators;
  const clock = fixedClock('2026-11-29T10:00:00.000Z');

  beforeAll(async () => {
    emulators = await startTestEmulators();
  });
  afterAll(async () => {
    await emulators.stop();
  });

  describe('Class: DynamoDbProcessedEventStore', () => {
    it('reports an event processed once marked, and keeps the first marker', async () => {
      // Prepare
      const store = new DynamoDbProcessedEventStore(createDocumentClient(emulators.dynamoDb), emulators.resources.tableName, clock);

      // Act / Assess
      expect(await store.isProcessed('wamid.A')).toBe(false);
      await store.markProcessed('wamid.A', new Date('2026-12-13T10:00:00.000Z'));
      await store.markProcessed('wamid.A', new Date('2027-01-01T00:00:00.000Z'));
      expect(await store.isProcessed('wamid.A')).toBe(true);
    });

    it('treats an expired marker as absent (TTL deletion is lazy)', async () => {
      const store = new DynamoDbProcessedEventStore(createDocumentClient(emulators.dynamoDb), emulators.resources.tableName, clock);
      await store.markProcessed('wamid.B', new Date('2026-11-29T09:00:00.000Z'));
      expect(await store.isProcessed('wamid.B')).toBe(false);
      await store.markProcessed('wamid.B', new Date('2026-12-01T00:00:00.000Z'));
      expect(await store.isProcessed('wamid.B')).toBe(true);
    });
  });

  describe('Class: DynamoDbContactRepository', () => {
    it('creates a profile on the first message and bumps its version after', async () => {
      const contacts = new DynamoDbContactRepository(createDocumentClient(emulators.dynamoDb), emulators.resources.tableName, clock);
      const first = await contacts.recordInbound({ contactId: 'c1', waId: '4915112345678', at: new Date('2026-11-29T09:00:00.000Z') });
      const second = await contacts.recordInbound({ contactId: 'c1', waId: '4915112345678', at: new Date('2026-11-29T09:30:00.000Z') });
      expect(first).toMatchObject({ contactId: 'c1', waId: '4915112345678', version: 1, lastInboundAt: '2026-11-29T09:00:00.000Z' });
      expect(second).toMatchObject({ version: 2, lastInboundAt: '2026-11-29T09:30:00.000Z', createdAt: first.createdAt });
      expect(await contacts.get('c1')).toEqual(second);
    });

    it('never moves lastInboundAt backwards when messages arrive out of order', async () => {
      const contacts = new DynamoDbContactRepository(createDocumentClient(emulators.dynamoDb), emulators.resources.tableName, clock);
      await contacts.recordInbound({ contactId: 'c2', waId: '1', at: new Date('2026-11-29T09:30:00.000Z') });
      const late = await contacts.recordInbound({ contactId: 'c2', waId: '1', at: new Date('2026-11-29T09:00:00.000Z') });
      expect(late.lastInboundAt).toBe('2026-11-29T09:30:00.000Z');
      expect(late.version).toBe(2);
    });

    it('returns undefined for an unknown contact', async () => {
      const contacts = new DynamoDbContactRepository(createDocumentClient(emulators.dynamoDb), emulators.resources.tableName, clock);
      expect(await contacts.get('nobody')).toBeUndefined();
    });
  });
});
