/**
 * Bundle size and cold module initialisation of every Lambda, bundled exactly as the CDK app
 * bundles it (`esbuildOptions` from infra/bundling-defaults.ts, the options `BridgeFunction` uses).
 *
 * Size: the minified `index.mjs`, without its source map. Init: the median, over several fresh
 * `node` processes, of the time to `import()` the bundle with a deployed function's environment,
 * with `--enable-source-maps` as in Lambda. The AWS SDK is external, as in Lambda (the runtime
 * provides it), and resolves from this repository's node_modules. Handlers wire lazily (on the
 * first invocation), so importing a bundle must not fail even without real resources.
 *
 * Targets (issue #7): webhook-ingest under 250 KB and under 60 ms.
 *
 * `npx tsx bench/bundles.bench.ts` prints a table; `npm run bench` runs it with the others.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build, type Plugin } from 'esbuild';
import { esbuildOptions } from '../infra/bundling-defaults.js';
import { FUNCTIONS, QUEUES, type FunctionDefinition } from '../shared/resources.js';

export interface BenchMeasurement {
  name: string;
  value: number;
  unit: string;
}

export interface BenchResult extends BenchMeasurement {
  baseline?: BenchMeasurement;
}

const PROJECT_ROOT = resolve(fileURLToPath(import.meta.url), '..', '..');
/** Fresh processes per bundle; the median damps a busy machine. */
const INIT_RUNS = 7;
const TARGETS = { 'webhook-ingest': { kilobytes: 250, milliseconds: 60 } } as const;

/** What a deployed function finds in its environment: names and ARNs only (values are never read at import). */
const LAMBDA_LIKE_ENVIRONMENT: Record<string, string> = {
  AWS_REGION: 'eu-central-1',
  AWS_DEFAULT_REGION: 'eu-central-1',
  AWS_LAMBDA_FUNCTION_NAME: 'bench',
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  LOG_LEVEL: 'INFO',
  TABLE_NAME: 'wa-crm-bridge-bridge',
  BRIDGE_SECRET_ARN: 'arn:aws:secretsmanager:eu-central-1:111111111111:secret:wa-crm-bridge/secrets-AbCdEf',
  CRM_WEBHOOK_URL: 'https://crm.example/webhook',
  GRAPH_API_BASE_URL: 'https://graph.facebook.com',
  ...Object.fromEntries(Object.values(QUEUES).map((queue) => [queue.urlEnv, `https://sqs.eu-central-1.amazonaws.com/111111111111/${queue.name}.fifo`])),
};

/** Imports the bundle in a fresh process and prints the milliseconds `import()` took. */
const IMPORT_PROBE = `
const started = performance.now();
await import(process.argv[1]);
process.stdout.write(String(performance.now() - started));
`;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}

type Variant = 'deployed' | 'sdk-bundled' | 'sdk-stubbed';

/**
 * Diagnostic only: replaces every `@aws-sdk/*` import with an empty CommonJS module, so the
 * import time of our own code (and zod, Powertools, middy) can be told apart from the SDK's.
 */
