import type { Requester, RequestKind, RequestState } from '@smartloket/core';
import type { Knex } from 'knex';
import type { RepoContext } from '../context.js';
import { type Dialect, fromJson, ms, num, toDate, toDateNN } from '../dialect.js';
import { typeFamilySql } from '../migrations/0021-inbox-family-index.js';
import type { Page } from './paging.js';

/** States where a request waits for a staff member: shown first in the inbox. */
export const WAITING_FOR_STAFF: readonly RequestState[] = ['in_review', 'failed', 'submitted', 'in_progress'];

/** Filters of the back-office inbox. Never personal data (they may end up in a URL). */
export interface InboxFilter {
  /**
   * Request types the staff member may see: `*`, type ids, or family prefixes (`strafregister.*`).
   * An empty list sees nothing.
   */
  scopes: readonly string[];
  typeIds?: readonly string[] | undefined;
  states?: readonly RequestState[] | undefined;
  /** Requester capacity: `citizen` includes filings at the counter. */
  capacity?: 'citizen' | 'organisation' | 'anonymous' | undefined;
  assigneeId?: string | undefined;
  /** Only requests nobody is assigned to. */
  unassigned?: boolean | undefined;
  /**
   * Only requests of these types (`*`, ids, `family.*`): a team's request types ("my team").
   * An empty list matches nothing.
   */
  teamTypes?: readonly string[] | undefined;
  /** Inclusive. */
  createdFrom?: Date | undefined;
  /** Exclusive. */
  createdTo?: Date | undefined;
  /**
   * Only requests waiting for staff that were due before this instant (the start of today in
   * Brussels: "te laat"). Requests without a due date are never overdue.
   */
  overdueBefore?: Date | undefined;
}

/** One inbox line: what the list shows, nothing more. */
export interface InboxRow {
  id: string;
  reference: string;
  typeId: string;
  kind: RequestKind;
  state: RequestState;
  version: number;
  requesterKind: Requester['kind'];
  requesterName: string | null;
  organisationName: string | null;
  assigneeId: string | null;
  createdAt: Date;
  /** The start of the due day (Brussels); null when the type has no lead time. */
  dueAt: Date | null;
  /** Set when the last question to the requester expired unanswered ("geen antwoord"). */
  noAnswerAt: Date | null;
}

/** A search of the inbox: by reference, INSZ (subject or requester) or requester name. */
export type InboxSearch = { reference: string } | { insz: string } | { name: string };

/** Open requests per state and type (the inbox's counts at the top). */
export interface InboxCount {
  state: RequestState;
  typeId: string;
  count: number;
}

/** States still open (not final): the inbox counts these. */
export const OPEN_STATES: readonly RequestState[] = [
  ...WAITING_FOR_STAFF,
  'waiting_requester',
  'waiting_source',
];

/** A saved inbox filter of one staff member. */
export interface SavedFilterRecord {
  id: string;
  ownerId: string;
  name: string;
  query: string;
  createdAt: Date;
}

/** One request as the reports count it. */
export interface ReportRow {
  id: string;
  typeId: string;
  kind: RequestKind;
  state: RequestState;
  createdAt: Date;
  handledAt: Date | null;
  deliveredAt: Date | null;
  closedAt: Date | null;
  /** The due date (start of the due day in Brussels), or null when the type has no lead time. */
  dueAt: Date | null;
  /**
   * The periods the request waited for the requester (from entering `waiting_requester` to
   * leaving it; `end` null while it still waits), oldest first: the clock of the lead time stops
   * meanwhile.
   */
  waits: { start: Date; end: Date | null }[];
}

const INBOX_COLUMNS = [
  'id',
  'reference',
  'type_id',
  'kind',
  'state',
  'version',
  'requester_kind',
  'requester',
  'assignee_id',
  'created_at',
  'due_at',
  'no_answer_at',
];

/** The sort key of a request without a due date: after every real one (see migration 0007). */
const NO_DUE_DATE = 8_640_000_000_000_000;
/** The due-date sort key; the partial index `requests_due_idx` is on exactly this expression. */
const DUE_KEY = `coalesce(due_at, ${NO_DUE_DATE})`;

/** An inbox segment: its states, and whether it is sorted by due date or newest first. */
interface Segment {
  states: readonly RequestState[] | { not: readonly RequestState[] };
  byDue: boolean;
}

/**
 * The back-office queries: the inbox (keyset-paged in two segments: requests waiting for staff
 * first, then the rest, each newest first), search, saved filters and the rows reports count.
 */
export class BackofficeRepository {
  readonly #ctx: RepoContext;
  constructor(ctx: RepoContext) {
    this.#ctx = ctx;
  }

