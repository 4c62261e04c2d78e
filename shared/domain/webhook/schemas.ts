import * as z from 'zod/mini';
import { $constructor, $ZodObjectJIT, type $loose, type $ZodLooseShape, type $ZodObjectDef } from 'zod/v4/core';
import en from 'zod/v4/locales/en.js';

// zod/mini keeps webhook-ingest's bundle and cold start small (it loads only what these schemas
// use); it has no error messages of its own, so the English ones are set, as the full zod does.
// Issue messages end up in `unsupported_reason`.
z.config(en());

/**
 * zod/mini's object type without zod's compiled fast path, which the full zod's objects use:
 * measured twice as fast on Meta's payloads. Same definition, same results, so the webhook
 * parse keeps the speed the ingest benchmark holds it to.
 */
const ObjectFastPath: typeof $ZodObjectJIT = $ZodObjectJIT;
const MiniType: typeof z.ZodMiniType = z.ZodMiniType;
const LooseObjectWithFastPath: $constructor<z.ZodMiniObject, $ZodObjectDef> = $constructor(
  'LooseObjectWithFastPath',
  (inst, def) => {
    ObjectFastPath.init(inst, def);
    MiniType.init(inst, def);
  },
);

/** `z.looseObject` (unknown keys kept) with the fast path; `z.extend` of it keeps the fast path too. */
function looseObject<Shape extends $ZodLooseShape>(shape: Shape): z.ZodMiniObject<Shape, $loose> {
  return new LooseObjectWithFastPath({ type: 'object', shape, catchall: z.unknown() }) as unknown as z.ZodMiniObject<Shape, $loose>;
}

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
export const UnixSecondsSchema = z.string().check(z.regex(/^\d{1,12}$/, 'expected Unix seconds as a string'));

export const WebhookMetadataSchema = looseObject({
  /** May be formatted (`"1 555-010-0001"`); never used for routing. */
  display_phone_number: z.optional(z.string()),
  phone_number_id: z.string().check(z.minLength(1)),
});

/** An entry of `value.contacts[]`: who sent the messages. Users may have a business-scoped id and no phone number. */
export const WebhookContactSchema = looseObject({
  wa_id: z.optional(z.string()),
  /** Business-scoped user id, e.g. `US.13491208655302741918`. */
  user_id: z.optional(z.string()),
  parent_user_id: z.optional(z.string()),
  /** Present only when the business enabled the identity-change check. */
  identity_key_hash: z.optional(z.string()),
  profile: z.optional(looseObject({ name: z.optional(z.string()) })),
});

/** An error object as Meta reports it in webhooks (`value.errors[]`, `messages[].errors[]`, `statuses[].errors[]`). */
export const GraphErrorSchema = looseObject({
  code: z.number(),
  title: z.optional(z.string()),
  message: z.optional(z.string()),
  error_data: z.optional(looseObject({ details: z.optional(z.string()) })),
  href: z.optional(z.string()),
});

/** The product a user asked about ("Message business" on a catalog item). */
export const ReferredProductSchema = looseObject({
  catalog_id: z.string(),
  product_retailer_id: z.string(),
});

/** `context`: a reply (`from`, `id`), a forward marker, or a product enquiry (`referred_product`). */
export const MessageContextSchema = looseObject({
  from: z.optional(z.string()),
  id: z.optional(z.string()),
  forwarded: z.optional(z.boolean()),
  frequently_forwarded: z.optional(z.boolean()),
  referred_product: z.optional(ReferredProductSchema),
});

/** `referral`: the message started from a click-to-WhatsApp ad or post. */
export const ReferralSchema = looseObject({
  source_url: z.optional(z.string()),
  source_id: z.optional(z.string()),
  source_type: z.optional(z.string()),
  headline: z.optional(z.string()),
  body: z.optional(z.string()),
  media_type: z.optional(z.string()),
  image_url: z.optional(z.string()),
  video_url: z.optional(z.string()),
  thumbnail_url: z.optional(z.string()),
  /** Click id of the ad click; identifies the click, so it is not forwarded to the CRM. */
  ctwa_clid: z.optional(z.string()),
});

/** Fields every inbound message has (`from` is missing on some system messages). */
export const MessageBaseSchema = looseObject({
  from: z.optional(z.string()),
  id: z.string().check(z.minLength(1)),
  timestamp: UnixSecondsSchema,
  type: z.string().check(z.minLength(1)),
  context: z.optional(MessageContextSchema),
  referral: z.optional(ReferralSchema),
  errors: z.optional(z.array(GraphErrorSchema)),
});

export const TextMessageSchema = z.extend(MessageBaseSchema, {
  type: z.literal('text'),
  text: looseObject({ body: z.string() }),
});

