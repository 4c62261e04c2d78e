import type { BridgeConfig } from '../../config/bridge-config.js';
import { sha256Hex } from '../crypto.js';
import type { MessageEvent, PreferenceEvent } from '../inbound-event.js';
import type { OutboundMessage } from '../outbound-message.js';
import type { Clock, ConsentState, ContactProfile, CrmEventQueue, Log } from '../ports.js';
import type { AdmissionDecision, MessageAdmission } from '../processing/process-inbound-event.js';
import {
  consentConfirmationMessage,
  consentRequestMessage,
  erasureConfirmationMessage,
  privacyNoticeMessage,
} from './bridge-messages.js';
import { consentChangedRecord } from './consent-records.js';
import { eraseContact } from './data-subject-rights.js';
import { KeywordMatcher, recogniseConsentAction, type EvidenceType } from './keywords.js';
import { mayProcessForCustomerService } from './lawful-basis.js';
import { languageForContact } from './contact-language.js';
import { renderNotice } from './notice.js';
import type { ConsentReceipt, ConsentStore, ContactDataStore } from './ports.js';
import { nextConsentState } from './state-machine.js';

export interface ConsentAdmissionDependencies {
  readonly store: ConsentStore;
  /** For erasure requested by message. */
  readonly data: ContactDataStore;
  readonly crmEvents: CrmEventQueue;
  readonly config: BridgeConfig;
  readonly clock: Clock;
  readonly log: Log;
}

const NOTHING: AdmissionDecision = { forward: [], outbound: [], crmEvents: [] };
/** The erasure confirmation must go out within the customer service window; the wa_id is kept no longer. */
const CONFIRMATION_WINDOW_MS = 24 * 60 * 60 * 1000;

/**
 * The consent seam of the processor: the Art. 13 notice on first contact, holding messages until
 * consent, receipts for every decision, withdrawal, and erasure by message.
 *
 * For each inbound message:
 * 1. an erasure keyword: confirm, then erase the contact (Art. 17);
 * 2. a consent action (reply button or keyword) after the notice: move the state machine, append
 *    a receipt, confirm to the contact, push `contact.consent_changed`; a grant releases the held
 *    messages in order, a decline or withdrawal discards them;
 * 3. any other message: on first contact queue the notice (and, under `consent`, the consent
 *    request) and hold the message; later, forward it only if the lawful basis allows.
 * Every write is idempotent per event: reply ids, receipt keys and CRM ids derive from the event
 * id, the state update is conditional on the profile's version, and `consentEventId` recognises a
 * redelivery of the event that already changed the state.
 */
export class ConsentAdmission implements MessageAdmission {
  private readonly keywords: KeywordMatcher;

  public constructor(private readonly dependencies: ConsentAdmissionDependencies) {
    this.keywords = new KeywordMatcher(dependencies.config.keywords);
  }

  public async admit({ event, profile }: { event: MessageEvent; profile: ContactProfile }): Promise<AdmissionDecision> {
    const state = profile.consentState ?? 'unknown';
    const basis = this.dependencies.config.purposes.customerService.basis;
    if (event.message.type === 'system') {
      // Whatever the lawful basis, the old and the new id stay linked: rights requests reach both.
      if (event.newContactId !== undefined && event.newContactId !== event.contactId) {
        await this.dependencies.store.linkContacts({
          previousContactId: event.contactId,
          nextContactId: event.newContactId,
          changedAt: event.occurredAt,
          evidenceMessageId: event.message.id,
        });
      }
      // WhatsApp's own notices (e.g. a number change) are not the contact writing: no notice, no hold.
      return mayProcessForCustomerService(profile, basis) ? { ...NOTHING, forward: [event] } : NOTHING;
    }
    const recognised = recogniseConsentAction(event.message, this.keywords);
    if (recognised?.action === 'erasure') return this.eraseOnRequest(event, profile);
    // A grant before the notice is not informed consent; an objection is honoured at any time.
    if (recognised && !(state === 'unknown' && recognised.action === 'grant')) {
      return this.decide(event, profile, recognised.action, recognised.evidence);
    }
    const redelivery = profile.consentEventId === event.eventId;
    // Notified under contract or legitimate interest, and the basis is consent now: never asked.
    const notAskedYet = basis === 'consent' && state === 'notified' && profile.noticeBasis !== undefined && profile.noticeBasis !== 'consent';
    if (state === 'unknown' || (state === 'notified' && (redelivery || notAskedYet))) {
      // A keyword-only message (e.g. START before any notice) is not content to hold.
      return this.firstContact(event, profile, recognised === undefined);
    }
    if (basis === 'consent' && state === 'notified') {
      await this.hold(event);
      return NOTHING;
    }
    if (mayProcessForCustomerService(profile, basis)) return { ...NOTHING, forward: [event] };
    this.dependencies.log.info('message not forwarded: no lawful basis', { eventId: event.eventId, contactId: event.contactId, consentState: state });
    return NOTHING;
  }

