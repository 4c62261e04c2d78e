import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SQSClient } from '@aws-sdk/client-sqs';
import middy from '@middy/core';
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { DynamoDbCrmDeliveryState } from '../../shared/adapters/dynamodb-crm-delivery-state.js';
import { createDocumentClient } from '../../shared/adapters/dynamodb-store.js';
import { HttpCrmTransport } from '../../shared/adapters/http-crm-transport.js';
import { SqsQueueLocator, sqsMessageControl } from '../../shared/adapters/sqs-message-control.js';
import { crmEndpointKey, deliverCrmEvent, MAX_RETRY_DELAY_SECONDS, type DeliverCrmEventDependencies } from '../../shared/domain/crm/deliver.js';
import { CrmPushRecordSchema } from '../../shared/domain/crm/records.js';
import { createCrmTextSanitizer } from '../../shared/domain/crm/text-sanitizer.js';
import { BRIDGE_METRICS } from '../../shared/domain/metrics.js';
import type { CrmPushMessageControl, Metrics } from '../../shared/domain/ports.js';
import { flushMetrics } from '../../shared/lambda/flush-metrics.js';
import { decodeWebhookSecret } from '../../shared/domain/standard-webhooks.js';
import { loadBridgeConfig, RetryScheduleSchema } from '../../shared/config/bridge-config.js';
import { BridgeError, ConfigurationError } from '../../shared/errors.js';
import { parseQueueMessage, processFifoBatch } from '../../shared/lambda/fifo-batch.js';
import { lambdaEntry, readIntegerEnv, requireEnv, type Runtime } from '../../shared/lambda/runtime.js';
import { QUEUES } from '../../shared/resources.js';

export type CrmForwarderDependencies = DeliverCrmEventDependencies & {
  /** What the forwarder can do with a received record: postpone it, or dead-letter it now. */
  readonly controlFor: (record: SQSRecord) => CrmPushMessageControl;
  /** Counts deliveries and final failures; optional so a test can leave it out. */
  readonly metrics?: Metrics;
};

/** Thrown for a postponed record, so it and the rest of its FIFO group stay on the queue. */
class CrmDeliveryPostponedError extends BridgeError {
  public constructor(delaySeconds: number) {
    super(`CRM delivery postponed by ${delaySeconds} s`, { code: 'crm_delivery_postponed', retryable: true });
    this.name = 'CrmDeliveryPostponedError';
  }
}

/**
 * Consumes `crm-push.fifo`: delivers each event (see deliverCrmEvent). A delivered or
 * dead-lettered record is done (deleted); a postponed one is reported failed, with its visibility
 * already stretched to the retry delay, and blocks the rest of its contact's group meanwhile.
 */
export function createCrmForwarderHandler(dependencies: CrmForwarderDependencies) {
  return middy<SQSEvent, SQSBatchResponse>().use(flushMetrics(dependencies.metrics)).handler(async (event) => {
    const attempted = new Set<string>();
    const response = await processFifoBatch(
      event.Records,
      async (record) => {
        attempted.add(record.messageId);
        const control = dependencies.controlFor(record);
        let parsed;
        try {
          parsed = parseQueueMessage(record, CrmPushRecordSchema);
        } catch (error) {
          // It can never succeed: dead-letter it now, with the reason, rather than after 8 receives.
          await control.deadLetter({ code: 'invalid_record', detail: error instanceof Error ? error.message : 'invalid record' });
          dependencies.log.error('invalid crm-push record dead-lettered', { messageId: record.messageId });
          return;
        }
        const outcome = await deliverCrmEvent(parsed, control, dependencies);
        if (outcome.outcome === 'retry') throw new CrmDeliveryPostponedError(outcome.delaySeconds);
        dependencies.metrics?.count(outcome.outcome === 'delivered' ? BRIDGE_METRICS.crmDeliveries : BRIDGE_METRICS.crmDeliveryFailures);
      },
      dependencies.log,
    );
    await releaseSkippedRecords(event.Records, response, attempted, dependencies);
    return response;
  });
}

