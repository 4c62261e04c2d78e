import { isIpv4Valid, isIpv6Valid, isNonRoutableIpv4, isNonRoutableIpv6 } from './validators.js';
import { digitRunRuleNotAfter, nextMatchAtStarts } from './text-facts.js';
import type { DetectContext, Finding } from './types.js';

/** Sticky: tried only at digit-run starts (see `execAtStarts`). */
const IPV4_CANDIDATE = /(?<![\p{L}\p{N}.])\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}(?![\p{N}]|\.\d)/uy;
/** An IPv4 address starts with an octet of one to three digits and a dot. */
const IPV4_START = digitRunRuleNotAfter(4, '.', {
  afterAlphanumeric: false,
  canUseRun: (text, runStart, length) => length <= 3 && text.charCodeAt(runStart + length) === 46,
});
const IPV6_CANDIDATE = /(?<![\p{L}\p{N}:.])(?:[0-9a-f]{0,4}:){2,7}(?:[0-9a-f]{1,4}|\d{1,3}(?:\.\d{1,3}){3})?(?![\p{L}\p{N}:])/giu;
const HEX_GROUP_BETWEEN_COLONS = /:[0-9a-f]{1,4}:/i;
const HEX_LETTER = /[a-f]/i;
/** A version or update word right before, or at most two words before ("wersja aplikacji 7.4.2.1", "mise à jour 4.2.0.1"). */
const VERSION_BEFORE =
  /(?:(?<![\p{L}])(?:version|versión|versione|versão|wersja|wersji|versie|update|mise à jour|actualización|aggiornamento|atualização|aktualizacja|firmware|release|software|oprogramowanie|oprogramowania|logiciel|programma)(?![\p{L}])(?:\s[\p{L}]+){0,2}|v|ver\.?|ios|android|build|app)\s?$/iu;

/**
 * Finds IPv4 and IPv6 addresses, validated octet by octet / group by group. A dotted quad
 * right after a version word is a version number, not an address; a router's or a LAN's
 * address (`isNonRoutableIpv4`, `isNonRoutableIpv6`) identifies nobody and is kept.
 */
export function detectIpAddresses(text: string, context: DetectContext, out: Finding[]): void {
  if (context.facts.maxClusterDigits >= 4 && text.includes('.')) {
    const { facts } = context;
    for (let m = nextMatchAtStarts(IPV4_CANDIDATE, text, facts, IPV4_START, null); m !== null; m = nextMatchAtStarts(IPV4_CANDIDATE, text, facts, IPV4_START, m)) {
      if (!isIpv4Valid(m[0]) || isNonRoutableIpv4(m[0])) continue;
      if (VERSION_BEFORE.test(text.slice(Math.max(0, m.index - 40), m.index))) continue;
      out.push({ type: 'IP_ADDRESS', start: m.index, end: m.index + m[0].length });
    }
  }
  if (text.includes(':') && (text.includes('::') || HEX_GROUP_BETWEEN_COLONS.test(text))) {
    IPV6_CANDIDATE.lastIndex = 0;
    for (let m = IPV6_CANDIDATE.exec(text); m !== null; m = IPV6_CANDIDATE.exec(text)) {
      const value = m[0];
      // Clock times such as 10:30:00 are all-decimal and lack "::"; demand hex or "::".
      if (!value.includes('::') && !HEX_LETTER.test(value)) continue;
      if (value.length < 3 || !isIpv6Valid(value) || isNonRoutableIpv6(value)) continue;
      out.push({ type: 'IP_ADDRESS', start: m.index, end: m.index + value.length });
    }
  }
}