  /**
   * One inbox page. Segment 0 holds the requests waiting for staff, sorted by due date (earliest
   * first, those without a due date last; partial index `requests_due_idx`), segment 1 the rest,
   * newest first (the `(state|type, created_at, id)` indexes). The cursor holds the segment and
   * the keyset position (sort key, id) inside it. An explicit `states` filter makes one segment,
   * sorted by due date when every state in it waits for staff; `overdueBefore` keeps only
   * requests waiting for staff that were due before it.
   */
  async inbox(
    filter: InboxFilter,
    page: { limit: number; after?: string | undefined },
  ): Promise<Page<InboxRow>> {
    const limit = Math.max(1, Math.min(page.limit, 200));
    let cursor = page.after ? decodeInboxCursor(page.after) : { s: 0, t: undefined, id: undefined };
    const segments = inboxSegments(filter);
    const items: InboxRow[] = [];
    while (cursor.s < segments.length) {
      const seg = segments[cursor.s]!;
      const q = this.#filtered(filter);
      if (Array.isArray(seg.states)) q.whereIn('state', [...(seg.states as RequestState[])]);
      else q.whereNotIn('state', [...(seg.states as { not: RequestState[] }).not]);
      if (filter.overdueBefore) q.whereRaw(`${DUE_KEY} < ?`, [ms(filter.overdueBefore)!]);
      if (cursor.t !== undefined && cursor.id !== undefined) {
        const { t, id } = cursor;
        if (seg.byDue) q.whereRaw(`(${DUE_KEY}, id) > (?, ?)`, [t, id]);
        else
          q.andWhere((w) =>
            w
              .where('created_at', '<', t)
              .orWhere((w2) => w2.where('created_at', '=', t).andWhere('id', '<', id)),
          );
      }
      const want = limit - items.length;
      if (seg.byDue) q.orderByRaw(`${DUE_KEY} asc, id asc`);
      else
        q.orderBy([
          { column: 'created_at', order: 'desc' },
          { column: 'id', order: 'desc' },
        ]);
      const rows = await q.limit(want + 1).select(INBOX_COLUMNS);
      for (const r of rows.slice(0, want)) items.push(this.#mapRow(r));
      const last = items[items.length - 1];
      if (rows.length > want && last) {
        const key = seg.byDue ? (last.dueAt?.getTime() ?? NO_DUE_DATE) : last.createdAt.getTime();
        return { items, next: encodeInboxCursor(cursor.s, key, last.id) };
      }
      cursor = { s: cursor.s + 1, t: undefined, id: undefined };
      if (items.length === limit) {
        // The page is full exactly at the end of a segment: continue with the next one.
        return cursor.s < segments.length ? { items, next: encodeInboxCursor(cursor.s, -1, '') } : { items };
      }
    }
    return { items };
  }

  /** Requests found by reference, INSZ or name, within the staff member's scopes (newest first). */
  async search(scopes: readonly string[], search: InboxSearch, limit = 50): Promise<InboxRow[]> {
    const q = this.#filtered({ scopes });
    if ('reference' in search) q.where('reference', search.reference.toUpperCase());
    else if ('insz' in search) {
      const insz = search.insz;
      const requesterInsz =
        this.#ctx.dialect === 'postgres' ? "requester->>'insz'" : "json_extract(requester, '$.insz')";
      q.where((w) => w.where('subject_insz', insz).orWhereRaw(`${requesterInsz} = ?`, [insz]));
    } else {
      const name =
        this.#ctx.dialect === 'postgres'
          ? "lower(coalesce(requester->>'name', '') || ' ' || coalesce(requester->'organisation'->>'name', ''))"
          : "lower(coalesce(json_extract(requester, '$.name'), '') || ' ' || coalesce(json_extract(requester, '$.organisation.name'), ''))";
      const needle = `%${search.name.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      q.whereRaw(`${name} like ? escape '\\'`, [needle]);
    }
    const rows = await q
      .orderBy([
        { column: 'created_at', order: 'desc' },
        { column: 'id', order: 'desc' },
      ])
      .limit(Math.max(1, Math.min(limit, 200)))
      .select(INBOX_COLUMNS);
    return rows.map((r: any) => this.#mapRow(r));
  }

  /**
   * Open requests (see {@link OPEN_STATES}) within the scopes, counted per state and type: the
   * caller sums them per state and per team (a request's team follows from its type).
   */
  async openCounts(scopes: readonly string[]): Promise<InboxCount[]> {
    // The counter table kept by triggers in the same transaction as every change (migration
    // 0012, decision 0904): exact, and a sum over a few hundred rows instead of a count over all.
    const q = this.#ctx.knex('request_counts');
    scopeWhere(q, scopes, this.#ctx.dialect);
    const rows = await q
      .whereIn('state', [...OPEN_STATES])
      .groupBy('state', 'type_id')
      .havingRaw('sum(n) > 0')
      .select('state', 'type_id')
      .sum<{ state: RequestState; type_id: string; n: number | string }[]>({ n: 'n' });
    return rows.map((r) => ({ state: r.state, typeId: r.type_id, count: num(r.n) }));
  }

  /** Whether a type id falls within the scopes. */
  static inScope(scopes: readonly string[], typeId: string): boolean {
    return scopes.some(
      (s) => s === '*' || s === typeId || (s.endsWith('.*') && typeId.startsWith(s.slice(0, -1))),
    );
  }

  /** Saved filters of a staff member, newest first. */
  async savedFilters(ownerId: string): Promise<SavedFilterRecord[]> {
    const rows = await this.#ctx
      .knex('backoffice_saved_filters')
      .where({ owner_id: ownerId })
      .orderBy([
        { column: 'created_at', order: 'desc' },
        { column: 'id', order: 'desc' },
      ])
      .limit(100);
    return rows.map((r) => ({
      id: r.id,
      ownerId: r.owner_id,
      name: r.name,
      query: r.query,
      createdAt: toDateNN(r.created_at),
    }));
  }

  /** Saves a filter for a staff member. */
  async saveFilter(ownerId: string, name: string, query: string): Promise<SavedFilterRecord> {
    const row = {
      id: crypto.randomUUID(),
      owner_id: ownerId,
      name: name.slice(0, 100),
      query: query.slice(0, 2000),
      created_at: ms(this.#ctx.clock.now())!,
    };
    await this.#ctx.knex('backoffice_saved_filters').insert(row);
    return { id: row.id, ownerId, name: row.name, query: row.query, createdAt: new Date(row.created_at) };
  }

  /** Removes a saved filter of this owner; false when there was none. */
  async deleteFilter(ownerId: string, id: string): Promise<boolean> {
    const n = await this.#ctx.knex('backoffice_saved_filters').where({ id, owner_id: ownerId }).delete();
    return num(n) > 0;
  }

  /** Requests created in [from, to) within the scopes, for reports (no personal data). */
  async reportRows(
    scopes: readonly string[],
    from: Date,
    to: Date,
    typeIds?: readonly string[],
  ): Promise<ReportRow[]> {
    const q = this.#filtered({ scopes, createdFrom: from, createdTo: to, typeIds });
    const rows = await q
      .orderBy([
        { column: 'created_at', order: 'asc' },
        { column: 'id', order: 'asc' },
      ])
      .select(
        'id',
        'type_id',
        'kind',
        'state',
        'created_at',
        'handled_at',
        'delivered_at',
        'closed_at',
        'due_at',
      );
    // The waits for the requester, from the events entering and leaving that state.
    const waits = new Map<string, { start: Date; end: Date | null }[]>();
    const events = await this.#ctx
      .knex('request_events')
      .whereIn(
        'request_id',
        this.#filtered({ scopes, createdFrom: from, createdTo: to, typeIds }).select('id'),
      )
      .where((w) => w.where('to_state', 'waiting_requester').orWhere('from_state', 'waiting_requester'))
      .orderBy([
        { column: 'request_id', order: 'asc' },
        { column: 'seq', order: 'asc' },
      ])
      .select('request_id', 'from_state', 'to_state', 'at');
    for (const e of events as any[]) {
      const list = waits.get(e.request_id) ?? [];
      const at = toDateNN(e.at);
      if (e.from_state === 'waiting_requester' && list.length > 0 && list.at(-1)!.end === null) {
        list.at(-1)!.end = at;
      }
      if (e.to_state === 'waiting_requester') list.push({ start: at, end: null });
      waits.set(e.request_id, list);
    }
    return rows.map((r: any) => ({
      id: r.id,
      typeId: r.type_id,
      kind: r.kind,
      state: r.state,
      createdAt: toDateNN(r.created_at),
      handledAt: toDate(r.handled_at),
      deliveredAt: toDate(r.delivered_at),
      closedAt: toDate(r.closed_at),
      dueAt: toDate(r.due_at),
      waits: waits.get(r.id) ?? [],
    }));
  }

  /** Failed source consultations (outcome other than ok/pending) per request type in [from, to). */
  async sourceFailures(from: Date, to: Date): Promise<Map<string, number>> {
    const rows = await this.#ctx
      .knex('audit_log as a')
      .join('requests as r', 'r.id', 'a.request_id')
      .where('a.category', 'consultation_outcome')
      .whereNotIn('a.outcome', ['ok', 'pending'])
      .where('a.at', '>=', ms(from)!)
      .where('a.at', '<', ms(to)!)
      .groupBy('r.type_id')
      .select('r.type_id')
      .count<{ type_id: string; n: number | string }[]>({ n: '*' });
    return new Map(rows.map((r) => [r.type_id, num(r.n)]));
  }

  #filtered(f: InboxFilter): Knex.QueryBuilder {
    const q = this.#ctx.knex('requests');
    scopeWhere(q, f.scopes, this.#ctx.dialect);
    if (f.typeIds && f.typeIds.length > 0) q.whereIn('type_id', [...f.typeIds]);
    if (f.capacity === 'citizen') q.whereIn('requester_kind', ['citizen', 'counter']);
    else if (f.capacity) q.where('requester_kind', f.capacity);
    if (f.assigneeId !== undefined) q.where('assignee_id', f.assigneeId);
    if (f.unassigned) q.whereNull('assignee_id');
    if (f.teamTypes) scopeWhere(q, f.teamTypes, this.#ctx.dialect);
    if (f.createdFrom) q.where('created_at', '>=', ms(f.createdFrom)!);
    if (f.createdTo) q.where('created_at', '<', ms(f.createdTo)!);
    return q;
  }

  #mapRow(r: any): InboxRow {
    const requester = fromJson<Requester>(this.#ctx.dialect, r.requester);
    return {
      id: r.id,
      reference: r.reference,
      typeId: r.type_id,
      kind: r.kind,
      state: r.state,
      version: num(r.version),
      requesterKind: r.requester_kind,
      requesterName: requester?.name ?? null,
      organisationName: requester?.organisation?.name ?? requester?.organisation?.kbo ?? null,
      assigneeId: r.assignee_id ?? null,
      createdAt: toDateNN(r.created_at),
      dueAt: toDate(r.due_at),
      noAnswerAt: toDate(r.no_answer_at),
    };
  }
}

/** The inbox's segments for a filter (see {@link BackofficeRepository.inbox}). */
function inboxSegments(filter: InboxFilter): Segment[] {
  const waiting = (states: readonly RequestState[]) => states.every((s) => WAITING_FOR_STAFF.includes(s));
  if (filter.overdueBefore) {
    const states = (filter.states ?? WAITING_FOR_STAFF).filter((s) => WAITING_FOR_STAFF.includes(s));
    return states.length > 0 ? [{ states, byDue: true }] : [];
  }
  if (filter.states) return [{ states: filter.states, byDue: waiting(filter.states) }];
  return [
    { states: WAITING_FOR_STAFF, byDue: true },
    { states: { not: WAITING_FOR_STAFF }, byDue: false },
  ];
}

/** Restricts a query on `requests` to the scopes (`*`, ids, `family.*` prefixes). */
/**
 * Limits a query to request types matching scopes (`*`, ids, `family.*`). A family without a dot
 * is compared on the type's family expression, which the partial index `requests_family_due_idx`
 * (migration 0021) holds with the due key; a dotted prefix (`a.b.*`) falls back to `like`.
 */
function scopeWhere(q: Knex.QueryBuilder, scopes: readonly string[], dialect: Dialect): void {
  if (scopes.includes('*')) return;
  const ids = scopes.filter((s) => !s.endsWith('.*'));
  const prefixes = scopes.filter((s) => s.endsWith('.*')).map((s) => s.slice(0, -1));
  if (ids.length === 0 && prefixes.length === 0) {
    q.whereRaw('1 = 0');
    return;
  }
  const families = prefixes.map((p) => p.slice(0, -1)).filter((f) => f !== '' && !f.includes('.'));
  const others = prefixes.filter((p) => !families.includes(p.slice(0, -1)));
  q.where((w) => {
    if (ids.length > 0) w.orWhereIn('type_id', ids);
    if (families.length === 1) w.orWhereRaw(`${typeFamilySql(dialect)} = ?`, [families[0]!]);
    else if (families.length > 1) {
      w.orWhereRaw(`${typeFamilySql(dialect)} in (${families.map(() => '?').join(', ')})`, families);
    }
    for (const p of others) w.orWhere('type_id', 'like', `${p.replace(/[\\%_]/g, '')}%`);
  });
}

function encodeInboxCursor(s: number, t: number, id: string): string {
  return Buffer.from(JSON.stringify([s, t, id])).toString('base64url');
}

function decodeInboxCursor(cursor: string): { s: number; t: number | undefined; id: string | undefined } {
  try {
    const v = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(v) && (v[0] === 0 || v[0] === 1) && Number.isFinite(v[1]) && typeof v[2] === 'string') {
      return v[1] < 0 ? { s: v[0], t: undefined, id: undefined } : { s: v[0], t: v[1], id: v[2] };
    }
  } catch {
    // fall through
  }
  throw new TypeError('invalid page cursor');
}
