export { PII_TYPES, PLACEHOLDERS } from './constants.js';
export { SanitizerConfigError, SanitizerError } from './errors.js';
export { getRegionForPhoneNumber } from './region.js';
export { createSanitizer, sanitizeText, type Sanitizer } from './sanitize-text.js';
export type { Finding, PiiAction, PiiType, PseudonymizeFn, SanitizeOptions, SanitizeResult } from './types.js';
export * from './validators.js';
