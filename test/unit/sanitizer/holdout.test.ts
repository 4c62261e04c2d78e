import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkFile, compileLine, ENTITY_TYPES, HOLDOUT_JSONL, LANGS } from '../../fixtures/pii-holdout-tools.js';

// Validates the independent holdout corpus as a fixture (shape, offsets, checksums of labelled spans).
// It deliberately does not run the sanitizer: how its accuracy on this set is reported is decided elsewhere.

// Each set was written by another author who read neither the sanitizer nor the other corpora.
describe.each(['pii-holdout', 'pii-holdout-2', 'pii-holdout-3', 'pii-holdout-4', 'pii-holdout-5', 'pii-holdout-6', 'pii-holdout-7', 'pii-holdout-8', 'pii-holdout-9', 'pii-holdout-10', 'pii-holdout-11', 'pii-holdout-12'])('Fixture: %s.jsonl', (name) => {
  const content = readFileSync(join(HOLDOUT_JSONL, '..', `${name}.jsonl`), 'utf8');
  const rows = content.split('\n').filter((l) => l.length > 0);

  it('has one JSON object per line with lang, region, text and entities', () => {
    // Assess
    expect(content.endsWith('\n')).toBe(true);
    expect(rows.length).toBeGreaterThanOrEqual(250);
    for (const raw of rows) {
      const line = JSON.parse(raw) as Record<string, unknown>;
      expect(Object.keys(line).sort()).toEqual(['entities', 'lang', 'region', 'text']);
      expect(LANGS).toContain(line.lang);
      expect(line.region).toMatch(/^[A-Z]{2}$/);
      expect(typeof line.text).toBe('string');
      expect(Array.isArray(line.entities)).toBe(true);
    }
  });

  it('keeps every entity span inside its text, ordered, non-overlapping and non-empty', () => {
    for (const raw of rows) {
      const { text, entities } = JSON.parse(raw) as { text: string; entities: { type: string; start: number; end: number }[] };
      let prevEnd = 0;
      for (const e of entities) {
        expect(ENTITY_TYPES).toContain(e.type);
        expect(Number.isInteger(e.start) && Number.isInteger(e.end)).toBe(true);
        expect(e.start).toBeGreaterThanOrEqual(prevEnd);
        expect(e.end).toBeGreaterThan(e.start);
        expect(e.end).toBeLessThanOrEqual(text.length);
        expect(text.slice(e.start, e.end).trim()).toBe(text.slice(e.start, e.end));
        prevEnd = e.end;
      }
    }
  });

  it('passes the holdout checker, including checksums of IBAN, card and national-ID spans', () => {
    // Act
    const { lines, errors } = checkFile(content);

    // Assess
    expect(errors).toEqual([]);
    expect(lines).toBe(rows.length);
  });

  it('covers every language and entity type and contains messages without PII', () => {
    const parsed = rows.map((r) => JSON.parse(r) as { lang: string; entities: { type: string }[] });
    expect(new Set(parsed.map((l) => l.lang))).toEqual(new Set(LANGS));
    expect(new Set(parsed.flatMap((l) => l.entities.map((e) => e.type)))).toEqual(new Set(ENTITY_TYPES));
    const negatives = parsed.filter((l) => l.entities.length === 0).length;
    expect(negatives / parsed.length).toBeGreaterThan(0.3);
  });

  it('is in sync with its hand-written source', () => {
    // Prepare
    const src = readFileSync(join(HOLDOUT_JSONL, '..', `${name}.src.txt`), 'utf8').split('\n');

    // Act
    const compiled = src.flatMap((l, i) => (l.trim() === '' || l.startsWith('#') ? [] : [JSON.stringify(compileLine(l, i + 1))]));

    // Assess
    expect(compiled).toEqual(rows);
  });
});
