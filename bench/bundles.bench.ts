/**
 * Bundle size and cold module initialisation of every Lambda, bundled exactly as the CDK app
 * bundles it (`esbuildOptions` from infra/bundling-defaults.ts, the options `BridgeFunction` uses).
 *
 * Size: the minified `index.mjs`, without its source map. Init: the median, over several fresh
 * `node` processes, of the time to `import()` the bundle with a deployed function's environment,
 * with `--enable-source-maps` as in Lambda. The AWS SDK is external, as in Lambda (the runtime
 * provides it), and resolves from this repository's node_modules. Handlers wire lazily (on the
 * first invocation), so importing a bundle must not fail even without real resources. The
 * baseline "with the AWS SDK bundled" is what the `bundleAwsSdk` context deploys: the SDK inside
 * the bundle, its credential chain reduced to the environment provider (`BUNDLED_SDK_ALIASES` in
 * infra/bundling-defaults.ts). Every bundle is one file: the size is all the code shipped.
 *
 * Cold start to first response (webhook-ingest, and its SDK-bundled baseline): in a fresh process,
 * import the bundle and call its handler once with a signed webhook POST. That first call does
 * what it does in Lambda: wiring (the Secrets Manager client is loaded and the secret read, the
 * SQS client built), then normalisation and one `SendMessageBatch`. Both AWS services are a local
 * fake answering from this process, so network time to AWS is not in the figure; it has no target.
 *
 * Targets (issue #7): webhook-ingest under 250 KB and under 60 ms.
 *
 * `npx tsx bench/bundles.bench.ts` prints a table; `npm run bench` runs it with the others.
 */
import { execFile, execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { build, type Plugin } from 'esbuild';
import { esbuildOptions } from '../infra/bundling-defaults.js';
import { signedWebhookRequest, textMessageWebhook } from '../local/webhook-builder.js';
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

/** Prefixes the probe's result line: the handler's logs and metrics share its standard output. */
const RESULT_MARKER = 'bench-first-response:';

/**
 * Cold start to first response: imports the bundle, then calls its handler once with a signed
 * webhook POST, in a fresh process; prints both times. The first call wires the handler as in
 * Lambda (Secrets Manager client loaded and the secret read, SQS client built), normalises the
 * message and sends it to SQS; both services are a local fake ({@link startFakeAws}).
 */
const FIRST_RESPONSE_PROBE = `
const RESULT_MARKER = ${JSON.stringify(RESULT_MARKER)};
const { readFileSync } = await import('node:fs');
const event = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const started = performance.now();
const { handler } = await import(process.argv[1]);
const imported = performance.now();
const response = await handler(event, { awsRequestId: 'bench', functionName: 'bench', getRemainingTimeInMillis: () => 10000 });
const answered = performance.now();
if (response.statusCode !== 200) throw new Error('first response was ' + response.statusCode + ': ' + response.body);
process.stdout.write('\\n' + RESULT_MARKER + JSON.stringify({ init: imported - started, firstResponse: answered - started }) + '\\n');
`;

/** The secret's values in the fake Secrets Manager; made up, as every value of the bench. */
const FAKE_SECRETS = { WHATSAPP_APP_SECRET: 'bench-app-secret', PSEUDONYM_KEY: 'bench-pseudonym-key-0123456789abcdef', WHATSAPP_VERIFY_TOKEN: 'bench-verify-token' };

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * Answers the two AWS calls webhook-ingest's first request makes, Secrets Manager
 * `GetSecretValue` and SQS `SendMessageBatch` (both AWS JSON protocol), on a local port, so the
 * real SDK clients run end to end offline. Network time to AWS is not part of the figure.
 */
async function startFakeAws(): Promise<{ url: string; close: () => Promise<void> }> {
  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    void readBody(request).then((raw) => {
      const target = String(request.headers['x-amz-target'] ?? '');
      const answer = (contentType: string, body: unknown) => {
        response.writeHead(200, { 'content-type': contentType });
        response.end(JSON.stringify(body));
      };
      if (target === 'secretsmanager.GetSecretValue') {
        const { SecretId } = JSON.parse(raw) as { SecretId: string };
        answer('application/x-amz-json-1.1', { ARN: SecretId, Name: 'bench', SecretString: JSON.stringify(FAKE_SECRETS) });
      } else if (target === 'AmazonSQS.SendMessageBatch') {
        const { Entries } = JSON.parse(raw) as { Entries: Array<{ Id: string; MessageBody: string }> };
        answer('application/x-amz-json-1.0', {
          Successful: Entries.map((entry, index) => ({
            Id: entry.Id,
            MessageId: `bench-${index}`,
            MD5OfMessageBody: createHash('md5').update(entry.MessageBody).digest('hex'),
          })),
          Failed: [],
        });
      } else {
        response.writeHead(400, { 'content-type': 'application/x-amz-json-1.0' });
        response.end(JSON.stringify({ __type: 'UnknownOperationException', message: `fake AWS: ${target}` }));
      }
    });
  });
  await new Promise<void>((resolveListen) => server.listen(0, '127.0.0.1', resolveListen));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, close: () => new Promise((resolveClose) => server.close(() => resolveClose())) };
}

