import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { forwardingEnv } from '../support/bridge-config-file.js';
import { startTestStack, type TestStack } from '../support/local-stack.js';
import { assertNoPersonalDataInLogs } from '../support/log-scan.js';
import { DeliveryLedger, RELIABILITY_SCALE, planConversations, postByContact, reportCounts, scaled, verifyDelivery } from '../support/reliability.js';
import { waitFor } from '../support/wait.js';

describe('Reliability: the CRM is down for a while, then back', () => {
  let stack: TestStack;

  beforeAll(async () => {
    stack = await startTestStack({ env: forwardingEnv(), pollerConcurrency: 4 });
  });
  afterAll(async () => {
    await stack.stop();
  });

  it('delivers every message accepted during the outage once the CRM is back, none twice under a new webhook-id, in order', async () => {
    // Prepare: the CRM answers 503 to the next deliveries (a few rounds of retries for each
    // message, fewer than crm-push's maxReceiveCount, so they are retried rather than dead-lettered)
    const conversation = planConversations(scaled(6), 3);
    const failures = scaled(12);
    stack.crmSink?.failNext({ status: 503, count: failures });
    const ledger = new DeliveryLedger();

    // Act
    await postByContact(stack, ledger, conversation.messages.map((message) => [message]), 3);
    await waitFor(() => (stack.crmSink?.allAttempts.filter((attempt) => attempt.status === 503).length === failures ? true : undefined), 30_000 * RELIABILITY_SCALE, 'the outage to pass');
    const report = await verifyDelivery(stack, ledger);

    // Assess
    const refusedAttempts = stack.crmSink?.allAttempts.filter((attempt) => attempt.status === 503).length ?? 0;
    reportCounts('CRM outage', { ...report, refusedAttempts });
    expect(ledger.count(200)).toBe(conversation.messages.length);
    expect(refusedAttempts).toBe(failures);
    expect(report.missing).toBe(0);
    expect(report.delivered + report.deadLettered).toBe(conversation.messages.length);
    expect(report.delivered).toBeGreaterThan(0);
    // Faults need quick retries, so batches run with a 1-s visibility timeout: under load a batch
    // can outlive it and be sent again, under the same webhook-id (counted in deliveredTwice).
    // What the CRM could not deduplicate, one message under two webhook-ids, must never happen.
    expect(report.duplicatesWithNewWebhookId).toBe(0);
    expect(report.orderViolations).toBe(0);
    assertNoPersonalDataInLogs(stack.logs, conversation.personalData);
  });
});
