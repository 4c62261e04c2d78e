import { BridgeError } from '../../errors.js';
import type { GraphFailure } from './graph-errors.js';
import type { GraphMessage } from './graph-message.js';
import type { Recipient } from './policy.js';

/*
 * Ports of the replies capability. Adapters: shared/adapters/dynamodb-reply-store.ts (records,
 * idempotency keys, wamid mapping, recipients) and shared/adapters/graph-api-client.ts.
 */

/**
 * Where a reply stands. `sending`: an attempt is running, crashed, or waits for a retry;
 * `sent`: Meta accepted it (wamid known); `rejected`: policy refused it; `failed`: Meta refused it
 * or retries ran out. The last three are final: a redelivered message is not sent again.
 */
export type ReplyState = 'sending' | 'sent' | 'rejected' | 'failed';

/** A reply's record (no content: the text lives only in the queue). */
export interface ReplyRecord {
  readonly replyId: string;
  readonly contactId: string;
  readonly state: ReplyState;
  /** Attempts started so far. */
  readonly attempts: number;
  /** An attempt was started and its outcome not yet written (running, or the process died mid-call). */
  readonly inFlight: boolean;
  /** When the last attempt started (ISO 8601). */
  readonly attemptStartedAt?: string;
  readonly wamid?: string;
  /** `reply.rejected` reason, or `reply.failed` reason (`graph_error`, `retries_exhausted`). */
  readonly reason?: string;
  /** Graph error code of the last failure. */
  readonly errorCode?: number;
  readonly updatedAt: string;
}

export type BeginAttemptResult =
  | { readonly begun: true; readonly previous?: ReplyRecord }
  | { readonly begun: false; readonly record: ReplyRecord };

/** Reply records: `CONTACT#<id>` / `REPLY#<replyId>`, plus the wamid mapping, all with a TTL. */
export interface ReplyStore {
  /**
   * Starts an attempt: creates the record or moves a `sending` one on (conditional write). Answers
   * `begun: false` with the record when it is final, or when another attempt started less than
   * `leaseSeconds` ago and has not finished (the queue redelivered the message while it ran).
   */
  beginAttempt(contactId: string, replyId: string, leaseSeconds: number): Promise<BeginAttemptResult>;
  /** The attempt failed with a retryable error; the next delivery is a retry, not a crash recovery. */
  recordRetry(contactId: string, replyId: string, errorCode: number | undefined): Promise<void>;
  /** Meta accepted the reply: stores the wamid and the wamid -> reply id mapping. */
  markSent(contactId: string, replyId: string, wamid: string): Promise<void>;
  markRejected(contactId: string, replyId: string, reason: string): Promise<void>;
  markFailed(contactId: string, replyId: string, failure: { reason: string; errorCode?: number }): Promise<void>;
}

/** Looks up which reply a wamid belongs to, for `message.status` events. */
export interface ReplyCorrelation {
  findReplyId(contactId: string, wamid: string): Promise<string | undefined>;
}

/** The contact as the sender needs it, and the one write it makes to the profile. */
export interface RecipientDirectory {
  find(contactId: string): Promise<Recipient>;
  /** Records that the contact stopped marketing messages (Graph error 131050). No-op for unknown contacts. */
  recordMarketingOptOut(contactId: string): Promise<void>;
}

/** A stored `Idempotency-Key` of the replies API. */
export interface IdempotencyEntry {
  readonly replyId: string;
  /** Fingerprint of the first request's body. */
  readonly fingerprint: string;
}

/** `IDEMPOTENCY#<sha256(key)>` items. */
export interface IdempotencyStore {
  /** Stores the entry unless a live one exists for the key; returns the live entry (the stored or the given one). */
  claim(keyHash: string, entry: IdempotencyEntry, expiresAt: Date): Promise<{ readonly entry: IdempotencyEntry; readonly created: boolean }>;
}

/** The Graph API's messages endpoint. */
export interface WhatsAppMessenger {
  /** @throws GraphApiError when Meta refuses, or does not answer in time. */
  send(phoneNumberId: string, message: GraphMessage): Promise<{ readonly wamid: string }>;
  /** Marks an inbound message (and those before it) as read. @throws GraphApiError */
  markAsRead(phoneNumberId: string, wamid: string): Promise<void>;
}

/** A Graph API call failed; `failure` says how (code, HTTP status, or timeout). */
export class GraphApiError extends BridgeError {
  public readonly failure: GraphFailure;

  public constructor(failure: GraphFailure, options: { cause?: unknown } = {}) {
    const what = failure.transport ?? `HTTP ${failure.httpStatus ?? '?'}${failure.code !== undefined ? ` code ${failure.code}` : ''}`;
    super(`Graph API call failed: ${what}`, {
      code: failure.code !== undefined ? `graph_${failure.code}` : `graph_${failure.transport ?? 'error'}`,
      retryable: true,
      ...(options.cause !== undefined ? { cause: options.cause } : {}),
    });
    this.name = 'GraphApiError';
    this.failure = failure;
  }
}

/** A retryable failure; the queue redelivers the message after `retryAfterSeconds`. */
export class ReplyRetryError extends BridgeError {
  public readonly retryAfterSeconds: number;

  public constructor(retryAfterSeconds: number, options: { code: string; cause?: unknown }) {
    super(`reply will be retried in ${retryAfterSeconds} s`, { code: options.code, retryable: true, cause: options.cause });
    this.name = 'ReplyRetryError';
    this.retryAfterSeconds = retryAfterSeconds;
  }
}
