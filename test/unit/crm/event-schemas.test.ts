import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { staleEventSchemaFiles } from '../../../scripts/docs-events.js';
import { CRM_EVENT_CONTRACTS, crmEventJsonSchema } from '../../../shared/domain/crm/event-schemas.js';
import { CRM_EVENT_TYPES } from '../../../shared/domain/crm/event-types.js';

describe('Module: CRM event contract', () => {
  it('has a schema and an example for every event type', () => {
    for (const type of Object.values(CRM_EVENT_TYPES)) {
      expect(CRM_EVENT_CONTRACTS[type], type).toBeDefined();
    }
  });

  it.each(Object.entries(CRM_EVENT_CONTRACTS))('accepts its own example for %s', (_type, contract) => {
    expect(contract.schema.safeParse(contract.example).error).toBeUndefined();
  });

  it('rejects a body of another type or version', () => {
    const contract = CRM_EVENT_CONTRACTS['message.received'];
    const example = contract?.example ?? {};
    expect(contract?.schema.safeParse({ ...example, type: 'message.status' }).success).toBe(false);
    expect(contract?.schema.safeParse({ ...example, version: 2 }).success).toBe(false);
    expect(contract?.schema.safeParse({ ...example, timestamp: 'yesterday' }).success).toBe(false);
  });

  it('exports JSON Schemas that carry the example', () => {
    const schema = crmEventJsonSchema('message.status');
    expect(schema).toMatchObject({ $schema: 'https://json-schema.org/draft/2020-12/schema', title: 'message.status v1' });
    expect(schema.examples).toEqual([CRM_EVENT_CONTRACTS['message.status']?.example]);
  });

  it.each(Object.entries(CRM_EVENT_CONTRACTS))('documents %s in the README, with its example and schema link', (type, contract) => {
    const readme = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');
    expect(readme).toContain(`| \`${type}\` |`);
    expect(readme).toContain(JSON.stringify(contract.example, null, 2));
  });

  it('keeps the committed docs/events files current (run npm run docs:events)', () => {
    expect(staleEventSchemaFiles()).toEqual([]);
  });
});
