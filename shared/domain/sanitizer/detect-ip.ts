import { isIpv4Valid, isIpv6Valid, isNonRoutableIpv4, isNonRoutableIpv6 } from './validators.js';
import { isAsciiAlphanumeric, isDigit, MARK_COLON, MARK_DOT } from './text-facts.js';
import type { DetectContext, Finding } from './types.js';

/** Sticky, and asked only where a non-ASCII character borders the digits: `ipv4EndAt` reads it off the characters. */
const IPV4_CANDIDATE = /(?<![\p{L}\p{N}.])\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}(?![\p{N}]|\.\d)/uy;
const IPV6_CANDIDATE = /(?<![\p{L}\p{N}:.])(?:[0-9a-f]{0,4}:){2,7}(?:[0-9a-f]{1,4}|\d{1,3}(?:\.\d{1,3}){3})?(?![\p{L}\p{N}:])/giu;
const HEX_LETTER = /[a-f]/i;
/**
 * A version or update word right before, or at most three words before ("wersja aplikacji
 * 7.4.2.1", "mise à jour 4.2.0.1", "Version de l'appli 4.2.0.17", "Firmware vom Hörgerät zeigt 2.4.1.9").
 */
const VERSION_BEFORE =
  /(?:(?<![\p{L}])(?:version|versión|versione|versão|wersja|wersji|versie|update|mise à jour|actualización|aggiornamento|atualização|aktualizacja|firmware|release|software|oprogramowanie|oprogramowania|logiciel|programma)(?![\p{L}])(?:\s[\p{L}'’\-]+){0,3}|v|ver\.?|ios|android|build|app)\s?$/iu;

/**
 * Finds IPv4 and IPv6 addresses, validated octet by octet / group by group. A dotted quad
 * right after a version word is a version number, not an address; a router's or a LAN's
 * address (`isNonRoutableIpv4`, `isNonRoutableIpv6`) identifies nobody and is kept.
 */
export function detectIpAddresses(text: string, context: DetectContext, out: Finding[]): void {
  const { maxClusterDigits, digitRunStarts, digitRunLengths, digitRunReach } = context.facts;
  if (maxClusterDigits >= 4 && (context.facts.marks & MARK_DOT) !== 0) {
    // Where the next candidate may start: the end of the last one, as a global scan would go on.
    let from = 0;
    for (let k = 0; k < digitRunStarts.length; k++) {
      const start = digitRunStarts[k]!;
      if (digitRunReach[k]! < 4 || start < from) continue;
      const end = ipv4EndAt(text, start, digitRunLengths[k]!);
      if (end < 0) continue;
      from = end;
      const value = text.slice(start, end);
      if (!isIpv4Valid(value) || isNonRoutableIpv4(value)) continue;
      if (VERSION_BEFORE.test(text.slice(Math.max(0, start - 40), start))) continue;
      out.push({ type: 'IP_ADDRESS', start, end });
    }
  }
  if ((context.facts.marks & MARK_COLON) !== 0 && (text.includes('::') || hasHexGroupBetweenColons(text))) {
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

/**
 * The end of IPV4_CANDIDATE's match at `start`, a digit run of `runLength`, or -1 without one.
 * Each `\d{1,3}` must take a whole digit run (a dot or the lookahead follows it), so the match
 * is four runs of one to three digits joined by single dots. The pattern itself is asked only
 * where a non-ASCII character borders the digits.
 */
function ipv4EndAt(text: string, start: number, runLength: number): number {
  if (runLength > 3 || text.charCodeAt(start + runLength) !== 46) return -1;
  const previous = start > 0 ? text.charCodeAt(start - 1) : -1;
  if (previous >= 128) return ipv4EndByPattern(text, start);
  // The lookbehind: no letter, digit or dot right before.
  if (previous !== -1 && (isAsciiAlphanumeric(previous) || previous === 46)) return -1;
  let i = start + runLength;
  for (let octet = 1; octet < 4; octet++) {
    if (text.charCodeAt(i) !== 46) return -1;
    const octetStart = ++i;
    while (i < text.length && isDigit(text.charCodeAt(i))) i++;
    if (i === octetStart || i - octetStart > 3) return -1;
  }
  // The lookahead `(?![\p{N}]|\.\d)`; the last run is whole, so no digit follows it.
  const next = text.charCodeAt(i);
  if (next >= 128) return ipv4EndByPattern(text, start);
  return next === 46 && isDigit(text.charCodeAt(i + 1)) ? -1 : i;
}

function ipv4EndByPattern(text: string, start: number): number {
  IPV4_CANDIDATE.lastIndex = start;
  const m = IPV4_CANDIDATE.exec(text);
  return m === null ? -1 : start + m[0].length;
}

/** `/:[0-9a-f]{1,4}:/i.test(text)`: a colon, one to four hex digits, a colon. */
function hasHexGroupBetweenColons(text: string): boolean {
  for (let colon = text.indexOf(':'); colon !== -1; colon = text.indexOf(':', colon + 1)) {
    let i = colon + 1;
    while (i - colon <= 4 && isHexDigit(text.charCodeAt(i))) i++;
    if (i > colon + 1 && text.charCodeAt(i) === 58) return true;
  }
  return false;
}

function isHexDigit(code: number): boolean {
  const lower = code | 0x20;
  return isDigit(code) || (lower >= 97 && lower <= 102);
}
