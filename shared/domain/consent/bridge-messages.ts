import type { BridgeConfig } from '../../config/bridge-config.js';
import { sha256Hex } from '../crypto.js';
import type { OutboundContent, OutboundMessage } from '../outbound-message.js';
import { CONSENT_BUTTON_IDS } from './keywords.js';
import { noticeFor, type RenderedNotice } from './notice.js';

/*
 * The messages the bridge itself sends for consent (origin `bridge`). Reply ids derive from the
 * triggering inbound event, so a redelivered event queues the same ids and outbound.fifo drops
 * the duplicates.
 */

type BridgePurpose = NonNullable<OutboundMessage['purpose']>;

/** A deterministic reply id for a bridge message caused by an inbound event. */
export function bridgeReplyId(purpose: BridgePurpose, sourceEventId: string): string {
  return `rpl_${sha256Hex(`bridge\n${purpose}\n${sourceEventId}`).slice(0, 32)}`;
}

interface MessageContext {
  readonly contactId: string;
  readonly sourceEventId: string;
  readonly requestedAt: string;
}

function bridgeMessage(purpose: BridgePurpose, content: OutboundContent, context: MessageContext): OutboundMessage {
  return {
    v: 1,
    replyId: bridgeReplyId(purpose, context.sourceEventId),
    contactId: context.contactId,
    origin: 'bridge',
    purpose,
    content,
    requestedAt: context.requestedAt,
  };
}

function replyButtons(body: string, buttons: readonly { id: string; title: string }[]): OutboundContent {
  return {
    type: 'interactive',
    interactive: {
      type: 'button',
      body: { text: body },
      action: { buttons: buttons.map((button) => ({ type: 'reply', reply: { id: button.id, title: button.title } })) },
    },
  };
}

/** The Art. 13 notice, as a text message. */
export function privacyNoticeMessage(notice: RenderedNotice, context: MessageContext): OutboundMessage {
  return bridgeMessage('privacy_notice', { type: 'text', text: notice.text, previewUrl: true }, context);
}

/** The consent request: two reply buttons, `consent:grant` and `consent:decline`. */
export function consentRequestMessage(language: string, config: BridgeConfig, context: MessageContext): OutboundMessage {
  const { consentRequest } = noticeFor(language, config);
  return bridgeMessage(
    'consent_request',
    replyButtons(consentRequest.body, [
      { id: CONSENT_BUTTON_IDS.grant, title: consentRequest.grantButton },
      { id: CONSENT_BUTTON_IDS.decline, title: consentRequest.declineButton },
    ]),
    context,
  );
}

/** Confirms a decision; a grant's confirmation carries the withdraw button (as easy as giving). */
export function consentConfirmationMessage(
  decision: 'granted' | 'declined' | 'withdrawn',
  language: string,
  config: BridgeConfig,
  context: MessageContext,
): OutboundMessage {
  const { confirmations } = noticeFor(language, config);
  const content: OutboundContent =
    decision === 'granted'
      ? replyButtons(confirmations.granted, [{ id: CONSENT_BUTTON_IDS.withdraw, title: confirmations.withdrawButton }])
      : { type: 'text', text: confirmations[decision] };
  return bridgeMessage('consent_confirmation', content, context);
}

/** Confirms an erasure request made by message. */
export function erasureConfirmationMessage(language: string, config: BridgeConfig, context: MessageContext): OutboundMessage {
  return bridgeMessage('erasure_confirmation', { type: 'text', text: noticeFor(language, config).confirmations.erasure }, context);
}