const stubAwsSdk: Plugin = {
  name: 'stub-aws-sdk',
  setup(esbuild) {
    esbuild.onResolve({ filter: /^@aws-sdk\// }, (args) => ({ path: args.path, namespace: 'aws-sdk-stub' }));
    esbuild.onLoad({ filter: /.*/, namespace: 'aws-sdk-stub' }, () => ({ contents: 'module.exports = {};', loader: 'js' }));
  },
};

/** Bundles one entry into `directory` with the deployed options (or a variant of them, for comparison). */
async function bundle(definition: FunctionDefinition, directory: string, variant: Variant = 'deployed'): Promise<string> {
  const outfile = join(directory, `${definition.name}-${variant}`, 'index.mjs');
  const options = esbuildOptions(resolve(PROJECT_ROOT, definition.entry), outfile, { bundleAwsSdk: variant === 'sdk-bundled' });
  await build(variant === 'sdk-stubbed' ? { ...options, external: [], plugins: [stubAwsSdk], logLevel: 'error' } : options);
  return outfile;
}

/** Median import time of a bundle over {@link INIT_RUNS} fresh processes. */
function measureInit(bundleFile: string): number {
  const samples: number[] = [];
  for (let run = 0; run < INIT_RUNS; run += 1) {
    const output = execFileSync(
      process.execPath,
      ['--enable-source-maps', '--input-type=module', '-e', IMPORT_PROBE, pathToFileURL(bundleFile).href],
      { env: { PATH: process.env.PATH ?? '', ...LAMBDA_LIKE_ENVIRONMENT }, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
    );
    samples.push(Number(output));
  }
  return round(median(samples));
}

function kilobytes(file: string): number {
  return round(statSync(file).size / 1024);
}

/** Bundles and measures every function whose entry exists; the AWS-SDK-inside variant of webhook-ingest is its baseline. */
export default async function run(): Promise<BenchResult[]> {
  const directory = mkdtempSync(join(tmpdir(), 'bridge-bundles-'));
  // Externals (the AWS SDK) resolve from here, as they resolve from the runtime in Lambda.
  symlinkSync(join(PROJECT_ROOT, 'node_modules'), join(directory, 'node_modules'), 'dir');
  const results: BenchResult[] = [];
  try {
    for (const definition of Object.values(FUNCTIONS)) {
      if (!existsSync(resolve(PROJECT_ROOT, definition.entry))) {
        process.stderr.write(`bundles: skipping ${definition.name}: ${definition.entry} does not exist on this branch\n`);
        continue;
      }
      const file = await bundle(definition, directory);
      const size: BenchResult = { name: `${definition.name} bundle (minified)`, value: kilobytes(file), unit: 'KB' };
      const init: BenchResult = { name: `${definition.name} module init (median of ${INIT_RUNS})`, value: measureInit(file), unit: 'ms' };
      results.push(size, init);
      if (definition.name === 'webhook-ingest') {
        const withSdk = await bundle(definition, directory, 'sdk-bundled');
        size.baseline = { name: `${definition.name} with the AWS SDK bundled`, value: kilobytes(withSdk), unit: 'KB' };
        init.baseline = { name: `${definition.name} with the AWS SDK bundled`, value: measureInit(withSdk), unit: 'ms' };
        const ownCode = await bundle(definition, directory, 'sdk-stubbed');
        results.push({ name: `${definition.name} module init without the AWS SDK (diagnostic, median of ${INIT_RUNS})`, value: measureInit(ownCode), unit: 'ms' });
      }
    }
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
  return results;
}

function formatTable(results: readonly BenchResult[]): string {
  const rows = results.map((result) => {
    const target = result.name.includes('diagnostic') ? undefined : Object.entries(TARGETS).find(([name]) => result.name.startsWith(`${name} `))?.[1];
    const limit = target ? (result.unit === 'KB' ? target.kilobytes : target.milliseconds) : undefined;
    return [
      result.name,
      `${result.value} ${result.unit}`,
      limit === undefined ? '' : `${result.value < limit ? 'met' : 'MISSED'} (< ${limit} ${result.unit})`,
      result.baseline ? `${result.baseline.name}: ${result.baseline.value} ${result.baseline.unit}` : '',
    ];
  });
  const header = ['measure', 'value', 'target', 'baseline'];
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => (row[column] as string).length)));
  const line = (cells: string[]) => cells.map((cell, column) => cell.padEnd(widths[column] as number)).join('  ').trimEnd();
  return [line(header), line(widths.map((width) => '-'.repeat(width))), ...rows.map(line)].join('\n');
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  run()
    .then((results) => {
      // Init times scale with the machine's load: say what it was.
      const load = loadavg().map((value) => value.toFixed(2)).join(' ');
      process.stdout.write(`${formatTable(results)}\n\nload average while measuring: ${load}\n`);
    })
    .catch((error: unknown) => {
      process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exit(1);
    });
}