/**
 * Records skipped behind a failed one of their group are made visible again at once: the group
 * stays locked while its failed head is hidden, so order holds, and the head's retry delay (5 s
 * at first) is not stretched to the queue's visibility timeout by the records queued behind it.
 * Best effort: if it fails, they come back after the visibility timeout anyway.
 */
async function releaseSkippedRecords(
  records: readonly SQSRecord[],
  response: SQSBatchResponse,
  attempted: ReadonlySet<string>,
  dependencies: CrmForwarderDependencies,
): Promise<void> {
  const failed = new Set(response.batchItemFailures.map((failure) => failure.itemIdentifier));
  const skipped = records.filter((record) => failed.has(record.messageId) && !attempted.has(record.messageId));
  await Promise.all(
    skipped.map((record) =>
      dependencies
        .controlFor(record)
        .retryAfter(0)
        .catch(() => dependencies.log.warn('could not release a skipped record; it returns after the visibility timeout', { messageId: record.messageId })),
    ),
  );
}

/** `CRM_RETRY_SCHEDULE_SECONDS="5,300,1800"` overrides `crm.retryScheduleSeconds` (tests, rehearsals). */
function readRetrySchedule(runtime: Runtime): readonly number[] {
  const raw = runtime.env.CRM_RETRY_SCHEDULE_SECONDS;
  if (raw === undefined || raw === '') return runtime.config().crm.retryScheduleSeconds;
  // The same rule as the configuration's crm.retryScheduleSeconds.
  const schedule = RetryScheduleSchema.safeParse(raw.split(',').map((step) => Number(step.trim())));
  if (!schedule.success) {
    throw new ConfigurationError(`CRM_RETRY_SCHEDULE_SECONDS must be comma-separated whole seconds (0 to ${MAX_RETRY_DELAY_SECONDS}), got "${raw}"`);
  }
  return schedule.data;
}

export async function wireCrmForwarder(runtime: Runtime): Promise<CrmForwarderDependencies> {
  const config = runtime.config().crm;
  const url = requireEnv(runtime, 'CRM_WEBHOOK_URL');
  const secrets = await runtime.secrets.get('CRM_WEBHOOK_SECRET');
  const pseudonymizes = Object.values(config.piiActions).includes('pseudonymize');
  const sqs = runtime.sqs();
  const locator = new SqsQueueLocator(sqs, {
    ...(runtime.env[QUEUES.crmPush.urlEnv] ? { queueUrl: runtime.env[QUEUES.crmPush.urlEnv] as string } : {}),
    ...(runtime.env.CRM_PUSH_DLQ_URL ? { deadLetterQueueUrl: runtime.env.CRM_PUSH_DLQ_URL } : {}),
  });
  return {
    metrics: runtime.metrics('crm-forwarder'),
    transport: new HttpCrmTransport(url, readIntegerEnv(runtime, 'CRM_TIMEOUT_MS', 10_000)),
    // Several space-separated secrets sign together while the CRM rotates its secret.
    signingKeys: secrets.split(/\s+/).filter(Boolean).map(decodeWebhookSecret),
    clock: runtime.clock,
    log: runtime.log('crm-forwarder'),
    payloadOptions: {
      sanitize: createCrmTextSanitizer(config.piiActions, pseudonymizes ? await runtime.secrets.get('PSEUDONYM_KEY') : undefined),
      forwardProfileName: config.forwardProfileName,
      forwardPhoneNumber: config.forwardPhoneNumber,
    },
    deliveryState: new DynamoDbCrmDeliveryState(createDocumentClient(runtime.dynamoDb()), requireEnv(runtime, 'TABLE_NAME'), runtime.clock, QUEUES.crmPush.retentionSeconds),
    endpointKey: crmEndpointKey(url),
    retryScheduleSeconds: readRetrySchedule(runtime),
    controlFor: (record) => sqsMessageControl(sqs, locator, record, runtime.clock),
  };
}

export const handler = lambdaEntry(
  async (runtime) => createCrmForwarderHandler(await wireCrmForwarder(runtime)),
  { dynamoDb: () => new DynamoDBClient({}), sqs: () => new SQSClient({}), config: loadBridgeConfig },
);