/**
 * Medians, over {@link INIT_RUNS} fresh processes, of module init and of cold start to the first
 * response (import + wiring + one signed POST) of webhook-ingest's bundle. The fake AWS answers
 * from this process, so the children run asynchronously.
 */
async function measureFirstResponse(bundleFile: string, directory: string): Promise<{ init: number; firstResponse: number }> {
  const fake = await startFakeAws();
  try {
    const request = signedWebhookRequest(
      textMessageWebhook({ from: '15550000042', text: 'bench message', name: 'Bench Customer' }),
      FAKE_SECRETS.WHATSAPP_APP_SECRET,
    );
    const eventFile = join(directory, 'first-request.json');
    writeFileSync(
      eventFile,
      JSON.stringify({
        version: '2.0',
        routeKey: 'POST /webhook',
        rawPath: '/webhook',
        rawQueryString: '',
        headers: request.headers,
        body: request.body,
        isBase64Encoded: false,
        requestContext: { http: { method: 'POST', path: '/webhook', protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'bench' } },
      }),
    );
    const env = {
      PATH: process.env.PATH ?? '',
      ...LAMBDA_LIKE_ENVIRONMENT,
      // Lambda puts the role's session credentials in the environment; these are made up.
      AWS_ACCESS_KEY_ID: 'ASIABENCHBENCHBENCH0',
      AWS_SECRET_ACCESS_KEY: 'bench-secret-access-key',
      AWS_SESSION_TOKEN: 'bench-session-token',
      AWS_ENDPOINT_URL: fake.url,
      [QUEUES.inbound.urlEnv]: `${fake.url}/111111111111/${QUEUES.inbound.name}.fifo`,
    };
    const init: number[] = [];
    const firstResponse: number[] = [];
    for (let run = 0; run < INIT_RUNS; run += 1) {
      const { stdout } = await promisify(execFile)(
        process.execPath,
        ['--enable-source-maps', '--input-type=module', '-e', FIRST_RESPONSE_PROBE, pathToFileURL(bundleFile).href, eventFile],
        { env, encoding: 'utf8' },
      );
      const line = stdout.split('\n').find((candidate) => candidate.startsWith(RESULT_MARKER)) ?? '';
      const sample = JSON.parse(line.slice(RESULT_MARKER.length)) as { init: number; firstResponse: number };
      init.push(sample.init);
      firstResponse.push(sample.firstResponse);
    }
    return { init: round(median(init)), firstResponse: round(median(firstResponse)) };
  } finally {
    await fake.close();
  }
}

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
        const deployedFirst = await measureFirstResponse(file, directory);
        const bundledFirst = await measureFirstResponse(withSdk, directory);
        results.push({
          name: `${definition.name} cold start to first response (median of ${INIT_RUNS})`,
          value: deployedFirst.firstResponse,
          unit: 'ms',
          baseline: { name: `${definition.name} with the AWS SDK bundled`, value: bundledFirst.firstResponse, unit: 'ms' },
        });
      }
    }
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
  return results;
}

function formatTable(results: readonly BenchResult[]): string {
  const rows = results.map((result) => {
    const targeted = / bundle \(minified\)$| module init \(median /.test(result.name);
    const target = targeted ? Object.entries(TARGETS).find(([name]) => result.name.startsWith(`${name} `))?.[1] : undefined;
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
