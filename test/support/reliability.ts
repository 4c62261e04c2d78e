import { randomBytes } from 'node:crypto';
import { ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import { newWamid, signedWebhookRequest, textMessagesWebhook, type TextMessageSpec } from '../../local/webhook-builder.js';
import type { QueueKey } from '../../shared/resources.js';
import type { TestStack } from './local-stack.js';
import type { PersonalData } from './log-scan.js';
import { waitFor } from './wait.js';

/**
 * Shared machinery of the reliability suite: plans conversations, posts them the way Meta would,
 * keeps a ledger of what the bridge accepted, and checks afterwards that every accepted message
 * reached the CRM or a dead-letter queue, none twice, each contact's in the order accepted.
 */

/** `npm test` runs the suite at scale 1; `npm run soak` sets RELIABILITY_SCALE for full counts. */
export const RELIABILITY_SCALE = Math.max(1, Number(process.env.RELIABILITY_SCALE ?? 1));

/** `count` times the scale, at least 1. */
export function scaled(count: number): number {
  return Math.max(1, Math.round(count * RELIABILITY_SCALE));
}

export interface PlannedMessage extends TextMessageSpec {
  readonly wamid: string;
  /** Position in the contact's own conversation, from 0. */
  readonly seq: number;
}

export interface Conversation {
  readonly messages: readonly PlannedMessage[];
  /** The personal data the messages carry, for the log scan. */
  readonly personalData: PersonalData;
}

/** `contacts` made-up customers writing `perContact` messages each, every text distinct. */
export function planConversations(contacts: number, perContact: number): Conversation {
  const run = randomBytes(2).readUInt16BE(0) % 10_000;
  const customers = Array.from({ length: contacts }, (_, index) => ({
    from: `4917${String(run).padStart(4, '0')}${String(index).padStart(5, '0')}`,
    name: `Kundin ${String.fromCharCode(65 + (index % 26))}${run}x${index}`,
  }));
  const messages: PlannedMessage[] = [];
  for (let seq = 0; seq < perContact; seq += 1) {
    for (const customer of customers) {
      messages.push({ ...customer, wamid: newWamid(), seq, text: `Bestellung ${run}-${customer.from.slice(-5)}-${seq} bitte pruefen` });
    }
  }
  return {
    messages,
    personalData: {
      phoneNumbers: customers.map((customer) => customer.from),
      names: customers.map((customer) => customer.name),
      texts: messages.map((message) => message.text),
    },
  };
}

/** What the bridge answered to each message, and in which order it accepted them. */
export class DeliveryLedger {
  /** wamid -> acceptance rank (the first 200 that carried it). */
  public readonly accepted = new Map<string, { rank: number; from: string }>();
  /** HTTP status -> how many webhooks got it. */
  public readonly statuses = new Map<number, number>();
  private rank = 0;

  /** Posts one webhook carrying `messages` and records the answer. */
  public async post(stack: TestStack, messages: readonly PlannedMessage[]): Promise<number> {
    let status: number;
    try {
      const request = signedWebhookRequest(textMessagesWebhook(messages), stack.env.WHATSAPP_APP_SECRET as string);
      const response = await fetch(`${stack.url}/webhook`, { method: 'POST', headers: request.headers, body: request.body });
      await response.arrayBuffer();
      status = response.status;
    } catch {
      status = 0; // connection failure: Meta would retry
    }
    this.statuses.set(status, (this.statuses.get(status) ?? 0) + 1);
    if (status === 200) {
      for (const message of messages) {
        if (!this.accepted.has(message.wamid)) this.accepted.set(message.wamid, { rank: this.rank++, from: message.from });
      }
    }
    return status;
  }

  public count(status: number): number {
    return this.statuses.get(status) ?? 0;
  }
}

/**
 * Posts webhooks with `posters` in parallel; each contact belongs to one poster, which posts that
 * contact's webhooks one after another (as Meta does per conversation), so acceptance order per
 * contact is well defined.
 */
export async function postByContact(
  stack: TestStack,
  ledger: DeliveryLedger,
  webhooks: readonly (readonly PlannedMessage[])[],
  posters = 4,
): Promise<void> {
  const contacts = [...new Set(webhooks.map((webhook) => webhook[0]?.from as string))];
  const owner = new Map(contacts.map((contact, index) => [contact, index % posters]));
  await Promise.all(
    Array.from({ length: posters }, async (_, poster) => {
      for (const webhook of webhooks) {
        if (owner.get(webhook[0]?.from as string) === poster) await ledger.post(stack, webhook);
      }
    }),
  );
}

export interface DeliveryReport {
  readonly accepted: number;
  readonly delivered: number;
  readonly deadLettered: number;
  /** Accepted messages neither delivered nor dead-lettered (must be 0). */
  readonly missing: number;
  /** Messages the CRM accepted more than once (by messageId). */
  readonly deliveredTwice: number;
  /** Messages the CRM got more than once under different webhook-ids (a CRM cannot deduplicate those). */
  readonly duplicatesWithNewWebhookId: number;
  /** Pairs of one contact's messages that reached the CRM in another order than accepted. */
  readonly orderViolations: number;
  /** HTTP status -> webhooks answered with it. */
  readonly statuses: Readonly<Record<string, number>>;
}

const WAMID_PATTERN = /wamid\.[A-Za-z0-9_-]+/g;

/** Everything in a dead-letter queue so far; receiving hides them for 5 minutes, so it accumulates. */
async function drainDeadLetters(stack: TestStack, queue: QueueKey, into: Set<string>): Promise<void> {
  for (;;) {
    const { Messages } = await stack.sqs.send(
      new ReceiveMessageCommand({ QueueUrl: stack.resources.deadLetterQueueUrls[queue], MaxNumberOfMessages: 10, VisibilityTimeout: 300, WaitTimeSeconds: 0 }),
    );
    if (!Messages?.length) return;
    for (const message of Messages) for (const wamid of (message.Body ?? '').match(WAMID_PATTERN) ?? []) into.add(wamid);
  }
}

function crmMessageIds(stack: TestStack): { messageId: string; webhookId: string }[] {
  return (stack.crmSink?.events ?? []).flatMap((delivery) => {
    try {
      const payload = JSON.parse(delivery.body) as { data?: { messageId?: unknown } };
      return typeof payload.data?.messageId === 'string' ? [{ messageId: payload.data.messageId, webhookId: delivery.headers['webhook-id'] ?? '' }] : [];
    } catch {
      return [];
    }
  });
}

/**
 * Waits until every accepted message reached the CRM sink or a dead-letter queue (inbound or
 * crm-push), then settles a moment longer so late duplicates would show, and reports the counts.
 */
export async function verifyDelivery(stack: TestStack, ledger: DeliveryLedger, timeoutMs = 45_000 * RELIABILITY_SCALE): Promise<DeliveryReport> {
  const deadLettered = new Set<string>();
  const outcome = () => {
    const delivered = new Set(crmMessageIds(stack).map((entry) => entry.messageId));
    const missing = [...ledger.accepted.keys()].filter((wamid) => !delivered.has(wamid) && !deadLettered.has(wamid));
    return { delivered, missing };
  };
  try {
    await waitFor(
      async () => {
        if (outcome().missing.length === 0) return true;
        await drainDeadLetters(stack, 'inbound', deadLettered);
        await drainDeadLetters(stack, 'crmPush', deadLettered);
        return outcome().missing.length === 0 ? true : undefined;
      },
      timeoutMs,
      'every accepted message to reach the CRM or a dead-letter queue',
    );
  } catch {
    // Reported as missing below, so the test fails with the counts.
  }
  await waitFor(async () => (stack.busy() ? undefined : true), 10_000, 'the consumers to go idle').catch(() => undefined);
  await new Promise((resolve) => setTimeout(resolve, 1500));

  const deliveries = crmMessageIds(stack).filter((entry) => ledger.accepted.has(entry.messageId));
  const seen = new Map<string, Set<string>>();
  const firstOrder: string[] = [];
  for (const { messageId, webhookId } of deliveries) {
    const ids = seen.get(messageId);
    if (ids) ids.add(webhookId);
    else {
      seen.set(messageId, new Set([webhookId]));
      firstOrder.push(messageId);
    }
  }
  let orderViolations = 0;
  const lastRankByContact = new Map<string, number>();
  for (const messageId of firstOrder) {
    const { rank, from } = ledger.accepted.get(messageId) as { rank: number; from: string };
    if ((lastRankByContact.get(from) ?? -1) > rank) orderViolations += 1;
    lastRankByContact.set(from, Math.max(rank, lastRankByContact.get(from) ?? -1));
  }
  const { missing } = outcome();
  return {
    accepted: ledger.accepted.size,
    delivered: seen.size,
    deadLettered: [...deadLettered].filter((wamid) => ledger.accepted.has(wamid) && !seen.has(wamid)).length,
    missing: missing.length,
    deliveredTwice: deliveries.length - seen.size,
    duplicatesWithNewWebhookId: [...seen.values()].filter((ids) => ids.size > 1).length,
    orderViolations,
    statuses: Object.fromEntries([...ledger.statuses].map(([status, count]) => [String(status), count])),
  };
}

/** Prints a scenario's counts, so a run shows what was exercised. */
export function reportCounts(scenario: string, report: DeliveryReport & Record<string, unknown>): void {
  process.stdout.write(`[reliability] ${scenario}: ${JSON.stringify(report)}\n`);
}
