import middy from '@middy/core';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { PowertoolsMetricsAdapter } from '../../../shared/adapters/powertools-metrics.js';
import { BRIDGE_METRICS, METRICS_NAMESPACE } from '../../../shared/domain/metrics.js';
import { flushMetrics } from '../../../shared/lambda/flush-metrics.js';

/** Captures what Powertools prints (EMF lines go to standard output). */
function captureStdout(): { lines: () => Array<Record<string, unknown>> } {
  const written: string[] = [];
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    written.push(String(chunk));
    return true;
  });
  return {
    lines: () =>
      written
        .join('')
        .split('\n')
        .filter((line) => line.startsWith('{'))
        .map((line) => JSON.parse(line) as Record<string, unknown>),
  };
}

describe('Class: PowertoolsMetricsAdapter', () => {
  afterEach(() => vi.restoreAllMocks());

  it('publishes the counted metrics as one EMF line in the bridge namespace, with the service dimension', () => {
    // Prepare
    const stdout = captureStdout();
    const metrics = new PowertoolsMetricsAdapter('conversation-processor');

    // Act
    metrics.count(BRIDGE_METRICS.consentGranted);
    metrics.count(BRIDGE_METRICS.consentGranted);
    metrics.count(BRIDGE_METRICS.eventsProcessed, 3);
    metrics.flush();

    // Assess
    const [line] = stdout.lines();
    vi.restoreAllMocks();
    const directive = (line?._aws as { CloudWatchMetrics: Array<{ Namespace: string; Dimensions: string[][] }> }).CloudWatchMetrics[0];
    expect(directive?.Namespace).toBe(METRICS_NAMESPACE);
    expect(directive?.Dimensions).toEqual([['service']]);
    expect(line?.service).toBe('conversation-processor');
    expect(line?.ConsentGranted).toEqual([1, 1]);
    expect(line?.EventsProcessed).toBe(3);
  });

  it('prints nothing when an invocation counted nothing', () => {
    const stdout = captureStdout();
    const metrics = new PowertoolsMetricsAdapter('webhook-ingest');

    metrics.flush();

    const lines = stdout.lines();
    vi.restoreAllMocks();
    expect(lines).toEqual([]);
  });
});

describe('Function: flushMetrics', () => {
  it('flushes after a successful invocation and after a failed one, and the failure still propagates', async () => {
    // Prepare
    let flushes = 0;
    const metrics = { count: () => undefined, flush: () => void (flushes += 1) };
    const succeeding = middy(async () => 'ok').use(flushMetrics(metrics));
    const failing = middy(async () => {
      throw new Error('boom');
    }).use(flushMetrics(metrics));

    // Act
    const result = await succeeding({}, {} as never);
    const failure = await failing({}, {} as never).catch((error: unknown) => error);

    // Assess
    expect(result).toBe('ok');
    expect((failure as Error).message).toBe('boom');
    expect(flushes).toBe(2);
  });
});
