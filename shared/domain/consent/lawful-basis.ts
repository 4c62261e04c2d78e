import type { LawfulBasis } from '../../config/bridge-config.js';
import type { ContactProfile } from '../ports.js';

/**
 * Whether the bridge may process this contact's conversation for customer service (forward to
 * the CRM, send free-form replies). Under `consent`, only after an explicit grant; under
 * `contract` or `legitimate_interest`, unless the contact objected or withdrew (STOP), which the
 * bridge honours whatever the basis (Art. 21).
 */
export function mayProcessForCustomerService(profile: Pick<ContactProfile, 'consentState'> | undefined, basis: LawfulBasis): boolean {
  const state = profile?.consentState ?? 'unknown';
  if (state === 'withdrawn' || state === 'declined') return false;
  return basis === 'consent' ? state === 'granted' : true;
}

/** Whether a marketing template may be sent: explicit consent and no marketing opt-out. */
export function mayReceiveMarketing(profile: Pick<ContactProfile, 'consentState' | 'marketingOptOut'> | undefined): boolean {
  return profile?.consentState === 'granted' && profile.marketingOptOut !== true;
}
