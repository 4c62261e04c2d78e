import type { HttpRoute } from 'aws-cdk-lib/aws-apigatewayv2';
import type { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { NagSuppressions } from 'cdk-nag';
import type { FunctionKey } from '../shared/resources.js';
import type { BridgeFunction } from './bridge-function.js';

/*
 * Every cdk-nag finding the bridge accepts, each on the one resource it concerns, with the
 * reason. Kept in one file so a security reviewer reads them together. Anything not listed here
 * fails the cdk-nag test in test/infra.
 */

/** How each HTTP function authenticates its caller, since API Gateway does not. */
const ROUTE_AUTHENTICATION: Partial<Record<FunctionKey, string>> = {
  webhookIngest:
    'Meta cannot present IAM, JWT or API keys: GET /webhook is the verify handshake (hub.verify_token compared in constant time) and ' +
    'POST /webhook is authenticated by X-Hub-Signature-256, an HMAC-SHA256 over the raw body with the app secret, checked in constant time before anything is queued.',
  repliesApi:
    'The CRM authenticates with a bearer token (REPLIES_API_TOKEN from Secrets Manager) compared in constant time in the function; ' +
    'a Lambda authorizer would add a cold start per request for the same check.',
  privacyApi:
    'Administrators authenticate with a bearer token (ADMIN_API_TOKEN from Secrets Manager) compared in constant time in the function; ' +
    'a Lambda authorizer would add a cold start per request for the same check.',
};

/**
 * APIG4 (no API Gateway authorizer) on one route, with the reason its function authenticates.
 *
 * @throws Error when a route's function has no written reason: a new public route needs one.
 */
export function suppressRouteAuthorization(route: HttpRoute, target: FunctionKey): void {
  const reason = ROUTE_AUTHENTICATION[target];
  if (!reason) throw new Error(`route ${route.node.id} targets ${target}, which has no authentication reason in infra/nag-suppressions.ts`);
  NagSuppressions.addResourceSuppressions(route, [{ id: 'AwsSolutions-APIG4', reason }]);
}

/** The stack-level findings: the secret's rotation and the functions' runtime. */
export function applyNagSuppressions(resources: {
  readonly secret: Secret;
  readonly functions: Partial<Record<FunctionKey, BridgeFunction>>;
}): void {
  NagSuppressions.addResourceSuppressions(resources.secret, [
    {
      id: 'AwsSolutions-SMG4',
      reason:
        'The values are issued by third parties (Meta app secret and access token, the CRM webhook secret) and rotate with them, by hand; ' +
        'the CRM secret accepts several space-separated values so a rotation has no gap. The pseudonym key must never rotate: it would give every contact a new id.',
    },
  ]);
  for (const bridgeFunction of Object.values(resources.functions)) {
    NagSuppressions.addResourceSuppressions(bridgeFunction.function, [
      {
        id: 'AwsSolutions-L1',
        reason:
          'nodejs22.x is the runtime the bundles target (esbuild target node22) and are tested for, and is in standard support; ' +
          'moving to a newer runtime is one line in infra/function-defaults.ts once verified.',
      },
    ]);
  }
}
