import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GraphApiClient } from '../../../shared/adapters/graph-api-client.js';
import { GraphApiError } from '../../../shared/domain/replies/ports.js';

describe('Class: GraphApiClient', () => {
  let server: Server;
  let baseUrl: string;
  const requests: { url: string; authorization?: string; body: string }[] = [];
  let answer: { status: number; body: string; delayMs?: number } = { status: 200, body: '{}' };

  beforeAll(async () => {
    server = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString()));
      request.on('end', () => {
        requests.push({ url: request.url ?? '', ...(request.headers.authorization ? { authorization: request.headers.authorization } : {}), body });
        setTimeout(() => {
          response.writeHead(answer.status, { 'content-type': 'application/json' });
          response.end(answer.body);
        }, answer.delayMs ?? 0);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  const client = (timeoutMs = 5000) => new GraphApiClient({ baseUrl, version: 'v23.0', accessToken: 'tok', timeoutMs });

  it('posts to /{version}/{phone-number-id}/messages with the bearer token and returns the wamid', async () => {
    answer = { status: 200, body: JSON.stringify({ messaging_product: 'whatsapp', messages: [{ id: 'wamid.OK' }] }) };
    const result = await client().send('123', { messaging_product: 'whatsapp', to: '49', type: 'text', text: { body: 'x' } });
    expect(result).toEqual({ wamid: 'wamid.OK' });
    expect(requests.at(-1)).toMatchObject({ url: '/v23.0/123/messages', authorization: 'Bearer tok' });
  });

  it('turns an error answer into a GraphApiError with the code and status', async () => {
    answer = { status: 400, body: JSON.stringify({ error: { message: '(#131047) Re-engagement message', code: 131047 } }) };
    const error = await client().send('123', { messaging_product: 'whatsapp', to: '49' }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(GraphApiError);
    expect((error as GraphApiError).failure).toEqual({ httpStatus: 400, code: 131047 });
    expect((error as GraphApiError).message).not.toContain('Re-engagement');
  });

  it('reports a timeout as a transport failure', async () => {
    answer = { status: 200, body: '{}', delayMs: 500 };
    const error = await client(50).send('123', { messaging_product: 'whatsapp', to: '49' }).catch((caught: unknown) => caught);
    expect((error as GraphApiError).failure).toEqual({ transport: 'timeout' });
  });

  it('sends a read receipt for a wamid', async () => {
    answer = { status: 200, body: JSON.stringify({ success: true }) };
    await client().markAsRead('123', 'wamid.IN');
    expect(JSON.parse(requests.at(-1)?.body ?? '{}')).toEqual({ messaging_product: 'whatsapp', status: 'read', message_id: 'wamid.IN' });
  });
});
