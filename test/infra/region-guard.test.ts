import { Aws } from 'aws-cdk-lib';
import { describe, expect, it } from 'vitest';
import { buildApp } from '../../infra/app.js';
import { assertEuRegion, EU_REGIONS, RegionNotAllowedError, validateAllowedRegions } from '../../infra/region-guard.js';
import { unbundledApp } from './support.js';

describe('Function: assertEuRegion', () => {
  it.each(EU_REGIONS)('accepts %s', (region) => {
    expect(assertEuRegion(region)).toBe(region);
  });

  it.each(['us-east-1', 'eu-east-1x', 'ap-southeast-1', 'EU-CENTRAL-1', 'us-gov-west-1'])('refuses %s as outside the EU', (region) => {
    expect(() => assertEuRegion(region)).toThrow(RegionNotAllowedError);
  });

  it('refuses an unresolved region, which could be deployed anywhere', () => {
    expect(() => assertEuRegion(Aws.REGION)).toThrow(/unresolved/);
    expect(() => assertEuRegion(undefined)).toThrow(/unresolved/);
  });

  it('refuses an EU region that the deployment did not allow', () => {
    expect(() => assertEuRegion('eu-central-1', ['eu-west-1', 'eu-north-1'])).toThrow(/not in allowedRegions \(eu-west-1, eu-north-1\)/);
    expect(assertEuRegion('eu-north-1', ['eu-west-1', 'eu-north-1'])).toBe('eu-north-1');
  });
});

describe('Function: validateAllowedRegions', () => {
  it('refuses an allow-list that adds a region outside the EU', () => {
    expect(() => validateAllowedRegions(['eu-central-1', 'us-east-1'])).toThrow(/may only list EU regions .* "us-east-1"/);
  });

  it('refuses an empty allow-list', () => {
    expect(() => validateAllowedRegions([])).toThrow(RegionNotAllowedError);
  });
});

describe('Function: buildApp (region guard)', () => {
  it('fails the synth for us-east-1 with a message that names the region and the rule', () => {
    expect(() => buildApp({ app: unbundledApp(), env: { account: '111111111111', region: 'us-east-1' } })).toThrow(
      /region us-east-1 is outside the EU: the bridge deploys to EU regions only/,
    );
  });

  it('fails the synth for an environment-agnostic stack (no region)', () => {
    expect(() => buildApp({ app: unbundledApp(), env: {} })).toThrow(/the target region is unresolved/);
  });

  it('takes the region from the context before the CLI default, so a profile in us-east-1 cannot move the bridge', () => {
    const previous = process.env.CDK_DEFAULT_REGION;
    process.env.CDK_DEFAULT_REGION = 'us-east-1';
    try {
      const { stack } = buildApp({ app: unbundledApp({ region: 'eu-west-1' }) });
      expect(stack.region).toBe('eu-west-1');
      expect(() => buildApp({ app: unbundledApp() })).toThrow(/region us-east-1 is outside the EU/);
    } finally {
      if (previous === undefined) delete process.env.CDK_DEFAULT_REGION;
      else process.env.CDK_DEFAULT_REGION = previous;
    }
  });

  it('fails the synth when the allowedRegions context lists a region outside the EU', () => {
    expect(() =>
      buildApp({ app: unbundledApp({ allowedRegions: 'eu-central-1,us-east-1' }), env: { account: '111111111111', region: 'eu-central-1' } }),
    ).toThrow(/may only list EU regions/);
  });
});
