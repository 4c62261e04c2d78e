import type { InboundEvent, UnsupportedEvent } from './inbound-event.js';

/*
 * Kept apart from the event schemas (type imports only), so webhook-ingest's queue adapter does not
 * build the zod schemas at import: module initialisation is part of every cold start.
 */

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
