import { userInfo } from 'node:os';
import type { Actor } from '@smartloket/core';
import type { ApiClientRecord } from '@smartloket/db';
import {
  ApiClientInputError,
  createApiClient,
  listApiClients,
  revokeApiClient,
  rotateApiClient,
} from '@smartloket/server';
import { CliError, EXIT } from '../errors.js';
import type { Output } from '../output.js';
import { OPERATOR, type OpsOptions, withDatabase } from './shared.js';

const ACTIONS = ['list', 'create', 'rotate', 'revoke'] as const;

/** The audit actor: the CLI, and the operating-system account that ran it. */
function operator(): Actor {
  let user: string | undefined;
  try {
    user = userInfo().username;
  } catch {
    user = undefined;
  }
  return user ? { ...OPERATOR, name: `${OPERATOR.name} (${user})` } : OPERATOR;
}

/** `--scope read --scope act` or `--scope read,act`. */
function listOption(value: string | string[] | undefined): string[] {
  return [value ?? []]
    .flat()
    .flatMap((v) => String(v).split(','))
    .map((v) => v.trim())
    .filter(Boolean);
}

function describeClient(c: ApiClientRecord): string {
  const day = (d: Date | null) => d?.toISOString().slice(0, 10) ?? '-';
  return [
    c.id,
    c.name,
    c.scopes.join(','),
    c.requestTypes?.join(',') ?? 'all types',
    `${c.tokenPrefix}…`,
    `created ${day(c.createdAt)}`,
    `last used ${day(c.lastUsedAt)}`,
    c.revokedAt ? `REVOKED ${day(c.revokedAt)}` : 'active',
  ].join('  ');
}

/** The secret, once, with what to do with it (stdout; `--json` puts it in the object). */
function secretText(verb: string, c: ApiClientRecord, secret: string): string {
  return [
    `${verb} API client "${c.name}" (${c.scopes.join(', ')}; ${c.requestTypes?.join(', ') ?? 'all request types'}).`,
    `  client_id:     ${c.id}`,
    `  client_secret: ${secret}`,
    'The secret is shown only now; store it in the calling system. It is stored here only as a hash.',
  ].join('\n');
}

/** `smartloket api-clients list|create|rotate|revoke`. */
export async function apiClients(
  action: string,
  args: { name?: string; scopes?: string | string[]; types?: string | string[]; id?: string },
  options: OpsOptions,
  out: Output,
): Promise<void> {
  if (!(ACTIONS as readonly string[]).includes(action)) {
    throw new CliError(`unknown api-clients action "${action}" (use ${ACTIONS.join(', ')})`, EXIT.config);
  }
  if ((action === 'rotate' || action === 'revoke') && !args.id)
    throw new CliError(`api-clients ${action} needs --id <client id>`, EXIT.config);
  if (action === 'create' && (!args.name || listOption(args.scopes).length === 0))
    throw new CliError(
      'api-clients create needs --name <name> and --scope <read|act|admin> (repeatable); --type <id> limits it to request types',
      EXIT.config,
    );
  await withDatabase(options, async (db) => {
    if (action === 'list') {
      const list = await listApiClients(db);
      out.result({ clients: list }, list.map(describeClient).join('\n') || 'No API clients.');
    } else if (action === 'create') {
      try {
        const { client, secret } = await createApiClient(
          db,
          { name: String(args.name), scopes: listOption(args.scopes), requestTypes: listOption(args.types) },
          operator(),
        );
        out.result({ client, secret }, secretText('Created', client, secret));
      } catch (error) {
        if (error instanceof ApiClientInputError) throw new CliError(error.message, EXIT.config);
        throw error;
      }
    } else if (action === 'rotate') {
      const rotated = await rotateApiClient(db, args.id!, operator());
      if (!rotated) throw new CliError(`no active API client with id "${args.id}"`, EXIT.failure);
      out.result(
        rotated,
        `${secretText('Rotated', rotated.client, rotated.secret)}\nThe previous secret and its access tokens no longer work.`,
      );
    } else {
      const done = await revokeApiClient(db, args.id!, operator());
      if (!done) throw new CliError(`no active API client with id "${args.id}"`, EXIT.failure);
      const client = await db.apiClients.get(args.id!);
      out.result(
        { client },
        `Revoked API client "${client?.name}"; its secret and access tokens no longer work.`,
      );
    }
  });
}
