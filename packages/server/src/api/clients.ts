import type { Actor } from '@smartloket/core';
import { API_SCOPES, type ApiClientRecord, type ApiScope, type Database } from '@smartloket/db';

/**
 * `smartloket api-clients create|list|revoke`, as functions (the CLI wires the commands). The
 * secret is shown once by `create`; only its SHA-256 is stored.
 */

export interface CreateApiClientInput {
  name: string;
  scopes: readonly string[];
  /** Request type ids or family wildcards; empty or absent for every type. */
  requestTypes?: readonly string[] | undefined;
}

/** Creates an API client. Throws TypeError on an unknown scope or an empty name. */
export async function createApiClient(
  db: Database,
  input: CreateApiClientInput,
  actor: Actor = { type: 'staff', id: 'cli', name: 'smartloket api-clients' },
): Promise<{ client: ApiClientRecord; secret: string }> {
  const name = input.name.trim();
  if (!name || name.length > 200) throw new TypeError('an API client needs a name (at most 200 characters)');
  const bad = input.scopes.find((s) => !(API_SCOPES as readonly string[]).includes(s));
  if (bad !== undefined || input.scopes.length === 0)
    throw new TypeError(`scopes must be one or more of ${API_SCOPES.join(', ')}`);
  const created = await db.apiClients.create(
    { name, scopes: input.scopes as ApiScope[], requestTypes: input.requestTypes },
    actor,
  );
  await db.audit.append({
    category: 'api_client_created',
    actor,
    data: {
      clientId: created.client.id,
      scopes: created.client.scopes,
      requestTypes: created.client.requestTypes,
    },
  });
  return created;
}

/** Every API client (without secrets), newest first. */
export async function listApiClients(db: Database): Promise<ApiClientRecord[]> {
  return db.apiClients.list();
}

/** Revokes a client and its access tokens; false when unknown or already revoked. */
export async function revokeApiClient(
  db: Database,
  id: string,
  actor: Actor = { type: 'staff', id: 'cli', name: 'smartloket api-clients' },
): Promise<boolean> {
  const done = await db.apiClients.revoke(id);
  if (done) await db.audit.append({ category: 'api_client_revoked', actor, data: { clientId: id } });
  return done;
}
