import { describe, expect, it } from 'vitest';
import { parseBridgeConfig } from '../../../shared/config/bridge-config.js';
import { createCrmTextSanitizer } from '../../../shared/domain/crm/text-sanitizer.js';
import { ConfigurationError } from '../../../shared/errors.js';

describe('Function: parseBridgeConfig (crm section)', () => {
  it('defaults to data minimisation and the Standard Webhooks retry schedule', () => {
    expect(parseBridgeConfig({}).crm).toEqual({
      forwardProfileName: false,
      forwardPhoneNumber: false,
      retryScheduleSeconds: [5, 300, 1800, 7200, 18000, 36000, 36000],
      piiActions: {},
    });
  });

  it('accepts a scaled schedule and per-type actions', () => {
    const crm = parseBridgeConfig({ crm: { retryScheduleSeconds: [1, 2], piiActions: { URL: 'keep', EMAIL: 'pseudonymize' } } }).crm;
    expect(crm.retryScheduleSeconds).toEqual([1, 2]);
    expect(crm.piiActions).toEqual({ URL: 'keep', EMAIL: 'pseudonymize' });
  });

  it.each([
    [{ retryScheduleSeconds: [] }, 'crm.retryScheduleSeconds'],
    [{ retryScheduleSeconds: [43_201] }, 'crm.retryScheduleSeconds.0'],
    [{ piiActions: { EMAIL: 'shred' } }, 'crm.piiActions.EMAIL'],
    [{ piiActions: { NAME: 'keep' } }, 'crm.piiActions'],
  ])('rejects %j naming the field', (crm, field) => {
    expect(() => parseBridgeConfig({ crm })).toThrow(ConfigurationError);
    expect(() => parseBridgeConfig({ crm })).toThrow(field);
  });
});

describe('Function: createCrmTextSanitizer', () => {
  it('pseudonymises with a stable keyed token, keeps what is configured, redacts the rest', () => {
    const sanitize = createCrmTextSanitizer({ EMAIL: 'pseudonymize', URL: 'keep' }, 'key-1');
    const first = sanitize('Mail anna@example.de, see https://shop.example.com/order/4711, call +49 151 23456789', { region: 'DE' });
    const again = sanitize('anna@example.de again', { region: 'DE' });
    const otherKey = createCrmTextSanitizer({ EMAIL: 'pseudonymize' }, 'key-2')('anna@example.de', {});
    const token = /\[EMAIL:[0-9a-f]{10}\]/.exec(first)?.[0];
    expect(token).toBeDefined();
    expect(again).toBe(`${token} again`);
    expect(otherKey).not.toBe(token);
    expect(first).toContain('https://shop.example.com/order/4711');
    expect(first).toContain('[PHONE]');
    expect(first).not.toContain('anna');
  });
});
