import middy from '@middy/core';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { HttpCrmTransport } from '../../shared/adapters/http-crm-transport.js';
import { deliverCrmEvent, type DeliverCrmEventDependencies } from '../../shared/domain/crm/deliver.js';
import { CrmPushRecordSchema } from '../../shared/domain/crm/records.js';
import type { Log } from '../../shared/domain/ports.js';
import { decodeWebhookSecret } from '../../shared/domain/standard-webhooks.js';
import { parseQueueMessage, processFifoBatch } from '../../shared/lambda/fifo-batch.js';
import { lambdaEntry, readIntegerEnv, requireEnv, type Runtime } from '../../shared/lambda/runtime.js';

export type CrmForwarderDependencies = DeliverCrmEventDependencies & { readonly log: Log };

/** Consumes `crm-push.fifo`: signs and POSTs each event to the CRM; failures are retried by SQS. */
export function createCrmForwarderHandler(dependencies: CrmForwarderDependencies) {
  return middy<SQSEvent, SQSBatchResponse>().handler((event) =>
    processFifoBatch(
      event.Records,
      (record) => deliverCrmEvent(parseQueueMessage(record, CrmPushRecordSchema), dependencies),
      dependencies.log,
    ),
  );
}

export async function wireCrmForwarder(runtime: Runtime): Promise<CrmForwarderDependencies> {
  const secrets = await runtime.secrets.get('CRM_WEBHOOK_SECRET');
  return {
    transport: new HttpCrmTransport(requireEnv(runtime, 'CRM_WEBHOOK_URL'), readIntegerEnv(runtime, 'CRM_TIMEOUT_MS', 10_000)),
    // Several space-separated secrets sign together while the CRM rotates its secret.
    signingKeys: secrets.split(/\s+/).filter(Boolean).map(decodeWebhookSecret),
    clock: runtime.clock,
    log: runtime.log('crm-forwarder'),
  };
}

export const handler = lambdaEntry(async (runtime) => createCrmForwarderHandler(await wireCrmForwarder(runtime)));
