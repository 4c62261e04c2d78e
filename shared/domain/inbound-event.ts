import * as z from 'zod';

/*
 * The normalised events that webhook-ingest puts on `inbound.fifo`: one per message, status,
 * error and anything else Meta sent. This is the contract between ingest and the processor.
 */

const EventBaseSchema = z.object({
  /** Contract version of this event shape. */
  v: z.literal(1),
  /** Stable id: the same Meta delivery always yields the same id (deduplication key). */
  eventId: z.string().min(1),
  /** Pseudonymous contact id, when the event concerns a contact. */
  contactId: z.string().optional(),
  /** The business phone number the webhook was addressed to. */
  phoneNumberId: z.string(),
  /** When Meta says it happened (ISO 8601, UTC). */
  occurredAt: z.string(),
  /** When the bridge accepted the webhook (ISO 8601, UTC). */
  receivedAt: z.string(),
});

export const MessageEventSchema = EventBaseSchema.extend({
  kind: z.literal('message'),
  contactId: z.string(),
  /** The sender's WhatsApp id (phone digits); needed to reply. Never logged, never sent to the CRM by default. */
  waId: z.string().optional(),
  /** Business-scoped user id, for users Meta identifies without a phone number. */
  userId: z.string().optional(),
  /** Display name from the WhatsApp profile; forwarded only when configured. */
  profileName: z.string().optional(),
  /**
   * For a system notice that moves the user to a new identifier (number or user id change): the
   * contact id of the new identifier, derived at ingest (which holds the pseudonym key).
   */
  newContactId: z.string().optional(),
  /** The message as Meta sent it (validated against its type's schema at ingest). */
  message: z.looseObject({ id: z.string(), type: z.string(), timestamp: z.string() }),
});

export const StatusEventSchema = EventBaseSchema.extend({
  kind: z.literal('status'),
  contactId: z.string(),
  /** The status object as Meta sent it. */
  status: z.looseObject({ id: z.string(), status: z.string(), timestamp: z.string() }),
});

/** A user's messaging preference change (webhook field `user_preferences`), e.g. marketing `stop`. */
export const PreferenceEventSchema = EventBaseSchema.extend({
  kind: z.literal('preference'),
  contactId: z.string(),
  waId: z.string().optional(),
  /** What the preference is about, e.g. `marketing_messages`. */
  category: z.string(),
  /** The new value, e.g. `stop` or `resume`. */
  value: z.string(),
  detail: z.string().optional(),
});

/** Out-of-band errors Meta reports in `value.errors[]` (not tied to a message or status). */
export const WebhookErrorEventSchema = EventBaseSchema.extend({
  kind: z.literal('error'),
  errors: z.array(z.looseObject({ code: z.number(), title: z.string().optional() })),
});

export const UnsupportedEventSchema = EventBaseSchema.extend({
  kind: z.literal('unsupported'),
  /** The webhook field the item came from (`messages`, `account_update`, ...). */
  field: z.string(),
  /** Why the bridge could not interpret it, e.g. `unknown message type "poll"`. */
  reason: z.string(),
  /** The original item, kept so nothing Meta sent is lost. */
  raw: z.unknown(),
});

export const InboundEventSchema = z.discriminatedUnion('kind', [
  MessageEventSchema,
  StatusEventSchema,
  PreferenceEventSchema,
  WebhookErrorEventSchema,
  UnsupportedEventSchema,
]);

export type MessageEvent = z.infer<typeof MessageEventSchema>;
export type StatusEvent = z.infer<typeof StatusEventSchema>;
export type PreferenceEvent = z.infer<typeof PreferenceEventSchema>;
export type WebhookErrorEvent = z.infer<typeof WebhookErrorEventSchema>;
export type UnsupportedEvent = z.infer<typeof UnsupportedEventSchema>;
export type InboundEvent = z.infer<typeof InboundEventSchema>;

/** FIFO group of an event: its contact, else the business number (so a contact's events stay in order). */
export function inboundMessageGroupId(event: InboundEvent): string {
  return event.contactId ?? `number-${event.phoneNumberId}`;
}

/**
 * SQS refuses messages over a queue's maximum size, 256 KiB by default (the stack keeps the
 * default); an event body stays below it, with room for the attributes. The emulator has no limit.
 */
export const MAX_QUEUED_EVENT_BYTES = 250 * 1024;

/** The webhook field each kind of event comes from, for the `unsupported` event that replaces an oversize one. */
const FIELD_OF_KIND: Readonly<Record<Exclude<InboundEvent['kind'], 'unsupported'>, string>> = {
  message: 'messages',
  status: 'messages',
  error: 'messages',
  preference: 'user_preferences',
};

/**
 * What is queued in place of an event too large for the queue: an `unsupported` event with the
 * same id and times, whose `raw` says how large the dropped event was and its SHA-256 (to match
 * it with Meta's delivery logs). Why: refusing the webhook would make Meta deliver it again, with
 * every other item in it, until it gives up, and all of them would be lost. The contact id is
 * left out on purpose: an `unsupported` event skips consent admission, so it must not tell the
 * CRM which contact wrote.
 */
export function oversizeEventReplacement(event: InboundEvent, bytes: number, sha256: string): UnsupportedEvent {
  return {
    v: 1,
    kind: 'unsupported',
    eventId: event.eventId,
    phoneNumberId: event.phoneNumberId,
    occurredAt: event.occurredAt,
    receivedAt: event.receivedAt,
    field: event.kind === 'unsupported' ? event.field : FIELD_OF_KIND[event.kind],
    reason: `${event.kind} event of ${bytes} bytes is over the queue's limit of ${MAX_QUEUED_EVENT_BYTES} bytes; its content was dropped`,
    raw: { droppedKind: event.kind, bytes, sha256 },
  };
}
