import type { GraphMessage } from '../domain/replies/graph-message.js';
import { GraphApiError, type WhatsAppMessenger } from '../domain/replies/ports.js';

export interface GraphApiClientOptions {
  /** `GRAPH_API_BASE_URL`, e.g. `https://graph.facebook.com` (no version, no trailing slash needed). */
  readonly baseUrl: string;
  /** e.g. `v23.0`. */
  readonly version: string;
  /** `WHATSAPP_ACCESS_TOKEN` (a System User token). */
  readonly accessToken: string;
  /** Per call; an elapsed timeout is a retryable failure. */
  readonly timeoutMs: number;
  /** Injectable for tests. Default: global fetch. */
  readonly fetch?: typeof fetch;
}

/**
 * The Graph API's `POST /{version}/{phone-number-id}/messages`, for sending and for read receipts.
 * Bodies and answers are never logged (they hold the recipient's number and the text); failures
 * become a GraphApiError carrying only Meta's error code and the HTTP status.
 */
export class GraphApiClient implements WhatsAppMessenger {
  private readonly fetch: typeof fetch;

  public constructor(private readonly options: GraphApiClientOptions) {
    this.fetch = options.fetch ?? globalThis.fetch;
  }

  public async send(phoneNumberId: string, message: GraphMessage): Promise<{ wamid: string }> {
    const answer = await this.post(phoneNumberId, message);
    const wamid = (answer as { messages?: { id?: unknown }[] }).messages?.[0]?.id;
    if (typeof wamid !== 'string' || wamid === '') {
      // Accepted but without an id: nothing to correlate; treat as Meta's generic error (retryable).
      throw new GraphApiError({ code: 131000, httpStatus: 200 });
    }
    return { wamid };
  }

  public async markAsRead(phoneNumberId: string, wamid: string): Promise<void> {
    await this.post(phoneNumberId, { messaging_product: 'whatsapp', status: 'read', message_id: wamid });
  }

  private async post(phoneNumberId: string, body: Record<string, unknown>): Promise<unknown> {
    const url = `${this.options.baseUrl.replace(/\/+$/, '')}/${this.options.version}/${encodeURIComponent(phoneNumberId)}/messages`;
    let response: Response;
    let text: string;
    try {
      response = await this.fetch(url, {
        method: 'POST',
        headers: { authorization: `Bearer ${this.options.accessToken}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(this.options.timeoutMs),
      });
      text = await response.text();
    } catch (error) {
      const timedOut = error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
      throw new GraphApiError({ transport: timedOut ? 'timeout' : 'network' }, { cause: error });
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    if (response.ok && json !== undefined) return json;
    const code = (json as { error?: { code?: unknown } } | undefined)?.error?.code;
    throw new GraphApiError({ httpStatus: response.status, ...(typeof code === 'number' ? { code } : {}) });
  }
}
