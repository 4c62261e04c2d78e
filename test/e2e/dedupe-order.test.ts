import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildScenario, runScenario, verifyScenario } from '../support/dedupe-order-scenario.js';
import { startTestStack, type TestStack } from '../support/local-stack.js';

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
    const scenario = buildScenario({ posts: 300, contacts: 12, duplicateRatio: 0.3, seed: 7 });

    // Act
    const run = await runScenario(stack, scenario, 50_000);

    // Assess
    const report = verifyScenario(stack, scenario, run);
    expect(report.violations).toEqual([]);
    expect(report.messagesDelivered).toBe(scenario.uniqueMessages);
    expect(scenario.posts.length - scenario.uniquePosts).toBe(90);
    expect(report.statusesDelivered).toBeGreaterThan(0);
    expect(stack.logs.join('\n')).not.toMatch(/49170\d{7}|load message/);
  });
});
