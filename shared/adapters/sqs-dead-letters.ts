import {
  ChangeMessageVisibilityBatchCommand,
  DeleteMessageCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
  type Message,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import { randomUUID } from 'node:crypto';
import { sha256Hex } from '../domain/crypto.js';
import { DEAD_LETTER_ATTRIBUTES } from './sqs-message-control.js';

/** One dead letter as `npm run dlq -- list` shows it: ids, type and reason, no personal data. */
export interface DeadLetterSummary {
  /** SQS message id in the dead-letter queue. */
  readonly messageId: string;
  /** The event's own id (CRM event id, inbound event id or reply id). */
  readonly eventId: string;
  /** Event type (`message.received`) or kind (`message`). */
  readonly type: string;
  /** Why it was dead-lettered: the forwarder's code, or `max_receive_count` when SQS moved it. */
  readonly reason: string;
  readonly detail?: string;
  readonly status?: number;
  /** Delivery attempts counted by the consumer, when it dead-lettered the message itself. */
  readonly attempts?: number;
  /** Receives on the source queue before it was dead-lettered. */
  readonly receiveCount?: number;
  readonly deadLetteredAt?: string;
}

/** Marks the copies one listing run appends, so it can tell them from the letters still to list. */
const LISTING_RUN_ATTRIBUTE = 'dlq-listing-run';

/**
 * Lists a dead-letter queue without losing or reordering anything. A FIFO queue hides every later
 * message of a group while one is received, so a plain receive cannot see past the first of each
 * group; the listing therefore rotates the queue once: each letter is received, appended again
 * (same body, group and attributes) and then deleted, so every group keeps its order. Copies that
 * come round again are held until the end, then released.
 *
 * @returns the letters, oldest first per group, and how many could not be listed (`left`: held by
 * another consumer, e.g. a concurrent redrive).
 */
export async function listDeadLetters(sqs: SQSClient, deadLetterQueueUrl: string): Promise<{ letters: DeadLetterSummary[]; left: number }> {
  const { Attributes } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: deadLetterQueueUrl, AttributeNames: ['ApproximateNumberOfMessages'] }));
  const total = Number(Attributes?.ApproximateNumberOfMessages ?? 0);
  const run = randomUUID();
  const letters: DeadLetterSummary[] = [];
  const heldCopies: string[] = [];
  try {
    while (letters.length < total) {
      const Messages = await receiveDeadLetters(sqs, deadLetterQueueUrl);
      if (!Messages?.length) break;
      for (const message of Messages) {
        if (message.MessageAttributes?.[LISTING_RUN_ATTRIBUTE]?.StringValue === run) {
          heldCopies.push(message.ReceiptHandle as string);
          continue;
        }
        const summary = summarise(message);
        await sqs.send(
          new SendMessageCommand({
            QueueUrl: deadLetterQueueUrl,
            MessageBody: message.Body as string,
            MessageGroupId: message.Attributes?.MessageGroupId ?? 'bridge',
            MessageDeduplicationId: sha256Hex(`listed\n${run}\n${message.MessageId}`),
            MessageAttributes: {
              ...message.MessageAttributes,
              [LISTING_RUN_ATTRIBUTE]: { DataType: 'String', StringValue: run },
              // Keep the source receive count of letters SQS moved, before the copy resets it.
              ...(summary.receiveCount === undefined ? {} : { [DEAD_LETTER_ATTRIBUTES.receiveCount]: { DataType: 'Number', StringValue: String(summary.receiveCount) } }),
            },
          }),
        );
        await sqs.send(new DeleteMessageCommand({ QueueUrl: deadLetterQueueUrl, ReceiptHandle: message.ReceiptHandle as string }));
        letters.push(summary);
      }
    }
  } finally {
    for (let index = 0; index < heldCopies.length; index += 10) {
      await sqs.send(
        new ChangeMessageVisibilityBatchCommand({
          QueueUrl: deadLetterQueueUrl,
          Entries: heldCopies.slice(index, index + 10).map((receiptHandle, position) => ({ Id: String(position), ReceiptHandle: receiptHandle, VisibilityTimeout: 0 })),
        }),
      );
    }
  }
  return { letters, left: Math.max(0, total - letters.length) };
}

