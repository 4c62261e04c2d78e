import { pathToFileURL } from 'node:url';
import { buildScenario, runScenario, verifyScenario } from '../test/support/dedupe-order-scenario.js';
import { forwardingEnv } from '../test/support/bridge-config-file.js';
import { startTestStack } from '../test/support/local-stack.js';

/*
 * Issue 3's acceptance load: 10,000 signed webhook POSTs against the whole local stack (emulated
 * SQS FIFO and DynamoDB, every function, the CRM sink), 30% byte-identical duplicates, shuffled
 * across contacts. Reports the time, the throughput and the counts; `violations` must be 0
 * (every unique message once, per-contact order, no status regression).
 *
 * Throughput depends on the number of contacts: the SQS emulator hands out one message per FIFO
 * group per receive while the group has messages in flight, as SQS does.
 *
 * Standalone: `npx tsx bench/dedupe-order.bench.ts [posts] [contacts]`.
 */

export interface BenchResult {
  name: string;
  value: number;
  unit: string;
  baseline?: { name: string; value: number; unit: string };
}

const DEFAULT_POSTS = 10_000;
const DEFAULT_CONTACTS = 50;

/**
 * The harness (`npm run bench`) calls `run(context)`; standalone, the counts come from the
 * command line. Customer service runs on basis `contract`, so messages are forwarded, not held.
 */
export default async function run(
  context: { progress?(line: string): void } = {},
  posts = DEFAULT_POSTS,
  contacts = DEFAULT_CONTACTS,
): Promise<BenchResult[]> {
  context.progress?.(`${posts} POSTs from ${contacts} contacts`);
  const stack = await startTestStack({ env: forwardingEnv(), visibilityTimeoutSeconds: 60, pollerConcurrency: 4, logLevel: 'warn' });
  try {
    const scenario = buildScenario({ posts, contacts, duplicateRatio: 0.3, lanes: 16, seed: 20261129 });
    const result = await runScenario(stack, scenario, 20 * 60_000);
    const report = verifyScenario(stack, scenario, result);
    for (const violation of report.violations.slice(0, 10)) process.stderr.write(`violation: ${violation}\n`);
    const uniqueEvents = scenario.uniqueMessages + scenario.uniqueStatuses;
    const seconds = result.totalMs / 1000;
    return [
      { name: 'dedupe-order: webhook POSTs', value: scenario.posts.length, unit: 'count' },
      { name: 'dedupe-order: duplicate POSTs', value: scenario.posts.length - scenario.uniquePosts, unit: 'count' },
      { name: 'dedupe-order: contacts', value: contacts, unit: 'count' },
      { name: 'dedupe-order: unique events (messages + statuses)', value: uniqueEvents, unit: 'count' },
      { name: 'dedupe-order: messages delivered to the CRM', value: report.messagesDelivered, unit: 'count', baseline: { name: 'unique messages sent', value: scenario.uniqueMessages, unit: 'count' } },
      { name: 'dedupe-order: statuses delivered to the CRM', value: report.statusesDelivered, unit: 'count' },
      { name: 'dedupe-order: statuses held back (behind a later one)', value: report.statusesHeldBack, unit: 'count' },
      { name: 'dedupe-order: violations (duplicates, order, regressions)', value: report.violations.length, unit: 'count', baseline: { name: 'required', value: 0, unit: 'count' } },
      { name: 'dedupe-order: time to accept every POST', value: Math.round(result.ingestMs), unit: 'ms' },
      { name: 'dedupe-order: time until the CRM has everything', value: Math.round(result.totalMs), unit: 'ms' },
      { name: 'dedupe-order: POSTs accepted per second', value: round(scenario.posts.length / (result.ingestMs / 1000)), unit: 'POST/s' },
      { name: 'dedupe-order: unique events end to end per second', value: round(uniqueEvents / seconds), unit: 'msgs/s' },
    ];
  } finally {
    await stack.stop();
  }
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const [posts, contacts] = process.argv.slice(2).map(Number);
  const rows = await run({ progress: (line) => console.log(line) }, posts || DEFAULT_POSTS, contacts || DEFAULT_CONTACTS);
  console.table(rows.map(({ name, value, unit, baseline }) => ({ name, value, unit, baseline: baseline ? `${baseline.value} ${baseline.unit} (${baseline.name})` : '' })));
}
