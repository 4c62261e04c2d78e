import { describe, expect, it } from 'vitest';
import type { OutboundMessage } from '../../../shared/domain/outbound-message.js';
import type { ContactProfile } from '../../../shared/domain/ports.js';
import type { Recipient } from '../../../shared/domain/replies/policy.js';
import { GraphApiError, ReplyRetryError, type BeginAttemptResult, type RecipientDirectory, type ReplyRecord, type ReplyStore, type WhatsAppMessenger } from '../../../shared/domain/replies/ports.js';
import { PairSpacer, TokenBucket } from '../../../shared/domain/replies/rate-shaping.js';
import { sendReply, type SendReplyDependencies } from '../../../shared/domain/replies/send-reply.js';
import type { GraphMessage } from '../../../shared/domain/replies/graph-message.js';
import { capturingLog, fixedClock, InMemoryCrmQueue } from '../../support/in-memory.js';

class InMemoryReplyStore implements ReplyStore {
  public readonly records = new Map<string, ReplyRecord>();
  public startedAt = '2026-11-29T10:00:00.000Z';
  public async beginAttempt(contactId: string, replyId: string, leaseSeconds: number): Promise<BeginAttemptResult> {
    const previous = this.records.get(replyId);
    if (previous && previous.state !== 'sending') return { begun: false, record: previous };
    const leaseHeld = previous?.inFlight && Date.parse(previous.attemptStartedAt ?? '') > CLOCK.now().getTime() - leaseSeconds * 1000;
    if (previous && leaseHeld) return { begun: false, record: previous };
    this.records.set(replyId, { replyId, contactId, state: 'sending', attempts: (previous?.attempts ?? 0) + 1, inFlight: true, attemptStartedAt: this.startedAt, updatedAt: '' });
    return { begun: true, ...(previous ? { previous } : {}) };
  }
  public async recordRetry(_contactId: string, replyId: string): Promise<void> {
    this.patch(replyId, { inFlight: false });
  }
  public async markSent(_contactId: string, replyId: string, wamid: string): Promise<void> {
    this.patch(replyId, { state: 'sent', wamid, inFlight: false });
  }
  public async markRejected(_contactId: string, replyId: string, reason: string): Promise<void> {
    this.patch(replyId, { state: 'rejected', reason, inFlight: false });
  }
  public async markFailed(_contactId: string, replyId: string, failure: { reason: string; errorCode?: number }): Promise<void> {
    this.patch(replyId, { state: 'failed', reason: failure.reason, ...(failure.errorCode !== undefined ? { errorCode: failure.errorCode } : {}), inFlight: false });
  }
  private patch(replyId: string, fields: Partial<ReplyRecord>): void {
    this.records.set(replyId, { ...(this.records.get(replyId) as ReplyRecord), ...fields });
  }
}

class FakeMessenger implements WhatsAppMessenger {
  public readonly sends: { phoneNumberId: string; message: GraphMessage }[] = [];
  public readonly reads: string[] = [];
  public failures: GraphApiError[] = [];
  public async send(phoneNumberId: string, message: GraphMessage): Promise<{ wamid: string }> {
    this.sends.push({ phoneNumberId, message });
    const failure = this.failures.shift();
    if (failure) throw failure;
    return { wamid: `wamid.${this.sends.length}` };
  }
  public async markAsRead(_phoneNumberId: string, wamid: string): Promise<void> {
    this.reads.push(wamid);
  }
}

const CLOCK = fixedClock('2026-11-29T10:00:00.000Z');

function setup(options: { profile?: Partial<ContactProfile>; erased?: boolean; markAsRead?: boolean; defaultPhoneNumberId?: string } = {}) {
  const profile: ContactProfile = {
    contactId: 'c1',
    waId: '4915100000001',
    phoneNumberId: 'pn-1',
    consentState: 'granted',
    lastInboundAt: '2026-11-29T09:00:00.000Z',
    createdAt: '2026-11-01T00:00:00.000Z',
    updatedAt: '2026-11-29T09:00:00.000Z',
    version: 1,
    ...options.profile,
  };
  const optOuts: string[] = [];
  const recipients: RecipientDirectory = {
    find: async (): Promise<Recipient> => ({ profile, ...(options.erased ? { erasure: { state: 'erasing' as const } } : {}) }),
    recordMarketingOptOut: async (contactId) => void optOuts.push(contactId),
  };
  const replies = new InMemoryReplyStore();
  const messenger = new FakeMessenger();
  const crm = new InMemoryCrmQueue();
  const log = capturingLog();
  const noWait = async () => {};
  const dependencies: SendReplyDependencies = {
    replies,
    recipients,
    messenger,
    crmEvents: crm,
    policy: { customerServiceBasis: 'consent', serviceWindowHours: 24, referralWindowHours: 72 },
    throughput: new TokenBucket(80, 80, CLOCK, noWait),
    pairSpacing: new PairSpacer(0, CLOCK, noWait),
    markAsRead: options.markAsRead ?? false,
    ...(options.defaultPhoneNumberId ? { defaultPhoneNumberId: options.defaultPhoneNumberId } : {}),
    retry: { baseSeconds: 2, maxSeconds: 900, maxAttempts: 6 },
    attemptLeaseSeconds: 30,
    clock: CLOCK,
    log,
  };
  const delays: number[] = [];
  const attempt = (n: number) => ({ attempt: n, delayRedelivery: async (seconds: number) => void delays.push(seconds) });
  return { dependencies, replies, messenger, crm, log, optOuts, delays, attempt };
}

