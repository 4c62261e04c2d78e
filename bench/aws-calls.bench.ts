/**
 * AWS API calls per inbound message, the driver of running cost, counted at the SDK middleware of
 * the local stack's DynamoDB and SQS clients (every HTTP attempt, by command), while signed
 * one-message webhooks from many contacts flow to the CRM sink. Then the price of a million
 * messages at eu-central-1 list prices.
 *
 * The local queue pollers make the ReceiveMessage and DeleteMessageBatch calls that Lambda's event
 * source mapping makes in AWS (billed to the account as SQS requests), so they are counted the
 * same way: a receive that returned messages is one consumer invocation, and its delete is one
 * call. Receives that came back empty are idle polling: in AWS that is a fixed cost per queue and
 * hour, not per message, so it is reported apart and left out of the per-message figure.
 */
import { performance } from 'node:perf_hooks';
import { QUEUES } from '../shared/resources.js';
import { countAwsCalls, createCallCounts } from './lib/aws-call-counter.js';
import { syntheticWaIds } from './lib/fixtures.js';
import { timeLocalFunctions } from './lib/function-timer.js';
import { runLoad, startLoadStack } from './lib/load.js';
import { median } from './lib/stats.js';
import type { BenchResult } from './lib/types.js';

/**
 * List prices, AWS Europe (Frankfurt) eu-central-1, USD, as published on the AWS pricing pages on
 * 2026-11-29 (aws.amazon.com/sqs/pricing, /dynamodb/pricing/on-demand, /lambda/pricing,
 * /api-gateway/pricing). Free tiers are ignored. Check them before quoting: prices change.
 */
export const EU_CENTRAL_1_PRICES = {
  /** SQS FIFO, per million requests; each started 64 KB chunk of a call's payload is a request. */
  sqsFifoPerMillionRequests: 0.5,
  /** DynamoDB on-demand, per million write request units (1 KB each), after the Nov 2024 price cut. */
  dynamoDbPerMillionWriteUnits: 0.7625,
  /** DynamoDB on-demand, per million read request units (a strongly consistent read of 4 KB). */
  dynamoDbPerMillionReadUnits: 0.1525,
  /** Lambda, per million requests. */
  lambdaPerMillionRequests: 0.2,
  /** Lambda on Arm (Graviton), per GB-second of billed duration (rounded up to 1 ms). */
  lambdaArmPerGbSecond: 0.0000133334,
  /** API Gateway HTTP API, per million requests (first 300 million a month, 512 KB each). */
  httpApiPerMillionRequests: 1.2,
} as const;

/** The memory every function is deployed with (the CDK app's default); duration is billed at it. */
export const LAMBDA_MEMORY_MB = 256;
const TARGET_CALLS_PER_MESSAGE = 8;
const MESSAGES = Number(process.env.BENCH_AWS_MESSAGES ?? 600);
const DYNAMO_WRITES = new Set(['PutItemCommand', 'UpdateItemCommand', 'DeleteItemCommand', 'BatchWriteItemCommand']);

