import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Writes a BRIDGE_CONFIG file (JSON, or raw text for malformed cases) and returns its path. */
export function writeBridgeConfigFile(config: unknown): string {
  const path = join(mkdtempSync(join(tmpdir(), 'bridge-config-')), 'bridge-config.json');
  writeFileSync(path, typeof config === 'string' ? config : JSON.stringify(config));
  return path;
}
