/**
 * `npm run bench:instructions [-- --ref <git revision>] [--passes N]`: what sanitizing one
 * message of the development corpus costs in instructions, first-level instruction-cache
 * misses and branch mispredictions, counted by valgrind's cachegrind; with `--ref`, the same for
 * that revision's sanitizer and the ratio.
 *
 * Why counts and not time: on a shared two-core machine a 2 % change drowns in the noise of
 * timed runs, while these counts repeat to a few hundred instructions in seven billion. The
 * sanitizer is bundled with esbuild and run under `node --predictable` (one thread, no
 * concurrent compilation) for N and for 2N passes over the corpus; the difference divided by
 * N passes of messages leaves out start-up, compilation and warm-up (with fewer than 60 passes
 * the JIT is still compiling in the second run, and the difference shows it). Counts rank
 * changes; `npm run bench` stays the measure of throughput.
 *
 * Needs valgrind (`apt-get install valgrind`). Takes two to four minutes.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { build } from 'esbuild';

const PROJECT_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const CORPUS_PATH = join(PROJECT_ROOT, 'test', 'fixtures', 'pii-corpus.jsonl');
const SANITIZER_DIR = 'shared/domain/sanitizer';
const USAGE = 'usage: npm run bench:instructions [-- --ref <git revision>] [--passes N]   (N from 10 to 1000, default 60)';

/** The counters cachegrind prints in its summary that this report uses. */
export interface CachegrindCounts {
  readonly instructions: number;
  readonly instructionCacheMisses: number;
  readonly branchMispredictions: number;
}

/** Thrown for bad arguments or a missing tool: printed without a stack trace, exit code 2. */
export class InstructionsUsageError extends Error {
  public constructor(message: string) {
    super(message);
    this.name = 'InstructionsUsageError';
  }
}

/**
 * Reads the counters from cachegrind's summary (`==PID== I   refs:      8,024,709,145`).
 * @throws Error when one is missing: the run failed or was not run with `--branch-sim=yes`.
 */
export function parseCachegrindSummary(output: string): CachegrindCounts {
  const read = (label: string): number => {
    const match = new RegExp(`^==\\d+== ${label}:\\s+([\\d,]+)`, 'm').exec(output);
    if (match === null) throw new Error(`cachegrind printed no "${label}" line; its output ends with:\n${output.slice(-600)}`);
    return Number(match[1]!.replaceAll(',', ''));
  };
  return { instructions: read('I\\s+refs'), instructionCacheMisses: read('I1\\s+misses'), branchMispredictions: read('Mispredicts') };
}

/** The cost of one message: the counts of the longer run less the shorter, over the messages between. */
export function perMessage(shorter: CachegrindCounts, longer: CachegrindCounts, messages: number): CachegrindCounts {
  if (messages <= 0) throw new RangeError('messages must be positive');
  return {
    instructions: (longer.instructions - shorter.instructions) / messages,
    instructionCacheMisses: (longer.instructionCacheMisses - shorter.instructionCacheMisses) / messages,
    branchMispredictions: (longer.branchMispredictions - shorter.branchMispredictions) / messages,
  };
}

interface Options {
  readonly ref: string | undefined;
  readonly passes: number;
}

/** @throws InstructionsUsageError */
export function parseOptions(argv: readonly string[]): Options {
  let values: { ref?: string; passes?: string };
  try {
    ({ values } = parseArgs({ args: [...argv], options: { ref: { type: 'string' }, passes: { type: 'string' } }, strict: true }));
  } catch (error) {
    throw new InstructionsUsageError(`${(error as Error).message}\n${USAGE}`);
  }
  const passes = values.passes === undefined ? 60 : Number(values.passes);
  if (!Number.isInteger(passes) || passes < 10 || passes > 1000) throw new InstructionsUsageError(`--passes must be a whole number from 10 to 1000\n${USAGE}`);
  return { ref: values.ref, passes };
}

/** The entry bundled per variant: N passes over the corpus, N read from the environment. */
function entrySource(sanitizeTextPath: string): string {
  return [
    `import { readFileSync } from 'node:fs';`,
    `import { createSanitizer } from ${JSON.stringify(sanitizeTextPath)};`,
    `const corpus = readFileSync(process.env.CORPUS_PATH, 'utf8').split('\\n').filter((line) => line.trim() !== '').map((line) => JSON.parse(line));`,
    `const sanitize = createSanitizer();`,
    `const passes = Number(process.env.PASSES);`,
    `for (let pass = 0; pass < passes; pass++) for (const entry of corpus) sanitize(entry.text, { lang: entry.lang, defaultRegion: entry.region });`,
  ].join('\n');
}

