import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Stack } from 'aws-cdk-lib';
import { Key } from 'aws-cdk-lib/aws-kms';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { App } from 'aws-cdk-lib';
import { describe, expect, it } from 'vitest';
import { buildApp, PROJECT_ROOT } from '../../infra/app.js';
import { BridgeFunction } from '../../infra/bridge-function.js';
import { readDeploymentConfig } from '../../infra/deployment-config.js';
import { ConfigurationError } from '../../shared/errors.js';
import { unbundledApp } from './support.js';

const EU = { account: '111111111111', region: 'eu-central-1' };

describe('Function: readDeploymentConfig', () => {
  it('defaults to every EU region, the wa-crm-bridge prefix and 30 days of logs', () => {
    const config = readDeploymentConfig(unbundledApp().node);

    expect(config).toMatchObject({ namePrefix: 'wa-crm-bridge', logRetentionDays: 30, graphApiBaseUrl: 'https://graph.facebook.com' });
    expect(config.allowedRegions).toContain('eu-central-1');
    expect(config.crmWebhookUrl).toBeUndefined();
  });

  it('refuses a CRM URL that is not HTTPS, since CRM events carry personal data', () => {
    expect(() => readDeploymentConfig(unbundledApp({ crmWebhookUrl: 'http://crm.example/hook' }).node)).toThrow(/https:\/\//);
  });

  it('refuses a name prefix that AWS resource names cannot carry', () => {
    expect(() => readDeploymentConfig(unbundledApp({ namePrefix: 'Bad Prefix!' }).node)).toThrow(/namePrefix/);
  });
});

describe('Function: buildApp (configuration)', () => {
  it('refuses a log retention CloudWatch does not offer', () => {
    expect(() => buildApp({ app: unbundledApp({ logRetentionDays: 31 }), env: EU })).toThrow(/logRetentionDays must be one of/);
  });

  it('fails the synth, not the first cold start, when the BRIDGE_CONFIG file is invalid', () => {
    // Prepare
    const file = join(mkdtempSync(join(tmpdir(), 'bridge-config-')), 'bridge-config.json');
    writeFileSync(file, JSON.stringify({ retention: { eventMarkerSeconds: -1 } }));

    // Act / Assess
    expect(() => buildApp({ app: unbundledApp({ bridgeConfigFile: file }), env: EU })).toThrow(ConfigurationError);
  });
});

describe('Class: BridgeFunction', () => {
  it('fails a bundled synth with the name of a missing entry file', () => {
    // Prepare: a bundling app (the default), and a definition whose handler does not exist.
    const stack = new Stack(new App(), 'Bundled', { env: EU });
    const definition = { key: 'privacyApi', name: 'not-written-yet', entry: 'functions/not-written-yet/handler.ts' } as const;

    // Act / Assess
    expect(
      () =>
        new BridgeFunction(stack, 'Missing', {
          definition,
          projectRoot: PROJECT_ROOT,
          namePrefix: 'test',
          encryptionKey: new Key(stack, 'Key'),
          logRetention: RetentionDays.ONE_WEEK,
          environment: {},
        }),
    ).toThrow(/entry file functions\/not-written-yet\/handler.ts of function "not-written-yet" .* does not exist/);
  });
});
