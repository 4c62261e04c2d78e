import { CRM_EVENT_TYPES } from '../crm/event-types.js';
import { deriveCrmEventId, type CrmPushRecord } from '../crm/records.js';
import type { OutboundMessage } from '../outbound-message.js';

/*
 * CRM events about replies. Ids derive from the reply id, so a redelivered outbound message that
 * reports again yields the same `webhook-id` (deduplicated by the queue and the CRM).
 */

function replyRecord(type: string, message: OutboundMessage, occurredAt: Date, data: Record<string, unknown>): CrmPushRecord {
  return {
    v: 1,
    id: deriveCrmEventId(type, message.replyId),
    type,
    occurredAt: occurredAt.toISOString(),
    contactId: message.contactId,
    data: {
      replyId: message.replyId,
      origin: message.origin,
      ...(message.purpose ? { purpose: message.purpose } : {}),
      ...data,
    },
  };
}

/** Meta accepted the reply; `messageId` is its wamid, which later `message.status` events carry. */
export function replySentRecord(message: OutboundMessage, wamid: string, at: Date): CrmPushRecord {
  return replyRecord(CRM_EVENT_TYPES.replySent, message, at, { messageId: wamid });
}

/** The bridge refused the reply (consent, window, erased or unknown contact); nothing was sent. */
export function replyRejectedRecord(message: OutboundMessage, reason: string, at: Date): CrmPushRecord {
  return replyRecord(CRM_EVENT_TYPES.replyRejected, message, at, { reason });
}

/** Meta refused the reply, or retries ran out. `code` is the Graph error code, when there was one. */
export function replyFailedRecord(message: OutboundMessage, failure: { reason: string; errorCode?: number }, at: Date): CrmPushRecord {
  return replyRecord(CRM_EVENT_TYPES.replyFailed, message, at, {
    reason: failure.reason,
    ...(failure.errorCode !== undefined ? { code: failure.errorCode } : {}),
  });
}
