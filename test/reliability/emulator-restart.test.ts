import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { dynamoDbOutage, sqsOutage, type EmulatorOutage } from '../support/emulator-outage.js';
import { forwardingEnv } from '../support/bridge-config-file.js';
import { startTestStack, type TestStack } from '../support/local-stack.js';
import { assertNoPersonalDataInLogs } from '../support/log-scan.js';
import { DeliveryLedger, planConversations, postByContact, reportCounts, scaled, verifyDelivery, type PlannedMessage } from '../support/reliability.js';
import { sleep } from '../support/wait.js';

/*
 * The emulators keep their state in memory, so a restart empties them. The scenarios are built
 * around that honestly: the bridge drains before the stop, and what is checked is every webhook
 * answered around the outage. In AWS a regional SQS or DynamoDB outage keeps its data; what these
 * tests show is the bridge's side: no 200 without a queued event, and recovery without loss.
 */

const VISIBILITY_TIMEOUT_SECONDS = 1;

function singles(messages: readonly PlannedMessage[]): PlannedMessage[][] {
  return messages.map((message) => [message]);
}

describe('Reliability: an emulator stopped and restarted mid-run', () => {
  const stacks: TestStack[] = [];
  const outages: EmulatorOutage[] = [];

  afterEach(async () => {
    for (const outage of outages.splice(0)) await outage.dispose();
  });
  afterAll(async () => {
    for (const stack of stacks) await stack.stop().catch(() => undefined);
  });

  it('answers 503, never 200, while SQS is down, and delivers every webhook it accepted once SQS is back', async () => {
    // Prepare
    const stack = await startTestStack({ env: forwardingEnv(), pollerConcurrency: 2, visibilityTimeoutSeconds: VISIBILITY_TIMEOUT_SECONDS });
    stacks.push(stack);
    const outage = sqsOutage(stack, { visibilityTimeoutSeconds: VISIBILITY_TIMEOUT_SECONDS });
    outages.push(outage);
    const before = planConversations(scaled(4), 2);
    const during = planConversations(scaled(4), 2);
    const after = planConversations(scaled(4), 2);
    const ledger = new DeliveryLedger();
    await postByContact(stack, ledger, singles(before.messages));
    await verifyDelivery(stack, ledger);

    // Act: SQS goes away; webhooks keep coming
    await outage.stop();
    const duringOutage = new DeliveryLedger();
    await postByContact(stack, duringOutage, singles(during.messages));
    await outage.restart();
    // Meta retries what was refused, and new messages arrive
    await postByContact(stack, ledger, singles(during.messages));
    await postByContact(stack, ledger, singles(after.messages));
    const report = await verifyDelivery(stack, ledger);

    // Assess
    reportCounts('SQS restarted', { ...report, answeredDuringOutage: Object.fromEntries(duringOutage.statuses) });
    expect(duringOutage.count(200)).toBe(0);
    expect(duringOutage.count(503)).toBe(during.messages.length);
    expect(report.accepted).toBe(before.messages.length + during.messages.length + after.messages.length);
    expect(report.missing).toBe(0);
    expect(report.delivered + report.deadLettered).toBe(report.accepted);
    // Faults need quick retries, so batches run with a 1-s visibility timeout: under load a batch
    // can outlive it and be sent again, under the same webhook-id (counted in deliveredTwice).
    // What the CRM could not deduplicate, one message under two webhook-ids, must never happen.
    expect(report.duplicatesWithNewWebhookId).toBe(0);
    expect(report.orderViolations).toBe(0);
    assertNoPersonalDataInLogs(stack.logs, { phoneNumbers: [...before.personalData.phoneNumbers!, ...during.personalData.phoneNumbers!], texts: during.personalData.texts, names: during.personalData.names });
  });

  it('keeps accepting webhooks while DynamoDB is down and processes them once it is back: none lost, none twice under a new webhook-id', async () => {
    // Prepare
    const stack = await startTestStack({ env: forwardingEnv(), pollerConcurrency: 2, visibilityTimeoutSeconds: VISIBILITY_TIMEOUT_SECONDS });
    stacks.push(stack);
    const outage = dynamoDbOutage(stack, { visibilityTimeoutSeconds: VISIBILITY_TIMEOUT_SECONDS });
    outages.push(outage);
    const before = planConversations(scaled(4), 2);
    const during = planConversations(scaled(4), 2);
    const ledger = new DeliveryLedger();
    await postByContact(stack, ledger, singles(before.messages));
    await verifyDelivery(stack, ledger);

    // Act: the table goes away for a couple of redelivery rounds (fewer than maxReceiveCount)
    await outage.stop();
    await postByContact(stack, ledger, singles(during.messages));
    await sleep(2 * VISIBILITY_TIMEOUT_SECONDS * 1000);
    await outage.restart();
    const report = await verifyDelivery(stack, ledger);

    // Assess
    const failedAttempts = stack.logs.filter((line) => line.includes('record failed')).length;
    reportCounts('DynamoDB restarted', { ...report, failedProcessingAttempts: failedAttempts });
    expect(ledger.count(200)).toBe(before.messages.length + during.messages.length);
    expect(failedAttempts).toBeGreaterThan(0);
    expect(report.missing).toBe(0);
    expect(report.delivered + report.deadLettered).toBe(report.accepted);
    // Faults need quick retries, so batches run with a 1-s visibility timeout: under load a batch
    // can outlive it and be sent again, under the same webhook-id (counted in deliveredTwice).
    // What the CRM could not deduplicate, one message under two webhook-ids, must never happen.
    expect(report.duplicatesWithNewWebhookId).toBe(0);
    expect(report.orderViolations).toBe(0);
    assertNoPersonalDataInLogs(stack.logs, during.personalData);
  });
});
