import { fileURLToPath } from 'node:url';
import type { BuildOptions } from 'esbuild';
import { OutputFormat, type BundlingOptions } from 'aws-cdk-lib/aws-lambda-nodejs';

/*
 * How every Lambda is bundled, defined once: the CDK construct (`BridgeFunction`) and the bundle
 * benchmark (`bench/bundles.bench.ts`) both build from these settings, so what is measured is
 * what is deployed.
 */

/** ESM bundles have no `require`; a few CommonJS dependencies call it for Node built-ins. */
export const ESM_REQUIRE_BANNER =
  "import { createRequire as __bridgeCreateRequire } from 'node:module'; const require = __bridgeCreateRequire(import.meta.url);";

export const BUNDLE_DEFAULTS = {
  /** Matches the Lambda runtime (`nodejs22.x`). */
  target: 'node22',
  minify: true,
  /** Source maps without the sources: stack traces point at our files, the asset stays small. */
  sourceMap: true,
  sourcesContent: false,
  /** Prefer ESM entry points, which esbuild tree-shakes better. */
  mainFields: ['module', 'main'],
  /**
   * By default the AWS SDK v3 comes from the Node.js 22 runtime (CDK's default for this runtime):
   * webhook-ingest's bundle stays at about 90 KB instead of 300 KB, and AWS patches the
   * runtime's copy. The `bundleAwsSdk` context bundles our pinned SDK instead (with
   * {@link BUNDLED_SDK_ALIASES}): larger, but its module init measured about 30 % shorter (one
   * file instead of some thirty packages) and its version is the one the tests ran against.
   * Neither meets both of webhook-ingest's targets (250 KB, 60 ms); `npm run bench` reports both.
   */
  externalModules: ['@aws-sdk/*'],
  banner: ESM_REQUIRE_BANNER,
} as const;

/**
 * Module substitutions when the AWS SDK is bundled: the SDK's default credential chain is replaced
 * by its environment-variable link, the one that answers in Lambda (see
 * shared/lambda/lambda-credentials.ts). The rest of the chain and the STS and SSO clients it
 * imports were a quarter of the bundle. With the runtime's SDK (the default) nothing is replaced.
 */
export const BUNDLED_SDK_ALIASES: Readonly<Record<string, string>> = {
  '@aws-sdk/credential-provider-node': fileURLToPath(new URL('../shared/lambda/lambda-credentials.ts', import.meta.url)),
};

/** The bundling options that bundle the AWS SDK (the `bundleAwsSdk` context): nothing external, {@link BUNDLED_SDK_ALIASES}. */
export function bundledAwsSdkOptions(): Partial<BundlingOptions> {
  return {
    externalModules: [],
    esbuildArgs: { '--alias': Object.entries(BUNDLED_SDK_ALIASES).map(([module, replacement]) => `${module}=${replacement}`) },
  };
}

/** `NodejsFunction` bundling options from {@link BUNDLE_DEFAULTS}; ESM, esbuild locally, never Docker. */
export function cdkBundlingOptions(overrides: Partial<BundlingOptions> = {}): BundlingOptions {
  return {
    format: OutputFormat.ESM,
    target: BUNDLE_DEFAULTS.target,
    minify: BUNDLE_DEFAULTS.minify,
    sourceMap: BUNDLE_DEFAULTS.sourceMap,
    sourcesContent: BUNDLE_DEFAULTS.sourcesContent,
    mainFields: [...BUNDLE_DEFAULTS.mainFields],
    externalModules: [...BUNDLE_DEFAULTS.externalModules],
    banner: BUNDLE_DEFAULTS.banner,
    forceDockerBundling: false,
    ...overrides,
  };
}

/** The same bundle as {@link cdkBundlingOptions}, as options for esbuild's own `build()` API. */
export function esbuildOptions(entry: string, outfile: string, options: { readonly bundleAwsSdk?: boolean } = {}): BuildOptions {
  return {
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: BUNDLE_DEFAULTS.target,
    minify: BUNDLE_DEFAULTS.minify,
    sourcemap: BUNDLE_DEFAULTS.sourceMap,
    sourcesContent: BUNDLE_DEFAULTS.sourcesContent,
    mainFields: [...BUNDLE_DEFAULTS.mainFields],
    external: options.bundleAwsSdk ? [] : [...BUNDLE_DEFAULTS.externalModules],
    ...(options.bundleAwsSdk ? { alias: { ...BUNDLED_SDK_ALIASES } } : {}),
    banner: { js: BUNDLE_DEFAULTS.banner },
    logLevel: 'warning',
    metafile: true,
  };
}
