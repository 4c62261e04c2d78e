import { CreateTableCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { CreateQueueCommand, GetQueueAttributesCommand, type SQSClient } from '@aws-sdk/client-sqs';
import {
  QUEUES,
  TABLE,
  deadLetterQueueName,
  fifoQueueName,
  type QueueDefinition,
  type QueueKey,
} from '../shared/resources.js';

export interface ProvisionedResources {
  readonly tableName: string;
  readonly queueUrls: Readonly<Record<QueueKey, string>>;
  readonly deadLetterQueueUrls: Readonly<Record<QueueKey, string>>;
}

export interface ProvisionOptions {
  /** Prefix for every resource name (tests use one per run). */
  readonly prefix?: string;
  /** Overrides each queue's visibility timeout, so local retries come in seconds, not minutes. */
  readonly visibilityTimeoutSeconds?: number;
}

/** Creates the table and the queues (with their DLQs) from the shared definitions. */
export async function provisionResources(
  clients: { dynamoDb: DynamoDBClient; sqs: SQSClient },
  options: ProvisionOptions = {},
): Promise<ProvisionedResources> {
  const prefix = options.prefix ?? '';
  const tableName = `${prefix}${TABLE.logicalName}`;
  await clients.dynamoDb.send(
    new CreateTableCommand({
      TableName: tableName,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [
        { AttributeName: TABLE.partitionKey, AttributeType: 'S' },
        { AttributeName: TABLE.sortKey, AttributeType: 'S' },
      ],
      KeySchema: [
        { AttributeName: TABLE.partitionKey, KeyType: 'HASH' },
        { AttributeName: TABLE.sortKey, KeyType: 'RANGE' },
      ],
    }),
  );
  const queueUrls = {} as Record<QueueKey, string>;
  const deadLetterQueueUrls = {} as Record<QueueKey, string>;
  for (const queue of Object.values(QUEUES)) {
    const created = await createQueueWithDeadLetterQueue(clients.sqs, queue, prefix, options.visibilityTimeoutSeconds);
    queueUrls[queue.key] = created.queueUrl;
    deadLetterQueueUrls[queue.key] = created.deadLetterQueueUrl;
  }
  return { tableName, queueUrls, deadLetterQueueUrls };
}

/**
 * Creates one queue and its dead-letter queue (idempotent for equal attributes). Also used to
 * re-provision a restarted SQS emulator in the reliability tests.
 */
export async function createQueueWithDeadLetterQueue(
  sqs: SQSClient,
  queue: QueueDefinition,
  prefix: string,
  visibilityTimeoutSeconds: number | undefined,
): Promise<{ queueUrl: string; deadLetterQueueUrl: string }> {
  const dlq = await sqs.send(
    new CreateQueueCommand({
      QueueName: deadLetterQueueName(queue, prefix),
      Attributes: { FifoQueue: 'true', MessageRetentionPeriod: String(queue.retentionSeconds) },
    }),
  );
  const deadLetterQueueUrl = dlq.QueueUrl as string;
  const { Attributes } = await sqs.send(
    new GetQueueAttributesCommand({ QueueUrl: deadLetterQueueUrl, AttributeNames: ['QueueArn'] }),
  );
  const main = await sqs.send(
    new CreateQueueCommand({
      QueueName: fifoQueueName(queue, prefix),
      Attributes: {
        FifoQueue: 'true',
        VisibilityTimeout: String(visibilityTimeoutSeconds ?? queue.visibilityTimeoutSeconds),
        MessageRetentionPeriod: String(queue.retentionSeconds),
        RedrivePolicy: JSON.stringify({ deadLetterTargetArn: Attributes?.QueueArn, maxReceiveCount: queue.maxReceiveCount }),
      },
    }),
  );
  return { queueUrl: main.QueueUrl as string, deadLetterQueueUrl };
}
