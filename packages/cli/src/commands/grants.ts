import { isValidKbo, normalizeKbo } from '@smartloket/core';
import { CliError, EXIT } from '../errors.js';
import type { Output } from '../output.js';
import { OPERATOR, type OpsOptions, withDatabase } from './shared.js';

/** `smartloket grants list|add|revoke`. */
export async function grants(
  action: string,
  args: { kbo?: string; type?: string; until?: string; id?: string; note?: string },
  options: OpsOptions,
  out: Output,
): Promise<void> {
  if (!['list', 'add', 'revoke'].includes(action)) {
    throw new CliError(`unknown grants action "${action}" (use list, add or revoke)`, EXIT.config);
  }
  let kbo: string | undefined;
  if (args.kbo !== undefined) {
    if (!isValidKbo(args.kbo))
      throw new CliError(`--kbo "${args.kbo}" is not a valid KBO number`, EXIT.config);
    kbo = normalizeKbo(args.kbo);
  }
  let until: Date | undefined;
  if (args.until !== undefined) {
    until = new Date(args.until);
    if (Number.isNaN(until.getTime())) throw new CliError('--until must be a date (YYYY-MM-DD)', EXIT.config);
  }
  if (action === 'add' && (!kbo || !args.type)) {
    throw new CliError('grants add needs --kbo and --type (a request type id, family.* or *)', EXIT.config);
  }
  if (action === 'revoke' && !args.id) throw new CliError('grants revoke needs --id', EXIT.config);
  await withDatabase(options, async (db) => {
    if (action === 'list') {
      const list = await db.grants.list(kbo ? { kbo } : {});
      out.result(
        { grants: list },
        list
          .map(
            (g) =>
              `${g.id}  ${g.kbo}  ${g.requestTypeId}  ${g.validFrom.toISOString().slice(0, 10)}…${g.validUntil?.toISOString().slice(0, 10) ?? ''}${g.revokedAt ? '  revoked' : ''}`,
          )
          .join('\n') || 'No grants.',
      );
    } else if (action === 'add') {
      const g = await db.grants.add(
        { kbo: kbo!, requestTypeId: args.type!, validUntil: until ?? null, note: args.note ?? null },
        OPERATOR,
      );
      out.result({ grant: g }, `Added grant ${g.id}: ${g.kbo} may receive ${g.requestTypeId}.`);
    } else {
      const g = await db.grants.revoke(args.id!, OPERATOR, args.note);
      out.result({ grant: g }, `Revoked grant ${g.id}.`);
    }
  });
}
