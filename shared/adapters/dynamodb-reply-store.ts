import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Clock } from '../domain/ports.js';
import type { Recipient } from '../domain/replies/policy.js';
import type {
  BeginAttemptResult,
  IdempotencyEntry,
  IdempotencyStore,
  RecipientDirectory,
  ReplyCorrelation,
  ReplyRecord,
  ReplyState,
  ReplyStore,
} from '../domain/replies/ports.js';
import { TABLE } from '../resources.js';
import { callTable, isExpired, keys, toProfile } from './dynamodb-store.js';

/**
 * Item keys of the replies capability. The wamid mapping lives in the contact's partition
 * (`CONTACT#<id>` / `WAMID#<wamid>`), not in a partition of its own: status webhooks carry the
 * contact, and an erasure (a Query on the partition) removes the mapping with everything else.
 */
export const replyKeys = {
  reply: (contactId: string, replyId: string) => ({ [TABLE.partitionKey]: `CONTACT#${contactId}`, [TABLE.sortKey]: `REPLY#${replyId}` }),
  wamid: (contactId: string, wamid: string) => ({ [TABLE.partitionKey]: `CONTACT#${contactId}`, [TABLE.sortKey]: `WAMID#${wamid}` }),
  erased: (contactId: string) => ({ [TABLE.partitionKey]: `CONTACT#${contactId}`, [TABLE.sortKey]: 'ERASED' }),
  idempotency: (keyHash: string) => ({ [TABLE.partitionKey]: `IDEMPOTENCY#${keyHash}`, [TABLE.sortKey]: 'IDEMPOTENCY' }),
};

const epochSeconds = (date: Date) => Math.floor(date.getTime() / 1000);

/**
 * Reply records and the wamid mapping. A reply record holds ids, state, attempt count, the wamid
 * and the last error code: never the content (the text lives only in the encrypted queue). Both
 * items expire after `retentionSeconds` (config `replies.replyRecordSeconds`, 30 days by default:
 * long enough for late read receipts); nobody but the bridge reads them.
 */
export class DynamoDbReplyStore implements ReplyStore, ReplyCorrelation {
  public constructor(
    private readonly documents: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly clock: Clock,
    private readonly retentionSeconds: number,
  ) {}

  public async beginAttempt(contactId: string, replyId: string, leaseSeconds: number): Promise<BeginAttemptResult> {
    const now = this.clock.now();
    const leaseCutoff = new Date(now.getTime() - leaseSeconds * 1000).toISOString();
    try {
      const { Attributes } = await callTable(() =>
        this.documents.send(
          new UpdateCommand({
            TableName: this.tableName,
            Key: replyKeys.reply(contactId, replyId),
            UpdateExpression:
              'SET #state = :sending, inFlight = :true, attemptStartedAt = :now, replyId = :replyId, contactId = :contactId, updatedAt = :now, ' +
              'createdAt = if_not_exists(createdAt, :now), #ttl = :expiresAt ADD attempts :one',
            // A final reply is never attempted again, nor one whose attempt is running (its lease
            // has not run out); an expired record counts as absent.
            ConditionExpression:
              'attribute_not_exists(#pk) OR #ttl <= :nowSeconds OR ' +
              '(#state = :sending AND (inFlight = :false OR attribute_not_exists(attemptStartedAt) OR attemptStartedAt <= :leaseCutoff))',
            ExpressionAttributeNames: { '#pk': TABLE.partitionKey, '#state': 'state', '#ttl': TABLE.ttlAttribute },
            ExpressionAttributeValues: {
              ':sending': 'sending',
              ':true': true,
              ':false': false,
              ':leaseCutoff': leaseCutoff,
              ':replyId': replyId,
              ':contactId': contactId,
              ':now': now.toISOString(),
              ':expiresAt': epochSeconds(now) + this.retentionSeconds,
              ':nowSeconds': epochSeconds(now),
              ':one': 1,
            },
            ReturnValues: 'ALL_OLD',
          }),
        ),
      );
      const previous = Attributes && !isExpired(Attributes, now) ? toReplyRecord(Attributes) : undefined;
      return { begun: true, ...(previous ? { previous } : {}) };
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      const record = await this.get(contactId, replyId);
      if (!record) throw error;
      return { begun: false, record };
    }
  }

  public async recordRetry(contactId: string, replyId: string, errorCode: number | undefined): Promise<void> {
    await this.update(contactId, replyId, { inFlight: false, ...(errorCode !== undefined ? { errorCode } : {}) });
  }

