import type { CrmPushRecord } from '../crm/records.js';
import type { OutboundMessage } from '../outbound-message.js';
import type { Clock, CrmEventQueue, Log } from '../ports.js';
import { classifyGraphFailure, retryDelaySeconds, GRAPH_ERROR_CODES } from './graph-errors.js';
import { buildGraphMessage } from './graph-message.js';
import { decideSend, REJECTION_REASONS, type SendingPolicy } from './policy.js';
import { GraphApiError, ReplyRetryError, type RecipientDirectory, type ReplyRecord, type ReplyStore, type WhatsAppMessenger } from './ports.js';
import type { PairSpacer, TokenBucket } from './rate-shaping.js';
import { replyFailedRecord, replyRejectedRecord, replySentRecord } from './crm-events.js';

/** How long an erasure confirmation waits for the erasure it confirms to finish. */
const ERASURE_WAIT_SECONDS = 2;

export interface SendReplyDependencies {
  readonly replies: ReplyStore;
  readonly recipients: RecipientDirectory;
  readonly messenger: WhatsAppMessenger;
  readonly crmEvents: CrmEventQueue;
  readonly policy: SendingPolicy;
  readonly throughput: TokenBucket;
  readonly pairSpacing: PairSpacer;
  /** Business phone number used when the profile does not name one (`WHATSAPP_PHONE_NUMBER_ID`). */
  readonly defaultPhoneNumberId?: string;
  /** Mark `replyTo` as read before replying. */
  readonly markAsRead: boolean;
  readonly retry: { readonly baseSeconds: number; readonly maxSeconds: number; readonly maxAttempts: number };
  /**
   * How long a started attempt is presumed alive: longer than pacing plus the Graph timeout. A
   * redelivery within it waits instead of sending in parallel; after it, the attempt counts as crashed.
   */
  readonly attemptLeaseSeconds: number;
  readonly clock: Clock;
  readonly log: Log;
}

/** One delivery of an outbound message from the queue. */
export interface SendAttempt {
  /** Delivery count of this queue message, from 1 (SQS ApproximateReceiveCount). */
  readonly attempt: number;
  /** Makes the queue redeliver this message after `seconds` (the backoff of a retry). */
  delayRedelivery(seconds: number): Promise<void>;
}

export type SendOutcome = 'sent' | 'rejected' | 'failed' | 'duplicate';

/**
 * Sends one outbound message through the Graph API, at most once per reply in the normal case.
 * Steps:
 * 1. begin an attempt on the reply record (conditional write); a final record means a
 *    redelivery: its CRM event is published again (same id, deduplicated) and nothing is sent;
 *    an attempt still running (within its lease) means the message comes back later;
 * 2. look up the contact and decide (erased, unknown, lawful basis, marketing, window);
 *    a refusal is recorded and pushed as `reply.rejected` with its reason;
 * 3. pace the send (pair spacing per contact, token bucket per business number);
 * 4. optionally mark `replyTo` as read (best effort), then send;
 * 5. success: store the wamid (and its mapping), push `reply.sent`;
 *    final Graph error: record it (131050 also records the marketing opt-out), push `reply.failed`;
 *    retryable Graph error: schedule a redelivery with backoff and throw, or, on the last
 *    attempt, record `failed` with `retries_exhausted`, push `reply.failed` and throw so the
 *    message is dead-lettered too.
 * A crash between the Graph call and the state write leaves the record `sending` with the attempt
 * in flight; the redelivery sends again (at-least-once: a possible duplicate rather than a lost
 * reply) and logs a warning. State is written before events are pushed; a redelivery repairs a
 * lost push.
 *
 * @throws ReplyRetryError for a retryable Graph error; BridgeError when a dependency fails.
 */
