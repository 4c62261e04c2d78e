import { ChangeMessageVisibilityCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { DependencyUnavailableError } from '../errors.js';

/**
 * Delays the next delivery of a received message by setting its visibility timeout: the backoff
 * of a retry, without holding the consumer. SQS caps it at 12 hours.
 */
export class SqsRedelivery {
  public constructor(
    private readonly client: SQSClient,
    private readonly queueUrl: string,
  ) {}

  /** @throws DependencyUnavailableError when SQS refuses; the message then returns after the queue's default timeout. */
  public async delay(receiptHandle: string, seconds: number): Promise<void> {
    try {
      await this.client.send(
        new ChangeMessageVisibilityCommand({ QueueUrl: this.queueUrl, ReceiptHandle: receiptHandle, VisibilityTimeout: Math.max(0, Math.min(43_200, Math.round(seconds))) }),
      );
    } catch (error) {
      throw new DependencyUnavailableError('queue unavailable', { code: 'queue_unavailable', cause: error });
    }
  }
}
