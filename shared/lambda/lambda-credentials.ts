import { fromEnv } from '@aws-sdk/credential-provider-env';

/**
 * Stands in for `@aws-sdk/credential-provider-node` in bundles that carry the AWS SDK (the
 * `bundleAwsSdk` context, see infra/bundling-defaults.ts); nothing imports it by name.
 *
 * In Lambda the function role's session credentials are always in the environment
 * (`AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`, `AWS_SESSION_TOKEN`), and the SDK's default
 * chain answers from its first link, `fromEnv`, when `AWS_PROFILE` is unset (Lambda never sets
 * it). The chain's other links (SSO, ini files, credential_process, web identity, container and
 * instance metadata) are never reached there, but they and the STS, SSO-OIDC and sign-in clients
 * they import were about 130 KB of a 490 KB bundle: code parsed, and its source map read, on every
 * cold start. The SDK caches what this provider returns as it caches the chain's answer (until
 * `AWS_CREDENTIAL_EXPIRATION`, which Lambda does not set).
 *
 * Only for Lambda: outside it (a laptop with a profile) the environment may hold no credentials,
 * and the call fails with the SDK's "Unable to find environment variable credentials".
 */
export const defaultProvider: typeof fromEnv = (init) => fromEnv(init);
