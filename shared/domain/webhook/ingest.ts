import { ForbiddenError, InvalidRequestError, PayloadTooLargeError } from '../../errors.js';
import { constantTimeEquals, hmacKey, type HmacKey } from '../crypto.js';
import type { Clock, InboundEventQueue } from '../ports.js';
import { describeIssues, normalizeWebhook } from './normalize.js';
import { WebhookEnvelopeSchema } from './schemas.js';
import { verifyWebhookSignature } from './signature.js';

/** Meta's webhook payloads can reach 3 MB. */
export const DEFAULT_MAX_WEBHOOK_BYTES = 3 * 1024 * 1024;

export interface IngestWebhookDependencies {
  /** Meta's app secret, the key of `X-Hub-Signature-256`. */
  readonly appSecret: HmacKey;
  /** The key of contact pseudonyms (see `deriveContactId`). */
  readonly pseudonymKey: HmacKey;
  readonly queue: InboundEventQueue;
  readonly clock: Clock;
  readonly maxBodyBytes: number;
}

export interface IngestResult {
  /** Events durably queued. */
  readonly queued: number;
}

/**
 * The same dependencies with both secrets imported once as KeyObjects: a handler calls this when it
 * is built, so no request pays for importing a key (two HMACs per webhook).
 */
export function withHmacKeys(dependencies: IngestWebhookDependencies): IngestWebhookDependencies {
  const asKey = (key: HmacKey) => (typeof key === 'string' || key instanceof Uint8Array ? hmacKey(key) : key);
  return { ...dependencies, appSecret: asKey(dependencies.appSecret), pseudonymKey: asKey(dependencies.pseudonymKey) };
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Accepts one webhook POST from Meta. Steps:
 * 1. reject bodies over the size limit (413);
 * 2. verify `X-Hub-Signature-256` over the raw bytes, in constant time (401);
 * 3. decode UTF-8 strictly and parse JSON (400);
 * 4. validate the envelope (400); items inside it never fail, unknown ones become `unsupported`;
 * 5. queue one event per item, all or nothing (503 when the queue is unavailable, so Meta retries).
 *
 * @throws PayloadTooLargeError, UnauthorizedError, InvalidRequestError, DependencyUnavailableError
 */
export async function ingestWebhook(
  request: { rawBody: Uint8Array; signature: string | undefined },
  dependencies: IngestWebhookDependencies,
): Promise<IngestResult> {
  if (request.rawBody.byteLength > dependencies.maxBodyBytes) {
    throw new PayloadTooLargeError(dependencies.maxBodyBytes);
  }
  verifyWebhookSignature(request.rawBody, request.signature, dependencies.appSecret);
  const envelope = WebhookEnvelopeSchema.safeParse(parseJson(request.rawBody));
  if (!envelope.success) {
    throw new InvalidRequestError(`not a WhatsApp webhook envelope: ${describeIssues(envelope.error)}`, {
      code: 'invalid_envelope',
    });
  }
  const events = normalizeWebhook(envelope.data, {
    pseudonymKey: dependencies.pseudonymKey,
    receivedAt: dependencies.clock.now(),
  });
  if (events.length > 0) {
    await dependencies.queue.enqueue(events);
  }
  return { queued: events.length };
}

function parseJson(rawBody: Uint8Array): unknown {
  let text: string;
  try {
    text = utf8.decode(rawBody);
  } catch {
    throw new InvalidRequestError('body is not valid UTF-8', { code: 'invalid_encoding' });
  }
  if (exceedsNestingDepth(text, MAX_JSON_DEPTH)) {
    throw new InvalidRequestError(`body is nested deeper than ${MAX_JSON_DEPTH} levels`, { code: 'nesting_too_deep' });
  }
  try {
    return JSON.parse(text);
  } catch {
    // The parser's message can quote the body, so it is not passed on.
    throw new InvalidRequestError('body is not valid JSON', { code: 'malformed_json' });
  }
}

/**
 * Meta's payloads nest about eight levels deep. Thousands of levels parse, but overflow the stack
 * in every recursive step after (validation, hashing), so they are refused before parsing.
 */
export const MAX_JSON_DEPTH = 64;

/** Whether the JSON text opens more than `limit` objects or arrays at once (strings skipped). */
function exceedsNestingDepth(text: string, limit: number): boolean {
  // Nesting deeper than `limit` needs more than `limit` opening brackets. Counting them with
  // indexOf (native, skips ahead) settles the common small webhook without the exact scan below.
  if (countUpTo(text, '{', limit + 1) + countUpTo(text, '[', limit + 1) <= limit) return false;
  let depth = 0;
  let inString = false;
  for (let index = 0; index < text.length; index += 1) {
    const code = text.charCodeAt(index);
    if (inString) {
      if (code === 0x5c /* \ */) index += 1;
      else if (code === 0x22 /* " */) inString = false;
    } else if (code === 0x22) {
      inString = true;
    } else if (code === 0x7b /* { */ || code === 0x5b /* [ */) {
      depth += 1;
      if (depth > limit) return true;
    } else if (code === 0x7d /* } */ || code === 0x5d /* ] */) {
      depth -= 1;
    }
  }
  return false;
}

/** Occurrences of `character` in `text`, counting stops at `cap`. */
function countUpTo(text: string, character: string, cap: number): number {
  let count = 0;
  for (let index = text.indexOf(character); index !== -1 && count < cap; index = text.indexOf(character, index + 1)) count += 1;
  return count;
}

/**
 * Answers Meta's verification handshake (`GET /webhook`): returns `hub.challenge` when
 * `hub.mode` is `subscribe` and `hub.verify_token` matches.
 *
 * @throws InvalidRequestError when a parameter is missing; ForbiddenError when the token is wrong.
 */
export function verifySubscription(query: Readonly<Record<string, string | undefined>>, verifyToken: string): string {
  const mode = query['hub.mode'];
  const token = query['hub.verify_token'];
  const challenge = query['hub.challenge'];
  if (mode === undefined || token === undefined || challenge === undefined) {
    throw new InvalidRequestError('hub.mode, hub.verify_token and hub.challenge are required', {
      code: 'missing_parameter',
    });
  }
  if (mode !== 'subscribe') {
    throw new InvalidRequestError('hub.mode must be "subscribe"', { code: 'invalid_mode' });
  }
  if (!constantTimeEquals(token, verifyToken)) {
    throw new ForbiddenError('verify token does not match', { code: 'invalid_verify_token' });
  }
  return challenge;
}
