import type { CrmPushRecord } from '../../shared/domain/crm/records.js';
import type { InboundEvent } from '../../shared/domain/inbound-event.js';
import type {
  Clock,
  ContactProfile,
  ContactRepository,
  CrmEventQueue,
  InboundContact,
  InboundEventQueue,
  Log,
  ProcessedEventStore,
} from '../../shared/domain/ports.js';

/** Test doubles of the domain's ports, in memory. */

export class InMemoryInboundQueue implements InboundEventQueue {
  public readonly events: InboundEvent[] = [];
  public failWith: Error | undefined;
  public async enqueue(events: readonly InboundEvent[]): Promise<void> {
    if (this.failWith) throw this.failWith;
    this.events.push(...events);
  }
}

export class InMemoryCrmQueue implements CrmEventQueue {
  public readonly records: CrmPushRecord[] = [];
  public failWith: Error | undefined;
  public async publish(records: readonly CrmPushRecord[]): Promise<void> {
    if (this.failWith) throw this.failWith;
    this.records.push(...records);
  }
}

export class InMemoryProcessedEvents implements ProcessedEventStore {
  public readonly markers = new Map<string, Date>();
  public async isProcessed(eventId: string): Promise<boolean> {
    return this.markers.has(eventId);
  }
  public async markProcessed(eventId: string, expiresAt: Date): Promise<void> {
    if (!this.markers.has(eventId)) this.markers.set(eventId, expiresAt);
  }
}

export class InMemoryContacts implements ContactRepository {
  public readonly profiles = new Map<string, ContactProfile>();
  public constructor(private readonly clock: Clock) {}
  public async get(contactId: string): Promise<ContactProfile | undefined> {
    return this.profiles.get(contactId);
  }
  public async recordInbound(contact: InboundContact): Promise<ContactProfile> {
    const now = this.clock.now().toISOString();
    const existing = this.profiles.get(contact.contactId);
    const at = contact.at.toISOString();
    const lastInboundAt = existing?.lastInboundAt && existing.lastInboundAt > at ? existing.lastInboundAt : at;
    const profile: ContactProfile = {
      ...existing,
      contactId: contact.contactId,
      ...(contact.waId ?? existing?.waId ? { waId: contact.waId ?? existing?.waId } : {}),
      lastInboundAt,
      createdAt: existing?.createdAt ?? now,
      updatedAt: now,
      version: (existing?.version ?? 0) + 1,
    };
    this.profiles.set(contact.contactId, profile);
    return profile;
  }
}

export function fixedClock(iso = '2026-11-29T10:00:00.000Z'): Clock & { set(iso: string): void } {
  let now = new Date(iso);
  return { now: () => new Date(now), set: (next: string) => void (now = new Date(next)) };
}

/** A Log that keeps every line, for assertions (including that no personal data is logged). */
export function capturingLog(): Log & { lines: { level: string; message: string; attributes?: Record<string, unknown> }[] } {
  const lines: { level: string; message: string; attributes?: Record<string, unknown> }[] = [];
  const at = (level: string) => (message: string, attributes?: Record<string, unknown>) => {
    lines.push({ level, message, ...(attributes ? { attributes } : {}) });
  };
  return { lines, debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}
