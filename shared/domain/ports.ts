import type { LawfulBasis } from '../config/bridge-config.js';
import type { CrmPushRecord } from './crm/records.js';
import type { InboundEvent } from './inbound-event.js';
import type { OutboundMessage } from './outbound-message.js';

/*
 * Ports: what the domain needs from the outside world. Adapters in `shared/adapters/` implement
 * them with the AWS SDK or HTTP; tests implement them in memory. Every method throws a
 * BridgeError (with the SDK's error as `cause`) when the dependency fails.
 */

/** Source of the current time, injectable for tests. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** Durable hand-off of normalised webhook events to the processor (`inbound.fifo`). */
export interface InboundEventQueue {
  /** Queues every event or throws; never queues a subset silently. */
  enqueue(events: readonly InboundEvent[]): Promise<void>;
}

/** Hand-off of CRM events to the forwarder (`crm-push.fifo`). */
export interface CrmEventQueue {
  publish(records: readonly CrmPushRecord[]): Promise<void>;
}

/** Hand-off of replies to the reply sender (`outbound.fifo`), from the replies API or the bridge itself. */
export interface OutboundMessageQueue {
  enqueue(messages: readonly OutboundMessage[]): Promise<void>;
}

/** Idempotency markers: which inbound events have been fully processed. */
export interface ProcessedEventStore {
  isProcessed(eventId: string): Promise<boolean>;
  /** Records the event as processed until `expiresAt`; a second mark of the same id is a no-op. */
  markProcessed(eventId: string, expiresAt: Date): Promise<void>;
}

/**
 * A contact's consent to customer-service processing: `unknown -> notified -> granted | declined`,
 * `granted -> withdrawn`, and back to `granted` on a new explicit grant.
 */
export type ConsentState = 'unknown' | 'notified' | 'granted' | 'declined' | 'withdrawn';

/** A contact as the bridge keeps it: the minimum needed to reply and to honour consent. */
export interface ContactProfile {
  readonly contactId: string;
  /** Consent to customer-service processing; `unknown` until the consent flow has run. */
  readonly consentState?: ConsentState;
  /** Version of the Art. 13 notice shown to the contact (kept with the profile; goes into receipts). */
  readonly noticeVersion?: string;
  /** SHA-256 of the exact notice text shown, so a receipt proves what the contact agreed to. */
  readonly noticeSha256?: string;
  /**
   * The lawful basis the notice was given under. Why: when the basis changes to consent, a
   * contact notified under contract or legitimate interest was never asked and is asked on their
   * next message. Kept with the profile; sent to nobody.
   */
  readonly noticeBasis?: LawfulBasis;
  /** Language of the notices sent to the contact (ISO 639-1), chosen by calling code. */
  readonly language?: string;
  /** When the consent state last changed (ISO 8601, UTC). */
  readonly consentUpdatedAt?: string;
  /** The inbound event that last changed the consent state: recognises a redelivery of it. */
  readonly consentEventId?: string;
  /** The contact stopped marketing messages (user_preferences `stop`, or Graph error 131050). */
  readonly marketingOptOut?: boolean;
  /** Last inbound message that came from a click-to-WhatsApp ad (opens a 72-hour window). */
  readonly lastReferralAt?: string;
  /** WhatsApp id (phone digits), needed to reply. */
  readonly waId?: string;
  /** Business-scoped user id, when Meta identifies the user without a phone number. */
  readonly userId?: string;
  /** Last inbound message time: opens the 24-hour customer service window. */
  readonly lastInboundAt?: string;
  /**
   * The business number the contact last wrote to: replies go out from it (the service window is
   * per business number). Not personal data of the contact; kept as long as the profile.
   */
  readonly phoneNumberId?: string;
  readonly createdAt: string;
  readonly updatedAt: string;
  /** Optimistic-locking version, incremented by every write. */
  readonly version: number;
}

export interface InboundContact {
  readonly contactId: string;
  readonly waId?: string;
  readonly userId?: string;
  /** The business number the message was sent to. */
  readonly phoneNumberId?: string;
  /** The message came from a click-to-WhatsApp ad (it carries a `referral`): opens a 72-hour window. */
  readonly fromReferral?: boolean;
  /** When the inbound message was sent (Meta's timestamp). */
  readonly at: Date;
}

/** Contact profiles in the table. */
export interface ContactRepository {
  get(contactId: string): Promise<ContactProfile | undefined>;
  /** Creates or updates the profile for an inbound message; `lastInboundAt` never moves backwards. */
  recordInbound(contact: InboundContact): Promise<ContactProfile>;
}

