import {
  GetQueueAttributesCommand,
  GetQueueUrlCommand,
  SendMessageCommand,
  type MessageAttributeValue,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import type { SQSRecord } from 'aws-lambda';
import { sha256Hex } from '../domain/crypto.js';
import type { CrmPushMessageControl, DeadLetterReason } from '../domain/ports.js';
import { DependencyUnavailableError } from '../errors.js';
import { SqsRedelivery } from './sqs-redelivery.js';

/** Message attributes a dead letter carries, read back by `npm run dlq -- list`. */
export const DEAD_LETTER_ATTRIBUTES = {
  code: 'dead-letter-reason',
  detail: 'dead-letter-detail',
  status: 'dead-letter-status',
  attempts: 'dead-letter-attempts',
  at: 'dead-letter-at',
  receiveCount: 'source-receive-count',
} as const;

/**
 * Finds a consumer's queue and its dead-letter queue from the `eventSourceARN` of its records
 * (GetQueueUrl, then the queue's RedrivePolicy), once per process; explicit URLs win. So the
 * forwarder needs no extra configuration in the cloud or locally.
 */
export class SqsQueueLocator {
  private readonly cache = new Map<string, Promise<string>>();

  public constructor(
    private readonly sqs: SQSClient,
    private readonly overrides: { readonly queueUrl?: string; readonly deadLetterQueueUrl?: string } = {},
  ) {}

  /** The URL of the queue an ARN names. */
  public queueUrl(queueArn: string): Promise<string> {
    if (this.overrides.queueUrl) return Promise.resolve(this.overrides.queueUrl);
    return this.cached(`queue ${queueArn}`, () => this.urlOfArn(queueArn));
  }

  /** The URL of the dead-letter queue of the queue an ARN names (from its RedrivePolicy). */
  public deadLetterQueueUrl(queueArn: string): Promise<string> {
    if (this.overrides.deadLetterQueueUrl) return Promise.resolve(this.overrides.deadLetterQueueUrl);
    return this.cached(`dlq ${queueArn}`, async () => {
      const { Attributes } = await this.sqs.send(new GetQueueAttributesCommand({ QueueUrl: await this.queueUrl(queueArn), AttributeNames: ['RedrivePolicy'] }));
      const target = (JSON.parse(Attributes?.RedrivePolicy ?? '{}') as { deadLetterTargetArn?: string }).deadLetterTargetArn;
      if (!target) throw new DependencyUnavailableError(`queue ${queueArn.split(':').pop()} has no dead-letter queue`, { code: 'no_dead_letter_queue' });
      return this.urlOfArn(target);
    });
  }

  private async urlOfArn(arn: string): Promise<string> {
    const [, , , , account, name] = arn.split(':');
    const { QueueUrl } = await this.sqs.send(new GetQueueUrlCommand({ QueueName: name, QueueOwnerAWSAccountId: account }));
    if (!QueueUrl) throw new DependencyUnavailableError(`queue ${name} not found`, { code: 'queue_not_found' });
    return QueueUrl;
  }

  private cached(key: string, resolve: () => Promise<string>): Promise<string> {
    let url = this.cache.get(key);
    if (!url) {
      url = resolve().catch((error: unknown) => {
        this.cache.delete(key);
        throw error instanceof DependencyUnavailableError ? error : new DependencyUnavailableError('queue lookup failed', { code: 'queue_unavailable', cause: error });
      });
      this.cache.set(key, url);
    }
    return url;
  }
}

/**
 * The control of one received SQS record: postpone it (ChangeMessageVisibility on its receipt
 * handle) or dead-letter it now (SendMessage of the unchanged body to the DLQ, same FIFO group,
 * reason as message attributes; the caller then reports the record done, so it is deleted).
 * The dead letter's deduplication id derives from the message id, so a repeat after a crash
 * between send and delete does not duplicate it.
 */
export function sqsMessageControl(sqs: SQSClient, locator: SqsQueueLocator, record: SQSRecord, clock: { now(): Date }): CrmPushMessageControl {
  return {
    retryAfter: async (delaySeconds) => {
      await new SqsRedelivery(sqs, await locator.queueUrl(record.eventSourceARN)).delay(record.receiptHandle, delaySeconds);
    },
    deadLetter: async (reason) => {
      const deadLetterQueueUrl = await locator.deadLetterQueueUrl(record.eventSourceARN);
      await send(() =>
        sqs.send(
          new SendMessageCommand({
            QueueUrl: deadLetterQueueUrl,
            MessageBody: record.body,
            MessageGroupId: record.attributes.MessageGroupId ?? 'bridge',
            MessageDeduplicationId: sha256Hex(`dead-letter\n${record.messageId}`),
            MessageAttributes: deadLetterAttributes(reason, record, clock.now()),
          }),
        ),
      );
    },
  };
}

function deadLetterAttributes(reason: DeadLetterReason, record: SQSRecord, at: Date): Record<string, MessageAttributeValue> {
  const text = (value: string): MessageAttributeValue => ({ DataType: 'String', StringValue: value });
  const number = (value: number): MessageAttributeValue => ({ DataType: 'Number', StringValue: String(value) });
  return {
    [DEAD_LETTER_ATTRIBUTES.code]: text(reason.code),
    [DEAD_LETTER_ATTRIBUTES.detail]: text(reason.detail),
    [DEAD_LETTER_ATTRIBUTES.at]: text(at.toISOString()),
    [DEAD_LETTER_ATTRIBUTES.receiveCount]: number(Number(record.attributes.ApproximateReceiveCount ?? 1)),
    ...(reason.status === undefined ? {} : { [DEAD_LETTER_ATTRIBUTES.status]: number(reason.status) }),
    ...(reason.attempts === undefined ? {} : { [DEAD_LETTER_ATTRIBUTES.attempts]: number(reason.attempts) }),
  };
}

async function send(call: () => Promise<unknown>): Promise<void> {
  try {
    await call();
  } catch (error) {
    throw new DependencyUnavailableError('queue unavailable', { code: 'queue_unavailable', cause: error });
  }
}
