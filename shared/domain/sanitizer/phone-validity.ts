import { Metadata } from 'libphonenumber-js/max';

/**
 * Phone number validity from libphonenumber-js's *max* metadata, with every pattern compiled once.
 *
 * Why not `parsePhoneNumberFromString(...).isValid()`: it costs about 9 µs per call (it re-extracts
 * the number from the string and builds a `RegExp` per number type on every call), which alone
 * ate half of the sanitizer's throughput budget. This module applies the same rules as
 * libphonenumber-js (national number pattern, per-type patterns and possible lengths, national
 * prefix stripping with the "keep it if stripping makes the number impossible" guard) on
 * precompiled patterns; `phone-validity.test.ts` checks it agrees with libphonenumber-js.
 */

/** The parts of libphonenumber-js's runtime metadata API we read; the typings do not expose them. */
interface NumberingPlanView {
  callingCode(): string;
  nationalNumberPattern(): string;
  possibleLengths(): number[] | undefined;
  nationalPrefixForParsing(): string | undefined;
  nationalPrefixTransformRule(): string | undefined;
  type(name: string): { pattern(): string | undefined; possibleLengths(): number[] | undefined } | undefined;
}
interface MetadataView {
  selectNumberingPlan(region: string): void;
  hasCountry(region: string): boolean;
  hasCallingCode(callingCode: string): boolean;
  getCountryCodesForCallingCode(callingCode: string): string[] | undefined;
  numberingPlan: NumberingPlanView;
}

/**
 * libphonenumber's number types in the order its own type lookup tries them: a number that fits
 * a business service's pattern is that service even where a fixed-line pattern also fits.
 */
const NUMBER_TYPES = ['PREMIUM_RATE', 'TOLL_FREE', 'SHARED_COST', 'VOIP', 'PERSONAL_NUMBER', 'PAGER', 'UAN', 'VOICEMAIL', 'FIXED_LINE', 'MOBILE'];
/**
 * Services that bill the caller's or the business's line, never a person's: toll-free,
 * shared-cost, premium-rate; and universal access numbers, one number a company gives out for
 * all its offices (the UK's 03, the Netherlands' 088, Belgium's 078, Switzerland's 058). A
 * business type fits before any other (see `kindPatternsFor`).
 */
const BUSINESS_TYPES = ['PREMIUM_RATE', 'TOLL_FREE', 'SHARED_COST', 'UAN'];

/**
 * What a number is in its numbering plan: invalid; `business`, a service anyone dials (toll-free,
 * shared-cost, premium-rate, universal access: "0800 ...", "900 ...", "801 ...", "0345 ...",
 * "088 ..."); or `personal`, any other valid number (fixed, mobile, VoIP, pager...), since a
 * person may have it.
 */
export type PhoneKind = 'invalid' | 'personal' | 'business';

interface CompiledPlan {
  readonly callingCode: string;
  readonly general: RegExp;
  readonly lengths: readonly number[];
  /** Shortest and longest of `lengths` (0 and Infinity without any). */
  readonly minLength: number;
  readonly maxLength: number;
  /**
   * Per national number length: one pattern for the business types and one for the personal
   * types that allow that length (see `kindByLength`), built on first use.
   */
  readonly kindPatterns: Map<number, KindPatterns>;
  readonly types: ReadonlyArray<{ readonly pattern: RegExp; readonly lengths: readonly number[]; readonly kind: PhoneKind }>;
  /** Bit n set when some type allows national numbers of n digits: settles most misses before any pattern runs. */
  readonly typeLengthBits: number;
  readonly nationalPrefix: RegExp | undefined;
  /** The national prefix when it is plain digits ("0" in most of Europe): a `startsWith`, not a regex call. */
  readonly literalPrefix: string | undefined;
  /** The regions sharing the calling code, looked up once. */
  readonly sharingRegions: readonly string[];
  readonly prefixTransform: string | undefined;
}

/** A type group's patterns joined in one alternation; undefined when no type of the group allows the length. */
interface KindPatterns {
  readonly business: RegExp | undefined;
  readonly personal: RegExp | undefined;
}

const METADATA = new Metadata() as unknown as MetadataView;
const PLANS = new Map<string, CompiledPlan | null>();

