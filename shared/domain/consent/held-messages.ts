import type { HeldMessage } from './ports.js';

/**
 * Held messages in the order the contact sent them: Meta's timestamp (whole seconds), then when
 * the bridge received the webhook, then when it held the message (processing follows the FIFO
 * order of the contact's group). A redelivery keeps the first `heldAt` (the put is conditional).
 */
export function sortHeld(held: readonly HeldMessage[]): HeldMessage[] {
  const key = (item: HeldMessage) => [item.event.occurredAt, item.event.receivedAt, item.heldAt];
  return [...held].sort((first, second) => {
    const left = key(first);
    const right = key(second);
    for (let index = 0; index < left.length; index += 1) {
      // Plain code-unit order: ISO 8601 UTC strings sort chronologically that way.
      const [a, b] = [left[index] as string, right[index] as string];
      if (a !== b) return a < b ? -1 : 1;
    }
    return 0;
  });
}
