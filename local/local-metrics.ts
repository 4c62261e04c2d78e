import type { BridgeMetricName } from '../shared/domain/metrics.js';
import type { Metrics } from '../shared/domain/ports.js';

/** The business counters of the local stack, summed over all functions (`GET /_local/metrics`). */
export class LocalMetrics implements Metrics {
  private readonly totals = new Map<BridgeMetricName, number>();

  public count(name: BridgeMetricName, value = 1): void {
    this.totals.set(name, (this.totals.get(name) ?? 0) + value);
  }

  /** Locally the totals are kept for the whole run; there is nothing to publish. */
  public flush(): void {}

  public snapshot(): Record<string, number> {
    return Object.fromEntries(this.totals);
  }
}
