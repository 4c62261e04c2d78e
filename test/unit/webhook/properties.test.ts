import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createWebhookIngestHandler } from '../../../functions/webhook-ingest/handler.js';
import { InboundEventSchema, type MessageEvent } from '../../../shared/domain/inbound-event.js';
import { buildCrmPayload } from '../../../shared/domain/crm/payload.js';
import { signWebhookBody } from '../../../shared/domain/webhook/signature.js';
import { capturingLog, fixedClock, InMemoryInboundQueue } from '../../support/in-memory.js';
import { envelopeArbitrary } from '../../support/webhook-arbitraries.js';
import { crmPayloadsFor } from '../../support/webhook-fixtures.js';

const APP_SECRET = 'property-secret';

function setup() {
  const queue = new InMemoryInboundQueue();
  const handler = createWebhookIngestHandler({
    verifyToken: 'token',
    log: capturingLog(),
    ingest: { appSecret: APP_SECRET, pseudonymKey: 'key', queue, clock: fixedClock(), maxBodyBytes: 3 * 1024 * 1024 },
  });
  const post = async (body: Buffer, base64 = false) => {
    const event = {
      version: '2.0',
      routeKey: 'POST /webhook',
      rawPath: '/webhook',
      rawQueryString: '',
      headers: { 'content-type': 'application/json', 'x-hub-signature-256': signWebhookBody(body, APP_SECRET) },
      requestContext: { http: { method: 'POST', path: '/webhook', protocol: 'HTTP/1.1', sourceIp: '203.0.113.1', userAgent: 'x' } },
      body: base64 ? body.toString('base64') : body.toString('utf8'),
      isBase64Encoded: base64,
    } as unknown as APIGatewayProxyEventV2;
    return (await handler(event, {} as Context)) as APIGatewayProxyStructuredResultV2;
  };
  return { queue, post };
}

describe('Properties: webhook ingestion', () => {
  it('every generated envelope is accepted with 200, and every valid item yields exactly one event', async () => {
    await fc.assert(
      fc.asyncProperty(envelopeArbitrary, async ({ envelope, expectedEvents, expectedMessageTypes }) => {
        // Prepare
        const { queue, post } = setup();

        // Act
        const response = await post(Buffer.from(JSON.stringify(envelope)));

        // Assess
        expect(response.statusCode).toBe(200);
        expect(queue.events).toHaveLength(expectedEvents);
        const messageTypes = queue.events.filter((event): event is MessageEvent => event.kind === 'message').map((event) => event.message.type);
        expect(messageTypes).toEqual(expectedMessageTypes);
        for (const event of queue.events) expect(InboundEventSchema.safeParse(JSON.parse(JSON.stringify(event))).success).toBe(true);
      }),
      { numRuns: 150 },
    );
  });

  it('every generated event reaches the CRM payload stage without throwing', async () => {
    await fc.assert(
      fc.asyncProperty(envelopeArbitrary, async ({ envelope }) => {
        const { queue, post } = setup();
        await post(Buffer.from(JSON.stringify(envelope)));
        const payloads = await crmPayloadsFor(queue.events);
        // One CRM event per inbound event; only a status behind one already seen (same wamid) is held back.
        const statuses = queue.events.filter((event) => event.kind === 'status').length;
        expect(payloads.length).toBeGreaterThanOrEqual(queue.events.length - statuses);
        expect(payloads.length).toBeLessThanOrEqual(queue.events.length);
        for (const payload of payloads) expect(typeof payload.data.contactId).toBe('string');
      }),
      { numRuns: 60 },
    );
  });

  it('random bytes, signed, never yield a 5xx or an exception (base64 or text)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 512 }), fc.boolean(), async (bytes, base64) => {
        const { post } = setup();
        const response = await post(Buffer.from(bytes), base64);
        expect(response.statusCode).toBeLessThan(500);
      }),
      { numRuns: 200 },
    );
  });

  it('random JSON, alone or inside an envelope at any level, never yields a 5xx; a valid envelope is always 200', async () => {
    const anywhere = fc.jsonValue({ maxDepth: 4 }).chain((junk) =>
      fc.constantFrom(
        junk,
        { object: 'whatsapp_business_account', entry: junk },
        { object: 'whatsapp_business_account', entry: [{ id: '1', changes: junk }] },
        { object: 'whatsapp_business_account', entry: [{ id: '1', changes: [{ field: 'messages', value: junk }] }] },
        { object: 'whatsapp_business_account', entry: [{ id: '1', changes: [{ field: 'messages', value: { metadata: { phone_number_id: '1' }, messages: [junk], statuses: [junk], errors: [junk], contacts: [junk] } }] }] },
        { object: 'whatsapp_business_account', entry: [{ id: '1', changes: [{ field: 'user_preferences', value: { user_preferences: [junk] } }] }] },
      ),
    );
    await fc.assert(
      fc.asyncProperty(anywhere, async (payload) => {
        const { queue, post } = setup();
        const response = await post(Buffer.from(JSON.stringify(payload) ?? 'null'));
        expect([200, 400]).toContain(response.statusCode);
        if (response.statusCode === 200) {
          expect(queue.events.length).toBe((JSON.parse(response.body as string) as { queued: number }).queued);
          for (const event of queue.events) expect(() => buildCrmPayloadOf(event)).not.toThrow();
        } else {
          expect(queue.events).toHaveLength(0);
        }
      }),
      { numRuns: 300 },
    );
  });
});

/** The CRM payload of an unsupported or other event, as the forwarder would build it (smoke only). */
function buildCrmPayloadOf(event: { eventId: string; occurredAt: string; contactId?: string }) {
  return buildCrmPayload({ v: 1, id: 'evt', type: 'webhook.unsupported', occurredAt: event.occurredAt, contactId: event.contactId ?? '', data: { raw: event } });
}
