import { isDroppedByErasure } from '../consent/data-subject-rights.js';
import type { ErasureTombstone } from '../consent/ports.js';
import type { LawfulBasis } from '../../config/bridge-config.js';
import { mayProcessForCustomerService, mayReceiveMarketing } from '../consent/lawful-basis.js';
import type { OutboundMessage } from '../outbound-message.js';
import type { ContactProfile } from '../ports.js';

/** Why a reply was not sent; the machine-readable `reason` of `reply.rejected`. */
export const REJECTION_REASONS = {
  contactErased: 'contact_erased',
  contactUnknown: 'contact_unknown',
  noLawfulBasis: 'no_lawful_basis',
  marketingNotPermitted: 'marketing_not_permitted',
  outsideServiceWindow: 'outside_service_window',
  noRecipientAddress: 'no_recipient_address',
  noBusinessNumber: 'no_business_number',
} as const;

export type RejectionReason = (typeof REJECTION_REASONS)[keyof typeof REJECTION_REASONS];

/**
 * Bridge messages that may reach a contact without consent: they are how consent is asked for,
 * and how a withdrawal or an erasure is confirmed (Art. 7(3), 12, 13, 17 GDPR).
 */
const CONSENT_EXEMPT_PURPOSES: ReadonlySet<string> = new Set(['privacy_notice', 'consent_request', 'consent_confirmation', 'erasure_confirmation']);

export interface SendingPolicy {
  readonly customerServiceBasis: LawfulBasis;
  readonly serviceWindowHours: number;
  readonly referralWindowHours: number;
}

export interface Recipient {
  readonly profile?: ContactProfile;
  /**
   * The contact's erasure tombstone, if any. A message requested before the erasure finished is
   * refused; a contact who writes again after it is a new contact and may be answered.
   */
  readonly erasure?: Pick<ErasureTombstone, 'state' | 'erasedAt'>;
}

export type SendDecision = { readonly send: true } | { readonly send: false; readonly reason: RejectionReason };

/**
 * Whether a reply may be sent now. Checks, in order: erasure (only an erasure confirmation may
 * still go out, while the profile exists), a known contact, the lawful basis (marketing templates
 * need marketing consent and no opt-out; templates without a category count as marketing),
 * the customer service window for free-form messages (24 h after the last inbound message, 72 h
 * after a click-to-WhatsApp referral; templates are allowed outside it), and a WhatsApp id to send to.
 */
export function decideSend(message: OutboundMessage, recipient: Recipient, policy: SendingPolicy, now: Date): SendDecision {
  const exempt = message.origin === 'bridge' && message.purpose !== undefined && CONSENT_EXEMPT_PURPOSES.has(message.purpose);
  const erased = isDroppedByErasure(recipient.erasure, message.requestedAt);
  if (erased && !(exempt && message.purpose === 'erasure_confirmation')) return reject(REJECTION_REASONS.contactErased);
  const profile = recipient.profile;
  if (!profile) return reject(REJECTION_REASONS.contactUnknown);
  if (!exempt) {
    const content = message.content;
    if (content.type === 'template' && (content.template.category ?? 'marketing') === 'marketing') {
      if (!mayReceiveMarketing(profile)) return reject(REJECTION_REASONS.marketingNotPermitted);
    } else if (!mayProcessForCustomerService(profile, policy.customerServiceBasis)) {
      return reject(REJECTION_REASONS.noLawfulBasis);
    }
  }
  if (message.content.type !== 'template' && !isServiceWindowOpen(profile, policy, now)) {
    return reject(REJECTION_REASONS.outsideServiceWindow);
  }
  if (!profile.waId) return reject(REJECTION_REASONS.noRecipientAddress);
  return { send: true };
}

/** Whether free-form messages may be sent: within the window after the last inbound message or referral. */
export function isServiceWindowOpen(
  profile: Pick<ContactProfile, 'lastInboundAt' | 'lastReferralAt'>,
  policy: Pick<SendingPolicy, 'serviceWindowHours' | 'referralWindowHours'>,
  now: Date,
): boolean {
  const within = (iso: string | undefined, hours: number) => {
    if (!iso) return false;
    const at = Date.parse(iso);
    return Number.isFinite(at) && now.getTime() - at < hours * 3_600_000;
  };
  return within(profile.lastInboundAt, policy.serviceWindowHours) || within(profile.lastReferralAt, policy.referralWindowHours);
}

function reject(reason: RejectionReason): SendDecision {
  return { send: false, reason };
}
