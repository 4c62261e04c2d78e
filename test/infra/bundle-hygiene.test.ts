import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const BUNDLED_ROOTS = ['shared', 'functions'];

function sourceFiles(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

describe('Bundles: import hygiene', () => {
  it('imports zod as a namespace, so esbuild drops its 40 locales and JSON-schema code from every Lambda bundle', () => {
    // Prepare: `import { z } from 'zod'` binds zod's re-exported namespace object, which esbuild
    // must keep whole (about 450 KB minified); `import * as z from 'zod'` tree-shakes to about 75 KB.
    const offenders: string[] = [];

    // Act
    for (const root of BUNDLED_ROOTS) {
      for (const file of sourceFiles(root)) {
        if (/^import\s+\{\s*z\s*\}\s+from\s+['"]zod['"]/m.test(readFileSync(file, 'utf8'))) offenders.push(file);
      }
    }

    // Assess
    expect(offenders, "use `import * as z from 'zod'` (`import type { z }` is fine)").toEqual([]);
  });
});

describe('Bundles: what webhook-ingest carries', () => {
  it('leaves the sanitizer, libphonenumber and ibantools out of the ingest function, whose cold start Meta waits on', async () => {
    // Prepare
    const esbuild = await import('esbuild');

    // Act
    const result = await esbuild.build({
      entryPoints: ['functions/webhook-ingest/handler.ts'],
      bundle: true,
      write: false,
      metafile: true,
      platform: 'node',
      format: 'esm',
      target: 'node22',
      mainFields: ['module', 'main'],
      external: ['@aws-sdk/*', '@smithy/*'],
      logLevel: 'silent',
    });

    // Assess
    const inputs = Object.keys(result.metafile.inputs);
    // The sanitizer's type list (constants.ts, no imports) is what the configuration validates against.
    expect(inputs.filter((input) => /libphonenumber-js|ibantools|shared\/domain\/sanitizer\/(?!constants\.ts)/.test(input))).toEqual([]);
    expect(inputs.length).toBeGreaterThan(10);
    // It sends to SQS only: loading the DynamoDB client too would cost its cold start tens of ms.
    const external = Object.values(result.metafile.outputs).flatMap((output) => output.imports.filter((entry) => entry.external).map((entry) => entry.path));
    expect(external).toContain('@aws-sdk/client-sqs');
    expect(external).not.toContain('@aws-sdk/client-dynamodb');
  });
});