  public async applyPreference({ event, profile }: { event: PreferenceEvent; profile: ContactProfile | undefined }): Promise<AdmissionDecision> {
    if (event.category !== 'marketing_messages' || (event.value !== 'stop' && event.value !== 'resume')) return NOTHING;
    const optOut = event.value === 'stop';
    if (optOut) {
      // Resuming marketing messages is not consent (WHATSAPP.md §8): only the stop is a decision to prove.
      await this.dependencies.store.appendReceipt(
        this.receipt(event, profile, {
          purposes: ['marketing'],
          decision: 'withdrawn',
          previousState: profile?.consentState ?? 'unknown',
          evidence: 'user_preferences',
          basis: 'consent',
        }),
      );
    }
    await this.dependencies.store.setMarketingOptOut(event.contactId, optOut, event.occurredAt);
    return {
      ...NOTHING,
      crmEvents: [
        consentChangedRecord({
          contactId: event.contactId,
          sourceEventId: event.eventId,
          occurredAt: event.occurredAt,
          purpose: 'marketing',
          marketingOptOut: optOut,
          basis: 'consent',
          evidenceType: 'user_preferences',
        }),
      ],
    };
  }

  private async firstContact(event: MessageEvent, profile: ContactProfile, holdable: boolean): Promise<AdmissionDecision> {
    const { config, store, clock } = this.dependencies;
    const language = profile.language ?? languageForContact(event.waId ?? profile.waId, config);
    const notice = renderNotice(language, config);
    const basis = config.purposes.customerService.basis;
    const context = { contactId: event.contactId, sourceEventId: event.eventId, requestedAt: clock.now().toISOString() };
    const outbound: OutboundMessage[] = [privacyNoticeMessage(notice, context)];
    if (basis === 'consent') outbound.push(consentRequestMessage(notice.language, config, context));
    if (basis === 'consent' && holdable) await this.hold(event);
    const state = profile.consentState ?? 'unknown';
    // A redelivery finds the profile updated already; a contact notified under another basis gets
    // the current notice (it names the new basis) with the request, and the profile records both.
    if (state === 'unknown' || (profile.noticeBasis !== undefined && profile.noticeBasis !== basis)) {
      await store.updateConsent(event.contactId, profile.version, {
        consentState: state === 'unknown' ? nextConsentState('unknown', 'notice_sent') : state,
        consentEventId: event.eventId,
        consentUpdatedAt: clock.now().toISOString(),
        noticeVersion: notice.version,
        noticeSha256: notice.sha256,
        noticeBasis: basis,
        language: notice.language,
      });
    }
    this.dependencies.log.info('privacy notice queued', { eventId: event.eventId, contactId: event.contactId, noticeVersion: notice.version, held: basis === 'consent' && holdable });
    // Under contract or legitimate interest the notice is information, not a gate (Art. 13 still applies).
    return { ...NOTHING, outbound, forward: basis !== 'consent' && holdable ? [event] : [] };
  }

