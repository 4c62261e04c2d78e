import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { createWebhookIngestHandler, wireWebhookIngest } from '../../../functions/webhook-ingest/handler.js';
import { textMessageWebhook } from '../../../local/webhook-builder.js';
import { parseBridgeConfig } from '../../../shared/config/bridge-config.js';
import { DEFAULT_MAX_WEBHOOK_BYTES } from '../../../shared/domain/webhook/ingest.js';
import { signWebhookBody } from '../../../shared/domain/webhook/signature.js';
import { DependencyUnavailableError } from '../../../shared/errors.js';
import { environmentSecrets, type Runtime } from '../../../shared/lambda/runtime.js';
import { capturingLog, fixedClock, InMemoryInboundQueue } from '../../support/in-memory.js';
import { readWebhookFixture } from '../../support/webhook-fixtures.js';

const APP_SECRET = 'handler-app-secret';
const VERIFY_TOKEN = 'handler-verify-token';

/** An API Gateway HTTP API (payload v2) event as Lambda receives it. */
function apiEvent(options: { method: 'GET' | 'POST'; body?: string; base64?: boolean; headers?: Record<string, string>; query?: Record<string, string> }): APIGatewayProxyEventV2 {
  const body = options.body === undefined ? undefined : options.base64 ? Buffer.from(options.body, 'utf8').toString('base64') : options.body;
  return {
    version: '2.0',
    routeKey: `${options.method} /webhook`,
    rawPath: '/webhook',
    rawQueryString: new URLSearchParams(options.query ?? {}).toString(),
    headers: { host: 'abc123.execute-api.eu-central-1.amazonaws.com', 'user-agent': 'facebookexternalua', ...(options.headers ?? {}) },
    ...(options.query ? { queryStringParameters: options.query } : {}),
    requestContext: {
      accountId: '111111111111',
      apiId: 'abc123',
      domainName: 'abc123.execute-api.eu-central-1.amazonaws.com',
      domainPrefix: 'abc123',
      http: { method: options.method, path: '/webhook', protocol: 'HTTP/1.1', sourceIp: '203.0.113.10', userAgent: 'facebookexternalua' },
      requestId: 'req-1',
      routeKey: `${options.method} /webhook`,
      stage: '$default',
      time: '29/Nov/2026:10:00:00 +0000',
      timeEpoch: 1795946400000,
    },
    ...(body === undefined ? {} : { body }),
    isBase64Encoded: options.base64 === true,
  };
}

function setup(maxBodyBytes = DEFAULT_MAX_WEBHOOK_BYTES) {
  const queue = new InMemoryInboundQueue();
  const log = capturingLog();
  const handler = createWebhookIngestHandler({
    verifyToken: VERIFY_TOKEN,
    log,
    ingest: { appSecret: APP_SECRET, pseudonymKey: 'key', queue, clock: fixedClock(), maxBodyBytes },
  });
  const invoke = async (event: APIGatewayProxyEventV2) => (await handler(event, {} as Context)) as APIGatewayProxyStructuredResultV2;
  const post = (body: string, options: { signature?: string | null; base64?: boolean } = {}) => {
    const signature = options.signature === undefined ? signWebhookBody(body, APP_SECRET) : options.signature;
    return invoke(apiEvent({ method: 'POST', body, base64: options.base64, headers: { 'content-type': 'application/json', ...(signature === null ? {} : { 'x-hub-signature-256': signature }) } }));
  };
  return { queue, log, invoke, post };
}

const VALID = JSON.stringify(textMessageWebhook({ from: '491700000001', text: 'Hallo', wamid: 'wamid.H1', timestamp: 1795900000 }));

