import { admitWithoutConsentCheck, type ProcessInboundEventDependencies } from '../../shared/domain/processing/process-inbound-event.js';
import { InMemoryConsentStore, InMemoryOutboundQueue } from './in-memory-consent.js';
import { capturingLog, fixedClock, InMemoryContacts, InMemoryCrmQueue, InMemoryProcessedEvents } from './in-memory.js';

/**
 * The conversation processor's dependencies, all in memory, with the concrete doubles exposed for
 * assertions. Admission forwards without a consent check unless a test passes its own.
 */
export function inMemoryProcessorDependencies(overrides: Partial<ProcessInboundEventDependencies> = {}) {
  const clock = fixedClock();
  const contacts = new InMemoryContacts(clock);
  const doubles = {
    clock,
    contacts,
    processedEvents: new InMemoryProcessedEvents(),
    crmEvents: new InMemoryCrmQueue(),
    outbound: new InMemoryOutboundQueue(),
    erasures: new InMemoryConsentStore(contacts, clock),
    log: capturingLog(),
  };
  const dependencies: ProcessInboundEventDependencies = {
    ...doubles,
    admission: admitWithoutConsentCheck,
    markerTtlSeconds: 3600,
    ...overrides,
  };
  return { ...doubles, dependencies };
}
