import { request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { newWamid, signedWebhookRequest, textMessageWebhook } from '../../local/webhook-builder.js';
import { signWebhookBody } from '../../shared/domain/webhook/signature.js';
import { forwardingEnv } from '../support/bridge-config-file.js';
import { startTestStack, type TestStack } from '../support/local-stack.js';
import { assertNoPersonalDataInLogs } from '../support/log-scan.js';
import { waitFor } from '../support/wait.js';

/*
 * Hostile input at the bridge's only public surface (the API routes and the gateway's 404):
 * each request must get a clear 4xx with `{error:{code,message}}` (or the gateway's own 413/404),
 * queue nothing, leave the process serving, and log no personal data or secret.
 */

const CUSTOMER = { from: '4915187654321', name: 'Hostile Harald', text: 'Geheime Nachricht 0815' };
const PERSONAL_DATA = { phoneNumbers: [CUSTOMER.from], names: [CUSTOMER.name], texts: [CUSTOMER.text] };

/** Sends raw bytes (no client-side normalisation or header validation) and returns the status line's code. */
function rawRequest(port: number, bytes: string | Buffer): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    socket.on('data', (chunk) => chunks.push(chunk));
    socket.on('error', reject);
    socket.on('end', () => {
      const text = Buffer.concat(chunks).toString('latin1');
      resolve({ status: Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1] ?? 0), text });
    });
    socket.write(bytes);
    socket.setTimeout(10_000, () => socket.destroy(new Error('raw request timed out')));
  });
}

/** POSTs with a fresh connection (node:http, no keep-alive pool), for requests the server cuts short. */
function postOnOwnConnection(port: number, body: Buffer): Promise<number> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(
      { host: '127.0.0.1', port, path: '/webhook', method: 'POST', agent: false, headers: { 'content-type': 'application/json', 'content-length': body.length } },
      (response) => {
        response.resume();
        resolve(response.statusCode ?? 0);
        request.destroy();
      },
    );
    request.on('error', reject);
    request.end(body);
  });
}

function isClearError(body: unknown): boolean {
  const error = (body as { error?: { code?: unknown; message?: unknown } }).error;
  return typeof error?.code === 'string' && typeof error.message === 'string';
}

