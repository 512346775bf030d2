import type { Actor } from '@smartloket/core';
import { API_SCOPES, type ApiClientRecord, type ApiScope, type Database } from '@smartloket/db';

/**
 * Managing API clients: `smartloket api-clients create|list|rotate|revoke` and the back-office
 * screen call these. The secret is shown once by `create` and `rotate`; only its SHA-256 is
 * stored. Every change is audited by the repository (who, what, when; never the secret).
 */

export interface CreateApiClientInput {
  name: string;
  scopes: readonly string[];
  /** Request type ids or family wildcards; empty or absent for every type. */
  requestTypes?: readonly string[] | undefined;
}

/** Why an API client cannot be created as asked. */
export type ApiClientInputProblem = 'name' | 'scopes' | 'requestTypes';

/** Invalid input for an API client; `problem` names the field. */
export class ApiClientInputError extends TypeError {
  constructor(
    readonly problem: ApiClientInputProblem,
    message: string,
  ) {
    super(message);
    this.name = 'ApiClientInputError';
  }
}

/** A request type id (`bevolking.uittreksel`), a family wildcard (`bevolking.*`) or `*`. */
const TYPE_PATTERN = /^(\*|[a-z][a-z0-9-]*\.\*|[a-z][a-z0-9-]*(\.[a-z0-9][a-z0-9-]*)+)$/;

const CLI_ACTOR: Actor = { type: 'staff', id: 'cli', name: 'smartloket api-clients' };

/** Checks and normalises the input; throws {@link ApiClientInputError}. */
export function checkApiClientInput(input: CreateApiClientInput): {
  name: string;
  scopes: ApiScope[];
  requestTypes: string[] | null;
} {
  const name = input.name.trim();
  if (!name || name.length > 200)
    throw new ApiClientInputError('name', 'an API client needs a name (at most 200 characters)');
  const bad = input.scopes.find((s) => !(API_SCOPES as readonly string[]).includes(s));
  if (bad !== undefined || input.scopes.length === 0)
    throw new ApiClientInputError('scopes', `scopes must be one or more of ${API_SCOPES.join(', ')}`);
  const types = [...new Set((input.requestTypes ?? []).map((t) => t.trim()).filter(Boolean))];
  const badType = types.find((t) => !TYPE_PATTERN.test(t));
  if (badType !== undefined)
    throw new ApiClientInputError(
      'requestTypes',
      `"${badType}" is not a request type id, a family wildcard (bevolking.*) or *`,
    );
  return {
    name,
    scopes: [...new Set(input.scopes)] as ApiScope[],
    requestTypes: types.length > 0 && !types.includes('*') ? types : null,
  };
}

/** Creates an API client. Throws {@link ApiClientInputError} on invalid input. */
export async function createApiClient(
  db: Database,
  input: CreateApiClientInput,
  actor: Actor = CLI_ACTOR,
): Promise<{ client: ApiClientRecord; secret: string }> {
  return db.apiClients.create(checkApiClientInput(input), actor);
}

/** Every API client (without secrets), newest first. */
export async function listApiClients(db: Database): Promise<ApiClientRecord[]> {
  return db.apiClients.list();
}

/** A new secret for an active client (the old one stops working); undefined when unknown or revoked. */
export async function rotateApiClient(
  db: Database,
  id: string,
  actor: Actor = CLI_ACTOR,
): Promise<{ client: ApiClientRecord; secret: string } | undefined> {
  return db.apiClients.rotate(id, actor);
}

/** Revokes a client and its access tokens; false when unknown or already revoked. */
export async function revokeApiClient(db: Database, id: string, actor: Actor = CLI_ACTOR): Promise<boolean> {
  return db.apiClients.revoke(id, actor);
}
