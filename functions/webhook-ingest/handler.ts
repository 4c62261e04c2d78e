import { SQSClient } from '@aws-sdk/client-sqs';
import middy from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { SqsInboundEventQueue } from '../../shared/adapters/sqs-fifo-queue.js';
import { BRIDGE_METRICS } from '../../shared/domain/metrics.js';
import type { Log, Metrics } from '../../shared/domain/ports.js';
import { flushMetrics } from '../../shared/lambda/flush-metrics.js';
import {
  DEFAULT_MAX_WEBHOOK_BYTES,
  ingestWebhook,
  verifySubscription,
  withHmacKeys,
  type IngestWebhookDependencies,
} from '../../shared/domain/webhook/ingest.js';
import { jsonResponse, readHeader, readRawBody, textResponse } from '../../shared/lambda/http.js';
import { httpErrors } from '../../shared/lambda/http-errors.js';
import { lambdaEntry, readIntegerEnv, requireEnv, type Runtime } from '../../shared/lambda/runtime.js';
import { QUEUES } from '../../shared/resources.js';

export interface WebhookIngestDependencies {
  readonly ingest: IngestWebhookDependencies;
  readonly verifyToken: string;
  readonly log: Log;
  /** Counts accepted webhooks; optional so a test can leave it out. */
  readonly metrics?: Metrics;
}

/** `GET /webhook` answers Meta's handshake; `POST /webhook` verifies, normalises and queues. */
export function createWebhookIngestHandler(dependencies: WebhookIngestDependencies) {
  const ingest = withHmacKeys(dependencies.ingest);
  // No early-timeout timer (middy arms one per request by default): a webhook that runs into the
  // Lambda timeout is answered 5xx by API Gateway either way, so Meta retries, and nothing is
  // answered 200 that was not queued. The timer cost about a microsecond on every request.
  return middy<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2>({ timeoutEarlyInMillis: 0 })
    .use(httpErrors({ log: dependencies.log }))
    .use(flushMetrics(dependencies.metrics))
    .handler(async (event) => {
      if (event.requestContext.http.method === 'GET') {
        return textResponse(200, verifySubscription(event.queryStringParameters ?? {}, dependencies.verifyToken));
      }
      const result = await ingestWebhook(
        { rawBody: readRawBody(event), signature: readHeader(event, 'x-hub-signature-256') },
        ingest,
      );
      dependencies.log.info('webhook accepted', { events: result.queued });
      dependencies.metrics?.count(BRIDGE_METRICS.webhooksReceived);
      return jsonResponse(200, { queued: result.queued });
    });
}

/** Builds the handler's dependencies from the runtime (environment, secrets, clients). */
export async function wireWebhookIngest(runtime: Runtime): Promise<WebhookIngestDependencies> {
  const [appSecret, pseudonymKey, verifyToken] = await Promise.all([
    runtime.secrets.get('WHATSAPP_APP_SECRET'),
    runtime.secrets.get('PSEUDONYM_KEY'),
    runtime.secrets.get('WHATSAPP_VERIFY_TOKEN'),
  ]);
  return {
    verifyToken,
    log: runtime.log('webhook-ingest'),
    metrics: runtime.metrics('webhook-ingest'),
    ingest: {
      appSecret,
      pseudonymKey,
      queue: new SqsInboundEventQueue(runtime.sqs(), requireEnv(runtime, QUEUES.inbound.urlEnv)),
      clock: runtime.clock,
      maxBodyBytes: readIntegerEnv(runtime, 'MAX_WEBHOOK_BYTES', DEFAULT_MAX_WEBHOOK_BYTES),
    },
  };
}

export const handler = lambdaEntry(
  async (runtime) => createWebhookIngestHandler(await wireWebhookIngest(runtime)),
  { sqs: () => new SQSClient({}) },
);
