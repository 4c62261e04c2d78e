import type { TextSanitizer } from '../ports.js';
import { getRegionForPhoneNumber } from '../sanitizer/region.js';
import { CRM_EVENT_CONTRACT_VERSION, CRM_EVENT_TYPES } from './event-types.js';
import type { CrmPushRecord } from './records.js';
import { messageReceivedView } from './message-view.js';
import { redactAllPersonalData } from './text-sanitizer.js';

/** The JSON body of a CRM webhook: `{type, version, timestamp, data}`, as Standard Webhooks recommends. */
export interface CrmWebhookPayload {
  readonly type: string;
  /** Contract version (see CRM_EVENT_CONTRACT_VERSION). */
  readonly version: number;
  /** When the event happened (ISO 8601, UTC). */
  readonly timestamp: string;
  readonly data: Record<string, unknown> & { readonly contactId: string };
}

/** What may leave the bridge besides the pseudonymous contact id (the `crm` config section). */
export interface PayloadOptions {
  /** Removes personal data from free text. Default: every entity type redacted. */
  readonly sanitize: TextSanitizer;
  /** Forward the WhatsApp profile name. Default off. */
  readonly forwardProfileName: boolean;
  /** Forward the phone number, and then only for contacts who consented. Default off. */
  readonly forwardPhoneNumber: boolean;
}

/** Data minimisation at its strictest: nothing but the pseudonym, free text fully redacted. */
export const MINIMAL_PAYLOAD_OPTIONS: PayloadOptions = {
  sanitize: redactAllPersonalData,
  forwardProfileName: false,
  forwardPhoneNumber: false,
};

/** Per-record context for the mappers: the sanitizer bound to the contact's region. */
interface MappingContext {
  readonly sanitize: (text: string) => string;
}

/**
 * Builds the webhook body for a record: data minimisation happens here. The contact appears only
 * as its pseudonymous id (plus name and number only when configured, the number only with
 * consent); free text goes through the sanitizer with the region of the contact's calling code;
 * media is a reference (id, mime type, sha256, size), never content (what each message type
 * forwards is decided in message-view.ts); identifiers Meta puts in
 * messages and statuses (`from`, `recipient_id`, `wa_id`) are not copied.
 */
export function buildCrmPayload(record: CrmPushRecord, options: PayloadOptions = MINIMAL_PAYLOAD_OPTIONS): CrmWebhookPayload {
  const waId = record.subject?.waId;
  const region = waId ? getRegionForPhoneNumber(waId) : undefined;
  const context: MappingContext = { sanitize: (text) => options.sanitize(text, region === undefined ? {} : { region }) };
  const data = (() => {
    switch (record.type) {
      case CRM_EVENT_TYPES.messageReceived:
        return { ...messageReceivedData(record.data, context), ...subjectData(record, options) };
      case CRM_EVENT_TYPES.messageStatus:
        return messageStatusData(record.data);
      case CRM_EVENT_TYPES.contactPreferencesChanged:
        return pick(record.data, ['category', 'value']);
      case CRM_EVENT_TYPES.contactChangedNumber:
        return pick(record.data, ['newContactId', 'messageId']);
      case CRM_EVENT_TYPES.replySent:
      case CRM_EVENT_TYPES.replyRejected:
      case CRM_EVENT_TYPES.replyFailed:
        return pick(record.data, ['replyId', 'origin', 'purpose', 'messageId', 'reason', 'code']);
      case CRM_EVENT_TYPES.webhookError:
        return webhookErrorData(record.data);
      case CRM_EVENT_TYPES.webhookUnsupported:
        return { ...pick(record.data, ['field', 'reason']), ...(record.data.raw === undefined ? {} : { raw: sanitizeStrings(stripIdentifiers(record.data.raw), context) }) };
      default:
        return stripIdentifiers(record.data) as Record<string, unknown>;
    }
  })();
  return { type: record.type, version: CRM_EVENT_CONTRACT_VERSION, timestamp: record.occurredAt, data: { contactId: record.contactId, ...data } };
}

const MEDIA_TYPES = new Set(['image', 'video', 'audio', 'document', 'sticker']);

/**
 * The `message.received` view (message-view.ts decides what is forwarded per type) with every
 * free-text field run through the sanitizer, and the media reference completed with its size.
 */
function messageReceivedData(data: Record<string, unknown>, context: MappingContext): Record<string, unknown> {
  const view = messageReceivedView(data);
  const message = asObject(data.message);
  const type = String(message.type);
  sanitizeFields(view, ['text', 'caption', 'filename'], context);
  for (const nested of ['interactive', 'button', 'order'] as const) {
    if (typeof view[nested] === 'object' && view[nested] !== null) {
      sanitizeFields(view[nested] as Record<string, unknown>, ['title', 'description', 'responseJson', 'text'], context);
    }
  }
  if (MEDIA_TYPES.has(type) && typeof view.media === 'object' && view.media !== null) {
    const size = Number(asObject(message[type]).file_size);
    if (Number.isInteger(size) && size >= 0 && asObject(message[type]).file_size !== undefined) (view.media as Record<string, unknown>).size = size;
  }
  return view;
}

/** Customer-typed strings (and button titles they can echo) leave the bridge only sanitised. */
function sanitizeFields(target: Record<string, unknown>, keys: readonly string[], context: MappingContext): void {
  for (const key of keys) {
    const value = target[key];
    if (typeof value === 'string') target[key] = context.sanitize(value);
  }
}

/** The subject's name and number, each only when configured; the number only with consent. */
function subjectData(record: CrmPushRecord, options: PayloadOptions): Record<string, unknown> {
  const contact: Record<string, string> = {};
  const subject = record.subject;
  if (options.forwardProfileName && subject?.profileName) contact.profileName = subject.profileName;
  if (options.forwardPhoneNumber && subject?.consentGranted === true && subject.waId) contact.phoneNumber = `+${subject.waId}`;
  return Object.keys(contact).length > 0 ? { contact } : {};
}

function messageStatusData(data: Record<string, unknown>): Record<string, unknown> {
  const status = asObject(data.status);
  const view: Record<string, unknown> = { messageId: status.id, status: status.status };
  if (typeof data.replyId === 'string') view.replyId = data.replyId;
  if (Array.isArray(status.errors)) view.errors = status.errors.map((error) => pick(asObject(error), ['code', 'title']));
  if (status.pricing !== undefined) view.pricing = status.pricing;
  if (status.conversation !== undefined) view.conversation = stripIdentifiers(status.conversation);
  if (typeof status.biz_opaque_callback_data === 'string') view.callbackData = status.biz_opaque_callback_data;
  return view;
}

function webhookErrorData(data: Record<string, unknown>): Record<string, unknown> {
  const errors = Array.isArray(data.errors) ? data.errors.map((error) => pick(asObject(error), ['code', 'title'])) : [];
  return { ...pick(data, ['phoneNumberId']), errors };
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

/** Every string in uninterpreted content may be free text a customer typed: sanitise them all. */
function sanitizeStrings(value: unknown, context: MappingContext): unknown {
  if (typeof value === 'string') return context.sanitize(value);
  if (Array.isArray(value)) return value.map((child) => sanitizeStrings(child, context));
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(Object.entries(value).map(([key, child]) => [key, sanitizeStrings(child, context)]));
}

function pick(source: Record<string, unknown>, keys: readonly string[]): Record<string, unknown> {
  const picked: Record<string, unknown> = {};
  for (const key of keys) if (source[key] !== undefined) picked[key] = source[key];
  return picked;
}

function asObject(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
}
