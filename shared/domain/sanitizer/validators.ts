/**
 * Checksum and structure validators. Each takes the compact form (no spaces) and returns a
 * boolean, never throws. The algorithms are public standards; references are in each TSDoc.
 */

/** `/^\d+$/.test(value)`, without a regex call: the validators run on every candidate of their length. */
function isDigitsOnly(value: string): boolean {
  if (value.length === 0) return false;
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if (code < 48 || code > 57) return false;
  }
  return true;
}

/** Returns true when `digits` passes the Luhn (mod 10) check used by payment cards. */
export function isLuhnValid(digits: string): boolean {
  if (!isDigitsOnly(digits)) return false;
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = digits.charCodeAt(i) - 48;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return sum % 10 === 0;
}

/**
 * `isLuhnValid` over the digits of `text` from `start` to `end`, skipping any other character
 * (a card number's spaces and dashes), false without a digit: no string is built for a number
 * that fails, as most candidates do.
 */
export function isLuhnValidIn(text: string, start: number, end: number): boolean {
  let sum = 0;
  let double = false;
  let digits = 0;
  for (let i = end - 1; i >= start; i--) {
    let d = text.charCodeAt(i) - 48;
    if (d < 0 || d > 9) continue;
    digits++;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return digits > 0 && sum % 10 === 0;
}

/**
 * Returns true when `digits` starts with an issuer prefix of a major card scheme and has a
 * length that scheme issues (Visa, Mastercard, Amex, Discover, JCB, Diners, Maestro, UnionPay).
 */
export function hasKnownCardPrefix(digits: string): boolean {
  const len = digits.length;
  const p2 = Number(digits.slice(0, 2));
  const p3 = Number(digits.slice(0, 3));
  const p4 = Number(digits.slice(0, 4));
  if (digits[0] === '4') return len === 13 || len === 16 || len === 19;
  if ((p2 >= 51 && p2 <= 55) || (p4 >= 2221 && p4 <= 2720)) return len === 16;
  if (p2 === 34 || p2 === 37) return len === 15;
  if (p4 === 6011 || p2 === 65 || (p3 >= 644 && p3 <= 649)) return len >= 16 && len <= 19;
  if (p4 >= 3528 && p4 <= 3589) return len >= 16 && len <= 19;
  if ((p3 >= 300 && p3 <= 305) || p2 === 36 || p2 === 38 || p2 === 39) return len >= 14 && len <= 19;
  if (p2 === 62) return len >= 16 && len <= 19;
  if (p2 === 50 || (p2 >= 56 && p2 <= 58) || p2 === 67) return len >= 12 && len <= 19;
  return false;
}

/** Returns true when `digits` is a valid EAN-13/GTIN-13 (weights 1,3 from the left). */
export function isEan13Valid(digits: string): boolean {
  if (digits.length !== 13 || !isDigitsOnly(digits)) return false;
  let sum = 0;
  for (let i = 0; i < 12; i++) sum += (digits.charCodeAt(i) - 48) * (i % 2 === 0 ? 1 : 3);
  return (10 - (sum % 10)) % 10 === digits.charCodeAt(12) - 48;
}

/**
 * Returns true for a German tax identification number (Steuer-ID): 11 digits, no leading 0,
 * in the first ten digits exactly one digit repeats (two or three times), and the last digit
 * is the ISO 7064 MOD 11,10 check digit.
 */
export function isGermanTaxIdValid(digits: string): boolean {
  return digits.length === 11 && isDigitsOnly(digits) && isGermanTaxIdValidIn(digits, 0, 11);
}

/**
 * `isGermanTaxIdValid` over the digits of `text` from `start` to `end`, skipping any other
 * character (an ID's spaces): the range must hold exactly 11 digits. Why: the candidates are
 * mostly phone numbers that fail, and no string need be built for them.
 */
export function isGermanTaxIdValidIn(text: string, start: number, end: number): boolean {
  // Bit d of `once`, `twice`, `thrice`, `more` is set when digit d occurs at least 1, 2, 3, 4 times.
  let once = 0;
  let twice = 0;
  let thrice = 0;
  let more = 0;
  let product = 10;
  let seen = 0;
  for (let i = start; i < end; i++) {
    const digit = text.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) continue;
    if (seen === 0 && digit === 0) return false;
    if (seen === 10) {
      return (twice & (twice - 1)) === 0 && twice !== 0 && more === 0 && iso7064Mod1110CheckDigit(product) === digit;
    }
    seen++;
    const bit = 1 << digit;
    more |= thrice & bit;
    thrice |= twice & bit;
    twice |= once & bit;
    once |= bit;
    product = iso7064Mod1110Step(product, digit);
  }
  return false;
}

