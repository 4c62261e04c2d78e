import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Writes a BRIDGE_CONFIG file (JSON, or raw text for malformed cases) and returns its path. */
export function writeBridgeConfigFile(config: unknown): string {
  const path = join(mkdtempSync(join(tmpdir(), 'bridge-config-')), 'bridge-config.json');
  writeFileSync(path, typeof config === 'string' ? config : JSON.stringify(config));
  return path;
}

/**
 * A BRIDGE_CONFIG under which customer-service messages are forwarded without waiting for
 * consent (lawful basis `contract`: the notice is still sent). The reliability suite, the
 * hostile-input suite and the benchmarks count messages reaching the CRM; under the default basis
 * (`consent`) a first message is held until the customer consents, which those runs don't model.
 */
export const FORWARD_WITHOUT_HOLDING = { purposes: { customerService: { basis: 'contract' } } } as const;

let forwardingConfigPath: string | undefined;

/** Environment for `startTestStack`/`startLocalStack` with {@link FORWARD_WITHOUT_HOLDING}, file written once per process. */
export function forwardingEnv(): Record<string, string> {
  if (!forwardingConfigPath) {
    const dir = mkdtempSync(join(tmpdir(), 'bridge-config-'));
    forwardingConfigPath = join(dir, 'bridge-config.json');
    writeFileSync(forwardingConfigPath, JSON.stringify(FORWARD_WITHOUT_HOLDING));
  }
  return { BRIDGE_CONFIG: forwardingConfigPath };
}
