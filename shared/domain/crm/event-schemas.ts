import * as z from 'zod';
import { CRM_EVENT_CONTRACT_VERSION, CRM_EVENT_TYPES, type CrmEventType } from './event-types.js';

/*
 * The CRM event contract: one zod schema per event type, for the body the CRM receives. The JSON
 * Schema files in `docs/events/` are generated from these (`npm run docs:events`) and a test
 * keeps them current. To add an event type: add it to CRM_EVENT_TYPES, add its `XxxEventSchema`
 * and an entry in CRM_EVENT_CONTRACTS below, and a mapper in payload.ts.
 */

const ContactIdSchema = z
  .string()
  .describe('Pseudonymous contact id: base64url HMAC-SHA256 of the WhatsApp id under the bridge\'s key. Empty when the event concerns no contact.');

/** The envelope every CRM event shares: `{type, version, timestamp, data}`. */
function crmEventSchema<TType extends CrmEventType, TData extends z.ZodRawShape>(type: TType, description: string, data: TData) {
  return z
    .object({
      type: z.literal(type),
      version: z.literal(CRM_EVENT_CONTRACT_VERSION).describe('Contract version; bumped only by breaking changes.'),
      timestamp: z.iso.datetime().describe('When the event happened (ISO 8601, UTC).'),
      data: z.object({ contactId: ContactIdSchema, ...data }),
    })
    .describe(description);
}

const ErrorCodesSchema = z.array(z.object({ code: z.number().optional(), title: z.string().optional() }));

const SANITISED = 'Free text: personal data replaced by placeholders such as [EMAIL].';

export const MessageReceivedEventSchema = crmEventSchema(CRM_EVENT_TYPES.messageReceived, 'A customer sent a message.', {
  messageId: z.string().describe('The WhatsApp message id (wamid).'),
  type: z.string().describe("Meta's message type: text, image, audio, video, document, sticker, location, contacts, interactive, button, reaction, order, system, unsupported, ..."),
  text: z.string().optional().describe(`Text of a text message. ${SANITISED}`),
  media: z
    .object({
      mediaId: z.string().optional().describe("Meta's media id (retrievable only with the business's Graph API token)."),
      mimeType: z.string().optional(),
      sha256: z.string().optional().describe('SHA-256 of the file, as Meta reports it.'),
      size: z.number().int().nonnegative().optional().describe('File size in bytes, when Meta reports it.'),
    })
    .optional()
    .describe('A reference to the media; its content is never forwarded.'),
  caption: z.string().optional().describe(`Media caption. ${SANITISED}`),
  filename: z.string().optional().describe(`Document file name. ${SANITISED}`),
  voice: z.boolean().optional().describe('Audio: recorded as a voice note.'),
  animated: z.boolean().optional().describe('Sticker: animated.'),
  location: z.object({ latitude: z.number().optional(), longitude: z.number().optional() }).optional().describe('Coordinates only, never the place name or address.'),
  contactCards: z.number().int().nonnegative().optional().describe("Number of shared contact cards (third parties' data: never forwarded)."),
  interactive: z
    .object({
      type: z.string().optional().describe('button_reply, list_reply or nfm_reply (a Flow answer).'),
      id: z.string().optional(),
      title: z.string().optional(),
      description: z.string().optional(),
      name: z.string().optional(),
      responseJson: z.string().optional().describe(`The Flow answer as Meta's JSON string. ${SANITISED}`),
      responseValid: z.boolean().optional(),
    })
    .optional(),
  button: z.object({ payload: z.string().optional(), text: z.string().optional() }).optional().describe('A template quick-reply button.'),
  reaction: z.object({ messageId: z.string().optional(), emoji: z.string().optional(), removed: z.literal(true).optional() }).optional(),
  order: z
    .object({
      catalogId: z.string().optional(),
      text: z.string().optional().describe(SANITISED),
      items: z
        .array(z.object({ productRetailerId: z.string().optional(), quantity: z.number().optional(), itemPrice: z.number().optional(), currency: z.string().optional() }))
        .optional(),
    })
    .optional(),
  system: z.object({ kind: z.string().optional() }).optional().describe("A system notice's kind; never its text, which quotes numbers."),
  newContactId: z.string().optional(),
  originalType: z.string().optional().describe('For type unsupported: the type Meta did not support.'),
  errors: ErrorCodesSchema.optional(),
  replyTo: z.string().optional().describe('The wamid this message replies to.'),
  forwarded: z.literal(true).optional(),
  frequentlyForwarded: z.literal(true).optional(),
  referredProduct: z.object({ catalogId: z.string().optional(), productRetailerId: z.string().optional() }).optional(),
  referral: z
    .object({ sourceType: z.string().optional(), sourceId: z.string().optional(), sourceUrl: z.string().optional(), headline: z.string().optional() })
    .optional()
    .describe('The click-to-WhatsApp ad the message came from.'),
  contact: z
    .object({
      profileName: z.string().optional().describe('Only when crm.forwardProfileName is on.'),
      phoneNumber: z.string().optional().describe('E.164; only when crm.forwardPhoneNumber is on and the contact consented.'),
    })
    .optional(),
});

