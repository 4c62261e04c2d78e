import type { PII_TYPES } from './constants.js';
import type { TextFacts } from './text-facts.js';

/** A kind of personal data the sanitizer detects. */
export type PiiType = (typeof PII_TYPES)[number];

/** What to do with a finding: replace with a placeholder, leave it, or replace with a token. */
export type PiiAction = 'redact' | 'keep' | 'pseudonymize';

/**
 * One detected piece of personal data.
 * Offsets are UTF-16 code units into the *input* text, `end` exclusive.
 */
export interface Finding {
  readonly type: PiiType;
  readonly start: number;
  readonly end: number;
}

/** Maps a detected value to a stable token; injected so this module never holds a key. */
export type PseudonymizeFn = (type: PiiType, value: string) => string;

/** Options for one sanitizer run. */
export interface SanitizeOptions {
  /**
   * Message language (ISO 639-1). Used to guess a region when `defaultRegion` is missing.
   * Keyword lists are always multilingual, because chats mix languages.
   * @default undefined
   */
  readonly lang?: string;
  /**
   * ISO 3166 region for national-format phone numbers, e.g. `'DE'` from the contact's calling code.
   * @default derived from `lang`, else only international numbers are found
   */
  readonly defaultRegion?: string;
  /**
   * Action per type; types left out are redacted.
   * @default every type `'redact'`
   */
  readonly actions?: Partial<Record<PiiType, PiiAction>>;
  /**
   * Token maker for `'pseudonymize'` (for example an HMAC held by the caller).
   * @default undefined; required as soon as any action is `'pseudonymize'`
   */
  readonly pseudonymize?: PseudonymizeFn;
}

/** Output of a run: the rewritten text and what was found, sorted by `start`. */
export interface SanitizeResult {
  readonly text: string;
  readonly findings: Finding[];
}

/** Per-call text scan context shared by all detectors. */
export interface DetectContext {
  /** Regions to try for national phone formats, most likely first. */
  readonly regions: readonly string[];
  /** Cheap facts about the text; detectors skip their regex passes when a fact rules them out. */
  readonly facts: TextFacts;
}

/** A detector appends its findings to `out`; it never throws on odd input. */
export type Detector = (text: string, context: DetectContext, out: Finding[]) => void;
