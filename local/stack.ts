import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SQSClient } from '@aws-sdk/client-sqs';
import type { Clock, Log } from '../shared/domain/ports.js';
import { systemClock } from '../shared/domain/ports.js';
import { loadBridgeConfig } from '../shared/config/bridge-config.js';
import { environmentSecrets, readIntegerEnv, type Runtime } from '../shared/lambda/runtime.js';
import { createJsonLineLog, type LogLevel } from '../shared/logging.js';
import { API_ROUTES, FUNCTIONS, QUEUES, type FunctionKey, type QueueKey } from '../shared/resources.js';
import { CrmSink, sendJson } from './crm-sink.js';
import { LOCAL_REGION, localClientConfig, startDynamoDbEmulator, startSqsEmulator, type RunningEmulator } from './emulators.js';
import { FakeGraphApi } from './fake-graph-api.js';
import { LocalMetrics } from './local-metrics.js';
import { LOCAL_FUNCTIONS } from './functions.js';
import { HttpGateway, type HttpFunction } from './http-gateway.js';
import { provisionResources, type ProvisionedResources } from './provision.js';
import { QueuePoller, type SqsConsumer } from './queue-poller.js';
import { TtlSweeper } from './ttl-sweeper.js';

/** Secrets the local stack uses unless the environment sets them. Never use these anywhere else. */
export const LOCAL_SECRETS = {
  WHATSAPP_APP_SECRET: 'local-app-secret',
  WHATSAPP_VERIFY_TOKEN: 'local-verify-token',
  WHATSAPP_ACCESS_TOKEN: 'local-access-token',
  // base64 of "local-crm-webhook-secret!"
  CRM_WEBHOOK_SECRET: 'whsec_bG9jYWwtY3JtLXdlYmhvb2stc2VjcmV0IQ==',
  REPLIES_API_TOKEN: 'local-replies-token',
  ADMIN_API_TOKEN: 'local-admin-token',
  PSEUDONYM_KEY: 'local-pseudonym-key',
} as const;

export interface LocalStackOptions {
  /** HTTP port; 0 picks a free one. Default: `PORT` or 3000. */
  readonly port?: number;
  /** Environment overrides (secrets, `CRM_WEBHOOK_URL`, `GRAPH_API_BASE_URL`, knobs). Default: `process.env`. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Queue visibility timeout, so retries come quickly (seconds). Default: the shared definitions'. */
  readonly visibilityTimeoutSeconds?: number;
  /** Concurrent batches per queue. Default 2. */
  readonly pollerConcurrency?: number;
  /** Records per consumer invocation, for every queue (benchmarks). Default: each queue's `batchSize`. */
  readonly batchSize?: number;
  /** Where log lines go. Default: standard error, at `LOG_LEVEL` (warn). */
  readonly writeLog?: (line: string) => void;
  readonly logLevel?: LogLevel;
  /** Where the CRM sink prints deliveries. Default: standard output. */
  readonly print?: (line: string) => void;
  readonly clock?: Clock;
}

/** `GET /_local/resources`: where a running local stack's emulators, table and queues are. */
export interface LocalResourcesDescription extends ProvisionedResources {
  readonly region: string;
  readonly sqsEndpoint: string;
  readonly dynamoDbEndpoint: string;
  /** Where the forwarder delivers (its disabled flag is keyed by this URL's hash). */
  readonly crmWebhookUrl: string;
}

export interface LocalStack {
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  readonly resources: ProvisionedResources;
  readonly env: Readonly<Record<string, string>>;
  readonly dynamoDb: DynamoDBClient;
  readonly sqs: SQSClient;
  readonly emulators: { readonly dynamoDb: RunningEmulator; readonly sqs: RunningEmulator };
  /** The built-in CRM sink, unless `CRM_WEBHOOK_URL` points elsewhere. */
  readonly crmSink?: CrmSink;
  /** The fake Graph API, unless `GRAPH_API_BASE_URL` points elsewhere. */
  readonly graph?: FakeGraphApi;
  /** Business counters the functions recorded (`GET /_local/metrics`). */
  readonly metrics: LocalMetrics;
  /** Deletes expired items (DynamoDB TTL's local stand-in); runs every `LOCAL_TTL_SWEEP_SECONDS` (30). */
  readonly sweeper: TtlSweeper;
  /** Whether any queue consumer is processing a batch right now. */
  busy(): boolean;
  stop(): Promise<void>;
}

/**
 * Starts the whole bridge in this process: DynamoDB and SQS emulators, the table and queues from
 * the shared definitions, the HTTP API, a poller per queue, and the local CRM sink and Graph API.
 */
