import { CRM_EVENT_TYPES } from '../domain/crm/event-types.js';
import type { CrmPushRecord } from '../domain/crm/records.js';
import { BRIDGE_METRICS, type BridgeMetricName } from '../domain/metrics.js';
import type { CrmEventQueue, Metrics } from '../domain/ports.js';

/**
 * Counts the business events that pass on their way to the CRM (consent changes, replies sent
 * or refused), so the dashboard's metrics come from the one place every such event goes through.
 * Counted after the queue accepted them; a redelivered source event may be counted twice, which
 * a dashboard tolerates and no delivery depends on.
 */
export class CountingCrmEventQueue implements CrmEventQueue {
  public constructor(
    private readonly queue: CrmEventQueue,
    private readonly metrics: Metrics,
  ) {}

  public async publish(records: readonly CrmPushRecord[]): Promise<void> {
    await this.queue.publish(records);
    for (const record of records) {
      const metric = metricOf(record);
      if (metric) this.metrics.count(metric);
    }
  }
}

function metricOf(record: CrmPushRecord): BridgeMetricName | undefined {
  switch (record.type) {
    case CRM_EVENT_TYPES.contactConsentChanged:
      if (record.data.state === 'granted') return BRIDGE_METRICS.consentGranted;
      if (record.data.state === 'withdrawn') return BRIDGE_METRICS.consentWithdrawn;
      return undefined;
    case CRM_EVENT_TYPES.replySent:
      return BRIDGE_METRICS.repliesSent;
    case CRM_EVENT_TYPES.replyRejected:
    case CRM_EVENT_TYPES.replyFailed:
      return BRIDGE_METRICS.repliesRejected;
    default:
      return undefined;
  }
}
