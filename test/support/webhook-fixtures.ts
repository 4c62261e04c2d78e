import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { buildCrmPayload, type CrmWebhookPayload } from '../../shared/domain/crm/payload.js';
import type { InboundEvent } from '../../shared/domain/inbound-event.js';
import { processInboundEvent } from '../../shared/domain/processing/process-inbound-event.js';
import { ingestWebhook } from '../../shared/domain/webhook/ingest.js';
import { signWebhookBody } from '../../shared/domain/webhook/signature.js';
import { fixedClock, InMemoryInboundQueue } from './in-memory.js';
import { inMemoryProcessorDependencies } from './in-memory-processor.js';
import { InMemoryMessageStatuses } from './in-memory-status-store.js';

export const FIXTURE_APP_SECRET = 'fixture-app-secret';
export const FIXTURE_PSEUDONYM_KEY = 'fixture-pseudonym-key';

const FIXTURE_DIRECTORY = fileURLToPath(new URL('../fixtures/webhooks/', import.meta.url));

/** Names of every webhook fixture file. */
export function listWebhookFixtures(): string[] {
  return readdirSync(FIXTURE_DIRECTORY).filter((name) => name.endsWith('.json')).sort();
}

/** A fixture's exact bytes, as Meta would POST them. */
export function readWebhookFixture(name: string): Buffer {
  return readFileSync(new URL(name, `file://${FIXTURE_DIRECTORY}`));
}

/** Runs a fixture through ingest (signed over its raw bytes) and returns the queued events. */
export async function ingestFixture(name: string): Promise<InboundEvent[]> {
  const rawBody = readWebhookFixture(name);
  const queue = new InMemoryInboundQueue();
  await ingestWebhook(
    { rawBody, signature: signWebhookBody(rawBody, FIXTURE_APP_SECRET) },
    { appSecret: FIXTURE_APP_SECRET, pseudonymKey: FIXTURE_PSEUDONYM_KEY, queue, clock: fixedClock(), maxBodyBytes: 3 * 1024 * 1024 },
  );
  return queue.events;
}

/** Processes events in memory (no consent check) and returns the CRM payloads the forwarder would send. */
export async function crmPayloadsFor(events: readonly InboundEvent[]): Promise<CrmWebhookPayload[]> {
  const { crmEvents, dependencies } = inMemoryProcessorDependencies({ messageStatuses: new InMemoryMessageStatuses() });
  for (const event of events) await processInboundEvent(event, dependencies);
  return crmEvents.records.map((record) => buildCrmPayload(record));
}
