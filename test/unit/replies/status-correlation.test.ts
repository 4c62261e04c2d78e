import { describe, expect, it } from 'vitest';
import { buildCrmPayload } from '../../../shared/domain/crm/payload.js';
import type { StatusEvent } from '../../../shared/domain/inbound-event.js';
import { processInboundEvent } from '../../../shared/domain/processing/process-inbound-event.js';
import type { ReplyCorrelation } from '../../../shared/domain/replies/ports.js';
import { inMemoryProcessorDependencies } from '../../support/in-memory-processor.js';

const CONTACT = 'C'.repeat(43);

function statusEvent(wamid: string): StatusEvent {
  return {
    v: 1,
    kind: 'status',
    eventId: `${wamid}:delivered`,
    contactId: CONTACT,
    phoneNumberId: '100',
    occurredAt: '2026-11-29T09:59:00.000Z',
    receivedAt: '2026-11-29T09:59:01.000Z',
    status: { id: wamid, status: 'delivered', timestamp: '1795946340', recipient_id: '4915112345678' },
  };
}

describe('Function: processInboundEvent (status of a reply)', () => {
  it('adds the replyId to message.status when the wamid belongs to a reply, and nothing otherwise', async () => {
    // Prepare
    const replyCorrelation: ReplyCorrelation = {
      findReplyId: async (contactId, wamid) => (contactId === CONTACT && wamid === 'wamid.OURS' ? 'rpl_x' : undefined),
    };
    const { crmEvents, dependencies } = inMemoryProcessorDependencies({ replyCorrelation });

    // Act
    await processInboundEvent(statusEvent('wamid.OURS'), dependencies);
    await processInboundEvent(statusEvent('wamid.OTHER'), dependencies);

    // Assess: the CRM payload carries the replyId, and no phone number
    const [ours, other] = crmEvents.records.map((record) => buildCrmPayload(record));
    expect(ours?.data).toEqual({ contactId: CONTACT, messageId: 'wamid.OURS', status: 'delivered', replyId: 'rpl_x' });
    expect(other?.data).toEqual({ contactId: CONTACT, messageId: 'wamid.OTHER', status: 'delivered' });
  });
});
