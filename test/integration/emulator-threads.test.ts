import { CreateTableCommand, DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { ListQueuesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { describe, expect, it } from 'vitest';
import { localClientConfig, startDynamoDbEmulator, startSqsEmulator } from '../../local/emulators.js';

describe('Function: startDynamoDbEmulator / startSqsEmulator (emulators on their own threads)', () => {
  it('serves the SDK clients, stops idempotently and starts again on the same port, empty', async () => {
    // Prepare
    const dynamoDbEmulator = await startDynamoDbEmulator();
    const dynamoDb = new DynamoDBClient(localClientConfig(dynamoDbEmulator.endpoint));
    await dynamoDb.send(
      new CreateTableCommand({
        TableName: 'threads',
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [{ AttributeName: 'PK', AttributeType: 'S' }],
        KeySchema: [{ AttributeName: 'PK', KeyType: 'HASH' }],
      }),
    );
    const port = Number(new URL(dynamoDbEmulator.endpoint).port);

    // Act
    await Promise.all([dynamoDbEmulator.stop(), dynamoDbEmulator.stop()]);
    const restarted = await startDynamoDbEmulator(port);

    // Assess
    try {
      expect(restarted.endpoint).toBe(dynamoDbEmulator.endpoint);
      expect((await dynamoDb.send(new ListTablesCommand({}))).TableNames).toEqual([]);
    } finally {
      dynamoDb.destroy();
      await restarted.stop();
    }
  });

  it('refuses a port in use with a clear error, and the running emulator keeps serving', async () => {
    // Prepare
    const sqsEmulator = await startSqsEmulator();
    const sqs = new SQSClient(localClientConfig(sqsEmulator.endpoint));
    const port = Number(new URL(sqsEmulator.endpoint).port);

    try {
      // Act
      const second = startSqsEmulator(port);

      // Assess
      await expect(second).rejects.toThrow(/sqs emulator did not start: .*EADDRINUSE/);
      expect((await sqs.send(new ListQueuesCommand({}))).QueueUrls ?? []).toEqual([]);
    } finally {
      sqs.destroy();
      await sqsEmulator.stop();
    }
  });
});
