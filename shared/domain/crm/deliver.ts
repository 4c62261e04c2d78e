import { BridgeError } from '../../errors.js';
import type { Clock, CrmDeliveryStateStore, CrmPushMessageControl, CrmWebhookTransport, DeadLetterReason, Log } from '../ports.js';
import { sha256Hex } from '../crypto.js';
import { signStandardWebhook } from '../standard-webhooks.js';
import { buildCrmPayload, type PayloadOptions } from './payload.js';
import type { CrmPushRecord } from './records.js';

import { MAX_RETRY_DELAY_SECONDS } from './retry-limits.js';

export { MAX_RETRY_DELAY_SECONDS };

export interface DeliverCrmEventDependencies {
  readonly transport: CrmWebhookTransport;
  /** Decoded signing keys; all sign (space-separated signatures) while the CRM rotates its secret. */
  readonly signingKeys: readonly Buffer[];
  readonly clock: Clock;
  readonly log: Log;
  /** What may leave the bridge and how free text is sanitised. */
  readonly payloadOptions: PayloadOptions;
  /** Failed-attempt counts and the endpoint's disabled flag. */
  readonly deliveryState: CrmDeliveryStateStore;
  /** The endpoint's key in the delivery state (a hash of its URL, see crmEndpointKey). */
  readonly endpointKey: string;
  /** Delays before each retry (seconds); after the last, the event is dead-lettered. */
  readonly retryScheduleSeconds: readonly number[];
}

/** The delivery-state key of a CRM endpoint: a hash of its URL (a URL may carry a token). */
export function crmEndpointKey(url: string): string {
  return sha256Hex(url).slice(0, 16);
}

/** What became of one delivery attempt. */
export type DeliveryOutcome =
  | { readonly outcome: 'delivered'; readonly status: number }
  | { readonly outcome: 'retry'; readonly delaySeconds: number; readonly attempts: number }
  | { readonly outcome: 'dead-lettered'; readonly reason: DeadLetterReason };

/** 408, 429 and 5xx are worth retrying; any other non-2xx will fail the same way again. */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 429 || status >= 500;
}

/**
 * Parses `Retry-After` (delay seconds or an HTTP date) into whole seconds from `now`, at least 0,
 * at most SQS's 12 h. Returns undefined when absent or unreadable.
 */
export function parseRetryAfter(value: string | undefined, now: Date): number | undefined {
  if (value === undefined) return undefined;
  const trimmed = value.trim();
  let seconds: number;
  if (/^\d+$/.test(trimmed)) seconds = Number(trimmed);
  else {
    // An HTTP date names its weekday and month; anything else (a negative number) is unreadable.
    const at = /[a-z]/i.test(trimmed) ? Date.parse(trimmed) : Number.NaN;
    if (Number.isNaN(at)) return undefined;
    seconds = Math.ceil((at - now.getTime()) / 1000);
  }
  return Math.min(Math.max(seconds, 0), MAX_RETRY_DELAY_SECONDS);
}

/**
 * The delay before retry number `attempts` (1 after the first failure), or undefined once the
 * schedule is exhausted. `Retry-After` wins over the schedule when the CRM sent one.
 */
export function retryDelaySeconds(attempts: number, schedule: readonly number[], retryAfterSeconds?: number): number | undefined {
  if (attempts > schedule.length) return undefined;
  const delay = retryAfterSeconds ?? (schedule[attempts - 1] as number);
  return Math.min(Math.max(delay, 0), MAX_RETRY_DELAY_SECONDS);
}

