import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { forwardingEnv } from '../support/bridge-config-file.js';
import { startTestStack, type TestStack } from '../support/local-stack.js';
import { assertNoPersonalDataInLogs } from '../support/log-scan.js';
import { DeliveryLedger, planConversations, postByContact, reportCounts, scaled, verifyDelivery, type PlannedMessage } from '../support/reliability.js';

/** A deterministic shuffle (the suite must fail the same way twice). */
function mulberry32(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('Reliability: duplicates and reordering from Meta', () => {
  let stack: TestStack;

  beforeAll(async () => {
    // No faults here, so nothing needs a quick retry: a visibility timeout well above any batch's
    // run time means every CRM delivery below is a decision of the bridge, not a timed-out batch.
    stack = await startTestStack({ env: forwardingEnv(), pollerConcurrency: 4, visibilityTimeoutSeconds: 20 });
  });
  afterAll(async () => {
    await stack.stop();
  });

  it('delivers every accepted message once, in the order accepted per contact, with 30% duplicates and shuffled order', async () => {
    // Prepare: per contact, neighbours swapped (Meta reorders), 30% of messages sent again,
    // some alone, some inside a two-message webhook next to another message of the contact.
    const random = mulberry32(20261129);
    const conversation = planConversations(scaled(12), 5);
    const byContact = new Map<string, PlannedMessage[]>();
    for (const message of conversation.messages) byContact.set(message.from, [...(byContact.get(message.from) ?? []), message]);
    const webhooks: PlannedMessage[][] = [];
    let duplicates = 0;
    for (const messages of byContact.values()) {
      const order = [...messages];
      for (let index = 0; index + 1 < order.length; index += 2) {
        if (random() < 0.5) [order[index], order[index + 1]] = [order[index + 1] as PlannedMessage, order[index] as PlannedMessage];
      }
      const contactWebhooks: PlannedMessage[][] = order.map((message) => [message]);
      for (const message of messages) {
        if (random() >= 0.3) continue;
        duplicates += 1;
        const partner = messages[Math.floor(random() * messages.length)] as PlannedMessage;
        const at = Math.floor(random() * (contactWebhooks.length + 1));
        contactWebhooks.splice(at, 0, random() < 0.5 || partner === message ? [message] : [message, partner]);
      }
      webhooks.push(...contactWebhooks);
    }
    const ledger = new DeliveryLedger();

    // Act
    await postByContact(stack, ledger, webhooks, 4);
    // Meta redelivers some long after: the same webhooks again, once everything settled.
    const report = await verifyDelivery(stack, ledger);
    for (const webhook of webhooks.slice(0, Math.ceil(webhooks.length / 4))) await ledger.post(stack, webhook);
    const afterRedelivery = await verifyDelivery(stack, ledger);

    // Assess
    reportCounts('duplicates and reordering', { ...afterRedelivery, duplicatesSent: duplicates, webhooks: webhooks.length });
    expect(ledger.count(200)).toBe(webhooks.length + Math.ceil(webhooks.length / 4));
    expect(report.accepted).toBe(conversation.messages.length);
    expect(afterRedelivery.missing).toBe(0);
    expect(afterRedelivery.delivered).toBe(conversation.messages.length);
    expect(afterRedelivery.deliveredTwice).toBe(0);
    expect(afterRedelivery.duplicatesWithNewWebhookId).toBe(0);
    expect(afterRedelivery.orderViolations).toBe(0);
    assertNoPersonalDataInLogs(stack.logs, conversation.personalData);
  });
});
