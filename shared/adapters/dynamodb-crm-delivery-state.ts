import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, GetCommand, PutCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Clock, CrmDeliveryStateStore, DisabledCrmEndpoint } from '../domain/ports.js';
import { TABLE } from '../resources.js';
import { callTable, isExpired } from './dynamodb-store.js';

const stateKeys = {
  /** Failed attempts of one CRM event. Kept as long as the queue keeps the event (TTL). */
  attempts: (eventId: string) => ({ [TABLE.partitionKey]: `CRMATTEMPTS#${eventId}`, [TABLE.sortKey]: 'ATTEMPTS' }),
  /** The disabled flag of one CRM endpoint (by URL hash). No TTL: cleared on purpose only. */
  endpoint: (endpointKey: string) => ({ [TABLE.partitionKey]: `CRMENDPOINT#${endpointKey}`, [TABLE.sortKey]: 'STATE' }),
};

/**
 * CRM delivery state in the bridge's table. Items hold ids, counts and timestamps only:
 * `CRMATTEMPTS#<event id>` (a counter, expires with the queue's retention) and
 * `CRMENDPOINT#<url hash>` (the 410 flag, until re-enabled).
 */
export class DynamoDbCrmDeliveryState implements CrmDeliveryStateStore {
  public constructor(
    private readonly documents: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly clock: Clock,
    /** How long an attempt counter lives: the queue's retention, after which the event is gone anyway. */
    private readonly attemptsTtlSeconds: number,
    /**
     * How long this process trusts an "endpoint enabled" answer without asking again: the read
     * was one of the most frequent calls per message. A flag another instance sets reaches this
     * one within that time (meanwhile it meets the CRM's 410 itself); "disabled" is never cached,
     * so re-enabling takes effect at once.
     */
    private readonly enabledCacheSeconds = 30,
  ) {}

  private readonly enabledUntil = new Map<string, number>();

  public async recordFailedAttempt(eventId: string): Promise<number> {
    const now = Math.floor(this.clock.now().getTime() / 1000);
    const { Attributes } = await callTable(() =>
      this.documents.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: stateKeys.attempts(eventId),
          // An expired counter that DynamoDB has not yet deleted starts again from 1.
          UpdateExpression: 'SET #attempts = if_not_exists(#attempts, :zero) + :one, #ttl = :ttl',
          ConditionExpression: 'attribute_not_exists(#ttl) OR #ttl > :now',
          ExpressionAttributeNames: { '#attempts': 'attempts', '#ttl': TABLE.ttlAttribute },
          ExpressionAttributeValues: { ':zero': 0, ':one': 1, ':ttl': now + this.attemptsTtlSeconds, ':now': now },
          ReturnValues: 'UPDATED_NEW',
        }),
      ),
    ).catch(async (error: unknown) => {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      await callTable(() =>
        this.documents.send(
          new PutCommand({ TableName: this.tableName, Item: { ...stateKeys.attempts(eventId), attempts: 1, [TABLE.ttlAttribute]: now + this.attemptsTtlSeconds } }),
        ),
      );
      return { Attributes: { attempts: 1 } };
    });
    return Number(Attributes?.attempts ?? 1);
  }

  public async disabledEndpoint(endpointKey: string): Promise<DisabledCrmEndpoint | undefined> {
    const now = this.clock.now().getTime();
    if ((this.enabledUntil.get(endpointKey) ?? 0) > now) return undefined;
    const { Item } = await callTable(() =>
      this.documents.send(new GetCommand({ TableName: this.tableName, Key: stateKeys.endpoint(endpointKey), ConsistentRead: true })),
    );
    if (!Item || isExpired(Item, this.clock.now())) {
      this.enabledUntil.set(endpointKey, now + this.enabledCacheSeconds * 1000);
      return undefined;
    }
    return { disabledAt: String(Item.disabledAt), status: Number(Item.status) };
  }

  public async disableEndpoint(endpointKey: string, disabled: DisabledCrmEndpoint): Promise<void> {
    this.enabledUntil.delete(endpointKey);
    try {
      await callTable(() =>
        this.documents.send(
          new PutCommand({
            TableName: this.tableName,
            Item: { ...stateKeys.endpoint(endpointKey), disabledAt: disabled.disabledAt, status: disabled.status },
            ConditionExpression: 'attribute_not_exists(#pk)',
            ExpressionAttributeNames: { '#pk': TABLE.partitionKey },
          }),
        ),
      );
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  }

  public async enableEndpoint(endpointKey: string): Promise<void> {
    await callTable(() => this.documents.send(new DeleteCommand({ TableName: this.tableName, Key: stateKeys.endpoint(endpointKey) })));
  }
}
