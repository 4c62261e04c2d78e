import type { Node } from 'constructs';
import { EU_REGIONS, validateAllowedRegions } from './region-guard.js';

/** What a deployment may choose, read from CDK context (`cdk.json` or `-c key=value`). */
export interface DeploymentConfig {
  /** Prefix of every resource name (table, queues, functions, secret). */
  readonly namePrefix: string;
  /** Regions this deployment may target; only ever a subset of the EU regions. */
  readonly allowedRegions: readonly string[];
  /** Log retention of functions and API access logs, in days. */
  readonly logRetentionDays: number;
  /** CRM endpoint; when unset, a CloudFormation parameter asks for it at deploy time. */
  readonly crmWebhookUrl?: string;
  /** Graph API base URL. */
  readonly graphApiBaseUrl: string;
  /** BRIDGE_CONFIG JSON file, validated at synth and shipped inside every bundle. */
  readonly bridgeConfigFile?: string;
  /** Alarm notifications go to this address (an SNS subscription to confirm). */
  readonly alarmEmail?: string;
  /** Bundle the pinned AWS SDK into every function instead of using the runtime's. */
  readonly bundleAwsSdk: boolean;
  /** Steady-state and burst request limits of the HTTP API. */
  readonly apiRateLimit: number;
  readonly apiBurstLimit: number;
}

export const DEPLOYMENT_DEFAULTS = {
  namePrefix: 'wa-crm-bridge',
  logRetentionDays: 30,
  graphApiBaseUrl: 'https://graph.facebook.com',
  apiRateLimit: 50,
  apiBurstLimit: 100,
} as const;

/** Thrown at synth time for a context value that cannot work. */
export class DeploymentConfigError extends Error {
  public constructor(message: string) {
    super(message);
    this.name = 'DeploymentConfigError';
  }
}

function readString(node: Node, key: string): string | undefined {
  const value: unknown = node.tryGetContext(key);
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string') throw new DeploymentConfigError(`context "${key}" must be a string`);
  return value;
}

function readPositiveInteger(node: Node, key: string, fallback: number): number {
  const raw: unknown = node.tryGetContext(key);
  if (raw === undefined || raw === null || raw === '') return fallback;
  const value = typeof raw === 'number' ? raw : Number(raw);
  if (!Number.isInteger(value) || value <= 0) throw new DeploymentConfigError(`context "${key}" must be a positive integer, got ${JSON.stringify(raw)}`);
  return value;
}

/**
 * Reads and checks the deployment's context.
 *
 * @throws DeploymentConfigError for a malformed value; RegionNotAllowedError for a non-EU allow-list.
 */
export function readDeploymentConfig(node: Node): DeploymentConfig {
  const regions: unknown = node.tryGetContext('allowedRegions');
  const allowedRegions =
    regions === undefined || regions === null || regions === ''
      ? [...EU_REGIONS]
      : Array.isArray(regions)
        ? regions.map(String)
        : String(regions).split(',').map((region) => region.trim()).filter(Boolean);
  const namePrefix = readString(node, 'namePrefix') ?? DEPLOYMENT_DEFAULTS.namePrefix;
  if (!/^[a-z][a-z0-9-]{1,30}$/.test(namePrefix)) {
    throw new DeploymentConfigError(`context "namePrefix" must be 2-31 lowercase letters, digits or dashes, got "${namePrefix}"`);
  }
  const crmWebhookUrl = readString(node, 'crmWebhookUrl');
  if (crmWebhookUrl !== undefined && !crmWebhookUrl.startsWith('https://')) {
    throw new DeploymentConfigError('context "crmWebhookUrl" must be an https:// URL: CRM events carry personal data');
  }
  const graphApiBaseUrl = readString(node, 'graphApiBaseUrl') ?? DEPLOYMENT_DEFAULTS.graphApiBaseUrl;
  const bridgeConfigFile = readString(node, 'bridgeConfigFile');
  const alarmEmail = readString(node, 'alarmEmail');
  const bundleAwsSdk: unknown = node.tryGetContext('bundleAwsSdk');
  return {
    bundleAwsSdk: bundleAwsSdk === true || bundleAwsSdk === 'true',
    namePrefix,
    allowedRegions: validateAllowedRegions(allowedRegions),
    logRetentionDays: readPositiveInteger(node, 'logRetentionDays', DEPLOYMENT_DEFAULTS.logRetentionDays),
    graphApiBaseUrl,
    apiRateLimit: readPositiveInteger(node, 'apiRateLimit', DEPLOYMENT_DEFAULTS.apiRateLimit),
    apiBurstLimit: readPositiveInteger(node, 'apiBurstLimit', DEPLOYMENT_DEFAULTS.apiBurstLimit),
    ...(crmWebhookUrl ? { crmWebhookUrl } : {}),
    ...(bridgeConfigFile ? { bridgeConfigFile } : {}),
    ...(alarmEmail ? { alarmEmail } : {}),
  };
}
