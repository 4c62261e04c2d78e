import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, DeleteCommand, GetCommand, PutCommand, QueryCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { MessageEvent } from '../domain/inbound-event.js';
import type { Clock, ContactProfile } from '../domain/ports.js';
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
} from '../domain/consent/ports.js';
import { TOMBSTONE_SORT_KEY } from '../domain/consent/data-subject-rights.js';
import { sortHeld } from '../domain/consent/held-messages.js';
import { ConcurrentUpdateError, DependencyUnavailableError } from '../errors.js';
import { TABLE } from '../resources.js';
import { callTable, isExpired, keys, toProfile } from './dynamodb-store.js';

/** How long each kind of consent item is kept (seconds), from the retention configuration. */
export interface ConsentRetention {
  /** Held messages: the hold period. */
  readonly heldMessageSeconds: number;
  /** Contact profile, refreshed by every write. */
  readonly conversationDataSeconds: number;
  /** Receipts and the erasure tombstone. */
  readonly consentProofSeconds: number;
}

const partitionOf = (contactId: string) => `CONTACT#${contactId}`;
const MAX_BATCH_DELETE = 25;
const MAX_UNPROCESSED_ROUNDS = 8;

/**
 * Consent state, receipts, held messages and erasure in the contact's partition of the single
 * table (`CONTACT#<id>`). Writes are single-item and conditional: the profile by its `version`,
 * receipts and held messages with `attribute_not_exists`, so a retry never duplicates or
 * overwrites. Every item gets `expiresAt`; reads treat expired items as absent.
 */
export class DynamoDbConsentStore implements ConsentStore, ContactDataStore, ErasureCheck {
  public constructor(
    private readonly documents: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly clock: Clock,
    private readonly retention: ConsentRetention,
  ) {}

