import { writeFile } from 'node:fs/promises';
import { arch, cpus, freemem, loadavg, platform, release, totalmem } from 'node:os';
import { round } from './stats.js';
import type { BenchResult } from './types.js';

/** The machine a run was measured on, stored next to the figures. */
export interface MachineInfo {
  readonly node: string;
  readonly platform: string;
  readonly arch: string;
  readonly cpuModel: string;
  readonly cpuCount: number;
  readonly memoryGb: number;
  readonly freeMemoryGb: number;
  /** 1, 5 and 15 minute load averages when the run started: other work on the machine. */
  readonly loadAverage: readonly number[];
}

export function describeMachine(): MachineInfo {
  const cores = cpus();
  return {
    node: process.version,
    platform: `${platform()} ${release()}`,
    arch: arch(),
    cpuModel: cores[0]?.model ?? 'unknown',
    cpuCount: cores.length,
    memoryGb: round(totalmem() / 2 ** 30, 3),
    freeMemoryGb: round(freemem() / 2 ** 30, 3),
    loadAverage: loadavg().map((value) => round(value, 3)),
  };
}

/** One module's outcome in a run. */
export interface ModuleOutcome {
  readonly module: string;
  readonly results: readonly BenchResult[];
  readonly seconds: number;
  /** Set when the module threw; its results are then whatever it returned (none). */
  readonly error?: string;
}

/** What `bench/results.json` holds. */
export interface ResultsFile {
  readonly date: string;
  readonly machine: MachineInfo;
  readonly modules: readonly { module: string; seconds: number; error?: string }[];
  readonly results: readonly (BenchResult & { module: string })[];
}

export async function writeResultsFile(path: string, started: Date, machine: MachineInfo, outcomes: readonly ModuleOutcome[]): Promise<ResultsFile> {
  const file: ResultsFile = {
    date: started.toISOString(),
    machine,
    modules: outcomes.map(({ module, seconds, error }) => ({ module, seconds: round(seconds, 3), ...(error ? { error } : {}) })),
    results: outcomes.flatMap(({ module, results }) =>
      results.map((result) => ({
        module,
        ...result,
        value: round(result.value, 4),
        ...(result.baseline ? { baseline: { ...result.baseline, value: round(result.baseline.value, 4) } } : {}),
      })),
    ),
  };
  await writeFile(path, `${JSON.stringify(file, null, 2)}\n`);
  return file;
}

function formatNumber(value: number): string {
  const rounded = round(value, 3);
  return Math.abs(rounded) >= 10_000 ? Math.round(rounded).toLocaleString('en-US') : String(rounded);
}

/** A plain-text table of the results, one line per figure, notes numbered underneath. */
export function formatTable(outcomes: readonly ModuleOutcome[]): string {
  const rows: string[][] = [['figure', 'value', 'unit', 'baseline / target']];
  const notes: string[] = [];
  for (const outcome of outcomes) {
    if (outcome.error) rows.push([`${outcome.module}: FAILED`, '-', '-', outcome.error.replace(/\s+/g, ' ').slice(0, 80)]);
    for (const result of outcome.results) {
      let name = result.name;
      if (result.note) {
        notes.push(result.note);
        name += ` [${notes.length}]`;
      }
      const baseline = result.baseline
        ? `${result.baseline.name}: ${formatNumber(result.baseline.value)} ${result.baseline.unit}`
        : '';
      rows.push([name, formatNumber(result.value), result.unit, baseline]);
    }
  }
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => (row[column] ?? '').length)));
  const line = (row: string[]) =>
    row.map((cell, column) => (column === 1 ? cell.padStart(widths[column]!) : cell.padEnd(widths[column]!))).join('  ').trimEnd();
  const separator = widths.map((width) => '-'.repeat(width)).join('  ');
  return [line(rows[0]!), separator, ...rows.slice(1).map(line), ...(notes.length ? ['', ...notes.map((note, index) => `[${index + 1}] ${note}`)] : [])].join('\n');
}