export const MessageStatusEventSchema = crmEventSchema(CRM_EVENT_TYPES.messageStatus, 'A message the business sent changed status.', {
  messageId: z.string(),
  status: z.string().describe('sent, delivered, read, failed, ...'),
  errors: ErrorCodesSchema.optional(),
  pricing: z.looseObject({}).optional(),
  conversation: z.looseObject({}).optional(),
  callbackData: z.string().optional().describe('biz_opaque_callback_data the business set when sending.'),
  replyId: z.string().optional().describe('The reply id (rpl_...) when the message was a reply sent through the bridge.'),
});

export const ContactPreferencesChangedEventSchema = crmEventSchema(
  CRM_EVENT_TYPES.contactPreferencesChanged,
  'A customer changed a messaging preference in WhatsApp (e.g. stopped marketing messages).',
  {
    category: z.string().describe('e.g. marketing_messages'),
    value: z.string().describe('e.g. stop or resume'),
  },
);

export const ContactChangedNumberEventSchema = crmEventSchema(
  CRM_EVENT_TYPES.contactChangedNumber,
  'WhatsApp reported that the user moved to a new number.',
  {
    newContactId: z.string().describe('The contact id of the new number; neither number is sent.'),
    messageId: z.string().optional().describe('The wamid of the system notice.'),
  },
);

export const ContactConsentChangedEventSchema = crmEventSchema(
  CRM_EVENT_TYPES.contactConsentChanged,
  'A customer granted, declined or withdrew consent, or stopped marketing messages; the bridge keeps the proof (consent receipt).',
  {
    purpose: z.enum(['customer_service', 'marketing']).describe('The purpose the decision concerns.'),
    state: z.enum(['unknown', 'notified', 'granted', 'declined', 'withdrawn']).optional().describe('customer_service: the consent state after the decision.'),
    marketingOptOut: z.boolean().optional().describe('marketing: whether the customer stopped marketing messages.'),
    basis: z.string().describe('Lawful basis of the purpose: consent, contract or legitimate_interest.'),
    evidenceType: z.string().describe('How the customer acted: button_reply, keyword or user_preferences.'),
  },
);

export const ContactErasedEventSchema = crmEventSchema(
  CRM_EVENT_TYPES.contactErased,
  'The bridge erased everything it held about the contact (Art. 17 GDPR); erase the contact in the CRM too. The same run (same requestId) is announced again, with a new event id, after an event that was being processed during the erasure: erase again.',
  {
    requestId: z.string().describe('The erasure run (ers_...); a resumed run repeats the same id.'),
    channel: z.enum(['api', 'message']).describe('api: DELETE /v1/contacts/{contactId}; message: the customer asked by message.'),
    requestedAt: z.iso.datetime().describe('When the erasure was requested (ISO 8601, UTC).'),
  },
);

