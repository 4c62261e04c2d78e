import type { MiddlewareObj } from '@middy/core';
import type { Metrics } from '../domain/ports.js';

/**
 * Flushes the business counters after every invocation, failed ones included, so counts are
 * neither lost nor carried into the next invocation.
 *
 * @example
 * middy().use(flushMetrics(metrics)).handler(...)
 */
export function flushMetrics(metrics: Metrics | undefined): MiddlewareObj {
  const flushMetricsAfter = async (): Promise<void> => metrics?.flush();
  const flushMetricsOnError = async (): Promise<void> => metrics?.flush();
  return { after: flushMetricsAfter, onError: flushMetricsOnError };
}
