import * as z from 'zod';

/*
 * zod schemas of what Meta POSTs to the webhook (WhatsApp Cloud API). Every object is loose: Meta
 * adds fields without notice and the bridge keeps what it does not know rather than failing.
 * Numeric-looking ids and timestamps are strings on the wire and stay strings here.
 *
 * Only the envelope can fail a request (400). Everything inside it is validated item by item in
 * normalize.ts: an item that does not match its schema becomes an `unsupported` event, so one odd
 * message can never fail the POST or hide its neighbours.
 */

/** Unix seconds as a decimal string, e.g. `"1697043223"`. */
export const UnixSecondsSchema = z.string().regex(/^\d{1,12}$/, 'expected Unix seconds as a string');

export const WebhookMetadataSchema = z.looseObject({
  /** May be formatted (`"1 555-010-0001"`); never used for routing. */
  display_phone_number: z.string().optional(),
  phone_number_id: z.string().min(1),
});

/** An entry of `value.contacts[]`: who sent the messages. Users may have a business-scoped id and no phone number. */
export const WebhookContactSchema = z.looseObject({
  wa_id: z.string().optional(),
  /** Business-scoped user id, e.g. `US.13491208655302741918`. */
  user_id: z.string().optional(),
  parent_user_id: z.string().optional(),
  /** Present only when the business enabled the identity-change check. */
  identity_key_hash: z.string().optional(),
  profile: z.looseObject({ name: z.string().optional() }).optional(),
});

/** An error object as Meta reports it in webhooks (`value.errors[]`, `messages[].errors[]`, `statuses[].errors[]`). */
export const GraphErrorSchema = z.looseObject({
  code: z.number(),
  title: z.string().optional(),
  message: z.string().optional(),
  error_data: z.looseObject({ details: z.string().optional() }).optional(),
  href: z.string().optional(),
});

/** The product a user asked about ("Message business" on a catalog item). */
export const ReferredProductSchema = z.looseObject({
  catalog_id: z.string(),
  product_retailer_id: z.string(),
});

/** `context`: a reply (`from`, `id`), a forward marker, or a product enquiry (`referred_product`). */
export const MessageContextSchema = z.looseObject({
  from: z.string().optional(),
  id: z.string().optional(),
  forwarded: z.boolean().optional(),
  frequently_forwarded: z.boolean().optional(),
  referred_product: ReferredProductSchema.optional(),
});

/** `referral`: the message started from a click-to-WhatsApp ad or post. */
export const ReferralSchema = z.looseObject({
  source_url: z.string().optional(),
  source_id: z.string().optional(),
  source_type: z.string().optional(),
  headline: z.string().optional(),
  body: z.string().optional(),
  media_type: z.string().optional(),
  image_url: z.string().optional(),
  video_url: z.string().optional(),
  thumbnail_url: z.string().optional(),
  /** Click id of the ad click; identifies the click, so it is not forwarded to the CRM. */
  ctwa_clid: z.string().optional(),
});

/** Fields every inbound message has (`from` is missing on some system messages). */
export const MessageBaseSchema = z.looseObject({
  from: z.string().optional(),
  id: z.string().min(1),
  timestamp: UnixSecondsSchema,
  type: z.string().min(1),
  context: MessageContextSchema.optional(),
  referral: ReferralSchema.optional(),
  errors: z.array(GraphErrorSchema).optional(),
});

export const TextMessageSchema = MessageBaseSchema.extend({
  type: z.literal('text'),
  text: z.looseObject({ body: z.string() }),
});

/** A media reference: Meta never sends content inline, only an id to fetch it with (valid for a while). */
export const MediaSchema = z.looseObject({
  id: z.string().min(1),
  mime_type: z.string().optional(),
  sha256: z.string().optional(),
  caption: z.string().optional(),
});

export const ImageMessageSchema = MessageBaseSchema.extend({ type: z.literal('image'), image: MediaSchema });
export const VideoMessageSchema = MessageBaseSchema.extend({ type: z.literal('video'), video: MediaSchema });
export const DocumentMessageSchema = MessageBaseSchema.extend({
  type: z.literal('document'),
  document: MediaSchema.extend({ filename: z.string().optional() }),
});
/** `voice: true` is a voice note recorded in WhatsApp; otherwise an audio file. */
export const AudioMessageSchema = MessageBaseSchema.extend({
  type: z.literal('audio'),
  audio: MediaSchema.extend({ voice: z.boolean().optional() }),
});
export const StickerMessageSchema = MessageBaseSchema.extend({
  type: z.literal('sticker'),
  sticker: MediaSchema.extend({ animated: z.boolean().optional() }),
});

