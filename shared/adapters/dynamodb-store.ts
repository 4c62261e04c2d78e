import { ConditionalCheckFailedException, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Clock, ConsentState, ContactProfile, ContactRepository, InboundContact, ProcessedEventStore } from '../domain/ports.js';
import { DependencyUnavailableError } from '../errors.js';
import { TABLE } from '../resources.js';

/** Item keys of the single table (see the Storage section of the design). */
export const keys = {
  contact: (contactId: string) => ({ [TABLE.partitionKey]: `CONTACT#${contactId}`, [TABLE.sortKey]: 'PROFILE' }),
  event: (eventId: string) => ({ [TABLE.partitionKey]: `EVENT#${eventId}`, [TABLE.sortKey]: 'EVENT' }),
};

/** A DynamoDB document client that keeps `undefined` out of items. */
export function createDocumentClient(client: DynamoDBClient): DynamoDBDocumentClient {
  return DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
}

/** Whether an item's TTL has passed: DynamoDB deletes expired items lazily, so readers must check. */
export function isExpired(item: Record<string, unknown> | undefined, now: Date): boolean {
  const expiresAt = item?.[TABLE.ttlAttribute];
  return typeof expiresAt === 'number' && expiresAt * 1000 <= now.getTime();
}

/** Runs a DynamoDB call, turning SDK failures other than failed conditions into our error. */
export async function callTable<T>(operation: () => Promise<T>): Promise<T> {
  try {
    return await operation();
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) throw error;
    throw new DependencyUnavailableError('table unavailable', { code: 'table_unavailable', cause: error });
  }
}

/** Idempotency markers, one item per processed event, expiring by TTL. */
export class DynamoDbProcessedEventStore implements ProcessedEventStore {
  public constructor(
    private readonly documents: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly clock: Clock,
  ) {}

  public async isProcessed(eventId: string): Promise<boolean> {
    const { Item } = await callTable(() =>
      this.documents.send(new GetCommand({ TableName: this.tableName, Key: keys.event(eventId), ConsistentRead: true })),
    );
    return Item !== undefined && !isExpired(Item, this.clock.now());
  }

  public async markProcessed(eventId: string, expiresAt: Date): Promise<void> {
    try {
      await callTable(() =>
        this.documents.send(
          new PutCommand({
            TableName: this.tableName,
            Item: { ...keys.event(eventId), [TABLE.ttlAttribute]: Math.ceil(expiresAt.getTime() / 1000) },
            // A live marker is never overwritten (its expiry stays the first processing's).
            ConditionExpression: 'attribute_not_exists(#pk) OR #ttl <= :now',
            ExpressionAttributeNames: { '#pk': TABLE.partitionKey, '#ttl': TABLE.ttlAttribute },
            ExpressionAttributeValues: { ':now': Math.floor(this.clock.now().getTime() / 1000) },
          }),
        ),
      );
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  }
}

/** Contact profiles: `CONTACT#<id>` / `PROFILE`. */
export class DynamoDbContactRepository implements ContactRepository {
  /**
   * @param profileRetentionSeconds conversation-data retention: each inbound message moves the
   * profile's `expiresAt` this far ahead (none when omitted).
   */
  public constructor(
    private readonly documents: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly clock: Clock,
    private readonly profileRetentionSeconds?: number,
  ) {}

  public async get(contactId: string): Promise<ContactProfile | undefined> {
    const { Item } = await callTable(() =>
      this.documents.send(new GetCommand({ TableName: this.tableName, Key: keys.contact(contactId), ConsistentRead: true })),
    );
    return Item && !isExpired(Item, this.clock.now()) ? toProfile(Item) : undefined;
  }