const ReplyFieldsSchema = {
  replyId: z.string().describe('The reply id (rpl_...) the replies API answered with.'),
  origin: z.enum(['crm', 'bridge']).describe('crm: sent through POST /v1/replies; bridge: a message the bridge sends itself.'),
  purpose: z.string().optional().describe('For origin bridge: privacy_notice, consent_request, consent_confirmation, erasure_confirmation.'),
};

export const ReplySentEventSchema = crmEventSchema(CRM_EVENT_TYPES.replySent, 'Meta accepted a reply; later message.status events carry its messageId.', {
  ...ReplyFieldsSchema,
  messageId: z.string().describe('The wamid Meta assigned.'),
});

export const ReplyRejectedEventSchema = crmEventSchema(CRM_EVENT_TYPES.replyRejected, 'The bridge refused a reply (consent, service window, erased or unknown contact); nothing was sent.', {
  ...ReplyFieldsSchema,
  reason: z.string().describe('e.g. no_lawful_basis, outside_service_window (see the Replies API section).'),
});

export const ReplyFailedEventSchema = crmEventSchema(CRM_EVENT_TYPES.replyFailed, 'Meta refused a reply, or its retries ran out.', {
  ...ReplyFieldsSchema,
  reason: z.string().describe('graph_error or retries_exhausted.'),
  code: z.number().optional().describe('The Graph API error code, when there was one.'),
});

export const WebhookErrorEventSchema = crmEventSchema(CRM_EVENT_TYPES.webhookError, 'Meta reported an error not tied to a message.', {
  phoneNumberId: z.string().optional().describe('The business phone number id.'),
  errors: ErrorCodesSchema,
});

export const WebhookUnsupportedEventSchema = crmEventSchema(
  CRM_EVENT_TYPES.webhookUnsupported,
  'Meta sent something the bridge does not interpret; passed on so nothing is swallowed.',
  {
    field: z.string().optional().describe('The webhook field it came from.'),
    reason: z.string().optional(),
    raw: z.unknown().optional().describe('The original item, identifiers removed and strings sanitised.'),
  },
);

/** One entry of the event catalogue: its schema and an example body (documented in the README). */
export interface CrmEventContract {
  readonly schema: z.ZodType;
  readonly example: Record<string, unknown>;
}

const CONTACT = 'kM3rQ1vVxJ0wT8nB6yZ2cA5dE9fG4hI7jL0pS3uW1xY';
const AT = '2026-11-29T10:00:00.000Z';

