import { describe, expect, it } from 'vitest';
import { CountingCrmEventQueue } from '../../../shared/adapters/counting-crm-event-queue.js';
import type { CrmPushRecord } from '../../../shared/domain/crm/records.js';
import { DependencyUnavailableError } from '../../../shared/errors.js';
import { InMemoryCrmQueue } from '../../support/in-memory.js';

function record(type: string, data: Record<string, unknown> = {}): CrmPushRecord {
  return { v: 1, id: `evt_${type}`, type, occurredAt: '2026-11-29T10:00:00.000Z', contactId: 'c', data };
}

function countingMetrics() {
  const counts: Record<string, number> = {};
  return { counts, count: (name: string, value = 1) => void (counts[name] = (counts[name] ?? 0) + value), flush: () => undefined };
}

describe('Class: CountingCrmEventQueue', () => {
  it('counts consent changes and replies once queued, and nothing else', async () => {
    // Prepare
    const inner = new InMemoryCrmQueue();
    const metrics = countingMetrics();
    const queue = new CountingCrmEventQueue(inner, metrics);

    // Act
    await queue.publish([
      record('contact.consent_changed', { state: 'granted' }),
      record('contact.consent_changed', { state: 'withdrawn' }),
      record('contact.consent_changed', { state: 'declined' }),
      record('reply.sent'),
      record('reply.rejected'),
      record('reply.failed'),
      record('message.received'),
    ]);

    // Assess
    expect(inner.records).toHaveLength(7);
    expect(metrics.counts).toEqual({ ConsentGranted: 1, ConsentWithdrawn: 1, RepliesSent: 1, RepliesRejected: 2 });
  });

  it('counts nothing when the queue refuses the records', async () => {
    const inner = new InMemoryCrmQueue();
    inner.failWith = new DependencyUnavailableError('down');
    const metrics = countingMetrics();
    await expect(new CountingCrmEventQueue(inner, metrics).publish([record('reply.sent')])).rejects.toBeInstanceOf(DependencyUnavailableError);
    expect(metrics.counts).toEqual({});
  });
});
