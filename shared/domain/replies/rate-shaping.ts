import type { Clock } from '../ports.js';

/** Waits; injected so tests run without real delays. */
export type Sleep = (ms: number) => Promise<void>;

export const realSleep: Sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A token bucket per business phone number: `ratePerSecond` sends a second on average, bursts up
 * to `burst`. `acquire` waits until a token is free, so the sender paces itself instead of
 * collecting 130429 answers. It lives in one execution environment; the configured throughput is
 * divided by the sender's maximum concurrency, so all instances together stay below Meta's limit.
 */
export class TokenBucket {
  private readonly buckets = new Map<string, { tokens: number; refilledAt: number }>();

  public constructor(
    private readonly ratePerSecond: number,
    private readonly burst: number,
    private readonly clock: Clock,
    private readonly sleep: Sleep,
  ) {
    if (!(ratePerSecond > 0) || !(burst >= 1)) throw new RangeError('rate must be positive and burst at least 1');
  }

  /** Takes one token for `key`, waiting as long as needed. */
  public async acquire(key: string): Promise<void> {
    for (;;) {
      const now = this.clock.now().getTime();
      const bucket = this.buckets.get(key) ?? { tokens: this.burst, refilledAt: now };
      bucket.tokens = Math.min(this.burst, bucket.tokens + ((now - bucket.refilledAt) / 1000) * this.ratePerSecond);
      bucket.refilledAt = now;
      this.buckets.set(key, bucket);
      if (bucket.tokens >= 1) {
        bucket.tokens -= 1;
        return;
      }
      await this.sleep(Math.ceil(((1 - bucket.tokens) / this.ratePerSecond) * 1000));
    }
  }

  /** Empties the bucket after Meta answered 130429: the next sends wait for fresh tokens. */
  public drain(key: string): void {
    this.buckets.set(key, { tokens: 0, refilledAt: this.clock.now().getTime() });
  }
}

/**
 * Keeps consecutive sends to one contact at least `minimumGapMs` apart. The FIFO group already
 * serialises a contact's replies; this spaces them, so a CRM that answers in a burst does not
 * run into the pair rate limit (131056). Remembers recent contacts only (bounded).
 */
export class PairSpacer {
  private readonly lastSendAt = new Map<string, number>();

  public constructor(
    private readonly minimumGapMs: number,
    private readonly clock: Clock,
    private readonly sleep: Sleep,
    private readonly capacity = 10_000,
  ) {}

  /** Waits until the contact's gap has passed, then records a send now. */
  public async space(contactId: string): Promise<void> {
    const last = this.lastSendAt.get(contactId);
    if (last !== undefined && this.minimumGapMs > 0) {
      const wait = last + this.minimumGapMs - this.clock.now().getTime();
      if (wait > 0) await this.sleep(wait);
    }
    this.lastSendAt.delete(contactId);
    this.lastSendAt.set(contactId, this.clock.now().getTime());
    if (this.lastSendAt.size > this.capacity) {
      const oldest = this.lastSendAt.keys().next().value as string;
      this.lastSendAt.delete(oldest);
    }
  }
}