/** Every CRM event type with its schema and example; `docs/events/` is generated from this. */
export const CRM_EVENT_CONTRACTS: Readonly<Record<string, CrmEventContract>> = {
  [CRM_EVENT_TYPES.messageReceived]: {
    schema: MessageReceivedEventSchema,
    example: {
      type: 'message.received',
      version: 1,
      timestamp: AT,
      data: { contactId: CONTACT, messageId: 'wamid.HBgLNDkxNTExMjM0NTY3OBUCABIYFjNFQjA', type: 'text', text: 'Hi, my e-mail is [EMAIL], order 12345 please' },
    },
  },
  [CRM_EVENT_TYPES.messageStatus]: {
    schema: MessageStatusEventSchema,
    example: {
      type: 'message.status',
      version: 1,
      timestamp: AT,
      data: { contactId: CONTACT, messageId: 'wamid.HBgLNDkxNTExMjM0NTY3OBUCABEYEjA4', status: 'failed', errors: [{ code: 131047, title: 'Re-engagement message' }] },
    },
  },
  [CRM_EVENT_TYPES.contactPreferencesChanged]: {
    schema: ContactPreferencesChangedEventSchema,
    example: { type: 'contact.preferences_changed', version: 1, timestamp: AT, data: { contactId: CONTACT, category: 'marketing_messages', value: 'stop' } },
  },
  [CRM_EVENT_TYPES.contactChangedNumber]: {
    schema: ContactChangedNumberEventSchema,
    example: {
      type: 'contact.changed_number',
      version: 1,
      timestamp: AT,
      data: { contactId: CONTACT, newContactId: 'Zp4sT0uV9wX2yA7bC1dE5fG8hI3jK6lM0nO4pQ7rS2u', messageId: 'wamid.HBgLNDkxNTExMjM0NTY3OBUCABIYFjNFQjE' },
    },
  },
  [CRM_EVENT_TYPES.contactConsentChanged]: {
    schema: ContactConsentChangedEventSchema,
    example: {
      type: 'contact.consent_changed',
      version: 1,
      timestamp: AT,
      data: { contactId: CONTACT, purpose: 'customer_service', basis: 'consent', evidenceType: 'button_reply', state: 'granted' },
    },
  },
  [CRM_EVENT_TYPES.contactErased]: {
    schema: ContactErasedEventSchema,
    example: {
      type: 'contact.erased',
      version: 1,
      timestamp: AT,
      data: { contactId: CONTACT, requestId: 'ers_4f2a9c1d7b3e8a6f0c5d2e1b', channel: 'api', requestedAt: AT },
    },
  },
  [CRM_EVENT_TYPES.webhookError]: {
    schema: WebhookErrorEventSchema,
    example: { type: 'webhook.error', version: 1, timestamp: AT, data: { contactId: '', phoneNumberId: '100000000000001', errors: [{ code: 131000, title: 'Something went wrong' }] } },
  },
  [CRM_EVENT_TYPES.webhookUnsupported]: {
    schema: WebhookUnsupportedEventSchema,
    example: {
      type: 'webhook.unsupported',
      version: 1,
      timestamp: AT,
      data: { contactId: CONTACT, field: 'messages', reason: 'unknown message type "poll"', raw: { id: 'wamid.HBgLNDkx', type: 'poll' } },
    },
  },
  [CRM_EVENT_TYPES.replySent]: {
    schema: ReplySentEventSchema,
    example: { type: 'reply.sent', version: 1, timestamp: AT, data: { contactId: CONTACT, replyId: 'rpl_01JDZ3Q5V8K2', origin: 'crm', messageId: 'wamid.HBgLNDkxNTExMjM0NTY3OBEYEkE5' } },
  },
  [CRM_EVENT_TYPES.replyRejected]: {
    schema: ReplyRejectedEventSchema,
    example: { type: 'reply.rejected', version: 1, timestamp: AT, data: { contactId: CONTACT, replyId: 'rpl_01JDZ3Q5V8K3', origin: 'crm', reason: 'outside_service_window' } },
  },
  [CRM_EVENT_TYPES.replyFailed]: {
    schema: ReplyFailedEventSchema,
    example: { type: 'reply.failed', version: 1, timestamp: AT, data: { contactId: CONTACT, replyId: 'rpl_01JDZ3Q5V8K4', origin: 'crm', reason: 'graph_error', code: 131026 } },
  },
};

/**
 * The JSON Schema (draft 2020-12) of an event type, as written to `docs/events/<type>.v<version>.json`.
 * Input mode: unknown properties are allowed, so receivers that validate keep working when a
 * version gains an optional field.
 */
export function crmEventJsonSchema(type: string): Record<string, unknown> {
  const contract = CRM_EVENT_CONTRACTS[type];
  if (!contract) throw new Error(`no contract for CRM event type ${type}`);
  return {
    ...(z.toJSONSchema(contract.schema, { target: 'draft-2020-12', io: 'input' }) as Record<string, unknown>),
    title: `${type} v${CRM_EVENT_CONTRACT_VERSION}`,
    examples: [contract.example],
  };
}

/** `message.received.v1.json` */
export function crmEventSchemaFileName(type: string): string {
  return `${type}.v${CRM_EVENT_CONTRACT_VERSION}.json`;
}
