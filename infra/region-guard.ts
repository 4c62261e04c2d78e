import { Token } from 'aws-cdk-lib';

/**
 * The AWS regions the bridge may deploy to: every commercial `eu-*` region. London (`eu-west-2`)
 * is outside the EU but covered by the UK adequacy decision; narrow the list with the
 * `allowedRegions` context when your data protection officer wants EU member states only.
 */
export const EU_REGIONS = [
  'eu-central-1', // Frankfurt
  'eu-central-2', // Zurich
  'eu-west-1', // Ireland
  'eu-west-2', // London
  'eu-west-3', // Paris
  'eu-south-1', // Milan
  'eu-south-2', // Spain
  'eu-north-1', // Stockholm
] as const;

const EU_REGION_PATTERN = /^eu-[a-z]+-\d+$/;

/** Thrown at synth time when the target region is not an allowed EU region. */
export class RegionNotAllowedError extends Error {
  public constructor(message: string) {
    super(message);
    this.name = 'RegionNotAllowedError';
  }
}

/**
 * Checks an allow-list: it may only narrow {@link EU_REGIONS}, never add a region outside `eu-*`.
 *
 * @throws RegionNotAllowedError naming the first region that is not an EU region, or for an empty list.
 */
export function validateAllowedRegions(allowed: readonly string[]): readonly string[] {
  if (allowed.length === 0) throw new RegionNotAllowedError('allowedRegions is empty: list at least one eu-* region');
  for (const region of allowed) {
    if (!EU_REGION_PATTERN.test(region)) {
      throw new RegionNotAllowedError(
        `allowedRegions may only list EU regions (eu-*), but lists "${region}": personal data of WhatsApp users must stay in the EU`,
      );
    }
  }
  return allowed;
}

/**
 * The region the stack deploys to, when it is an allowed EU region.
 *
 * @throws RegionNotAllowedError for an unresolved region (an environment-agnostic stack, which
 *   could be deployed anywhere), a region outside `eu-*`, or one missing from `allowed`.
 * @example
 * assertEuRegion('eu-central-1'); // 'eu-central-1'
 * assertEuRegion('us-east-1');    // throws: region us-east-1 is outside the EU ...
 */
export function assertEuRegion(region: string | undefined, allowed: readonly string[] = EU_REGIONS): string {
  if (region === undefined || region === '' || Token.isUnresolved(region)) {
    throw new RegionNotAllowedError(
      'the target region is unresolved: set it explicitly (context "region", or CDK_DEFAULT_REGION / AWS_REGION) to one of ' +
        `${validateAllowedRegions(allowed).join(', ')}; an environment-agnostic stack could be deployed outside the EU`,
    );
  }
  validateAllowedRegions(allowed);
  if (!EU_REGION_PATTERN.test(region)) {
    throw new RegionNotAllowedError(
      `region ${region} is outside the EU: the bridge deploys to EU regions only (allowed: ${allowed.join(', ')})`,
    );
  }
  if (!allowed.includes(region)) {
    throw new RegionNotAllowedError(`region ${region} is not in allowedRegions (${allowed.join(', ')})`);
  }
  return region;
}
