import { BridgeError } from '../../errors.js';
import type { Clock, CrmWebhookTransport, Log } from '../ports.js';
import { signStandardWebhook } from '../standard-webhooks.js';
import { buildCrmPayload } from './payload.js';
import type { CrmPushRecord } from './records.js';

export interface DeliverCrmEventDependencies {
  readonly transport: CrmWebhookTransport;
  /** Decoded signing keys; the first signs, all sign during a rotation. */
  readonly signingKeys: readonly Buffer[];
  readonly clock: Clock;
  readonly log: Log;
}

/** The CRM did not accept a delivery. `retryable` says whether another attempt can succeed. */
export class CrmDeliveryError extends BridgeError {
  public readonly status: number;
  public readonly retryAfter?: string;

  public constructor(status: number, retryAfter?: string) {
    super(`CRM answered HTTP ${status}`, { code: 'crm_rejected', retryable: isRetryableStatus(status) });
    this.name = 'CrmDeliveryError';
    this.status = status;
    if (retryAfter !== undefined) this.retryAfter = retryAfter;
  }
}

/** 408, 429 and 5xx are worth retrying; any other non-2xx will fail the same way again. */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 429 || status >= 500;
}

/**
 * Delivers one CRM event: builds the minimised payload, signs it (Standard Webhooks) and POSTs it.
 *
 * @throws CrmDeliveryError on a non-2xx answer; the transport's retryable error on network failure.
 */
export async function deliverCrmEvent(record: CrmPushRecord, dependencies: DeliverCrmEventDependencies): Promise<void> {
  const body = JSON.stringify(buildCrmPayload(record));
  const headers = signStandardWebhook({ id: record.id, timestamp: dependencies.clock.now(), body }, dependencies.signingKeys);
  const result = await dependencies.transport.post({
    headers: { ...headers, 'content-type': 'application/json' },
    body,
  });
  if (result.status >= 200 && result.status < 300) {
    dependencies.log.info('CRM event delivered', { crmEventId: record.id, type: record.type, status: result.status });
    return;
  }
  throw new CrmDeliveryError(result.status, result.retryAfter);
}
