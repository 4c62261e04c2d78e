import * as crypto from 'node:crypto';
import { describe, expect, it, vi } from 'vitest';

vi.mock('node:crypto', async (importOriginal) => {
  const original = await importOriginal<typeof import('node:crypto')>();
  return { ...original, timingSafeEqual: vi.fn(original.timingSafeEqual) };
});

const { signWebhookBody, verifyWebhookSignature } = await import('../../../shared/domain/webhook/signature.js');

describe('Function: verifyWebhookSignature, comparison', () => {
  it('compares the digests with crypto.timingSafeEqual on equal-length buffers, matching or not', () => {
    // Prepare
    const spy = vi.mocked(crypto.timingSafeEqual);
    const body = Buffer.from('{"a":1}');
    spy.mockClear();

    // Act
    verifyWebhookSignature(body, signWebhookBody(body, 'secret'), 'secret');
    expect(() => verifyWebhookSignature(body, signWebhookBody(body, 'other'), 'secret')).toThrow();

    // Assess
    expect(spy).toHaveBeenCalledTimes(2);
    for (const [left, right] of spy.mock.calls) {
      expect((left as Buffer).length).toBe(32);
      expect((right as Buffer).length).toBe(32);
    }
  });
});
