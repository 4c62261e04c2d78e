import type { IncomingMessage, ServerResponse } from 'node:http';
import { Webhook } from 'standardwebhooks';

/** One delivery as the sink received it. */
export interface CrmDelivery {
  /** Lower-cased request headers. */
  readonly headers: Record<string, string>;
  /** The raw body string, exactly as received. */
  readonly body: string;
  /** Whether the Standard Webhooks signature verified with the sink's secret. */
  readonly verified: boolean;
  /** What the sink answered. */
  readonly status: number;
}

/** A planned failure: the next `count` deliveries get `status` (and `Retry-After`, if given). */
interface PlannedFailure {
  status: number;
  count: number;
  retryAfter?: string;
}

/**
 * A stand-in CRM for the local stack: verifies each delivery's signature with the
 * `standardwebhooks` package, prints it readably and keeps it for `GET /_local/crm/events`.
 * `POST /_local/crm/fail {"status":500,"count":3}` makes it refuse the next deliveries, to
 * rehearse outages. Only accepted deliveries are listed as events; `GET /_local/crm/attempts`
 * lists every attempt.
 */
export class CrmSink {
  private readonly accepted: CrmDelivery[] = [];
  private readonly attempts: CrmDelivery[] = [];
  private readonly verifier: Webhook;
  private failure: PlannedFailure | undefined;

  public constructor(
    secret: string,
    private readonly print: (line: string) => void,
  ) {
    this.verifier = new Webhook(secret.split(/\s+/)[0] as string);
  }

  /** Deliveries the sink accepted (2xx), oldest first. */
  public get events(): readonly CrmDelivery[] {
    return this.accepted;
  }

  /** Every delivery attempt, oldest first. */
  public get allAttempts(): readonly CrmDelivery[] {
    return this.attempts;
  }

  /** Makes the next `count` deliveries fail with `status`. */
  public failNext(failure: PlannedFailure): void {
    this.failure = failure.count > 0 ? { ...failure } : undefined;
  }

  public async handle(request: IncomingMessage, response: ServerResponse, path: string): Promise<boolean> {
    if (request.method === 'POST' && path === '/_local/crm/webhook') {
      await this.receive(request, response);
      return true;
    }
    if (request.method === 'GET' && path === '/_local/crm/events') {
      sendJson(response, 200, this.accepted.map(({ headers, body }) => ({ headers, body })));
      return true;
    }
    if (request.method === 'GET' && path === '/_local/crm/attempts') {
      sendJson(response, 200, this.attempts);
      return true;
    }
    if (request.method === 'POST' && path === '/_local/crm/fail') {
      let plan: Partial<PlannedFailure> = {};
      try {
        plan = JSON.parse((await readText(request)) || '{}') as Partial<PlannedFailure>;
      } catch {
        // answered below
      }
      if (typeof plan.status !== 'number' || typeof plan.count !== 'number') {
        sendJson(response, 400, { error: { code: 'invalid_request', message: 'expected {"status": number, "count": number, "retryAfter"?: string}' } });
        return true;
      }
      this.failNext({ status: plan.status, count: plan.count, ...(plan.retryAfter ? { retryAfter: plan.retryAfter } : {}) });
      sendJson(response, 200, { failing: this.failure ?? null });
      return true;
    }
    return false;
  }

  private async receive(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const body = await readText(request);
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(request.headers)) {
      if (typeof value === 'string') headers[name.toLowerCase()] = value;
    }
    let verified = true;
    try {
      this.verifier.verify(body, headers);
    } catch {
      verified = false;
    }
    let status = verified ? 200 : 401;
    const extraHeaders: Record<string, string> = {};
    if (verified && this.failure) {
      status = this.failure.status;
      if (this.failure.retryAfter) extraHeaders['retry-after'] = this.failure.retryAfter;
      this.failure.count -= 1;
      if (this.failure.count <= 0) this.failure = undefined;
    }
    const delivery: CrmDelivery = { headers, body, verified, status };
    this.attempts.push(delivery);
    if (status >= 200 && status < 300) this.accepted.push(delivery);
    this.print(describeDelivery(delivery));
    response.writeHead(status, { 'content-type': 'application/json', ...extraHeaders });
    response.end(JSON.stringify({ ok: status < 300 }));
  }
}

function describeDelivery(delivery: CrmDelivery): string {
  let summary = '';
  try {
    const payload = JSON.parse(delivery.body) as { type?: string; data?: Record<string, unknown> };
    const { contactId, ...rest } = payload.data ?? {};
    summary = `${payload.type ?? '?'} contact=${String(contactId ?? '-').slice(0, 10)}… ${JSON.stringify(rest)}`;
  } catch {
    summary = '(body is not JSON)';
  }
  const verdict = delivery.verified ? 'signature ok' : 'SIGNATURE INVALID';
  return `CRM <- [${delivery.status} ${verdict}] ${delivery.headers['webhook-id'] ?? ''} ${summary}`;
}

export async function readText(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export function sendJson(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json' });
  response.end(JSON.stringify(body));
}
