import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Clock, MessageStatusStore } from '../domain/ports.js';
import { TABLE } from '../resources.js';
import { callTable } from './dynamodb-store.js';

/** How long the furthest status of a message is kept: well past the last status Meta sends (read receipts can come weeks later, but rarely). */
export const DEFAULT_MESSAGE_STATUS_TTL_SECONDS = 30 * 24 * 60 * 60;

/**
 * Furthest status per outbound message: item `MESSAGE#<wamid>` / `STATUS` with `rank`, `status`
 * and `expiresAt`. Stored: only the wamid (the business's own message id), the status name and
 * its rank, no contact data; why: to keep statuses monotonic; how long: 30 days by default (TTL);
 * who receives it: nobody, it is read only by the conversation processor.
 *
 * One conditional PutItem per status (`attribute_not_exists OR rank <= :rank OR expired`): no
 * read-modify-write race, and it works on dynalite (no transactions needed).
 */
export class DynamoDbMessageStatusStore implements MessageStatusStore {
  public constructor(
    private readonly documents: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly clock: Clock,
    private readonly ttlSeconds: number = DEFAULT_MESSAGE_STATUS_TTL_SECONDS,
  ) {}

  public async advance(update: { readonly messageId: string; readonly status: string; readonly rank: number }): Promise<boolean> {
    const nowSeconds = Math.floor(this.clock.now().getTime() / 1000);
    try {
      await callTable(() =>
        this.documents.send(
          new PutCommand({
            TableName: this.tableName,
            Item: {
              [TABLE.partitionKey]: `MESSAGE#${update.messageId}`,
              [TABLE.sortKey]: 'STATUS',
              rank: update.rank,
              status: update.status,
              [TABLE.ttlAttribute]: nowSeconds + this.ttlSeconds,
            },
            ConditionExpression: 'attribute_not_exists(#pk) OR #rank <= :rank OR #ttl <= :now',
            ExpressionAttributeNames: { '#pk': TABLE.partitionKey, '#rank': 'rank', '#ttl': TABLE.ttlAttribute },
            ExpressionAttributeValues: { ':rank': update.rank, ':now': nowSeconds },
          }),
        ),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }
}
