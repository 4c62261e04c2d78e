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

  /**
   * Many contacts at once (so batches hold several records); every eighth message crashes the
   * batch of `consumer` that holds it, the first time it is seen. Returns what reached the CRM.
   */
  async function crashMidBatch(consumer: 'conversationProcessor' | 'crmForwarder', label: string) {
    const conversation = planConversations(scaled(10), 3);
    const crashOn = new Set(conversation.messages.filter((_, index) => index % 8 === 3).map((message) => message.wamid));
    const crashes = crashMidBatchOnce(consumer, (record) => [...crashOn].some((wamid) => record.body.includes(wamid)));
    plan = crashes;
    stack = await startTestStack({ env: forwardingEnv(), pollerConcurrency: 2 });
    const ledger = new DeliveryLedger();
    await postByContact(stack, ledger, conversation.messages.map((message) => [message]), 8);
    const report = await verifyDelivery(stack, ledger);
    reportCounts(label, { ...report, crashes: crashes.crashes, recordsDoneBeforeCrash: crashes.recordsDoneBeforeCrash });
    return { report, crashes, conversation, logs: stack.logs };
  }

  // Processor: the redelivered batch leaves no second CRM event. Forwarder: at-least-once to the
  // CRM, so records delivered before a crash go out again, under the same webhook-id (Standard
  // Webhooks' idempotency key), never under a new one. In both, a re-send under the same id can
  // also happen when a batch outlives the tests' 1-s visibility timeout under load.
  it.each([
    { consumer: 'conversationProcessor', label: 'processor crash mid-batch', name: 'conversation-processor: the redelivered batch is processed without loss and without a second CRM event id' },
    { consumer: 'crmForwarder', label: 'forwarder crash mid-batch', name: 'crm-forwarder: nothing is lost; what the CRM gets again carries the same webhook-id, so it can deduplicate' },
  ] as const)('$name', async ({ consumer, label }) => {
    // Prepare & Act
    const { report, crashes, conversation, logs } = await crashMidBatch(consumer, label);

    // Assess
    expect(crashes.crashes).toBeGreaterThan(0);
    expect(report.missing).toBe(0);
    expect(report.delivered).toBe(conversation.messages.length);
    expect(report.duplicatesWithNewWebhookId).toBe(0);
    expect(report.orderViolations).toBe(0);
    assertNoPersonalDataInLogs(logs, conversation.personalData);
  });
});
