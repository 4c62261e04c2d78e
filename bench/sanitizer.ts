/**
 * Sanitizer benchmark: accuracy on the labelled corpus and throughput in MB/s.
 * Standalone: `npx tsx bench/sanitizer.ts` prints a table.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PII_TYPES } from '../shared/domain/sanitizer/constants.js';
import { CorpusEntrySchema, evaluateSanitizer, type CorpusEntry } from '../shared/domain/sanitizer/evaluate.js';
import { createSanitizer } from '../shared/domain/sanitizer/sanitize-text.js';

/** One benchmark figure; `baseline` is the acceptance target it is compared with. */
export interface BenchResult {
  name: string;
  value: number;
  unit: string;
  baseline?: { name: string; value: number; unit: string };
}

const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), '..', 'test', 'fixtures');
const CORPUS_PATH = join(FIXTURES, 'pii-corpus.jsonl');
/**
 * The holdouts (`pii-holdout.jsonl`, `pii-holdout-N.jsonl`), each written by another author who
 * read neither the sanitizer nor the other sets (see the README). The first has since been tuned
 * against; the third is read only in totals, never line by line; of the others only the odd
 * lines' misses were analysed, and their even lines, reported apart, never were: the honest figure.
 */
const HOLDOUTS: ReadonlyArray<{ readonly set: number; readonly read: 'tuned against' | 'totals only' | 'odd lines analysed' }> = [
  { set: 1, read: 'tuned against' },
  { set: 2, read: 'odd lines analysed' },
  { set: 3, read: 'totals only' },
  ...[4, 5, 6, 7, 8, 9, 10, 11, 12].map((set) => ({ set, read: 'odd lines analysed' as const })),
];
const TARGET_RATIO = 0.95;
const TARGET_MB_PER_S = 20;
const THROUGHPUT_TARGET_BYTES = 8 * 1024 * 1024;
const REPEATS = 7;

/** Reads and validates the corpus file. */
export function loadCorpus(path: string = CORPUS_PATH): CorpusEntry[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => CorpusEntrySchema.parse(JSON.parse(line)));
}

/**
 * Measures recall/precision per type and overall, and throughput (median of repeats) over the
 * corpus messages concatenated into an ~8 MB text, sanitized message by message like in production.
 */
export async function benchSanitizer(): Promise<BenchResult[]> {
  const corpus = loadCorpus();
  const results: BenchResult[] = [];
  // The development corpus shares its author with the sanitizer; the holdouts do not.
  reportAccuracy(results, 'sanitizer', corpus);
  for (const { set, read } of HOLDOUTS) {
    const label = set === 1 ? 'holdout' : `holdout-${set}`;
    const options = read === 'odd lines analysed' ? { evenLinesApart: true } : read === 'totals only' ? { overallSuffix: ' (never analysed)' } : {};
    reportAccuracy(results, label, loadCorpus(join(FIXTURES, `pii-${label}.jsonl`)), options);
  }
  const throughput = measureThroughput(corpus);
  results.push({
    name: 'sanitizer throughput',
    value: throughput.wallClock,
    unit: 'MB/s',
    baseline: { name: 'target throughput', value: TARGET_MB_PER_S, unit: 'MB/s' },
  });
  // On a shared machine wall-clock time includes waiting for a core; process CPU time does not.
  results.push({ name: 'sanitizer throughput (per CPU second)', value: throughput.cpuTime, unit: 'MB/s' });
  return results;
}

const ratioTarget = (name: string): NonNullable<BenchResult['baseline']> => ({ name: `target ${name}`, value: TARGET_RATIO, unit: 'ratio' });

/**
 * Recall and precision of one labelled set, per type and overall, named after `label`. With
 * `evenLinesApart`, also the overall figures of its even lines alone: of a set whose odd lines'
 * misses were analysed, the half nobody tuned against.
 */
function reportAccuracy(
  results: BenchResult[],
  label: string,
  entries: readonly CorpusEntry[],
  { evenLinesApart = false, overallSuffix = '' }: { evenLinesApart?: boolean; overallSuffix?: string } = {},
): void {
  const report = evaluateSanitizer(entries);
  for (const type of PII_TYPES) {
    results.push({ name: `${label} recall ${type}`, value: report.perType[type].recall, unit: 'ratio', baseline: ratioTarget('recall') });
    results.push({ name: `${label} precision ${type}`, value: report.perType[type].precision, unit: 'ratio', baseline: ratioTarget('precision') });
  }
  results.push({ name: `${label} recall overall${overallSuffix}`, value: report.overall.recall, unit: 'ratio', baseline: ratioTarget('recall') });
  results.push({ name: `${label} precision overall${overallSuffix}`, value: report.overall.precision, unit: 'ratio', baseline: ratioTarget('precision') });
  if (!evenLinesApart) return;
  const untouched = evaluateSanitizer(entries.filter((_, index) => index % 2 === 1));
  results.push({ name: `${label} even lines, never analysed: recall`, value: untouched.overall.recall, unit: 'ratio', baseline: ratioTarget('recall') });
  results.push({ name: `${label} even lines, never analysed: precision`, value: untouched.overall.precision, unit: 'ratio', baseline: ratioTarget('precision') });
}

/** Medians over the repeats: by wall-clock time and by this process's CPU time. */
function measureThroughput(corpus: readonly CorpusEntry[]): { wallClock: number; cpuTime: number } {
  const messages: Array<{ text: string; lang: string; region: string | undefined }> = [];
  let bytes = 0;
  while (bytes < THROUGHPUT_TARGET_BYTES) {
    for (const entry of corpus) {
      messages.push({ text: entry.text, lang: entry.lang, region: entry.region });
      bytes += Buffer.byteLength(entry.text, 'utf8');
    }
  }
  const sanitize = createSanitizer();
  // Warm-up so the JIT and regex compilation are not measured.
  for (const m of messages.slice(0, 5000)) sanitize(m.text, { lang: m.lang, defaultRegion: m.region });
  const wallRates: number[] = [];
  const cpuRates: number[] = [];
  for (let r = 0; r < REPEATS; r++) {
    const t0 = performance.now();
    const cpu0 = process.cpuUsage();
    for (const m of messages) sanitize(m.text, { lang: m.lang, defaultRegion: m.region });
    const cpu = process.cpuUsage(cpu0);
    wallRates.push(bytes / 1024 / 1024 / ((performance.now() - t0) / 1000));
    cpuRates.push(bytes / 1024 / 1024 / ((cpu.user + cpu.system) / 1e6));
  }
  return { wallClock: median(wallRates), cpuTime: median(cpuRates) };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

const isMain = process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1];
if (isMain) {
  const results = await benchSanitizer();
  console.table(
    results.map((r) => ({
      name: r.name,
      value: Number(r.value.toFixed(3)),
      unit: r.unit,
      target: r.baseline?.value ?? '',
      ok: r.baseline === undefined ? '' : r.value >= r.baseline.value ? 'yes' : 'NO',
    })),
  );
}