  public async recordInbound(contact: InboundContact): Promise<ContactProfile> {
    const at = contact.at.toISOString();
    const now = this.clock.now().toISOString();
    const identity: Record<string, string | number> = {};
    if (contact.waId) identity[':waId'] = contact.waId;
    if (contact.userId) identity[':userId'] = contact.userId;
    const identitySets = [
      ...(contact.waId ? ['waId = :waId'] : []),
      ...(contact.userId ? ['userId = :userId'] : []),
    ];
    if (this.profileRetentionSeconds !== undefined) {
      identity[':expiresAt'] = Math.ceil(this.clock.now().getTime() / 1000) + this.profileRetentionSeconds;
      identitySets.push(`${TABLE.ttlAttribute} = :expiresAt`);
    }
    const nowEpoch = Math.floor(this.clock.now().getTime() / 1000);
    // An expired profile is absent (DynamoDB's TTL deletes lazily): it must not lend its old
    // consent state to a contact who comes back after the retention period.
    const live = '(attribute_not_exists(#ttl) OR #ttl > :nowEpoch)';
    const update = (withLastInbound: boolean) =>
      this.documents.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.contact(contact.contactId),
          UpdateExpression: [
            'SET contactId = :contactId, createdAt = if_not_exists(createdAt, :now), updatedAt = :now',
            ...identitySets,
            ...(withLastInbound ? ['lastInboundAt = :at'] : []),
            ...(withLastInbound && contact.phoneNumberId ? ['phoneNumberId = :phoneNumberId'] : []),
            ...(withLastInbound && contact.fromReferral ? ['lastReferralAt = :at'] : []),
          ].join(', ') + ' ADD version :one',
          // Events can arrive out of order; the window is opened by the newest message only.
          ConditionExpression: withLastInbound ? `${live} AND (attribute_not_exists(lastInboundAt) OR lastInboundAt <= :at)` : live,
          ExpressionAttributeNames: { '#ttl': TABLE.ttlAttribute },
          ExpressionAttributeValues: {
            ':contactId': contact.contactId,
            ':now': now,
            ':nowEpoch': nowEpoch,
            ':one': 1,
            ...identity,
            ...(withLastInbound ? { ':at': at } : {}),
            ...(withLastInbound && contact.phoneNumberId ? { ':phoneNumberId': contact.phoneNumberId } : {}),
          },
          ReturnValues: 'ALL_NEW',
        }),
      );
    const conditional = async (withLastInbound: boolean) => {
      try {
        const { Attributes } = await callTable(() => update(withLastInbound));
        return toProfile(Attributes ?? {});
      } catch (error) {
        if (error instanceof ConditionalCheckFailedException) return undefined;
        throw error;
      }
    };
    const recorded = (await conditional(true)) ?? (await conditional(false));
    if (recorded) return recorded;
    // Neither condition held: the stored profile has expired. Delete it (if still expired) and start afresh.
    try {
      await callTable(() =>
        this.documents.send(
          new DeleteCommand({
            TableName: this.tableName,
            Key: keys.contact(contact.contactId),
            ConditionExpression: '#ttl <= :nowEpoch',
            ExpressionAttributeNames: { '#ttl': TABLE.ttlAttribute },
            ExpressionAttributeValues: { ':nowEpoch': nowEpoch },
          }),
        ),
      );
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
    const fresh = (await conditional(true)) ?? (await conditional(false));
    if (!fresh) throw new DependencyUnavailableError('contact profile changed concurrently', { code: 'concurrent_update' });
    return fresh;
  }
}

/** Maps a `PROFILE` item to a ContactProfile (fields of the wrong type are left out). */
export function toProfile(item: Record<string, unknown>): ContactProfile {
  const profile: { -readonly [K in keyof ContactProfile]: ContactProfile[K] } = {
    contactId: String(item.contactId),
    createdAt: String(item.createdAt),
    updatedAt: String(item.updatedAt),
    version: Number(item.version ?? 0),
  };
  if (typeof item.waId === 'string') profile.waId = item.waId;
  if (typeof item.userId === 'string') profile.userId = item.userId;
  if (typeof item.lastInboundAt === 'string') profile.lastInboundAt = item.lastInboundAt;
  if (typeof item.consentState === 'string') profile.consentState = item.consentState as ConsentState;
  if (typeof item.marketingOptOut === 'boolean') profile.marketingOptOut = item.marketingOptOut;
  if (typeof item.phoneNumberId === 'string') profile.phoneNumberId = item.phoneNumberId;
  if (item.noticeBasis === 'consent' || item.noticeBasis === 'contract' || item.noticeBasis === 'legitimate_interest') profile.noticeBasis = item.noticeBasis;
  for (const field of ['noticeVersion', 'noticeSha256', 'language', 'consentUpdatedAt', 'consentEventId', 'lastReferralAt'] as const) {
    if (typeof item[field] === 'string') profile[field] = item[field] as string;
  }
  return profile;
}
