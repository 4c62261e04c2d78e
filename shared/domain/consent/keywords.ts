import type { KeywordsSection } from '../../config/consent-sections.js';

/*
 * Recognises the consent actions a message can carry: the buttons of the consent request and
 * of the grant confirmation, and configured whole-message keywords (Art. 7(3): withdrawing must
 * be as easy as giving consent).
 */

/** Reply-button ids of the bridge's own interactive messages. */
export const CONSENT_BUTTON_IDS = {
  grant: 'consent:grant',
  decline: 'consent:decline',
  withdraw: 'consent:withdraw',
} as const;

export type ConsentAction = 'grant' | 'decline' | 'withdraw' | 'erasure';

/** How the action was expressed: kept as evidence in the consent receipt. */
export type EvidenceType = 'button_reply' | 'keyword' | 'user_preferences';

export interface RecognisedAction {
  readonly action: ConsentAction;
  readonly evidence: EvidenceType;
}

/**
 * Folds a text for keyword comparison: Unicode compatibility form, accents removed, upper case,
 * whitespace collapsed, surrounding punctuation dropped (so "Stopp!" and "arrêt" match).
 */
export function foldKeyword(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toUpperCase()
    .replace(/[\s\u00a0]+/g, ' ')
    .replace(/^[\s\p{P}\p{S}]+|[\s\p{P}\p{S}]+$/gu, '')
    .trim();
}

/** Keyword lookup built once from the configuration. */
export class KeywordMatcher {
  private readonly actions = new Map<string, ConsentAction>();

  public constructor(keywords: KeywordsSection) {
    // Withdrawal wins over a grant if a word is configured as both (the safer reading).
    for (const kind of ['grant', 'erasure', 'withdraw'] as const) {
      for (const entry of Object.values(keywords)) {
        for (const word of entry[kind]) this.actions.set(foldKeyword(word), kind);
      }
    }
  }

  /** The action a whole message text stands for, if it is a keyword. */
  public match(text: string): ConsentAction | undefined {
    const folded = foldKeyword(text);
    return folded ? this.actions.get(folded) : undefined;
  }
}

/**
 * The consent action of an inbound message, if any: a reply button of the bridge's messages
 * (an `interactive` `button_reply`, also when ingest kept it as `unsupported` with
 * `original_type: "interactive"`, or a template quick-reply `button` payload) or a keyword.
 */
export function recogniseConsentAction(message: Record<string, unknown>, matcher: KeywordMatcher): RecognisedAction | undefined {
  const buttonId = readButtonId(message);
  if (buttonId !== undefined) {
    const action = (Object.entries(CONSENT_BUTTON_IDS) as [ConsentAction, string][]).find(([, id]) => id === buttonId)?.[0];
    return action ? { action, evidence: 'button_reply' } : undefined;
  }
  const text = readText(message);
  const action = text === undefined ? undefined : matcher.match(text);
  return action ? { action, evidence: 'keyword' } : undefined;
}

function readButtonId(message: Record<string, unknown>): string | undefined {
  const type = message.type === 'unsupported' ? message.original_type : message.type;
  if (type === 'interactive') {
    const interactive = asObject(message.interactive);
    const reply = asObject(interactive.button_reply);
    return typeof reply.id === 'string' ? reply.id : undefined;
  }
  if (type === 'button') {
    const payload = asObject(message.button).payload;
    return typeof payload === 'string' ? payload : undefined;
  }
  return undefined;
}

function readText(message: Record<string, unknown>): string | undefined {
  const type = message.type === 'unsupported' ? message.original_type : message.type;
  if (type !== 'text') return undefined;
  const body = asObject(message.text).body;
  return typeof body === 'string' ? body : undefined;
}

function asObject(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
}
