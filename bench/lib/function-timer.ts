import { performance } from 'node:perf_hooks';
import { LOCAL_FUNCTIONS } from '../../local/functions.js';
import type { FunctionKey } from '../../shared/resources.js';

/** Invocations and their durations per function, as Lambda would bill them. */
export interface FunctionTimings {
  readonly invocations: Map<FunctionKey, number[]>;
  reset(): void;
  /** Puts the registry back as it was. */
  restore(): void;
}

/**
 * Wraps every function of the local registry so each invocation's duration is recorded. Call it
 * before `startLocalStack`, which builds the functions from the registry.
 */
export function timeLocalFunctions(): FunctionTimings {
  const original = { ...LOCAL_FUNCTIONS };
  const invocations = new Map<FunctionKey, number[]>();
  for (const [key, build] of Object.entries(original) as [FunctionKey, NonNullable<(typeof LOCAL_FUNCTIONS)[FunctionKey]>][]) {
    LOCAL_FUNCTIONS[key] = async (runtime) => {
      const handler = (await build(runtime)) as (event: unknown, context: unknown) => Promise<unknown>;
      const timed = async (event: unknown, context: unknown) => {
        const started = performance.now();
        try {
          return await handler(event, context);
        } finally {
          const list = invocations.get(key) ?? [];
          list.push(performance.now() - started);
          invocations.set(key, list);
        }
      };
      return timed as unknown as Awaited<ReturnType<typeof build>>;
    };
  }
  return {
    invocations,
    reset: () => invocations.clear(),
    restore: () => Object.assign(LOCAL_FUNCTIONS, original),
  };
}
