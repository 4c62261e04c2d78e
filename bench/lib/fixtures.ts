import { randomBytes } from 'node:crypto';
import type { Log } from '../../shared/domain/ports.js';

/** A Log that drops everything: benchmarks measure the bridge, not log formatting. */
export const silentLog: Log = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };

/**
 * `count` made-up WhatsApp ids (12-13 digits, in a reserved-looking German mobile range) for
 * distinct contacts, so FIFO groups do not serialise a load test.
 */
export function syntheticWaIds(count: number, prefix = '49155'): string[] {
  const seed = randomBytes(2).readUInt16BE(0) % 1000;
  return Array.from({ length: count }, (_, index) => `${prefix}${String(seed).padStart(3, '0')}${String(index).padStart(5, '0')}`);
}
