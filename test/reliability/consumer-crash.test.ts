import { afterEach, describe, expect, it } from 'vitest';
import { crashMidBatchOnce, type CrashPlan } from '../support/consumer-faults.js';
import { forwardingEnv } from '../support/bridge-config-file.js';
import { startTestStack, type TestStack } from '../support/local-stack.js';
import { assertNoPersonalDataInLogs } from '../support/log-scan.js';
import { DeliveryLedger, planConversations, postByContact, reportCounts, scaled, verifyDelivery } from '../support/reliability.js';

describe('Reliability: a consumer crashing mid-batch', () => {
  let stack: TestStack | undefined;
  let plan: CrashPlan | undefined;

  afterEach(async () => {
    await stack?.stop();
    plan?.restore();
    stack = undefined;
    plan = undefined;
  });

  it('conversation-processor: the redelivered batch is processed without loss and without a second CRM event id', async () => {
    // Prepare: every eighth record crashes its batch the first time it is seen
    const conversation = planConversations(scaled(10), 3);
    const crashOn = new Set(conversation.messages.filter((_, index) => index % 8 === 3).map((message) => message.wamid));
    plan = crashMidBatchOnce('conversationProcessor', (record) => [...crashOn].some((wamid) => record.body.includes(wamid)));
    stack = await startTestStack({ env: forwardingEnv(), pollerConcurrency: 2 });
    const ledger = new DeliveryLedger();

    // Act: many contacts at once, so batches hold several records
    await postByContact(stack, ledger, conversation.messages.map((message) => [message]), 8);
    const report = await verifyDelivery(stack, ledger);

    // Assess
    reportCounts('processor crash mid-batch', { ...report, crashes: plan.crashes, recordsDoneBeforeCrash: plan.recordsDoneBeforeCrash });
    expect(plan.crashes).toBeGreaterThan(0);
    expect(report.missing).toBe(0);
    expect(report.delivered).toBe(conversation.messages.length);
    // The crash left no second CRM event; a re-send of the same event (same webhook-id) can still
    // happen when a batch outlives the tests' 1-s visibility timeout under load.
    expect(report.duplicatesWithNewWebhookId).toBe(0);
    expect(report.orderViolations).toBe(0);
    assertNoPersonalDataInLogs(stack.logs, conversation.personalData);
  });

  it('crm-forwarder: nothing is lost; what the CRM gets again carries the same webhook-id, so it can deduplicate', async () => {
    // Prepare
    const conversation = planConversations(scaled(10), 3);
    const crashOn = new Set(conversation.messages.filter((_, index) => index % 8 === 3).map((message) => message.wamid));
    plan = crashMidBatchOnce('crmForwarder', (record) => [...crashOn].some((wamid) => record.body.includes(wamid)));
    stack = await startTestStack({ env: forwardingEnv(), pollerConcurrency: 2 });
    const ledger = new DeliveryLedger();

    // Act
    await postByContact(stack, ledger, conversation.messages.map((message) => [message]), 8);
    const report = await verifyDelivery(stack, ledger);

    // Assess: at-least-once to the CRM: records delivered before a crash are delivered again,
    // under the same webhook-id (Standard Webhooks' idempotency key), never under a new one
    reportCounts('forwarder crash mid-batch', { ...report, crashes: plan.crashes, recordsDoneBeforeCrash: plan.recordsDoneBeforeCrash });
    expect(plan.crashes).toBeGreaterThan(0);
    expect(report.missing).toBe(0);
    expect(report.delivered).toBe(conversation.messages.length);
    expect(report.duplicatesWithNewWebhookId).toBe(0);
    expect(report.orderViolations).toBe(0);
    assertNoPersonalDataInLogs(stack.logs, conversation.personalData);
  });
});
