import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { parseBridgeConfig } from '../../../shared/config/bridge-config.js';
import { renderRecordOfProcessing } from '../../../shared/domain/consent/ropa.js';
import { writeBridgeConfigFile } from '../../support/bridge-config-file.js';

const run = promisify(execFile);

describe('Function: renderRecordOfProcessing', () => {
  it('covers every Art. 30(1) element from the configuration', () => {
    // Prepare
    const config = parseBridgeConfig({
      controller: { name: 'Muster GmbH', address: 'Hauptstraße 1, Berlin', contact: 'privacy@muster.example' },
      dpo: { name: 'Dr. Datenschutz', contact: 'dpo@muster.example' },
      recipients: { crm: { name: 'Acme CRM', country: 'DE' }, awsRegion: 'eu-west-1' },
      retention: { heldMessageSeconds: 2 * 86_400 },
    });

    // Act
    const record = renderRecordOfProcessing(config, new Date('2026-11-29T10:00:00.000Z'));

    // Assess
    for (const heading of ['Controller and data protection officer', 'Purposes and lawful bases', 'Categories of data subjects', 'Recipients', 'Transfers to third countries', 'Retention', 'Technical and organisational measures']) {
      expect(record).toContain(`## ${heading}`);
    }
    for (const fact of ['Muster GmbH', 'Dr. Datenschutz', 'dpo@muster.example', 'Art. 6(1)(a)', 'Meta Platforms Ireland Ltd', 'processor for the Cloud API', 'Amazon Web Services EMEA SARL (eu-west-1)', 'Acme CRM', '| US |', 'Data Privacy Framework', '| 2 days |', '1095 days', 'pseudonymous contact id', 'KMS', 'constant-time', 'Log hygiene']) {
      expect(record).toContain(fact);
    }
  });

  it('states the legitimate interest and any extra data forwarded to the CRM', () => {
    const config = parseBridgeConfig({
      purposes: { customerService: { basis: 'legitimate_interest', legitimateInterest: 'Answering customer enquiries' } },
      crm: { forwardProfileName: true },
    });
    const record = renderRecordOfProcessing(config);
    expect(record).toContain('Art. 6(1)(f)');
    expect(record).toContain('Interest: Answering customer enquiries');
    expect(record).toContain('WhatsApp profile name');
  });
});

describe('Script: npm run ropa', () => {
  it('prints the record for the BRIDGE_CONFIG file', async () => {
    const { stdout } = await run('node_modules/.bin/tsx', ['scripts/ropa.ts'], { env: { ...process.env, BRIDGE_CONFIG: 'config/bridge-config.example.json' } });
    expect(stdout).toMatch(/^# Record of processing activities/);
    expect(stdout).toContain('Muster Möbel GmbH');
  });

  it('exits with 1 and names the bad field for a malformed config', async () => {
    const path = writeBridgeConfigFile({ retention: { consentProofSeconds: 'forever' } });
    const failure = await run('node_modules/.bin/tsx', ['scripts/ropa.ts'], { env: { ...process.env, BRIDGE_CONFIG: path } }).then(
      () => undefined,
      (error: { code: number; stderr: string }) => error,
    );
    expect(failure?.code).toBe(1);
    expect(failure?.stderr).toContain('retention.consentProofSeconds');
  });
});
