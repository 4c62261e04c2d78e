import type { InboundEvent } from './inbound-event.js';

/**
 * FIFO group of an event: its contact, else the business number (so a contact's events stay in
 * order). Kept apart from the event schemas in inbound-event.ts, which webhook-ingest never
 * parses with: importing this costs no schema construction at cold start.
 */
export function inboundMessageGroupId(event: Pick<InboundEvent, 'contactId' | 'phoneNumberId'>): string {
  return event.contactId ?? `number-${event.phoneNumberId}`;
}
