import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SQSClient } from '@aws-sdk/client-sqs';
import middy from '@middy/core';
import { CountingCrmEventQueue } from '../../shared/adapters/counting-crm-event-queue.js';
import { flushMetrics } from '../../shared/lambda/flush-metrics.js';
import type { Metrics } from '../../shared/domain/ports.js';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { createDocumentClient } from '../../shared/adapters/dynamodb-store.js';
import { DynamoDbRecipientDirectory, DynamoDbReplyStore } from '../../shared/adapters/dynamodb-reply-store.js';
import { GraphApiClient } from '../../shared/adapters/graph-api-client.js';
import { SqsCrmEventQueue } from '../../shared/adapters/sqs-fifo-queue.js';
import { SqsRedelivery } from '../../shared/adapters/sqs-redelivery.js';
import { OutboundMessageSchema } from '../../shared/domain/outbound-message.js';
import { systemClock } from '../../shared/domain/ports.js';
import { PairSpacer, realSleep, TokenBucket } from '../../shared/domain/replies/rate-shaping.js';
import { sendReply, type SendReplyDependencies } from '../../shared/domain/replies/send-reply.js';
import { parseQueueMessage, processFifoBatch } from '../../shared/lambda/fifo-batch.js';
import { loadBridgeConfig } from '../../shared/config/bridge-config.js';
import { lambdaEntry, requireEnv, type Runtime } from '../../shared/lambda/runtime.js';
import { QUEUES } from '../../shared/resources.js';

export type ReplySenderDependencies = SendReplyDependencies & {
  readonly redelivery: { delay(receiptHandle: string, seconds: number): Promise<void> };
  /** Flushed after each batch; the replies metrics are counted by the CRM event queue. */
  readonly metrics?: Metrics;
};

/** Consumes `outbound.fifo`: one reply per record, retries by visibility backoff, partial batch failures. */
export function createReplySenderHandler(dependencies: ReplySenderDependencies) {
  return middy<SQSEvent, SQSBatchResponse>().use(flushMetrics(dependencies.metrics)).handler((event) =>
    processFifoBatch(
      event.Records,
      (record) =>
        sendReply(
          parseQueueMessage(record, OutboundMessageSchema),
          {
            attempt: Number(record.attributes.ApproximateReceiveCount) || 1,
            delayRedelivery: (seconds) => dependencies.redelivery.delay(record.receiptHandle, seconds),
          },
          dependencies,
        ),
      dependencies.log,
    ),
  );
}

/** Builds the handler's dependencies from the runtime (environment, secrets, clients). */
export async function wireReplySender(runtime: Runtime): Promise<ReplySenderDependencies> {
  const config = runtime.config();
  const replies = config.replies;
  const documents = createDocumentClient(runtime.dynamoDb());
  const tableName = requireEnv(runtime, 'TABLE_NAME');
  // Each concurrent sender takes its share of the number's throughput.
  const ratePerSecond = replies.throughputPerSecond / replies.senderConcurrency;
  const defaultPhoneNumberId = runtime.env.WHATSAPP_PHONE_NUMBER_ID;
  const metrics = runtime.metrics('reply-sender');
  return {
    metrics,
    replies: new DynamoDbReplyStore(documents, tableName, runtime.clock, replies.replyRecordSeconds),
    recipients: new DynamoDbRecipientDirectory(documents, tableName, runtime.clock),
    messenger: new GraphApiClient({
      baseUrl: requireEnv(runtime, 'GRAPH_API_BASE_URL'),
      version: replies.graphApiVersion,
      accessToken: await runtime.secrets.get('WHATSAPP_ACCESS_TOKEN'),
      timeoutMs: replies.graphTimeoutMs,
    }),
    // reply.sent / reply.rejected / reply.failed all pass here: the replies metrics count them.
    crmEvents: new CountingCrmEventQueue(new SqsCrmEventQueue(runtime.sqs(), requireEnv(runtime, QUEUES.crmPush.urlEnv)), metrics),
    redelivery: new SqsRedelivery(runtime.sqs(), requireEnv(runtime, QUEUES.outbound.urlEnv)),
    policy: {
      customerServiceBasis: config.purposes.customerService.basis,
      serviceWindowHours: replies.serviceWindowHours,
      referralWindowHours: replies.referralWindowHours,
    },
    // Pacing is about real time, whatever clock decides policy.
    throughput: new TokenBucket(ratePerSecond, Math.max(1, Math.floor(ratePerSecond)), systemClock, realSleep),
    pairSpacing: new PairSpacer(replies.pairSpacingMs, systemClock, realSleep),
    ...(defaultPhoneNumberId ? { defaultPhoneNumberId } : {}),
    markAsRead: replies.markAsRead,
    attemptLeaseSeconds: Math.ceil((replies.graphTimeoutMs * 2 + replies.pairSpacingMs) / 1000) + 5,
    retry: { baseSeconds: replies.retryBaseSeconds, maxSeconds: replies.retryMaxSeconds, maxAttempts: QUEUES.outbound.maxReceiveCount },
    clock: runtime.clock,
    log: runtime.log('reply-sender'),
  };
}

export const handler = lambdaEntry(
  async (runtime) => createReplySenderHandler(await wireReplySender(runtime)),
  { dynamoDb: () => new DynamoDBClient({}), sqs: () => new SQSClient({}), config: loadBridgeConfig },
);
