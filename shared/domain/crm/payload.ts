import type { TextSanitizer } from '../ports.js';
import { getRegionForPhoneNumber } from '../sanitizer/region.js';
import { CRM_EVENT_CONTRACT_VERSION, CRM_EVENT_TYPES } from './event-types.js';
import type { CrmPushRecord } from './records.js';
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
 * media is a reference (id, mime type, sha256, size), never content; identifiers Meta puts in
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

function messageReceivedData(data: Record<string, unknown>, context: MappingContext): Record<string, unknown> {
  const message = asObject(data.message);
  const type = String(message.type);
  const view: Record<string, unknown> = { messageId: message.id, type };
  if (type === 'text') {
    const body = asObject(message.text).body;
    if (typeof body === 'string') view.text = context.sanitize(body);
  }
  if (MEDIA_TYPES.has(type)) view.media = mediaReference(asObject(message[type]), context);
  if (type === 'interactive') {
    const interactive = asObject(message.interactive);
    const reply = asObject(interactive.button_reply ?? interactive.list_reply);
    view.choice = pick(reply, ['id', 'title']);
  }
  if (type === 'button') {
    const button = asObject(message.button);
    view.choice = { ...(typeof button.payload === 'string' ? { id: button.payload } : {}), ...(typeof button.text === 'string' ? { title: button.text } : {}) };
  }
  if (type === 'reaction') {
    const reaction = asObject(message.reaction);
    view.reaction = { ...(typeof reaction.message_id === 'string' ? { messageId: reaction.message_id } : {}), ...(typeof reaction.emoji === 'string' ? { emoji: reaction.emoji } : {}) };
  }
  // Location and shared contacts are personal data with no free-text use to the CRM: type only.
  if (type === 'unsupported' && message.original_type !== undefined) view.originalType = message.original_type;
  const messageContext = asObject(message.context);
  if (typeof messageContext.id === 'string') view.replyTo = messageContext.id;
  if (messageContext.forwarded === true || messageContext.frequently_forwarded === true) view.forwarded = true;
  return view;
}

/** Media as a reference: never the content, never a download URL. */
function mediaReference(media: Record<string, unknown>, context: MappingContext): Record<string, unknown> {
  const reference: Record<string, unknown> = {};
  if (typeof media.id === 'string') reference.mediaId = media.id;
  if (typeof media.mime_type === 'string') reference.mimeType = media.mime_type;
  if (typeof media.sha256 === 'string') reference.sha256 = media.sha256;
  const size = Number(media.file_size);
  if (media.file_size !== undefined && Number.isInteger(size) && size >= 0) reference.size = size;
  if (typeof media.caption === 'string') reference.caption = context.sanitize(media.caption);
  if (typeof media.filename === 'string') reference.fileName = context.sanitize(media.filename);
  return reference;
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
