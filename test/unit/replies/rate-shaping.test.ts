import { describe, expect, it } from 'vitest';
import { PairSpacer, TokenBucket } from '../../../shared/domain/replies/rate-shaping.js';

/** A clock that only moves when the code under test sleeps: pacing is measured, not timed. */
function virtualTime() {
  let now = 0;
  const sleeps: number[] = [];
  return {
    clock: { now: () => new Date(now) },
    sleep: async (ms: number) => {
      sleeps.push(ms);
      now += ms;
    },
    sleeps,
    elapsed: () => now,
  };
}

describe('Class: TokenBucket', () => {
  it('lets a burst through at once, then paces to the rate', async () => {
    // Prepare
    const time = virtualTime();
    const bucket = new TokenBucket(10, 5, time.clock, time.sleep);

    // Act: 5 burst + 10 paced sends
    for (let index = 0; index < 15; index += 1) await bucket.acquire('number-1');

    // Assess: 10 sends beyond the burst take 1 s at 10/s
    expect(time.sleeps.slice(0, 1)).toEqual([100]);
    expect(time.elapsed()).toBe(1000);
  });

  it('keeps numbers apart, and waits for fresh tokens after a drain', async () => {
    const time = virtualTime();
    const bucket = new TokenBucket(2, 2, time.clock, time.sleep);
    await bucket.acquire('a');
    await bucket.acquire('b');
    expect(time.elapsed()).toBe(0);
    bucket.drain('a');
    await bucket.acquire('a');
    expect(time.elapsed()).toBe(500);
  });
});

describe('Class: PairSpacer', () => {
  it('spaces consecutive sends to one contact and lets other contacts through', async () => {
    const time = virtualTime();
    const spacer = new PairSpacer(1000, time.clock, time.sleep);
    await spacer.space('c1');
    await spacer.space('c2');
    expect(time.elapsed()).toBe(0);
    await spacer.space('c1');
    expect(time.elapsed()).toBe(1000);
  });
});
