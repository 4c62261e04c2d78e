import { OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { BUNDLE_DEFAULTS, BUNDLED_SDK_ALIASES, bundledAwsSdkOptions, cdkBundlingOptions, esbuildOptions } from '../../infra/bundling-defaults.js';

describe('Function: esbuildOptions', () => {
  it('bundles what the CDK construct bundles: ESM for node22, minified, source maps, the same externals and banner', () => {
    // Act
    const cdk = cdkBundlingOptions();
    const esbuild = esbuildOptions('functions/webhook-ingest/handler.ts', '/tmp/out/index.mjs');

    // Assess
    expect(cdk).toMatchObject({ format: OutputFormat.ESM, forceDockerBundling: false });
    expect(esbuild).toMatchObject({ format: 'esm', platform: 'node', bundle: true });
    expect([esbuild.target, esbuild.minify, esbuild.sourcemap, esbuild.sourcesContent]).toEqual([cdk.target, cdk.minify, cdk.sourceMap, cdk.sourcesContent]);
    expect(esbuild.mainFields).toEqual(cdk.mainFields);
    expect(esbuild.external).toEqual(cdk.externalModules);
    expect(esbuild.banner).toEqual({ js: cdk.banner });
    expect(cdk.target).toBe('node22');
  });

  it('bundles the AWS SDK too when asked, as the bundleAwsSdk context does for the CDK construct', () => {
    expect(esbuildOptions('a.ts', 'b.mjs', { bundleAwsSdk: true }).external).toEqual([]);
    expect(bundledAwsSdkOptions().externalModules).toEqual([]);
    expect(BUNDLE_DEFAULTS.externalModules).toEqual(['@aws-sdk/*']);
  });

  it('replaces the default credential chain by the same module for esbuild and the CDK, only when the SDK is bundled', () => {
    // Act
    const esbuild = esbuildOptions('a.ts', 'b.mjs', { bundleAwsSdk: true });
    const cdk = bundledAwsSdkOptions();

    // Assess
    expect(esbuild.alias).toEqual(BUNDLED_SDK_ALIASES);
    expect(cdk.esbuildArgs).toEqual({ '--alias': Object.entries(BUNDLED_SDK_ALIASES).map(([module, target]) => `${module}=${target}`) });
    expect(Object.keys(BUNDLED_SDK_ALIASES)).toEqual(['@aws-sdk/credential-provider-node']);
    expect(Object.values(BUNDLED_SDK_ALIASES).every((target) => existsSync(target))).toBe(true);
    expect(esbuildOptions('a.ts', 'b.mjs').alias).toBeUndefined();
    expect(cdkBundlingOptions().esbuildArgs).toBeUndefined();
  });
});
