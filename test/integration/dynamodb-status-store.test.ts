import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDocumentClient } from '../../shared/adapters/dynamodb-store.js';
import { DynamoDbMessageStatusStore } from '../../shared/adapters/dynamodb-status-store.js';
import { statusRank } from '../../shared/domain/processing/status-order.js';
import { fixedClock } from '../support/in-memory.js';
import { startTestEmulators, type TestEmulators } from '../support/emulators.js';

describe('Class: DynamoDbMessageStatusStore (against the emulator)', () => {
  let emulators: TestEmulators;
  const clock = fixedClock('2026-11-29T10:00:00.000Z');
  const advance = (store: DynamoDbMessageStatusStore, messageId: string, status: string) =>
    store.advance({ messageId, status, rank: statusRank(status) as number });

  beforeAll(async () => {
    emulators = await startTestEmulators();
  });
  afterAll(async () => {
    await emulators.stop();
  });

  it('lets statuses move forward and refuses a regression (read, then delivered)', async () => {
    // Prepare
    const store = new DynamoDbMessageStatusStore(createDocumentClient(emulators.dynamoDb), emulators.resources.tableName, clock);

    // Act / Assess
    expect(await advance(store, 'wamid.S1', 'sent')).toBe(true);
    expect(await advance(store, 'wamid.S1', 'read')).toBe(true);
    expect(await advance(store, 'wamid.S1', 'delivered')).toBe(false);
    expect(await advance(store, 'wamid.S1', 'sent')).toBe(false);
    expect(await advance(store, 'wamid.S1', 'read')).toBe(true);
  });

  it('keeps failed after sent, and refuses a late delivered after failed', async () => {
    const store = new DynamoDbMessageStatusStore(createDocumentClient(emulators.dynamoDb), emulators.resources.tableName, clock);
    expect(await advance(store, 'wamid.S2', 'sent')).toBe(true);
    expect(await advance(store, 'wamid.S2', 'failed')).toBe(true);
    expect(await advance(store, 'wamid.S2', 'delivered')).toBe(false);
  });

  it('stores MESSAGE#<wamid>/STATUS with rank and a 30-day TTL, and treats an expired item as absent', async () => {
    const documents = createDocumentClient(emulators.dynamoDb);
    const store = new DynamoDbMessageStatusStore(documents, emulators.resources.tableName, clock);
    await advance(store, 'wamid.S3', 'read');
    const { Item } = await documents.send(new GetCommand({ TableName: emulators.resources.tableName, Key: { PK: 'MESSAGE#wamid.S3', SK: 'STATUS' } }));
    expect(Item).toMatchObject({ rank: 3, status: 'read', expiresAt: Date.parse('2026-12-29T10:00:00.000Z') / 1000 });

    const later = fixedClock('2026-12-30T10:00:00.000Z');
    const afterExpiry = new DynamoDbMessageStatusStore(documents, emulators.resources.tableName, later);
    expect(await advance(afterExpiry, 'wamid.S3', 'sent')).toBe(true);
  });
});
