import { randomBytes } from 'node:crypto';
import { BridgeError, InvalidRequestError, PayloadTooLargeError, UnauthorizedError } from '../../errors.js';
import { constantTimeEquals, sha256Hex } from '../crypto.js';
import type { OutboundMessage } from '../outbound-message.js';
import type { Clock, Log, OutboundMessageQueue } from '../ports.js';
import { describeIssues } from '../webhook/normalize.js';
import type { IdempotencyStore } from './ports.js';
import { IdempotencyKeySchema, ReplyRequestSchema, requestFingerprint, toOutboundContent, type ReplyRequest } from './request.js';

/** 422: an `Idempotency-Key` was used before for a different request body. */
export class IdempotencyKeyReusedError extends BridgeError {
  public constructor() {
    super('this Idempotency-Key was used for a different request; use a new key for a new reply', {
      code: 'idempotency_key_reused',
      httpStatus: 422,
    });
    this.name = 'IdempotencyKeyReusedError';
  }
}

/** Far above the largest valid reply (4,096 characters of text, or a template's parameters). */
export const MAX_REPLY_BODY_BYTES = 64 * 1024;

export interface AcceptReplyDependencies {
  readonly outbound: OutboundMessageQueue;
  readonly idempotency: IdempotencyStore;
  /** The `REPLIES_API_TOKEN`. */
  readonly apiToken: string;
  /** How long an `Idempotency-Key` is remembered. */
  readonly idempotencyKeySeconds: number;
  readonly clock: Clock;
  readonly log: Log;
  /** Reply id source; default `rpl_` + 26 base32 characters of randomness. */
  readonly newReplyId?: () => string;
}

export interface ReplyApiRequest {
  readonly authorization: string | undefined;
  readonly idempotencyKey: string | undefined;
  /** The body as text (UTF-8). */
  readonly body: string;
}

export interface AcceptedReply {
  readonly replyId: string;
  /** The same Idempotency-Key and body were seen before: the first reply id is returned. */
  readonly replayed: boolean;
}

/**
 * Accepts a reply from the CRM (`POST /v1/replies`). Steps:
 * 1. check the bearer token in constant time;
 * 2. parse and validate the body (clear 400 reasons);
 * 3. with an `Idempotency-Key`: claim the key for a new reply id (conditional write); a key seen
 *    before with the same body yields the first reply id, with a different body a 422;
 * 4. queue the message on `outbound.fifo` (group = contact, deduplication = reply id). A retried
 *    request queues again: harmless, because the sender sends each reply id at most once, and it
 *    repairs a first request that died between steps 3 and 4.
 * Consent, the service window and the contact's existence are the sender's decisions, reported
 * to the CRM as `reply.rejected`: they can change between acceptance and sending.
 *
 * @throws UnauthorizedError, InvalidRequestError, IdempotencyKeyReusedError; BridgeError (503) when a dependency fails.
 */
export async function acceptReply(request: ReplyApiRequest, dependencies: AcceptReplyDependencies): Promise<AcceptedReply> {
  authorizeBearer(request.authorization, dependencies.apiToken);
  if (Buffer.byteLength(request.body) > MAX_REPLY_BODY_BYTES) throw new PayloadTooLargeError(MAX_REPLY_BODY_BYTES);
  const reply = parseReplyRequest(request.body);
  let replyId = (dependencies.newReplyId ?? newReplyId)();
  let replayed = false;
  if (request.idempotencyKey !== undefined) {
    const key = IdempotencyKeySchema.safeParse(request.idempotencyKey);
    if (!key.success) throw new InvalidRequestError(describeIssues(key.error).replace(/^\(root\): /, ''), { code: 'invalid_idempotency_key' });
    const fingerprint = requestFingerprint(reply);
    const expiresAt = new Date(dependencies.clock.now().getTime() + dependencies.idempotencyKeySeconds * 1000);
    // The key is the CRM's string: only its hash is stored, scoped to this API.
    const claimed = await dependencies.idempotency.claim(sha256Hex(`replies\n${key.data}`), { replyId, fingerprint }, expiresAt);
    if (claimed.entry.fingerprint !== fingerprint) throw new IdempotencyKeyReusedError();
    replyId = claimed.entry.replyId;
    replayed = !claimed.created;
  }
  const message: OutboundMessage = {
    v: 1,
    replyId,
    contactId: reply.contactId,
    origin: 'crm',
    content: toOutboundContent(reply),
    ...(reply.replyTo ? { replyTo: reply.replyTo } : {}),
    requestedAt: dependencies.clock.now().toISOString(),
  };
  await dependencies.outbound.enqueue([message]);
  dependencies.log.info('reply accepted', { replyId, contactId: reply.contactId, type: message.content.type, replayed });
  return { replyId, replayed };
}

/** @throws UnauthorizedError unless the header is `Bearer <token>` with the right token. */
export function authorizeBearer(header: string | undefined, token: string): void {
  const presented = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '')?.[1];
  if (presented === undefined || !constantTimeEquals(presented, token)) {
    throw new UnauthorizedError('missing or wrong bearer token', { code: 'invalid_token' });
  }
}

/** @throws InvalidRequestError with the first problems, e.g. `template.language: Too small`. */
export function parseReplyRequest(body: string): ReplyRequest {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    throw new InvalidRequestError('body is not valid JSON', { code: 'malformed_json' });
  }
  const parsed = ReplyRequestSchema.safeParse(json);
  if (!parsed.success) throw new InvalidRequestError(describeIssues(parsed.error), { code: 'invalid_reply' });
  return parsed.data;
}

/** A new reply id: `rpl_` and 26 characters of base32 (130 random bits). */
export function newReplyId(): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz234567';
  const bytes = randomBytes(26);
  let id = 'rpl_';
  for (const byte of bytes) id += alphabet[byte & 31];
  return id;
}
