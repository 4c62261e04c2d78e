import middy from '@middy/core';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { createDocumentClient, DynamoDbContactRepository, DynamoDbProcessedEventStore } from '../../shared/adapters/dynamodb-store.js';
import { DynamoDbMessageStatusStore } from '../../shared/adapters/dynamodb-status-store.js';
import { DynamoDbReplyStore } from '../../shared/adapters/dynamodb-reply-store.js';
import { SqsCrmEventQueue } from '../../shared/adapters/sqs-fifo-queue.js';
import { InboundEventSchema } from '../../shared/domain/inbound-event.js';
import {
  admitWithoutConsentCheck,
  processInboundEvent,
  type ProcessInboundEventDependencies,
} from '../../shared/domain/processing/process-inbound-event.js';
import { parseQueueMessage, processFifoBatch } from '../../shared/lambda/fifo-batch.js';
import { lambdaEntry, readIntegerEnv, requireEnv, type Runtime } from '../../shared/lambda/runtime.js';
import { QUEUES } from '../../shared/resources.js';

/** Consumes `inbound.fifo`: one normalised event per record, partial batch failures reported. */
export function createConversationProcessorHandler(dependencies: ProcessInboundEventDependencies) {
  return middy<SQSEvent, SQSBatchResponse>().handler((event) =>
    processFifoBatch(
      event.Records,
      (record) => processInboundEvent(parseQueueMessage(record, InboundEventSchema), dependencies),
      dependencies.log,
    ),
  );
}

export async function wireConversationProcessor(runtime: Runtime): Promise<ProcessInboundEventDependencies> {
  const documents = createDocumentClient(runtime.dynamoDb());
  const tableName = requireEnv(runtime, 'TABLE_NAME');
  return {
    processedEvents: new DynamoDbProcessedEventStore(documents, tableName, runtime.clock),
    contacts: new DynamoDbContactRepository(documents, tableName, runtime.clock),
    messageStatuses: new DynamoDbMessageStatusStore(documents, tableName, runtime.clock),
    crmEvents: new SqsCrmEventQueue(runtime.sqs(), requireEnv(runtime, QUEUES.crmPush.urlEnv)),
    admission: admitWithoutConsentCheck,
    replyCorrelation: new DynamoDbReplyStore(documents, tableName, runtime.clock, runtime.config().replies.replyRecordSeconds),
    clock: runtime.clock,
    log: runtime.log('conversation-processor'),
    markerTtlSeconds: readIntegerEnv(runtime, 'EVENT_MARKER_TTL_SECONDS', runtime.config().retention.eventMarkerSeconds),
  };
}

export const handler = lambdaEntry(async (runtime) =>
  createConversationProcessorHandler(await wireConversationProcessor(runtime)),
);
