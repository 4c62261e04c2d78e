/** Base class for every error thrown by the sanitizer. */
export class SanitizerError extends Error {
  public constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'SanitizerError';
  }
}

/** Thrown when options contradict each other, e.g. `'pseudonymize'` without a token maker. */
export class SanitizerConfigError extends SanitizerError {
  public constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'SanitizerConfigError';
  }
}
