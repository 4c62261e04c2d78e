import type { SQSRecord } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { deliveryAttempt, parseQueueMessage, processFifoBatch } from '../../../shared/lambda/fifo-batch.js';
import { InvalidRequestError } from '../../../shared/errors.js';
import { capturingLog } from '../../support/in-memory.js';

function record(messageId: string, groupId: string, body = '{}'): SQSRecord {
  return {
    messageId,
    receiptHandle: `rh-${messageId}`,
    body,
    attributes: { ApproximateReceiveCount: '1', SentTimestamp: '0', SenderId: 'x', ApproximateFirstReceiveTimestamp: '0', MessageGroupId: groupId },
    messageAttributes: {},
    md5OfBody: '',
    eventSource: 'aws:sqs',
    eventSourceARN: 'arn:aws:sqs:eu-central-1:0:q.fifo',
    awsRegion: 'eu-central-1',
  };
}

describe('Function: processFifoBatch', () => {
  it('reports no failures when every record succeeds, in order within a group', async () => {
    const seen: string[] = [];
    const result = await processFifoBatch([record('1', 'a'), record('2', 'b'), record('3', 'a')], async (r) => void seen.push(r.messageId), capturingLog());
    expect(result.batchItemFailures).toEqual([]);
    expect(seen.filter((id) => id !== '2')).toEqual(['1', '3']);
  });

  it('fails the failing record and the rest of its group unprocessed, and nothing of other groups', async () => {
    // Prepare
    const seen: string[] = [];
    const records = [record('1', 'a'), record('2', 'a'), record('3', 'b'), record('4', 'a')];

    // Act
    const result = await processFifoBatch(
      records,
      async (r) => {
        seen.push(r.messageId);
        if (r.messageId === '2') throw new Error('boom');
      },
      capturingLog(),
    );

    // Assess
    expect(result.batchItemFailures.map((failure) => failure.itemIdentifier).sort()).toEqual(['2', '4']);
    expect(seen).not.toContain('4');
    expect(seen).toContain('3');
  });
});

describe('Function: parseQueueMessage', () => {
  const Schema = z.object({ a: z.number() });

  it('returns the validated body', () => {
    expect(parseQueueMessage(record('1', 'g', '{"a":1}'), Schema)).toEqual({ a: 1 });
  });

  it('throws for a body that is not JSON or breaks the contract', () => {
    expect(() => parseQueueMessage(record('1', 'g', 'nope'), Schema)).toThrow(InvalidRequestError);
    expect(() => parseQueueMessage(record('1', 'g', '{"a":"x"}'), Schema)).toThrow(/a: /);
  });
});

describe('Function: deliveryAttempt', () => {
  it('counts the queue\'s deliveries, and those before a replay from the dead-letter queue', () => {
    // Prepare
    const first = record('1', 'a');
    const third = { ...record('2', 'a'), attributes: { ...record('2', 'a').attributes, ApproximateReceiveCount: '3' } };
    const replayed = { ...record('3', 'a'), messageAttributes: { 'source-receive-count': { dataType: 'Number', stringValue: '4', stringListValues: [], binaryListValues: [] } } };

    // Act
    const attempts = [first, third, replayed].map(deliveryAttempt);

    // Assess
    expect(attempts).toEqual([1, 3, 5]);
  });
});
