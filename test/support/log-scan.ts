/** Personal data a test put into webhooks, to look for in what the bridge logged. */
export interface PersonalData {
  /** WhatsApp ids / phone numbers (digits only). */
  readonly phoneNumbers?: readonly string[];
  /** Profile names. */
  readonly names?: readonly string[];
  /** Message texts. */
  readonly texts?: readonly string[];
}

export interface LogFinding {
  readonly kind: 'phone number' | 'name' | 'message text';
  /** The needle that matched (test data, safe to show). */
  readonly needle: string;
  /** Index of the log line. */
  readonly line: number;
}

/** The shortest tail of a phone number still worth flagging (a national number without prefix). */
const PHONE_TAIL_DIGITS = 8;

function phoneNeedles(phone: string): string[] {
  const digits = phone.replace(/\D/g, '');
  // The number as sent, with a plus, and its national tail: a log of "+49 151..." or of the
  // number without country code leaks it as much as the exact digits do.
  return [...new Set([digits, `+${digits}`, digits.slice(-PHONE_TAIL_DIGITS)])].filter((needle) => needle.length >= PHONE_TAIL_DIGITS);
}

/**
 * Scans log lines for the given personal data: each phone number (also as its last 8 digits),
 * each name (case-insensitive) and each message text (whole, case-insensitive). Returns what it
 * found; an empty list means the logs are clean.
 */
export function findPersonalDataInLogs(lines: readonly string[], data: PersonalData): LogFinding[] {
  const needles: { kind: LogFinding['kind']; needle: string; lower: string }[] = [
    ...(data.phoneNumbers ?? []).flatMap((phone) => phoneNeedles(phone).map((needle) => ({ kind: 'phone number' as const, needle, lower: needle }))),
    ...(data.names ?? []).filter((name) => name.trim().length >= 3).map((name) => ({ kind: 'name' as const, needle: name, lower: name.toLowerCase() })),
    ...(data.texts ?? []).filter((text) => text.trim().length >= 4).map((text) => ({ kind: 'message text' as const, needle: text, lower: text.toLowerCase() })),
  ];
  const findings: LogFinding[] = [];
  lines.forEach((line, index) => {
    const lower = line.toLowerCase();
    for (const { kind, needle, lower: lowerNeedle } of needles) {
      // JSON logs escape quotes and backslashes; look for the escaped form too.
      if (lower.includes(lowerNeedle) || lower.includes(JSON.stringify(lowerNeedle).slice(1, -1))) findings.push({ kind, needle, line: index });
    }
  });
  return findings;
}

/**
 * Throws (failing the test) when any log line holds the given personal data, naming the kind,
 * the test value and the line number, never the rest of the line.
 */
export function assertNoPersonalDataInLogs(lines: readonly string[], data: PersonalData): void {
  const findings = findPersonalDataInLogs(lines, data);
  if (findings.length === 0) return;
  const summary = findings.slice(0, 5).map((finding) => `${finding.kind} "${finding.needle}" in log line ${finding.line}`);
  throw new Error(`personal data in the bridge's logs (${findings.length} finding(s)): ${summary.join('; ')}`);
}
