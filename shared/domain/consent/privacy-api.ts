import { isContactId } from '../contact-id.js';
import { constantTimeEquals } from '../crypto.js';
import type { Clock, CrmEventQueue, Log } from '../ports.js';
import { InvalidRequestError, NotFoundError, UnauthorizedError } from '../../errors.js';
import { eraseContact, exportContactData, type ContactExport } from './data-subject-rights.js';
import type { ContactDataStore, ErasureTombstone } from './ports.js';

export interface PrivacyApiDependencies {
  readonly adminToken: string;
  readonly data: ContactDataStore;
  readonly crmEvents: CrmEventQueue;
  readonly clock: Clock;
  readonly log: Log;
}

/**
 * Checks an `Authorization: Bearer <token>` header against the admin token in constant time.
 *
 * @throws UnauthorizedError when the header is missing, malformed or the token differs.
 */
export function authorizeBearer(header: string | undefined, expected: string): void {
  const match = /^Bearer (\S+)$/i.exec(header?.trim() ?? '');
  // Compared even when absent, so a missing header costs the same as a wrong one.
  const ok = constantTimeEquals(match?.[1] ?? '', expected);
  if (!match || !ok) throw new UnauthorizedError('missing or invalid bearer token', { code: 'invalid_token' });
}

/**
 * The path's contact id, checked for shape before anything else (even the token): a malformed or
 * traversal-like path gets 400 whoever asks, and never reaches the table.
 *
 * @throws InvalidRequestError when it is not a contact id.
 */
export function requireContactId(value: string | undefined): string {
  if (value === undefined || !isContactId(value)) {
    throw new InvalidRequestError('contactId must be a 43-character base64url contact id', { code: 'invalid_contact_id' });
  }
  return value;
}

/** What `DELETE /v1/contacts/{contactId}` answers. */
export interface ErasureResponse {
  readonly contactId: string;
  readonly state: ErasureTombstone['state'];
  readonly requestId: string;
  readonly requestedAt: string;
  readonly erasedAt?: string;
  /** False when the contact had already been erased and nothing new was held. */
  readonly erasedNow: boolean;
}

/**
 * Routes one privacy API request to its use case.
 *
 * @throws InvalidRequestError for a malformed contact id, NotFoundError for an unknown contact or route.
 */
export async function handlePrivacyRequest(
  request: { method: string; path: string; contactId: string | undefined },
  dependencies: PrivacyApiDependencies,
): Promise<ContactExport | ErasureResponse> {
  const contactId = requireContactId(request.contactId);
  if (request.method === 'GET' && request.path.endsWith('/export')) {
    const exported = await exportContactData(contactId, dependencies);
    dependencies.log.info('contact exported', { contactId, items: countItems(exported) });
    return exported;
  }
  if (request.method === 'DELETE') {
    const { tombstone, erasedNow } = await eraseContact({ contactId, channel: 'api' }, dependencies);
    return {
      contactId,
      state: tombstone.state,
      requestId: tombstone.requestId,
      requestedAt: tombstone.requestedAt,
      ...(tombstone.erasedAt ? { erasedAt: tombstone.erasedAt } : {}),
      erasedNow,
    };
  }
  throw new NotFoundError(`no route for ${request.method} ${request.path}`);
}

function countItems(exported: ContactExport): number {
  return (
    (exported.profile ? 1 : 0) +
    exported.consentReceipts.length +
    exported.heldMessages.length +
    exported.linkedContacts.length +
    exported.otherItems.length +
    (exported.erasure ? 1 : 0)
  );
}