export const LocationMessageSchema = MessageBaseSchema.extend({
  type: z.literal('location'),
  location: z.looseObject({
    latitude: z.number(),
    longitude: z.number(),
    name: z.string().optional(),
    address: z.string().optional(),
    url: z.string().optional(),
  }),
});

/** One shared contact card: third-party personal data (names, phones, e-mails, addresses). */
export const ContactCardSchema = z.looseObject({
  name: z
    .looseObject({
      formatted_name: z.string().optional(),
      first_name: z.string().optional(),
      last_name: z.string().optional(),
      middle_name: z.string().optional(),
      suffix: z.string().optional(),
      prefix: z.string().optional(),
    })
    .optional(),
  phones: z.array(z.looseObject({ phone: z.string().optional(), wa_id: z.string().optional(), type: z.string().optional() })).optional(),
  emails: z.array(z.looseObject({ email: z.string().optional(), type: z.string().optional() })).optional(),
  addresses: z.array(z.looseObject({})).optional(),
  org: z.looseObject({}).optional(),
  urls: z.array(z.looseObject({ url: z.string().optional(), type: z.string().optional() })).optional(),
  birthday: z.string().optional(),
});

export const ContactsMessageSchema = MessageBaseSchema.extend({
  type: z.literal('contacts'),
  contacts: z.array(ContactCardSchema).min(1),
});

/**
 * A Flow's answer (`nfm_reply`): `response_json` is a JSON document inside a string. It is parsed
 * a second time into `response`; the original string is kept as it came. A string that is not a
 * JSON object leaves `response` out and sets `response_json_valid: false`, so the message is still
 * delivered rather than failed.
 */
export const NfmReplySchema = z
  .looseObject({
    response_json: z.string(),
    body: z.string().optional(),
    name: z.string().optional(),
  })
  .transform((reply) => {
    const response = parseJsonObject(reply.response_json);
    return response === undefined
      ? { ...reply, response_json_valid: false as const }
      : { ...reply, response_json_valid: true as const, response };
  });

