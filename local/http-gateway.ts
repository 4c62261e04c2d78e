import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2, Context } from 'aws-lambda';
import type { ApiRoute } from '../shared/resources.js';
import { createLambdaContext } from './lambda-context.js';

export type HttpFunction = (event: APIGatewayProxyEventV2, context: Context) => Promise<APIGatewayProxyResultV2>;

/** API Gateway's payload limit; larger requests never reach a function. */
const MAX_REQUEST_BYTES = 10 * 1024 * 1024;

const TEXT_CONTENT_TYPES = /^(application\/(json|x-www-form-urlencoded|xml)|text\/)/i;

interface CompiledRoute {
  readonly route: ApiRoute;
  readonly pattern: RegExp;
  readonly parameterNames: string[];
}

/**
 * Turns HTTP requests into API Gateway HTTP API (payload v2) events for the bridge's handlers,
 * with the routes the CDK app deploys, and writes their results back.
 */
export class HttpGateway {
  private readonly routes: CompiledRoute[];

  public constructor(
    routes: readonly ApiRoute[],
    private readonly functions: (route: ApiRoute) => HttpFunction | undefined,
  ) {
    this.routes = routes.map(compileRoute);
  }

  /** Handles the request if a route matches; returns false otherwise. */
  public async handle(request: IncomingMessage, response: ServerResponse, url: URL): Promise<boolean> {
    const method = request.method ?? 'GET';
    for (const { route, pattern, parameterNames } of this.routes) {
      if (route.method !== method) continue;
      const match = pattern.exec(url.pathname);
      if (!match) continue;
      const fn = this.functions(route);
      if (!fn) continue;
      const body = await readBody(request, MAX_REQUEST_BYTES);
      if (body === undefined) {
        writeResult(response, { statusCode: 413, body: JSON.stringify({ message: 'Request Entity Too Large' }) });
        return true;
      }
      const pathParameters = Object.fromEntries(parameterNames.map((name, index) => [name, decodeURIComponent(match[index + 1] ?? '')]));
      const event = toApiGatewayEvent(request, url, route, body, pathParameters);
      let result: APIGatewayProxyResultV2;
      try {
        result = await fn(event, createLambdaContext(route.function));
      } catch {
        // As API Gateway does when the function fails.
        result = { statusCode: 500, body: JSON.stringify({ message: 'Internal Server Error' }) };
      }
      writeResult(response, result);
      return true;
    }
    return false;
  }
}

function compileRoute(route: ApiRoute): CompiledRoute {
  const parameterNames: string[] = [];
  const source = route.path
    .split('/')
    .map((segment) => {
      const parameter = /^\{(\w+)\}$/.exec(segment);
      if (!parameter?.[1]) return segment.replace(/[.*+?^$(){}|[\]\\]/g, '\\$&');
      parameterNames.push(parameter[1]);
      return '([^/]+)';
    })
    .join('/');
  return { route, pattern: new RegExp(`^${source}$`), parameterNames };
}

async function readBody(request: IncomingMessage, limit: number): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > limit) return undefined;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

function toApiGatewayEvent(
  request: IncomingMessage,
  url: URL,
  route: ApiRoute,
  body: Buffer,
  pathParameters: Record<string, string>,
): APIGatewayProxyEventV2 {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (value !== undefined) headers[name.toLowerCase()] = Array.isArray(value) ? value.join(',') : value;
  }
  const query: Record<string, string> = {};
  for (const [name, value] of url.searchParams) {
    query[name] = query[name] === undefined ? value : `${query[name]},${value}`;
  }
  const contentType = headers['content-type'] ?? '';
  const asText = body.length > 0 && TEXT_CONTENT_TYPES.test(contentType) && isValidUtf8(body);
  const now = new Date();
  const routeKey = `${route.method} ${route.path}`;
  return {
    version: '2.0',
    routeKey,
    rawPath: url.pathname,
    rawQueryString: url.search.replace(/^\?/, ''),
    headers,
    ...(Object.keys(query).length ? { queryStringParameters: query } : {}),
    ...(Object.keys(pathParameters).length ? { pathParameters } : {}),
    requestContext: {
      accountId: '000000000000',
      apiId: 'local',
      domainName: headers.host ?? 'localhost',
      domainPrefix: 'localhost',
      http: {
        method: route.method,
        path: url.pathname,
        protocol: `HTTP/${request.httpVersion}`,
        sourceIp: request.socket.remoteAddress ?? '127.0.0.1',
        userAgent: headers['user-agent'] ?? '',
      },
      requestId: randomUUID(),
      routeKey,
      stage: '$default',
      time: now.toUTCString(),
      timeEpoch: now.getTime(),
    },
    ...(body.length > 0 ? { body: asText ? body.toString('utf8') : body.toString('base64') } : {}),
    isBase64Encoded: body.length > 0 && !asText,
  };
}

function isValidUtf8(bytes: Buffer): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/** Writes a payload-v2 result the way API Gateway does (a bare string or object means 200 JSON). */
export function writeResult(response: ServerResponse, result: APIGatewayProxyResultV2): void {
  if (typeof result === 'string' || !('statusCode' in result)) {
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(typeof result === 'string' ? result : JSON.stringify(result));
    return;
  }
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(result.headers ?? {})) headers[name] = String(value);
  response.writeHead(result.statusCode ?? 200, headers);
  const body = result.body ?? '';
  response.end(result.isBase64Encoded ? Buffer.from(body, 'base64') : body);
}
