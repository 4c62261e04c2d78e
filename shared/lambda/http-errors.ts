import type middy from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { Log } from '../domain/ports.js';
import { BridgeError } from '../errors.js';
import { describeError } from '../logging.js';
import { jsonResponse } from './http.js';

/**
 * middy middleware: turns a thrown error into a JSON answer `{"error": {"code", "message"}}`.
 * A BridgeError below 500 shows its message (ours are written to be safe to show); 503 says
 * "try again"; anything else becomes a generic 500, logged with its class only.
 */
export function httpErrors(options: { log: Log }): middy.MiddlewareObj<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2> {
  const httpErrorsOnError: middy.MiddlewareFn<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2> = async (request) => {
    const error = request.error;
    if (error instanceof BridgeError && error.httpStatus < 500) {
      options.log.info('request rejected', { status: error.httpStatus, errorCode: error.code });
      request.response = jsonResponse(error.httpStatus, { error: { code: error.code, message: error.message } });
      return;
    }
    if (error instanceof BridgeError && error.httpStatus === 503) {
      options.log.warn('dependency unavailable', { ...describeError(error), cause: describeError(error.cause) });
      request.response = jsonResponse(503, { error: { code: error.code, message: 'temporarily unavailable, retry later' } });
      return;
    }
    options.log.error('unhandled error', describeError(error));
    request.response = jsonResponse(500, { error: { code: 'internal_error', message: 'internal error' } });
  };
  return { onError: httpErrorsOnError };
}