function compilePlan(region: string): CompiledPlan | null {
  if (!METADATA.hasCountry(region)) return null;
  METADATA.selectNumberingPlan(region);
  const plan = METADATA.numberingPlan;
  const lengths = plan.possibleLengths() ?? [];
  const types: Array<{ pattern: RegExp; lengths: readonly number[]; kind: PhoneKind }> = [];
  for (const name of NUMBER_TYPES) {
    const type = plan.type(name);
    const pattern = type?.pattern();
    const kind = BUSINESS_TYPES.includes(name) ? 'business' : 'personal';
    if (type !== undefined && pattern) types.push({ pattern: new RegExp(`^(?:${pattern})$`), lengths: type.possibleLengths() ?? lengths, kind });
  }
  const prefix = plan.nationalPrefixForParsing();
  let typeLengthBits = 0;
  for (const type of types) for (const length of type.lengths) typeLengthBits |= length < 31 ? 1 << length : 0;
  return {
    typeLengthBits,
    callingCode: plan.callingCode(),
    general: new RegExp(`^(?:${plan.nationalNumberPattern()})$`),
    lengths,
    minLength: lengths.length > 0 ? Math.min(...lengths) : 0,
    maxLength: lengths.length > 0 ? Math.max(...lengths) : Infinity,
    kindPatterns: new Map(),
    types,
    nationalPrefix: prefix ? new RegExp(`^(?:${prefix})`) : undefined,
    literalPrefix: prefix && /^\d+$/.test(prefix) ? prefix : undefined,
    sharingRegions: METADATA.getCountryCodesForCallingCode(plan.callingCode()) ?? [],
    prefixTransform: plan.nationalPrefixTransformRule() || undefined,
  };
}

function planFor(region: string): CompiledPlan | null {
  let plan = PLANS.get(region);
  if (plan === undefined) {
    plan = compilePlan(region);
    PLANS.set(region, plan);
  }
  return plan;
}

function nationalNumberKind(nationalNumber: string, plan: CompiledPlan): PhoneKind {
  const length = nationalNumber.length;
  if (length >= 31 || ((plan.typeLengthBits >> length) & 1) === 0) return 'invalid';
  if (!plan.general.test(nationalNumber)) return 'invalid';
  const patterns = kindPatternsFor(plan, length);
  if (patterns.business?.test(nationalNumber) === true) return 'business';
  return patterns.personal?.test(nationalNumber) === true ? 'personal' : 'invalid';
}

/**
 * A number is `business` when any business type's lengths and pattern fit, else `personal` when
 * any other type's do. That is libphonenumber's own order for toll-free, shared-cost and
 * premium-rate, which it tries first; a universal access number wins over the VoIP, personal
 * and pager types it tries before, which the plans of our regions keep apart anyway. Each
 * group's patterns for one length are one alternation, tried in one call instead of up to ten.
 */
function kindPatternsFor(plan: CompiledPlan, length: number): KindPatterns {
  let patterns = plan.kindPatterns.get(length);
  if (patterns === undefined) {
    const join = (kind: PhoneKind): RegExp | undefined => {
      const sources = plan.types.filter((t) => t.kind === kind && t.lengths.includes(length)).map((t) => t.pattern.source);
      return sources.length === 0 ? undefined : new RegExp(`^(?:${sources.join('|')})$`);
    };
    patterns = { business: join('business'), personal: join('personal') };
    plan.kindPatterns.set(length, patterns);
  }
  return patterns;
}

/** Strips the national (trunk) prefix unless that leaves an impossible number. */
function extractNationalNumber(digits: string, plan: CompiledPlan): string {
  let stripped: string;
  if (plan.literalPrefix !== undefined) {
    // A pattern of plain digits has no group: nothing to transform, the prefix is cut off.
    if (!digits.startsWith(plan.literalPrefix)) return digits;
    stripped = digits.slice(plan.literalPrefix.length);
  } else {
    const match = plan.nationalPrefix?.exec(digits);
    if (!match) return digits;
    const captured = match.length > 1 && match[match.length - 1] ? match[match.length - 1] : undefined;
    stripped =
      plan.prefixTransform !== undefined && captured !== undefined
        ? digits.replace(plan.nationalPrefix!, plan.prefixTransform)
        : digits.slice(match[0].length);
  }
  if (stripped === digits) return digits;
  if (plan.general.test(digits) && !plan.general.test(stripped)) return digits;
  const possible = stripped.length > plan.maxLength || plan.lengths.includes(stripped.length);
  if (stripped.length < plan.minLength || !possible) return digits;
  return stripped;
}

