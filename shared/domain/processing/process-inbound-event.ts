import type { CrmPushRecord } from '../crm/records.js';
import { eraseLeftovers, isDroppedByErasure } from '../consent/data-subject-rights.js';
import type { ErasureCheck, ErasureTombstone } from '../consent/ports.js';
import type { InboundEvent, MessageEvent, PreferenceEvent, StatusEvent } from '../inbound-event.js';
import type { OutboundMessage } from '../outbound-message.js';
import type {
  Clock,
  ContactProfile,
  ContactRepository,
  CrmEventQueue,
  Log,
  MessageStatusStore,
  OutboundMessageQueue,
  ProcessedEventStore,
} from '../ports.js';
import type { ReplyCorrelation } from '../replies/ports.js';
import {
  messageReceivedRecord,
  messageStatusRecord,
  preferencesChangedRecord,
  webhookErrorRecord,
  webhookUnsupportedRecord,
} from './inbound-to-crm.js';
import { statusRank } from './status-order.js';

/** What the consent seam decided for one event. */
export interface AdmissionDecision {
  /** Messages to forward to the CRM, in order (held messages released by a grant come first). */
  readonly forward: readonly MessageEvent[];
  /** Bridge messages to queue on `outbound.fifo` (notice, consent request, confirmations). */
  readonly outbound: readonly OutboundMessage[];
  /** Further CRM events, e.g. `contact.consent_changed`. */
  readonly crmEvents: readonly CrmPushRecord[];
  /**
   * Runs after everything above is queued and before the idempotency marker, e.g. deleting the
   * held messages just released, or erasing the contact after queueing the confirmation. Must be
   * idempotent: a crash before the marker runs it again.
   */
  readonly settle?: () => Promise<void>;
  /**
   * Whether the contact has granted consent once this decision applies (the forwarder passes the
   * phone number to the CRM only then, if configured); defaults to the profile's state.
   */
  readonly consentGranted?: boolean;
}

/**
 * Decides what an inbound message (and a preference change) leads to. This is the seam where
 * consent is enforced: the consent state machine plugs in here (see consent/consent-admission.ts).
 * Everything it does before returning must be idempotent per event id.
 */
export interface MessageAdmission {
  admit(input: { event: MessageEvent; profile: ContactProfile }): Promise<AdmissionDecision>;
  /** A `user_preferences` change, e.g. marketing messages stopped. */
  applyPreference?(input: { event: PreferenceEvent; profile: ContactProfile | undefined }): Promise<AdmissionDecision>;
}

const NOTHING: AdmissionDecision = { forward: [], outbound: [], crmEvents: [] };

/**
 * Forwards every message without looking at consent. Only for tests and for a bridge whose lawful
 * basis does not require consent and which needs no notice; production wires ConsentAdmission.
 */
export const admitWithoutConsentCheck: MessageAdmission = {
  admit: async ({ event }) => ({ ...NOTHING, forward: [event] }),
};

export interface ProcessInboundEventDependencies {
  readonly processedEvents: ProcessedEventStore;
  readonly contacts: ContactRepository;
  readonly crmEvents: CrmEventQueue;
  /** Bridge messages (notice, consent request, confirmations) go here. */
  readonly outbound: OutboundMessageQueue;
  readonly admission: MessageAdmission;
  /** Erasure tombstones: events of an erased contact are dropped. */
  readonly erasures: ErasureCheck;
  readonly clock: Clock;
  readonly log: Log;
  /** Finds the reply a status belongs to (wamid -> reply id); without it statuses carry no `replyId`. */
  readonly replyCorrelation?: ReplyCorrelation;
  /** How long an idempotency marker is kept; must outlive Meta's redelivery horizon (7 days). */
  readonly markerTtlSeconds: number;
  /** Keeps statuses monotonic per message; without it, statuses are forwarded in arrival order. */
  readonly messageStatuses?: MessageStatusStore;
}

export type ProcessOutcome = 'processed' | 'duplicate' | 'dropped_erased';

/**
 * Processes one inbound event exactly once in effect. Steps:
 * 1. skip an event whose idempotency marker exists (Meta redelivers for days);
 * 2. drop an event of an erased contact that was queued before the erasure (Art. 17);
 * 3. update the contact (a message opens the 24-hour window);
 * 4. let the consent seam decide; queue bridge messages, then CRM events (deduplicated by
 *    reply id and CRM event id), then settle (e.g. delete released held messages);
 * 5. write the marker, conditionally.
 * The marker is written last, so a crash in between repeats steps 3-4, which are idempotent,
 * instead of losing the event. Events of one contact are serialised by their FIFO group.
 *
 * @throws BridgeError when a dependency fails; the record is then retried by the queue.
 */