/**
 * Replays every dead letter to its source queue, oldest first per group, with its FIFO group,
 * then deletes it from the dead-letter queue. The replay's deduplication id derives from the
 * dead letter's message id, so a crash between send and delete cannot duplicate it.
 *
 * @returns the replayed messages, summarised.
 */
export async function redriveDeadLetters(sqs: SQSClient, deadLetterQueueUrl: string, sourceQueueUrl: string): Promise<DeadLetterSummary[]> {
  const replayed: DeadLetterSummary[] = [];
  for (;;) {
    const Messages = await receiveDeadLetters(sqs, deadLetterQueueUrl);
    if (!Messages?.length) break;
    for (const message of Messages) {
      const summary = summarise(message);
      await sqs.send(
        new SendMessageCommand({
          QueueUrl: sourceQueueUrl,
          MessageBody: message.Body as string,
          MessageGroupId: message.Attributes?.MessageGroupId ?? 'bridge',
          MessageDeduplicationId: sha256Hex(`redrive\n${message.MessageId}`),
          // A replayed message is no first delivery: consumers that act on retries (see
          // `deliveryAttempt`) learn how often it was delivered before.
          MessageAttributes: {
            [DEAD_LETTER_ATTRIBUTES.receiveCount]: { DataType: 'Number', StringValue: String(Math.max(1, summary.receiveCount ?? 1)) },
          },
        }),
      );
      await sqs.send(new DeleteMessageCommand({ QueueUrl: deadLetterQueueUrl, ReceiptHandle: message.ReceiptHandle as string }));
      replayed.push(summary);
    }
  }
  return replayed;
}

function summarise(message: Message): DeadLetterSummary {
  let body: Record<string, unknown> = {};
  try {
    const parsed = JSON.parse(message.Body ?? '') as unknown;
    if (typeof parsed === 'object' && parsed !== null) body = parsed as Record<string, unknown>;
  } catch {
    // an unreadable body is listed by its message id only
  }
  const attributes = message.MessageAttributes ?? {};
  const text = (name: string) => attributes[name]?.StringValue;
  const number = (name: string) => (attributes[name]?.StringValue === undefined ? undefined : Number(attributes[name]?.StringValue));
  const eventId = body.id ?? body.eventId ?? body.replyId;
  const type = body.type ?? body.kind;
  const detail = text(DEAD_LETTER_ATTRIBUTES.detail);
  const status = number(DEAD_LETTER_ATTRIBUTES.status);
  const attempts = number(DEAD_LETTER_ATTRIBUTES.attempts);
  const deadLetteredAt = text(DEAD_LETTER_ATTRIBUTES.at);
  const ownReceiveCount = number(DEAD_LETTER_ATTRIBUTES.receiveCount);
  const receiveCount = ownReceiveCount ?? (message.Attributes?.ApproximateReceiveCount ? Number(message.Attributes.ApproximateReceiveCount) : undefined);
  return {
    messageId: message.MessageId as string,
    eventId: typeof eventId === 'string' ? eventId : '?',
    type: typeof type === 'string' ? type : '?',
    reason: text(DEAD_LETTER_ATTRIBUTES.code) ?? 'max_receive_count',
    ...(detail === undefined ? {} : { detail }),
    ...(status === undefined ? {} : { status }),
    ...(attempts === undefined ? {} : { attempts }),
    ...(receiveCount === undefined ? {} : { receiveCount }),
    ...(deadLetteredAt === undefined ? {} : { deadLetteredAt }),
  };
}

/** Up to ten dead letters with their attributes, hidden for a minute while the tool works on them. */
async function receiveDeadLetters(sqs: SQSClient, deadLetterQueueUrl: string): Promise<Message[] | undefined> {
  const { Messages } = await sqs.send(
    new ReceiveMessageCommand({
      QueueUrl: deadLetterQueueUrl,
      MaxNumberOfMessages: 10,
      VisibilityTimeout: 60,
      WaitTimeSeconds: 0,
      MessageAttributeNames: ['All'],
      MessageSystemAttributeNames: ['All'],
    }),
  );
  return Messages;
}
