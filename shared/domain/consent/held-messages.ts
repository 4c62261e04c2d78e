import type { HeldMessage } from './ports.js';

/**
 * Held messages in the order the contact sent them: Meta's timestamp (whole seconds), then when
 * the bridge received the webhook, then when it held the message (processing follows the FIFO
 * order of the contact's group). A redelivery keeps the first `heldAt` (the put is conditional).
 */
export function sortHeld(held: readonly HeldMessage[]): HeldMessage[] {
  const key = (item: HeldMessage) => [item.event.occurredAt, item.event.receivedAt, item.heldAt];
  return [...held].sort((a, b) => {
    const left = key(a);
    const right = key(b);
    for (let index = 0; index < left.length; index += 1) {
      const order = (left[index] as string).localeCompare(right[index] as string);
      if (order !== 0) return order;
    }
    return 0;
  });
}
