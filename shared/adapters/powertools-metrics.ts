import { Metrics as PowertoolsMetrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { METRICS_NAMESPACE, type BridgeMetricName } from '../domain/metrics.js';
import type { Metrics } from '../domain/ports.js';

/**
 * The {@link Metrics} port over Powertools: counters are written as CloudWatch embedded metric
 * format (EMF) lines on standard output, which CloudWatch turns into metrics without an API call.
 * The only dimension is `service` (the function), so dashboards sum across functions.
 *
 * @example
 * const metrics = new PowertoolsMetricsAdapter('conversation-processor');
 * metrics.count('ConsentGranted');
 * metrics.flush(); // at the end of the invocation, e.g. from the flushMetrics middleware
 */
export class PowertoolsMetricsAdapter implements Metrics {
  private readonly metrics: PowertoolsMetrics;

  public constructor(serviceName: string, metrics?: PowertoolsMetrics) {
    this.metrics = metrics ?? new PowertoolsMetrics({ namespace: METRICS_NAMESPACE, serviceName });
  }

  public count(name: BridgeMetricName, value = 1): void {
    this.metrics.addMetric(name, MetricUnit.Count, value);
  }

  public flush(): void {
    // Powertools warns on an empty flush; an invocation that counted nothing has nothing to say.
    if (this.metrics.hasStoredMetrics()) this.metrics.publishStoredMetrics();
  }
}
