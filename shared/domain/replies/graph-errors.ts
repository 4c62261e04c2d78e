/*
 * What the reply sender does with each Graph API error (codes from WhatsApp's error reference,
 * see WHATSAPP.md section 7). Retryable errors come back through the queue with a backoff;
 * final ones are reported to the CRM as `reply.failed` with the code.
 */

/** Graph error codes with a meaning the sender acts on. */
export const GRAPH_ERROR_CODES = {
  accessTokenInvalid: 190,
  policyBlocked: 368,
  throughputLimit: 130429,
  generic: 131000,
  unknownApiError: 131001,
  serviceUnavailable: 131002,
  undeliverable: 131026,
  reEngagement: 131047,
  ecosystemLimit: 131049,
  marketingStopped: 131050,
  unsupportedType: 131051,
  pairRateLimit: 131056,
  accountMaintenance: 131057,
} as const;

const RETRYABLE_CODES: ReadonlySet<number> = new Set([
  GRAPH_ERROR_CODES.throughputLimit,
  GRAPH_ERROR_CODES.pairRateLimit,
  GRAPH_ERROR_CODES.accountMaintenance,
  GRAPH_ERROR_CODES.generic,
  GRAPH_ERROR_CODES.unknownApiError,
  GRAPH_ERROR_CODES.serviceUnavailable,
]);

/** Errors a human must fix (token, policy block): logged at error level so an alarm fires. */
const ALARM_CODES: ReadonlySet<number> = new Set([GRAPH_ERROR_CODES.accessTokenInvalid, GRAPH_ERROR_CODES.policyBlocked]);

/** A failed Graph call, reduced to what the decision needs. `code` is absent for timeouts and network errors. */
export interface GraphFailure {
  /** Graph `error.code`, when Meta answered with one. */
  readonly code?: number;
  /** HTTP status; absent when no answer came (timeout, network). */
  readonly httpStatus?: number;
  /** `timeout` or `network` when no answer came. */
  readonly transport?: 'timeout' | 'network';
}

export type GraphErrorDisposition =
  | { readonly retry: true; readonly backoff: 'exponential' | 'pair_rate' }
  | { readonly retry: false; readonly alarm: boolean; readonly recordMarketingOptOut: boolean };

/**
 * Classifies a Graph failure: retry (with which backoff) or final (alarm-worthy? opt-out to record?).
 * A known final code wins over a 5xx status; an unknown code retries only on 5xx/429.
 */
export function classifyGraphFailure(failure: GraphFailure): GraphErrorDisposition {
  if (failure.transport) return { retry: true, backoff: 'exponential' };
  const code = failure.code;
  if (code === GRAPH_ERROR_CODES.pairRateLimit) return { retry: true, backoff: 'pair_rate' };
  if (code !== undefined && RETRYABLE_CODES.has(code)) return { retry: true, backoff: 'exponential' };
  const knownFinal = code !== undefined && (ALARM_CODES.has(code) || FINAL_CODES.has(code));
  const status = failure.httpStatus ?? 0;
  if (!knownFinal && (status >= 500 || status === 429)) return { retry: true, backoff: 'exponential' };
  return {
    retry: false,
    alarm: code !== undefined && ALARM_CODES.has(code),
    recordMarketingOptOut: code === GRAPH_ERROR_CODES.marketingStopped,
  };
}

const FINAL_CODES: ReadonlySet<number> = new Set([
  GRAPH_ERROR_CODES.undeliverable,
  GRAPH_ERROR_CODES.reEngagement,
  GRAPH_ERROR_CODES.ecosystemLimit,
  GRAPH_ERROR_CODES.marketingStopped,
  GRAPH_ERROR_CODES.unsupportedType,
]);

/**
 * Seconds until the next attempt: `base * 2^(n-1)`, or `base * 4^(n-1)` after a pair rate limit
 * (Meta's advice for 131056), capped; `attempt` counts from 1.
 */
export function retryDelaySeconds(
  backoff: 'exponential' | 'pair_rate',
  attempt: number,
  options: { readonly baseSeconds: number; readonly maxSeconds: number },
): number {
  const factor = backoff === 'pair_rate' ? 4 : 2;
  const exponent = Math.max(0, Math.min(attempt - 1, 20));
  return Math.min(options.maxSeconds, Math.ceil(options.baseSeconds * factor ** exponent));
}
