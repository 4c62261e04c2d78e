import type { z } from 'zod';
import { deriveContactId, type ContactSubject } from '../contact-id.js';
import { sha256Hex } from '../crypto.js';
import type { InboundEvent, MessageEvent, StatusEvent, UnsupportedEvent } from '../inbound-event.js';
import {
  KnownMessageSchemas,
  MessageBaseSchema,
  MessagesValueSchema,
  StatusSchema,
  type MessagesValue,
  type WebhookEnvelope,
} from './schemas.js';

export interface NormalizeContext {
  /** Key for contact pseudonyms (see {@link deriveContactId}). */
  readonly pseudonymKey: string;
  /** When the bridge accepted the webhook. */
  readonly receivedAt: Date;
}

/**
 * Splits a webhook envelope into one event per message, status and unknown item, in the order
 * Meta listed them. Never throws for content: whatever it cannot interpret becomes an
 * `unsupported` event carrying the original item, so nothing Meta sent is dropped.
 */
export function normalizeWebhook(envelope: WebhookEnvelope, context: NormalizeContext): InboundEvent[] {
  const events: InboundEvent[] = [];
  const receivedAt = context.receivedAt.toISOString();
  for (const entry of envelope.entry) {
    for (const change of entry.changes) {
      if (change.field === 'messages') {
        const parsed = MessagesValueSchema.safeParse(change.value);
        if (parsed.success) {
          events.push(...normalizeMessagesValue(parsed.data, context, receivedAt));
        } else {
          events.push(unsupported('messages', describeIssues(parsed.error), change.value, '', receivedAt, receivedAt));
        }
      } else {
        events.push(unsupported(change.field, `unknown webhook field "${change.field}"`, change.value, '', receivedAt, receivedAt));
      }
    }
  }
  return events;
}

function normalizeMessagesValue(value: MessagesValue, context: NormalizeContext, receivedAt: string): InboundEvent[] {
  const events: InboundEvent[] = [];
  const phoneNumberId = value.metadata.phone_number_id;
  for (const rawMessage of value.messages ?? []) {
    events.push(normalizeMessage(rawMessage, value, phoneNumberId, context, receivedAt));
  }
  for (const rawStatus of value.statuses ?? []) {
    events.push(normalizeStatus(rawStatus, phoneNumberId, context, receivedAt));
  }
  for (const error of value.errors ?? []) {
    events.push(unsupported('messages.errors', `webhook error ${error.code}`, error, phoneNumberId, receivedAt, receivedAt));
  }
  return events;
}

function normalizeMessage(
  rawMessage: Record<string, unknown>,
  value: MessagesValue,
  phoneNumberId: string,
  context: NormalizeContext,
  receivedAt: string,
): InboundEvent {
  const base = MessageBaseSchema.safeParse(rawMessage);
  if (!base.success) {
    return unsupported('messages', `message without id, timestamp or type: ${describeIssues(base.error)}`, rawMessage, phoneNumberId, receivedAt, receivedAt);
  }
  const sender = value.contacts?.find((contact) => contact.wa_id !== undefined && contact.wa_id === base.data.from) ?? value.contacts?.[0];
  const waId = base.data.from ?? sender?.wa_id;
  const userId = sender?.user_id;
  const subject: ContactSubject | undefined = waId ? { waId } : userId ? { userId } : undefined;
  if (!subject) {
    return unsupported('messages', 'message without a sender', rawMessage, phoneNumberId, toIso(base.data.timestamp), receivedAt);
  }
  const event: MessageEvent = {
    v: 1,
    kind: 'message',
    eventId: base.data.id,
    contactId: deriveContactId(context.pseudonymKey, subject),
    phoneNumberId,
    occurredAt: toIso(base.data.timestamp),
    receivedAt,
    message: interpretMessage(base.data),
  };
  if (waId) event.waId = waId;
  if (userId) event.userId = userId;
  const profileName = sender?.profile?.name;
  if (profileName) event.profileName = profileName;
  return event;
}

/**
 * A message of a known type, validated by its schema; anything else is kept whole with
 * `type: "unsupported"` and the type Meta gave in `original_type`.
 */
function interpretMessage(message: z.infer<typeof MessageBaseSchema>): MessageEvent['message'] {
  const schema = KnownMessageSchemas[message.type as keyof typeof KnownMessageSchemas];
  if (!schema) {
    return { ...message, type: 'unsupported', original_type: message.type, unsupported_reason: `unknown message type "${message.type}"` };
  }
  const parsed = schema.safeParse(message);
  if (!parsed.success) {
    return { ...message, type: 'unsupported', original_type: message.type, unsupported_reason: describeIssues(parsed.error) };
  }
  return parsed.data;
}

function normalizeStatus(rawStatus: Record<string, unknown>, phoneNumberId: string, context: NormalizeContext, receivedAt: string): InboundEvent {
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

function unsupported(field: string, reason: string, raw: unknown, phoneNumberId: string, occurredAt: string, receivedAt: string): UnsupportedEvent {
  return {
    v: 1,
    kind: 'unsupported',
    // Content-addressed, so Meta's redelivery of the same item deduplicates like any other event.
    eventId: `${field}:${sha256Hex(JSON.stringify(raw) ?? 'undefined')}`,
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
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((issue) => `${issue.path.length ? issue.path.join('.') : '(root)'}: ${issue.message}`)
    .join('; ');
}
