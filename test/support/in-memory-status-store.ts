import type { MessageStatusStore } from '../../shared/domain/ports.js';

/** In-memory {@link MessageStatusStore}: the highest rank per message, with the same rule as the DynamoDB adapter. */
export class InMemoryMessageStatuses implements MessageStatusStore {
  public readonly ranks = new Map<string, { rank: number; status: string }>();
  public async advance(update: { messageId: string; status: string; rank: number }): Promise<boolean> {
    const current = this.ranks.get(update.messageId);
    if (current && current.rank > update.rank) return false;
    this.ranks.set(update.messageId, { rank: update.rank, status: update.status });
    return true;
  }
}
