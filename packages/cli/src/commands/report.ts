import { CliError, EXIT } from '../errors.js';
import { type OpsOptions, withDatabase } from './shared.js';

const csvCell = (v: unknown) => {
  const s = v === null || v === undefined ? '' : v instanceof Date ? v.toISOString() : String(v);
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

/**
 * `smartloket report`: requests as CSV on stdout (no personal data: reference, type, state,
 * requester kind, channel dates). `--from`/`--to` bound the creation date.
 */
export async function report(
  options: OpsOptions & { from?: string | undefined; to?: string | undefined },
  write: (chunk: string) => void = (c) => process.stdout.write(c),
): Promise<number> {
  const from = options.from ? new Date(options.from) : undefined;
  const to = options.to ? new Date(options.to) : undefined;
  if ((from && Number.isNaN(from.getTime())) || (to && Number.isNaN(to.getTime()))) {
    throw new CliError('--from and --to must be dates (YYYY-MM-DD)', EXIT.config);
  }
  return withDatabase(options, async (db) => {
    write('reference,type,kind,state,requester_kind,created_at,closed_at\n');
    let after: string | undefined;
    let rows = 0;
    do {
      const page = await db.requests.list(
        { ...(from ? { createdFrom: from } : {}), ...(to ? { createdTo: to } : {}) },
        { limit: 500, after },
      );
      for (const r of page.items) {
        write(
          `${[r.reference, r.typeId, r.kind, r.state, r.requesterKind, r.createdAt, r.closedAt].map(csvCell).join(',')}\n`,
        );
        rows += 1;
      }
      after = page.next;
    } while (after);
    return rows;
  });
}
