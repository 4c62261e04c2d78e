import { OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { describe, expect, it } from 'vitest';
import { BUNDLE_DEFAULTS, cdkBundlingOptions, esbuildOptions } from '../../infra/bundling-defaults.js';

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
    expect(BUNDLE_DEFAULTS.externalModules).toEqual(['@aws-sdk/*']);
  });
});