/**
 * Delivers one CRM event and decides what happens to its queue message. Steps:
 * 1. endpoint disabled (it answered 410 before): dead-letter with `endpoint_disabled`, no POST;
 * 2. build the minimised payload, sign it (Standard Webhooks, `webhook-id` = event id), POST it;
 * 3. 2xx: delivered;
 * 4. 410: disable the endpoint (persisted), log an error, dead-letter with `endpoint_gone`;
 * 5. 408, 429, 5xx, network failure or timeout: count the failed attempt, postpone the message by
 *    the schedule's next step (or `Retry-After`), or dead-letter with `retries_exhausted`;
 * 6. any other status: dead-letter at once with `crm_rejected` and the status.
 * Dead-lettered messages keep their body and FIFO group: `npm run dlq -- redrive` replays them.
 *
 * @throws BridgeError when the delivery state or the queue fails; the message is then retried by SQS.
 */
export async function deliverCrmEvent(
  record: CrmPushRecord,
  control: CrmPushMessageControl,
  dependencies: DeliverCrmEventDependencies,
): Promise<DeliveryOutcome> {
  const { log, deliveryState, endpointKey } = dependencies;
  const ids = { crmEventId: record.id, type: record.type };

  const disabled = await deliveryState.disabledEndpoint(endpointKey);
  if (disabled) {
    const reason: DeadLetterReason = {
      code: 'endpoint_disabled',
      detail: `CRM endpoint disabled since ${disabled.disabledAt} (HTTP ${disabled.status}); not attempted`,
      status: disabled.status,
    };
    return deadLetter(reason);
  }

  const body = JSON.stringify(buildCrmPayload(record, dependencies.payloadOptions));
  const headers = signStandardWebhook({ id: record.id, timestamp: dependencies.clock.now(), body }, dependencies.signingKeys);
  let status: number | undefined;
  let retryAfter: string | undefined;
  try {
    const result = await dependencies.transport.post({ headers: { ...headers, 'content-type': 'application/json' }, body });
    status = result.status;
    retryAfter = result.retryAfter;
  } catch (error) {
    if (!(error instanceof BridgeError && error.retryable)) throw error;
  }

  if (status !== undefined && status >= 200 && status < 300) {
    log.info('CRM event delivered', { ...ids, status });
    return { outcome: 'delivered', status };
  }
  if (status === 410) {
    const disabledAt = dependencies.clock.now().toISOString();
    await deliveryState.disableEndpoint(endpointKey, { disabledAt, status });
    log.error('CRM endpoint answered 410 Gone: endpoint DISABLED; later events are dead-lettered unattempted until it is re-enabled', {
      ...ids,
      endpointKey,
      status,
    });
    return deadLetter({ code: 'endpoint_gone', detail: 'CRM answered HTTP 410 Gone; endpoint disabled', status });
  }
  if (status === undefined || isRetryableStatus(status)) {
    const attempts = await deliveryState.recordFailedAttempt(record.id);
    const what = status === undefined ? 'CRM unreachable or timed out' : `CRM answered HTTP ${status}`;
    const delaySeconds = retryDelaySeconds(attempts, dependencies.retryScheduleSeconds, parseRetryAfter(retryAfter, dependencies.clock.now()));
    if (delaySeconds === undefined) {
      return deadLetter({ code: 'retries_exhausted', detail: `${what}; gave up after ${attempts} attempts`, ...(status === undefined ? {} : { status }), attempts });
    }
    await control.retryAfter(delaySeconds);
    log.warn('CRM delivery failed; retry scheduled', {
      ...ids,
      ...(status === undefined ? { errorCode: 'crm_unreachable' } : { status }),
      attempts,
      delaySeconds,
      retryAfterHonoured: retryAfter !== undefined,
    });
    return { outcome: 'retry', delaySeconds, attempts };
  }
  return deadLetter({ code: 'crm_rejected', detail: `CRM answered HTTP ${status}`, status });

  async function deadLetter(reason: DeadLetterReason): Promise<DeliveryOutcome> {
    await control.deadLetter(reason);
    log.warn('CRM event dead-lettered', { ...ids, reasonCode: reason.code, ...(reason.status === undefined ? {} : { status: reason.status }) });
    return { outcome: 'dead-lettered', reason };
  }
}
