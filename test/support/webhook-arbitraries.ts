import fc from 'fast-check';
import { KnownMessageSchemas } from '../../shared/domain/webhook/schemas.js';

/*
 * fast-check generators of webhook envelopes shaped like Meta's: every message type, status,
 * error and preference, unknown types and fields, extra keys. Each generated change also says how
 * many events it must yield, so a property can check that nothing is dropped.
 */

const text = fc.string({ unit: 'binary', maxLength: 40 });
const id = fc.stringMatching(/^[A-Za-z0-9._=-]{1,40}$/);
const wamid = fc.stringMatching(/^wamid\.[A-Za-z0-9_-]{8,40}$/);
const waId = fc.stringMatching(/^[1-9]\d{7,14}$/);
const timestamp = fc.integer({ min: 1_400_000_000, max: 2_100_000_000 }).map(String);
/** Keys Meta might add tomorrow; prefixed so they never collide with a known key. */
const extraKeys = fc.dictionary(fc.stringMatching(/^x_[a-z]{1,8}$/), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 2 });

const graphError = fc.record(
  { code: fc.integer({ min: 0, max: 200_000 }), title: text, message: text, error_data: fc.record({ details: text }), href: fc.webUrl() },
  { requiredKeys: ['code'] },
);
const media = fc.record({ id, mime_type: fc.constantFrom('image/jpeg', 'video/mp4', 'application/pdf', 'audio/ogg'), sha256: fc.base64String(), caption: text }, { requiredKeys: ['id'] });

const contentByType: Record<string, fc.Arbitrary<Record<string, unknown>>> = {
  text: fc.record({ text: fc.record({ body: text }) }),
  image: fc.record({ image: media }),
  video: fc.record({ video: media }),
  document: fc.record({ document: fc.tuple(media, fc.option(text, { nil: undefined })).map(([m, filename]) => (filename === undefined ? m : { ...m, filename })) }),
  audio: fc.record({ audio: fc.tuple(media, fc.boolean()).map(([m, voice]) => ({ ...m, voice })) }),
  sticker: fc.record({ sticker: fc.tuple(media, fc.boolean()).map(([m, animated]) => ({ ...m, mime_type: 'image/webp', animated })) }),
  location: fc.record({
    location: fc.record(
      { latitude: fc.double({ min: -90, max: 90, noNaN: true }), longitude: fc.double({ min: -180, max: 180, noNaN: true }), name: text, address: text, url: fc.webUrl() },
      { requiredKeys: ['latitude', 'longitude'] },
    ),
  }),
  contacts: fc.record({
    contacts: fc.array(
      fc.record(
        {
          name: fc.record({ formatted_name: text, first_name: text, last_name: text }, { requiredKeys: [] }),
          phones: fc.array(fc.record({ phone: text, wa_id: waId, type: fc.constantFrom('CELL', 'WORK', 'HOME') }, { requiredKeys: [] }), { maxLength: 3 }),
          emails: fc.array(fc.record({ email: text, type: text }), { maxLength: 2 }),
          birthday: text,
        },
        { requiredKeys: [] },
      ),
      { minLength: 1, maxLength: 4 },
    ),
  }),
  interactive: fc.record({
    interactive: fc.oneof(
      fc.record({ type: fc.constant('button_reply'), button_reply: fc.record({ id: text, title: text }) }),
      fc.record({ type: fc.constant('list_reply'), list_reply: fc.record({ id: text, title: text, description: text }, { requiredKeys: ['id', 'title'] }) }),
      fc.record({
        type: fc.constant('nfm_reply'),
        nfm_reply: fc.record({ response_json: fc.oneof(fc.jsonValue().map((value) => JSON.stringify(value)), text), body: text, name: fc.constant('flow') }, { requiredKeys: ['response_json'] }),
      }),
    ),
  }),
  button: fc.record({ button: fc.record({ payload: text, text }, { requiredKeys: ['text'] }) }),
  reaction: fc.record({ reaction: fc.record({ message_id: wamid, emoji: fc.constantFrom('👍', '😮', '') }, { requiredKeys: ['message_id'] }) }),
  order: fc.record({
    order: fc.record({
      catalog_id: id,
      text: fc.oneof(fc.constant(''), text),
      product_items: fc.array(fc.record({ product_retailer_id: id, quantity: fc.nat(100), item_price: fc.double({ min: 0, max: 1e6, noNaN: true }), currency: fc.constantFrom('EUR', 'USD') }), { maxLength: 3 }),
    }),
  }),
  system: fc.record({
    system: fc.oneof(
      fc.record({ body: text, type: fc.constant('user_changed_number'), wa_id: waId }),
      fc.record({ body: text, type: fc.constant('customer_changed_number'), new_wa_id: waId, customer: waId }),
      fc.record({ body: text, type: fc.constant('customer_identity_changed'), customer: waId }),
    ),
  }),
  unsupported: fc.record({ errors: fc.array(graphError, { minLength: 1, maxLength: 2 }) }),
  unknown: fc.record({ errors: fc.array(graphError, { maxLength: 2 }) }),
};

/** A type name Meta might invent, never one the bridge knows. */
const inventedType = fc.stringMatching(/^[a-z_]{1,12}$/).filter((type) => !Object.hasOwn(KnownMessageSchemas, type));

