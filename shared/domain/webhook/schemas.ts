import * as z from 'zod';

/*
 * zod schemas of what Meta POSTs to the webhook (WhatsApp Cloud API). Every object is loose: Meta
 * adds fields without notice and the bridge keeps what it does not know rather than failing.
 * Numeric-looking ids and timestamps are strings on the wire and stay strings here.
 */

/** Unix seconds as a decimal string, e.g. `"1697043223"`. */
export const UnixSecondsSchema = z.string().regex(/^\d{1,12}$/, 'expected Unix seconds as a string');

export const WebhookMetadataSchema = z.looseObject({
  display_phone_number: z.string(),
  phone_number_id: z.string().min(1),
});

export const WebhookContactSchema = z.looseObject({
  wa_id: z.string().optional(),
  user_id: z.string().optional(),
  profile: z.looseObject({ name: z.string().optional() }).optional(),
});

export const GraphErrorSchema = z.looseObject({
  code: z.number(),
  title: z.string().optional(),
  message: z.string().optional(),
  error_data: z.looseObject({ details: z.string().optional() }).optional(),
  href: z.string().optional(),
});

export const MessageContextSchema = z.looseObject({
  from: z.string().optional(),
  id: z.string().optional(),
  forwarded: z.boolean().optional(),
  frequently_forwarded: z.boolean().optional(),
});

/** Fields every inbound message has (`from` is missing on some system messages). */
export const MessageBaseSchema = z.looseObject({
  from: z.string().optional(),
  id: z.string().min(1),
  timestamp: UnixSecondsSchema,
  type: z.string().min(1),
  context: MessageContextSchema.optional(),
  errors: z.array(GraphErrorSchema).optional(),
});

export const TextMessageSchema = MessageBaseSchema.extend({
  type: z.literal('text'),
  text: z.looseObject({ body: z.string() }),
});

/**
 * The message types the bridge understands. A message whose `type` is not listed here, or whose
 * payload does not match its type's schema, becomes an `unsupported` event (see normalize.ts).
 */
export const KnownMessageSchemas = {
  text: TextMessageSchema,
} as const;

export type KnownMessageType = keyof typeof KnownMessageSchemas;
export type TextMessage = z.infer<typeof TextMessageSchema>;
export type KnownMessage = { [K in KnownMessageType]: z.infer<(typeof KnownMessageSchemas)[K]> }[KnownMessageType];

export const StatusSchema = z.looseObject({
  id: z.string().min(1),
  status: z.string().min(1),
  timestamp: UnixSecondsSchema,
  recipient_id: z.string().optional(),
  recipient_user_id: z.string().optional(),
  biz_opaque_callback_data: z.string().optional(),
  conversation: z.looseObject({}).optional(),
  pricing: z.looseObject({}).optional(),
  errors: z.array(GraphErrorSchema).optional(),
});

export type Status = z.infer<typeof StatusSchema>;

/** `value` of a change whose `field` is `messages`. */
export const MessagesValueSchema = z.looseObject({
  messaging_product: z.string().optional(),
  metadata: WebhookMetadataSchema,
  contacts: z.array(WebhookContactSchema).optional(),
  messages: z.array(z.looseObject({})).optional(),
  statuses: z.array(z.looseObject({})).optional(),
  errors: z.array(GraphErrorSchema).optional(),
});

export type MessagesValue = z.infer<typeof MessagesValueSchema>;

export const WebhookChangeSchema = z.looseObject({
  field: z.string(),
  value: z.unknown(),
});

export const WebhookEntrySchema = z.looseObject({
  id: z.string(),
  changes: z.array(WebhookChangeSchema),
});

/** The outer envelope. Anything that fails here is a malformed request (400), not an event. */
export const WebhookEnvelopeSchema = z.looseObject({
  object: z.string(),
  entry: z.array(WebhookEntrySchema),
});

export type WebhookEnvelope = z.infer<typeof WebhookEnvelopeSchema>;
