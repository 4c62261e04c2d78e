import { describe, expect, it } from 'vitest';
import { acceptReply, authorizeBearer, newReplyId } from '../../../shared/domain/replies/accept-reply.js';
import type { IdempotencyEntry, IdempotencyStore } from '../../../shared/domain/replies/ports.js';
import { ReplyRequestSchema, requestFingerprint } from '../../../shared/domain/replies/request.js';
import type { OutboundMessage } from '../../../shared/domain/outbound-message.js';
import { capturingLog, fixedClock } from '../../support/in-memory.js';

const CONTACT = 'A'.repeat(43);

describe('Schema: ReplyRequestSchema', () => {
  it('accepts text, template and interactive replies within WhatsApp\'s limits', () => {
    expect(ReplyRequestSchema.safeParse({ contactId: CONTACT, text: 'hi', replyTo: 'wamid.X' }).success).toBe(true);
    expect(ReplyRequestSchema.safeParse({ contactId: CONTACT, template: { name: 'n', language: 'de', category: 'utility' } }).success).toBe(true);
    const rows = Array.from({ length: 10 }, (_, index) => ({ id: `r${index}`, title: `Row ${index}` }));
    const list = { type: 'list', body: { text: 'pick' }, action: { button: 'Options', sections: [{ title: 'A', rows: rows.slice(0, 5) }, { title: 'B', rows: rows.slice(5) }] } };
    expect(ReplyRequestSchema.safeParse({ contactId: CONTACT, interactive: list }).success).toBe(true);
  });

  it('refuses a bad contact id, two contents, 4 buttons, 11 list rows and unknown fields', () => {
    expect(ReplyRequestSchema.safeParse({ contactId: 'nope', text: 'hi' }).success).toBe(false);
    expect(ReplyRequestSchema.safeParse({ contactId: CONTACT, text: 'hi', template: { name: 'n', language: 'de' } }).success).toBe(false);
    expect(ReplyRequestSchema.safeParse({ contactId: CONTACT }).success).toBe(false);
    const buttons = ['a', 'b', 'c', 'd'].map((id) => ({ type: 'reply', reply: { id, title: id } }));
    expect(ReplyRequestSchema.safeParse({ contactId: CONTACT, interactive: { type: 'button', body: { text: 'b' }, action: { buttons } } }).success).toBe(false);
    const rows = Array.from({ length: 11 }, (_, index) => ({ id: `r${index}`, title: 'x' }));
    expect(ReplyRequestSchema.safeParse({ contactId: CONTACT, interactive: { type: 'list', body: { text: 'b' }, action: { button: 'B', sections: [{ rows }] } } }).success).toBe(false);
    expect(ReplyRequestSchema.safeParse({ contactId: CONTACT, text: 'hi', phone: '4915100000001' }).success).toBe(false);
  });

  it('fingerprints bodies independently of key order', () => {
    const a = ReplyRequestSchema.parse({ contactId: CONTACT, template: { name: 'n', language: 'de' } });
    const b = ReplyRequestSchema.parse({ template: { language: 'de', name: 'n' }, contactId: CONTACT });
    expect(requestFingerprint(a)).toBe(requestFingerprint(b));
  });
});

describe('Function: acceptReply', () => {
  function setup() {
    const entries = new Map<string, IdempotencyEntry>();
    const idempotency: IdempotencyStore = {
      claim: async (keyHash, entry) => {
        const existing = entries.get(keyHash);
        if (existing) return { entry: existing, created: false };
        entries.set(keyHash, entry);
        return { entry, created: true };
      },
    };
    const queued: OutboundMessage[] = [];
    const dependencies = {
      outbound: { enqueue: async (messages: readonly OutboundMessage[]) => void queued.push(...messages) },
      idempotency,
      apiToken: 'token',
      idempotencyKeySeconds: 86_400,
      clock: fixedClock(),
      log: capturingLog(),
    };
    return { dependencies, queued, entries };
  }

  it('answers the same reply id for a repeated key and body, and 422 for another body', async () => {
    const { dependencies, queued, entries } = setup();
    const request = { authorization: 'Bearer token', idempotencyKey: 'k-1', body: JSON.stringify({ contactId: CONTACT, text: 'hi' }) };
    const first = await acceptReply(request, dependencies);
    const second = await acceptReply(request, dependencies);
    expect(second).toEqual({ replyId: first.replyId, replayed: true });
    expect(queued.map((message) => message.replyId)).toEqual([first.replyId, first.replyId]);
    expect([...entries.keys()][0]).not.toContain('k-1');
    await expect(acceptReply({ ...request, body: JSON.stringify({ contactId: CONTACT, text: 'other' }) }, dependencies)).rejects.toMatchObject({ httpStatus: 422, code: 'idempotency_key_reused' });
  });

  it('refuses a wrong token, malformed JSON and a bad key', async () => {
    const { dependencies } = setup();
    const body = JSON.stringify({ contactId: CONTACT, text: 'hi' });
    await expect(acceptReply({ authorization: 'Bearer nope', idempotencyKey: undefined, body }, dependencies)).rejects.toMatchObject({ httpStatus: 401 });
    await expect(acceptReply({ authorization: 'Bearer token', idempotencyKey: undefined, body: '{' }, dependencies)).rejects.toMatchObject({ httpStatus: 400, code: 'malformed_json' });
    await expect(acceptReply({ authorization: 'Bearer token', idempotencyKey: 'has space', body }, dependencies)).rejects.toMatchObject({ httpStatus: 400, code: 'invalid_idempotency_key' });
  });
});

describe('Function: authorizeBearer', () => {
  it('accepts only the exact token after "Bearer"', () => {
    expect(() => authorizeBearer('Bearer token', 'token')).not.toThrow();
    expect(() => authorizeBearer('bearer token', 'token')).not.toThrow();
    expect(() => authorizeBearer('token', 'token')).toThrow();
    expect(() => authorizeBearer(undefined, 'token')).toThrow();
    expect(() => authorizeBearer('Bearer token2', 'token')).toThrow();
  });
});

describe('Function: newReplyId', () => {
  it('makes distinct ids of the documented shape', () => {
    const ids = new Set(Array.from({ length: 100 }, newReplyId));
    expect(ids.size).toBe(100);
    for (const id of ids) expect(id).toMatch(/^rpl_[a-z2-7]{26}$/);
  });
});
