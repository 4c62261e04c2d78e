/** A signed webhook POST prepared by the load generator. */
export interface WebhookRequest {
  readonly wamid: string;
  readonly body: string;
  readonly headers: Record<string, string>;
}

/**
 * POSTs every request to `url` with `concurrency` posters, each taking the next request when its
 * previous one is answered (and `onResponse` has settled), until none is left.
 */
export function postWebhooks(
  url: string,
  requests: readonly WebhookRequest[],
  concurrency: number,
  onResponse: (request: WebhookRequest, status: number) => void | Promise<void>,
): Promise<void>;