/** Computes the ISO 7064 MOD 11,10 check digit over a digit string. */
export function computeIso7064Mod1110(digits: string): number {
  let product = 10;
  for (let i = 0; i < digits.length; i++) product = iso7064Mod1110Step(product, digits.charCodeAt(i) - 48);
  return iso7064Mod1110CheckDigit(product);
}

/** One digit of ISO 7064 MOD 11,10: the next running product (10 before the first digit). */
function iso7064Mod1110Step(product: number, digit: number): number {
  const sum = (digit + product) % 10;
  return ((sum === 0 ? 10 : sum) * 2) % 11;
}

/** The check digit that completes a running product of ISO 7064 MOD 11,10. */
function iso7064Mod1110CheckDigit(product: number): number {
  const check = 11 - product;
  return check === 10 ? 0 : check;
}

const DNI_LETTERS = 'TRWAGMYFPDXBNJZSQVHLCKE';

/** Returns true for a Spanish DNI (8 digits + letter) or NIE (X/Y/Z + 7 digits + letter). */
export function isSpanishIdValid(value: string): boolean {
  const v = value.toUpperCase();
  const m = /^([XYZ]?)(\d{7,8})([A-Z])$/.exec(v);
  if (!m) return false;
  const prefix = m[1]!;
  const body = m[2]!;
  if (prefix === '' && body.length !== 8) return false;
  if (prefix !== '' && body.length !== 7) return false;
  // NIE: the leading X/Y/Z stands for 0/1/2 in the checksum.
  const n = Number(prefix === '' ? body : String('XYZ'.indexOf(prefix)) + body);
  return DNI_LETTERS[n % 23] === m[3];
}

const CF_ODD = [1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23];
const CF_SHAPE = /^[A-Z]{6}[0-9LMNPQRSTUV]{2}[ABCDEHLMPRST][0-9LMNPQRSTUV]{2}[A-Z][0-9LMNPQRSTUV]{3}[A-Z]$/;

/** Computes the check character of an Italian codice fiscale from its first 15 characters. */
export function computeCodiceFiscaleCheck(first15: string): string {
  let sum = 0;
  for (let i = 0; i < 15; i++) {
    const c = first15.charCodeAt(i);
    // Digits and letters share one value table: '0'..'9' behave like 'A'..'J'.
    const idx = c <= 57 ? c - 48 : c - 65;
    sum += i % 2 === 0 ? CF_ODD[idx]! : idx;
  }
  return String.fromCharCode(65 + (sum % 26));
}

/** Returns true for an Italian codice fiscale (shape incl. omocodia and check character). */
export function isCodiceFiscaleValid(value: string): boolean {
  const v = value.toUpperCase();
  if (!CF_SHAPE.test(v)) return false;
  return computeCodiceFiscaleCheck(v.slice(0, 15)) === v[15];
}

/**
 * Returns true for a French NIR (numéro de sécurité sociale): 13 characters (Corsica 2A/2B in
 * the department field) plus a 2-digit key equal to 97 - (number mod 97).
 */
