import { DeleteMessageCommand, ReceiveMessageCommand, SendMessageBatchCommand } from '@aws-sdk/client-sqs';
import type { SQSRecord } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoDbCrmDeliveryState } from '../../shared/adapters/dynamodb-crm-delivery-state.js';
import { createDocumentClient } from '../../shared/adapters/dynamodb-store.js';
import { listDeadLetters, redriveDeadLetters } from '../../shared/adapters/sqs-dead-letters.js';
import { SqsQueueLocator, sqsMessageControl } from '../../shared/adapters/sqs-message-control.js';
import { startTestEmulators, type TestEmulators } from '../support/emulators.js';
import { fixedClock } from '../support/in-memory.js';

describe('CRM delivery adapters (against the emulators)', () => {
  let emulators: TestEmulators;

  beforeAll(async () => {
    emulators = await startTestEmulators();
  });
  afterAll(async () => {
    await emulators.stop();
  });

  async function sendTo(queueUrl: string, bodies: { id: string; group: string }[]): Promise<void> {
    await emulators.sqs.send(
      new SendMessageBatchCommand({
        QueueUrl: queueUrl,
        Entries: bodies.map((body, index) => ({
          Id: String(index),
          MessageBody: JSON.stringify({ v: 1, id: body.id, type: 'message.received' }),
          MessageGroupId: body.group,
          MessageDeduplicationId: `${body.id}-${Math.random()}`,
        })),
      }),
    );
  }

  async function drain(queueUrl: string): Promise<string[]> {
    const ids: string[] = [];
    for (;;) {
      const { Messages } = await emulators.sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, VisibilityTimeout: 60 }));
      if (!Messages?.length) return ids;
      for (const message of Messages) {
        ids.push((JSON.parse(message.Body as string) as { id: string }).id);
        await emulators.sqs.send(new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: message.ReceiptHandle }));
      }
    }
  }

  async function receiveAsRecord(queueUrl: string, queueName: string): Promise<SQSRecord> {
    const { Messages } = await emulators.sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, MessageSystemAttributeNames: ['All'], VisibilityTimeout: 60 }));
    const message = Messages?.[0];
    if (!message) throw new Error('nothing received');
    return {
      messageId: message.MessageId as string,
      receiptHandle: message.ReceiptHandle as string,
      body: message.Body as string,
      attributes: { ApproximateReceiveCount: message.Attributes?.ApproximateReceiveCount ?? '1', MessageGroupId: message.Attributes?.MessageGroupId } as SQSRecord['attributes'],
      messageAttributes: {},
      md5OfBody: '',
      eventSource: 'aws:sqs',
      eventSourceARN: `arn:aws:sqs:eu-central-1:000000000000:${queueName}`,
      awsRegion: 'eu-central-1',
    };
  }

  describe('Class: DynamoDbCrmDeliveryState', () => {
    it('counts failed attempts per event, and starts again once the counter expired', async () => {
      const clock = fixedClock('2026-11-29T10:00:00.000Z');
      const state = new DynamoDbCrmDeliveryState(createDocumentClient(emulators.dynamoDb), emulators.resources.tableName, clock, 60);
      expect(await state.recordFailedAttempt('evt_a')).toBe(1);
      expect(await state.recordFailedAttempt('evt_a')).toBe(2);
      expect(await state.recordFailedAttempt('evt_b')).toBe(1);
      clock.set('2026-11-29T10:05:00.000Z');
      expect(await state.recordFailedAttempt('evt_a')).toBe(1);
    });

    it('keeps the first disabling of an endpoint until it is enabled again', async () => {
      const state = new DynamoDbCrmDeliveryState(createDocumentClient(emulators.dynamoDb), emulators.resources.tableName, fixedClock(), 60);
      expect(await state.disabledEndpoint('ep1')).toBeUndefined();
      await state.disableEndpoint('ep1', { disabledAt: '2026-11-29T10:00:00.000Z', status: 410 });
      await state.disableEndpoint('ep1', { disabledAt: '2026-11-29T11:00:00.000Z', status: 410 });
      expect(await state.disabledEndpoint('ep1')).toEqual({ disabledAt: '2026-11-29T10:00:00.000Z', status: 410 });
      await state.enableEndpoint('ep1');
      expect(await state.disabledEndpoint('ep1')).toBeUndefined();
    });
  });

  describe('Class: DynamoDbCrmDeliveryState (enabled cache)', () => {
    it('trusts "enabled" for the cache time, sees another instance\'s flag after it, and never caches "disabled"', async () => {
      // Prepare: two forwarder instances over one table
      const clock = fixedClock('2026-11-29T10:00:00.000Z');
      const documents = createDocumentClient(emulators.dynamoDb);
      const mine = new DynamoDbCrmDeliveryState(documents, emulators.resources.tableName, clock, 60, 30);
      const other = new DynamoDbCrmDeliveryState(documents, emulators.resources.tableName, clock, 60, 30);

      // Act / Assess
      expect(await mine.disabledEndpoint('ep2')).toBeUndefined();
      await other.disableEndpoint('ep2', { disabledAt: '2026-11-29T10:00:00.000Z', status: 410 });
      expect(await mine.disabledEndpoint('ep2')).toBeUndefined();
      clock.set('2026-11-29T10:00:31.000Z');
      expect(await mine.disabledEndpoint('ep2')).toMatchObject({ status: 410 });
      await other.enableEndpoint('ep2');
      expect(await mine.disabledEndpoint('ep2')).toBeUndefined();
    });
  });

  describe('Function: sqsMessageControl', () => {
    it('dead-letters a record to the DLQ named by the redrive policy, with its group and reason', async () => {
      // Prepare
      const { queueUrls, deadLetterQueueUrls } = emulators.resources;
      const queueName = queueUrls.outbound.split('/').pop() as string;
      await sendTo(queueUrls.outbound, [{ id: 'evt_dead', group: 'contact-1' }]);
      const record = await receiveAsRecord(queueUrls.outbound, queueName);
      const control = sqsMessageControl(emulators.sqs, new SqsQueueLocator(emulators.sqs), record, fixedClock());

      // Act
      await control.deadLetter({ code: 'crm_rejected', detail: 'CRM answered HTTP 422', status: 422 });
      await control.deadLetter({ code: 'crm_rejected', detail: 'CRM answered HTTP 422', status: 422 });

      // Assess: once (deduplicated), with the reason
      const { letters } = await listDeadLetters(emulators.sqs, deadLetterQueueUrls.outbound);
      expect(letters).toEqual([
        expect.objectContaining({ eventId: 'evt_dead', type: 'message.received', reason: 'crm_rejected', status: 422, detail: 'CRM answered HTTP 422', receiveCount: 1, deadLetteredAt: '2026-11-29T10:00:00.000Z' }),
      ]);
      await drain(deadLetterQueueUrls.outbound);
      await drain(queueUrls.outbound);
    });

    it('postpones a record by changing its visibility', async () => {
      const { queueUrls } = emulators.resources;
      const queueName = queueUrls.outbound.split('/').pop() as string;
      await sendTo(queueUrls.outbound, [{ id: 'evt_later', group: 'contact-2' }]);
      const record = await receiveAsRecord(queueUrls.outbound, queueName);
      const control = sqsMessageControl(emulators.sqs, new SqsQueueLocator(emulators.sqs), record, fixedClock());

      await control.retryAfter(300);
      expect(await drain(queueUrls.outbound)).toEqual([]);
      await control.retryAfter(0);
      expect(await drain(queueUrls.outbound)).toEqual(['evt_later']);
    });
  });

  describe('Functions: listDeadLetters and redriveDeadLetters', () => {
    it('lists every letter, even behind others of its group, without losing or reordering any', async () => {
      // Prepare
      const { queueUrls, deadLetterQueueUrls } = emulators.resources;
      const letters = [
        { id: 'a1', group: 'A' },
        { id: 'b1', group: 'B' },
        { id: 'a2', group: 'A' },
        { id: 'a3', group: 'A' },
        { id: 'b2', group: 'B' },
      ];
      await sendTo(deadLetterQueueUrls.inbound, letters);

      // Act: listing twice must not disturb anything
      const first = await listDeadLetters(emulators.sqs, deadLetterQueueUrls.inbound);
      const second = await listDeadLetters(emulators.sqs, deadLetterQueueUrls.inbound);
      const replayed = await redriveDeadLetters(emulators.sqs, deadLetterQueueUrls.inbound, queueUrls.inbound);

      // Assess
      const byGroup = (ids: string[]) => ({ A: ids.filter((id) => id.startsWith('a')), B: ids.filter((id) => id.startsWith('b')) });
      expect(first.left).toBe(0);
      expect(byGroup(first.letters.map((letter) => letter.eventId))).toEqual({ A: ['a1', 'a2', 'a3'], B: ['b1', 'b2'] });
      expect(byGroup(second.letters.map((letter) => letter.eventId))).toEqual({ A: ['a1', 'a2', 'a3'], B: ['b1', 'b2'] });
      expect(first.letters.every((letter) => letter.reason === 'max_receive_count')).toBe(true);
      expect(byGroup(replayed.map((letter) => letter.eventId))).toEqual({ A: ['a1', 'a2', 'a3'], B: ['b1', 'b2'] });
      expect(byGroup(await drain(queueUrls.inbound))).toEqual({ A: ['a1', 'a2', 'a3'], B: ['b1', 'b2'] });
      expect(await drain(deadLetterQueueUrls.inbound)).toEqual([]);
    });

    it('marks a replayed message with its earlier deliveries, so a consumer sees it is no first delivery', async () => {
      // Prepare
      const { queueUrls, deadLetterQueueUrls } = emulators.resources;
      await sendTo(deadLetterQueueUrls.inbound, [{ id: 'r1', group: 'R' }]);

      // Act
      await redriveDeadLetters(emulators.sqs, deadLetterQueueUrls.inbound, queueUrls.inbound);
      const { Messages } = await emulators.sqs.send(
        new ReceiveMessageCommand({ QueueUrl: queueUrls.inbound, MessageAttributeNames: ['All'], MessageSystemAttributeNames: ['All'], VisibilityTimeout: 60 }),
      );

      // Assess
      const replayed = Messages?.[0];
      expect(Number(replayed?.MessageAttributes?.['source-receive-count']?.StringValue)).toBeGreaterThanOrEqual(1);
      await emulators.sqs.send(new DeleteMessageCommand({ QueueUrl: queueUrls.inbound, ReceiptHandle: replayed?.ReceiptHandle }));
    });
  });
});