export async function sendReply(message: OutboundMessage, attempt: SendAttempt, dependencies: SendReplyDependencies): Promise<SendOutcome> {
  const { replies, log } = dependencies;
  const ids = { replyId: message.replyId, contactId: message.contactId, attempt: attempt.attempt };
  const begun = await replies.beginAttempt(message.contactId, message.replyId, dependencies.attemptLeaseSeconds);
  if (!begun.begun && begun.record.state === 'sending') {
    // The queue redelivered the message while an attempt still runs (it outlived the visibility timeout).
    const startedAt = Date.parse(begun.record.attemptStartedAt ?? '') || dependencies.clock.now().getTime();
    const remaining = Math.ceil((startedAt + dependencies.attemptLeaseSeconds * 1000 - dependencies.clock.now().getTime()) / 1000);
    const seconds = Math.min(dependencies.attemptLeaseSeconds, Math.max(1, remaining));
    await attempt.delayRedelivery(seconds);
    log.warn('an attempt of this reply is still running; checking again later', { ...ids, retryInSeconds: seconds });
    throw new ReplyRetryError(seconds, { code: 'attempt_in_progress' });
  }
  if (!begun.begun) {
    await republishFinal(message, begun.record, dependencies);
    log.info('reply already final; not sent again', { ...ids, state: begun.record.state });
    return 'duplicate';
  }
  if (begun.previous?.inFlight) {
    log.warn('previous attempt ended without an outcome; sending again (at-least-once)', ids);
  }

  const recipient = await dependencies.recipients.find(message.contactId);
  if (message.purpose === 'erasure_confirmation' && recipient.erasure?.state === 'erasing' && attempt.attempt < dependencies.retry.maxAttempts) {
    // The erasure that this message confirms is deleting the contact's items right now; the
    // recipient's address is kept once it ends. Answering "unknown contact" now would lose it.
    await replies.recordRetry(message.contactId, message.replyId, undefined);
    await attempt.delayRedelivery(ERASURE_WAIT_SECONDS);
    log.info('erasure still running; confirmation will be sent once it ends', { ...ids, retryInSeconds: ERASURE_WAIT_SECONDS });
    throw new ReplyRetryError(ERASURE_WAIT_SECONDS, { code: 'erasure_in_progress' });
  }
  const decision = decideSend(message, recipient, dependencies.policy, dependencies.clock.now());
  const phoneNumberId = recipient.profile?.phoneNumberId ?? dependencies.defaultPhoneNumberId;
  const reason = !decision.send ? decision.reason : phoneNumberId ? undefined : REJECTION_REASONS.noBusinessNumber;
  if (reason !== undefined || !phoneNumberId || !recipient.profile?.waId) {
    const why = reason ?? REJECTION_REASONS.noRecipientAddress;
    await replies.markRejected(message.contactId, message.replyId, why);
    await publish(dependencies, replyRejectedRecord(message, why, dependencies.clock.now()));
    log.info('reply rejected', { ...ids, reason: why });
    return 'rejected';
  }

  await dependencies.pairSpacing.space(message.contactId);
  await dependencies.throughput.acquire(phoneNumberId);
  if (dependencies.markAsRead && message.replyTo && attempt.attempt === 1) {
    await markRead(phoneNumberId, message.replyTo, dependencies, ids);
  }

  let wamid: string;
  try {
    ({ wamid } = await dependencies.messenger.send(phoneNumberId, buildGraphMessage(message, recipient.profile.waId)));
  } catch (error) {
    if (!(error instanceof GraphApiError)) throw error;
    return handleGraphFailure(message, attempt, phoneNumberId, error, dependencies);
  }
  await replies.markSent(message.contactId, message.replyId, wamid);
  await publish(dependencies, replySentRecord(message, wamid, dependencies.clock.now()));
  log.info('reply sent', { ...ids, wamid });
  return 'sent';
}

