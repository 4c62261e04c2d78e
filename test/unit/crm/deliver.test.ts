import { Webhook } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import { deliverCrmEvent, parseRetryAfter, retryDelaySeconds, type DeliverCrmEventDependencies } from '../../../shared/domain/crm/deliver.js';
import { MINIMAL_PAYLOAD_OPTIONS } from '../../../shared/domain/crm/payload.js';
import type { CrmPushRecord } from '../../../shared/domain/crm/records.js';
import type { CrmDeliveryStateStore, CrmPushMessageControl, DeadLetterReason, DisabledCrmEndpoint, HttpResult } from '../../../shared/domain/ports.js';
import { decodeWebhookSecret } from '../../../shared/domain/standard-webhooks.js';
import { DependencyUnavailableError } from '../../../shared/errors.js';
import { capturingLog, fixedClock } from '../../support/in-memory.js';

const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
const NEXT_SECRET = 'whsec_bG9jYWwtY3JtLXdlYmhvb2stc2VjcmV0IQ==';

const record: CrmPushRecord = {
  v: 1,
  id: 'evt_0123',
  type: 'message.received',
  occurredAt: '2026-11-29T10:00:00.000Z',
  contactId: 'C'.repeat(43),
  subject: { waId: '4915112345678', profileName: 'Erika' },
  data: { message: { id: 'wamid.1', type: 'text', timestamp: '1', text: { body: 'Hallo, schreib an erika@example.de' } } },
};

class MemoryDeliveryState implements CrmDeliveryStateStore {
  public readonly attempts = new Map<string, number>();
  public readonly disabled = new Map<string, DisabledCrmEndpoint>();
  public async recordFailedAttempt(eventId: string): Promise<number> {
    const next = (this.attempts.get(eventId) ?? 0) + 1;
    this.attempts.set(eventId, next);
    return next;
  }
  public async disabledEndpoint(key: string) {
    return this.disabled.get(key);
  }
  public async disableEndpoint(key: string, value: DisabledCrmEndpoint) {
    if (!this.disabled.has(key)) this.disabled.set(key, value);
  }
  public async enableEndpoint(key: string) {
    this.disabled.delete(key);
  }
}

function recordingControl(): CrmPushMessageControl & { delays: number[]; deadLetters: DeadLetterReason[] } {
  const delays: number[] = [];
  const deadLetters: DeadLetterReason[] = [];
  return { delays, deadLetters, retryAfter: async (delay) => void delays.push(delay), deadLetter: async (reason) => void deadLetters.push(reason) };
}

function setup(answers: (HttpResult | Error)[], schedule = [5, 300, 1800]) {
  const posts: { headers: Record<string, string>; body: string }[] = [];
  const state = new MemoryDeliveryState();
  const log = capturingLog();
  const clock = fixedClock('2026-11-29T10:00:00.000Z');
  const dependencies: DeliverCrmEventDependencies = {
    transport: {
      post: async (request) => {
        posts.push(request);
        const answer = answers.shift() ?? { status: 200 };
        if (answer instanceof Error) throw answer;
        return answer;
      },
    },
    signingKeys: [decodeWebhookSecret(SECRET)],
    clock,
    log,
    payloadOptions: MINIMAL_PAYLOAD_OPTIONS,
    deliveryState: state,
    endpointKey: 'endpoint-1',
    retryScheduleSeconds: schedule,
  };
  return { posts, state, log, clock, dependencies, control: recordingControl() };
}

