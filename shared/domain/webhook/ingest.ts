import { ForbiddenError, InvalidRequestError, PayloadTooLargeError } from '../../errors.js';
import { constantTimeEquals } from '../crypto.js';
import type { Clock, InboundEventQueue } from '../ports.js';
import { describeIssues, normalizeWebhook } from './normalize.js';
import { WebhookEnvelopeSchema } from './schemas.js';
import { verifyWebhookSignature } from './signature.js';

/** Meta's webhook payloads can reach 3 MB. */
export const DEFAULT_MAX_WEBHOOK_BYTES = 3 * 1024 * 1024;

export interface IngestWebhookDependencies {
  readonly appSecret: string;
  readonly pseudonymKey: string;
  readonly queue: InboundEventQueue;
  readonly clock: Clock;
  readonly maxBodyBytes: number;
}

export interface IngestResult {
  /** Events durably queued. */
  readonly queued: number;
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
  try {
    return JSON.parse(text);
  } catch {
    // The parser's message can quote the body, so it is not passed on.
    throw new InvalidRequestError('body is not valid JSON', { code: 'malformed_json' });
  }
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
