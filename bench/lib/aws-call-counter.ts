import { performance } from 'node:perf_hooks';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { SQSClient } from '@aws-sdk/client-sqs';

/** What one counted AWS API call cost, by billing unit. */
export interface CallTally {
  /** HTTP requests sent (SDK retries included: each attempt is billed). */
  calls: number;
  /** SQS: billed requests, one per started 64 KB of payload per call. */
  sqsBilledRequests: number;
  /** DynamoDB: capacity units the table reported (ReturnConsumedCapacity), or 1 per call if none. */
  capacityUnits: number;
  /** Wall time of every attempt, ms (emulator latency plus waiting for the busy event loop). */
  readonly latenciesMs: number[];
}

/** ReceiveMessage is also tallied apart by outcome: an empty receive is pure polling cost. */
export interface CallCounts {
  readonly byCommand: Map<string, CallTally>;
  emptyReceives: number;
  /** Non-empty receives per queue URL: each one is one consumer (Lambda) invocation. */
  readonly batchesByQueue: Map<string, number>;
  reset(): void;
}

const SQS_CHUNK_BYTES = 64 * 1024;

type AnyInput = Record<string, unknown>;

function tally(counts: CallCounts, command: string): CallTally {
  let entry = counts.byCommand.get(command);
  if (!entry) {
    entry = { calls: 0, sqsBilledRequests: 0, capacityUnits: 0, latenciesMs: [] };
    counts.byCommand.set(command, entry);
  }
  return entry;
}

function sqsPayloadBytes(input: AnyInput, output: AnyInput | undefined): number {
  const entries = (input.Entries as { MessageBody?: string }[] | undefined) ?? [];
  const sent = entries.reduce((sum, entry) => sum + Buffer.byteLength(entry.MessageBody ?? ''), 0) + Buffer.byteLength(String(input.MessageBody ?? ''));
  const received = ((output?.Messages as { Body?: string }[] | undefined) ?? []).reduce((sum, message) => sum + Buffer.byteLength(message.Body ?? ''), 0);
  return sent + received;
}

export function createCallCounts(): CallCounts {
  const counts: CallCounts = {
    byCommand: new Map(),
    emptyReceives: 0,
    batchesByQueue: new Map(),
    reset() {
      counts.byCommand.clear();
      counts.emptyReceives = 0;
      counts.batchesByQueue.clear();
    },
  };
  return counts;
}

/**
 * Counts every HTTP request an SQS or DynamoDB client sends, by command name, with a middleware
 * late in the `finalizeRequest` step: inside the retry middleware, so it runs once per attempt,
 * and outside the deserializer, so it sees the parsed output. DynamoDB
 * calls are made to return their consumed capacity so the counts can be priced in request units.
 */
export function countAwsCalls(clients: { sqs: SQSClient; dynamoDb: DynamoDBClient }, counts: CallCounts): void {
  clients.sqs.middlewareStack.add(
    (next, context) => async (args) => {
      const started = performance.now();
      const result = await next(args);
      const command = context.commandName ?? 'unknown';
      const entry = tally(counts, command);
      const input = (args as unknown as { input: AnyInput }).input;
      const output = result.output as unknown as AnyInput | undefined;
      entry.calls += 1;
      entry.latenciesMs.push(performance.now() - started);
      entry.sqsBilledRequests += Math.max(1, Math.ceil(sqsPayloadBytes(input, output) / SQS_CHUNK_BYTES));
      if (command === 'ReceiveMessageCommand') {
        const received = (output?.Messages as unknown[] | undefined)?.length ?? 0;
        if (received === 0) counts.emptyReceives += 1;
        else counts.batchesByQueue.set(String(input.QueueUrl), (counts.batchesByQueue.get(String(input.QueueUrl)) ?? 0) + 1);
      }
      return result;
    },
    { step: 'finalizeRequest', priority: 'low', name: 'benchCountSqsCalls' },
  );
  clients.dynamoDb.middlewareStack.add(
    (next) => async (args) => {
      const input = (args as unknown as { input: AnyInput }).input;
      if (input.ReturnConsumedCapacity === undefined) input.ReturnConsumedCapacity = 'TOTAL';
      return next(args);
    },
    { step: 'initialize', name: 'benchAskConsumedCapacity' },
  );
  clients.dynamoDb.middlewareStack.add(
    (next, context) => async (args) => {
      const entry = tally(counts, context.commandName ?? 'unknown');
      entry.calls += 1;
      const started = performance.now();
      try {
        const result = await next(args);
        entry.latenciesMs.push(performance.now() - started);
        const consumed = (result.output as { ConsumedCapacity?: { CapacityUnits?: number } } | undefined)?.ConsumedCapacity?.CapacityUnits;
        entry.capacityUnits += typeof consumed === 'number' ? consumed : 1;
        return result;
      } catch (error) {
        // A failed condition still consumes a write unit.
        entry.capacityUnits += 1;
        throw error;
      }
    },
    { step: 'finalizeRequest', priority: 'low', name: 'benchCountDynamoDbCalls' },
  );
}
