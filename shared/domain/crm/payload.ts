import { CRM_EVENT_TYPES } from './event-types.js';
import { messageReceivedView } from './message-view.js';
import type { CrmPushRecord } from './records.js';

/** The JSON body of a CRM webhook: `{type, timestamp, data}`, as Standard Webhooks recommends. */
export interface CrmWebhookPayload {
  readonly type: string;
  /** When the event happened (ISO 8601, UTC). */
  readonly timestamp: string;
  readonly data: Record<string, unknown> & { readonly contactId: string };
}

/**
 * Builds the webhook body for a record: data minimisation happens here. The contact appears only
 * as its pseudonymous id; phone numbers, profile names and identifiers Meta puts in messages and
 * statuses (`from`, `recipient_id`, `wa_id`) are not copied.
 */
export function buildCrmPayload(record: CrmPushRecord): CrmWebhookPayload {
  const data = (() => {
    switch (record.type) {
      case CRM_EVENT_TYPES.messageReceived:
        return messageReceivedData(record.data);
      case CRM_EVENT_TYPES.messageStatus:
        return messageStatusData(record.data);
      default:
        return stripIdentifiers(record.data) as Record<string, unknown>;
    }
  })();
  return { type: record.type, timestamp: record.occurredAt, data: { contactId: record.contactId, ...data } };
}

function messageReceivedData(data: Record<string, unknown>): Record<string, unknown> {
  return messageReceivedView(data);
}

function messageStatusData(data: Record<string, unknown>): Record<string, unknown> {
  const status = asObject(data.status);
  const view: Record<string, unknown> = { messageId: status.id, status: status.status };
  if (typeof data.replyId === 'string') view.replyId = data.replyId;
  if (Array.isArray(status.errors)) {
    view.errors = status.errors.map((error) => {
      const { code, title } = asObject(error);
      return { code, title };
    });
  }
  if (status.pricing !== undefined) view.pricing = status.pricing;
  if (status.conversation !== undefined) view.conversation = stripIdentifiers(status.conversation);
  if (typeof status.biz_opaque_callback_data === 'string') view.callbackData = status.biz_opaque_callback_data;
  return view;
}

/** Keys under which Meta puts phone numbers, WhatsApp ids and names. */
const IDENTIFYING_KEYS = new Set(['from', 'wa_id', 'new_wa_id', 'recipient_id', 'recipient_user_id', 'user_id', 'parent_user_id', 'display_phone_number', 'phone', 'phones', 'profile', 'name', 'customer', 'input']);

/** A deep copy without identifying keys, for content the bridge passes through uninterpreted. */
export function stripIdentifiers(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(stripIdentifiers);
  if (typeof value !== 'object' || value === null) return value;
  const copy: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(value)) {
    if (!IDENTIFYING_KEYS.has(key)) copy[key] = stripIdentifiers(child);
  }
  return copy;
}

function asObject(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
}
