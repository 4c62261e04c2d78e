import { SendMessageBatchCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { sha256Hex } from '../domain/crypto.js';
import type { CrmPushRecord } from '../domain/crm/records.js';
import { inboundMessageGroupId } from '../domain/inbound-event-group.js';
import type { InboundEvent } from '../domain/inbound-event.js';
import { MAX_QUEUED_EVENT_BYTES, oversizeEventReplacement } from '../domain/oversize-event.js';
import type { OutboundMessage } from '../domain/outbound-message.js';
import type { CrmEventQueue, InboundEventQueue, OutboundMessageQueue } from '../domain/ports.js';
import { DependencyUnavailableError } from '../errors.js';

/** One message for a FIFO queue. */
export interface FifoMessage {
  readonly body: string;
  /** Messages of one group are delivered in order, one batch at a time. */
  readonly groupId: string;
  /** Any string; it is hashed into a valid SQS deduplication id. */
  readonly deduplicationKey: string;
}

const MAX_BATCH_ENTRIES = 10;
// SQS caps a batch at 256 KiB in total; stay below it with room for attributes.
const MAX_BATCH_BYTES = 240 * 1024;

/**
 * Sends messages to an SQS FIFO queue in as few SendMessageBatch calls as the limits allow.
 * All or nothing for the caller: any entry SQS did not accept makes the call throw, and the whole
 * set can be sent again safely because SQS deduplicates on the deduplication id.
 */
export class SqsFifoQueue {
  public constructor(
    private readonly client: SQSClient,
    private readonly queueUrl: string,
  ) {}

  /** @throws DependencyUnavailableError when SQS fails or rejects any entry. */
  public async send(messages: readonly FifoMessage[]): Promise<void> {
    for (const batch of chunkMessages(messages)) {
      let response;
      try {
        response = await this.client.send(
          new SendMessageBatchCommand({
            QueueUrl: this.queueUrl,
            Entries: batch.map((message, index) => ({
              Id: String(index),
              MessageBody: message.body,
              MessageGroupId: message.groupId,
              // SQS allows 128 characters of a restricted set; a hash fits any key.
              MessageDeduplicationId: sha256Hex(message.deduplicationKey),
            })),
          }),
        );
      } catch (error) {
        throw new DependencyUnavailableError('queue unavailable', { code: 'queue_unavailable', cause: error });
      }
      const failed = response.Failed ?? [];
      if (failed.length > 0) {
        const codes = [...new Set(failed.map((entry) => entry.Code))].join(', ');
        throw new DependencyUnavailableError(`queue rejected ${failed.length} of ${batch.length} messages (${codes})`, {
          code: 'queue_rejected',
        });
      }
    }
  }
}

function* chunkMessages(messages: readonly FifoMessage[]): Generator<FifoMessage[]> {
  let batch: FifoMessage[] = [];
  let bytes = 0;
  for (const message of messages) {
    const size = Buffer.byteLength(message.body);
    if (batch.length === MAX_BATCH_ENTRIES || (batch.length > 0 && bytes + size > MAX_BATCH_BYTES)) {
      yield batch;
      batch = [];
      bytes = 0;
    }
    batch.push(message);
    bytes += size;
  }
  if (batch.length > 0) yield batch;
}

/** `inbound.fifo`: grouped by contact, deduplicated by event id. */
export class SqsInboundEventQueue implements InboundEventQueue {
  private readonly queue: SqsFifoQueue;

  public constructor(client: SQSClient, queueUrl: string) {
    this.queue = new SqsFifoQueue(client, queueUrl);
  }

  public enqueue(events: readonly InboundEvent[]): Promise<void> {
    return this.queue.send(
      events.map((event) => {
        const queued = fitForQueue(event, JSON.stringify(event));
        return { body: queued.body, groupId: inboundMessageGroupId(queued.event), deduplicationKey: event.eventId };
      }),
    );
  }
}

/** The event, or its `oversizeEventReplacement` when its body is over the queue's limit. */
function fitForQueue(event: InboundEvent, body: string): { event: InboundEvent; body: string } {
  // A UTF-8 byte is at most 3 per UTF-16 unit: most bodies are settled without counting bytes.
  if (body.length * 3 <= MAX_QUEUED_EVENT_BYTES) return { event, body };
  const bytes = Buffer.byteLength(body);
  if (bytes <= MAX_QUEUED_EVENT_BYTES) return { event, body };
  const replacement = oversizeEventReplacement(event, bytes, sha256Hex(body));
  return { event: replacement, body: JSON.stringify(replacement) };
}

/** `crm-push.fifo`: grouped by contact, deduplicated by CRM event id. */
export class SqsCrmEventQueue implements CrmEventQueue {
  private readonly queue: SqsFifoQueue;

  public constructor(client: SQSClient, queueUrl: string) {
    this.queue = new SqsFifoQueue(client, queueUrl);
  }

  public publish(records: readonly CrmPushRecord[]): Promise<void> {
    return this.queue.send(
      records.map((record) => ({
        body: JSON.stringify(record),
        groupId: record.contactId || 'bridge',
        deduplicationKey: record.id,
      })),
    );
  }
}

/** `outbound.fifo`: grouped by contact (one send at a time per recipient), deduplicated by reply id. */
export class SqsOutboundMessageQueue implements OutboundMessageQueue {
  private readonly queue: SqsFifoQueue;

  public constructor(client: SQSClient, queueUrl: string) {
    this.queue = new SqsFifoQueue(client, queueUrl);
  }

  public enqueue(messages: readonly OutboundMessage[]): Promise<void> {
    return this.queue.send(
      messages.map((message) => ({
        body: JSON.stringify(message),
        groupId: message.contactId,
        deduplicationKey: message.replyId,
      })),
    );
  }
}
