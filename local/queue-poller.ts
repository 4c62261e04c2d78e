import { DeleteMessageBatchCommand, ReceiveMessageCommand, type Message, type SQSClient } from '@aws-sdk/client-sqs';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import type { Log } from '../shared/domain/ports.js';
import { describeError } from '../shared/logging.js';
import { LOCAL_REGION } from './emulators.js';
import { createLambdaContext } from './lambda-context.js';

export type SqsConsumer = (event: SQSEvent, context: Context) => Promise<SQSBatchResponse | void>;

export interface QueuePollerOptions {
  readonly name: string;
  readonly sqs: SQSClient;
  readonly queueUrl: string;
  readonly consumer: SqsConsumer;
  readonly batchSize: number;
  /** Parallel receive loops, like the concurrent invocations of an event source mapping. */
  readonly concurrency: number;
  readonly log: Log;
}

/**
 * Feeds a queue to its consumer as a Lambda event source mapping does: receives a batch, invokes
 * the consumer with an SQS event, deletes what succeeded and leaves the reported failures (or the
 * whole batch, if the consumer throws) to come back after the visibility timeout.
 */
export class QueuePoller {
  private running = false;
  private loops: Promise<void>[] = [];
  private readonly abort = new AbortController();
  private inFlight = 0;

  public constructor(private readonly options: QueuePollerOptions) {}

  public start(): void {
    if (this.running) return;
    this.running = true;
    this.loops = Array.from({ length: this.options.concurrency }, () => this.loop());
  }

  /** Whether a batch is being processed right now. */
  public get busy(): boolean {
    return this.inFlight > 0;
  }

  /** Stops receiving and waits for the batches in flight to finish. */
  public async stop(): Promise<void> {
    this.running = false;
    this.abort.abort();
    await Promise.all(this.loops);
  }

  private async loop(): Promise<void> {
    while (this.running) {
      try {
        await this.pollOnce();
      } catch (error) {
        if (!this.running) return;
        this.options.log.warn('poll failed; retrying', { queue: this.options.name, ...describeError(error) });
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
    }
  }

  private async pollOnce(): Promise<void> {
    const { Messages } = await this.options.sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: this.options.queueUrl,
        MaxNumberOfMessages: this.options.batchSize,
        WaitTimeSeconds: 1,
        MessageSystemAttributeNames: ['All'],
        MessageAttributeNames: ['All'],
      }),
      { abortSignal: this.abort.signal },
    );
    if (!Messages?.length) return;
    this.inFlight += 1;
    try {
      await this.deliver(Messages);
    } finally {
      this.inFlight -= 1;
    }
  }

  private async deliver(messages: Message[]): Promise<void> {
    const records = messages.map((message) => toSqsRecord(message, this.options.queueUrl));
    let failed: Set<string>;
    try {
      const response = await this.options.consumer({ Records: records }, createLambdaContext(this.options.name));
      failed = new Set((response?.batchItemFailures ?? []).map((failure) => failure.itemIdentifier));
    } catch (error) {
      this.options.log.error('consumer threw; the whole batch will be retried', {
        queue: this.options.name,
        ...describeError(error),
      });
      return;
    }
    const succeeded = messages.filter((message) => !failed.has(message.MessageId as string));
    if (succeeded.length === 0) return;
    await this.options.sqs.send(
      new DeleteMessageBatchCommand({
        QueueUrl: this.options.queueUrl,
        Entries: succeeded.map((message, index) => ({ Id: String(index), ReceiptHandle: message.ReceiptHandle as string })),
      }),
    );
  }
}

function toSqsRecord(message: Message, queueUrl: string): SQSRecord {
  const attributes = message.Attributes ?? {};
  const queueName = queueUrl.split('/').pop() ?? '';
  return {
    messageId: message.MessageId as string,
    receiptHandle: message.ReceiptHandle as string,
    body: message.Body ?? '',
    attributes: {
      ApproximateReceiveCount: attributes.ApproximateReceiveCount ?? '1',
      SentTimestamp: attributes.SentTimestamp ?? String(Date.now()),
      SenderId: attributes.SenderId ?? 'local',
      ApproximateFirstReceiveTimestamp: attributes.ApproximateFirstReceiveTimestamp ?? String(Date.now()),
      ...(attributes.MessageGroupId ? { MessageGroupId: attributes.MessageGroupId } : {}),
      ...(attributes.MessageDeduplicationId ? { MessageDeduplicationId: attributes.MessageDeduplicationId } : {}),
      ...(attributes.SequenceNumber ? { SequenceNumber: attributes.SequenceNumber } : {}),
    },
    messageAttributes: toRecordAttributes(message),
    md5OfBody: message.MD5OfBody ?? '',
    eventSource: 'aws:sqs',
    eventSourceARN: `arn:aws:sqs:${LOCAL_REGION}:000000000000:${queueName}`,
    awsRegion: LOCAL_REGION,
  };
}


/** The message attributes as Lambda's SQS event carries them (string and number values). */
function toRecordAttributes(message: Message): SQSRecord['messageAttributes'] {
  const attributes: SQSRecord['messageAttributes'] = {};
  for (const [name, value] of Object.entries(message.MessageAttributes ?? {})) {
    attributes[name] = {
      dataType: value.DataType ?? 'String',
      ...(value.StringValue === undefined ? {} : { stringValue: value.StringValue }),
      stringListValues: [],
      binaryListValues: [],
    };
  }
  return attributes;
}
