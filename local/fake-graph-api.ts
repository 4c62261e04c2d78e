import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { readText, sendJson } from './crm-sink.js';

/** One call the fake Graph API received. */
export interface GraphCall {
  readonly phoneNumberId: string;
  readonly body: unknown;
  readonly response: unknown;
}

interface PlannedError {
  code: number;
  count: number;
  httpStatus: number;
}

const MESSAGES_PATH = /^\/_local\/graph\/(v\d+\.\d+)\/([^/]+)\/messages$/;

/** HTTP status Meta uses for an error code (rate limits 429/400, auth 401, ...); 400 otherwise. */
function statusForCode(code: number): number {
  if (code === 190) return 401;
  if (code === 368) return 403;
  if (code === 130429 || code === 131056) return 429;
  if (code === 131000 || code === 131002) return 500;
  if (code === 131001) return 503;
  return 400;
}

/**
 * A stand-in for `POST /{version}/{phone-number-id}/messages`: answers like Meta with a fresh
 * wamid and records every call for `GET /_local/graph/sent`. `POST /_local/graph/fail
 * {"code":130429,"count":3}` makes the next calls fail with that Graph error.
 */
export class FakeGraphApi {
  private readonly calls: GraphCall[] = [];
  private planned: PlannedError | undefined;

  public get sent(): readonly GraphCall[] {
    return this.calls;
  }

  public failNext(plan: { code: number; count: number; httpStatus?: number }): void {
    this.planned = plan.count > 0 ? { code: plan.code, count: plan.count, httpStatus: plan.httpStatus ?? statusForCode(plan.code) } : undefined;
  }

  public async handle(request: IncomingMessage, response: ServerResponse, path: string): Promise<boolean> {
    const messages = MESSAGES_PATH.exec(path);
    if (request.method === 'POST' && messages) {
      await this.receive(request, response, messages[2] as string);
      return true;
    }
    if (request.method === 'GET' && path === '/_local/graph/sent') {
      sendJson(response, 200, this.calls);
      return true;
    }
    if (request.method === 'POST' && path === '/_local/graph/fail') {
      let plan: { code?: unknown; count?: unknown; httpStatus?: unknown } = {};
      try {
        plan = JSON.parse((await readText(request)) || '{}') as typeof plan;
      } catch {
        // answered below
      }
      if (typeof plan.code !== 'number' || typeof plan.count !== 'number') {
        sendJson(response, 400, { error: { code: 'invalid_request', message: 'expected {"code": number, "count": number, "httpStatus"?: number}' } });
        return true;
      }
      this.failNext({ code: plan.code, count: plan.count, ...(typeof plan.httpStatus === 'number' ? { httpStatus: plan.httpStatus } : {}) });
      sendJson(response, 200, { failing: this.planned ?? null });
      return true;
    }
    return false;
  }

  private async receive(request: IncomingMessage, response: ServerResponse, phoneNumberId: string): Promise<void> {
    const text = await readText(request);
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      // recorded as sent; Meta would answer 400 too
    }
    if (!/^Bearer \S+/.test(request.headers.authorization ?? '')) {
      // As Meta answers a call without an access token; the call is recorded, so tests can see it.
      const error = { error: { message: 'An active access token must be used', type: 'OAuthException', code: 190, fbtrace_id: 'local' } };
      this.calls.push({ phoneNumberId, body, response: error });
      sendJson(response, 401, error);
      return;
    }
    if (this.planned) {
      const { code, httpStatus } = this.planned;
      this.planned.count -= 1;
      if (this.planned.count <= 0) this.planned = undefined;
      const error = { error: { message: `(#${code}) simulated by the local Graph API`, type: 'OAuthException', code, fbtrace_id: 'local' } };
      this.calls.push({ phoneNumberId, body, response: error });
      sendJson(response, httpStatus, error);
      return;
    }
    const to = typeof body === 'object' && body !== null && 'to' in body ? String((body as { to: unknown }).to) : undefined;
    const result = to
      ? { messaging_product: 'whatsapp', contacts: [{ input: to, wa_id: to.replace(/\D/g, '') }], messages: [{ id: `wamid.LOCAL${randomBytes(12).toString('hex').toUpperCase()}` }] }
      : { success: true };
    this.calls.push({ phoneNumberId, body, response: result });
    sendJson(response, 200, result);
  }
}
