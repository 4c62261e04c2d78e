import type { TestStack } from './local-stack.js';
import { waitFor } from './wait.js';
import { statusRank } from '../../shared/domain/processing/status-order.js';
import { deriveContactId } from '../../shared/domain/contact-id.js';

/*
 * The acceptance scenario of issue 3: many webhook POSTs, a share of them exact duplicates, in
 * shuffled order, across several contacts, against the whole local stack. Shared by the e2e test
 * (small count) and `bench/dedupe-order.bench.ts` (10,000).
 *
 * "In order" is defined precisely: POSTs of one contact are sent one after another (contacts are
 * pinned to concurrent lanes), so for each contact the order in which ingest answered 200 is well
 * defined; a message's position is that of the first POST carrying it that was accepted. Each
 * contact's `message.received` events must reach the CRM in exactly that order. The POST order
 * itself is a seeded shuffle, so message timestamps and statuses arrive out of order.
 */

export interface ScenarioOptions {
  /** Total POSTs, duplicates included. */
  readonly posts: number;
  readonly contacts: number;
  /** Share of POSTs that repeat an earlier body byte for byte (Meta's redelivery). Default 0.3. */
  readonly duplicateRatio?: number;
  /** Concurrent senders; each contact always uses the same one. Default min(contacts, 8). */
  readonly lanes?: number;
  readonly seed?: number;
}

interface ScenarioPost {
  readonly contact: number;
  readonly body: string;
  /** wamids of the inbound messages in the POST, in the order Meta listed them. */
  readonly messageIds: readonly string[];
  /** Outbound statuses in the POST. */
  readonly statuses: readonly { messageId: string; status: string }[];
}

export interface Scenario {
  readonly options: Required<ScenarioOptions>;
  readonly waIds: readonly string[];
  /** Shuffled, duplicates included. */
  readonly posts: readonly ScenarioPost[];
  readonly uniquePosts: number;
  readonly uniqueMessages: number;
  readonly uniqueStatuses: number;
}

/** A small seeded PRNG (mulberry32), so a failing run can be replayed. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Builds the POST bodies: messages (some two per POST), status series of outbound messages, duplicates; shuffled. */
export function buildScenario(input: ScenarioOptions): Scenario {
  const options: Required<ScenarioOptions> = {
    duplicateRatio: 0.3,
    lanes: Math.min(input.contacts, 8),
    seed: 20261129,
    ...input,
  };
  const next = random(options.seed);
  const pick = (n: number) => Math.floor(next() * n);
  const waIds = Array.from({ length: options.contacts }, (_, index) => `49170${String(index).padStart(7, '0')}`);
  const metadata = { display_phone_number: '15550000001', phone_number_id: '100000000000001' };
  const envelope = (value: Record<string, unknown>) =>
    JSON.stringify({ object: 'whatsapp_business_account', entry: [{ id: '100000000000000', changes: [{ field: 'messages', value: { messaging_product: 'whatsapp', metadata, ...value } }] }] });
  const targetUnique = Math.round(options.posts * (1 - options.duplicateRatio));
  const unique: ScenarioPost[] = [];
  let serial = 0;
  const timestamp = () => String(1_795_900_000 + serial);
  while (unique.length < targetUnique) {
    const contact = pick(options.contacts);
    const waId = waIds[contact] as string;
    if (next() < 0.25) {
      const outbound = `wamid.OUT-${options.seed}-${(serial += 1)}`;
      const series = next() < 0.8 ? ['sent', 'delivered', 'read'] : ['sent', 'failed'];
      for (const status of series) {
        serial += 1;
        unique.push({
          contact,
          messageIds: [],
          statuses: [{ messageId: outbound, status }],
          body: envelope({ statuses: [{ id: outbound, status, timestamp: timestamp(), recipient_id: waId, ...(status === 'failed' ? { errors: [{ code: 131026, title: 'Message undeliverable' }] } : {}) }] }),
        });
      }
      continue;
    }
    const count = next() < 0.1 ? 2 : 1;
    const messages = Array.from({ length: count }, () => {
      serial += 1;
      return { from: waId, id: `wamid.IN-${options.seed}-${serial}`, timestamp: timestamp(), type: 'text', text: { body: `load message ${serial}` } };
    });
    unique.push({
      contact,
      messageIds: messages.map((message) => message.id),
      statuses: [],
      body: envelope({ contacts: [{ profile: { name: 'Load Test' }, wa_id: waId }], messages }),
    });
  }
  unique.length = targetUnique;
  const posts = [...unique];
  while (posts.length < options.posts) posts.push(unique[pick(unique.length)] as ScenarioPost);
  for (let index = posts.length - 1; index > 0; index -= 1) {
    const other = pick(index + 1);
    [posts[index], posts[other]] = [posts[other] as ScenarioPost, posts[index] as ScenarioPost];
  }
  return {
    options,
    waIds,
    posts,
    uniquePosts: unique.length,
    uniqueMessages: new Set(unique.flatMap((post) => post.messageIds)).size,
    uniqueStatuses: new Set(unique.flatMap((post) => post.statuses.map((s) => `${s.messageId}:${s.status}`))).size,
  };
}

export interface ScenarioRun {
  /** Per contact index: wamids in the order ingest first accepted them. */
  readonly acceptedOrder: readonly string[][];
  /** Per outbound wamid: the highest-ranked status accepted. */
  readonly maxStatus: ReadonlyMap<string, string>;
  readonly rejectedPosts: number;
  /** Milliseconds spent POSTing, and until the CRM had everything. */
  readonly ingestMs: number;
  readonly totalMs: number;
}