/** A media reference: Meta never sends content inline, only an id to fetch it with (valid for a while). */
export const MediaSchema = looseObject({
  id: z.string().check(z.minLength(1)),
  mime_type: z.optional(z.string()),
  sha256: z.optional(z.string()),
  caption: z.optional(z.string()),
});

export const ImageMessageSchema = z.extend(MessageBaseSchema, { type: z.literal('image'), image: MediaSchema });
export const VideoMessageSchema = z.extend(MessageBaseSchema, { type: z.literal('video'), video: MediaSchema });
export const DocumentMessageSchema = z.extend(MessageBaseSchema, {
  type: z.literal('document'),
  document: z.extend(MediaSchema, { filename: z.optional(z.string()) }),
});
/** `voice: true` is a voice note recorded in WhatsApp; otherwise an audio file. */
export const AudioMessageSchema = z.extend(MessageBaseSchema, {
  type: z.literal('audio'),
  audio: z.extend(MediaSchema, { voice: z.optional(z.boolean()) }),
});
export const StickerMessageSchema = z.extend(MessageBaseSchema, {
  type: z.literal('sticker'),
  sticker: z.extend(MediaSchema, { animated: z.optional(z.boolean()) }),
});

export const LocationMessageSchema = z.extend(MessageBaseSchema, {
  type: z.literal('location'),
  location: looseObject({
    latitude: z.number(),
    longitude: z.number(),
    name: z.optional(z.string()),
    address: z.optional(z.string()),
    url: z.optional(z.string()),
  }),
});

/** One shared contact card: third-party personal data (names, phones, e-mails, addresses). */
export const ContactCardSchema = looseObject({
  name: z.optional(
    looseObject({
      formatted_name: z.optional(z.string()),
      first_name: z.optional(z.string()),
      last_name: z.optional(z.string()),
      middle_name: z.optional(z.string()),
      suffix: z.optional(z.string()),
      prefix: z.optional(z.string()),
    }),
  ),
  phones: z.optional(z.array(looseObject({ phone: z.optional(z.string()), wa_id: z.optional(z.string()), type: z.optional(z.string()) }))),
  emails: z.optional(z.array(looseObject({ email: z.optional(z.string()), type: z.optional(z.string()) }))),
  addresses: z.optional(z.array(looseObject({}))),
  org: z.optional(looseObject({})),
  urls: z.optional(z.array(looseObject({ url: z.optional(z.string()), type: z.optional(z.string()) }))),
  birthday: z.optional(z.string()),
});

export const ContactsMessageSchema = z.extend(MessageBaseSchema, {
  type: z.literal('contacts'),
  contacts: z.array(ContactCardSchema).check(z.minLength(1)),
});

/**
 * A Flow's answer (`nfm_reply`): `response_json` is a JSON document inside a string. It is parsed
 * a second time into `response`; the original string is kept as it came. A string that is not a
 * JSON object leaves `response` out and sets `response_json_valid: false`, so the message is still
 * delivered rather than failed.
 */
const NfmReplyFieldsSchema = looseObject({
  response_json: z.string(),
  body: z.optional(z.string()),
  name: z.optional(z.string()),
});

export const NfmReplySchema = z.pipe(
  NfmReplyFieldsSchema,
  z.transform((reply: z.output<typeof NfmReplyFieldsSchema>) => {
    const response = parseJsonObject(reply.response_json);
    return response === undefined
      ? { ...reply, response_json_valid: false as const }
      : { ...reply, response_json_valid: true as const, response };
  }),
);

