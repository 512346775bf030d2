import type { Identity } from '@smartloket/core';

/** The staff scope that opens criminal-record requests and documents. */
export const STAFF_SCOPE = 'strafregister.*';

/**
 * Whether a staff member may see requests (and documents) of a request type: `*` opens all,
 * `<plugin>.*` a family, an exact id one type. Criminal-record requests need such a scope; a
 * case handler without one does not see them. The back-office calls this per request and logs
 * each view (a `viewed` event).
 */
export function staffMayView(
  identity: Pick<Identity, 'staffRoles' | 'staffScopes'>,
  requestTypeId: string,
): boolean {
  if (identity.staffRoles.length === 0) return false;
  return (identity.staffScopes ?? []).some(
    (s) => s === '*' || s === requestTypeId || (s.endsWith('.*') && requestTypeId.startsWith(s.slice(0, -1))),
  );
}
