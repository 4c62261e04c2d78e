// The load generator's webhook posters, on their own thread so their HTTP client work does not
// compete with the stack under test for the main thread. Plain JavaScript: loads under any loader.
//   workerData { url, concurrency, requests: [{ wamid, body, headers }] }
//   -> 'ready'; <- 'go'; -> { startedAt, ingestDoneAt, accepted: [[wamid, at]], refused }
// Times are epoch milliseconds with sub-millisecond resolution (performance.timeOrigin + now()),
// so the parent can compare them with its own clock.
import { performance } from 'node:perf_hooks';
import { parentPort, workerData } from 'node:worker_threads';
import { postWebhooks } from './post-webhooks.mjs';

const now = () => performance.timeOrigin + performance.now();

parentPort.once('message', async () => {
  const { url, concurrency, requests } = workerData;
  const accepted = [];
  let refused = 0;
  const startedAt = now();
  try {
    await postWebhooks(url, requests, concurrency, (request, status) => {
      if (status === 200) accepted.push([request.wamid, now()]);
      else refused += 1;
    });
    parentPort.postMessage({ startedAt, ingestDoneAt: now(), accepted, refused });
  } catch (error) {
    parentPort.postMessage({ failed: error instanceof Error ? error.message : String(error) });
  }
});
parentPort.postMessage('ready');
