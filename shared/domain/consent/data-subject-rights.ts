import { randomBytes } from 'node:crypto';
import { sha256Hex } from '../crypto.js';
import type { Clock, CrmEventQueue, Log } from '../ports.js';
import { NotFoundError } from '../../errors.js';
import { contactErasedRecord } from './consent-records.js';
import { CONTACT_LINK_PREFIXES, type ContactDataStore, type ContactItem, type ErasureTombstone } from './ports.js';

/** Sort key of the erasure tombstone. */
export const TOMBSTONE_SORT_KEY = 'ERASED';

/** Everything held about a contact (Art. 15), grouped by kind of item. */
export interface ContactExport {
  readonly contactId: string;
  readonly exportedAt: string;
  readonly profile: ContactItem | null;
  readonly consentReceipts: readonly ContactItem[];
  readonly heldMessages: readonly ContactItem[];
  readonly erasure: ContactItem | null;
  /**
   * Links to the contact's ids before or after a number change (`PREVIOUS#`/`NEXT#`): the same
   * person's data held under another id, to export with its own request.
   */
  readonly linkedContacts: readonly ContactItem[];
  /** Items of other kinds (e.g. reply mappings), so nothing held is left out. */
  readonly otherItems: readonly ContactItem[];
}

/**
 * Exports every unexpired item of a contact's partition, as stored (Art. 15(3): a copy of the
 * personal data undergoing processing).
 *
 * @throws NotFoundError when nothing is held about the contact.
 */
export async function exportContactData(contactId: string, dependencies: { data: ContactDataStore; clock: Clock }): Promise<ContactExport> {
  const items = await dependencies.data.listItems(contactId);
  if (items.length === 0) throw new NotFoundError('no data is held about this contact', { code: 'contact_not_found' });
  const of = (prefix: string) => items.filter((item) => item.SK.startsWith(prefix));
  const known = ['PROFILE', 'CONSENT#', 'HELD#', TOMBSTONE_SORT_KEY, ...CONTACT_LINK_PREFIXES];
  return {
    contactId,
    exportedAt: dependencies.clock.now().toISOString(),
    profile: items.find((item) => item.SK === 'PROFILE') ?? null,
    consentReceipts: of('CONSENT#'),
    heldMessages: of('HELD#'),
    erasure: items.find((item) => item.SK === TOMBSTONE_SORT_KEY) ?? null,
    linkedContacts: items.filter(isContactLink),
    otherItems: items.filter((item) => !known.some((prefix) => item.SK.startsWith(prefix))),
  };
}

export interface EraseContactDependencies {
  readonly data: ContactDataStore;
  readonly crmEvents: CrmEventQueue;
  readonly clock: Clock;
  readonly log: Log;
}

export interface EraseContactRequest {
  readonly contactId: string;
  readonly channel: 'api' | 'message';
  /**
   * Identifies the run. By message: derived from the inbound event, so a redelivery resumes the
   * same run. By API: random, unless an unfinished run is resumed.
   */
  readonly sourceEventId?: string;
  /**
   * By message only: keep the wa_id, the last inbound time and the business number it wrote to
   * (nothing else) in a profile that expires at `until`, so the reply sender can deliver the
   * erasure confirmation queued just before. `until` is at most
   * the 24-hour service window, outside which the confirmation could not be sent anyway.
   */
  readonly retainRecipient?: { readonly waId: string; readonly lastInboundAt: string; readonly phoneNumberId?: string; readonly until: Date };
}

export interface EraseContactResult {
  readonly tombstone: ErasureTombstone;
  /** Whether this call deleted anything (false: already erased, nothing new held). */
  readonly erasedNow: boolean;
}

/**
 * Erases a contact (Art. 17), idempotent and resumable without transactions. Steps:
 * 1. write the tombstone in state `erasing` (or resume the unfinished run it records);
 * 2. delete every other item of the partition (Query, then batch delete);
 * 3. queue `contact.erased` for the CRM (its id derives from the run: a retry queues the same);
 * 4. mark the tombstone `erased`.
 * Before step 2, every contact linked by a number change (`PREVIOUS#`/`NEXT#`, see ContactLink)
 * is erased the same way: the ids are one person. The links are deleted last with the rest, so
 * a run that fails in between finds them again when it resumes.
 * A failure at any step leaves the tombstone `erasing`; calling again resumes. Consumers drop
 * events of a contact whose tombstone is `erasing`, or that were received before `erasedAt`.
 *
 * @throws NotFoundError when nothing is held about the contact.
 */
export async function eraseContact(request: EraseContactRequest, dependencies: EraseContactDependencies): Promise<EraseContactResult> {
  return eraseLinkedContacts(request, dependencies, new Set());
}

