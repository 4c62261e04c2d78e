import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SQSClient } from '@aws-sdk/client-sqs';
import middy from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { createDocumentClient } from '../../shared/adapters/dynamodb-store.js';
import { DynamoDbConsentStore } from '../../shared/adapters/dynamodb-consent-store.js';
import { SqsCrmEventQueue } from '../../shared/adapters/sqs-fifo-queue.js';
import { authorizeBearer, handlePrivacyRequest, requireContactId, type PrivacyApiDependencies } from '../../shared/domain/consent/privacy-api.js';
import { jsonResponse, readHeader } from '../../shared/lambda/http.js';
import { httpErrors } from '../../shared/lambda/http-errors.js';
import { loadBridgeConfig } from '../../shared/config/bridge-config.js';
import { lambdaEntry, requireEnv, type Runtime } from '../../shared/lambda/runtime.js';
import { QUEUES } from '../../shared/resources.js';

/**
 * `GET /v1/contacts/{contactId}/export` (Art. 15) and `DELETE /v1/contacts/{contactId}` (Art. 17),
 * behind the admin bearer token.
 */
export function createPrivacyApiHandler(dependencies: PrivacyApiDependencies) {
  return middy<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2>()
    .use(httpErrors({ log: dependencies.log }))
    .handler(async (event) => {
      const contactId = requireContactId(event.pathParameters?.contactId);
      authorizeBearer(readHeader(event, 'authorization'), dependencies.adminToken);
      const result = await handlePrivacyRequest(
        { method: event.requestContext.http.method, path: event.rawPath, contactId },
        dependencies,
      );
      return jsonResponse(200, result);
    });
}

export async function wirePrivacyApi(runtime: Runtime): Promise<PrivacyApiDependencies> {
  const config = runtime.config();
  const store = new DynamoDbConsentStore(
    createDocumentClient(runtime.dynamoDb()),
    requireEnv(runtime, 'TABLE_NAME'),
    runtime.clock,
    config.retention,
  );
  return {
    adminToken: await runtime.secrets.get('ADMIN_API_TOKEN'),
    data: store,
    crmEvents: new SqsCrmEventQueue(runtime.sqs(), requireEnv(runtime, QUEUES.crmPush.urlEnv)),
    clock: runtime.clock,
    log: runtime.log('privacy-api'),
  };
}

export const handler = lambdaEntry(
  async (runtime) => createPrivacyApiHandler(await wirePrivacyApi(runtime)),
  { dynamoDb: () => new DynamoDBClient({}), sqs: () => new SQSClient({}), config: loadBridgeConfig },
);