  public async updateConsent(contactId: string, expectedVersion: number, change: ConsentChange): Promise<ContactProfile> {
    const values: Record<string, unknown> = {
      ':expected': expectedVersion,
      ':one': 1,
      ':now': this.clock.now().toISOString(),
      ':expiresAt': this.expiry(this.retention.conversationDataSeconds),
    };
    const names: Record<string, string> = { '#ttl': TABLE.ttlAttribute };
    const sets = ['updatedAt = :now', '#ttl = :expiresAt'];
    // Every name goes through a placeholder: some (e.g. `language`) are DynamoDB reserved words.
    for (const [name, value] of Object.entries(change)) {
      if (value === undefined) continue;
      sets.push(`#${name} = :${name}`);
      names[`#${name}`] = name;
      values[`:${name}`] = value;
    }
    try {
      const { Attributes } = await callTable(() =>
        this.documents.send(
          new UpdateCommand({
            TableName: this.tableName,
            Key: keys.contact(contactId),
            UpdateExpression: `SET ${sets.join(', ')} ADD version :one`,
            ConditionExpression: 'version = :expected',
            ExpressionAttributeNames: names,
            ExpressionAttributeValues: values,
            ReturnValues: 'ALL_NEW',
          }),
        ),
      );
      return toProfile(Attributes ?? {});
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) {
        throw new ConcurrentUpdateError('the contact changed concurrently; retrying with fresh state', { cause: error });
      }
      throw error;
    }
  }

  public async setMarketingOptOut(contactId: string, optOut: boolean, at: string): Promise<void> {
    const now = this.clock.now().toISOString();
    await callTable(() =>
      this.documents.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.contact(contactId),
          UpdateExpression:
            'SET contactId = :contactId, marketingOptOut = :optOut, marketingUpdatedAt = :at, createdAt = if_not_exists(createdAt, :now), updatedAt = :now, #ttl = :expiresAt ADD version :one',
          ExpressionAttributeNames: { '#ttl': TABLE.ttlAttribute },
          ExpressionAttributeValues: {
            ':contactId': contactId,
            ':optOut': optOut,
            ':at': at,
            ':now': now,
            ':one': 1,
            ':expiresAt': this.expiry(this.retention.conversationDataSeconds),
          },
        }),
      ),
    );
  }

  public async appendReceipt(receipt: ConsentReceipt): Promise<void> {
    await this.putIfAbsent({
      [TABLE.partitionKey]: partitionOf(receipt.contactId),
      [TABLE.sortKey]: `CONSENT#${receipt.receiptId}`,
      itemType: 'consent_receipt',
      ...receipt,
      [TABLE.ttlAttribute]: this.expiry(this.retention.consentProofSeconds),
    });
  }

  public async holdMessage(held: HeldMessage): Promise<void> {
    await this.putIfAbsent({
      [TABLE.partitionKey]: partitionOf(held.event.contactId),
      [TABLE.sortKey]: heldSortKey(held.event),
      itemType: 'held_message',
      event: held.event,
      heldAt: held.heldAt,
      [TABLE.ttlAttribute]: this.expiry(this.retention.heldMessageSeconds),
    });
  }

  public async linkContacts(link: ContactLink): Promise<void> {
    const expiresAt = this.expiry(Math.max(this.retention.consentProofSeconds, this.retention.conversationDataSeconds));
    const half = (contactId: string, sortKey: string, linkedContactId: string) => ({
      [TABLE.partitionKey]: partitionOf(contactId),
      [TABLE.sortKey]: sortKey,
      itemType: 'contact_link',
      contactId,
      linkedContactId,
      changedAt: link.changedAt,
      evidenceMessageId: link.evidenceMessageId,
      [TABLE.ttlAttribute]: expiresAt,
    });
    await this.putIfAbsent(half(link.previousContactId, `NEXT#${link.nextContactId}`, link.nextContactId));
    await this.putIfAbsent(half(link.nextContactId, `PREVIOUS#${link.previousContactId}`, link.previousContactId));
  }

  public async listHeld(contactId: string): Promise<HeldMessage[]> {
    const items = await this.query(contactId, 'HELD#');
    return sortHeld(items.map((item) => ({ event: item.event as MessageEvent, heldAt: String(item.heldAt) })));
  }

  public async deleteHeld(contactId: string, held: readonly HeldMessage[]): Promise<void> {
    await this.deleteItems(contactId, held.map((item) => heldSortKey(item.event)));
  }

  public async listItems(contactId: string): Promise<ContactItem[]> {
    return (await this.query(contactId)) as ContactItem[];
  }

  public async deleteItems(contactId: string, sortKeys: readonly string[]): Promise<void> {
    for (let start = 0; start < sortKeys.length; start += MAX_BATCH_DELETE) {
      let requests = sortKeys.slice(start, start + MAX_BATCH_DELETE).map((sortKey) => ({
        DeleteRequest: { Key: { [TABLE.partitionKey]: partitionOf(contactId), [TABLE.sortKey]: sortKey } },
      }));
      for (let round = 0; requests.length > 0; round += 1) {
        if (round === MAX_UNPROCESSED_ROUNDS) {
          throw new DependencyUnavailableError(`table left ${requests.length} deletes unprocessed`, { code: 'table_throttled' });
        }
        if (round > 0) await new Promise((resolve) => setTimeout(resolve, 50 * 2 ** round));
        const { UnprocessedItems } = await callTable(() =>
          this.documents.send(new BatchWriteCommand({ RequestItems: { [this.tableName]: requests } })),
        );
        requests = (UnprocessedItems?.[this.tableName] ?? []) as typeof requests;
      }
    }
  }

  public async getTombstone(contactId: string): Promise<ErasureTombstone | undefined> {
    const { Item } = await callTable(() =>
      this.documents.send(
        new GetCommand({
          TableName: this.tableName,
          Key: { [TABLE.partitionKey]: partitionOf(contactId), [TABLE.sortKey]: TOMBSTONE_SORT_KEY },
          ConsistentRead: true,
        }),
      ),
    );
    if (!Item || isExpired(Item, this.clock.now())) return undefined;
    const { [TABLE.partitionKey]: _pk, [TABLE.sortKey]: _sk, [TABLE.ttlAttribute]: _ttl, itemType: _type, ...tombstone } = Item;
    return tombstone as ErasureTombstone;
  }

  public async putTombstone(tombstone: ErasureTombstone): Promise<void> {
    await callTable(() =>
      this.documents.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            [TABLE.partitionKey]: partitionOf(tombstone.contactId),
            [TABLE.sortKey]: TOMBSTONE_SORT_KEY,
            itemType: 'erasure_tombstone',
            ...tombstone,
            [TABLE.ttlAttribute]: this.expiry(this.retention.consentProofSeconds),
          },
        }),
      ),
    );
  }

  public async putRecipientOnlyProfile(contactId: string, recipient: { waId: string; lastInboundAt: string; phoneNumberId?: string }, until: Date): Promise<void> {
    const now = this.clock.now().toISOString();
    await callTable(() =>
      this.documents.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            ...keys.contact(contactId),
            contactId,
            waId: recipient.waId,
            lastInboundAt: recipient.lastInboundAt,
            // The business number to answer from: not personal data, needed to send the confirmation.
            ...(recipient.phoneNumberId ? { phoneNumberId: recipient.phoneNumberId } : {}),
            createdAt: now,
            updatedAt: now,
            version: 1,
            [TABLE.ttlAttribute]: Math.ceil(until.getTime() / 1000),
          },
        }),
      ),
    );
  }

  /** Deletes an item if it has expired (used by the local sweeper; DynamoDB's TTL does it in the cloud). */
  public async deleteIfExpired(key: Record<string, unknown>): Promise<boolean> {
    try {
      await callTable(() =>
        this.documents.send(
          new DeleteCommand({
            TableName: this.tableName,
            Key: key,
            ConditionExpression: '#ttl <= :now',
            ExpressionAttributeNames: { '#ttl': TABLE.ttlAttribute },
            ExpressionAttributeValues: { ':now': Math.floor(this.clock.now().getTime() / 1000) },
          }),
        ),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  private async putIfAbsent(item: Record<string, unknown>): Promise<void> {
    try {
      await callTable(() =>
        this.documents.send(
          new PutCommand({
            TableName: this.tableName,
            Item: item,
            ConditionExpression: 'attribute_not_exists(#pk)',
            ExpressionAttributeNames: { '#pk': TABLE.partitionKey },
          }),
        ),
      );
    } catch (error) {
      // Already written by an earlier attempt of the same event: append-only, never overwritten.
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  }

  private async query(contactId: string, sortKeyPrefix?: string): Promise<Record<string, unknown>[]> {
    const items: Record<string, unknown>[] = [];
    let exclusiveStartKey: Record<string, unknown> | undefined;
    do {
      const page = await callTable(() =>
        this.documents.send(
          new QueryCommand({
            TableName: this.tableName,
            KeyConditionExpression: sortKeyPrefix ? '#pk = :pk AND begins_with(#sk, :prefix)' : '#pk = :pk',
            ExpressionAttributeNames: { '#pk': TABLE.partitionKey, ...(sortKeyPrefix ? { '#sk': TABLE.sortKey } : {}) },
            ExpressionAttributeValues: { ':pk': partitionOf(contactId), ...(sortKeyPrefix ? { ':prefix': sortKeyPrefix } : {}) },
            ConsistentRead: true,
            ...(exclusiveStartKey ? { ExclusiveStartKey: exclusiveStartKey } : {}),
          }),
        ),
      );
      const now = this.clock.now();
      items.push(...(page.Items ?? []).filter((item) => !isExpired(item, now)));
      exclusiveStartKey = page.LastEvaluatedKey;
    } while (exclusiveStartKey);
    return items;
  }

  private expiry(seconds: number): number {
    return Math.ceil(this.clock.now().getTime() / 1000) + seconds;
  }
}

/** `HELD#<iso-ts>#<wamid>`: one item per held message, whatever the number of redeliveries. */
function heldSortKey(event: MessageEvent): string {
  return `HELD#${event.occurredAt}#${event.message.id}`;
}
