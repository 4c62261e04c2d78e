import type { $ZodError } from 'zod/v4/core';
import type * as z from 'zod/mini';
import { deriveContactId, type ContactSubject } from '../contact-id.js';
import { sha256Hex, type HmacKey } from '../crypto.js';
import type {
  InboundEvent,
  MessageEvent,
  PreferenceEvent,
  StatusEvent,
  UnsupportedEvent,
  WebhookErrorEvent,
} from '../inbound-event.js';
import {
  GraphErrorSchema,
  KnownMessageSchemas,
  MessageBaseSchema,
  MessagesValueSchema,
  NUMBER_CHANGE_SYSTEM_TYPES,
  StatusSchema,
  UserPreferenceSchema,
  UserPreferencesValueSchema,
  WebhookContactSchema,
  type MessagesValue,
  type UserPreferencesValue,
  type WebhookContact,
  type WebhookEnvelope,
} from './schemas.js';

export interface NormalizeContext {
  /** Key for contact pseudonyms (see {@link deriveContactId}). */
  readonly pseudonymKey: HmacKey;
  /** When the bridge accepted the webhook. */
  readonly receivedAt: Date;
}

/**
 * Splits a webhook envelope into events, in the order Meta listed the items: one per message,
 * status and preference change, one `error` event per `value.errors[]` list, and one `unsupported`
 * event per item or field it cannot interpret (carrying the original), so nothing Meta sent is
 * dropped. Never throws for content.
 *
 * Event ids are deterministic, so a redelivery (even days later) yields the same ids:
 * message `<wamid>`; status `<wamid>:<status>`; preference
 * `pref:<contactId>:<category>:<value>:<timestamp>` (the contact id, never the number, as ids are
 * logged); error `error:<sha256 of number id and errors>`; unsupported `<field>:<sha256 of item>`.
 */
export function normalizeWebhook(envelope: WebhookEnvelope, context: NormalizeContext): InboundEvent[] {
  const events: InboundEvent[] = [];
  const receivedAt = context.receivedAt.toISOString();
  for (const entry of envelope.entry) {
    for (const change of entry.changes) {
      events.push(...normalizeChange(change.field, change.value, context, receivedAt));
    }
  }
  return events;
}

function normalizeChange(field: string, value: unknown, context: NormalizeContext, receivedAt: string): InboundEvent[] {
  if (field === 'messages') {
    const parsed = MessagesValueSchema.safeParse(value);
    return parsed.success
      ? normalizeMessagesValue(parsed.data, context, receivedAt)
      : [unsupported('messages', describeIssues(parsed.error), value, '', receivedAt, receivedAt)];
  }
  if (field === 'user_preferences') {
    const parsed = UserPreferencesValueSchema.safeParse(value);
    return parsed.success
      ? normalizePreferences(parsed.data, context, receivedAt)
      : [unsupported('user_preferences', describeIssues(parsed.error), value, '', receivedAt, receivedAt)];
  }
  return [unsupported(field, `unknown webhook field "${field}"`, value, '', receivedAt, receivedAt)];
}

function normalizeMessagesValue(value: MessagesValue, context: NormalizeContext, receivedAt: string): InboundEvent[] {
  const events: InboundEvent[] = [];
  const phoneNumberId = value.metadata.phone_number_id;
  const contacts = validContacts(value.contacts);
  for (const rawMessage of value.messages ?? []) {
    events.push(normalizeMessage(rawMessage, contacts, phoneNumberId, context, receivedAt));
  }
  for (const rawStatus of value.statuses ?? []) {
    events.push(normalizeStatus(rawStatus, phoneNumberId, context, receivedAt));
  }
  events.push(...normalizeErrors(value.errors ?? [], phoneNumberId, receivedAt));
  if (events.length === 0) {
    // A `messages` change with nothing the bridge knows (e.g. a new kind of list): kept, not ignored.
    events.push(unsupported('messages', 'no messages, statuses or errors in the value', value, phoneNumberId, receivedAt, receivedAt));
  }
  return events;
}

function validContacts(raw: readonly unknown[] | undefined): WebhookContact[] {
  const contacts: WebhookContact[] = [];
  for (const item of raw ?? []) {
    const parsed = WebhookContactSchema.safeParse(item);
    if (parsed.success) contacts.push(parsed.data);
  }
  return contacts;
}

