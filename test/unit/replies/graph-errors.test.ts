import { describe, expect, it } from 'vitest';
import { classifyGraphFailure, retryDelaySeconds } from '../../../shared/domain/replies/graph-errors.js';

describe('Function: classifyGraphFailure', () => {
  it('retries rate limits, maintenance, generic errors, 5xx and timeouts', () => {
    for (const code of [130429, 131057, 131000, 131001, 131002]) {
      expect(classifyGraphFailure({ code, httpStatus: 400 })).toEqual({ retry: true, backoff: 'exponential' });
    }
    expect(classifyGraphFailure({ code: 131056, httpStatus: 400 })).toEqual({ retry: true, backoff: 'pair_rate' });
    expect(classifyGraphFailure({ httpStatus: 502 })).toEqual({ retry: true, backoff: 'exponential' });
    expect(classifyGraphFailure({ transport: 'timeout' })).toEqual({ retry: true, backoff: 'exponential' });
    expect(classifyGraphFailure({ transport: 'network' })).toEqual({ retry: true, backoff: 'exponential' });
  });

  it('does not retry policy and recipient errors; 131050 records an opt-out; 190 and 368 raise an alarm', () => {
    for (const code of [131047, 131026, 131049, 131051]) {
      expect(classifyGraphFailure({ code, httpStatus: 400 })).toEqual({ retry: false, alarm: false, recordMarketingOptOut: false });
    }
    expect(classifyGraphFailure({ code: 131050, httpStatus: 400 })).toEqual({ retry: false, alarm: false, recordMarketingOptOut: true });
    expect(classifyGraphFailure({ code: 190, httpStatus: 401 })).toEqual({ retry: false, alarm: true, recordMarketingOptOut: false });
    expect(classifyGraphFailure({ code: 368, httpStatus: 403 })).toEqual({ retry: false, alarm: true, recordMarketingOptOut: false });
  });

  it('keeps a known final code final even on a 5xx, and an unknown 4xx code final', () => {
    expect(classifyGraphFailure({ code: 131047, httpStatus: 500 })).toMatchObject({ retry: false });
    expect(classifyGraphFailure({ code: 132001, httpStatus: 404 })).toMatchObject({ retry: false, alarm: false });
  });
});

describe('Function: retryDelaySeconds', () => {
  it('doubles per attempt, quadruples after a pair rate limit, and stops at the cap', () => {
    const options = { baseSeconds: 2, maxSeconds: 900 };
    expect([1, 2, 3, 4].map((attempt) => retryDelaySeconds('exponential', attempt, options))).toEqual([2, 4, 8, 16]);
    expect([1, 2, 3, 4, 5, 6].map((attempt) => retryDelaySeconds('pair_rate', attempt, { baseSeconds: 1, maxSeconds: 900 }))).toEqual([1, 4, 16, 64, 256, 900]);
  });
});
