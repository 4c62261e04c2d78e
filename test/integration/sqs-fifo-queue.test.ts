import { DeleteMessageCommand, ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqsFifoQueue } from '../../shared/adapters/sqs-fifo-queue.js';
import { DependencyUnavailableError } from '../../shared/errors.js';
import { startTestEmulators, type TestEmulators } from '../support/emulators.js';

describe('Class: SqsFifoQueue (against the emulator)', () => {
  let emulators: TestEmulators;

  beforeAll(async () => {
    emulators = await startTestEmulators();
  });
  afterAll(async () => {
    await emulators.stop();
  });

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
