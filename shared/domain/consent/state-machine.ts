import type { ConsentState } from '../ports.js';

/*
 * The consent state machine of one contact, for the customer-service purpose:
 *
 *   unknown --notice_sent--> notified --grant--> granted --withdraw|decline--> withdrawn
 *                               |                  ^                              |
 *                               +--decline---> declined --grant-------------------+ (grant)
 *
 * Consent is given only by an explicit, informed action: a grant before the notice was shown
 * does not count (the bridge shows the notice instead). An objection (decline or withdraw) is
 * honoured in every state, even before the notice.
 */

/** What can happen to a contact's consent. */
export type ConsentInput = 'notice_sent' | 'grant' | 'decline' | 'withdraw';

export const CONSENT_STATES: readonly ConsentState[] = ['unknown', 'notified', 'granted', 'declined', 'withdrawn'];
export const CONSENT_INPUTS: readonly ConsentInput[] = ['notice_sent', 'grant', 'decline', 'withdraw'];

const TRANSITIONS: Readonly<Record<ConsentState, Readonly<Record<ConsentInput, ConsentState>>>> = {
  // A grant before the notice is not informed: the notice goes out first.
  unknown: { notice_sent: 'notified', grant: 'notified', decline: 'declined', withdraw: 'declined' },
  notified: { notice_sent: 'notified', grant: 'granted', decline: 'declined', withdraw: 'declined' },
  // Declining after granting is a withdrawal (Art. 7(3)).
  granted: { notice_sent: 'granted', grant: 'granted', decline: 'withdrawn', withdraw: 'withdrawn' },
  declined: { notice_sent: 'declined', grant: 'granted', decline: 'declined', withdraw: 'declined' },
  withdrawn: { notice_sent: 'withdrawn', grant: 'granted', decline: 'withdrawn', withdraw: 'withdrawn' },
};

/** The state after `input`; total over every state and input, never throws. */
export function nextConsentState(state: ConsentState, input: ConsentInput): ConsentState {
  return TRANSITIONS[state][input];
}

/** Whether `input` in `state` needs the notice sent first (nothing was shown yet). */
export function needsNotice(state: ConsentState): boolean {
  return state === 'unknown';
}
