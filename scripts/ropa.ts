import { loadBridgeConfig } from '../shared/config/bridge-config.js';
import { renderRecordOfProcessing } from '../shared/domain/consent/ropa.js';

/*
 * `npm run ropa`: prints the record of processing activities (Art. 30 GDPR) as Markdown, from the
 * configuration named by BRIDGE_CONFIG (defaults when unset). A bad configuration exits with 1
 * and names the field.
 */
try {
  process.stdout.write(renderRecordOfProcessing(loadBridgeConfig(process.env)));
} catch (error) {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
}
