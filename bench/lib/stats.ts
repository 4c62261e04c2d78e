import { performance } from 'node:perf_hooks';

/** The median of a non-empty list (the mean of the middle two for an even count). */
export function median(values: readonly number[]): number {
  if (values.length === 0) throw new Error('median of an empty list');
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

/** The `p`-th percentile (0-100) by the nearest-rank method, as latency reports use. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) throw new Error('percentile of an empty list');
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[Math.min(rank, sorted.length) - 1] as number;
}

export interface TimingOptions {
  /** Timed repeats; the median of them is reported. */
  readonly repeats: number;
  /** Calls per repeat; the per-call time is the repeat's time divided by this. */
  readonly iterations: number;
  /** Untimed calls first, so the JIT and caches are warm. Default: `iterations`. */
  readonly warmup?: number;
}

export interface Timing {
  /** Median over repeats of the time per call, in microseconds. */
  readonly perOpMicros: number;
  /** Every repeat's time per call, in microseconds. */
  readonly samples: readonly number[];
}

/** Times `operation` in repeats of `iterations` calls and returns the median time per call. */
export async function measureMedian(operation: () => unknown, options: TimingOptions): Promise<Timing> {
  for (let index = 0; index < (options.warmup ?? options.iterations); index += 1) await operation();
  const samples: number[] = [];
  for (let repeat = 0; repeat < options.repeats; repeat += 1) {
    const started = performance.now();
    for (let index = 0; index < options.iterations; index += 1) await operation();
    samples.push(((performance.now() - started) * 1000) / options.iterations);
  }
  return { perOpMicros: median(samples), samples };
}

/**
 * Times two operations in alternating repeats (A, B, A, B, ...) so that a change in machine load
 * hits both alike, and returns both medians. Use it for a figure and its floor.
 */
export async function measurePair(
  a: () => unknown,
  b: () => unknown,
  options: TimingOptions,
): Promise<{ a: Timing; b: Timing }> {
  const once = { repeats: 1, iterations: options.iterations, warmup: 0 };
  for (let index = 0; index < (options.warmup ?? options.iterations); index += 1) {
    await a();
    await b();
  }
  const samplesA: number[] = [];
  const samplesB: number[] = [];
  for (let repeat = 0; repeat < options.repeats; repeat += 1) {
    samplesA.push(...(await measureMedian(a, once)).samples);
    samplesB.push(...(await measureMedian(b, once)).samples);
  }
  return { a: { perOpMicros: median(samplesA), samples: samplesA }, b: { perOpMicros: median(samplesB), samples: samplesB } };
}

/** Rounds to a few significant digits for display and the results file. */
export function round(value: number, digits = 3): number {
  if (!Number.isFinite(value) || value === 0) return value;
  const magnitude = Math.floor(Math.log10(Math.abs(value)));
  const factor = 10 ** Math.max(0, digits - 1 - magnitude);
  return Math.round(value * factor) / factor;
}
