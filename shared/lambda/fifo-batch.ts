import type { SQSBatchResponse, SQSRecord } from 'aws-lambda';
import type { z } from 'zod';
import type { Log } from '../domain/ports.js';
import { InvalidRequestError } from '../errors.js';
import { describeError } from '../logging.js';
import { describeIssues } from '../domain/webhook/normalize.js';
import { DEAD_LETTER_ATTRIBUTES } from '../adapters/sqs-message-control.js';

/**
 * Processes an SQS FIFO batch and reports partial failures. Records of one message group run in
 * order; once one fails, the rest of its group is reported failed unprocessed, so a retry cannot
 * overtake it (FIFO order per contact). Different groups run concurrently.
 */
export async function processFifoBatch(
  records: readonly SQSRecord[],
  processRecord: (record: SQSRecord) => Promise<unknown>,
  log: Log,
): Promise<SQSBatchResponse> {
  const groups = new Map<string, SQSRecord[]>();
  for (const record of records) {
    const groupId = record.attributes.MessageGroupId ?? record.messageId;
    const group = groups.get(groupId);
    if (group) group.push(record);
    else groups.set(groupId, [record]);
  }
  const failures: string[] = [];
  await Promise.all(
    [...groups.values()].map(async (group) => {
      for (const [index, record] of group.entries()) {
        try {
          await processRecord(record);
        } catch (error) {
          log.warn('record failed; it and the rest of its group will be retried', {
            messageId: record.messageId,
            receiveCount: record.attributes.ApproximateReceiveCount,
            skipped: group.length - index - 1,
            ...describeError(error),
          });
          failures.push(...group.slice(index).map((failed) => failed.messageId));
          return;
        }
      }
    }),
  );
  return { batchItemFailures: failures.map((itemIdentifier) => ({ itemIdentifier })) };
}

/**
 * Parses and validates a queue message body against its contract.
 *
 * @throws InvalidRequestError for a body that is not JSON or not of the contract's shape; such a
 * record can never succeed and ends in the dead-letter queue after its retries.
 */
export function parseQueueMessage<T extends z.ZodType>(record: SQSRecord, schema: T): z.infer<T> {
  let json: unknown;
  try {
    json = JSON.parse(record.body);
  } catch {
    throw new InvalidRequestError('queue message is not JSON', { code: 'malformed_queue_message' });
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    throw new InvalidRequestError(`queue message breaks its contract: ${describeIssues(parsed.error)}`, {
      code: 'invalid_queue_message',
    });
  }
  return parsed.data;
}

/**
 * How often the queue has handed this record over, from 1, counting the deliveries before a
 * replay from its dead-letter queue (`npm run dlq -- redrive` records them on the message).
 * For consumers that must act differently on any retry; a consumer whose retry limit an
 * operator resets by replaying (the reply sender) reads ApproximateReceiveCount alone.
 */
export function deliveryAttempt(record: SQSRecord): number {
  const earlier = Number(record.messageAttributes?.[DEAD_LETTER_ATTRIBUTES.receiveCount]?.stringValue ?? 0) || 0;
  return (Number(record.attributes.ApproximateReceiveCount) || 1) + earlier;
}
