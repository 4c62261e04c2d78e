import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { App, Aspects } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { loadBridgeConfig } from '../shared/config/bridge-config.js';
import { BridgeStack } from './bridge-stack.js';
import { readDeploymentConfig } from './deployment-config.js';

/** Repository root: entries in `shared/resources.ts` are relative to it. */
export const PROJECT_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

export interface BuildAppOptions {
  /** An App to build into (tests pass one with bundling skipped). @default a new App */
  readonly app?: App;
  /** Account and region of the stack. @default CDK_DEFAULT_ACCOUNT/REGION, else context, else offline fallbacks */
  readonly env?: { readonly account?: string; readonly region?: string };
}

/**
 * Builds the bridge's CDK app: one stack, in an EU region only, with cdk-nag's AwsSolutions
 * checks applied to everything.
 *
 * The region is the context value `region`, else `CDK_DEFAULT_REGION` (set by the CLI from your
 * profile), else `eu-central-1`, so `cdk synth` works offline without credentials. The account
 * falls back to a dummy only for synth; a deploy resolves the real one.
 *
 * @throws RegionNotAllowedError outside the allowed EU regions; DeploymentConfigError or
 *   ConfigurationError for bad context or a bad BRIDGE_CONFIG file.
 */
export function buildApp(options: BuildAppOptions = {}): { app: App; stack: BridgeStack } {
  const app = options.app ?? new App();
  const config = readDeploymentConfig(app.node);
  if (config.bridgeConfigFile) {
    // Fail the synth, not the first cold start, when the configuration is invalid.
    loadBridgeConfig({ BRIDGE_CONFIG: resolve(PROJECT_ROOT, config.bridgeConfigFile) });
  }
  const contextRegion: unknown = app.node.tryGetContext('region');
  const contextAccount: unknown = app.node.tryGetContext('account');
  const env = options.env ?? {
    account: (typeof contextAccount === 'string' ? contextAccount : undefined) ?? process.env.CDK_DEFAULT_ACCOUNT ?? '111111111111',
    region: (typeof contextRegion === 'string' ? contextRegion : undefined) ?? process.env.CDK_DEFAULT_REGION ?? 'eu-central-1',
  };
  const stack = new BridgeStack(app, `${config.namePrefix.replace(/(^|-)([a-z0-9])/g, (_match, _dash: string, letter: string) => letter.toUpperCase())}`, {
    env,
    config,
    projectRoot: PROJECT_ROOT,
    description: 'wa-crm-bridge: WhatsApp Cloud API to CRM, GDPR-compliant, EU only',
    terminationProtection: false,
  });
  Aspects.of(app).add(new AwsSolutionsChecks({ verbose: true }));
  return { app, stack };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    buildApp().app.synth();
  } catch (error) {
    // A clear one-line reason (e.g. a non-EU region) instead of a stack trace.
    process.stderr.write(`\n${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}\n\n`);
    process.exit(1);
  }
}