/**
 * Returns true when `digits` (no separators, no `+`) is a valid number dialled nationally in
 * `region` (ISO 3166, upper case). Unknown regions are never valid.
 */
export function isValidNationalPhone(digits: string, region: string): boolean {
  return nationalPhoneKind(digits, region) !== 'invalid';
}

/** `isValidNationalPhone`, telling a person's line from a business service. */
export function nationalPhoneKind(digits: string, region: string): PhoneKind {
  const plan = planFor(region);
  if (plan === null) return 'invalid';
  // "4915123456789" in DE: the calling code written without "+", taken off as libphonenumber does.
  if (digits.startsWith(plan.callingCode)) {
    const shorter = extractNationalNumber(digits.slice(plan.callingCode.length), plan);
    const tooLong = plan.lengths.length > 0 && digits.length > plan.maxLength;
    if ((!plan.general.test(digits) && plan.general.test(shorter)) || tooLong) return kindInCallingCode(shorter, plan);
  }
  return kindInCallingCode(extractNationalNumber(digits, plan), plan);
}

/** Regions sharing a calling code share a numbering plan ("07524..." in GB may be a Jersey mobile). */
function kindInCallingCode(nationalNumber: string, plan: CompiledPlan): PhoneKind {
  const kind = nationalNumberKind(nationalNumber, plan);
  return kind !== 'invalid' ? kind : kindInRegions(nationalNumber, plan.sharingRegions, plan);
}

/** The kind in the first of `regions` (`skipped` left out) where the national number is valid. */
function kindInRegions(nationalNumber: string, regions: readonly string[], skipped?: CompiledPlan): PhoneKind {
  for (const region of regions) {
    const plan = planFor(region);
    const kind = plan !== null && plan !== skipped ? nationalNumberKind(nationalNumber, plan) : 'invalid';
    if (kind !== 'invalid') return kind;
  }
  return 'invalid';
}

/** The known calling code `digits` (after `+` or `00`) starts with: its regions and the national part. */
function splitCallingCode(digits: string): { readonly regions: readonly string[]; readonly rest: string } | undefined {
  for (let codeLength = 1; codeLength <= 3 && codeLength < digits.length; codeLength++) {
    const callingCode = digits.slice(0, codeLength);
    if (METADATA.hasCallingCode(callingCode)) return { regions: METADATA.getCountryCodesForCallingCode(callingCode) ?? [], rest: digits.slice(codeLength) };
  }
  return undefined;
}

/**
 * The national number of an international one, with the national prefix stripped by the main
 * region's rules, as libphonenumber does; undefined without a known calling code.
 */
function internationalParts(digits: string): { readonly regions: readonly string[]; readonly mainPlan: CompiledPlan; readonly nationalNumber: string } | undefined {
  const split = splitCallingCode(digits);
  const mainPlan = split?.regions[0] !== undefined ? planFor(split.regions[0]) : null;
  if (split === undefined || mainPlan === null) return undefined;
  return { regions: split.regions, mainPlan, nationalNumber: extractNationalNumber(split.rest, mainPlan) };
}

/**
 * Returns true when `digits` (the part after `+` or `00`, digits only) is a valid international
 * number: a known calling code followed by a national number valid in one of its regions.
 */
export function isValidInternationalPhone(digits: string): boolean {
  return internationalPhoneKind(digits) !== 'invalid';
}

/** `isValidInternationalPhone`, telling a person's line from a business service. */
export function internationalPhoneKind(digits: string): PhoneKind {
  const parts = internationalParts(digits);
  return parts === undefined ? 'invalid' : kindInRegions(parts.nationalNumber, parts.regions);
}

/**
 * Returns true when `digits`, dialled nationally in `region`, has a length the region's numbers
 * can have (libphonenumber's "possible"): the shape of a phone number, valid or not.
 */
export function isPossibleNationalPhone(digits: string, region: string): boolean {
  const plan = planFor(region);
  return plan !== null && plan.lengths.includes(extractNationalNumber(digits, plan).length);
}

/** `isPossibleNationalPhone` for the part after `+` or `00`: a known calling code and a possible length. */
export function isPossibleInternationalPhone(digits: string): boolean {
  const parts = internationalParts(digits);
  return parts !== undefined && parts.mainPlan.lengths.includes(parts.nationalNumber.length);
}
