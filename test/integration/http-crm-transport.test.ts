import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpCrmTransport } from '../../shared/adapters/http-crm-transport.js';
import { DependencyUnavailableError } from '../../shared/errors.js';

describe('Class: HttpCrmTransport (against a local HTTP server)', () => {
  let server: Server;
  let url: string;

  beforeAll(async () => {
    server = createServer((request, response) => {
      if (request.url === '/slow') return void setTimeout(() => response.end(), 5_000);
      if (request.url === '/limited') {
        response.writeHead(429, { 'retry-after': '17' });
        return void response.end();
      }
      if (request.url === '/moved') {
        response.writeHead(301, { location: '/elsewhere' });
        return void response.end();
      }
      response.writeHead(204);
      response.end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('returns the status, and Retry-After when there is one', async () => {
    expect(await new HttpCrmTransport(`${url}/ok`).post({ headers: {}, body: '{}' })).toEqual({ status: 204 });
    expect(await new HttpCrmTransport(`${url}/limited`).post({ headers: {}, body: '{}' })).toEqual({ status: 429, retryAfter: '17' });
  });

  it('does not follow redirects: a 3xx is the answer', async () => {
    expect(await new HttpCrmTransport(`${url}/moved`).post({ headers: {}, body: '{}' })).toEqual({ status: 301 });
  });

  it('turns a timeout into a retryable error', async () => {
    const attempt = new HttpCrmTransport(`${url}/slow`, 200).post({ headers: {}, body: '{}' });
    await expect(attempt).rejects.toThrow(DependencyUnavailableError);
    await expect(attempt).rejects.toMatchObject({ retryable: true, code: 'crm_unreachable' });
  });

  it('turns a refused connection into a retryable error', async () => {
    await expect(new HttpCrmTransport('http://127.0.0.1:1/nothing').post({ headers: {}, body: '{}' })).rejects.toMatchObject({ retryable: true });
  });
});