export default async function run(): Promise<BenchResult[]> {
  const timings = timeLocalFunctions();
  const counts = createCallCounts();
  const load = await startLoadStack({ pollerConcurrency: 2, visibilityTimeoutSeconds: 30 });
  try {
    countAwsCalls({ sqs: load.stack.sqs, dynamoDb: load.stack.dynamoDb }, counts);
    const waIds = syntheticWaIds(300, '49156');
    // Warm-up: one message from every contact, so the measured run is the steady state of
    // returning contacts; a contact's first message also costs its privacy notice (an outbound
    // send, the sender's reads and writes, a reply.sent event), once per contact.
    await runLoad(load, { concurrency: 8, messages: waIds.length, waIds });
    await settle(load.stack.busy);
    counts.reset();
    timings.reset();

    const idleStarted = performance.now();
    await new Promise((resolve) => setTimeout(resolve, 3000));
    const idleReceivesPerSecond = counts.emptyReceives / ((performance.now() - idleStarted) / 1000);
    counts.reset();

    const result = await runLoad(load, { concurrency: 8, messages: MESSAGES, waIds });
    await settle(load.stack.busy);
    if (result.delivered !== MESSAGES) throw new Error(`${result.delivered} of ${MESSAGES} messages delivered`);
    const messages = result.delivered;

    let calls = 0;
    let sqsRequests = 0;
    let readUnits = 0;
    let writeUnits = 0;
    const perCommand: BenchResult[] = [];
    for (const [command, entry] of [...counts.byCommand].sort(([a], [b]) => a.localeCompare(b))) {
      let callCount = entry.calls;
      let billed = entry.sqsBilledRequests;
      if (command === 'ReceiveMessageCommand') {
        callCount -= counts.emptyReceives;
        billed -= counts.emptyReceives;
      }
      calls += callCount;
      sqsRequests += billed;
      if (DYNAMO_WRITES.has(command)) writeUnits += entry.capacityUnits;
      else if (entry.capacityUnits > 0) readUnits += entry.capacityUnits;
      perCommand.push({ name: `aws-calls: ${command.replace(/Command$/, '')}`, value: callCount / messages, unit: 'calls/msg' });
    }

    // Durations under the load above measure the one busy thread, not the functions: they are
    // taken from an unloaded run (one message in the pipeline at a time).
    const batchSizes = { inbound: 0, crmPush: 0 };
    const batchOf = (key: 'inbound' | 'crmPush') => {
      const url = load.stack.resources.queueUrls[key];
      const batches = counts.batchesByQueue.get(url) ?? 0;
      return batches ? messages / batches : 0;
    };
    batchSizes.inbound = batchOf('inbound');
    batchSizes.crmPush = batchOf('crmPush');
    const invocationCounts = new Map([...timings.invocations].map(([key, list]) => [key, list.length]));
    timings.reset();
    counts.reset();
    const gentle = await runLoad(load, { concurrency: 1, messages: 100, waIds, awaitDelivery: true });
    await settle(load.stack.busy);
    const gentleBilledMsPerMessage = [...timings.invocations.values()].flat().reduce((sum, ms) => sum + Math.ceil(ms), 0) / gentle.delivered;
    const callLatencies: BenchResult[] = [...counts.byCommand]
      .filter(([command, entry]) => command !== 'ReceiveMessageCommand' && entry.latenciesMs.length > 0)
      .map(([command, entry]) => ({ name: `aws-calls: median latency ${command.replace(/Command$/, '')} (unloaded)`, value: median(entry.latenciesMs), unit: 'ms' }));

    const invocationsOf = (key: 'webhookIngest' | 'conversationProcessor' | 'crmForwarder') => timings.invocations.get(key) ?? [];
    const lambdaInvocations = [...invocationCounts.values()].reduce((sum, count) => sum + count, 0);
    const gbSeconds = (LAMBDA_MEMORY_MB / 1024) * ((gentleBilledMsPerMessage * messages) / 1000);
    const webhooks = invocationCounts.get('webhookIngest') ?? 0;
    const perMillion = (units: number) => (units / messages) * 1_000_000;
    const prices = EU_CENTRAL_1_PRICES;
    const cost = {
      sqs: (perMillion(sqsRequests) / 1e6) * prices.sqsFifoPerMillionRequests,
      dynamoDb: (perMillion(readUnits) / 1e6) * prices.dynamoDbPerMillionReadUnits + (perMillion(writeUnits) / 1e6) * prices.dynamoDbPerMillionWriteUnits,
      lambda: (perMillion(lambdaInvocations) / 1e6) * prices.lambdaPerMillionRequests + perMillion(gbSeconds) * prices.lambdaArmPerGbSecond,
      apiGateway: (perMillion(webhooks) / 1e6) * prices.httpApiPerMillionRequests,
    };
    const total = cost.sqs + cost.dynamoDb + cost.lambda + cost.apiGateway;
    const callsPerMessage = calls / messages;
    const durations = (key: 'webhookIngest' | 'conversationProcessor' | 'crmForwarder') => {
      const list = invocationsOf(key);
      return list.length ? median(list) : 0;
    };

    return [
      {
        name: 'aws-calls: AWS API calls per inbound message',
        value: callsPerMessage,
        unit: 'calls/msg',
        baseline: { name: 'target', value: TARGET_CALLS_PER_MESSAGE, unit: 'calls/msg' },
        note: `counted at the SDK middleware over ${messages} one-message webhooks from ${waIds.length} returning contacts (each had written once before), pollers' non-empty ReceiveMessage and DeleteMessageBatch included, empty receives excluded (idle polling, a fixed cost)`,
      },
      ...perCommand,
      { name: 'aws-calls: mean records per processor batch', value: batchSizes.inbound, unit: 'records', baseline: { name: 'batch size', value: QUEUES.inbound.batchSize, unit: 'records' } },
      { name: 'aws-calls: mean records per forwarder batch', value: batchSizes.crmPush, unit: 'records', baseline: { name: 'batch size', value: QUEUES.crmPush.batchSize, unit: 'records' } },
      { name: 'aws-calls: idle empty receives (local pollers)', value: idleReceivesPerSecond, unit: 'calls/s' },
      { name: 'aws-calls: DynamoDB read units per message', value: readUnits / messages, unit: 'RRU/msg' },
      { name: 'aws-calls: DynamoDB write units per message', value: writeUnits / messages, unit: 'WRU/msg' },
      { name: 'aws-calls: Lambda invocations per message', value: lambdaInvocations / messages, unit: 'invocations/msg' },
      { name: 'aws-calls: median duration webhook-ingest (unloaded)', value: durations('webhookIngest'), unit: 'ms' },
      { name: 'aws-calls: median duration conversation-processor (unloaded)', value: durations('conversationProcessor'), unit: 'ms' },
      { name: 'aws-calls: median duration crm-forwarder (unloaded)', value: durations('crmForwarder'), unit: 'ms' },
      { name: 'aws-calls: billed Lambda time per message (unloaded)', value: gentleBilledMsPerMessage, unit: 'ms' },
      ...callLatencies,
      { name: 'aws-calls: cost SQS FIFO', value: cost.sqs, unit: 'USD/1M msg' },
      { name: 'aws-calls: cost DynamoDB on-demand', value: cost.dynamoDb, unit: 'USD/1M msg' },
      { name: `aws-calls: cost Lambda (arm64, ${LAMBDA_MEMORY_MB} MB, local durations)`, value: cost.lambda, unit: 'USD/1M msg' },
      { name: 'aws-calls: cost API Gateway HTTP API', value: cost.apiGateway, unit: 'USD/1M msg' },
      {
        name: 'aws-calls: cost per million inbound messages',
        value: total,
        unit: 'USD/1M msg',
        note: 'eu-central-1 list prices in bench/aws-calls.bench.ts (EU_CENTRAL_1_PRICES); Lambda time from an unloaded run on emulators (latencies in AWS are higher, so treat it as a floor); free tiers, logs, KMS, data transfer and idle polling not included',
      },
    ];
  } finally {
    await load.stop();
    timings.restore();
  }
}

/** Waits until no consumer has a batch in flight for a moment (deletes included). */
async function settle(busy: () => boolean): Promise<void> {
  let quietSince = performance.now();
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (busy()) quietSince = performance.now();
    else if (performance.now() - quietSince > 500) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
