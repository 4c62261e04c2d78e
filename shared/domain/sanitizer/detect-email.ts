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

/**
 * "max.muster (at) web (dot) de", "anna[at]gmx[punkt]net", "jan(at)example.nl": an address with
 * the "@" (and perhaps the dots) written as bracketed words. The domain must end in a label of
 * letters after a dot or a bracketed "dot" word, so "wir sind (at) home" is no address.
 */
const OBFUSCATED_EMAIL =
  /(?<![\p{L}\p{N}._%+\-])[\p{L}\p{N}._%+\-]+\s?[(\[]at[)\]]\s?[\p{L}\p{N}\-]+(?:(?:\s?[(\[]\s?(?:dot|punkt|punto|point|kropka|ponto|stip)\s?[)\]]\s?|\.)[\p{L}\p{N}\-]+)*(?:\s?[(\[]\s?(?:dot|punkt|punto|point|kropka|ponto|stip)\s?[)\]]\s?|\.)\p{L}{2,24}(?![\p{L}\p{N}])/giu;

/** Finds e-mail addresses whose "@" is written as "(at)" or "[at]" (see OBFUSCATED_EMAIL). */
export function detectObfuscatedEmails(text: string, _context: DetectContext, out: Finding[]): void {
  // "(at)", "[at]", "(AT)", "[AT]": native searches cost less than one regex search of the message.
  if (!text.includes('at)') && !text.includes('at]') && !text.includes('AT)') && !text.includes('AT]')) return;
  OBFUSCATED_EMAIL.lastIndex = 0;
  for (let m = OBFUSCATED_EMAIL.exec(text); m !== null; m = OBFUSCATED_EMAIL.exec(text)) {
    out.push({ type: 'EMAIL', start: m.index, end: m.index + m[0].length });
  }
}
