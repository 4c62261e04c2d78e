import { describe, expect, it } from 'vitest';
import { CONSENT_INPUTS, CONSENT_STATES, nextConsentState, type ConsentInput } from '../../../shared/domain/consent/state-machine.js';
import type { ConsentState } from '../../../shared/domain/ports.js';

// The whole machine, written out: every state by every input.
const EXPECTED: Record<ConsentState, Record<ConsentInput, ConsentState>> = {
  unknown: { notice_sent: 'notified', grant: 'notified', decline: 'declined', withdraw: 'declined' },
  notified: { notice_sent: 'notified', grant: 'granted', decline: 'declined', withdraw: 'declined' },
  granted: { notice_sent: 'granted', grant: 'granted', decline: 'withdrawn', withdraw: 'withdrawn' },
  declined: { notice_sent: 'declined', grant: 'granted', decline: 'declined', withdraw: 'declined' },
  withdrawn: { notice_sent: 'withdrawn', grant: 'granted', decline: 'withdrawn', withdraw: 'withdrawn' },
};

describe('Function: nextConsentState', () => {
  const cases = CONSENT_STATES.flatMap((state) => CONSENT_INPUTS.map((input) => [state, input, EXPECTED[state][input]] as const));

  it('covers all 5 states and 4 inputs', () => {
    expect(cases).toHaveLength(20);
  });

  it.each(cases)('%s + %s -> %s', (state, input, expected) => {
    expect(nextConsentState(state, input)).toBe(expected);
  });

  it('never grants without the notice having been shown (unknown + grant stays short of granted)', () => {
    expect(nextConsentState('unknown', 'grant')).not.toBe('granted');
  });

  it('reaches granted again from declined and withdrawn only by an explicit grant', () => {
    for (const state of ['declined', 'withdrawn'] as const) {
      for (const input of CONSENT_INPUTS) {
        expect(nextConsentState(state, input) === 'granted').toBe(input === 'grant');
      }
    }
  });
});