async function bundle(workDir: string, name: string, sanitizeTextPath: string): Promise<string> {
  const entry = join(workDir, `${name}-entry.mjs`);
  const outfile = join(workDir, `${name}.mjs`);
  writeFileSync(entry, entrySource(sanitizeTextPath));
  // nodePaths: a revision's copy lives outside the project, yet imports its packages.
  await build({ entryPoints: [entry], outfile, bundle: true, platform: 'node', format: 'esm', nodePaths: [join(PROJECT_ROOT, 'node_modules')], logLevel: 'error' });
  return outfile;
}

function countUnderCachegrind(bundlePath: string, passes: number): CachegrindCounts {
  const run = spawnSync(
    'valgrind',
    ['--tool=cachegrind', '--cache-sim=yes', '--branch-sim=yes', '--smc-check=all-non-file', '--cachegrind-out-file=/dev/null', process.execPath, '--predictable', bundlePath],
    { env: { ...process.env, CORPUS_PATH, PASSES: String(passes) }, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
  );
  if (run.error !== undefined) throw run.error;
  if (run.status !== 0) throw new Error(`valgrind exited with ${run.status}:\n${run.stderr.slice(-1200)}`);
  return parseCachegrindSummary(run.stderr);
}

/** Writes `revision`'s sanitizer into `workDir` and returns its sanitize-text.ts. */
function checkOutSanitizer(revision: string, workDir: string): string {
  const target = join(workDir, 'ref');
  mkdirSync(target);
  let archive: Buffer;
  try {
    archive = execFileSync('git', ['archive', '--format=tar', revision, SANITIZER_DIR], { cwd: PROJECT_ROOT, stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 * 1024 * 1024 });
  } catch (error) {
    const stderr = (error as { stderr?: Buffer }).stderr?.toString().trim();
    throw new InstructionsUsageError(`cannot read ${SANITIZER_DIR} at "${revision}": ${stderr || (error as Error).message}`);
  }
  execFileSync('tar', ['-x', '-C', target], { input: archive });
  return join(target, SANITIZER_DIR, 'sanitize-text.ts');
}

async function measure(name: string, bundlePath: string, passes: number, messages: number): Promise<CachegrindCounts> {
  process.stderr.write(`${name}: ${passes} and ${passes * 2} passes under cachegrind...\n`);
  const shorter = countUnderCachegrind(bundlePath, passes);
  const longer = countUnderCachegrind(bundlePath, passes * 2);
  return perMessage(shorter, longer, passes * messages);
}

function formatRow(name: string, counts: CachegrindCounts, reference?: CachegrindCounts): string {
  const cell = (value: number, referenceValue: number | undefined): string =>
    `${Math.round(value).toLocaleString('en-US')}${referenceValue === undefined ? '' : ` (${(value / referenceValue).toFixed(3)}x)`}`.padEnd(22);
  return `${name.padEnd(12)}${cell(counts.instructions, reference?.instructions)}${cell(counts.instructionCacheMisses, reference?.instructionCacheMisses)}${cell(counts.branchMispredictions, reference?.branchMispredictions)}`;
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  if (spawnSync('valgrind', ['--version']).error !== undefined) throw new InstructionsUsageError('valgrind is not installed: apt-get install valgrind');
  const messages = readFileSync(CORPUS_PATH, 'utf8').split('\n').filter((line) => line.trim() !== '').length;
  const workDir = mkdtempSync(join(tmpdir(), 'sanitizer-instructions-'));
  try {
    const working = await measure('working tree', await bundle(workDir, 'working', join(PROJECT_ROOT, SANITIZER_DIR, 'sanitize-text.ts')), options.passes, messages);
    const reference = options.ref === undefined ? undefined : await measure(options.ref, await bundle(workDir, 'ref', checkOutSanitizer(options.ref, workDir)), options.passes, messages);
    console.log(`Per message of the development corpus (${messages} messages, ${options.passes} passes):`);
    console.log(`${''.padEnd(12)}${'instructions'.padEnd(22)}${'I1 misses'.padEnd(22)}${'branch mispredictions'}`);
    if (reference !== undefined) console.log(formatRow(options.ref!.slice(0, 11), reference));
    console.log(formatRow('working', working, reference));
  } finally {
    rmSync(workDir, { recursive: true, force: true });
  }
}

const isMain = process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1];
if (isMain) {
  main().catch((error: unknown) => {
    if (error instanceof InstructionsUsageError) {
      console.error(error.message);
      process.exit(2);
    }
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