export function isFrenchNirValid(value: string): boolean {
  const v = value.toUpperCase();
  const m = /^([1-478])(\d{2})(0[1-9]|1[0-2]|[2-9]\d)(\d{2}|2A|2B)(\d{3})(\d{3})(\d{2})$/.exec(v);
  if (!m) return false;
  const dept = m[4]!;
  // Corsica: the key is computed with 2A -> 19 and 2B -> 18 in place of the department.
  const deptNum = dept === '2A' ? '19' : dept === '2B' ? '18' : dept;
  const body = m[1]! + m[2]! + m[3]! + deptNum + m[5]! + m[6]!;
  return 97 - computeMod97(body) === Number(m[7]);
}

/** Computes `digits mod 97` without BigInt, chunk by chunk. */
export function computeMod97(digits: string): number {
  let rest = 0;
  for (let i = 0; i < digits.length; i += 7) rest = Number(String(rest) + digits.slice(i, i + 7)) % 97;
  return rest;
}

const NINO_SHAPE = /^([A-CEGHJ-PR-TW-Z])([A-CEGHJ-NPR-TW-Z])\d{6}[A-D]$/;
const NINO_BANNED_PREFIXES: ReadonlySet<string> = new Set(['BG', 'GB', 'KN', 'NK', 'NT', 'TN', 'ZZ']);

/** Returns true for a UK National Insurance number by HMRC's format rules (it has no checksum). */
export function isUkNinoValid(value: string): boolean {
  const v = value.toUpperCase();
  return NINO_SHAPE.test(v) && !NINO_BANNED_PREFIXES.has(v.slice(0, 2));
}

const PESEL_WEIGHTS = [1, 3, 7, 9, 1, 3, 7, 9, 1, 3];

/** Returns true for a Polish PESEL: 11 digits, a real birth date (century in the month) and the weighted checksum. */
export function isPeselValid(digits: string): boolean {
  return digits.length === 11 && isDigitsOnly(digits) && isPeselValidIn(digits, 0, 11);
}

/** `isPeselValid` over the digits of `text` from `start` to `end`, which must hold exactly 11 (see `isGermanTaxIdValidIn`). */
export function isPeselValidIn(text: string, start: number, end: number): boolean {
  let sum = 0;
  let seen = 0;
  let month = 0;
  let day = 0;
  for (let i = start; i < end; i++) {
    const digit = text.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) continue;
    if (seen === 10) {
      if ((10 - (sum % 10)) % 10 !== digit) return false;
      month %= 20;
      return month >= 1 && month <= 12 && day >= 1 && day <= 31;
    }
    sum += digit * PESEL_WEIGHTS[seen]!;
    if (seen === 2 || seen === 3) month = month * 10 + digit;
    else if (seen === 4 || seen === 5) day = day * 10 + digit;
    seen++;
  }
  return false;
}

/** Returns true for a Dutch BSN: 9 digits passing the "elfproef" (11-proof) with weight -1 on the last digit. */
export function isDutchBsnValid(digits: string): boolean {
  return digits.length === 9 && isDigitsOnly(digits) && isDutchBsnValidIn(digits, 0, 9);
}

/** `isDutchBsnValid` over the digits of `text` from `start` to `end`, which must hold exactly 9 (see `isGermanTaxIdValidIn`). */
export function isDutchBsnValidIn(text: string, start: number, end: number): boolean {
  let sum = 0;
  let seen = 0;
  let nonZero = false;
  for (let i = start; i < end; i++) {
    const digit = text.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) continue;
    if (digit !== 0) nonZero = true;
    sum += seen === 8 ? -digit : digit * (9 - seen);
    seen++;
  }
  return seen === 9 && nonZero && sum % 11 === 0;
}

/** Returns true for a dotted-quad IPv4 address without leading zeros. */
export function isIpv4Valid(value: string): boolean {
  // Four parts, each "0" or 1-3 digits without a leading zero, at most 255; checked in one pass.
  let parts = 0;
  let partStart = 0;
  for (let i = 0; i <= value.length; i++) {
    if (i < value.length && value.charCodeAt(i) !== 46) continue;
    if (!isOctet(value, partStart, i) || ++parts > 4) return false;
    partStart = i + 1;
  }
  return parts === 4;
}