export async function processInboundEvent(
  event: InboundEvent,
  dependencies: ProcessInboundEventDependencies,
  delivery: QueueDelivery = FIRST_DELIVERY,
): Promise<ProcessOutcome> {
  const { processedEvents, log } = dependencies;
  // Both reads at once: one round trip instead of two on every event (a duplicate wastes a read).
  const [processed, tombstone] = await Promise.all([
    processedEvents.isProcessed(event.eventId),
    event.contactId ? dependencies.erasures.getTombstone(event.contactId) : undefined,
  ]);
  if (processed) {
    log.info('duplicate event skipped', { eventId: event.eventId, kind: event.kind });
    return 'duplicate';
  }
  if (tombstone && isErasedFor(event, tombstone)) {
    // A retry of an event that was processed during an erasure by API, and failed while erasing
    // its leftovers (below), finds them here. Only after an erasure by API: one by message may
    // keep a recipient-only profile for its confirmation, which this must not delete. Events of
    // a contact are processed in queue order, so the partition holds nothing newer than this
    // event, unless two webhooks around the erasure were queued out of their receive order: then
    // this errs towards erasing. A retry also announces the erasure again: an earlier attempt
    // may have queued this event's CRM records after the erasure's own announcement and failed
    // before repeating it, with nothing left here to show it.
    if (tombstone.channel === 'api' && tombstone.state === 'erased') {
      await eraseLeftoversOf(event, tombstone, delivery.attempt > 1, dependencies);
    }
    await markProcessed(event, dependencies);
    log.info('event of an erased contact dropped', { eventId: event.eventId, kind: event.kind, contactId: event.contactId });
    return 'dropped_erased';
  }
  const decision = await routeEvent(event, dependencies);
  if (decision.outbound.length > 0) await dependencies.outbound.enqueue(decision.outbound);
  const consentGranted = decision.consentGranted;
  const records = [
    ...decision.forward.map((message) => messageReceivedRecord(message, consentGranted === undefined ? {} : { consentGranted })),
    ...decision.crmEvents,
  ];
  if (records.length > 0) await dependencies.crmEvents.publish(records);
  await decision.settle?.();
  if (event.contactId) {
    // An erasure may have begun after the check above, listed the contact's items before this
    // event wrote its own, and announced itself before this event's CRM records.
    const erasure = await dependencies.erasures.getTombstone(event.contactId);
    if (erasure && isErasedFor(event, erasure)) {
      await eraseLeftoversOf(event, erasure, records.length > 0, dependencies);
      await markProcessed(event, dependencies);
      return 'dropped_erased';
    }
  }
  await markProcessed(event, dependencies);
  log.info('event processed', { eventId: event.eventId, kind: event.kind, crmEvents: records.length, outbound: decision.outbound.length });
  return 'processed';
}

/** How often the queue has handed this event over, from 1 (see `deliveryAttempt`: replays from the dead-letter queue included). */
export interface QueueDelivery {
  readonly attempt: number;
}
const FIRST_DELIVERY: QueueDelivery = { attempt: 1 };

/** `eraseLeftovers` for this event, with the processor's stores. */
function eraseLeftoversOf(event: InboundEvent, tombstone: ErasureTombstone, announced: boolean, dependencies: ProcessInboundEventDependencies): Promise<number> {
  return eraseLeftovers({ tombstone, eventId: event.eventId, announced }, { data: dependencies.erasures, crmEvents: dependencies.crmEvents, log: dependencies.log });
}

/** Whether an erasure covers the event; the event that asked for erasure by message is let through, so its redelivery resumes the run. */
function isErasedFor(event: InboundEvent, tombstone: ErasureTombstone | undefined): boolean {
  return tombstone?.sourceEventId !== event.eventId && isDroppedByErasure(tombstone, event.receivedAt);
}

async function markProcessed(event: InboundEvent, dependencies: ProcessInboundEventDependencies): Promise<void> {
  const expiresAt = new Date(dependencies.clock.now().getTime() + dependencies.markerTtlSeconds * 1000);
  await dependencies.processedEvents.markProcessed(event.eventId, expiresAt);
}

async function routeEvent(event: InboundEvent, dependencies: ProcessInboundEventDependencies): Promise<AdmissionDecision> {
  switch (event.kind) {
    case 'message': {
      // A system message (number change, identity change) is WhatsApp's notice, not the user
      // writing: it must not open the 24-hour customer service window of a known contact.
      const known = event.message.type === 'system' ? await dependencies.contacts.get(event.contactId) : undefined;
      const profile = known ?? await dependencies.contacts.recordInbound({
        contactId: event.contactId,
        ...(event.waId ? { waId: event.waId } : {}),
        ...(event.userId ? { userId: event.userId } : {}),
        phoneNumberId: event.phoneNumberId,
        ...(event.message.referral ? { fromReferral: true } : {}),
        at: new Date(event.occurredAt),
      });
      const decision = await dependencies.admission.admit({ event, profile });
      return { ...decision, consentGranted: decision.consentGranted ?? profile.consentState === 'granted' };
    }
    case 'status': {
      if (await isStatusRegression(event, dependencies)) return NOTHING;
      const replyId = await dependencies.replyCorrelation?.findReplyId(event.contactId, event.status.id);
      return { ...NOTHING, crmEvents: [messageStatusRecord(event, replyId)] };
    }
    case 'preference': {
      const applied = dependencies.admission.applyPreference
        ? await dependencies.admission.applyPreference({ event, profile: await dependencies.contacts.get(event.contactId) })
        : NOTHING;
      return { ...applied, crmEvents: [preferencesChangedRecord(event), ...applied.crmEvents] };
    }
    case 'error':
      return { ...NOTHING, crmEvents: [webhookErrorRecord(event)] };
    case 'unsupported':
      return { ...NOTHING, crmEvents: [webhookUnsupportedRecord(event)] };
  }
}

/**
 * Whether a status is behind the furthest one already seen for its message (e.g. `delivered`
 * after `read`): such a status is not forwarded, it is logged with a count for the metric filter.
 */
async function isStatusRegression(event: StatusEvent, dependencies: ProcessInboundEventDependencies): Promise<boolean> {
  const rank = statusRank(event.status.status);
  if (!dependencies.messageStatuses || rank === undefined) return false;
  const advanced = await dependencies.messageStatuses.advance({ messageId: event.status.id, status: event.status.status, rank });
  if (advanced) return false;
  dependencies.log.info('status regression not forwarded', { eventId: event.eventId, status: event.status.status, statusRegressions: 1 });
  return true;
}
