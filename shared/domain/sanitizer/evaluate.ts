import * as z from 'zod';
import { PII_TYPES } from './constants.js';
import { createSanitizer } from './sanitize-text.js';
import type { Finding, PiiType } from './types.js';

/** One labelled corpus line, as stored in `test/fixtures/pii-corpus.jsonl`. */
export const CorpusEntrySchema = z.object({
  lang: z.string().min(2),
  region: z.string().length(2).optional(),
  text: z.string(),
  entities: z.array(z.object({ type: z.enum(PII_TYPES), start: z.number().int().min(0), end: z.number().int().min(0) })),
});
export type CorpusEntry = z.infer<typeof CorpusEntrySchema>;

/** Counts and ratios for one type (or overall). */
export interface TypeScore {
  readonly truePositives: number;
  readonly falsePositives: number;
  readonly falseNegatives: number;
  /** TP / (TP + FP); 1 when nothing was predicted (no false alarms). */
  readonly precision: number;
  /** TP / (TP + FN); 1 when nothing was labelled. */
  readonly recall: number;
}

/** A labelled span the sanitizer missed, or a finding with no matching label. */
export interface EvaluationError {
  readonly kind: 'missed' | 'spurious';
  readonly line: number;
  readonly type: PiiType;
  readonly value: string;
  readonly text: string;
}

/** Scores per type and overall (micro-averaged over all spans). */
export interface EvaluationReport {
  readonly perType: Readonly<Record<PiiType, TypeScore>>;
  readonly overall: TypeScore;
  readonly errors: readonly EvaluationError[];
}

/** Minimum intersection-over-union for a finding to count as the labelled span. */
export const MIN_SPAN_IOU = 0.5;

/**
 * Scores the sanitizer on a labelled corpus.
 *
 * Matching rule: a finding is correct when its type equals the label's type and the spans
 * overlap with intersection-over-union >= 0.5 (`MIN_SPAN_IOU`), i.e. the shared part is at least
 * half of the union of both spans. This forgives small boundary differences (a trailing city
 * name, a "+" sign) but not a finding that covers only a fragment. Matching is one-to-one,
 * greedy in order of best overlap, so one finding cannot satisfy two labels.
 *
 * @example
 * const report = evaluateSanitizer(lines.map((l) => CorpusEntrySchema.parse(JSON.parse(l))));
 * report.perType.EMAIL.recall; // 1
 */
export function evaluateSanitizer(corpus: readonly CorpusEntry[]): EvaluationReport {
  const sanitize = createSanitizer();
  const counts = Object.fromEntries(PII_TYPES.map((t) => [t, { tp: 0, fp: 0, fn: 0 }])) as Record<PiiType, { tp: number; fp: number; fn: number }>;
  const errors: EvaluationError[] = [];
  corpus.forEach((entry, index) => {
    const { findings } = sanitize(entry.text, { lang: entry.lang, defaultRegion: entry.region });
    const matched = matchSpans(entry.entities, findings);
    entry.entities.forEach((gold, i) => {
      if (matched.goldMatched[i]) counts[gold.type].tp++;
      else {
        counts[gold.type].fn++;
        errors.push({ kind: 'missed', line: index + 1, type: gold.type, value: entry.text.slice(gold.start, gold.end), text: entry.text });
      }
    });
    findings.forEach((f, i) => {
      if (!matched.predMatched[i]) {
        counts[f.type].fp++;
        errors.push({ kind: 'spurious', line: index + 1, type: f.type, value: entry.text.slice(f.start, f.end), text: entry.text });
      }
    });
  });
  const perType = Object.fromEntries(PII_TYPES.map((t) => [t, toScore(counts[t])])) as Record<PiiType, TypeScore>;
  const total = PII_TYPES.reduce(
    (acc, t) => ({ tp: acc.tp + counts[t].tp, fp: acc.fp + counts[t].fp, fn: acc.fn + counts[t].fn }),
    { tp: 0, fp: 0, fn: 0 },
  );
  return { perType, overall: toScore(total), errors };
}

/** Intersection over union of two half-open spans. */
export function computeSpanIou(a: { start: number; end: number }, b: { start: number; end: number }): number {
  const inter = Math.min(a.end, b.end) - Math.max(a.start, b.start);
  if (inter <= 0) return 0;
  return inter / (Math.max(a.end, b.end) - Math.min(a.start, b.start));
}

function matchSpans(gold: readonly CorpusEntry['entities'][number][], pred: readonly Finding[]) {
  const pairs: Array<{ g: number; p: number; iou: number }> = [];
  gold.forEach((g, gi) =>
    pred.forEach((p, pi) => {
      if (g.type !== p.type) return;
      const iou = computeSpanIou(g, p);
      if (iou >= MIN_SPAN_IOU) pairs.push({ g: gi, p: pi, iou });
    }),
  );
  pairs.sort((a, b) => b.iou - a.iou || a.g - b.g || a.p - b.p);
  const goldMatched = new Array<boolean>(gold.length).fill(false);
  const predMatched = new Array<boolean>(pred.length).fill(false);
  for (const { g, p } of pairs) {
    if (goldMatched[g] || predMatched[p]) continue;
    goldMatched[g] = true;
    predMatched[p] = true;
  }
  return { goldMatched, predMatched };
}

function toScore(c: { tp: number; fp: number; fn: number }): TypeScore {
  return {
    truePositives: c.tp,
    falsePositives: c.fp,
    falseNegatives: c.fn,
    precision: c.tp + c.fp === 0 ? 1 : c.tp / (c.tp + c.fp),
    recall: c.tp + c.fn === 0 ? 1 : c.tp / (c.tp + c.fn),
  };
}