function isOctet(value: string, start: number, end: number): boolean {
  const length = end - start;
  if (length < 1 || length > 3) return false;
  let number = 0;
  for (let i = start; i < end; i++) {
    const code = value.charCodeAt(i);
    if (code < 48 || code > 57) return false;
    number = number * 10 + code - 48;
  }
  return (length === 1 || value.charCodeAt(start) !== 48) && number <= 255;
}

/** Returns true for an IPv6 address (RFC 4291 text forms, incl. `::` and an IPv4 tail). */
export function isIpv6Valid(value: string): boolean {
  let v = value;
  let extraGroups = 0;
  const lastColon = v.lastIndexOf(':');
  const tail = v.slice(lastColon + 1);
  if (tail.includes('.')) {
    if (!isIpv4Valid(tail)) return false;
    v = v.slice(0, lastColon + 1) + '0';
    extraGroups = 1;
  }
  const halves = v.split('::');
  if (halves.length > 2) return false;
  const left = hexGroupCount(halves[0]!);
  if (left < 0) return false;
  if (halves.length === 1) return left + extraGroups === 8;
  const right = hexGroupCount(halves[1]!);
  if (right < 0) return false;
  return left + right + extraGroups <= 7;
}

/** `/^[0-9a-fA-F]{1,4}$/.test(group)`. */
function isHexGroup(group: string): boolean {
  if (group.length < 1 || group.length > 4) return false;
  for (let i = 0; i < group.length; i++) {
    const code = group.charCodeAt(i);
    const lower = code | 32;
    if (!((code >= 48 && code <= 57) || (lower >= 97 && lower <= 102))) return false;
  }
  return true;
}

/** The number of `:`-separated groups of 1-4 hex digits in `part` (0 when empty), or -1 when one is not. */
function hexGroupCount(part: string): number {
  if (part === '') return 0;
  const groups = part.split(':');
  for (const group of groups) if (!isHexGroup(group)) return -1;
  return groups.length;
}

/**
 * Whether a valid IPv4 address is one no internet host is reached at, so it identifies nobody:
 * private networks (10/8, 172.16/12, 192.168/16), carrier-grade NAT (100.64/10), loopback
 * (127/8), link-local (169.254/16), "this network" (0/8) and broadcast. Every home router
 * answers at 192.168.1.1; the agent needs it to help, and it tells nothing about the person.
 */
export function isNonRoutableIpv4(value: string): boolean {
  // The first two octets read in place: a split per address cost more than the rest of the IP detector.
  const firstDot = value.indexOf('.');
  const a = decimalAt(value, 0, firstDot);
  const b = decimalAt(value, firstDot + 1, value.indexOf('.', firstDot + 1));
  return (
    a === 10 || a === 127 || a === 0 || value === '255.255.255.255' ||
    (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) || (a === 169 && b === 254) || (a === 100 && b >= 64 && b <= 127)
  );
}

/** The decimal number written in `value` from `start` to `end`, digits only. */
function decimalAt(value: string, start: number, end: number): number {
  let number = 0;
  for (let i = start; i < end; i++) number = number * 10 + value.charCodeAt(i) - 48;
  return number;
}

/**
 * Whether a valid IPv6 address is link-local (fe80::/10), unique-local (fc00::/7, a LAN's own
 * range) or loopback (::1): not reachable from the internet, like `isNonRoutableIpv4`'s ranges.
 */
export function isNonRoutableIpv6(value: string): boolean {
  if (value === '::1') return true;
  // A first group shorter than four hex digits has zeros in front ("fe8" is 0x0fe8): none of these ranges.
  if (value.indexOf(':') !== 4) return false;
  const first = value.charCodeAt(0) | 0x20;
  const second = value.charCodeAt(1) | 0x20;
  const third = value.charCodeAt(2) | 0x20;
  // fc00::/7 is "fc" or "fd"; fe80::/10 is "fe8" to "feb".
  return first === 102 && (second === 99 || second === 100 || (second === 101 && third >= 56 && third <= 98 && (third <= 57 || third >= 97)));
}

