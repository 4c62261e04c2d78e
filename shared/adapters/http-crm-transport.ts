import type { CrmWebhookTransport, HttpResult } from '../domain/ports.js';
import { DependencyUnavailableError } from '../errors.js';

/** POSTs CRM webhooks with `fetch`, bounded by a timeout. */
export class HttpCrmTransport implements CrmWebhookTransport {
  public constructor(
    private readonly url: string,
    private readonly timeoutMs = 10_000,
  ) {}

  /** @throws DependencyUnavailableError (retryable) on network failure or timeout. */
  public async post(request: { headers: Record<string, string>; body: string }): Promise<HttpResult> {
    let response: Response;
    try {
      response = await fetch(this.url, {
        method: 'POST',
        headers: request.headers,
        body: request.body,
        signal: AbortSignal.timeout(this.timeoutMs),
        redirect: 'manual',
      });
    } catch (error) {
      throw new DependencyUnavailableError('CRM endpoint unreachable or timed out', { code: 'crm_unreachable', cause: error });
    }
    // The body is not needed; draining it frees the connection for reuse.
    await response.arrayBuffer().catch(() => undefined);
    const retryAfter = response.headers.get('retry-after');
    return retryAfter === null ? { status: response.status } : { status: response.status, retryAfter };
  }
}
