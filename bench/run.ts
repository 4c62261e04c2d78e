/**
 * `npm run bench [-- <filter>...]`: runs every `bench/*.bench.ts` module (and `bench/sanitizer.ts`,
 * whose `benchSanitizer()` has the same result shape), one after another in this process, prints
 * progress and a table, and writes `bench/results.json`. A filter keeps the modules whose name
 * contains one of the words (`npm run bench -- ingest e2e`). A module that throws is reported and
 * the run goes on; the exit code is then 1.
 */
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describeMachine, formatTable, writeResultsFile, type ModuleOutcome } from './lib/report.js';
import type { BenchModule, BenchResult } from './lib/types.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const BENCH_DIR = dirname(fileURLToPath(import.meta.url));
const RESULTS_PATH = join(BENCH_DIR, 'results.json');
/** A module that runs longer than this is reported as failed, and the run goes on. */
const MODULE_TIMEOUT_MS = 15 * 60 * 1000;

interface DiscoveredModule {
  readonly name: string;
  readonly load: () => Promise<BenchModule>;
}

function discoverModules(): DiscoveredModule[] {
  const modules: DiscoveredModule[] = readdirSync(BENCH_DIR)
    .filter((file) => file.endsWith('.bench.ts'))
    .sort()
    .map((file) => ({
      name: file.replace(/\.bench\.ts$/, ''),
      load: async () => {
        const loaded = (await import(pathToFileURL(join(BENCH_DIR, file)).href)) as { default?: unknown };
        if (typeof loaded.default !== 'function') throw new Error(`${file} has no default export run(): Promise<BenchResult[]>`);
        return loaded.default as BenchModule;
      },
    }));
  if (existsSync(join(BENCH_DIR, 'sanitizer.ts'))) {
    modules.push({
      name: 'sanitizer',
      load: async () => {
        const loaded = (await import(pathToFileURL(join(BENCH_DIR, 'sanitizer.ts')).href)) as { benchSanitizer?: unknown };
        if (typeof loaded.benchSanitizer !== 'function') throw new Error('bench/sanitizer.ts has no benchSanitizer() export');
        return loaded.benchSanitizer as BenchModule;
      },
    });
  }
  return modules;
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms / 1000} s`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

async function main(): Promise<void> {
  const filters = process.argv.slice(2).filter((argument) => !argument.startsWith('-'));
  const all = discoverModules();
  const selected = filters.length ? all.filter((module) => filters.some((filter) => module.name.includes(filter))) : all;
  if (selected.length === 0) {
    process.stderr.write(`no bench module matches ${filters.join(', ')}; modules: ${all.map((module) => module.name).join(', ')}\n`);
    process.exit(2);
  }
  const started = new Date();
  const machine = describeMachine();
  const log = (line: string) => process.stdout.write(`${line}\n`);
  log(`bench: ${selected.length} module(s) on ${machine.cpuCount} x ${machine.cpuModel}, Node ${machine.node}, load ${machine.loadAverage.join(' ')}`);

  const outcomes: ModuleOutcome[] = [];
  for (const [index, module] of selected.entries()) {
    log(`[${index + 1}/${selected.length}] ${module.name} ...`);
    const moduleStarted = performance.now();
    try {
      const run = await module.load();
      const results: BenchResult[] = await withTimeout(run({ progress: (line) => log(`    .. ${line}`) }), MODULE_TIMEOUT_MS);
      const seconds = (performance.now() - moduleStarted) / 1000;
      outcomes.push({ module: module.name, results, seconds });
      for (const result of results) log(`    ${result.name}: ${Number(result.value.toPrecision(4))} ${result.unit}`);
      log(`    done in ${seconds.toFixed(1)} s`);
    } catch (error) {
      const seconds = (performance.now() - moduleStarted) / 1000;
      const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      outcomes.push({ module: module.name, results: [], seconds, error: message });
      log(`    FAILED after ${seconds.toFixed(1)} s: ${message}`);
    }
  }

  await writeResultsFile(RESULTS_PATH, started, machine, outcomes);
  log('');
  log(formatTable(outcomes));
  log('');
  log(`results written to ${RESULTS_PATH} (${started.toISOString()})`);
  const failed = outcomes.filter((outcome) => outcome.error);
  if (failed.length) {
    log(`${failed.length} module(s) failed: ${failed.map((outcome) => outcome.module).join(', ')}`);
    process.exitCode = 1;
  }
}

main().then(
  // Emulators or sockets left open by a module must not keep the process alive.
  () => process.exit(process.exitCode ?? 0),
  (error: unknown) => {
    process.stderr.write(`bench failed: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  },
);
