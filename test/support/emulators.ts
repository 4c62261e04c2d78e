import { randomBytes } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SQSClient } from '@aws-sdk/client-sqs';
import { localClientConfig, startDynamoDbEmulator, startSqsEmulator } from '../../local/emulators.js';
import { provisionResources, type ProvisionedResources } from '../../local/provision.js';

export interface TestEmulators {
  readonly dynamoDb: DynamoDBClient;
  readonly sqs: SQSClient;
  readonly resources: ProvisionedResources;
  stop(): Promise<void>;
}

/**
 * Starts real DynamoDB and SQS wire-protocol emulators on free ports, with the bridge's table and
 * queues provisioned under a unique prefix. Tests talk to them with the real SDK clients.
 */
export async function startTestEmulators(options: { visibilityTimeoutSeconds?: number } = {}): Promise<TestEmulators> {
  const [dynamoDbEmulator, sqsEmulator] = await Promise.all([startDynamoDbEmulator(), startSqsEmulator()]);
  const dynamoDb = new DynamoDBClient(localClientConfig(dynamoDbEmulator.endpoint));
  const sqs = new SQSClient(localClientConfig(sqsEmulator.endpoint));
  const resources = await provisionResources({ dynamoDb, sqs }, { prefix: `t${randomBytes(3).toString('hex')}-`, ...options });
  return {
    dynamoDb,
    sqs,
    resources,
    stop: async () => {
      dynamoDb.destroy();
      sqs.destroy();
      await Promise.all([dynamoDbEmulator.stop(), sqsEmulator.stop()]);
    },
  };
}