export async function startLocalStack(options: LocalStackOptions = {}): Promise<LocalStack> {
  const baseEnv = options.env ?? process.env;
  const port = options.port ?? Number(baseEnv.PORT ?? 3000);
  const print = options.print ?? ((line: string) => process.stdout.write(`${line}\n`));
  const writeLog = options.writeLog ?? ((line: string) => process.stderr.write(`${line}\n`));
  const logLevel = options.logLevel ?? ((baseEnv.LOG_LEVEL?.toLowerCase() as LogLevel | undefined) ?? 'warn');
  const makeLog = (service: string): Log => createJsonLineLog(service, writeLog, logLevel);
  const log = makeLog('local-stack');

  // Loaded before anything starts, so a bad file stops the start with its message and leaves nothing running.
  const config = loadBridgeConfig(baseEnv);
  const sweepSeconds = readIntegerEnv({ env: baseEnv }, 'LOCAL_TTL_SWEEP_SECONDS', 30);

  const [dynamoDbEmulator, sqsEmulator] = await Promise.all([startDynamoDbEmulator(), startSqsEmulator()]);
  const dynamoDb = new DynamoDBClient(localClientConfig(dynamoDbEmulator.endpoint));
  const sqs = new SQSClient(localClientConfig(sqsEmulator.endpoint));
  const resources = await provisionResources(
    { dynamoDb, sqs },
    options.visibilityTimeoutSeconds === undefined ? {} : { visibilityTimeoutSeconds: options.visibilityTimeoutSeconds },
  );

  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  // Every variable of the base environment reaches the functions (knobs such as BRIDGE_CONFIG),
  // with local defaults for the secrets and the stack's own resource names on top.
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(baseEnv)) if (value !== undefined && value !== '') env[name] = value;
  for (const [name, fallback] of Object.entries(LOCAL_SECRETS)) env[name] ||= fallback;
  env.TABLE_NAME = resources.tableName;
  for (const queue of Object.values(QUEUES)) env[queue.urlEnv] = resources.queueUrls[queue.key];
  const crmSink = env.CRM_WEBHOOK_URL ? undefined : new CrmSink(env.CRM_WEBHOOK_SECRET as string, print);
  env.CRM_WEBHOOK_URL ??= `${url}/_local/crm/webhook`;
  const graph = env.GRAPH_API_BASE_URL ? undefined : new FakeGraphApi();
  env.GRAPH_API_BASE_URL ??= `${url}/_local/graph`;

  const metrics = new LocalMetrics();
  const runtime: Runtime = {
    env,
    config: () => config,
    secrets: environmentSecrets(env),
    clock: options.clock ?? systemClock,
    log: makeLog,
    metrics: () => metrics,
    dynamoDb: () => dynamoDb,
    sqs: () => sqs,
  };

  const httpFunctions: Partial<Record<FunctionKey, HttpFunction>> = {};
  const consumers: Partial<Record<QueueKey, SqsConsumer>> = {};
  for (const definition of Object.values(FUNCTIONS)) {
    const build = LOCAL_FUNCTIONS[definition.key];
    if (!build) continue;
    const handler = await build(runtime);
    if (definition.consumes) consumers[definition.consumes] = handler as SqsConsumer;
    else httpFunctions[definition.key] = handler as HttpFunction;
  }

  const localResources: LocalResourcesDescription = {
    region: LOCAL_REGION,
    sqsEndpoint: sqsEmulator.endpoint,
    dynamoDbEndpoint: dynamoDbEmulator.endpoint,
    tableName: resources.tableName,
    queueUrls: resources.queueUrls,
    deadLetterQueueUrls: resources.deadLetterQueueUrls,
    crmWebhookUrl: env.CRM_WEBHOOK_URL,
  };
  const gateway = new HttpGateway(API_ROUTES, (route) => httpFunctions[route.function]);
  server.removeAllListeners('error');
  server.on('request', (request, response) => {
    const requestUrl = new URL(request.url ?? '/', url);
    void (async () => {
      if (await gateway.handle(request, response, requestUrl)) return;
      if (request.method === 'GET' && requestUrl.pathname === '/_local/resources') {
        // How local tools (npm run dlq) find the emulators of a running `npm start`.
        sendJson(response, 200, localResources);
        return;
      }
      if (request.method === 'GET' && requestUrl.pathname === '/_local/metrics') {
        sendJson(response, 200, metrics.snapshot());
        return;
      }
      if (crmSink && (await crmSink.handle(request, response, requestUrl.pathname))) return;
      if (graph && (await graph.handle(request, response, requestUrl.pathname))) return;
      sendJson(response, 404, { error: { code: 'not_found', message: `no route for ${request.method} ${requestUrl.pathname}` } });
    })().catch((error: unknown) => {
      log.error('local request failed', { path: requestUrl.pathname, errorName: error instanceof Error ? error.name : typeof error });
      if (!response.headersSent) sendJson(response, 500, { error: { code: 'internal_error', message: 'internal error' } });
      else response.end();
    });
  });

  const pollers = (Object.entries(consumers) as [QueueKey, SqsConsumer][]).map(
    ([key, consumer]) =>
      new QueuePoller({
        name: QUEUES[key].name,
        sqs,
        queueUrl: resources.queueUrls[key],
        consumer,
        batchSize: options.batchSize ?? QUEUES[key].batchSize,
        concurrency: options.pollerConcurrency ?? 2,
        log,
      }),
  );
  for (const poller of pollers) poller.start();
  const sweeper = new TtlSweeper({
    dynamoDb,
    tableName: resources.tableName,
    clock: runtime.clock,
    log,
    intervalMs: sweepSeconds * 1000,
  });
  sweeper.start();

  let stopped = false;
  return {
    url,
    resources,
    env,
    dynamoDb,
    sqs,
    emulators: { dynamoDb: dynamoDbEmulator, sqs: sqsEmulator },
    metrics,
    ...(crmSink ? { crmSink } : {}),
    ...(graph ? { graph } : {}),
    sweeper,
    busy: () => pollers.some((poller) => poller.busy),
    stop: async () => {
      if (stopped) return;
      stopped = true;
      await Promise.all([...pollers.map((poller) => poller.stop()), sweeper.stop()]);
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      dynamoDb.destroy();
      sqs.destroy();
      await Promise.all([dynamoDbEmulator.stop(), sqsEmulator.stop()]);
    },
  };
}
