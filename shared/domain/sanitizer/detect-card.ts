import { classifyNumberContext, endsWithCurrency } from './keywords.js';
import { hasKnownCardPrefix, isEan13Valid, isLuhnValid } from './validators.js';
import { digitRunRuleNotAfter, isDigit, nextMatchAtStarts } from './text-facts.js';
import type { DetectContext, Finding } from './types.js';

/**
 * Sticky: tried only at digit-run starts (see `execAtStarts`). Not glued to a letter, nor to a
 * digit and one separator: the groups after "DE39" or "FR76 5377" belong to an IBAN, even one
 * whose checksum is broken.
 */
const CARD_CANDIDATE = /(?<![\p{L}\p{N}\-.,]|\d[ \-])\d(?:[ \-]?\d){11,18}(?![\p{N}])/uy;
const CARD_START = digitRunRuleNotAfter(12, '-.,', {
  afterAlphanumeric: false,
  canUseRun: (text, runStart) => {
    const previous = text.charCodeAt(runStart - 1);
    return !((previous === 32 || previous === 45) && isDigit(text.charCodeAt(runStart - 2)));
  },
});
const CARD_SEPARATORS = /[ \-]/g;
const CARD_CONTEXT = /(?:karte|card|carte|tarjeta|carta|karta|cartão|cartao|visa|mastercard|amex|kreditkarte|credit)/iu;

/**
 * Finds payment card numbers: 12-19 digits (spaces or dashes allowed), Luhn-valid and with a
 * known issuer prefix. A compact 13-digit number that is also a valid EAN is treated as a
 * product code unless a card word is near, because EANs are far more common in shop chats.
 */
export function detectCards(text: string, context: DetectContext, out: Finding[]): void {
  if (context.facts.maxClusterDigits < 12) return;
  const { facts } = context;
  for (let m = nextMatchAtStarts(CARD_CANDIDATE, text, facts, CARD_START, null); m !== null; m = nextMatchAtStarts(CARD_CANDIDATE, text, facts, CARD_START, m)) {
    const raw = m[0];
    // A trailing separator followed by a digit means the candidate is part of a longer run.
    const digits = raw.replace(CARD_SEPARATORS, '');
    if (digits.length < 12 || digits.length > 19) continue;
    if (!isLuhnValid(digits) || !hasKnownCardPrefix(digits)) continue;
    const before = text.slice(Math.max(0, m.index - 40), m.index);
    if (classifyNumberContext(before) === 'label' || endsWithCurrency(before)) continue;
    if (raw === digits && digits.length === 13 && isEan13Valid(digits) && !CARD_CONTEXT.test(before)) continue;
    out.push({ type: 'CREDIT_CARD', start: m.index, end: m.index + raw.length });
  }
}