  private async decide(
    event: MessageEvent,
    profile: ContactProfile,
    input: 'grant' | 'decline' | 'withdraw',
    evidence: EvidenceType,
  ): Promise<AdmissionDecision> {
    const { config, store, clock, log } = this.dependencies;
    const state = profile.consentState ?? 'unknown';
    const next = nextConsentState(state, input);
    const changed = next !== state;
    const redelivery = profile.consentEventId === event.eventId;
    const language = profile.language ?? languageForContact(event.waId ?? profile.waId, config);
    const context = { contactId: event.contactId, sourceEventId: event.eventId, requestedAt: clock.now().toISOString() };
    const decision = next === 'granted' ? 'granted' : next === 'withdrawn' ? 'withdrawn' : 'declined';
    const confirmation = consentConfirmationMessage(decision, language, config, context);
    if (!changed && !redelivery) {
      // Repeating a decision (STOP twice) changes nothing; the contact still gets a confirmation.
      return { ...NOTHING, outbound: [confirmation] };
    }
    const basis = config.purposes.customerService.basis;
    if (changed) {
      // The receipt is written before the state, so a crash in between cannot lose the proof.
      await store.appendReceipt(
        this.receipt(event, profile, {
          purposes: ['customer_service'],
          decision,
          previousState: state,
          evidence,
          basis,
        }),
      );
      await store.updateConsent(event.contactId, profile.version, {
        consentState: next,
        consentEventId: event.eventId,
        consentUpdatedAt: clock.now().toISOString(),
      });
    }
    const held = await store.listHeld(event.contactId);
    const crmEvents = [
      consentChangedRecord({
        contactId: event.contactId,
        sourceEventId: event.eventId,
        occurredAt: event.occurredAt,
        purpose: 'customer_service',
        state: next,
        basis,
        evidenceType: evidence,
      }),
    ];
    log.info('consent changed', { eventId: event.eventId, contactId: event.contactId, from: state, to: next, evidence, held: held.length });
    if (next === 'granted') {
      return {
        forward: held.map((item) => item.event),
        outbound: [confirmation],
        crmEvents,
        consentGranted: true,
        // Deleted only once the released messages are queued for the CRM.
        settle: () => store.deleteHeld(event.contactId, held),
      };
    }
    await store.deleteHeld(event.contactId, held);
    return { forward: [], outbound: [confirmation], crmEvents };
  }

  private async eraseOnRequest(event: MessageEvent, profile: ContactProfile): Promise<AdmissionDecision> {
    const { config, clock } = this.dependencies;
    const language = profile.language ?? languageForContact(event.waId ?? profile.waId, config);
    const context = { contactId: event.contactId, sourceEventId: event.eventId, requestedAt: clock.now().toISOString() };
    const waId = event.waId ?? profile.waId;
    return {
      ...NOTHING,
      outbound: [erasureConfirmationMessage(language, config, context)],
      settle: async () => {
        await eraseContact(
          {
            contactId: event.contactId,
            channel: 'message',
            sourceEventId: event.eventId,
            ...(waId
              ? {
                  retainRecipient: {
                    waId,
                    lastInboundAt: event.occurredAt,
                    phoneNumberId: event.phoneNumberId,
                    until: new Date(clock.now().getTime() + CONFIRMATION_WINDOW_MS),
                  },
                }
              : {}),
          },
          this.dependencies,
        );
      },
    };
  }

  private async hold(event: MessageEvent): Promise<void> {
    await this.dependencies.store.holdMessage({ event, heldAt: this.dependencies.clock.now().toISOString() });
  }

  private receipt(
    event: Pick<MessageEvent | PreferenceEvent, 'contactId' | 'eventId' | 'occurredAt' | 'receivedAt'>,
    profile: ContactProfile | undefined,
    details: { purposes: string[]; decision: ConsentReceipt['decision']; previousState: ConsentState; evidence: EvidenceType; basis: ConsentReceipt['basis'] },
  ): ConsentReceipt {
    const { contactId, eventId: sourceEventId, occurredAt: actedAt } = event;
    return {
      // Sorts by when the bridge received the action (milliseconds; Meta's timestamps are whole
      // seconds); the suffix makes it unique per event and the same on redelivery.
      receiptId: `${event.receivedAt}#${sha256Hex(sourceEventId).slice(0, 12)}`,
      contactId,
      purposes: details.purposes,
      basis: details.basis,
      decision: details.decision,
      previousState: details.previousState,
      noticeVersion: profile?.noticeVersion ?? null,
      noticeSha256: profile?.noticeSha256 ?? null,
      language: profile?.language ?? null,
      evidence: { messageId: sourceEventId, type: details.evidence },
      actedAt,
      recordedAt: this.dependencies.clock.now().toISOString(),
    };
  }
}
