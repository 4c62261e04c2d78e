import { TYPE_PRIORITY } from './constants.js';
import type { Finding } from './types.js';

/**
 * Keeps a set of non-overlapping findings, deterministically: the most specific type wins
 * (see `TYPE_PRIORITY`), then the longer span, then the earlier one. Returns them by `start`.
 */
export function resolveOverlaps(findings: readonly Finding[]): Finding[] {
  if (findings.length < 2) return [...findings];
  if (findings.length === 2) {
    // The common case, without the sorts: two disjoint non-empty spans are both kept, by start.
    const a = findings[0]!;
    const b = findings[1]!;
    if (a.start < a.end && b.start < b.end && (a.end <= b.start || b.end <= a.start)) return a.start < b.start ? [a, b] : [b, a];
  }
  const ranked = [...findings].sort(
    (a, b) =>
      TYPE_PRIORITY[a.type] - TYPE_PRIORITY[b.type] ||
      b.end - b.start - (a.end - a.start) ||
      a.start - b.start,
  );
  const kept: Finding[] = [];
  for (const f of ranked) {
    if (kept.every((k) => f.end <= k.start || f.start >= k.end)) kept.push(f);
  }
  return kept.sort((a, b) => a.start - b.start);
}
