/*
 * The minimal view of an inbound message that the CRM receives in `message.received` (`data`,
 * next to `contactId`). What is forwarded per type, and why (data minimisation, Art. 5(1)(c) GDPR):
 *
 * - text: `text`; media (image, video, document, audio, sticker): `media {mediaId, mimeType, sha256}`,
 *   a reference the business can fetch from Meta, never the content; `caption`, `filename` (documents),
 *   `voice` (audio), `animated` (stickers).
 * - location: `location {latitude, longitude}` only. The customer shared it on purpose, so the
 *   coordinates are the content; the place's `name`, `address` and `url` are left out because they
 *   spell a (possibly home) address in clear text that the CRM would index, and add nothing to act on.
 * - contacts: `contactCards` (the count). Shared cards are third parties' data (names, phones,
 *   e-mails) who have no relationship with the business: never forwarded.
 * - interactive: `interactive {type, id, title, description}` for button and list replies; for a
 *   Flow answer (`nfm_reply`) `{type, name, responseJson, responseValid}`, the answer as the raw
 *   JSON string Meta sent (one plain string, so the sanitizer can treat it as free text).
 * - button (template quick reply): `button {payload, text}`.
 * - reaction: `reaction {messageId, emoji}`, or `{messageId, removed: true}` for a removal.
 * - order: `order {catalogId, text, items[{productRetailerId, quantity, itemPrice, currency}]}`.
 * - system: `system {kind}` (e.g. `customer_identity_changed`) and `newContactId` when the notice
 *   moves the user to a new id; never its `body`, which quotes phone numbers.
 * - unsupported: `originalType` (when Meta's type was unknown to the bridge) and `errors[{code, title}]`.
 * - every type: `replyTo` (wamid), `forwarded`, `frequentlyForwarded`, `referredProduct
 *   {catalogId, productRetailerId}`, `referral {sourceType, sourceId, sourceUrl, headline}` (the ad's
 *   click id `ctwa_clid` identifies the click and is not forwarded).
 *
 * Free text (`text`, `caption`, `filename`, titles, `responseJson`, order `text`) stays a plain
 * string so that the CRM push can run it through the PII sanitizer field by field.
 */

type Json = Record<string, unknown>;

/** Builds the `message.received` view from a CRM push record's `data` (`{message, newContactId?}`). */
export function messageReceivedView(data: Json): Json {
  const message = asObject(data.message);
  const type = String(message.type);
  const view: Json = { messageId: message.id, type };
  Object.assign(view, contentView(type, message));
  if (typeof data.newContactId === 'string') view.newContactId = data.newContactId;
  Object.assign(view, contextView(asObject(message.context)), referralView(message.referral));
  return view;
}

const MEDIA_TYPES = new Set(['image', 'video', 'document', 'audio', 'sticker']);

function contentView(type: string, message: Json): Json {
  if (MEDIA_TYPES.has(type)) return mediaView(type, asObject(message[type]));
  switch (type) {
    case 'text':
      return { text: asObject(message.text).body };
    case 'location': {
      const { latitude, longitude } = asObject(message.location);
      return { location: { latitude, longitude } };
    }
    case 'contacts':
      return { contactCards: Array.isArray(message.contacts) ? message.contacts.length : 0 };
    case 'interactive':
      return { interactive: interactiveView(asObject(message.interactive)) };
    case 'button': {
      const { payload, text } = asObject(message.button);
      return { button: defined({ payload, text }) };
    }
    case 'reaction': {
      const { message_id: messageId, emoji } = asObject(message.reaction);
      return { reaction: typeof emoji === 'string' && emoji !== '' ? { messageId, emoji } : { messageId, removed: true } };
    }
    case 'order':
      return { order: orderView(asObject(message.order)) };
    case 'system':
      return { system: defined({ kind: asObject(message.system).type }) };
    case 'unsupported':
    case 'unknown':
      return defined({ originalType: message.original_type, errors: errorCodes(message.errors) });
    default:
      return {};
  }
}

function mediaView(type: string, media: Json): Json {
  const view: Json = { media: defined({ mediaId: media.id, mimeType: media.mime_type, sha256: media.sha256 }) };
  if (typeof media.caption === 'string') view.caption = media.caption;
  if (type === 'document' && typeof media.filename === 'string') view.filename = media.filename;
  if (type === 'audio') view.voice = media.voice === true;
  if (type === 'sticker') view.animated = media.animated === true;
  return view;
}

function interactiveView(interactive: Json): Json {
  const type = interactive.type;
  if (type === 'button_reply' || type === 'list_reply') {
    const { id, title, description } = asObject(interactive[type]);
    return defined({ type, id, title, description });
  }
  if (type === 'nfm_reply') {
    const reply = asObject(interactive.nfm_reply);
    return defined({ type, name: reply.name, responseJson: reply.response_json, responseValid: reply.response_json_valid === true });
  }
  return defined({ type });
}

function orderView(order: Json): Json {
  const items = Array.isArray(order.product_items) ? order.product_items.map(asObject) : [];
  return defined({
    catalogId: order.catalog_id,
    text: order.text,
    items: items.map((item) => ({
      productRetailerId: item.product_retailer_id,
      quantity: item.quantity,
      itemPrice: item.item_price,
      currency: item.currency,
    })),
  });
}

function contextView(context: Json): Json {
  const view: Json = {};
  if (typeof context.id === 'string') view.replyTo = context.id;
  if (context.forwarded === true || context.frequently_forwarded === true) view.forwarded = true;
  if (context.frequently_forwarded === true) view.frequentlyForwarded = true;
  const product = asObject(context.referred_product);
  if (typeof product.product_retailer_id === 'string') {
    view.referredProduct = defined({ catalogId: product.catalog_id, productRetailerId: product.product_retailer_id });
  }
  return view;
}

function referralView(referral: unknown): Json {
  if (typeof referral !== 'object' || referral === null) return {};
  const { source_type: sourceType, source_id: sourceId, source_url: sourceUrl, headline } = referral as Json;
  return { referral: defined({ sourceType, sourceId, sourceUrl, headline }) };
}

function errorCodes(errors: unknown): Json[] | undefined {
  if (!Array.isArray(errors)) return undefined;
  return errors.map((error) => {
    const { code, title } = asObject(error);
    return defined({ code, title });
  });
}

/** The object without its undefined values (so the JSON has no `null`-looking gaps). */
function defined(object: Json): Json {
  return Object.fromEntries(Object.entries(object).filter(([, value]) => value !== undefined));
}

function asObject(value: unknown): Json {
  return typeof value === 'object' && value !== null ? (value as Json) : {};
}
