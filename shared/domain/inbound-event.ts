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

export { inboundMessageGroupId } from './inbound-event-group.js';