const context = fc.oneof(
  fc.record({ from: waId, id: wamid }),
  fc.constant({ forwarded: true }),
  fc.constant({ frequently_forwarded: true }),
  fc.record({ from: waId, id: wamid, referred_product: fc.record({ catalog_id: id, product_retailer_id: id }) }),
);

/** A valid inbound message of any type, with its expected event `type` ("unsupported" for an invented type). */
export const messageArbitrary = fc
  .tuple(
    fc.oneof(
      fc.constantFrom(...Object.keys(contentByType)).chain((type) => contentByType[type]!.map((content) => ({ type, content, expected: type }))),
      fc.tuple(inventedType, fc.jsonValue({ maxDepth: 2 })).map(([type, payload]) => ({ type, content: { [type]: payload }, expected: 'unsupported' })),
    ),
    wamid,
    waId,
    timestamp,
    fc.option(context, { nil: undefined }),
    extraKeys,
  )
  .map(([{ type, content, expected }, messageId, from, ts, messageContext, extra]) => ({
    from,
    expected,
    message: { ...extra, from, id: messageId, timestamp: ts, type, ...content, ...(messageContext ? { context: messageContext } : {}) },
  }));

export const statusArbitrary = fc.record(
  {
    id: wamid,
    status: fc.oneof(fc.constantFrom('sent', 'delivered', 'read', 'failed'), fc.stringMatching(/^[a-z]{1,10}$/)),
    timestamp,
    recipient_id: waId,
    biz_opaque_callback_data: text,
    conversation: fc.record({ id, expiration_timestamp: timestamp, origin: fc.record({ type: fc.constantFrom('service', 'utility', 'marketing') }) }, { requiredKeys: [] }),
    pricing: fc.record({ billable: fc.boolean(), pricing_model: fc.constantFrom('CBP', 'PMP'), category: fc.constantFrom('service', 'utility') }, { requiredKeys: [] }),
    errors: fc.array(graphError, { maxLength: 2 }),
  },
  { requiredKeys: ['id', 'status', 'timestamp', 'recipient_id'] },
);

const metadata = fc.record({ display_phone_number: fc.constantFrom('15550000001', '1 555-000-0001'), phone_number_id: fc.stringMatching(/^\d{6,16}$/) });

/** A change and the number of events it must yield. */
export interface GeneratedChange {
  readonly change: { field: string; value: unknown };
  readonly expectedEvents: number;
  /** Expected message event types, in order. */
  readonly expectedMessageTypes: string[];
}

const messagesChange: fc.Arbitrary<GeneratedChange> = fc
  .tuple(metadata, fc.array(messageArbitrary, { maxLength: 5 }), fc.array(statusArbitrary, { maxLength: 4 }), fc.array(graphError, { maxLength: 2 }))
  .map(([meta, messages, statuses, errors]) => {
    const value: Record<string, unknown> = { messaging_product: 'whatsapp', metadata: meta };
    if (messages.length) {
      value.contacts = [...new Set(messages.map((m) => m.from))].map((from) => ({ profile: { name: 'Generated' }, wa_id: from }));
      value.messages = messages.map((m) => m.message);
    }
    if (statuses.length) value.statuses = statuses;
    if (errors.length) value.errors = errors;
    const items = messages.length + statuses.length + (errors.length > 0 ? 1 : 0);
    return { change: { field: 'messages', value }, expectedEvents: Math.max(items, 1), expectedMessageTypes: messages.map((m) => m.expected) };
  });

const preferencesChange: fc.Arbitrary<GeneratedChange> = fc
  .tuple(metadata, fc.array(fc.record({ wa_id: waId, detail: text, category: fc.constantFrom('marketing_messages'), value: fc.constantFrom('stop', 'resume'), timestamp }), { minLength: 1, maxLength: 3 }))
  .map(([meta, items]) => ({ change: { field: 'user_preferences', value: { messaging_product: 'whatsapp', metadata: meta, user_preferences: items } }, expectedEvents: items.length, expectedMessageTypes: [] }));

const unknownFieldChange: fc.Arbitrary<GeneratedChange> = fc
  .tuple(fc.stringMatching(/^[a-z_]{1,30}$/).filter((field) => field !== 'messages' && field !== 'user_preferences'), fc.jsonValue({ maxDepth: 3 }))
  .map(([field, value]) => ({ change: { field, value }, expectedEvents: 1, expectedMessageTypes: [] }));

/** A whole envelope with its expected event count and message types. */
export const envelopeArbitrary = fc
  .array(fc.array(fc.oneof({ arbitrary: messagesChange, weight: 4 }, preferencesChange, unknownFieldChange), { maxLength: 3 }), { minLength: 1, maxLength: 3 })
  .map((entries) => ({
    envelope: { object: 'whatsapp_business_account', entry: entries.map((changes, index) => ({ id: String(index), changes: changes.map((c) => c.change) })) },
    expectedEvents: entries.flat().reduce((sum, c) => sum + c.expectedEvents, 0),
    expectedMessageTypes: entries.flat().flatMap((c) => c.expectedMessageTypes),
  }));
