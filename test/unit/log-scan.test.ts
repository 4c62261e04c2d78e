import { describe, expect, it } from 'vitest';
import { assertNoPersonalDataInLogs, findPersonalDataInLogs } from '../support/log-scan.js';

describe('Function: findPersonalDataInLogs', () => {
  const data = { phoneNumbers: ['4915112345678'], names: ['Erika Mustermann'], texts: ['Wo ist mein "Paket"?'] };

  it('finds nothing in logs of ids, hashes and counts', () => {
    const lines = [JSON.stringify({ level: 'info', message: 'event processed', eventId: 'wamid.HBgL', contactId: 'k3J9xQ', crmEvents: 1 })];
    expect(findPersonalDataInLogs(lines, data)).toEqual([]);
  });

  it('finds a phone number with a plus sign, or only its national tail', () => {
    const lines = ['{"to":"+4915112345678"}', '{"msisdn":"0151 12345678"}', '{"tail":"12345678"}'];
    const findings = findPersonalDataInLogs(lines, data);
    expect(findings.map((finding) => finding.line)).toEqual(expect.arrayContaining([0, 2]));
    expect(findings.every((finding) => finding.kind === 'phone number')).toBe(true);
  });

  it('finds names case-insensitively and texts in their JSON-escaped form', () => {
    const lines = ['{"name":"erika mustermann"}', JSON.stringify({ text: 'Wo ist mein "Paket"?' })];
    expect(findPersonalDataInLogs(lines, data).map((finding) => finding.kind)).toEqual(['name', 'message text']);
  });

  it('throws naming the kind and line, not the rest of the line', () => {
    expect(() => assertNoPersonalDataInLogs(['{"secret":"x","from":"4915112345678"}'], data)).toThrow(/phone number "4915112345678" in log line 0/);
  });
});
