/**
 * The contract of a benchmark module, so `npm run bench` can discover and run it.
 *
 * A module is a file `bench/<name>.bench.ts` whose default export is
 * `async function run(): Promise<BenchResult[]>`. Each result is one figure; where the figure only
 * means something next to a reference (a floor, an emulator's raw speed, a target), that
 * reference is measured in the same run and attached as `baseline`, so both saw the same machine
 * load. Values are medians over repeats unless the name says otherwise (`p99`, `max`).
 *
 * @example
 * export default async function run(): Promise<BenchResult[]> {
 *   const floor = await measureMedian(() => hmacAndParse(body), { repeats: 7, iterations: 2000 });
 *   const handler = await measureMedian(() => ingest(body), { repeats: 7, iterations: 2000 });
 *   return [{ name: 'ingest: handler', value: handler.perOpMicros, unit: 'µs/op', baseline: { name: 'floor', value: floor.perOpMicros, unit: 'µs/op' } }];
 * }
 */
export interface BenchResult {
  /** `<module>: <what>`, readable on its own, e.g. `ingest: handler time / floor`. */
  readonly name: string;
  readonly value: number;
  /** e.g. `msg/s`, `ms`, `x`, `calls/msg`, `USD/1M msg`, `MB/s`, `%`, `KB`. */
  readonly unit: string;
  /** The reference measured in the same run, or a target to compare against. */
  readonly baseline?: { readonly name: string; readonly value: number; readonly unit: string };
  /** A short note shown under the table (what bounds the figure, a target missed). */
  readonly note?: string;
}

/** What the runner hands a module; modules may ignore it. */
export interface BenchContext {
  /** Prints a progress line under the module's name while it runs (long modules should). */
  progress(line: string): void;
}

/** The default export of a `bench/*.bench.ts` module. */
export type BenchModule = (context?: BenchContext) => Promise<BenchResult[]>;