/** `eraseContact`, remembering the contacts this request has reached (links can go both ways). */
async function eraseLinkedContacts(request: EraseContactRequest, dependencies: EraseContactDependencies, reached: Set<string>): Promise<EraseContactResult> {
  const { data, clock, log } = dependencies;
  reached.add(request.contactId);
  const existing = await data.getTombstone(request.contactId);
  const items = (await data.listItems(request.contactId)).filter((item) => item.SK !== TOMBSTONE_SORT_KEY);
  if (!existing && items.length === 0) throw new NotFoundError('no data is held about this contact', { code: 'contact_not_found' });
  if (existing?.state === 'erased' && items.length === 0) {
    return { tombstone: existing, erasedNow: false };
  }
  const resumed = existing?.state === 'erasing';
  const erasing: ErasureTombstone = resumed
    ? existing
    : {
        contactId: request.contactId,
        state: 'erasing',
        requestId: request.sourceEventId ? `ers_${sha256Hex(request.sourceEventId).slice(0, 24)}` : `ers_${randomBytes(12).toString('hex')}`,
        requestedAt: clock.now().toISOString(),
        channel: request.channel,
        ...(request.sourceEventId ? { sourceEventId: request.sourceEventId } : {}),
      };
  if (!resumed) await data.putTombstone(erasing);
  for (const link of items.filter(isContactLink)) {
    const linkedContactId = String(link.linkedContactId);
    if (reached.has(linkedContactId)) continue;
    // The linked run gets an id of its own per source event, so a redelivery resumes it too.
    const linked: EraseContactRequest = {
      contactId: linkedContactId,
      channel: request.channel,
      ...(request.sourceEventId ? { sourceEventId: `${request.sourceEventId}#${linkedContactId}` } : {}),
    };
    try {
      await eraseLinkedContacts(linked, dependencies, reached);
    } catch (error) {
      // Nothing held there any more (expired or erased before): the link is all that is left.
      if (!(error instanceof NotFoundError)) throw error;
    }
  }
  await data.deleteItems(request.contactId, items.map((item) => item.SK));
  if (request.retainRecipient) {
    const { until, ...recipient } = request.retainRecipient;
    await data.putRecipientOnlyProfile(request.contactId, recipient, until);
  }
  await dependencies.crmEvents.publish([contactErasedRecord(erasing)]);
  const erased: ErasureTombstone = {
    ...erasing,
    state: 'erased',
    erasedAt: clock.now().toISOString(),
    deletedItems: (erasing.deletedItems ?? 0) + items.length,
  };
  await data.putTombstone(erased);
  log.info('contact erased', { contactId: request.contactId, requestId: erased.requestId, deletedItems: items.length, resumed });
  return { tombstone: erased, erasedNow: true };
}

export interface EraseLeftoversDependencies {
  readonly data: Pick<ContactDataStore, 'listItems' | 'deleteItems'>;
  readonly crmEvents: CrmEventQueue;
  readonly log: Log;
}

/**
 * Erases what one event left behind when it was processed while its contact was being erased
 * (Art. 17). Such an event passed the tombstone check just before the erasure began, so it may
 * have written to the contact after the erasure had listed the contact's items, and may have
 * queued a CRM record after the run's `contact.erased`. Its leftovers are deleted, and when the
 * event queued anything for the CRM (`announced`) or left anything, the run is announced again,
 * after the event's records: the CRM's last word on the contact stays `contact.erased`. The
 * announcement is queued before the deletion, so a failure in between leaves items that a retry
 * finds, not a CRM that was never told. Its id derives from the run and the event.
 *
 * Only for an event whose processing overlapped the erasure: the contact's partition is
 * emptied (tombstone kept), which is right because events of one contact are processed one at
 * a time, so nothing newer than the erasure can be in it yet.
 *
 * @returns how many items were deleted.
 */
export async function eraseLeftovers(
  input: { readonly tombstone: ErasureTombstone; readonly eventId: string; readonly announced: boolean },
  dependencies: EraseLeftoversDependencies,
): Promise<number> {
  const { tombstone, eventId } = input;
  const leftovers = (await dependencies.data.listItems(tombstone.contactId)).filter((item) => item.SK !== TOMBSTONE_SORT_KEY);
  if (input.announced || leftovers.length > 0) {
    await dependencies.crmEvents.publish([contactErasedRecord(tombstone, eventId)]);
  }
  if (leftovers.length > 0) {
    await dependencies.data.deleteItems(tombstone.contactId, leftovers.map((item) => item.SK));
  }
  if (input.announced || leftovers.length > 0) {
    dependencies.log.info('event processed during an erasure: leftovers erased', {
      eventId,
      contactId: tombstone.contactId,
      requestId: tombstone.requestId,
      deletedItems: leftovers.length,
    });
  }
  return leftovers.length;
}

/**
 * Whether an event of a contact must be dropped because of an erasure: while the erasure runs,
 * and for events received before it finished (they were queued before the contact was erased).
 */
export function isDroppedByErasure(tombstone: Pick<ErasureTombstone, 'state' | 'erasedAt'> | undefined, receivedAt: string): boolean {
  if (!tombstone) return false;
  if (tombstone.state === 'erasing') return true;
  return tombstone.erasedAt !== undefined && receivedAt <= tombstone.erasedAt;
}

function isContactLink(item: ContactItem): boolean {
  return CONTACT_LINK_PREFIXES.some((prefix) => item.SK.startsWith(prefix));
}