async function handleGraphFailure(
  message: OutboundMessage,
  attempt: SendAttempt,
  phoneNumberId: string,
  error: GraphApiError,
  dependencies: SendReplyDependencies,
): Promise<SendOutcome> {
  const { replies, log } = dependencies;
  const ids = { replyId: message.replyId, contactId: message.contactId, attempt: attempt.attempt };
  const { code, httpStatus, transport } = error.failure;
  const details = { ...ids, graphCode: code, httpStatus, transport };
  const disposition = classifyGraphFailure(error.failure);
  if (disposition.retry) {
    if (code === GRAPH_ERROR_CODES.throughputLimit) dependencies.throughput.drain(phoneNumberId);
    if (attempt.attempt >= dependencies.retry.maxAttempts) {
      const failure = { reason: 'retries_exhausted', ...(code !== undefined ? { errorCode: code } : {}) };
      await replies.markFailed(message.contactId, message.replyId, failure);
      await publish(dependencies, replyFailedRecord(message, failure, dependencies.clock.now()));
      log.error('reply retries exhausted; reported and dead-lettered', details);
      throw new ReplyRetryError(0, { code: 'retries_exhausted', cause: error });
    }
    const seconds = retryDelaySeconds(disposition.backoff, attempt.attempt, dependencies.retry);
    await replies.recordRetry(message.contactId, message.replyId, code);
    await attempt.delayRedelivery(seconds);
    log.warn('Graph API refused for now; reply will be retried', { ...details, retryInSeconds: seconds });
    throw new ReplyRetryError(seconds, { code: error.code, cause: error });
  }
  if (disposition.recordMarketingOptOut) await dependencies.recipients.recordMarketingOptOut(message.contactId);
  const failure = { reason: 'graph_error', ...(code !== undefined ? { errorCode: code } : {}) };
  await replies.markFailed(message.contactId, message.replyId, failure);
  await publish(dependencies, replyFailedRecord(message, failure, dependencies.clock.now()));
  if (disposition.alarm) log.error('Graph API refused the bridge itself (token or policy block): a human must act', details);
  else log.warn('Graph API refused the reply; reported to the CRM', details);
  return 'failed';
}

async function markRead(phoneNumberId: string, wamid: string, dependencies: SendReplyDependencies, ids: Record<string, unknown>): Promise<void> {
  try {
    await dependencies.messenger.markAsRead(phoneNumberId, wamid);
  } catch (error) {
    // A missing read receipt must not hold back the reply itself.
    const failure = error instanceof GraphApiError ? error.failure : {};
    dependencies.log.warn('could not mark the message as read', { ...ids, graphCode: failure.code, transport: failure.transport });
  }
}

/** A redelivered message of a final reply: push its event again (same CRM event id), send nothing. */
async function republishFinal(message: OutboundMessage, record: ReplyRecord, dependencies: SendReplyDependencies): Promise<void> {
  const at = dependencies.clock.now();
  if (record.state === 'sent' && record.wamid) await publish(dependencies, replySentRecord(message, record.wamid, at));
  if (record.state === 'rejected') await publish(dependencies, replyRejectedRecord(message, record.reason ?? 'rejected', at));
  if (record.state === 'failed') {
    await publish(dependencies, replyFailedRecord(message, { reason: record.reason ?? 'graph_error', ...(record.errorCode !== undefined ? { errorCode: record.errorCode } : {}) }, at));
  }
}

/**
 * The privacy notice and the consent request go to contacts who have not consented (yet): the CRM
 * hears nothing of them, not even a pseudonym, until the contact grants (data minimisation, Art.
 * 5(1)(c)). Their outcome is logged like every reply's.
 */
const NOT_REPORTED_TO_CRM: ReadonlySet<string> = new Set(['privacy_notice', 'consent_request']);

function publish(dependencies: SendReplyDependencies, record: CrmPushRecord): Promise<void> {
  if (record.data.origin === 'bridge' && NOT_REPORTED_TO_CRM.has(String(record.data.purpose))) return Promise.resolve();
  return dependencies.crmEvents.publish([record]);
}
