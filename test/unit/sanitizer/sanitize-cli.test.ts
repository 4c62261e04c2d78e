import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

describe('Script: sanitize', () => {
  it('sanitizes each line, reports bad lines and skips blank ones', () => {
    // Prepare
    const input = ['{"text":"Mail an anna@web.de","lang":"de"}', 'not json', '', '{"lang":"de"}', '{"text":"ruf an 0151 23456789","region":"DE"}'].join('\n');
    // Act
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/sanitize.ts'], { cwd: ROOT, input, encoding: 'utf8' });
    // Assess
    expect(run.status).toBe(0);
    const lines = run.stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines).toEqual([
      { text: 'Mail an [EMAIL]', findings: [{ type: 'EMAIL', start: 8, end: 19 }] },
      { error: 'line is not valid JSON', line: 2 },
      { error: expect.stringContaining('text'), line: 4 },
      { text: 'ruf an [PHONE]', findings: [{ type: 'PHONE', start: 7, end: 20 }] },
    ]);
  }, 30_000);

  it('redacts a national number near a phone word when the line has no lang or region', () => {
    // Prepare
    const input = '{"text":"Ruf mich an unter 0151 23456789"}\n';
    // Act
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/sanitize.ts'], { cwd: ROOT, input, encoding: 'utf8' });
    // Assess
    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout.trim())).toEqual({ text: 'Ruf mich an unter [PHONE]', findings: [{ type: 'PHONE', start: 18, end: 31 }] });
  }, 30_000);
});
