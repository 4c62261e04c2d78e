import type {
  ConsentChange,
  ConsentReceipt,
  ConsentStore,
  ContactDataStore,
  ContactItem,
  ContactLink,
  ErasureCheck,
  ErasureTombstone,
  HeldMessage,
} from '../../shared/domain/consent/ports.js';
import { sortHeld } from '../../shared/domain/consent/held-messages.js';
import type { OutboundMessage } from '../../shared/domain/outbound-message.js';
import type { Clock, ContactProfile, OutboundMessageQueue } from '../../shared/domain/ports.js';
import { ConcurrentUpdateError } from '../../shared/errors.js';
import type { InMemoryContacts } from './in-memory.js';

/** Test doubles of the consent ports, in memory, sharing profiles with InMemoryContacts. */

export class InMemoryOutboundQueue implements OutboundMessageQueue {
  public readonly messages: OutboundMessage[] = [];
  public async enqueue(messages: readonly OutboundMessage[]): Promise<void> {
    for (const message of messages) {
      // Like outbound.fifo, a reply id queued twice is delivered once.
      if (!this.messages.some((queued) => queued.replyId === message.replyId)) this.messages.push(message);
    }
  }
}

export class InMemoryConsentStore implements ConsentStore, ContactDataStore, ErasureCheck {
  public readonly receipts = new Map<string, ConsentReceipt>();
  public readonly held = new Map<string, HeldMessage>();
  public readonly tombstones = new Map<string, ErasureTombstone>();
  /** Other items by `contactId\nSK`. */
  public readonly extra = new Map<string, Record<string, unknown>>();

  public constructor(
    private readonly contacts: InMemoryContacts,
    private readonly clock: Clock,
  ) {}

  public async updateConsent(contactId: string, expectedVersion: number, change: ConsentChange): Promise<ContactProfile> {
    const existing = this.contacts.profiles.get(contactId);
    if (!existing || existing.version !== expectedVersion) throw new ConcurrentUpdateError('version mismatch');
    const updated: ContactProfile = { ...existing, ...change, updatedAt: this.clock.now().toISOString(), version: existing.version + 1 };
    this.contacts.profiles.set(contactId, updated);
    return updated;
  }

  public async setMarketingOptOut(contactId: string, optOut: boolean): Promise<void> {
    const now = this.clock.now().toISOString();
    const existing = this.contacts.profiles.get(contactId) ?? { contactId, createdAt: now, updatedAt: now, version: 0 };
    this.contacts.profiles.set(contactId, { ...existing, marketingOptOut: optOut, updatedAt: now, version: existing.version + 1 });
  }

  public async appendReceipt(receipt: ConsentReceipt): Promise<void> {
    const key = `${receipt.contactId}\n${receipt.receiptId}`;
    if (!this.receipts.has(key)) this.receipts.set(key, receipt);
  }

  public async holdMessage(held: HeldMessage): Promise<void> {
    const key = heldKey(held);
    if (!this.held.has(key)) this.held.set(key, held);
  }

  public async listHeld(contactId: string): Promise<HeldMessage[]> {
    return sortHeld([...this.held.entries()].filter(([key]) => key.startsWith(`${contactId}\n`)).map(([, held]) => held));
  }

  public async deleteHeld(_contactId: string, held: readonly HeldMessage[]): Promise<void> {
    for (const item of held) this.held.delete(heldKey(item));
  }

  public async linkContacts(link: ContactLink): Promise<void> {
    const half = (contactId: string, sortKey: string, linkedContactId: string) => {
      const key = `${contactId}\n${sortKey}`;
      if (!this.extra.has(key)) this.extra.set(key, { itemType: 'contact_link', contactId, linkedContactId, changedAt: link.changedAt, evidenceMessageId: link.evidenceMessageId });
    };
    half(link.previousContactId, `NEXT#${link.nextContactId}`, link.nextContactId);
    half(link.nextContactId, `PREVIOUS#${link.previousContactId}`, link.previousContactId);
  }

  public async listItems(contactId: string): Promise<ContactItem[]> {
    const items: ContactItem[] = [];
    const profile = this.contacts.profiles.get(contactId);
    if (profile) items.push({ SK: 'PROFILE', ...profile });
    for (const receipt of this.receipts.values()) if (receipt.contactId === contactId) items.push({ SK: `CONSENT#${receipt.receiptId}`, ...receipt });
    for (const held of await this.listHeld(contactId)) items.push({ SK: heldKey(held).split('\n')[1] as string, ...held });
    for (const [key, item] of this.extra) if (key.startsWith(`${contactId}\n`)) items.push({ SK: key.split('\n')[1] as string, ...item });
    const tombstone = this.tombstones.get(contactId);
    if (tombstone) items.push({ SK: 'ERASED', ...tombstone });
    return items;
  }

  public async deleteItems(contactId: string, sortKeys: readonly string[]): Promise<void> {
    for (const sortKey of sortKeys) {
      if (sortKey === 'PROFILE') this.contacts.profiles.delete(contactId);
      else if (sortKey.startsWith('CONSENT#')) this.receipts.delete(`${contactId}\n${sortKey.slice('CONSENT#'.length)}`);
      else if (sortKey.startsWith('HELD#')) this.held.delete(`${contactId}\n${sortKey}`);
      else this.extra.delete(`${contactId}\n${sortKey}`);
    }
  }

  public async getTombstone(contactId: string): Promise<ErasureTombstone | undefined> {
    return this.tombstones.get(contactId);
  }

  public async putTombstone(tombstone: ErasureTombstone): Promise<void> {
    this.tombstones.set(tombstone.contactId, tombstone);
  }

  public async putRecipientOnlyProfile(contactId: string, recipient: { waId: string; lastInboundAt: string; phoneNumberId?: string }): Promise<void> {
    const now = this.clock.now().toISOString();
    this.contacts.profiles.set(contactId, { contactId, ...recipient, createdAt: now, updatedAt: now, version: 1 });
  }
}

function heldKey(held: HeldMessage): string {
  return `${held.event.contactId}\nHELD#${held.event.occurredAt}#${held.event.message.id}`;
}
