/**
 * `npm run docs:events`: writes the JSON Schema of every CRM event type to `docs/events/`
 * (`<type>.v<version>.json`), generated from the zod schemas in shared/domain/crm/event-schemas.ts.
 * `npm run docs:events -- --check` writes nothing and exits 1 when a file is missing or stale.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CRM_EVENT_CONTRACTS, crmEventJsonSchema, crmEventSchemaFileName } from '../shared/domain/crm/event-schemas.js';

export const EVENTS_DOCS_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', 'docs', 'events');

/** Every generated file: name and exact content. */
export function renderEventSchemaFiles(): { name: string; content: string }[] {
  return Object.keys(CRM_EVENT_CONTRACTS)
    .sort()
    .map((type) => ({ name: crmEventSchemaFileName(type), content: `${JSON.stringify(crmEventJsonSchema(type), null, 2)}\n` }));
}

/** Files that differ from what the generator would write (missing, stale, or no longer generated). */
export function staleEventSchemaFiles(directory = EVENTS_DOCS_DIR): string[] {
  const expected = renderEventSchemaFiles();
  const present = new Set(readdirSync(directory).filter((name) => name.endsWith('.json')));
  const stale = expected.filter(({ name, content }) => !present.has(name) || readFileSync(join(directory, name), 'utf8') !== content).map(({ name }) => name);
  const extra = [...present].filter((name) => !expected.some((file) => file.name === name));
  return [...stale, ...extra];
}

function main(): void {
  if (process.argv.includes('--check')) {
    const stale = staleEventSchemaFiles();
    if (stale.length > 0) {
      process.stderr.write(`docs/events is out of date (${stale.join(', ')}): run npm run docs:events\n`);
      process.exit(1);
    }
    process.stdout.write('docs/events is current\n');
    return;
  }
  for (const { name, content } of renderEventSchemaFiles()) writeFileSync(join(EVENTS_DOCS_DIR, name), content);
  process.stdout.write(`wrote ${renderEventSchemaFiles().length} schemas to docs/events/\n`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) main();
