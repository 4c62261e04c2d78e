import { CRM_EVENT_TYPES } from '../crm/event-types.js';
import { deriveCrmEventId, type CrmPushRecord } from '../crm/records.js';
import { NUMBER_CHANGE_SYSTEM_TYPES } from '../webhook/schemas.js';
import type { MessageEvent, PreferenceEvent, StatusEvent, UnsupportedEvent, WebhookErrorEvent } from '../inbound-event.js';

/**
 * The CRM record for an inbound message; content is minimised later, by the forwarder. A system
 * notice that the user changed their number becomes `contact.changed_number` instead (see
 * {@link changedNumberRecord}). `consentGranted` tells the forwarder whether the phone number may
 * be passed on (when configured).
 */
export function messageReceivedRecord(event: MessageEvent, options: { consentGranted?: boolean } = {}): CrmPushRecord {
  if (isNumberChange(event)) return changedNumberRecord(event, event.newContactId);
  const subject: NonNullable<CrmPushRecord['subject']> = {};
  if (event.waId) subject.waId = event.waId;
  if (event.profileName) subject.profileName = event.profileName;
  // The forwarder passes the phone number on (when configured) only for contacts who consented.
  if (options.consentGranted !== undefined) subject.consentGranted = options.consentGranted;
  return {
    v: 1,
    id: deriveCrmEventId(CRM_EVENT_TYPES.messageReceived, event.eventId),
    type: CRM_EVENT_TYPES.messageReceived,
    occurredAt: event.occurredAt,
    contactId: event.contactId,
    subject,
    data: { message: event.message, receivedAt: event.receivedAt, ...(event.newContactId ? { newContactId: event.newContactId } : {}) },
  };
}

function isNumberChange(event: MessageEvent): event is MessageEvent & { newContactId: string } {
  const system = event.message.system;
  return (
    event.message.type === 'system' &&
    event.newContactId !== undefined &&
    typeof system === 'object' &&
    system !== null &&
    (NUMBER_CHANGE_SYSTEM_TYPES as readonly unknown[]).includes((system as { type?: unknown }).type)
  );
}

/**
 * `contact.changed_number`: the contact (old number's id) now writes from a new number, whose
 * contact id is `newContactId`. Neither number is in the record: the CRM links the two ids.
 */
export function changedNumberRecord(event: MessageEvent, newContactId: string): CrmPushRecord {
  return {
    v: 1,
    id: deriveCrmEventId(CRM_EVENT_TYPES.contactChangedNumber, event.eventId),
    type: CRM_EVENT_TYPES.contactChangedNumber,
    occurredAt: event.occurredAt,
    contactId: event.contactId,
    data: { newContactId, messageId: event.message.id },
  };
}

/** The CRM record for a delivery status of a message the business sent; `replyId` when the bridge sent it for the CRM. */
export function messageStatusRecord(event: StatusEvent, replyId?: string): CrmPushRecord {
  return {
    v: 1,
    id: deriveCrmEventId(CRM_EVENT_TYPES.messageStatus, event.eventId),
    type: CRM_EVENT_TYPES.messageStatus,
    occurredAt: event.occurredAt,
    contactId: event.contactId,
    data: { status: event.status, ...(replyId ? { replyId } : {}) },
  };
}

/** The CRM record for a user's preference change (e.g. marketing messages stopped). */
export function preferencesChangedRecord(event: PreferenceEvent): CrmPushRecord {
  return {
    v: 1,
    id: deriveCrmEventId(CRM_EVENT_TYPES.contactPreferencesChanged, event.eventId),
    type: CRM_EVENT_TYPES.contactPreferencesChanged,
    occurredAt: event.occurredAt,
    contactId: event.contactId,
    data: { category: event.category, value: event.value },
  };
}

/** The CRM record for out-of-band errors Meta reported. */
export function webhookErrorRecord(event: WebhookErrorEvent): CrmPushRecord {
  return {
    v: 1,
    id: deriveCrmEventId(CRM_EVENT_TYPES.webhookError, event.eventId),
    type: CRM_EVENT_TYPES.webhookError,
    occurredAt: event.occurredAt,
    contactId: event.contactId ?? '',
    data: { phoneNumberId: event.phoneNumberId, errors: event.errors.map(({ code, title }) => ({ code, title })) },
  };
}

/** The CRM record for anything Meta sent that the bridge does not interpret, so nothing is swallowed. */
export function webhookUnsupportedRecord(event: UnsupportedEvent): CrmPushRecord {
  return {
    v: 1,
    id: deriveCrmEventId(CRM_EVENT_TYPES.webhookUnsupported, event.eventId),
    type: CRM_EVENT_TYPES.webhookUnsupported,
    occurredAt: event.occurredAt,
    contactId: event.contactId ?? '',
    data: { field: event.field, reason: event.reason, raw: event.raw },
  };
}
