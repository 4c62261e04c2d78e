import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SQSClient } from '@aws-sdk/client-sqs';
import middy from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { createDocumentClient } from '../../shared/adapters/dynamodb-store.js';
import { DynamoDbIdempotencyStore } from '../../shared/adapters/dynamodb-reply-store.js';
import { SqsOutboundMessageQueue } from '../../shared/adapters/sqs-fifo-queue.js';
import { acceptReply, type AcceptReplyDependencies } from '../../shared/domain/replies/accept-reply.js';
import { jsonResponse, readHeader, readRawBody } from '../../shared/lambda/http.js';
import { httpErrors } from '../../shared/lambda/http-errors.js';
import { loadBridgeConfig } from '../../shared/config/bridge-config.js';
import { lambdaEntry, requireEnv, type Runtime } from '../../shared/lambda/runtime.js';
import { QUEUES } from '../../shared/resources.js';

/** `POST /v1/replies`: validates a reply from the CRM, queues it, answers 202 `{replyId}`. */
export function createRepliesApiHandler(dependencies: AcceptReplyDependencies) {
  return middy<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2>()
    .use(httpErrors({ log: dependencies.log }))
    .handler(async (event) => {
      const accepted = await acceptReply(
        {
          authorization: readHeader(event, 'authorization'),
          idempotencyKey: readHeader(event, 'idempotency-key'),
          body: readRawBody(event).toString('utf8'),
        },
        dependencies,
      );
      return jsonResponse(202, { replyId: accepted.replyId });
    });
}

/** Builds the handler's dependencies from the runtime (environment, secrets, clients). */
export async function wireRepliesApi(runtime: Runtime): Promise<AcceptReplyDependencies> {
  const tableName = requireEnv(runtime, 'TABLE_NAME');
  return {
    apiToken: await runtime.secrets.get('REPLIES_API_TOKEN'),
    outbound: new SqsOutboundMessageQueue(runtime.sqs(), requireEnv(runtime, QUEUES.outbound.urlEnv)),
    idempotency: new DynamoDbIdempotencyStore(createDocumentClient(runtime.dynamoDb()), tableName, runtime.clock),
    idempotencyKeySeconds: runtime.config().replies.idempotencyKeySeconds,
    clock: runtime.clock,
    log: runtime.log('replies-api'),
  };
}

export const handler = lambdaEntry(
  async (runtime) => createRepliesApiHandler(await wireRepliesApi(runtime)),
  { dynamoDb: () => new DynamoDBClient({}), sqs: () => new SQSClient({}), config: loadBridgeConfig },
);
