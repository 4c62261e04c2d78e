import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newWamid, textMessageWebhook } from '../../local/webhook-builder.js';
import { GetQueueAttributesCommand } from '@aws-sdk/client-sqs';
import { Webhook } from 'standardwebhooks';
import { runDlq } from '../../scripts/dlq.js';
import { forwardingEnv } from '../support/bridge-config-file.js';
import { startTestStack, type TestStack } from '../support/local-stack.js';
import { sleep, waitFor } from '../support/wait.js';

// Two active secrets: the bridge signs with both while the CRM moves from the old to the new one.
const OLD_SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
const NEW_SECRET = 'whsec_bG9jYWwtY3JtLXdlYmhvb2stc2VjcmV0IQ==';

const ALICE = '4915111111111';
const BOB = '33612345678';

describe('CRM delivery end to end: outage, Retry-After, rejection, 410 and the DLQ tool', () => {
  let stack: TestStack;

  beforeAll(async () => {
    stack = await startTestStack({
      // Contract basis: messages flow without waiting for consent (see bridge-config-file.ts).
      env: { ...forwardingEnv(), CRM_RETRY_SCHEDULE_SECONDS: '1,1,2,2,2,2,2', CRM_WEBHOOK_SECRET: `${OLD_SECRET} ${NEW_SECRET}` },
    });
  });
  afterAll(async () => {
    await stack?.stop();
  });

  async function send(from: string, text: string): Promise<string> {
    const wamid = newWamid();
    const response = await stack.postWebhook(textMessageWebhook({ from, text, wamid }));
    expect(response.status).toBe(200);
    return wamid;
  }

  /** Runs `npm run dlq` against this stack, as a developer would against `npm start`. */
  async function dlq(args: string[]) {
    const output: string[] = [];
    const letters = await runDlq(args, { env: {}, write: (line) => output.push(line) });
    return { letters, output };
  }

  async function deadLetterCount(): Promise<number> {
    const { Attributes } = await stack.sqs.send(
      new GetQueueAttributesCommand({
        QueueUrl: stack.resources.deadLetterQueueUrls.crmPush,
        AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
      }),
    );
    return Number(Attributes?.ApproximateNumberOfMessages ?? 0) + Number(Attributes?.ApproximateNumberOfMessagesNotVisible ?? 0);
  }

  const attemptsFor = (wamid: string) => stack.crmSink?.allAttempts.filter((attempt) => attempt.body.includes(wamid)) ?? [];
  const deliveredIds = async () => (await stack.crmEvents()).map((event) => (event.payload.data as { messageId?: string }).messageId);

  it('loses nothing and keeps each contact\'s order through a sustained CRM outage', async () => {
    // Prepare: the CRM goes down
    stack.crmSink?.failNext({ status: 503, count: 1_000_000 });

    // Act: both contacts keep writing during the outage; it lasts over several retries
    const sent: Record<string, string[]> = { [ALICE]: [], [BOB]: [] };
    for (let index = 0; index < 3; index += 1) {
      sent[ALICE]?.push(await send(ALICE, `Alice ${index}`));
      sent[BOB]?.push(await send(BOB, `Bob ${index}`));
    }
    const allSent = [...(sent[ALICE] ?? []), ...(sent[BOB] ?? [])];
    // Each contact's first event is retried; the rest wait behind it, unattempted
    const firsts = [sent[ALICE]?.[0] ?? '', sent[BOB]?.[0] ?? ''];
    await waitFor(() => (firsts.every((wamid) => attemptsFor(wamid).length >= 4) ? true : undefined), 45_000, 'several retries during the outage');
    expect(allSent.filter((wamid) => !firsts.includes(wamid)).flatMap(attemptsFor)).toEqual([]);
    stack.crmSink?.failNext({ status: 503, count: 0 });

    // Assess: everything arrives, once each, in order per contact
    await waitFor(async () => {
      const delivered = await deliveredIds();
      return allSent.every((wamid) => delivered.includes(wamid)) ? true : undefined;
    }, 60_000, 'every event delivered after recovery');
    const delivered = await deliveredIds();
    for (const wamids of Object.values(sent)) {
      const order = delivered.filter((id) => wamids.includes(id ?? ''));
      expect(order).toEqual(wamids);
    }
    expect(await deadLetterCount()).toBe(0);
  }, 150_000);

  it('sanitises free text before it leaves the bridge', async () => {
    const wamid = await send(ALICE, 'Schreib mir an erika.m@example.de oder ruf 0151 23456789 an, Bestellung 4711');
    const delivered = await waitFor(async () => (await stack.crmEvents()).find((event) => event.body.includes(wamid)), 30_000, 'the delivery');
    expect(delivered.payload.data.text).toBe('Schreib mir an [EMAIL] oder ruf [PHONE] an, Bestellung 4711');
  });

  it('signs every delivery with both rotation secrets, each verifiable with the standardwebhooks package', async () => {
    const attempts = stack.crmSink?.allAttempts ?? [];
    expect(attempts.length).toBeGreaterThan(6);
    for (const attempt of attempts) {
      expect(attempt.verified).toBe(true);
      expect(() => new Webhook(OLD_SECRET).verify(attempt.body, attempt.headers)).not.toThrow();
      expect(() => new Webhook(NEW_SECRET).verify(attempt.body, attempt.headers)).not.toThrow();
    }
    // webhook-id is the event id, the same on every attempt of an event
    const idsByBody = new Map<string, Set<string>>();
    for (const attempt of attempts) {
      const messageId = (JSON.parse(attempt.body) as { data: { messageId: string } }).data.messageId;
      idsByBody.set(messageId, (idsByBody.get(messageId) ?? new Set()).add(attempt.headers['webhook-id'] ?? ''));
    }
    for (const ids of idsByBody.values()) expect(ids.size).toBe(1);
  });

  it('honours Retry-After on 429', async () => {
    // Prepare
    stack.crmSink?.failNext({ status: 429, count: 1, retryAfter: '3' });

    // Act
    const wamid = await send(ALICE, 'after the rate limit');

    // Assess
    await waitFor(async () => ((await deliveredIds()).includes(wamid) ? true : undefined), 30_000, 'delivery after Retry-After');
    expect(attemptsFor(wamid).map((attempt) => attempt.status)).toEqual([429, 200]);
    const scheduled = stack.logs.map((line) => JSON.parse(line) as Record<string, unknown>).filter((line) => line.message === 'CRM delivery failed; retry scheduled' && line.status === 429);
    expect(scheduled.at(-1)).toMatchObject({ delaySeconds: 3, retryAfterHonoured: true });
  });

  it('dead-letters a 4xx rejection at once with the reason; the DLQ tool lists it and replays it', async () => {
    // Prepare
    stack.crmSink?.failNext({ status: 422, count: 1 });

    // Act
    const wamid = await send(BOB, 'rejected once');
    await waitFor(async () => ((await deadLetterCount()) === 1 ? true : undefined), 30_000, 'the dead letter');
    const listed = await dlq(['list', '--local', stack.url]);

    // Assess
    expect(attemptsFor(wamid).map((attempt) => attempt.status)).toEqual([422]);
    expect(listed.letters).toEqual([expect.objectContaining({ type: 'message.received', reason: 'crm_rejected', status: 422, detail: 'CRM answered HTTP 422' })]);
    expect(listed.output.join('\n')).not.toMatch(new RegExp(`${BOB}|rejected once`));

    // Act: replay it; the CRM accepts it now
    const replayed = await dlq(['redrive', '--local', stack.url]);
    expect(replayed.letters).toHaveLength(1);
    await waitFor(async () => ((await deliveredIds()).includes(wamid) ? true : undefined), 30_000, 'delivery after redrive');
    expect(await deadLetterCount()).toBe(0);
  }, 120_000);

  it('disables the endpoint on 410, says so loudly, dead-letters later events unattempted, and replays them once re-enabled', async () => {
    // Prepare
    stack.crmSink?.failNext({ status: 410, count: 1 });

    // Act
    const gone = await send(ALICE, 'to a gone endpoint');
    await waitFor(async () => ((await deadLetterCount()) === 1 ? true : undefined), 30_000, 'the first dead letter');
    const later = await send(ALICE, 'while disabled');
    await waitFor(async () => ((await deadLetterCount()) === 2 ? true : undefined), 30_000, 'the second dead letter');

    // Assess
    expect(attemptsFor(gone).map((attempt) => attempt.status)).toEqual([410]);
    expect(attemptsFor(later)).toEqual([]);
    const errors = stack.logs.map((line) => JSON.parse(line) as Record<string, unknown>).filter((line) => line.level === 'error');
    expect(errors).toEqual([expect.objectContaining({ message: expect.stringContaining('410 Gone: endpoint DISABLED') })]);
    const { letters } = await dlq(['list', '--local', stack.url]);
    expect(letters.map((letter) => letter.reason)).toEqual(['endpoint_gone', 'endpoint_disabled']);

    // Act: the operator fixes the endpoint, re-enables it and replays
    const enabled = await dlq(['enable-endpoint', '--local', stack.url]);
    expect(enabled.output.join('\n')).toContain('re-enabled (disabled since');
    await dlq(['redrive', '--local', stack.url]);

    // Assess: both arrive, in order
    await waitFor(async () => {
      const delivered = await deliveredIds();
      return delivered.includes(gone) && delivered.includes(later) ? delivered : undefined;
    }, 30_000, 'delivery after re-enabling');
    const delivered = await deliveredIds();
    expect(delivered.indexOf(gone)).toBeLessThan(delivered.indexOf(later));
    await sleep(500);
  }, 150_000);

  it('logs no phone number or message text', () => {
    expect(stack.logs.join('\n')).not.toMatch(/4915111111111|33612345678|Alice|Bob|rejected once|gone endpoint|while disabled|erika|23456789/);
  });
});
