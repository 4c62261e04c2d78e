/**
 * Order of outbound delivery statuses. `failed` ranks highest: it is final and is kept whatever
 * came before (a `failed` after `sent` is forwarded; a late `delivered` after `failed` is not).
 * Statuses not listed (Meta may add some) have no rank and are always forwarded.
 */
export const STATUS_RANKS: Readonly<Record<string, number>> = Object.freeze({
  sent: 1,
  delivered: 2,
  read: 3,
  failed: 4,
});

/** The rank of a status, or undefined for a status the bridge does not order. */
export function statusRank(status: string): number | undefined {
  return Object.hasOwn(STATUS_RANKS, status) ? STATUS_RANKS[status] : undefined;
}
