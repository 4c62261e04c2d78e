/**
 * `npm run sanitize`: reads JSON Lines `{"text": "...", "lang"?: "de", "region"?: "DE"}` from
 * stdin and writes one line `{"text": "<redacted>", "findings": [...]}` per input line.
 * A bad line yields `{"error": "...", "line": N}` and the run continues; blank lines are skipped.
 * Streams with readline, so inputs larger than memory work.
 */
import { createInterface } from 'node:readline';
import { z } from 'zod';
import { createSanitizer } from '../shared/domain/sanitizer/sanitize-text.js';

/** One input line. Extra keys are ignored so callers can pass their own ids through tooling. */
export const SanitizeInputSchema = z.object({
  text: z.string(),
  lang: z.string().min(2).max(8).optional(),
  region: z.string().length(2).optional(),
});

async function runSanitizeCli(): Promise<void> {
  const sanitize = createSanitizer();
  const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
  let lineNumber = 0;
  for await (const line of lines) {
    lineNumber++;
    if (line.trim() === '') continue;
    process.stdout.write(JSON.stringify(sanitizeLine(line, lineNumber, sanitize)) + '\n');
  }
}

function sanitizeLine(line: string, lineNumber: number, sanitize: ReturnType<typeof createSanitizer>): object {
  let json: unknown;
  try {
    json = JSON.parse(line);
  } catch {
    // Never echo the line back: it may hold exactly the personal data we are removing.
    return { error: 'line is not valid JSON', line: lineNumber };
  }
  const parsed = SanitizeInputSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { error: `invalid input: ${issue ? `${issue.path.join('.') || '(root)'} ${issue.message}` : 'unknown'}`, line: lineNumber };
  }
  const { text, findings } = sanitize(parsed.data.text, { lang: parsed.data.lang, defaultRegion: parsed.data.region });
  return { text, findings };
}

await runSanitizeCli();