/** The `value.contacts[]` entry of a message's sender: the one with its wa_id, else the only one. */
function findSender(from: string | undefined, contacts: readonly WebhookContact[]): WebhookContact | undefined {
  const byWaId = from === undefined ? undefined : contacts.find((contact) => contact.wa_id === from);
  if (byWaId) return byWaId;
  const [only] = contacts;
  if (contacts.length !== 1 || !only) return undefined;
  return from === undefined || only.wa_id === undefined ? only : undefined;
}

function normalizeMessage(
  rawMessage: unknown,
  contacts: readonly WebhookContact[],
  phoneNumberId: string,
  context: NormalizeContext,
  receivedAt: string,
): InboundEvent {
  const base = MessageBaseSchema.safeParse(rawMessage);
  if (!base.success) {
    return unsupported('messages', `message without id, timestamp or type: ${describeIssues(base.error)}`, rawMessage, phoneNumberId, receivedAt, receivedAt);
  }
  const message = interpretMessage(base.data);
  const occurredAt = toIso(base.data.timestamp);
  const sender = findSender(base.data.from, contacts);
  const system = message.type === 'system' ? (message.system as Record<string, unknown>) : undefined;
  const waId = base.data.from ?? sender?.wa_id;
  // `user_changed_user_id` may come without `from` and without contacts: the user is then known
  // by the previous user id only.
  const userId = sender?.user_id ?? (waId === undefined ? stringOrUndefined(system?.previous_user_id) ?? stringOrUndefined(system?.user_id) : undefined);
  const subject: ContactSubject | undefined = waId ? { waId } : userId ? { userId } : undefined;
  if (!subject) {
    return unsupported('messages', 'message without a sender', rawMessage, phoneNumberId, occurredAt, receivedAt);
  }
  const event: MessageEvent = {
    v: 1,
    kind: 'message',
    eventId: base.data.id,
    contactId: deriveContactId(context.pseudonymKey, subject),
    phoneNumberId,
    occurredAt,
    receivedAt,
    message,
  };
  if (waId) event.waId = waId;
  if (userId) event.userId = userId;
  const profileName = sender?.profile?.name;
  if (profileName) event.profileName = profileName;
  const newSubject = system ? newIdentityOf(system) : undefined;
  if (newSubject) event.newContactId = deriveContactId(context.pseudonymKey, newSubject);
  return event;
}

/** The identifier a system notice moves the user to, if it is a number or user id change. */
function newIdentityOf(system: Record<string, unknown>): ContactSubject | undefined {
  const type = system.type;
  if ((NUMBER_CHANGE_SYSTEM_TYPES as readonly unknown[]).includes(type)) {
    const newWaId = stringOrUndefined(system.wa_id) ?? stringOrUndefined(system.new_wa_id);
    return newWaId ? { waId: newWaId } : undefined;
  }
  if (type === 'user_changed_user_id') {
    const newUserId = stringOrUndefined(system.user_id);
    return newUserId && stringOrUndefined(system.previous_user_id) ? { userId: newUserId } : undefined;
  }
  return undefined;
}

