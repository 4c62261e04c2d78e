/**
 * The bridge's error hierarchy. Every error the bridge throws on purpose is a {@link BridgeError};
 * an HTTP-facing one carries the status the edge should answer with, and whether its message is
 * safe to show the caller (never true for messages that could hold personal data).
 */
export class BridgeError extends Error {
  /** Machine-readable code, stable across releases (e.g. `invalid_signature`). */
  public readonly code: string;
  /** HTTP status when this error reaches an HTTP edge; 500 when it has none. */
  public readonly httpStatus: number;
  /** Whether this error is worth retrying (the queue redelivers, the caller may retry). */
  public readonly retryable: boolean;

  public constructor(
    message: string,
    options: { code: string; httpStatus?: number; retryable?: boolean; cause?: unknown },
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'BridgeError';
    this.code = options.code;
    this.httpStatus = options.httpStatus ?? 500;
    this.retryable = options.retryable ?? false;
  }
}

/** 400: the request body or parameters are not what the endpoint accepts. */
export class InvalidRequestError extends BridgeError {
  public constructor(message: string, options: { code?: string; cause?: unknown } = {}) {
    super(message, { code: options.code ?? 'invalid_request', httpStatus: 400, cause: options.cause });
    this.name = 'InvalidRequestError';
  }
}

/** 401: a signature or bearer token is missing or does not match. */
export class UnauthorizedError extends BridgeError {
  public constructor(message: string, options: { code?: string } = {}) {
    super(message, { code: options.code ?? 'unauthorized', httpStatus: 401 });
    this.name = 'UnauthorizedError';
  }
}

/** 403: the caller is known but not allowed (e.g. a wrong webhook verify token). */
export class ForbiddenError extends BridgeError {
  public constructor(message: string, options: { code?: string } = {}) {
    super(message, { code: options.code ?? 'forbidden', httpStatus: 403 });
    this.name = 'ForbiddenError';
  }
}

/** 404: the addressed resource (e.g. a contact) does not exist. */
export class NotFoundError extends BridgeError {
  public constructor(message: string, options: { code?: string } = {}) {
    super(message, { code: options.code ?? 'not_found', httpStatus: 404 });
    this.name = 'NotFoundError';
  }
}

/** 413: the body exceeds the configured limit. */
export class PayloadTooLargeError extends BridgeError {
  public constructor(limitBytes: number) {
    super(`body exceeds the limit of ${limitBytes} bytes`, { code: 'payload_too_large', httpStatus: 413 });
    this.name = 'PayloadTooLargeError';
  }
}

/** 503: a dependency (queue, table) is unavailable; the caller should retry later. */
export class DependencyUnavailableError extends BridgeError {
  public constructor(message: string, options: { code?: string; cause?: unknown } = {}) {
    super(message, {
      code: options.code ?? 'dependency_unavailable',
      httpStatus: 503,
      retryable: true,
      cause: options.cause,
    });
    this.name = 'DependencyUnavailableError';
  }
}

/** Thrown when configuration or environment is invalid: the process must not start. */
export class ConfigurationError extends BridgeError {
  public constructor(message: string, options: { cause?: unknown } = {}) {
    super(message, { code: 'configuration_error', cause: options.cause });
    this.name = 'ConfigurationError';
  }
}

/** A conditional write lost an optimistic-locking race; the work is retried with fresh state. */
export class ConcurrentUpdateError extends BridgeError {
  public constructor(message: string, options: { cause?: unknown } = {}) {
    super(message, { code: 'concurrent_update', httpStatus: 409, retryable: true, cause: options.cause });
    this.name = 'ConcurrentUpdateError';
  }
}