const MESSAGE: OutboundMessage = { v: 1, replyId: 'rpl_1', contactId: 'c1', origin: 'crm', content: { type: 'text', text: 'Hallo' }, replyTo: 'wamid.IN', requestedAt: '2026-11-29T10:00:00.000Z' };

describe('Function: sendReply', () => {
  it('sends once, from the contact\'s business number, and reports reply.sent with the wamid', async () => {
    // Prepare
    const { dependencies, messenger, crm, attempt } = setup();

    // Act
    const outcome = await sendReply(MESSAGE, attempt(1), dependencies);
    const again = await sendReply(MESSAGE, attempt(2), dependencies);

    // Assess
    expect([outcome, again]).toEqual(['sent', 'duplicate']);
    expect(messenger.sends).toHaveLength(1);
    expect(messenger.sends[0]).toMatchObject({ phoneNumberId: 'pn-1', message: { to: '4915100000001', context: { message_id: 'wamid.IN' }, biz_opaque_callback_data: 'rpl_1' } });
    // The redelivery repeats the event with the same id (the queue and the CRM deduplicate it).
    expect(crm.records.map((record) => record.type)).toEqual(['reply.sent', 'reply.sent']);
    expect(crm.records[0]?.id).toBe(crm.records[1]?.id);
    expect(crm.records[0]?.data).toMatchObject({ replyId: 'rpl_1', messageId: 'wamid.1' });
  });

  it('waits while another attempt of the same reply is running, instead of sending in parallel', async () => {
    const { dependencies, messenger, replies, delays, attempt } = setup();
    replies.startedAt = '2026-11-29T09:59:50.000Z';
    await replies.beginAttempt('c1', 'rpl_1', 30);
    await expect(sendReply(MESSAGE, attempt(2), dependencies)).rejects.toMatchObject({ code: 'attempt_in_progress' });
    expect(delays).toEqual([20]);
    expect(messenger.sends).toHaveLength(0);
  });

  it('sends again after an attempt that died without an outcome, and says so (at-least-once)', async () => {
    const { dependencies, messenger, replies, log, attempt } = setup();
    replies.startedAt = '2026-11-29T09:50:00.000Z';
    await replies.beginAttempt('c1', 'rpl_1', 30);
    expect(await sendReply(MESSAGE, attempt(2), dependencies)).toBe('sent');
    expect(messenger.sends).toHaveLength(1);
    expect(log.lines.some((line) => line.level === 'warn' && line.message.includes('at-least-once'))).toBe(true);
  });

  it('rejects without calling Meta and reports the reason', async () => {
    const { dependencies, messenger, crm, replies, attempt } = setup({ profile: { consentState: 'withdrawn' } });
    expect(await sendReply(MESSAGE, attempt(1), dependencies)).toBe('rejected');
    expect(messenger.sends).toHaveLength(0);
    expect(crm.records[0]).toMatchObject({ type: 'reply.rejected', contactId: 'c1', data: { replyId: 'rpl_1', reason: 'no_lawful_basis' } });
    expect(replies.records.get('rpl_1')?.state).toBe('rejected');
  });

  it('falls back to the configured business number, and rejects when there is none', async () => {
    const withDefault = setup({ profile: { phoneNumberId: undefined }, defaultPhoneNumberId: 'pn-default' });
    expect(await sendReply(MESSAGE, withDefault.attempt(1), withDefault.dependencies)).toBe('sent');
    expect(withDefault.messenger.sends[0]?.phoneNumberId).toBe('pn-default');
    const without = setup({ profile: { phoneNumberId: undefined } });
    expect(await sendReply(MESSAGE, without.attempt(1), without.dependencies)).toBe('rejected');
    expect(without.crm.records[0]?.data).toMatchObject({ reason: 'no_business_number' });
  });

  it('tells the CRM nothing of the privacy notice and the consent request, but reports the consent confirmation', async () => {
    // Prepare: a contact who has not consented yet (the notice and request are exempt from consent)
    const { dependencies, messenger, crm, attempt } = setup({ profile: { consentState: 'unknown' } });
    const bridge = (replyId: string, purpose: OutboundMessage['purpose']): OutboundMessage => ({ ...MESSAGE, replyId, origin: 'bridge', purpose });

    // Act
    await sendReply(bridge('rpl_notice', 'privacy_notice'), attempt(1), dependencies);
    await sendReply(bridge('rpl_request', 'consent_request'), attempt(1), dependencies);
    await sendReply(bridge('rpl_confirm', 'consent_confirmation'), attempt(1), dependencies);

    // Assess
    expect(messenger.sends).toHaveLength(3);
    expect(crm.records.map((record) => record.data.replyId)).toEqual(['rpl_confirm']);
  });

  it('holds an erasure confirmation back while the erasure it confirms is still running, then sends it', async () => {
    // Prepare
    const confirmation: OutboundMessage = { ...MESSAGE, replyId: 'rpl_erase', origin: 'bridge', purpose: 'erasure_confirmation' };
    const running = setup({ erased: true });

    // Act / Assess: while erasing, nothing is sent or reported, and the message comes back later
    await expect(sendReply(confirmation, running.attempt(1), running.dependencies)).rejects.toMatchObject({ code: 'erasure_in_progress' });
    expect(running.messenger.sends).toHaveLength(0);
    expect(running.crm.records).toHaveLength(0);
    expect(running.delays).toEqual([2]);
    // The same message on its next delivery, the erasure having ended, goes out at once.
    await expect(sendReply(confirmation, running.attempt(2), { ...running.dependencies, recipients: { ...running.dependencies.recipients, find: async () => ({ profile: (await running.dependencies.recipients.find('c1')).profile! }) } })).resolves.toBe('sent');
  });

  it('schedules a retry with backoff for 131056 and reports nothing yet', async () => {
    const { dependencies, messenger, crm, delays, attempt } = setup();
    messenger.failures = [new GraphApiError({ code: 131056, httpStatus: 400 })];
    await expect(sendReply(MESSAGE, attempt(3), dependencies)).rejects.toBeInstanceOf(ReplyRetryError);
    expect(delays).toEqual([32]);
    expect(crm.records).toHaveLength(0);
    expect(await sendReply(MESSAGE, attempt(4), dependencies)).toBe('sent');
  });

  it('reports retries that ran out and still throws, so the message is dead-lettered', async () => {
    const { dependencies, messenger, crm, replies, attempt } = setup();
    messenger.failures = [new GraphApiError({ transport: 'timeout' })];
    await expect(sendReply(MESSAGE, attempt(6), dependencies)).rejects.toBeInstanceOf(ReplyRetryError);
    expect(crm.records[0]).toMatchObject({ type: 'reply.failed', data: { reason: 'retries_exhausted' } });
    expect(replies.records.get('rpl_1')?.state).toBe('failed');
  });

  it('records the marketing opt-out on 131050 and reports reply.failed with the code', async () => {
    const { dependencies, messenger, crm, optOuts, attempt } = setup();
    messenger.failures = [new GraphApiError({ code: 131050, httpStatus: 400 })];
    const marketing: OutboundMessage = { ...MESSAGE, content: { type: 'template', template: { name: 'promo', language: 'de', category: 'marketing' } } };
    expect(await sendReply(marketing, attempt(1), dependencies)).toBe('failed');
    expect(optOuts).toEqual(['c1']);
    expect(crm.records[0]).toMatchObject({ type: 'reply.failed', data: { reason: 'graph_error', code: 131050 } });
  });

  it('logs an expired token (190) at error level, for the alarm', async () => {
    const { dependencies, messenger, log, attempt } = setup();
    messenger.failures = [new GraphApiError({ code: 190, httpStatus: 401 })];
    expect(await sendReply(MESSAGE, attempt(1), dependencies)).toBe('failed');
    expect(log.lines.filter((line) => line.level === 'error')).toHaveLength(1);
  });

  it('marks the answered message as read when configured, and logs no content', async () => {
    const { dependencies, messenger, log, attempt } = setup({ markAsRead: true });
    await sendReply(MESSAGE, attempt(1), dependencies);
    expect(messenger.reads).toEqual(['wamid.IN']);
    expect(JSON.stringify(log.lines)).not.toMatch(/Hallo|4915100000001/);
  });
});
