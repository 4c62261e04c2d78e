import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';

/** The request body's exact bytes (API Gateway base64-encodes bodies it does not treat as text). */
export function readRawBody(event: APIGatewayProxyEventV2): Buffer {
  if (event.body === undefined || event.body === null) return Buffer.alloc(0);
  return event.isBase64Encoded ? Buffer.from(event.body, 'base64') : Buffer.from(event.body, 'utf8');
}

/** A header by name; API Gateway v2 lower-cases names, local callers may not. */
export function readHeader(event: APIGatewayProxyEventV2, name: string): string | undefined {
  const lower = name.toLowerCase();
  const headers = event.headers ?? {};
  return headers[lower] ?? Object.entries(headers).find(([key]) => key.toLowerCase() === lower)?.[1];
}

const SECURITY_HEADERS = { 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' };

/** A JSON response. */
export function jsonResponse(statusCode: number, body: unknown): APIGatewayProxyStructuredResultV2 {
  return {
    statusCode,
    headers: { 'content-type': 'application/json; charset=utf-8', ...SECURITY_HEADERS },
    body: JSON.stringify(body),
  };
}

/** A plain-text response (the webhook handshake answers with the bare challenge). */
export function textResponse(statusCode: number, body: string): APIGatewayProxyStructuredResultV2 {
  return { statusCode, headers: { 'content-type': 'text/plain; charset=utf-8', ...SECURITY_HEADERS }, body };
}