function parseJsonObject(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

export const InteractiveReplySchema = z.discriminatedUnion('type', [
  z.looseObject({ type: z.literal('button_reply'), button_reply: z.looseObject({ id: z.string(), title: z.string() }) }),
  z.looseObject({
    type: z.literal('list_reply'),
    list_reply: z.looseObject({ id: z.string(), title: z.string(), description: z.string().optional() }),
  }),
  z.looseObject({ type: z.literal('nfm_reply'), nfm_reply: NfmReplySchema }),
]);

export const InteractiveMessageSchema = MessageBaseSchema.extend({
  type: z.literal('interactive'),
  interactive: InteractiveReplySchema,
});

/** A tap on a template's quick-reply button. */
export const ButtonMessageSchema = MessageBaseSchema.extend({
  type: z.literal('button'),
  button: z.looseObject({ payload: z.string().optional(), text: z.string() }),
});

/** A reaction; removal comes as `emoji: ""` (older payloads) or without `emoji` (current). */
export const ReactionMessageSchema = MessageBaseSchema.extend({
  type: z.literal('reaction'),
  reaction: z.looseObject({ message_id: z.string(), emoji: z.string().optional() }),
});

const NumberLikeSchema = z.union([z.number(), z.string()]);

export const OrderMessageSchema = MessageBaseSchema.extend({
  type: z.literal('order'),
  order: z.looseObject({
    catalog_id: z.string(),
    /** The user's note; may be empty. */
    text: z.string().optional(),
    product_items: z.array(
      z.looseObject({
        product_retailer_id: z.string(),
        quantity: NumberLikeSchema,
        item_price: NumberLikeSchema,
        currency: z.string(),
      }),
    ),
  }),
});

/**
 * A notice from WhatsApp about the user: `user_changed_number` (new number in `wa_id`; legacy
 * `customer_changed_number` with `new_wa_id`), `user_changed_user_id` (may come without `from`),
 * `customer_identity_changed`. System messages come without `value.contacts`.
 */
export const SystemMessageSchema = MessageBaseSchema.extend({
  type: z.literal('system'),
  system: z.looseObject({
    body: z.string().optional(),
    type: z.string().optional(),
    wa_id: z.string().optional(),
    new_wa_id: z.string().optional(),
    customer: z.string().optional(),
    user_id: z.string().optional(),
    previous_user_id: z.string().optional(),
  }),
  identity: z
    .looseObject({ acknowledged: z.boolean().optional(), created_timestamp: z.union([z.string(), z.number()]).optional(), hash: z.string().optional() })
    .optional(),
});

/** A message type WhatsApp itself cannot show the business (`unsupported`, formerly `unknown`), with its reason in `errors`. */
export const UnsupportedMessageSchema = MessageBaseSchema.extend({ type: z.literal('unsupported') });
export const UnknownMessageSchema = MessageBaseSchema.extend({ type: z.literal('unknown') });

/**
 * The message types the bridge understands. A message whose `type` is not listed here, or whose
 * payload does not match its type's schema, becomes `type: "unsupported"` (see normalize.ts).
 */
export const KnownMessageSchemas = {
  text: TextMessageSchema,
  image: ImageMessageSchema,
  video: VideoMessageSchema,
  document: DocumentMessageSchema,
  audio: AudioMessageSchema,
  sticker: StickerMessageSchema,
  location: LocationMessageSchema,
  contacts: ContactsMessageSchema,
  interactive: InteractiveMessageSchema,
  button: ButtonMessageSchema,
  reaction: ReactionMessageSchema,
  order: OrderMessageSchema,
  system: SystemMessageSchema,
  unsupported: UnsupportedMessageSchema,
  unknown: UnknownMessageSchema,
} as const;

export type KnownMessageType = keyof typeof KnownMessageSchemas;
export type TextMessage = z.infer<typeof TextMessageSchema>;
export type SystemMessage = z.infer<typeof SystemMessageSchema>;
export type InteractiveMessage = z.infer<typeof InteractiveMessageSchema>;
export type KnownMessage = { [K in KnownMessageType]: z.infer<(typeof KnownMessageSchemas)[K]> }[KnownMessageType];

/** System notice types that move a user to a new identifier. */
export const NUMBER_CHANGE_SYSTEM_TYPES = ['user_changed_number', 'customer_changed_number'] as const;

export const StatusSchema = z.looseObject({
  id: z.string().min(1),
  /** `sent`, `delivered`, `read`, `failed`; others are kept and forwarded as they come. */
  status: z.string().min(1),
  timestamp: UnixSecondsSchema,
  recipient_id: z.string().optional(),
  recipient_user_id: z.string().optional(),
  /** The string the business set when sending, echoed back. */
  biz_opaque_callback_data: z.string().optional(),
  conversation: z
    .looseObject({
      id: z.string().optional(),
      expiration_timestamp: z.string().optional(),
      origin: z.looseObject({ type: z.string().optional() }).optional(),
    })
    .optional(),
  pricing: z
    .looseObject({ billable: z.boolean().optional(), pricing_model: z.string().optional(), category: z.string().optional() })
    .optional(),
  errors: z.array(GraphErrorSchema).optional(),
});

export type Status = z.infer<typeof StatusSchema>;

/**
 * `value` of a change whose `field` is `messages`. Items are kept unvalidated here and checked one
 * by one, so an odd item fails alone; `contacts` entries that do not match are ignored (they only
 * help find the sender).
 */
export const MessagesValueSchema = z.looseObject({
  messaging_product: z.string().optional(),
  metadata: WebhookMetadataSchema,
  contacts: z.array(z.unknown()).optional(),
  messages: z.array(z.unknown()).optional(),
  statuses: z.array(z.unknown()).optional(),
  errors: z.array(z.unknown()).optional(),
});

export type MessagesValue = z.infer<typeof MessagesValueSchema>;

/** One item of the `user_preferences` field: the user stopped or resumed a category of messages. */
export const UserPreferenceSchema = z.looseObject({
  wa_id: z.string().optional(),
  user_id: z.string().optional(),
  /** Human-readable explanation from Meta. */
  detail: z.string().optional(),
  /** e.g. `marketing_messages`. */
  category: z.string().min(1),
  /** e.g. `stop` or `resume`. */
  value: z.string().min(1),
  timestamp: UnixSecondsSchema,
});

export type UserPreference = z.infer<typeof UserPreferenceSchema>;

/** `value` of a change whose `field` is `user_preferences`. */
export const UserPreferencesValueSchema = z.looseObject({
  messaging_product: z.string().optional(),
  metadata: WebhookMetadataSchema.optional(),
  contacts: z.array(z.unknown()).optional(),
  user_preferences: z.array(z.unknown()),
});

export type UserPreferencesValue = z.infer<typeof UserPreferencesValueSchema>;

export const WebhookChangeSchema = z.looseObject({
  field: z.string(),
  value: z.unknown(),
});

export const WebhookEntrySchema = z.looseObject({
  /** WhatsApp Business Account id (`"0"` in the dashboard's test sample). */
  id: z.string(),
  changes: z.array(WebhookChangeSchema),
});

/** The outer envelope. Anything that fails here is a malformed request (400), not an event. */
export const WebhookEnvelopeSchema = z.looseObject({
  object: z.string(),
  entry: z.array(WebhookEntrySchema),
});

export type WebhookEnvelope = z.infer<typeof WebhookEnvelopeSchema>;
export type WebhookContact = z.infer<typeof WebhookContactSchema>;
