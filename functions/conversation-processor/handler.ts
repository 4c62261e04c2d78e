import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SQSClient } from '@aws-sdk/client-sqs';
import middy from '@middy/core';
import { CountingCrmEventQueue } from '../../shared/adapters/counting-crm-event-queue.js';
import { BRIDGE_METRICS } from '../../shared/domain/metrics.js';
import type { Metrics } from '../../shared/domain/ports.js';
import { flushMetrics } from '../../shared/lambda/flush-metrics.js';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { createDocumentClient, DynamoDbContactRepository, DynamoDbProcessedEventStore } from '../../shared/adapters/dynamodb-store.js';
import { DynamoDbConsentStore } from '../../shared/adapters/dynamodb-consent-store.js';
import { SqsCrmEventQueue, SqsOutboundMessageQueue } from '../../shared/adapters/sqs-fifo-queue.js';
import { ConsentAdmission } from '../../shared/domain/consent/consent-admission.js';
import { DynamoDbMessageStatusStore } from '../../shared/adapters/dynamodb-status-store.js';
import { DynamoDbReplyStore } from '../../shared/adapters/dynamodb-reply-store.js';
import { InboundEventSchema } from '../../shared/domain/inbound-event.js';
import { processInboundEvent, type ProcessInboundEventDependencies } from '../../shared/domain/processing/process-inbound-event.js';
import { deliveryAttempt, parseQueueMessage, processFifoBatch } from '../../shared/lambda/fifo-batch.js';
import { loadBridgeConfig } from '../../shared/config/bridge-config.js';
import { lambdaEntry, readIntegerEnv, requireEnv, type Runtime } from '../../shared/lambda/runtime.js';
import { QUEUES } from '../../shared/resources.js';

/** Consumes `inbound.fifo`: one normalised event per record, partial batch failures reported. */
export function createConversationProcessorHandler(dependencies: ProcessInboundEventDependencies & { readonly metrics?: Metrics }) {
  return middy<SQSEvent, SQSBatchResponse>()
    .use(flushMetrics(dependencies.metrics))
    .handler((event) =>
      processFifoBatch(
        event.Records,
        async (record) => {
          const outcome = await processInboundEvent(parseQueueMessage(record, InboundEventSchema), dependencies, { attempt: deliveryAttempt(record) });
          if (outcome === 'processed') dependencies.metrics?.count(BRIDGE_METRICS.eventsProcessed);
        },
        dependencies.log,
      ),
    );
}

export async function wireConversationProcessor(runtime: Runtime): Promise<ProcessInboundEventDependencies & { readonly metrics: Metrics }> {
  const documents = createDocumentClient(runtime.dynamoDb());
  const tableName = requireEnv(runtime, 'TABLE_NAME');
  const config = runtime.config();
  const log = runtime.log('conversation-processor');
  const consentStore = new DynamoDbConsentStore(documents, tableName, runtime.clock, config.retention);
  const metrics = runtime.metrics('conversation-processor');
  const crmEvents = new CountingCrmEventQueue(new SqsCrmEventQueue(runtime.sqs(), requireEnv(runtime, QUEUES.crmPush.urlEnv)), metrics);
  return {
    metrics,
    processedEvents: new DynamoDbProcessedEventStore(documents, tableName, runtime.clock),
    contacts: new DynamoDbContactRepository(documents, tableName, runtime.clock, config.retention.conversationDataSeconds),
    messageStatuses: new DynamoDbMessageStatusStore(documents, tableName, runtime.clock),
    crmEvents,
    outbound: new SqsOutboundMessageQueue(runtime.sqs(), requireEnv(runtime, QUEUES.outbound.urlEnv)),
    admission: new ConsentAdmission({ store: consentStore, data: consentStore, crmEvents, config, clock: runtime.clock, log }),
    erasures: consentStore,
    replyCorrelation: new DynamoDbReplyStore(documents, tableName, runtime.clock, config.replies.replyRecordSeconds),
    clock: runtime.clock,
    log,
    markerTtlSeconds: readIntegerEnv(runtime, 'EVENT_MARKER_TTL_SECONDS', config.retention.eventMarkerSeconds),
  };
}

export const handler = lambdaEntry(
  async (runtime) => createConversationProcessorHandler(await wireConversationProcessor(runtime)),
  { dynamoDb: () => new DynamoDBClient({}), sqs: () => new SQSClient({}), config: loadBridgeConfig },
);