function parseJsonObject(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

export const InteractiveReplySchema = z.discriminatedUnion('type', [
  looseObject({ type: z.literal('button_reply'), button_reply: looseObject({ id: z.string(), title: z.string() }) }),
  looseObject({
    type: z.literal('list_reply'),
    list_reply: looseObject({ id: z.string(), title: z.string(), description: z.optional(z.string()) }),
  }),
  looseObject({ type: z.literal('nfm_reply'), nfm_reply: NfmReplySchema }),
]);

export const InteractiveMessageSchema = z.extend(MessageBaseSchema, {
  type: z.literal('interactive'),
  interactive: InteractiveReplySchema,
});

/** A tap on a template's quick-reply button. */
export const ButtonMessageSchema = z.extend(MessageBaseSchema, {
  type: z.literal('button'),
  button: looseObject({ payload: z.optional(z.string()), text: z.string() }),
});

/** A reaction; removal comes as `emoji: ""` (older payloads) or without `emoji` (current). */
export const ReactionMessageSchema = z.extend(MessageBaseSchema, {
  type: z.literal('reaction'),
  reaction: looseObject({ message_id: z.string(), emoji: z.optional(z.string()) }),
});

const NumberLikeSchema = z.union([z.number(), z.string()]);

export const OrderMessageSchema = z.extend(MessageBaseSchema, {
  type: z.literal('order'),
  order: looseObject({
    catalog_id: z.string(),
    /** The user's note; may be empty. */
    text: z.optional(z.string()),
    product_items: z.array(
      looseObject({
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
export const SystemMessageSchema = z.extend(MessageBaseSchema, {
  type: z.literal('system'),
  system: looseObject({
    body: z.optional(z.string()),
    type: z.optional(z.string()),
    wa_id: z.optional(z.string()),
    new_wa_id: z.optional(z.string()),
    customer: z.optional(z.string()),
    user_id: z.optional(z.string()),
    previous_user_id: z.optional(z.string()),
  }),
  identity: z.optional(
    looseObject({ acknowledged: z.optional(z.boolean()), created_timestamp: z.optional(z.union([z.string(), z.number()])), hash: z.optional(z.string()) }),
  ),
});

/** A message type WhatsApp itself cannot show the business (`unsupported`, formerly `unknown`), with its reason in `errors`. */
export const UnsupportedMessageSchema = z.extend(MessageBaseSchema, { type: z.literal('unsupported') });
export const UnknownMessageSchema = z.extend(MessageBaseSchema, { type: z.literal('unknown') });

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

export const StatusSchema = looseObject({
  id: z.string().check(z.minLength(1)),
  /** `sent`, `delivered`, `read`, `failed`; others are kept and forwarded as they come. */
  status: z.string().check(z.minLength(1)),
  timestamp: UnixSecondsSchema,
  recipient_id: z.optional(z.string()),
  recipient_user_id: z.optional(z.string()),
  /** The string the business set when sending, echoed back. */
  biz_opaque_callback_data: z.optional(z.string()),
  conversation: z.optional(
    looseObject({
      id: z.optional(z.string()),
      expiration_timestamp: z.optional(z.string()),
      origin: z.optional(looseObject({ type: z.optional(z.string()) })),
    }),
  ),
  pricing: z.optional(
    looseObject({ billable: z.optional(z.boolean()), pricing_model: z.optional(z.string()), category: z.optional(z.string()) }),
  ),
  errors: z.optional(z.array(GraphErrorSchema)),
});

export type Status = z.infer<typeof StatusSchema>;

/**
 * `value` of a change whose `field` is `messages`. Items are kept unvalidated here and checked one
 * by one, so an odd item fails alone; `contacts` entries that do not match are ignored (they only
 * help find the sender).
 */
export const MessagesValueSchema = looseObject({
  messaging_product: z.optional(z.string()),
  metadata: WebhookMetadataSchema,
  contacts: z.optional(z.array(z.unknown())),
  messages: z.optional(z.array(z.unknown())),
  statuses: z.optional(z.array(z.unknown())),
  errors: z.optional(z.array(z.unknown())),
});

export type MessagesValue = z.infer<typeof MessagesValueSchema>;

/** One item of the `user_preferences` field: the user stopped or resumed a category of messages. */
export const UserPreferenceSchema = looseObject({
  wa_id: z.optional(z.string()),
  user_id: z.optional(z.string()),
  /** Human-readable explanation from Meta. */
  detail: z.optional(z.string()),
  /** e.g. `marketing_messages`. */
  category: z.string().check(z.minLength(1)),
  /** e.g. `stop` or `resume`. */
  value: z.string().check(z.minLength(1)),
  timestamp: UnixSecondsSchema,
});

export type UserPreference = z.infer<typeof UserPreferenceSchema>;

/** `value` of a change whose `field` is `user_preferences`. */
export const UserPreferencesValueSchema = looseObject({
  messaging_product: z.optional(z.string()),
  metadata: z.optional(WebhookMetadataSchema),
  contacts: z.optional(z.array(z.unknown())),
  user_preferences: z.array(z.unknown()),
});

export type UserPreferencesValue = z.infer<typeof UserPreferencesValueSchema>;

export const WebhookChangeSchema = looseObject({
  field: z.string(),
  value: z.unknown(),
});

export const WebhookEntrySchema = looseObject({
  /** WhatsApp Business Account id (`"0"` in the dashboard's test sample). */
  id: z.string(),
  changes: z.array(WebhookChangeSchema),
});

/** The outer envelope. Anything that fails here is a malformed request (400), not an event. */
export const WebhookEnvelopeSchema = looseObject({
  object: z.string(),
  entry: z.array(WebhookEntrySchema),
});

export type WebhookEnvelope = z.infer<typeof WebhookEnvelopeSchema>;
export type WebhookContact = z.infer<typeof WebhookContactSchema>;
