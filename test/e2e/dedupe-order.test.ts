import { randomUUID } from 'node:crypto';
import { SendMessageCommand } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { statusWebhook, textMessageWebhook } from '../../local/webhook-builder.js';
import { inboundMessageGroupId } from '../../shared/domain/inbound-event.js';
import { normalizeWebhook } from '../../shared/domain/webhook/normalize.js';
import type { WebhookEnvelope } from '../../shared/domain/webhook/schemas.js';
import { buildScenario, runScenario, verifyScenario } from '../support/dedupe-order-scenario.js';
import { startTestStack, type TestStack } from '../support/local-stack.js';
import { sleep, waitFor } from '../support/wait.js';

describe('Acceptance: duplicates and disorder across contacts, end to end on the local stack', () => {
  let stack: TestStack;

  beforeAll(async () => {
    // A visibility timeout well above a batch's time, so slow batches on a busy machine are not redelivered.
    stack = await startTestStack({ visibilityTimeoutSeconds: 30, pollerConcurrency: 4, logLevel: 'warn' });
  });
  afterAll(async () => {
    await stack.stop();
  });

  it('300 POSTs, 30% duplicates, shuffled: each message once, in per-contact acceptance order, statuses never backwards', async () => {
    // Prepare
    const scenario = buildScenario({ posts: 300, contacts: 12, duplicateRatio: 0.3, lanes: 12, seed: 7 });

    // Act
    const run = await runScenario(stack, scenario, 100_000);

    // Assess
    const report = verifyScenario(stack, scenario, run);
    expect(report.violations).toEqual([]);
    expect(report.messagesDelivered).toBe(scenario.uniqueMessages);
    expect(scenario.posts.length - scenario.uniquePosts).toBe(90);
    expect(report.statusesDelivered).toBeGreaterThan(0);
    expect(stack.logs.join('\n')).not.toMatch(/49170\d{7}|load message/);
  }, 120_000);
});

describe('Acceptance: a redelivery days later, after the SQS deduplication window', () => {
  let stack: TestStack;

  beforeAll(async () => {
    stack = await startTestStack({ logLevel: 'warn' });
  });
  afterAll(async () => {
    await stack.stop();
  });

  it('is processed once: the processed-event marker catches what SQS no longer deduplicates', async () => {
    // Prepare: a message and a status, delivered once through the webhook
    const payload = textMessageWebhook({ from: '491700000077', text: 'einmal bitte', wamid: 'wamid.LATE-1', timestamp: 1795900000 });
    const status = statusWebhook({ wamid: 'wamid.LATE-OUT', recipient: '491700000077', status: 'read', timestamp: 1795900001 });
    expect((await stack.postWebhook(payload)).status).toBe(200);
    expect((await stack.postWebhook(status)).status).toBe(200);
    await waitFor(async () => ((await stack.crmEvents()).length >= 2 ? true : undefined), 20_000, 'the first deliveries');

    // Act: the same events reach inbound.fifo again with new deduplication ids, as a redelivery
    // arriving after SQS's 5-minute window would
    const events = [payload, status].flatMap((envelope) =>
      normalizeWebhook(envelope as WebhookEnvelope, { pseudonymKey: stack.env.PSEUDONYM_KEY as string, receivedAt: new Date() }),
    );
    for (const event of events) {
      await stack.sqs.send(
        new SendMessageCommand({
          QueueUrl: stack.resources.queueUrls.inbound,
          MessageBody: JSON.stringify(event),
          MessageGroupId: inboundMessageGroupId(event),
          MessageDeduplicationId: `days-later-${randomUUID()}`,
        }),
      );
    }
    await waitFor(async () => ((await stack.queueDepth('inbound')) === 0 && (await stack.queueDepth('crmPush')) === 0 && !stack.busy() ? true : undefined), 20_000, 'drained queues');
    await sleep(1500);

    // Assess
    const deliveries = await stack.crmEvents();
    expect(deliveries.filter((delivery) => delivery.payload.data.messageId === 'wamid.LATE-1')).toHaveLength(1);
    expect(deliveries.filter((delivery) => delivery.payload.data.messageId === 'wamid.LATE-OUT')).toHaveLength(1);
  });
});
