import type { DetectContext, Finding } from './types.js';

const LOCAL_CHAR = /[\p{L}\p{N}._%+\-]/u;
const DOMAIN_CHAR = /[\p{L}\p{N}\-.]/u;
const DOMAIN_SHAPE = /^(?:[\p{L}\p{N}](?:[\p{L}\p{N}\-]*[\p{L}\p{N}])?\.)+\p{L}{2,24}$/u;

/**
 * Finds e-mail addresses. Starts from each `@` instead of scanning the whole text with a
 * regex, because `@` is rare in chat text and this keeps the common case at one `indexOf`.
 */
export function detectEmails(text: string, _context: DetectContext, out: Finding[]): void {
  let at = text.indexOf('@');
  while (at !== -1) {
    let start = at;
    while (start > 0 && LOCAL_CHAR.test(text[start - 1]!)) start--;
    // A local part must not start or end with a dot.
    while (start < at && text[start] === '.') start++;
    let end = at + 1;
    while (end < text.length && DOMAIN_CHAR.test(text[end]!)) end++;
    // Trailing sentence punctuation is not part of the domain.
    while (end > at + 1 && (text[end - 1] === '.' || text[end - 1] === '-')) end--;
    const local = text.slice(start, at);
    const domain = text.slice(at + 1, end);
    if (local.length > 0 && local.length <= 64 && !local.endsWith('.') && DOMAIN_SHAPE.test(domain)) {
      out.push({ type: 'EMAIL', start, end });
      at = text.indexOf('@', end);
    } else {
      at = text.indexOf('@', at + 1);
    }
  }
}
