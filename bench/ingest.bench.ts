/**
 * Ingest handler time against its floor. The floor is what any correct implementation must do to
 * the same body: HMAC-SHA256 over the raw bytes and JSON.parse. The handler is the real
 * `createWebhookIngestHandler` (middy, error middleware, signature check, strict UTF-8, zod envelope
 * and message schemas, normalisation with contact pseudonyms, event ids), fed an API Gateway v2
 * event of a one-message webhook; its queue is an in-memory port (the adapter boundary), so no
 * network time is in the figure. A second figure puts the real SQS adapter in front of a stub SDK
 * client, to show what serialising the events for SendMessageBatch adds. Target: handler < 3x floor.
 */
import type { SQSClient } from '@aws-sdk/client-sqs';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { createWebhookIngestHandler } from '../functions/webhook-ingest/handler.js';
import { createLambdaContext } from '../local/lambda-context.js';
import { signedWebhookRequest, textMessageWebhook } from '../local/webhook-builder.js';
import { SqsInboundEventQueue } from '../shared/adapters/sqs-fifo-queue.js';
import { hmacSha256 } from '../shared/domain/crypto.js';
import type { InboundEvent } from '../shared/domain/inbound-event.js';
import type { InboundEventQueue } from '../shared/domain/ports.js';
import { systemClock } from '../shared/domain/ports.js';
import { DEFAULT_MAX_WEBHOOK_BYTES } from '../shared/domain/webhook/ingest.js';
import { silentLog } from './lib/fixtures.js';
import { measurePair } from './lib/stats.js';
import type { BenchResult } from './lib/types.js';

const APP_SECRET = 'bench-app-secret';
const TARGET_RATIO = 3;

/** Keeps the last batch only, so memory stays flat over many thousand calls. */
class LastBatchQueue implements InboundEventQueue {
  public last: readonly InboundEvent[] = [];
  public async enqueue(events: readonly InboundEvent[]): Promise<void> {
    this.last = events;
  }
}

/** An SQS client stand-in that accepts every entry at once. */
const acceptingSqsClient = {
  send: async (command: { input: { Entries?: { Id: string }[] } }) => ({
    Successful: (command.input.Entries ?? []).map((entry) => ({ Id: entry.Id, MessageId: entry.Id, MD5OfMessageBody: '' })),
    Failed: [],
  }),
} as unknown as SQSClient;

function apiGatewayEvent(body: string, headers: Record<string, string>): APIGatewayProxyEventV2 {
  return {
    version: '2.0',
    routeKey: 'POST /webhook',
    rawPath: '/webhook',
    rawQueryString: '',
    headers: { ...headers, host: 'bench.local', 'user-agent': 'facebookexternalua' },
    requestContext: {
      accountId: '000000000000',
      apiId: 'bench',
      domainName: 'bench.local',
      domainPrefix: 'bench',
      http: { method: 'POST', path: '/webhook', protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'facebookexternalua' },
      requestId: 'bench',
      routeKey: 'POST /webhook',
      stage: '$default',
      time: new Date().toUTCString(),
      timeEpoch: Date.now(),
    },
    body,
    isBase64Encoded: false,
  };
}

export function buildIngestHandler(queue: InboundEventQueue) {
  return createWebhookIngestHandler({
    verifyToken: 'bench-verify-token',
    log: silentLog,
    ingest: { appSecret: APP_SECRET, pseudonymKey: 'bench-pseudonym-key', queue, clock: systemClock, maxBodyBytes: DEFAULT_MAX_WEBHOOK_BYTES },
  }) as unknown as (event: APIGatewayProxyEventV2, context: ReturnType<typeof createLambdaContext>) => Promise<APIGatewayProxyStructuredResultV2>;
}

export default async function run(): Promise<BenchResult[]> {
  const payload = textMessageWebhook({ from: '4915112345678', name: 'Bench Customer', text: 'Hello, where is my order #4711? Thanks a lot!' });
  const { body, headers } = signedWebhookRequest(payload, APP_SECRET);
  const event = apiGatewayEvent(body, headers);
  const context = createLambdaContext('webhook-ingest');

  const memoryQueue = new LastBatchQueue();
  const handler = buildIngestHandler(memoryQueue);
  const handlerWithAdapter = buildIngestHandler(new SqsInboundEventQueue(acceptingSqsClient, 'https://sqs.local/000000000000/inbound.fifo'));
  const check = await handler(event, context);
  if (check.statusCode !== 200 || memoryQueue.last.length !== 1) throw new Error(`ingest handler answered ${check.statusCode}, queued ${memoryQueue.last.length}`);

  // The floor works on the same representation the handler receives: the body as a string.
  let sink = 0;
  const floor = () => {
    const bytes = Buffer.from(body, 'utf8');
    sink += hmacSha256(APP_SECRET, bytes)[0] as number;
    sink += (JSON.parse(body) as { entry: unknown[] }).entry.length;
  };
  const options = { repeats: 15, iterations: 2000, warmup: 3000 };
  const inMemory = await measurePair(() => handler(event, context), floor, options);
  const withAdapter = await measurePair(() => handlerWithAdapter(event, context), floor, options);
  if (sink === 0) throw new Error('floor was optimised away');

  const ratio = inMemory.a.perOpMicros / inMemory.b.perOpMicros;
  const floorMicros = inMemory.b.perOpMicros;
  return [
    {
      name: 'ingest: handler time / floor',
      value: ratio,
      unit: 'x',
      baseline: { name: 'target', value: TARGET_RATIO, unit: 'x' },
      ...(ratio >= TARGET_RATIO ? { note: `ingest handler is ${ratio.toFixed(1)}x its floor (target < ${TARGET_RATIO}x): see README "Benchmarks" for the profile` } : {}),
    },
    { name: 'ingest: handler, in-memory queue', value: inMemory.a.perOpMicros, unit: 'µs/webhook', baseline: { name: 'floor HMAC+JSON.parse', value: floorMicros, unit: 'µs' } },
    {
      name: 'ingest: handler, SQS adapter (stub client)',
      value: withAdapter.a.perOpMicros,
      unit: 'µs/webhook',
      baseline: { name: 'floor HMAC+JSON.parse', value: withAdapter.b.perOpMicros, unit: 'µs' },
    },
    { name: 'ingest: body size', value: Buffer.byteLength(body), unit: 'bytes' },
  ];
}