  public async markSent(contactId: string, replyId: string, wamid: string): Promise<void> {
    const now = this.clock.now();
    // The mapping first: once the record says `sent`, statuses must find their reply.
    await callTable(() =>
      this.documents.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...replyKeys.wamid(contactId, wamid), replyId, [TABLE.ttlAttribute]: epochSeconds(now) + this.retentionSeconds },
        }),
      ),
    );
    await this.update(contactId, replyId, { state: 'sent', wamid, inFlight: false });
  }

  public async markRejected(contactId: string, replyId: string, reason: string): Promise<void> {
    await this.update(contactId, replyId, { state: 'rejected', reason, inFlight: false });
  }

  public async markFailed(contactId: string, replyId: string, failure: { reason: string; errorCode?: number }): Promise<void> {
    await this.update(contactId, replyId, { state: 'failed', reason: failure.reason, inFlight: false, ...(failure.errorCode !== undefined ? { errorCode: failure.errorCode } : {}) });
  }

  public async findReplyId(contactId: string, wamid: string): Promise<string | undefined> {
    const { Item } = await callTable(() =>
      this.documents.send(new GetCommand({ TableName: this.tableName, Key: replyKeys.wamid(contactId, wamid) })),
    );
    return Item && !isExpired(Item, this.clock.now()) && typeof Item.replyId === 'string' ? Item.replyId : undefined;
  }

  /** The reply's record, unless absent or expired. */
  public async get(contactId: string, replyId: string): Promise<ReplyRecord | undefined> {
    const { Item } = await callTable(() =>
      this.documents.send(new GetCommand({ TableName: this.tableName, Key: replyKeys.reply(contactId, replyId), ConsistentRead: true })),
    );
    return Item && !isExpired(Item, this.clock.now()) ? toReplyRecord(Item) : undefined;
  }

  private async update(contactId: string, replyId: string, fields: Record<string, unknown>): Promise<void> {
    const entries = Object.entries({ ...fields, updatedAt: this.clock.now().toISOString() });
    await callTable(() =>
      this.documents.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: replyKeys.reply(contactId, replyId),
          UpdateExpression: `SET ${entries.map((_, index) => `#f${index} = :f${index}`).join(', ')}`,
          ConditionExpression: 'attribute_exists(#pk)',
          ExpressionAttributeNames: { '#pk': TABLE.partitionKey, ...Object.fromEntries(entries.map(([name], index) => [`#f${index}`, name])) },
          ExpressionAttributeValues: Object.fromEntries(entries.map(([, value], index) => [`:f${index}`, value])),
        }),
      ),
    );
  }
}

function toReplyRecord(item: Record<string, unknown>): ReplyRecord {
  return {
    replyId: String(item.replyId),
    contactId: String(item.contactId),
    state: String(item.state) as ReplyState,
    attempts: Number(item.attempts ?? 0),
    inFlight: item.inFlight === true,
    ...(typeof item.attemptStartedAt === 'string' ? { attemptStartedAt: item.attemptStartedAt } : {}),
    ...(typeof item.wamid === 'string' ? { wamid: item.wamid } : {}),
    ...(typeof item.reason === 'string' ? { reason: item.reason } : {}),
    ...(typeof item.errorCode === 'number' ? { errorCode: item.errorCode } : {}),
    updatedAt: String(item.updatedAt),
  };
}

/**
 * The replies API's `Idempotency-Key`s: `IDEMPOTENCY#<sha256>` with the reply id and a hash of
 * the request body; expire after `replies.idempotencyKeySeconds` (24 h by default).
 */
export class DynamoDbIdempotencyStore implements IdempotencyStore {
  public constructor(
    private readonly documents: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly clock: Clock,
  ) {}

  public async claim(keyHash: string, entry: IdempotencyEntry, expiresAt: Date): Promise<{ entry: IdempotencyEntry; created: boolean }> {
    try {
      await callTable(() =>
        this.documents.send(
          new PutCommand({
            TableName: this.tableName,
            Item: { ...replyKeys.idempotency(keyHash), replyId: entry.replyId, fingerprint: entry.fingerprint, [TABLE.ttlAttribute]: epochSeconds(expiresAt) },
            ConditionExpression: 'attribute_not_exists(#pk) OR #ttl <= :now',
            ExpressionAttributeNames: { '#pk': TABLE.partitionKey, '#ttl': TABLE.ttlAttribute },
            ExpressionAttributeValues: { ':now': epochSeconds(this.clock.now()) },
          }),
        ),
      );
      return { entry, created: true };
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
    const { Item } = await callTable(() =>
      this.documents.send(new GetCommand({ TableName: this.tableName, Key: replyKeys.idempotency(keyHash), ConsistentRead: true })),
    );
    if (!Item) return this.claim(keyHash, entry, expiresAt);
    return { entry: { replyId: String(Item.replyId), fingerprint: String(Item.fingerprint) }, created: false };
  }
}

/** Reads the contact's profile and erasure tombstone; records a marketing opt-out on the profile. */
export class DynamoDbRecipientDirectory implements RecipientDirectory {
  public constructor(
    private readonly documents: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly clock: Clock,
  ) {}

  public async find(contactId: string): Promise<Recipient> {
    const [profile, tombstone] = await Promise.all(
      [keys.contact(contactId), replyKeys.erased(contactId)].map((Key) =>
        callTable(() => this.documents.send(new GetCommand({ TableName: this.tableName, Key, ConsistentRead: true }))),
      ),
    );
    const now = this.clock.now();
    const erasure =
      tombstone?.Item !== undefined && !isExpired(tombstone.Item, now)
        ? {
            state: tombstone.Item.state === 'erased' ? ('erased' as const) : ('erasing' as const),
            ...(typeof tombstone.Item.erasedAt === 'string' ? { erasedAt: tombstone.Item.erasedAt } : {}),
          }
        : undefined;
    return { ...(erasure ? { erasure } : {}), ...(profile?.Item && !isExpired(profile.Item, now) ? { profile: toProfile(profile.Item) } : {}) };
  }

  public async recordMarketingOptOut(contactId: string): Promise<void> {
    try {
      await callTable(() =>
        this.documents.send(
          new UpdateCommand({
            TableName: this.tableName,
            Key: keys.contact(contactId),
            UpdateExpression: 'SET marketingOptOut = :true, updatedAt = :now ADD version :one',
            // Never creates a profile (the contact may have been erased meanwhile).
            ConditionExpression: 'attribute_exists(#pk)',
            ExpressionAttributeNames: { '#pk': TABLE.partitionKey },
            ExpressionAttributeValues: { ':true': true, ':now': this.clock.now().toISOString(), ':one': 1 },
          }),
        ),
      );
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  }
}
