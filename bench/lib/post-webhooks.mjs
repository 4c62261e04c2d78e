// The webhook posters' loop, shared by the load generator's two modes: on the main thread (one
// message in flight, waiting for each delivery) and on the poster worker's own thread. Plain
// JavaScript, so the worker loads it under any loader; types in post-webhooks.d.mts.

/**
 * POSTs every request to `url` with `concurrency` posters, each taking the next request when its
 * previous one is answered (and `onResponse` has settled), until none is left.
 */
export async function postWebhooks(url, requests, concurrency, onResponse) {
  let next = 0;
  const poster = async () => {
    for (;;) {
      const request = requests[next++];
      if (!request) return;
      const response = await fetch(url, { method: 'POST', headers: request.headers, body: request.body });
      await response.arrayBuffer();
      await onResponse(request, response.status);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, poster));
}