/** An HTTP response, reduced to what delivery decisions need. */
export interface HttpResult {
  readonly status: number;
  /** `Retry-After` header value, if any. */
  readonly retryAfter?: string;
}

/** Sends one signed webhook to the CRM. Throws a retryable BridgeError on network failure or timeout. */
export interface CrmWebhookTransport {
  post(request: { headers: Record<string, string>; body: string }): Promise<HttpResult>;
}

/** Structured logger. Callers pass ids and hashes only: never phone numbers, names or message text. */
export interface Log {
  debug(message: string, attributes?: Record<string, unknown>): void;
  info(message: string, attributes?: Record<string, unknown>): void;
  warn(message: string, attributes?: Record<string, unknown>): void;
  error(message: string, attributes?: Record<string, unknown>): void;
}

/**
 * The furthest delivery status reached by each message the business sent, so that statuses
 * arriving out of order never move a message backwards (`read` is never followed by `delivered`).
 */
export interface MessageStatusStore {
  /**
   * Records `rank` for the message unless a higher rank is already stored.
   * Returns `true` when the status is at or beyond the stored one (forward it), `false` when it is
   * behind (a regression: do not forward). An equal rank counts as forward, so a retry after a
   * crash between this call and the hand-off to the CRM queue still forwards the status; exact
   * redeliveries are caught earlier by the event's idempotency marker.
   */
  advance(update: { readonly messageId: string; readonly status: string; readonly rank: number }): Promise<boolean>;
}

/**
 * Removes personal data from free text (message text, captions, file names) before it leaves the
 * bridge. `region` (ISO 3166, from the contact's calling code) lets national-format phone numbers
 * be recognised. Implemented by the PII sanitizer (`shared/domain/crm/text-sanitizer.ts` wires it).
 */
export type TextSanitizer = (text: string, context: { readonly region?: string }) => string;

/** A CRM endpoint the bridge stopped delivering to, because it answered 410 Gone. */
export interface DisabledCrmEndpoint {
  /** When the endpoint was disabled (ISO 8601, UTC). */
  readonly disabledAt: string;
  /** The HTTP status that disabled it (410). */
  readonly status: number;
}

/**
 * Delivery state the forwarder keeps between attempts: failed attempts per CRM event (the retry
 * schedule's position) and the disabled flag per endpoint. Endpoints are named by a hash of their
 * URL (`endpointKey`), never the URL itself (it may carry a token).
 */
export interface CrmDeliveryStateStore {
  /** Counts one more failed attempt for the event and returns the count so far (1 after the first). */
  recordFailedAttempt(eventId: string): Promise<number>;
  /** The endpoint's disabled flag, if set. */
  disabledEndpoint(endpointKey: string): Promise<DisabledCrmEndpoint | undefined>;
  /** Sets the endpoint's disabled flag (idempotent: the first disabling time is kept). */
  disableEndpoint(endpointKey: string, disabled: DisabledCrmEndpoint): Promise<void>;
  /** Clears the endpoint's disabled flag. */
  enableEndpoint(endpointKey: string): Promise<void>;
}

/**
 * What the forwarder can do with the queue message it is processing, besides finishing it:
 * postpone its next delivery (SQS visibility timeout) or move it to the dead-letter queue at once.
 */
export interface CrmPushMessageControl {
  /** Makes the message invisible for `delaySeconds` (0 to 43,200), so the next attempt waits. */
  retryAfter(delaySeconds: number): Promise<void>;
  /** Sends the message, unchanged, to the dead-letter queue with `reason`; the caller then deletes it. */
  deadLetter(reason: DeadLetterReason): Promise<void>;
}

/** Why a message was dead-lettered, carried as message attributes (no personal data). */
export interface DeadLetterReason {
  /** Machine-readable, e.g. `crm_rejected`, `retries_exhausted`, `endpoint_gone`. */
  readonly code: string;
  /** One readable line, e.g. `CRM answered HTTP 422`. */
  readonly detail: string;
  /** The CRM's HTTP status, when there was one. */
  readonly status?: number;
  /** Failed delivery attempts before this decision. */
  readonly attempts?: number;
}

/**
 * Business counters (see `BRIDGE_METRICS`). Counting never throws and never carries personal
 * data: names are fixed, values are counts.
 */
export interface Metrics {
  /** Adds `value` (default 1) to the counter for the current invocation. */
  count(name: import('./metrics.js').BridgeMetricName, value?: number): void;
  /** Publishes what was counted since the last flush; a flush with nothing counted does nothing. */
  flush(): void;
}
