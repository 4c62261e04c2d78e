import type { Context, SQSRecord } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { createCrmForwarderHandler, type CrmForwarderDependencies } from '../../../functions/crm-forwarder/handler.js';
import { MINIMAL_PAYLOAD_OPTIONS } from '../../../shared/domain/crm/payload.js';
import type { CrmPushRecord } from '../../../shared/domain/crm/records.js';
import type { DeadLetterReason, HttpResult } from '../../../shared/domain/ports.js';
import { decodeWebhookSecret } from '../../../shared/domain/standard-webhooks.js';
import { capturingLog } from '../../support/in-memory.js';

function sqsRecord(messageId: string, group: string, body: unknown): SQSRecord {
  return {
    messageId,
    receiptHandle: `rh-${messageId}`,
    body: typeof body === 'string' ? body : JSON.stringify(body),
    attributes: { ApproximateReceiveCount: '1', SentTimestamp: '0', SenderId: 'x', ApproximateFirstReceiveTimestamp: '0', MessageGroupId: group },
    messageAttributes: {},
    md5OfBody: '',
    eventSource: 'aws:sqs',
    eventSourceARN: 'arn:aws:sqs:eu-central-1:000000000000:crm-push.fifo',
    awsRegion: 'eu-central-1',
  };
}

function crmRecord(id: string, contactId: string): CrmPushRecord {
  return { v: 1, id, type: 'message.status', occurredAt: '2026-11-29T10:00:00.000Z', contactId, data: { status: { id: `wamid.${id}`, status: 'read', timestamp: '1' } } };
}

function setup(statusFor: (body: string) => number) {
  const visibility: Record<string, number[]> = {};
  const deadLetters: Record<string, DeadLetterReason> = {};
  const dependencies: CrmForwarderDependencies = {
    transport: { post: async (request): Promise<HttpResult> => ({ status: statusFor(request.body) }) },
    signingKeys: [decodeWebhookSecret('whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw')],
    clock: { now: () => new Date() },
    log: capturingLog(),
    payloadOptions: MINIMAL_PAYLOAD_OPTIONS,
    deliveryState: {
      recordFailedAttempt: async () => 1,
      disabledEndpoint: async () => undefined,
      disableEndpoint: async () => undefined,
      enableEndpoint: async () => undefined,
    },
    endpointKey: 'ep',
    retryScheduleSeconds: [5, 300],
    controlFor: (record) => ({
      retryAfter: async (delay) => void (visibility[record.messageId] ??= []).push(delay),
      deadLetter: async (reason) => void (deadLetters[record.messageId] = reason),
    }),
  };
  return { dependencies, visibility, deadLetters };
}

describe('Function: createCrmForwarderHandler', () => {
  it('postpones a failing record, releases the records skipped behind it, and goes on with other contacts', async () => {
    // Prepare: contact A's first event meets a 503
    const { dependencies, visibility } = setup((body) => (body.includes('wamid.a1') ? 503 : 200));
    const handler = createCrmForwarderHandler(dependencies);
    const records = [sqsRecord('m1', 'A', crmRecord('a1', 'A')), sqsRecord('m2', 'A', crmRecord('a2', 'A')), sqsRecord('m3', 'B', crmRecord('b1', 'B'))];

    // Act
    const response = await handler({ Records: records }, {} as Context);

    // Assess
    expect(response.batchItemFailures.map((failure) => failure.itemIdentifier).sort()).toEqual(['m1', 'm2']);
    expect(visibility).toEqual({ m1: [5], m2: [0] });
  });

  it('dead-letters a record that breaks the contract at once, and finishes it', async () => {
    const { dependencies, deadLetters } = setup(() => 200);
    const handler = createCrmForwarderHandler(dependencies);
    const response = await handler({ Records: [sqsRecord('m1', 'A', '{"v":1}'), sqsRecord('m2', 'A', 'not json')] }, {} as Context);
    expect(response.batchItemFailures).toEqual([]);
    expect(deadLetters.m1).toMatchObject({ code: 'invalid_record' });
    expect(deadLetters.m2).toMatchObject({ code: 'invalid_record', detail: 'queue message is not JSON' });
  });

  it('finishes a record the CRM rejected with 4xx, after dead-lettering it, and delivers the next of its group', async () => {
    const delivered: string[] = [];
    const { dependencies, deadLetters } = setup((body) => {
      if (body.includes('wamid.a1')) return 422;
      delivered.push(body);
      return 200;
    });
    const handler = createCrmForwarderHandler(dependencies);
    const response = await handler({ Records: [sqsRecord('m1', 'A', crmRecord('a1', 'A')), sqsRecord('m2', 'A', crmRecord('a2', 'A'))] }, {} as Context);
    expect(response.batchItemFailures).toEqual([]);
    expect(deadLetters.m1).toMatchObject({ code: 'crm_rejected', status: 422 });
    expect(delivered).toHaveLength(1);
  });
});
