/**
 * End to end on the local stack: signed webhook POSTs to the CRM sink, through the real HTTP
 * gateway, webhook-ingest, inbound.fifo (fauxqs), conversation-processor (dynalite),
 * crm-push.fifo and crm-forwarder. Reported per concurrency level (webhook POSTs in flight):
 * sustained delivered messages/s and p50/p99 latency from "webhook answered 200" to "CRM sink
 * received". Every figure is the median of REPEATS runs on one stack.
 *
 * Messages are spread over many contacts: a FIFO queue hands out one message group at a time
 * while the group has messages in flight, so one contact's messages are processed one batch
 * after another, by design (order per contact).
 *
 * The baselines say what bounds the figures: the emulators alone (fauxqs SendMessageBatch and
 * Receive+Delete throughput, dynalite operation rates) measured in the same run, and how busy
 * the main Node.js thread was. Each emulator runs on its own thread (local/emulators.ts) and the
 * posters on another (bench/lib/poster-worker.mjs); the HTTP gateway, the three functions with
 * their SDK clients and the CRM sink share the main thread. In AWS each of them scales out on its own.
 */
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { CreateTableCommand, DynamoDBClient, GetItemCommand, PutItemCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { CreateQueueCommand, DeleteMessageBatchCommand, ReceiveMessageCommand, SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import { localClientConfig, startDynamoDbEmulator, startSqsEmulator } from '../local/emulators.js';
import { syntheticWaIds } from './lib/fixtures.js';
import { runLoad, startLoadStack, type LoadRunResult } from './lib/load.js';
import { median } from './lib/stats.js';
import type { BenchContext, BenchResult } from './lib/types.js';

const REPEATS = Number(process.env.BENCH_E2E_REPEATS ?? 3);
const MESSAGES = Number(process.env.BENCH_E2E_MESSAGES ?? 600);
const CONTACTS = 400;
const TARGET_RATE = 500;
const TARGET_P99_MS = 1000;

interface StackConfig {
  readonly label: string;
  readonly pollerConcurrency: number;
  readonly batchSize: number;
  readonly levels: readonly number[];
}

const CONFIGS: readonly StackConfig[] = [
  { label: 'pollers 2, batch 10', pollerConcurrency: 2, batchSize: 10, levels: [1, 8, 32] },
  { label: 'pollers 8, batch 10', pollerConcurrency: 8, batchSize: 10, levels: [8, 32] },
  { label: 'pollers 8, batch 1', pollerConcurrency: 8, batchSize: 1, levels: [32] },
];

function medianOf(runs: readonly LoadRunResult[], pick: (run: LoadRunResult) => number): number {
  return median(runs.map(pick));
}

async function measureStack(config: StackConfig, progress: (line: string) => void): Promise<BenchResult[]> {
  const load = await startLoadStack({ pollerConcurrency: config.pollerConcurrency, batchSize: config.batchSize, visibilityTimeoutSeconds: 5 });
  const results: BenchResult[] = [];
  try {
    const waIds = syntheticWaIds(CONTACTS);
    await runLoad(load, { concurrency: 8, messages: 100, waIds }); // warm-up: JIT, connections, first contacts
    for (const concurrency of config.levels) {
      const runs: LoadRunResult[] = [];
      for (let repeat = 0; repeat < REPEATS; repeat += 1) runs.push(await runLoad(load, { concurrency, messages: MESSAGES, waIds }));
      const lost = runs.reduce((sum, run) => sum + run.accepted - run.delivered, 0);
      const refused = runs.reduce((sum, run) => sum + run.refused, 0);
      if (lost > 0 || refused > 0) throw new Error(`${config.label}, ${concurrency} posters: ${lost} accepted messages not delivered, ${refused} refused`);
      const prefix = `e2e: ${config.label}, ${concurrency} posters`;
      const rate = medianOf(runs, (run) => run.throughput);
      const p99 = medianOf(runs, (run) => run.latencyP99);
      progress(`${config.label}, ${concurrency} posters: ${rate.toFixed(1)} msg/s, p99 ${p99.toFixed(0)} ms`);
      const elu = medianOf(runs, (run) => run.eventLoopUtilization);
      results.push(
        { name: `${prefix}: throughput`, value: rate, unit: 'msg/s', baseline: { name: 'target', value: TARGET_RATE, unit: 'msg/s' } },
        { name: `${prefix}: ingest alone`, value: medianOf(runs, (run) => run.ingestRate), unit: 'webhooks/s' },
        { name: `${prefix}: latency p50`, value: medianOf(runs, (run) => run.latencyP50), unit: 'ms' },
        { name: `${prefix}: latency p99`, value: p99, unit: 'ms', baseline: { name: 'target', value: TARGET_P99_MS, unit: 'ms' } },
        { name: `${prefix}: CPU per message, all threads`, value: medianOf(runs, (run) => run.cpuMicrosPerMessage), unit: 'µs' },
        { name: `${prefix}: main thread busy per message`, value: medianOf(runs, (run) => run.mainThreadMicrosPerMessage), unit: 'µs', baseline: { name: 'event loop busy', value: elu * 100, unit: '%' } },
      );
    }
  } finally {
    await load.stop();
  }
  return results;
}

/** Runs `task` with `concurrency` workers until `total` units are done; returns units per second. */
async function rate(total: number, unitsPerCall: number, concurrency: number, task: () => Promise<void>): Promise<number> {
  let remaining = Math.ceil(total / unitsPerCall);
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (remaining > 0) {
        remaining -= 1;
        await task();
      }
    }),
  );
  return (Math.ceil(total / unitsPerCall) * unitsPerCall) / ((performance.now() - started) / 1000);
}

