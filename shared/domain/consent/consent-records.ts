import { CRM_EVENT_TYPES } from '../crm/event-types.js';
import { deriveCrmEventId, type CrmPushRecord } from '../crm/records.js';
import type { ConsentState } from '../ports.js';
import type { ErasureTombstone } from './ports.js';

/** The CRM record of a consent change; the id derives from the source event (redelivery-safe). */
export function consentChangedRecord(input: {
  readonly contactId: string;
  readonly sourceEventId: string;
  readonly occurredAt: string;
  readonly purpose: 'customer_service' | 'marketing';
  readonly state?: ConsentState;
  readonly marketingOptOut?: boolean;
  readonly basis: string;
  readonly evidenceType: string;
}): CrmPushRecord {
  const data: Record<string, unknown> = { purpose: input.purpose, basis: input.basis, evidenceType: input.evidenceType };
  if (input.state !== undefined) data.state = input.state;
  if (input.marketingOptOut !== undefined) data.marketingOptOut = input.marketingOptOut;
  return {
    v: 1,
    id: deriveCrmEventId(CRM_EVENT_TYPES.contactConsentChanged, `${input.purpose}\n${input.sourceEventId}`),
    type: CRM_EVENT_TYPES.contactConsentChanged,
    occurredAt: input.occurredAt,
    contactId: input.contactId,
    data,
  };
}

/**
 * The CRM record of an erasure; the id derives from the erasure run, so a resumed run repeats it.
 * `repeatAfterEventId`: the same run announced again after an event processed during it (see
 * `eraseLeftovers`), with an id of its own, so the CRM does not discard it as a duplicate.
 */
export function contactErasedRecord(tombstone: ErasureTombstone, repeatAfterEventId?: string): CrmPushRecord {
  const source = `${tombstone.contactId}\n${tombstone.requestId}${repeatAfterEventId === undefined ? '' : `\n${repeatAfterEventId}`}`;
  return {
    v: 1,
    id: deriveCrmEventId(CRM_EVENT_TYPES.contactErased, source),
    type: CRM_EVENT_TYPES.contactErased,
    occurredAt: tombstone.requestedAt,
    contactId: tombstone.contactId,
    data: { requestId: tombstone.requestId, channel: tombstone.channel, requestedAt: tombstone.requestedAt },
  };
}
