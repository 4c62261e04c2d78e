import { classifyNumberContext, endsWithCurrency } from './keywords.js';
import { hasKnownCardPrefix, isEan13Valid, isLuhnValidIn } from './validators.js';
import { digitsBetween, isAsciiAlphanumeric, isDigit } from './text-facts.js';
import type { DetectContext, Finding } from './types.js';

/**
 * Sticky, and asked only where a non-ASCII character borders the digits: `cardEndAt` reads it
 * off the characters. Not glued to a letter, nor to a digit and one separator: the groups after "DE39" or "FR76 5377" belong to an IBAN, even one
 * whose checksum is broken.
 */
const CARD_CANDIDATE = /(?<![\p{L}\p{N}\-.,]|\d[ \-])\d(?:[ \-]?\d){11,18}(?![\p{N}])/uy;
/** An ASCII character right before a card's first digit that the lookbehind rejects: a letter, a digit, `-`, `.`, `,`. */
const BLOCKS_CARD_AFTER = new Uint8Array(128).map((_, code) => (isAsciiAlphanumeric(code) || code === 45 || code === 46 || code === 44 ? 1 : 0));
const CARD_CONTEXT = /(?:karte|card|carte|tarjeta|carta|karta|cartão|cartao|visa|mastercard|amex|kreditkarte|credit)/iu;

/**
 * Finds payment card numbers: 12-19 digits (spaces or dashes allowed), Luhn-valid and with a
 * known issuer prefix. A compact 13-digit number that is also a valid EAN is treated as a
 * product code unless a card word is near, because EANs are far more common in shop chats.
 */
export function detectCards(text: string, context: DetectContext, out: Finding[]): void {
  const { maxClusterDigits, digitRunStarts, digitRunReach } = context.facts;
  if (maxClusterDigits < 12) return;
  // Where the next candidate may start: the end of the last one, as a global scan would go on.
  let from = 0;
  for (let k = 0; k < digitRunStarts.length; k++) {
    const start = digitRunStarts[k]!;
    if (digitRunReach[k]! < 12 || start < from) continue;
    const end = cardEndAt(text, start);
    if (end < 0) continue;
    from = end;
    // 12 to 19 digits by the pattern's shape.
    if (!isLuhnValidIn(text, start, end)) continue;
    const raw = text.slice(start, end);
    const digits = digitsBetween(text, start, end);
    if (!hasKnownCardPrefix(digits)) continue;
    const before = text.slice(Math.max(0, start - 40), start);
    // A card word near makes "n°"/"Nr." the card's number ("Opposition carte ! Perdue ce matin, n° 4970 ..."): card numbers err on the side of redaction.
    if ((classifyNumberContext(before) === 'label' && !CARD_CONTEXT.test(before)) || endsWithCurrency(before)) continue;
    if (raw === digits && digits.length === 13 && isEan13Valid(digits) && !CARD_CONTEXT.test(before)) continue;
    out.push({ type: 'CREDIT_CARD', start, end });
  }
}

/**
 * The end of CARD_CANDIDATE's match at `start` (a digit-run start), or -1 without one: the
 * pattern's own verdict, read off the characters where they are ASCII, from the pattern itself
 * where a non-ASCII character borders the digits. Why: the sticky call, its match array and the
 * separator-stripping `replace` cost more than these few comparisons.
 */
function cardEndAt(text: string, start: number): number {
  const previous = start > 0 ? text.charCodeAt(start - 1) : -1;
  if (previous >= 128) return cardEndByPattern(text, start);
  // The lookbehind: not glued to a letter, digit, `-`, `.` or `,`, nor to a digit and one separator.
  if (previous !== -1 && BLOCKS_CARD_AFTER[previous] === 1) return -1;
  if (previous === 32 && isDigit(text.charCodeAt(start - 2))) return -1;
  // `(?:[ \-]?\d){11,18}`, greedy: each group is a digit, or one separator and a digit.
  let i = start + 1;
  let groups = 0;
  // The last end after eleven or more groups where the next group starts with a separator: where backtracking stops.
  let endBeforeSeparator = -1;
  while (groups < 18) {
    const code = text.charCodeAt(i);
    if (isDigit(code)) i++;
    else if ((code === 32 || code === 45) && isDigit(text.charCodeAt(i + 1))) {
      if (groups >= 11) endBeforeSeparator = i;
      i += 2;
    } else break;
    groups++;
  }
  if (groups < 11) return -1;
  // The lookahead `(?![\p{N}])` at the greedy end; before an inner group only a separator passes it.
  const next = text.charCodeAt(i);
  if (next >= 128) return cardEndByPattern(text, start);
  return isDigit(next) ? endBeforeSeparator : i;
}

function cardEndByPattern(text: string, start: number): number {
  CARD_CANDIDATE.lastIndex = start;
  const m = CARD_CANDIDATE.exec(text);
  return m === null ? -1 : start + m[0].length;
}
