import { ConditionalCheckFailedException, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { createDocumentClient } from '../shared/adapters/dynamodb-store.js';
import type { Clock, Log } from '../shared/domain/ports.js';
import { describeError } from '../shared/logging.js';
import { TABLE } from '../shared/resources.js';

/**
 * Deletes expired items from the local table, as DynamoDB's TTL does in the cloud (dynalite has
 * no TTL). Readers already treat expired items as absent; this keeps the table from growing and
 * makes retention visible locally. Each delete is conditional on the item still being expired.
 */
export class TtlSweeper {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<number> | undefined;

  public constructor(
    private readonly options: { dynamoDb: DynamoDBClient; tableName: string; clock: Clock; log: Log; intervalMs: number },
  ) {}

  public start(): void {
    this.timer ??= setInterval(() => void this.sweep(), this.options.intervalMs);
    this.timer.unref();
  }

  public async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.running?.catch(() => 0);
  }

  /** One pass over the table; returns how many items it deleted. */
  public sweep(): Promise<number> {
    this.running ??= this.sweepOnce().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  private async sweepOnce(): Promise<number> {
    const documents = createDocumentClient(this.options.dynamoDb);
    const now = Math.floor(this.options.clock.now().getTime() / 1000);
    let deleted = 0;
    let exclusiveStartKey: Record<string, unknown> | undefined;
    try {
      do {
        const page = await documents.send(
          new ScanCommand({
            TableName: this.options.tableName,
            FilterExpression: '#ttl <= :now',
            ExpressionAttributeNames: { '#ttl': TABLE.ttlAttribute, '#pk': TABLE.partitionKey, '#sk': TABLE.sortKey },
            ExpressionAttributeValues: { ':now': now },
            ProjectionExpression: '#pk, #sk',
            ...(exclusiveStartKey ? { ExclusiveStartKey: exclusiveStartKey } : {}),
          }),
        );
        for (const key of page.Items ?? []) {
          try {
            await documents.send(
              new DeleteCommand({
                TableName: this.options.tableName,
                Key: key,
                ConditionExpression: '#ttl <= :now',
                ExpressionAttributeNames: { '#ttl': TABLE.ttlAttribute },
                ExpressionAttributeValues: { ':now': now },
              }),
            );
            deleted += 1;
          } catch (error) {
            if (!(error instanceof ConditionalCheckFailedException)) throw error;
          }
        }
        exclusiveStartKey = page.LastEvaluatedKey;
      } while (exclusiveStartKey);
    } catch (error) {
      this.options.log.warn('ttl sweep failed; next pass retries', describeError(error));
    }
    if (deleted > 0) this.options.log.info('expired items swept', { deleted });
    return deleted;
  }
}