describe('Hostile input: webhook and unknown routes', () => {
  let stack: TestStack;
  let port: number;
  let appSecret: string;
  let verifyToken: string;

  beforeAll(async () => {
    stack = await startTestStack({ env: forwardingEnv() });
    port = Number(new URL(stack.url).port);
    appSecret = stack.env.WHATSAPP_APP_SECRET as string;
    verifyToken = stack.env.WHATSAPP_VERIFY_TOKEN as string;
  });
  afterEach(async () => {
    // Nothing any hostile request sent may have been queued.
    expect(await stack.queueDepth('inbound')).toBe(0);
  });
  afterAll(async () => {
    await stack.stop();
  });

  async function postSigned(body: string | Buffer, headers: Record<string, string> = {}): Promise<Response> {
    return fetch(`${stack.url}/webhook`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-hub-signature-256': signWebhookBody(body, appSecret), ...headers },
      body,
    });
  }

  it('answers 413 to a signed body over the webhook limit, and the gateway 413 over its own limit', async () => {
    const justOver = JSON.stringify({ object: 'whatsapp_business_account', entry: [], pad: 'x'.repeat(3 * 1024 * 1024) });
    const response = await postSigned(justOver);
    expect(response.status).toBe(413);
    expect(await response.json()).toMatchObject({ error: { code: 'payload_too_large' } });

    // On its own connection: the gateway answers before reading the rest, as API Gateway does.
    expect(await postOnOwnConnection(port, Buffer.alloc(11 * 1024 * 1024, 0x20))).toBe(413);
  });

  it('answers 400 to deeply nested JSON that is not an envelope, without a crash', async () => {
    const depth = 100_000;
    const response = await postSigned('['.repeat(depth) + ']'.repeat(depth));
    expect(response.status).toBe(400);
    expect(isClearError(await response.json())).toBe(true);
  });

  it('answers 400 to a message nested thousands of levels deep (a depth limit before parsing)', async () => {
    const nest = (levels: number) => '{"a":'.repeat(levels) + '1' + '}'.repeat(levels);
    const body = JSON.stringify(textMessageWebhook({ ...CUSTOMER, wamid: newWamid() })).replace('"type":"text"', `"extra":${nest(20_000)},"type":"text"`);
    const response = await postSigned(body);
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: { code: 'nesting_too_deep' } });
  });

  it('never answers 200 to a message nested thousands of levels deep, queues nothing, and keeps serving', async () => {
    const nest = (levels: number) => '{"a":'.repeat(levels) + '1' + '}'.repeat(levels);
    const body = JSON.stringify(textMessageWebhook({ ...CUSTOMER, wamid: newWamid() })).replace('"type":"text"', `"extra":${nest(20_000)},"type":"text"`);
    const response = await postSigned(body);
    expect(response.status).not.toBe(200);
    expect(await response.text()).not.toMatch(/at .*\.(ts|js):\d+/);
  });

  it('answers 400 to a huge array where the envelope expects objects', async () => {
    const body = JSON.stringify({ object: 'whatsapp_business_account', entry: Array.from({ length: 100_000 }, (_, index) => index) });
    const response = await postSigned(body);
    expect(response.status).toBe(400);
    const answer = (await response.json()) as { error: { code: string; message: string } };
    expect(answer.error.code).toBe('invalid_envelope');
    // The reason is bounded, not one line per element.
    expect(answer.error.message.length).toBeLessThan(1000);
  });

  it('answers 400 invalid_encoding to a signed body that is not UTF-8', async () => {
    const valid = Buffer.from(JSON.stringify(textMessageWebhook({ ...CUSTOMER, wamid: newWamid() })));
    const broken = Buffer.concat([valid.subarray(0, 40), Buffer.from([0xc3, 0x28, 0xff, 0xfe]), valid.subarray(40)]);
    const response = await postSigned(broken);
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: { code: 'invalid_encoding' } });
  });

  it('answers 401 to a captured signature replayed with a modified body', async () => {
    const original = signedWebhookRequest(textMessageWebhook({ ...CUSTOMER, wamid: newWamid() }), appSecret);
    for (const body of [
      original.body.replace('Geheime', 'Oeffentliche'),
      `${original.body} `,
      original.body.replace(CUSTOMER.from, '4915100000000'),
    ]) {
      const response = await fetch(`${stack.url}/webhook`, { method: 'POST', headers: original.headers, body });
      expect(response.status).toBe(401);
      expect(await response.json()).toMatchObject({ error: { code: 'invalid_signature' } });
    }
  });

  it('answers 401 to tokens in the wrong places and never echoes them', async () => {
    const body = JSON.stringify(textMessageWebhook({ ...CUSTOMER, wamid: newWamid() }));
    const attempts: [string, Record<string, string>][] = [
      ['/webhook', { 'x-hub-signature-256': verifyToken }],
      ['/webhook', { 'x-hub-signature-256': `sha256=${Buffer.from(verifyToken).toString('hex').padEnd(64, '0').slice(0, 64)}` }],
      ['/webhook', { 'x-hub-signature-256': appSecret }],
      ['/webhook', { 'x-hub-signature-256': signWebhookBody(body, verifyToken) }],
      [`/webhook?app_secret=${appSecret}&hub.verify_token=${verifyToken}`, {}],
      ['/webhook', { authorization: `Bearer ${appSecret}` }],
    ];
    for (const [path, headers] of attempts) {
      const response = await fetch(`${stack.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
      const text = await response.text();
      expect(response.status).toBe(401);
      expect(text).not.toContain(appSecret);
      expect(text).not.toContain(verifyToken);
    }
    // The app secret offered as the verify token is refused too.
    const handshake = await fetch(`${stack.url}/webhook?hub.mode=subscribe&hub.verify_token=${appSecret}&hub.challenge=42`);
    expect(handshake.status).toBe(403);
    expect(await handshake.text()).not.toContain(appSecret);
  });

  it('survives header injection: duplicate signatures, folded headers, CRLF in the challenge', async () => {
    const body = JSON.stringify(textMessageWebhook({ ...CUSTOMER, wamid: newWamid() }));
    const signature = signWebhookBody(body, appSecret);
    const request = (headers: string) =>
      `POST /webhook HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n${headers}Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`;

    // Two signature headers, one valid: the joined value is not a signature.
    const doubled = await rawRequest(port, request(`X-Hub-Signature-256: ${signature}\r\nX-Hub-Signature-256: sha256=${'0'.repeat(64)}\r\n`));
    expect(doubled.status).toBe(401);
    // Obsolete line folding and a bare LF inside a header value: refused by the HTTP parser.
    const folded = await rawRequest(port, request(`X-Hub-Signature-256: ${signature}\r\n X-Injected: 1\r\n`));
    expect(folded.status).toBe(400);
    const smuggled = await rawRequest(port, request(`X-Hub-Signature-256: ${signature}\nX-Injected: 1\r\nTransfer-Encoding: chunked\r\n`));
    expect(smuggled.status).toBe(400);

    // A challenge full of CRLF and markup comes back as the plain-text body only.
    const challenge = encodeURIComponent('1\r\nSet-Cookie: stolen=1\r\n\r\n<script>alert(1)</script>');
    const handshake = await fetch(`${stack.url}/webhook?hub.mode=subscribe&hub.verify_token=${verifyToken}&hub.challenge=${challenge}`);
    expect(handshake.headers.get('set-cookie')).toBeNull();
    expect(handshake.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(handshake.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('answers 404 with a clear error to path traversal and unknown routes', async () => {
    const paths = [
      '/webhook/../../../etc/passwd',
      '/webhook/..%2f..%2fetc%2fpasswd',
      '/v1/contacts/..%2F..%2Fsecrets/export',
      '/v1/contacts/../../../etc/passwd',
      '/v1/contacts/%2e%2e%2f%2e%2e%2fetc%2fpasswd',
      '/webhook%00',
    ];
    for (const path of paths) {
      for (const method of ['GET', 'DELETE', 'POST']) {
        const answer = await rawRequest(port, `${method} ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 0\r\nConnection: close\r\n\r\n`);
        expect([400, 404], `${method} ${path}`).toContain(answer.status);
        expect(answer.text).not.toMatch(/root:|at .*\.(ts|js):\d+/);
      }
    }
    const unknown = await fetch(`${stack.url}/v1/contacts/${encodeURIComponent('../../x')}`, { method: 'DELETE' });
    // The privacy API's route matches; it refuses the malformed contact id with 400 before any lookup.
    expect([400, 404]).toContain(unknown.status);
    expect(isClearError(await unknown.json())).toBe(true);
  });

  it('is still serving afterwards, and logged no personal data or secret', async () => {
    const wamid = newWamid();
    expect((await stack.postWebhook(textMessageWebhook({ ...CUSTOMER, wamid }))).status).toBe(200);
    await waitFor(async () => ((await stack.crmEvents()).some((event) => event.body.includes(wamid)) ? true : undefined), 20_000, 'the CRM delivery');
    await waitFor(async () => ((await stack.queueDepth('inbound')) === 0 ? true : undefined), 10_000, 'the inbound queue to drain');
    assertNoPersonalDataInLogs(stack.logs, PERSONAL_DATA);
    const logged = stack.logs.join('\n');
    expect(logged).not.toContain(appSecret);
    expect(logged).not.toContain(verifyToken);
  });
});