describe('Function: deliverCrmEvent', () => {
  it('delivers a signed, sanitised body and finishes the message on 2xx', async () => {
    // Prepare
    const { posts, dependencies, control } = setup([{ status: 204 }]);

    // Act (signed now: the verifier rejects timestamps far from its own clock)
    const outcome = await deliverCrmEvent(record, control, { ...dependencies, clock: { now: () => new Date() } });

    // Assess
    expect(outcome).toEqual({ outcome: 'delivered', status: 204 });
    expect(posts).toHaveLength(1);
    const [post] = posts;
    expect(new Webhook(SECRET).verify(post?.body ?? '', post?.headers ?? {})).toMatchObject({ type: 'message.received', data: { text: 'Hallo, schreib an [EMAIL]' } });
    expect(post?.headers['webhook-id']).toBe('evt_0123');
    expect(post?.body).not.toMatch(/4915112345678|Erika|erika@/);
    expect(control.delays).toEqual([]);
    expect(control.deadLetters).toEqual([]);
  });

  it('signs with every active secret during a rotation, verifiable with either', async () => {
    const { posts, dependencies, control } = setup([{ status: 200 }]);
    await deliverCrmEvent(record, control, { ...dependencies, clock: { now: () => new Date() }, signingKeys: [decodeWebhookSecret(SECRET), decodeWebhookSecret(NEXT_SECRET)] });
    const [post] = posts;
    expect(post?.headers['webhook-signature']?.split(' ')).toHaveLength(2);
    expect(() => new Webhook(SECRET).verify(post?.body ?? '', post?.headers ?? {})).not.toThrow();
    expect(() => new Webhook(NEXT_SECRET).verify(post?.body ?? '', post?.headers ?? {})).not.toThrow();
  });

  it.each([[500], [503], [408], [429]])('postpones the message by the schedule on HTTP %i', async (status) => {
    const { dependencies, control } = setup([{ status }, { status }]);
    expect(await deliverCrmEvent(record, control, dependencies)).toEqual({ outcome: 'retry', delaySeconds: 5, attempts: 1 });
    expect(await deliverCrmEvent(record, control, dependencies)).toEqual({ outcome: 'retry', delaySeconds: 300, attempts: 2 });
    expect(control.delays).toEqual([5, 300]);
    expect(control.deadLetters).toEqual([]);
  });

  it('treats a network failure or timeout as retryable', async () => {
    const { dependencies, control } = setup([new DependencyUnavailableError('down', { code: 'crm_unreachable' })]);
    expect(await deliverCrmEvent(record, control, dependencies)).toMatchObject({ outcome: 'retry', delaySeconds: 5 });
  });

  it('honours Retry-After in seconds and as an HTTP date', async () => {
    const { dependencies, control } = setup([
      { status: 429, retryAfter: '42' },
      { status: 503, retryAfter: 'Sun, 29 Nov 2026 10:02:00 GMT' },
    ]);
    await deliverCrmEvent(record, control, dependencies);
    await deliverCrmEvent(record, control, dependencies);
    expect(control.delays).toEqual([42, 120]);
  });

  it('dead-letters with retries_exhausted once the schedule is used up', async () => {
    const { dependencies, control } = setup([{ status: 500 }, { status: 500 }, { status: 502 }], [1, 1]);
    await deliverCrmEvent(record, control, dependencies);
    await deliverCrmEvent(record, control, dependencies);
    const outcome = await deliverCrmEvent(record, control, dependencies);
    expect(outcome).toEqual({ outcome: 'dead-lettered', reason: { code: 'retries_exhausted', detail: 'CRM answered HTTP 502; gave up after 3 attempts', status: 502, attempts: 3 } });
    expect(control.deadLetters).toHaveLength(1);
  });

  it.each([[400], [401], [403], [404], [413], [422]])('dead-letters at once with the reason on HTTP %i', async (status) => {
    const { dependencies, control, state } = setup([{ status }]);
    const outcome = await deliverCrmEvent(record, control, dependencies);
    expect(outcome).toEqual({ outcome: 'dead-lettered', reason: { code: 'crm_rejected', detail: `CRM answered HTTP ${status}`, status } });
    expect(control.deadLetters).toEqual([{ code: 'crm_rejected', detail: `CRM answered HTTP ${status}`, status }]);
    expect(state.attempts.size).toBe(0);
  });

  it('disables the endpoint on 410, says so in an error log, and dead-letters later events unattempted', async () => {
    // Prepare
    const { dependencies, control, state, posts, log } = setup([{ status: 410 }, { status: 200 }]);

    // Act
    const first = await deliverCrmEvent(record, control, dependencies);
    const second = await deliverCrmEvent({ ...record, id: 'evt_0124' }, control, dependencies);

    // Assess
    expect(first).toMatchObject({ outcome: 'dead-lettered', reason: { code: 'endpoint_gone', status: 410 } });
    expect(second).toMatchObject({ outcome: 'dead-lettered', reason: { code: 'endpoint_disabled', status: 410 } });
    expect(posts).toHaveLength(1);
    expect(state.disabled.get('endpoint-1')).toEqual({ disabledAt: '2026-11-29T10:00:00.000Z', status: 410 });
    expect(log.lines.filter((line) => line.level === 'error').map((line) => line.message)).toEqual([expect.stringContaining('410 Gone: endpoint DISABLED')]);
  });

  it('delivers again once the endpoint is re-enabled', async () => {
    const { dependencies, control, state } = setup([{ status: 410 }, { status: 200 }]);
    await deliverCrmEvent(record, control, dependencies);
    await state.enableEndpoint('endpoint-1');
    expect(await deliverCrmEvent(record, control, dependencies)).toEqual({ outcome: 'delivered', status: 200 });
  });

  it('logs no personal data on any path', async () => {
    const { dependencies, control, log } = setup([{ status: 500 }, { status: 422 }, { status: 410 }, { status: 200 }]);
    for (let index = 0; index < 4; index += 1) await deliverCrmEvent(record, control, dependencies);
    expect(JSON.stringify(log.lines)).not.toMatch(/4915112345678|Erika|erika@|Hallo/);
  });
});

describe('Function: parseRetryAfter', () => {
  const now = new Date('2026-11-29T10:00:00.000Z');
  it.each([
    ['120', 120],
    [' 7 ', 7],
    ['Sun, 29 Nov 2026 10:00:30 GMT', 30],
    ['Sun, 29 Nov 2026 09:00:00 GMT', 0],
    ['999999', 43_200],
  ])('reads %s as %i seconds', (value, seconds) => {
    expect(parseRetryAfter(value, now)).toBe(seconds);
  });
  it.each([[undefined], ['soon'], ['-5']])('ignores %s', (value) => {
    expect(parseRetryAfter(value, now)).toBeUndefined();
  });
});

describe('Function: retryDelaySeconds', () => {
  it('walks the schedule, lets Retry-After win, and ends after the last step', () => {
    const schedule = [5, 300, 1800];
    expect([1, 2, 3].map((attempt) => retryDelaySeconds(attempt, schedule))).toEqual([5, 300, 1800]);
    expect(retryDelaySeconds(2, schedule, 10)).toBe(10);
    expect(retryDelaySeconds(4, schedule)).toBeUndefined();
  });
});
