import { DEFAULT_ACTION, PII_TYPES, PLACEHOLDERS, REGION_BY_LANG } from './constants.js';
import { detectCards } from './detect-card.js';
import { detectDatesOfBirth, detectDatesOfBirthInWords } from './detect-date-of-birth.js';
import { detectEmails, detectObfuscatedEmails } from './detect-email.js';
import { detectIbans } from './detect-iban.js';
import { detectIpAddresses } from './detect-ip.js';
import { detectNationalIds } from './detect-national-id.js';
import { detectPhones } from './detect-phone.js';
import { detectPostalAddresses } from './detect-postal-address.js';
import { detectUrls } from './detect-url.js';
import { SanitizerConfigError } from './errors.js';
import { resolveOverlaps } from './resolve-overlaps.js';
import { collectTextFacts, MARK_AT } from './text-facts.js';
import type { DetectContext, Finding, PiiAction, PiiType, SanitizeOptions, SanitizeResult } from './types.js';

/** A precompiled sanitizer: call it per message, optionally overriding language/region. */
export type Sanitizer = (text: string, options?: Pick<SanitizeOptions, 'lang' | 'defaultRegion'>) => SanitizeResult;

/**
 * Builds a sanitizer with the action table resolved once, for hot loops over many messages.
 *
 * @throws {SanitizerConfigError} when an action is `'pseudonymize'` but no `pseudonymize` function is given
 * @example
 * const sanitize = createSanitizer({ defaultRegion: 'DE', actions: { URL: 'keep' } });
 * sanitize('Ruf mich an: 0151 23456789').text; // 'Ruf mich an: [PHONE]'
 */
export function createSanitizer(options: SanitizeOptions = {}): Sanitizer {
  const actions = resolveActions(options.actions);
  const pseudonymize = options.pseudonymize;
  if (pseudonymize === undefined && PII_TYPES.some((t) => actions[t] === 'pseudonymize')) {
    throw new SanitizerConfigError('actions ask for "pseudonymize" but no pseudonymize function was given');
  }
  // Region lists per (region, lang) pair, built once: the pairs seen in practice are few.
  // Nested maps, because building a string key per message cost more than the lookup.
  const regionCache = new Map<string | undefined, Map<string | undefined, readonly string[]>>();
  let cachedPairs = 0;
  // The last pair and its regions: consecutive messages mostly share their language and region.
  let lastRegion: string | undefined;
  let lastLang: string | undefined;
  let lastRegions: readonly string[] | undefined;
  return function sanitize(text, perCall) {
    const defaultRegion = perCall?.defaultRegion ?? options.defaultRegion;
    const lang = perCall?.lang ?? options.lang;
    let regions = lastRegions !== undefined && defaultRegion === lastRegion && lang === lastLang ? lastRegions : undefined;
    if (regions === undefined) {
      let byLang = regionCache.get(defaultRegion);
      regions = byLang?.get(lang);
      if (regions === undefined) {
        regions = pickRegions(defaultRegion, lang);
        if (cachedPairs < 1024) {
          if (byLang === undefined) regionCache.set(defaultRegion, (byLang = new Map()));
          byLang.set(lang, regions);
          cachedPairs++;
        }
      }
      lastRegion = defaultRegion;
      lastLang = lang;
      lastRegions = regions;
    }
    // detectAll's array is this call's own: with fewer than two findings there is nothing to resolve or copy.
    const found = detectAll(text, regions);
    const findings = found.length < 2 ? found : resolveOverlaps(found);
    return { text: rewriteText(text, findings, actions, pseudonymize), findings };
  };
}

/**
 * Finds personal data in free text and replaces it with placeholders such as `[EMAIL]`.
 * Findings carry offsets into the *input* text. For many messages prefer `createSanitizer`.
 *
 * @throws {SanitizerConfigError} when an action is `'pseudonymize'` but no `pseudonymize` function is given
 * @example
 * sanitizeText('Mail: anna@example.de', { lang: 'de' });
 * // { text: 'Mail: [EMAIL]', findings: [{ type: 'EMAIL', start: 6, end: 21 }] }
 */
export function sanitizeText(text: string, options: SanitizeOptions = {}): SanitizeResult {
  return createSanitizer(options)(text);
}

/**
 * Runs all detectors with cheap prefilters; returns raw, possibly overlapping findings.
 * One pass collects `TextFacts` first, so text without digits skips the digit detectors and
 * the others skip the regex passes the facts rule out.
 */
export function detectAll(text: string, regions: readonly string[]): Finding[] {
  const found: Finding[] = [];
  const context: DetectContext = { regions, facts: collectTextFacts(text) };
  if ((context.facts.marks & MARK_AT) !== 0) detectEmails(text, context, found);
  detectObfuscatedEmails(text, context, found);
  detectUrls(text, context, found);
  detectDatesOfBirthInWords(text, context, found);
  if (context.facts.maxClusterDigits > 0) {
    // The detectors that need a digit; direct calls rather than a loop over a list keep each call site monomorphic.
    detectIbans(text, context, found);
    detectCards(text, context, found);
    detectNationalIds(text, context, found);
    detectIpAddresses(text, context, found);
    detectDatesOfBirth(text, context, found);
    detectPostalAddresses(text, context, found);
    detectPhones(text, context, found);
  }
  return found;
}

function resolveActions(overrides: SanitizeOptions['actions']): Readonly<Record<PiiType, PiiAction>> {
  const table = {} as Record<PiiType, PiiAction>;
  for (const type of PII_TYPES) table[type] = overrides?.[type] ?? DEFAULT_ACTION;
  return Object.freeze(table);
}

function pickRegions(defaultRegion: string | undefined, lang: string | undefined): string[] {
  const regions: string[] = [];
  if (defaultRegion) regions.push(defaultRegion.toUpperCase());
  const langKey = lang?.slice(0, 2).toLowerCase();
  const fromLang = langKey !== undefined && langKey in REGION_BY_LANG ? REGION_BY_LANG[langKey as keyof typeof REGION_BY_LANG] : undefined;
  if (fromLang !== undefined && !regions.includes(fromLang)) regions.push(fromLang);
  return regions;
}

function rewriteText(
  text: string,
  findings: readonly Finding[],
  actions: Readonly<Record<PiiType, PiiAction>>,
  pseudonymize: SanitizeOptions['pseudonymize'],
): string {
  if (findings.length === 0) return text;
  let result = '';
  let cursor = 0;
  for (const f of findings) {
    const action = actions[f.type];
    if (action === 'keep') continue;
    result += text.slice(cursor, f.start);
    const label = PLACEHOLDERS[f.type];
    // pseudonymize is guaranteed by createSanitizer whenever this action is configured.
    result += action === 'pseudonymize' ? `[${label}:${pseudonymize!(f.type, text.slice(f.start, f.end))}]` : `[${label}]`;
    cursor = f.end;
  }
  return result + text.slice(cursor);
}