function stringOrUndefined(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/**
 * A message of a known type, validated by its schema; anything else is kept whole with
 * `type: "unsupported"` and the type Meta gave in `original_type`.
 */
function interpretMessage(message: z.infer<typeof MessageBaseSchema>): MessageEvent['message'] {
  const schema = KnownMessageSchemas[message.type as keyof typeof KnownMessageSchemas];
  if (!schema || !Object.hasOwn(KnownMessageSchemas, message.type)) {
    return { ...message, type: 'unsupported', original_type: message.type, unsupported_reason: `unknown message type "${message.type}"` };
  }
  const parsed = schema.safeParse(message);
  if (!parsed.success) {
    return { ...message, type: 'unsupported', original_type: message.type, unsupported_reason: describeIssues(parsed.error) };
  }
  return parsed.data;
}

function normalizeStatus(rawStatus: unknown, phoneNumberId: string, context: NormalizeContext, receivedAt: string): InboundEvent {
  const parsed = StatusSchema.safeParse(rawStatus);
  if (!parsed.success) {
    return unsupported('messages.statuses', describeIssues(parsed.error), rawStatus, phoneNumberId, receivedAt, receivedAt);
  }
  const status = parsed.data;
  const subject: ContactSubject | undefined = status.recipient_id
    ? { waId: status.recipient_id }
    : status.recipient_user_id
      ? { userId: status.recipient_user_id }
      : undefined;
  if (!subject) {
    return unsupported('messages.statuses', 'status without a recipient', rawStatus, phoneNumberId, toIso(status.timestamp), receivedAt);
  }
  const event: StatusEvent = {
    v: 1,
    kind: 'status',
    eventId: `${status.id}:${status.status}`,
    contactId: deriveContactId(context.pseudonymKey, subject),
    phoneNumberId,
    occurredAt: toIso(status.timestamp),
    receivedAt,
    status,
  };
  return event;
}

/** `value.errors[]`: one `error` event for the valid entries, an `unsupported` one per odd entry. */
function normalizeErrors(rawErrors: readonly unknown[], phoneNumberId: string, receivedAt: string): InboundEvent[] {
  const events: InboundEvent[] = [];
  const errors: z.infer<typeof GraphErrorSchema>[] = [];
  for (const rawError of rawErrors) {
    const parsed = GraphErrorSchema.safeParse(rawError);
    if (parsed.success) errors.push(parsed.data);
    else events.push(unsupported('messages.errors', describeIssues(parsed.error), rawError, phoneNumberId, receivedAt, receivedAt));
  }
  if (errors.length > 0) {
    const event: WebhookErrorEvent = {
      v: 1,
      kind: 'error',
      // Meta's errors carry no id or time: the same report, redelivered, collapses into one event.
      eventId: `error:${sha256Hex(JSON.stringify({ phoneNumberId, errors }))}`,
      phoneNumberId,
      occurredAt: receivedAt,
      receivedAt,
      errors,
    };
    events.unshift(event);
  }
  return events;
}

function normalizePreferences(value: UserPreferencesValue, context: NormalizeContext, receivedAt: string): InboundEvent[] {
  const phoneNumberId = value.metadata?.phone_number_id ?? '';
  const events: InboundEvent[] = [];
  for (const rawItem of value.user_preferences) {
    const parsed = UserPreferenceSchema.safeParse(rawItem);
    if (!parsed.success) {
      events.push(unsupported('user_preferences', describeIssues(parsed.error), rawItem, phoneNumberId, receivedAt, receivedAt));
      continue;
    }
    const item = parsed.data;
    const subject: ContactSubject | undefined = item.wa_id ? { waId: item.wa_id } : item.user_id ? { userId: item.user_id } : undefined;
    if (!subject) {
      events.push(unsupported('user_preferences', 'preference without wa_id or user_id', rawItem, phoneNumberId, toIso(item.timestamp), receivedAt));
      continue;
    }
    const contactId = deriveContactId(context.pseudonymKey, subject);
    const event: PreferenceEvent = {
      v: 1,
      kind: 'preference',
      eventId: `pref:${contactId}:${item.category}:${item.value}:${item.timestamp}`,
      contactId,
      phoneNumberId,
      occurredAt: toIso(item.timestamp),
      receivedAt,
      category: item.category,
      value: item.value,
    };
    if (item.wa_id) event.waId = item.wa_id;
    if (item.detail !== undefined) event.detail = item.detail;
    events.push(event);
  }
  if (events.length === 0) {
    events.push(unsupported('user_preferences', 'no preferences in the value', value, phoneNumberId, receivedAt, receivedAt));
  }
  return events;
}

function unsupported(field: string, reason: string, raw: unknown, phoneNumberId: string, occurredAt: string, receivedAt: string): UnsupportedEvent {
  return {
    v: 1,
    kind: 'unsupported',
    // Content-addressed, so Meta's redelivery of the same item deduplicates like any other event.
    eventId: `${field.slice(0, 64)}:${sha256Hex(`${field}\n${JSON.stringify(raw) ?? 'undefined'}`)}`,
    phoneNumberId,
    occurredAt,
    receivedAt,
    field,
    reason,
    raw,
  };
}

function toIso(unixSeconds: string): string {
  return new Date(Number(unixSeconds) * 1000).toISOString();
}

/** A short, content-free summary of validation issues (paths and messages, never values). */
export function describeIssues(error: $ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((issue) => `${issue.path.length ? issue.path.join('.') : '(root)'}: ${issue.message}`)
    .join('; ');
}
