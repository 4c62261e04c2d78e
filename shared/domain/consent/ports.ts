import type { LawfulBasis } from '../../config/bridge-config.js';
import type { MessageEvent } from '../inbound-event.js';
import type { ConsentState, ContactProfile } from '../ports.js';
import type { EvidenceType } from './keywords.js';

/*
 * Ports of consent and data-subject rights. All items live in the contact's partition
 * (`CONTACT#<id>`) of the single table and carry a TTL from the retention configuration.
 */

/** The consent fields of a profile that one decision changes. */
export interface ConsentChange {
  readonly consentState: ConsentState;
  readonly consentEventId: string;
  readonly consentUpdatedAt: string;
  readonly noticeVersion?: string;
  readonly noticeSha256?: string;
  readonly noticeBasis?: LawfulBasis;
  readonly language?: string;
}

/**
 * Proof of one consent decision (Art. 7(1)), append-only: `CONTACT#<id>` / `CONSENT#<iso-ts>#<ref>`.
 * Kept for the consent-proof retention; exported on access requests; deleted on erasure except
 * as summarised by the tombstone. Never sent to the CRM (which gets `contact.consent_changed`).
 */
export interface ConsentReceipt {
  readonly receiptId: string;
  readonly contactId: string;
  readonly purposes: readonly string[];
  readonly basis: LawfulBasis;
  readonly decision: 'granted' | 'declined' | 'withdrawn';
  readonly previousState: ConsentState;
  readonly noticeVersion: string | null;
  readonly noticeSha256: string | null;
  readonly language: string | null;
  readonly evidence: {
    /** wamid of the confirming message (or the webhook event id of a preference change). */
    readonly messageId: string;
    readonly type: EvidenceType;
  };
  /** When the contact acted (Meta's timestamp), ISO 8601 UTC. */
  readonly actedAt: string;
  /** When the bridge recorded it, ISO 8601 UTC. */
  readonly recordedAt: string;
}

/**
 * A first message held until the contact consents: `CONTACT#<id>` / `HELD#<iso-ts>#<wamid>`,
 * expiring after the hold period. Holds the whole inbound event, so the CRM record built on
 * release is identical (same CRM event id) to the one a redelivery would build.
 */
export interface HeldMessage {
  readonly event: MessageEvent;
  readonly heldAt: string;
}

/** Erasure tombstone (`CONTACT#<id>` / `ERASED`): the only item left after Art. 17 erasure. */
export interface ErasureTombstone {
  readonly contactId: string;
  /** `erasing` while items are being deleted (a retry resumes), then `erased`. */
  readonly state: 'erasing' | 'erased';
  /** Identifies one erasure run; the CRM's `contact.erased` event id derives from it. */
  readonly requestId: string;
  readonly requestedAt: string;
  readonly erasedAt?: string;
  /** Who asked: the admin API or the contact by message. */
  readonly channel: 'api' | 'message';
  /** The inbound event that asked for erasure by message (a redelivery of it resumes the run). */
  readonly sourceEventId?: string;
  /** Items deleted by the run (a count, no content). */
  readonly deletedItems?: number;
}

/**
 * The link between a contact and the one WhatsApp moved it to (its number or user id changed):
 * `CONTACT#<previous>` / `NEXT#<next>` and `CONTACT#<next>` / `PREVIOUS#<previous>`. Why: the
 * two ids are one person, so an access or erasure request made under either must reach the data
 * held under the other. Kept as long as the longer of consent proof and conversation data (what
 * either partition can hold); exported on access requests, deleted on erasure; never sent to
 * the CRM, which gets its own number-change event when forwarding is allowed.
 */
export interface ContactLink {
  readonly previousContactId: string;
  readonly nextContactId: string;
  /** When WhatsApp reported the change (Meta's timestamp), ISO 8601 UTC. */
  readonly changedAt: string;
  /** wamid of the system message that reported it. */
  readonly evidenceMessageId: string;
}

/** Sort key prefixes of the two halves of a `ContactLink`; the linked contact id follows. */
export const CONTACT_LINK_PREFIXES = ['PREVIOUS#', 'NEXT#'] as const;

/** One stored item of a contact, as exported (keys and TTL included). */
export type ContactItem = Readonly<Record<string, unknown>> & { readonly SK: string };

/** Consent state, receipts and held messages. @throws ConsentConflictError on a lost optimistic race. */
export interface ConsentStore {
  /** Applies a change if the profile still has `expectedVersion`; returns the new profile. */
  updateConsent(contactId: string, expectedVersion: number, change: ConsentChange): Promise<ContactProfile>;
  /** Records the marketing preference (`user_preferences`), creating the profile if needed. */
  setMarketingOptOut(contactId: string, optOut: boolean, at: string): Promise<void>;
  /** Appends a receipt; writing the same receipt again is a no-op. */
  appendReceipt(receipt: ConsentReceipt): Promise<void>;
  /** Holds a message; holding the same one again is a no-op. */
  holdMessage(held: HeldMessage): Promise<void>;
  /** Held messages that have not expired, oldest first. */
  listHeld(contactId: string): Promise<HeldMessage[]>;
  /** Deletes held messages (released or discarded). */
  deleteHeld(contactId: string, held: readonly HeldMessage[]): Promise<void>;
  /** Writes both halves of the link; writing the same link again is a no-op. */
  linkContacts(link: ContactLink): Promise<void>;
}

/** A contact's whole partition, for access and erasure. */
export interface ContactDataStore {
  /** Every unexpired item of the contact, tombstone included. */
  listItems(contactId: string): Promise<ContactItem[]>;
  /** Deletes the items with these sort keys (batched; unprocessed items retried). */
  deleteItems(contactId: string, sortKeys: readonly string[]): Promise<void>;
  getTombstone(contactId: string): Promise<ErasureTombstone | undefined>;
  putTombstone(tombstone: ErasureTombstone): Promise<void>;
  /**
   * Writes a profile holding only the wa_id and the last inbound time (the reply sender needs both
   * to deliver within the service window), expiring at `until` (see EraseContactRequest).
   */
  putRecipientOnlyProfile(contactId: string, recipient: { readonly waId: string; readonly lastInboundAt: string; readonly phoneNumberId?: string }, until: Date): Promise<void>;
}

/**
 * What a consumer needs to drop events of an erased contact, and to erase what an event
 * processed while its contact was being erased left behind (see `eraseLeftovers`).
 */
export interface ErasureCheck extends Pick<ContactDataStore, 'listItems' | 'deleteItems'> {
  getTombstone(contactId: string): Promise<ErasureTombstone | undefined>;
}