describe('Function: createWebhookIngestHandler (API Gateway v2 events)', () => {
  it('accepts a signed POST with 200 and queues its event', async () => {
    // Prepare
    const { queue, post } = setup();

    // Act
    const response = await post(VALID);

    // Assess
    expect(response.statusCode).toBe(200);
    expect(JSON.parse(response.body as string)).toEqual({ queued: 1 });
    expect(queue.events.map((event) => event.eventId)).toEqual(['wamid.H1']);
  });

  it('decodes a base64-encoded body before verifying the signature over its bytes', async () => {
    const { queue, post } = setup();
    const response = await post(VALID, { base64: true });
    expect(response.statusCode).toBe(200);
    expect(queue.events).toHaveLength(1);
  });

  it.each(['text-escaped-unicode.json', 'text-raw-unicode.json'])('verifies %s as sent (escaped and raw unicode)', async (name) => {
    const { queue, post } = setup();
    const body = readWebhookFixture(name).toString('utf8');
    expect((await post(body)).statusCode).toBe(200);
    expect((await post(body, { base64: true })).statusCode).toBe(200);
    expect(queue.events[0]).toMatchObject({ message: { text: { body: 'äöå 😮' } } });
  });

  it('answers 401 to the signature of the re-serialised body (escapes turned into raw UTF-8)', async () => {
    const { queue, post } = setup();
    const body = readWebhookFixture('text-escaped-unicode.json').toString('utf8');
    const response = await post(body, { signature: signWebhookBody(JSON.stringify(JSON.parse(body)), APP_SECRET) });
    expect(response.statusCode).toBe(401);
    expect(queue.events).toHaveLength(0);
  });

  it.each([
    ['missing', null, 'missing_signature'],
    ['without the sha256= prefix', signWebhookBody(VALID, APP_SECRET).slice('sha256='.length), 'malformed_signature'],
    ['with a sha1= prefix', signWebhookBody(VALID, APP_SECRET).replace('sha256=', 'sha1='), 'malformed_signature'],
    ['made with another secret', signWebhookBody(VALID, 'other'), 'invalid_signature'],
  ])('answers 401 to a signature that is %s, queueing nothing', async (_label, signature, code) => {
    const { queue, post } = setup();
    const response = await post(VALID, { signature });
    expect(response.statusCode).toBe(401);
    expect(JSON.parse(response.body as string)).toEqual({ error: { code, message: expect.any(String) } });
    expect(queue.events).toHaveLength(0);
  });

  it('answers 413 to a body over the configured limit, before anything else', async () => {
    const { queue, post } = setup(1024);
    const body = JSON.stringify({ object: 'whatsapp_business_account', entry: [], padding: 'x'.repeat(2000) });
    const response = await post(body, { signature: null });
    expect(response.statusCode).toBe(413);
    expect(JSON.parse(response.body as string)).toMatchObject({ error: { code: 'payload_too_large' } });
    expect(queue.events).toHaveLength(0);
  });

  it.each([
    ['malformed JSON', '{"object":"whatsapp_business_account","entry":[', 'malformed_json'],
    ['a JSON array', '[1,2,3]', 'invalid_envelope'],
    ['an envelope without entry', '{"object":"whatsapp_business_account"}', 'invalid_envelope'],
    ['entries without changes', '{"object":"whatsapp_business_account","entry":[{"id":"1"}]}', 'invalid_envelope'],
    ['an empty body', '', 'malformed_json'],
  ])('answers 400 with a short reason to %s, queueing nothing', async (_label, body, code) => {
    const { queue, post } = setup();
    const response = await post(body);
    expect(response.statusCode).toBe(400);
    const answer = JSON.parse(response.body as string) as { error: { code: string; message: string } };
    expect(answer.error.code).toBe(code);
    expect(answer.error.message.length).toBeLessThan(200);
    expect(queue.events).toHaveLength(0);
  });

  it('answers 503, never 200, when the queue is unavailable, so Meta retries', async () => {
    const { queue, post } = setup();
    queue.failWith = new DependencyUnavailableError('queue unavailable', { code: 'queue_unavailable' });
    const response = await post(VALID);
    expect(response.statusCode).toBe(503);
    expect(JSON.parse(response.body as string)).toEqual({ error: { code: 'queue_unavailable', message: 'temporarily unavailable, retry later' } });
  });

  it('answers 500, never 200, when the queue fails in an unexpected way', async () => {
    const { queue, post } = setup();
    queue.failWith = new TypeError('boom');
    expect((await post(VALID)).statusCode).toBe(500);
  });

  it('answers the GET handshake with the bare challenge as text/plain, and 403 to a wrong token', async () => {
    const { invoke } = setup();
    const ok = await invoke(apiEvent({ method: 'GET', query: { 'hub.mode': 'subscribe', 'hub.verify_token': VERIFY_TOKEN, 'hub.challenge': '1158201444' } }));
    expect(ok).toMatchObject({ statusCode: 200, body: '1158201444', headers: { 'content-type': 'text/plain; charset=utf-8' } });
    const wrong = await invoke(apiEvent({ method: 'GET', query: { 'hub.mode': 'subscribe', 'hub.verify_token': 'guess', 'hub.challenge': '1' } }));
    expect(wrong.statusCode).toBe(403);
    expect(JSON.parse(wrong.body as string)).toMatchObject({ error: { code: 'invalid_verify_token' } });
  });

  it('logs counts and codes only, never the message or the number', async () => {
    const { log, post } = setup();
    await post(VALID);
    await post('{"object":', {});
    const logged = JSON.stringify(log.lines);
    expect(logged).not.toMatch(/491700000001|Hallo/);
  });
});

describe('Function: wireWebhookIngest', () => {
  function runtime(env: Record<string, string>): Runtime {
    const full = { WHATSAPP_APP_SECRET: 's', PSEUDONYM_KEY: 'k', WHATSAPP_VERIFY_TOKEN: 't', INBOUND_QUEUE_URL: 'http://127.0.0.1:1/q', ...env };
    return {
      env: full,
      secrets: environmentSecrets(full),
      clock: fixedClock(),
      config: () => parseBridgeConfig({}),
      log: () => capturingLog(),
      metrics: () => ({ count: () => undefined, flush: () => undefined }),
      dynamoDb: () => { throw new Error('not used'); },
      sqs: () => ({}) as never,
    };
  }

  it('limits bodies to 3 MB unless MAX_WEBHOOK_BYTES says otherwise', async () => {
    expect((await wireWebhookIngest(runtime({}))).ingest.maxBodyBytes).toBe(3 * 1024 * 1024);
    expect((await wireWebhookIngest(runtime({ MAX_WEBHOOK_BYTES: '1000' }))).ingest.maxBodyBytes).toBe(1000);
    await expect(wireWebhookIngest(runtime({ MAX_WEBHOOK_BYTES: 'lots' }))).rejects.toThrow(/MAX_WEBHOOK_BYTES/);
  });
});
