import type { CrmPushRecord } from '../crm/records.js';
import type { InboundEvent, MessageEvent, StatusEvent } from '../inbound-event.js';
import type { Clock, ContactProfile, ContactRepository, CrmEventQueue, Log, MessageStatusStore, ProcessedEventStore } from '../ports.js';
import type { ReplyCorrelation } from '../replies/ports.js';
import {
  messageReceivedRecord,
  messageStatusRecord,
  preferencesChangedRecord,
  webhookErrorRecord,
  webhookUnsupportedRecord,
} from './inbound-to-crm.js';
import { statusRank } from './status-order.js';

/**
 * Decides whether an inbound message may be forwarded to the CRM. This is the seam where consent
 * is enforced: the consent state machine plugs in here.
 */
export interface MessageAdmission {
  admit(input: { event: MessageEvent; profile: ContactProfile }): Promise<'forward' | 'withhold'>;
}

/**
 * Forwards every message without looking at consent. Only for a bridge whose configured lawful
 * basis for customer service does not require consent; the consent issue replaces it.
 */
export const admitWithoutConsentCheck: MessageAdmission = {
  admit: async () => 'forward',
};

export interface ProcessInboundEventDependencies {
  readonly processedEvents: ProcessedEventStore;
  readonly contacts: ContactRepository;
  readonly crmEvents: CrmEventQueue;
  readonly admission: MessageAdmission;
  readonly clock: Clock;
  readonly log: Log;
  /** Finds the reply a status belongs to (wamid -> reply id); without it statuses carry no `replyId`. */
  readonly replyCorrelation?: ReplyCorrelation;
  /** How long an idempotency marker is kept; must outlive Meta's redelivery horizon (7 days). */
  readonly markerTtlSeconds: number;
  /** Keeps statuses monotonic per message; without it, statuses are forwarded in arrival order. */
  readonly messageStatuses?: MessageStatusStore;
}

export type ProcessOutcome = 'processed' | 'duplicate';

/**
 * Processes one inbound event exactly once in effect. Steps:
 * 1. skip an event whose idempotency marker exists (Meta redelivers for days);
 * 2. update the contact (a message opens the 24-hour window);
 * 3. decide what reaches the CRM and queue it (deduplicated by CRM event id);
 * 4. write the marker, conditionally.
 * The marker is written last, so a crash in between repeats steps 2-3, which are idempotent,
 * instead of losing the event. Events of one contact are serialised by their FIFO group.
 *
 * @throws BridgeError when a dependency fails; the record is then retried by the queue.
 */
export async function processInboundEvent(
  event: InboundEvent,
  dependencies: ProcessInboundEventDependencies,
): Promise<ProcessOutcome> {
  const { processedEvents, log } = dependencies;
  if (await processedEvents.isProcessed(event.eventId)) {
    log.info('duplicate event skipped', { eventId: event.eventId, kind: event.kind });
    return 'duplicate';
  }
  const records = await routeEvent(event, dependencies);
  if (records.length > 0) {
    await dependencies.crmEvents.publish(records);
  }
  const expiresAt = new Date(dependencies.clock.now().getTime() + dependencies.markerTtlSeconds * 1000);
  await processedEvents.markProcessed(event.eventId, expiresAt);
  log.info('event processed', { eventId: event.eventId, kind: event.kind, crmEvents: records.length });
  return 'processed';
}

async function routeEvent(event: InboundEvent, dependencies: ProcessInboundEventDependencies): Promise<CrmPushRecord[]> {
  switch (event.kind) {
    case 'message': {
      const profile = await dependencies.contacts.recordInbound({
        contactId: event.contactId,
        ...(event.waId ? { waId: event.waId } : {}),
        ...(event.userId ? { userId: event.userId } : {}),
        phoneNumberId: event.phoneNumberId,
        ...(event.message.referral ? { fromReferral: true } : {}),
        at: new Date(event.occurredAt),
      });
      const decision = await dependencies.admission.admit({ event, profile });
      return decision === 'forward' ? [messageReceivedRecord(event)] : [];
    }
    case 'status': {
      if (await isStatusRegression(event, dependencies)) return [];
      const replyId = await dependencies.replyCorrelation?.findReplyId(event.contactId, event.status.id);
      return [messageStatusRecord(event, replyId)];
    }
    case 'preference':
      return [preferencesChangedRecord(event)];
    case 'error':
      return [webhookErrorRecord(event)];
    case 'unsupported':
      return [webhookUnsupportedRecord(event)];
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
