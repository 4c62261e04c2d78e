import { describe, expect, it } from 'vitest';
import { InstructionsUsageError, parseCachegrindSummary, parseOptions, perMessage } from '../../bench/instructions.js';

const SUMMARY = `==10540== Cachegrind, a cache and branch-prediction profiler
==10540== I   refs:      8,024,709,145
==10540== I1  misses:       80,741,154
==10540== LLi misses:           91,241
==10540== I1  miss rate:          1.01%
==10540== D   refs:      3,171,486,951  (2,168,716,458 rd   + 1,002,770,493 wr)
==10540== Branches:      1,224,441,116  (1,100,129,812 cond +   124,311,304 ind)
==10540== Mispredicts:     112,087,887  (  100,317,165 cond +    11,770,722 ind)
`;

describe('Function: parseCachegrindSummary', () => {
  it('reads instructions, first-level instruction-cache misses and mispredictions', () => {
    // Act
    const counts = parseCachegrindSummary(SUMMARY);
    // Assess
    expect(counts).toEqual({ instructions: 8_024_709_145, instructionCacheMisses: 80_741_154, branchMispredictions: 112_087_887 });
  });

  it('names the missing counter when the run printed no summary', () => {
    expect(() => parseCachegrindSummary('==1== I   refs:      10\n')).toThrow(/"I1\\s\+misses"/);
  });
});

describe('Function: perMessage', () => {
  it('divides the difference between the two runs by the messages between them', () => {
    // Prepare
    const shorter = { instructions: 1_000_000, instructionCacheMisses: 5_000, branchMispredictions: 2_000 };
    const longer = { instructions: 3_000_000, instructionCacheMisses: 9_000, branchMispredictions: 3_000 };
    // Act
    const counts = perMessage(shorter, longer, 100);
    // Assess
    expect(counts).toEqual({ instructions: 20_000, instructionCacheMisses: 40, branchMispredictions: 10 });
  });

  it('rejects a run without messages', () => {
    const counts = { instructions: 1, instructionCacheMisses: 1, branchMispredictions: 1 };
    expect(() => perMessage(counts, counts, 0)).toThrow(RangeError);
  });
});

describe('Function: parseOptions', () => {
  it('defaults to 60 passes and no reference revision', () => {
    expect(parseOptions([])).toEqual({ ref: undefined, passes: 60 });
  });

  it('takes a revision and a pass count', () => {
    expect(parseOptions(['--ref', 'HEAD~3', '--passes', '120'])).toEqual({ ref: 'HEAD~3', passes: 120 });
  });

  it.each([['--passes', '5'], ['--passes', 'many'], ['--passes', '60.5'], ['--colour']])('rejects %s %s with the usage', (...argv) => {
    expect(() => parseOptions(argv)).toThrow(InstructionsUsageError);
    expect(() => parseOptions(argv)).toThrow(/usage: npm run bench:instructions/);
  });
});