/** The emulators alone, in this process, with the SDK clients the bridge uses. */
async function measureEmulators(): Promise<{ results: BenchResult[]; pipelineBound: number }> {
  const [sqsEmulator, dynamoEmulator] = await Promise.all([startSqsEmulator(), startDynamoDbEmulator()]);
  const sqs = new SQSClient(localClientConfig(sqsEmulator.endpoint));
  const dynamoDb = new DynamoDBClient(localClientConfig(dynamoEmulator.endpoint));
  try {
    const queueUrl = (await sqs.send(new CreateQueueCommand({ QueueName: 'bench.fifo', Attributes: { FifoQueue: 'true', VisibilityTimeout: '30' } }))).QueueUrl as string;
    const body = JSON.stringify({ v: 1, kind: 'message', eventId: 'x'.repeat(64), text: 'y'.repeat(300) });
    let counter = 0;
    const entries = (count: number) =>
      Array.from({ length: count }, (_, index) => {
        counter += 1;
        return { Id: String(index), MessageBody: body, MessageGroupId: `g${counter % 400}`, MessageDeduplicationId: `d${counter}-${randomBytes(4).toString('hex')}` };
      });
    const sendOne = await rate(2000, 1, 8, async () => void (await sqs.send(new SendMessageBatchCommand({ QueueUrl: queueUrl, Entries: entries(1) }))));
    const sendTen = await rate(4000, 10, 8, async () => void (await sqs.send(new SendMessageBatchCommand({ QueueUrl: queueUrl, Entries: entries(10) }))));
    let received = 0;
    const receiveStarted = performance.now();
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        for (;;) {
          const { Messages } = await sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 0 }));
          if (!Messages?.length) return;
          received += Messages.length;
          await sqs.send(new DeleteMessageBatchCommand({ QueueUrl: queueUrl, Entries: Messages.map((message, index) => ({ Id: String(index), ReceiptHandle: message.ReceiptHandle as string })) }));
        }
      }),
    );
    const receiveRate = received / ((performance.now() - receiveStarted) / 1000);

    await dynamoDb.send(
      new CreateTableCommand({
        TableName: 'bench',
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [{ AttributeName: 'PK', AttributeType: 'S' }, { AttributeName: 'SK', AttributeType: 'S' }],
        KeySchema: [{ AttributeName: 'PK', KeyType: 'HASH' }, { AttributeName: 'SK', KeyType: 'RANGE' }],
      }),
    );
    let item = 0;
    const put = await rate(2000, 1, 8, async () => {
      item += 1;
      await dynamoDb.send(new PutItemCommand({ TableName: 'bench', Item: { PK: { S: `EVENT#${item}` }, SK: { S: 'EVENT' }, expiresAt: { N: '9999999999' } }, ConditionExpression: 'attribute_not_exists(PK)' }));
    });
    let read = 0;
    const get = await rate(2000, 1, 8, async () => {
      read += 1;
      await dynamoDb.send(new GetItemCommand({ TableName: 'bench', Key: { PK: { S: `EVENT#${read}` }, SK: { S: 'EVENT' } }, ConsistentRead: true }));
    });
    let updated = 0;
    const update = await rate(2000, 1, 8, async () => {
      updated += 1;
      await dynamoDb.send(
        new UpdateItemCommand({
          TableName: 'bench',
          Key: { PK: { S: `CONTACT#${updated % 400}` }, SK: { S: 'PROFILE' } },
          UpdateExpression: 'SET updatedAt = :now, lastInboundAt = :now ADD version :one',
          ExpressionAttributeValues: { ':now': { S: new Date().toISOString() }, ':one': { N: '1' } },
          ReturnValues: 'ALL_NEW',
        }),
      );
    });
    // What one inbound message costs the emulators, if they ran alone: two one-entry sends
    // (ingest; processor to crm-push), a marker get and put, a contact update, and the receive
    // and delete of two queues in batches.
    const secondsPerMessage = 2 / sendOne + 2 / get + 1 / put + 1 / update + 2 / receiveRate;
    const pipelineBound = 1 / secondsPerMessage;
    return {
      pipelineBound,
      results: [
        { name: 'e2e baseline: fauxqs SendMessageBatch, 1 entry, 8 in flight', value: sendOne, unit: 'msg/s' },
        { name: 'e2e baseline: fauxqs SendMessageBatch, 10 entries, 8 in flight', value: sendTen, unit: 'msg/s' },
        { name: 'e2e baseline: fauxqs Receive(10)+DeleteMessageBatch, 8 loops', value: receiveRate, unit: 'msg/s' },
        { name: 'e2e baseline: dynalite conditional PutItem, 8 in flight', value: put, unit: 'ops/s' },
        { name: 'e2e baseline: dynalite GetItem (consistent), 8 in flight', value: get, unit: 'ops/s' },
        { name: 'e2e baseline: dynalite UpdateItem, 8 in flight', value: update, unit: 'ops/s' },
        {
          name: 'e2e baseline: emulator-only bound for the pipeline',
          value: pipelineBound,
          unit: 'msg/s',
          baseline: { name: 'target', value: TARGET_RATE, unit: 'msg/s' },
          note: 'emulator-only bound = 1 / (2/send1 + 2/get + 1/put + 1/update + 2/receive+delete): the emulators\' own time per message, before any bridge code runs',
        },
      ],
    };
  } finally {
    sqs.destroy();
    dynamoDb.destroy();
    await Promise.all([sqsEmulator.stop(), dynamoEmulator.stop()]);
  }
}

export default async function run(context?: BenchContext): Promise<BenchResult[]> {
  const progress = context?.progress ?? (() => undefined);
  const emulators = await measureEmulators();
  progress(`emulators alone: bound ${emulators.pipelineBound.toFixed(1)} msg/s`);
  const results: BenchResult[] = [...emulators.results];
  for (const config of CONFIGS) results.push(...(await measureStack(config, progress)));
  const best = Math.max(...results.filter((result) => result.name.endsWith(': throughput')).map((result) => result.value));
  results.push({
    name: 'e2e: best sustained throughput',
    value: best,
    unit: 'msg/s',
    baseline: { name: 'emulator-only bound', value: emulators.pipelineBound, unit: 'msg/s' },
    ...(best < TARGET_RATE ? { note: `target ${TARGET_RATE} msg/s missed: the gateway, functions, SDK clients and CRM sink share one Node.js thread; see "main thread busy per message" and the emulator baselines` } : {}),
  });
  return results;
}
