import { DeleteMessageCommand, ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqsFifoQueue, SqsInboundEventQueue } from '../../shared/adapters/sqs-fifo-queue.js';
import { InboundEventSchema, type MessageEvent } from '../../shared/domain/inbound-event.js';
import { DependencyUnavailableError } from '../../shared/errors.js';
import { startTestEmulators, type TestEmulators } from '../support/emulators.js';

// One pair of emulators for the file: starting them is most of its run time.
let emulators: TestEmulators;
beforeAll(async () => {
  emulators = await startTestEmulators();
});
afterAll(async () => {
  await emulators.stop();
});

describe('Class: SqsFifoQueue (against the emulator)', () => {

  async function receiveAll(queueUrl: string): Promise<string[]> {
    const bodies: string[] = [];
    for (;;) {
      const { Messages } = await emulators.sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 0, VisibilityTimeout: 60 }));
      if (!Messages?.length) return bodies;
      for (const message of Messages) {
        bodies.push(message.Body as string);
        // Deleting releases the FIFO group, so its next message can be received.
        await emulators.sqs.send(new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: message.ReceiptHandle }));
      }
    }
  }

  it('sends more than one batch worth, in order per group, and collapses duplicate keys', async () => {
    // Prepare
    const queue = new SqsFifoQueue(emulators.sqs, emulators.resources.queueUrls.crmPush);
    const messages = Array.from({ length: 23 }, (_, index) => ({ body: `m${index}`, groupId: 'g1', deduplicationKey: `k${index}` }));

    // Act
    await queue.send(messages);
    await queue.send(messages.slice(0, 5));

    // Assess
    expect(await receiveAll(emulators.resources.queueUrls.crmPush)).toEqual(messages.map((message) => message.body));
  });

  it('throws DependencyUnavailableError when the queue does not exist', async () => {
    const queue = new SqsFifoQueue(emulators.sqs, `${emulators.resources.queueUrls.inbound}-missing`);
    await expect(queue.send([{ body: 'x', groupId: 'g', deduplicationKey: 'k' }])).rejects.toBeInstanceOf(DependencyUnavailableError);
  });
});

describe('Class: SqsInboundEventQueue (against the emulator)', () => {
  it('queues an event too large for SQS as an unsupported event without its content or contact, and the rest as they are', async () => {
    // Prepare
    const queueUrl = emulators.resources.queueUrls.inbound;
    const base = { v: 1, phoneNumberId: '1000', occurredAt: '2026-11-29T10:00:00.000Z', receivedAt: '2026-11-29T10:00:01.000Z', contactId: 'c_big' } as const;
    const oversize: MessageEvent = { ...base, kind: 'message', eventId: 'message:wamid.big', message: { id: 'wamid.big', type: 'text', timestamp: '1796032800', text: { body: 'é'.repeat(200 * 1024) } } };
    const small: MessageEvent = { ...base, kind: 'message', eventId: 'message:wamid.small', message: { id: 'wamid.small', type: 'text', timestamp: '1796032801', text: { body: 'hello' } } };

    // Act
    await new SqsInboundEventQueue(emulators.sqs, queueUrl).enqueue([oversize, small]);

    // Assess
    const { Messages } = await emulators.sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 0, VisibilityTimeout: 60 }));
    const events = (Messages ?? []).map((message) => InboundEventSchema.parse(JSON.parse(message.Body as string)));
    expect(events.map((event) => [event.eventId, event.kind])).toEqual([['message:wamid.big', 'unsupported'], ['message:wamid.small', 'message']]);
    const replacement = events[0]!;
    expect(replacement).toMatchObject({ field: 'messages', raw: { droppedKind: 'message', bytes: expect.any(Number) as number, sha256: expect.stringMatching(/^[0-9a-f]{64}$/) as string } });
    expect(replacement.contactId).toBeUndefined();
    expect(JSON.stringify(replacement)).not.toContain('é');
  });
});