/** POSTs the scenario (lanes in parallel, each contact's POSTs in sequence), then waits until the CRM has every message and the queues are empty. */
export async function runScenario(stack: TestStack, scenario: Scenario, timeoutMs: number): Promise<ScenarioRun> {
  const { lanes } = scenario.options;
  const acceptedOrder: string[][] = scenario.waIds.map(() => []);
  const seen = new Set<string>();
  const maxStatus = new Map<string, string>();
  let rejectedPosts = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: lanes }, async (_, lane) => {
      for (const post of scenario.posts) {
        if (post.contact % lanes !== lane) continue;
        let status = 0;
        // Meta retries a non-200; so do we, a few times.
        for (let attempt = 0; attempt < 3 && status !== 200; attempt += 1) {
          const response = await stack.postWebhook(post.body);
          await response.arrayBuffer();
          status = response.status;
        }
        if (status !== 200) {
          rejectedPosts += 1;
          continue;
        }
        for (const messageId of post.messageIds) {
          if (seen.has(messageId)) continue;
          seen.add(messageId);
          acceptedOrder[post.contact]?.push(messageId);
        }
        for (const { messageId, status: value } of post.statuses) {
          const current = maxStatus.get(messageId);
          if (current === undefined || (statusRank(value) ?? 0) > (statusRank(current) ?? 0)) maxStatus.set(messageId, value);
        }
      }
    }),
  );
  const ingestMs = performance.now() - started;
  await waitFor(
    async () => {
      const received = (stack.crmSink?.events ?? []).filter((delivery) => delivery.body.includes('"message.received"')).length;
      if (received < scenario.uniqueMessages) return undefined;
      if (stack.busy()) return undefined;
      const depths = await Promise.all([stack.queueDepth('inbound'), stack.queueDepth('crmPush')]);
      return depths.every((depth) => depth === 0) ? true : undefined;
    },
    timeoutMs,
    'every message at the CRM and empty queues',
  );
  return { acceptedOrder, maxStatus, rejectedPosts, ingestMs, totalMs: performance.now() - started };
}

export interface ScenarioReport {
  /** Human-readable violations; empty when the run met every acceptance line. */
  readonly violations: string[];
  readonly messagesDelivered: number;
  readonly statusesDelivered: number;
  readonly statusesHeldBack: number;
}

/** Checks the CRM sink's deliveries against the run: exactly once, per-contact order, no status regressions. */
export function verifyScenario(stack: TestStack, scenario: Scenario, run: ScenarioRun): ScenarioReport {
  const violations: string[] = [];
  const pseudonymKey = stack.env.PSEUDONYM_KEY as string;
  const contactIndex = new Map(scenario.waIds.map((waId, index) => [deriveContactId(pseudonymKey, { waId }), index]));
  const receivedByContact: string[][] = scenario.waIds.map(() => []);
  const statusesByMessage = new Map<string, string[]>();
  const webhookIds = new Set<string>();
  let messagesDelivered = 0;
  let statusesDelivered = 0;
  for (const delivery of stack.crmSink?.events ?? []) {
    const webhookId = delivery.headers['webhook-id'] ?? '';
    if (webhookIds.has(webhookId)) violations.push(`CRM event ${webhookId} delivered twice`);
    webhookIds.add(webhookId);
    const payload = JSON.parse(delivery.body) as { type: string; data: { contactId: string; messageId: string; status?: string } };
    const index = contactIndex.get(payload.data.contactId);
    if (index === undefined) continue;
    if (payload.type === 'message.received') {
      messagesDelivered += 1;
      receivedByContact[index]?.push(payload.data.messageId);
    } else if (payload.type === 'message.status') {
      statusesDelivered += 1;
      const list = statusesByMessage.get(payload.data.messageId) ?? [];
      list.push(payload.data.status as string);
      statusesByMessage.set(payload.data.messageId, list);
    } else {
      violations.push(`unexpected CRM event type ${payload.type}`);
    }
  }
  if (run.rejectedPosts > 0) violations.push(`${run.rejectedPosts} POSTs were not accepted`);
  if (messagesDelivered !== scenario.uniqueMessages) violations.push(`${messagesDelivered} messages reached the CRM, expected ${scenario.uniqueMessages}`);
  run.acceptedOrder.forEach((expected, index) => {
    const actual = receivedByContact[index] ?? [];
    if (actual.join() !== expected.join()) {
      const at = expected.findIndex((id, position) => actual[position] !== id);
      violations.push(`contact ${index}: CRM order differs from acceptance order at position ${at} (${actual.length} received, ${expected.length} accepted)`);
    }
  });
  for (const [messageId, statuses] of statusesByMessage) {
    const ranks = statuses.map((status) => statusRank(status) ?? 0);
    if (ranks.some((rank, position) => position > 0 && rank <= (ranks[position - 1] as number))) {
      violations.push(`${messageId}: statuses reached the CRM as ${statuses.join(' > ')} (a regression or a duplicate)`);
    }
    if (statuses.at(-1) !== run.maxStatus.get(messageId)) violations.push(`${messageId}: last status ${statuses.at(-1)}, expected ${run.maxStatus.get(messageId)}`);
  }
  for (const messageId of run.maxStatus.keys()) {
    if (!statusesByMessage.has(messageId)) violations.push(`${messageId}: no status reached the CRM`);
  }
  return { violations, messagesDelivered, statusesDelivered, statusesHeldBack: scenario.uniqueStatuses - statusesDelivered };
}
