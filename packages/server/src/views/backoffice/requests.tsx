/** @jsxImportSource preact */
import { type LocalizedText, localize, type RequestState } from '@smartloket/core';
import type { InboxRow, SavedFilterRecord } from '@smartloket/db';
import { bt } from '../../backoffice-messages.js';
import { formatDate, staffStateLabel } from '../../messages.js';
import { DayInput } from './day-input.js';
import { DueCell, dt, OverdueFilter } from './deadlines.js';
import { type BackofficeContext, BackofficeLayout } from './layout.js';

export interface InboxQuery {
  type?: string | undefined;
  status?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
  capacity?: string | undefined;
  mine?: string | undefined;
  /** `overdue`: only requests waiting for staff past their due date. */
  due?: string | undefined;
  /** `mine`, `team` or `unassigned`; absent: all. */
  view?: string | undefined;
  /** A team id (from the counts per team). */
  team?: string | undefined;
}

/** The counts at the top of the inbox: open requests per state and per team. */
export interface InboxCounts {
  states: { state: RequestState; count: number }[];
  teams: { id: string; name: string; count: number }[];
  noTeam: number;
}

const STATES: RequestState[] = [
  'in_review',
  'waiting_requester',
  'failed',
  'submitted',
  'in_progress',
  'waiting_source',
  'delivered',
  'delivered_at_counter',
  'refused',
  'denied',
  'handled_outside',
  'resolved',
  'cancelled',
  'expired',
];

const VIEWS = ['all', 'mine', 'team', 'unassigned'] as const;

/** The inbox table (also used for search results); with `bulkForm`, a selection column. */
export function InboxTable(props: {
  ctx: BackofficeContext;
  rows: InboxRow[];
  titleOf: (typeId: string) => LocalizedText;
  /** The Brussels day (ISO) that "te laat" and "vandaag" are measured against. */
  today: string;
  /** Staff names by subject, for the assignee column. */
  names?: ReadonlyMap<string, string> | undefined;
  /** The id of the bulk-action form the selection boxes belong to. */
  bulkForm?: string | undefined;
}) {
  const l = props.ctx.locale;
  if (props.rows.length === 0) return <p>{bt(l, 'noRequests')}</p>;
  return (
    <table class="inbox" data-keyboard-nav="">
      <thead>
        <tr>
          {props.bulkForm ? (
            <th scope="col">
              <span class="visually-hidden">{bt(l, 'select')}</span>
            </th>
          ) : null}
          <th scope="col">{bt(l, 'reference')}</th>
          <th scope="col">{bt(l, 'type')}</th>
          <th scope="col">{bt(l, 'requester')}</th>
          <th scope="col">{bt(l, 'status')}</th>
          <th scope="col">{dt(l, 'due')}</th>
          <th scope="col">{bt(l, 'received')}</th>
          <th scope="col">{bt(l, 'assignee')}</th>
        </tr>
      </thead>
      <tbody>
        {props.rows.map((r) => (
          <tr>
            {props.bulkForm ? (
              <td>
                <input
                  type="checkbox"
                  name="id"
                  value={r.id}
                  form={props.bulkForm}
                  id={`sel-${r.id}`}
                  aria-label={bt(l, 'selectRequest', { reference: r.reference })}
                />
              </td>
            ) : null}
            <td>
              <a href={`/backoffice/requests/${r.id}`} class="request-link" aria-keyshortcuts="j k">
                {r.reference}
              </a>
            </td>
            <td>{localize(props.titleOf(r.typeId), l)}</td>
            <td>
              {r.requesterKind === 'organisation'
                ? `${r.organisationName ?? ''}${r.requesterName ? ` (${r.requesterName})` : ''}`
                : (r.requesterName ?? bt(l, `capacity.${r.requesterKind}`))}
            </td>
            <td class="state">{staffStateLabel(l, r.state)}</td>
            <DueCell l={l} dueAt={r.dueAt} noAnswerAt={r.noAnswerAt} state={r.state} today={props.today} />
            <td>{formatDate(l, r.createdAt, true)}</td>
            <td>
              {r.assigneeId
                ? r.assigneeId === props.ctx.user.id
                  ? bt(l, 'me')
                  : (props.names?.get(r.assigneeId) ?? bt(l, 'unknownColleague'))
                : '–'}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** A link to the inbox with `query` changed by `patch` (an empty value removes the key). */
function inboxHref(query: InboxQuery, patch: Partial<InboxQuery>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries({ ...query, ...patch })) if (v) q.set(k, v);
  const s = q.toString();
  return s ? `/backoffice?${s}` : '/backoffice';
}

/** "All tasks": counts, views, compact search and filters, the list, bulk actions, paging. */
export function InboxPage(props: {
  ctx: BackofficeContext;
  query: InboxQuery;
  types: { id: string; title: LocalizedText }[];
  rows: InboxRow[];
  next?: string | undefined;
  /** Whether this is a later page (a link back to the first is shown). */
  first?: boolean | undefined;
  saved: SavedFilterRecord[];
  queryString: string;
  titleOf: (typeId: string) => LocalizedText;
  today: string;
  counts?: InboxCounts | undefined;
  /** Whether the staff member is in a team ("my team" view). */
  hasTeam?: boolean | undefined;
  names?: ReadonlyMap<string, string> | undefined;
  /** Case handlers to assign a selection to. */
  colleagues?: { id: string; name: string }[] | undefined;
  invalidDates?: boolean | undefined;
  bulk?: { done: number; skipped: number } | undefined;
}) {
  const { ctx, query } = props;
  const l = ctx.locale;
  const nextHref = props.next
    ? `/backoffice?${new URLSearchParams({ ...Object.fromEntries(new URLSearchParams(props.queryString)), after: props.next })}`
    : undefined;
  const filtering = Boolean(
    query.type || query.status || query.from || query.to || query.capacity || query.due,
  );
  const view = query.view ?? 'all';
  return (
    <BackofficeLayout ctx={ctx} title={bt(l, 'inbox')} scripts={['/backoffice/assets/inbox.js']}>
      <h1>{bt(l, 'inbox')}</h1>
      {props.bulk ? (
        <p class="notice" role="status">
          {bt(l, 'bulkDone', { done: props.bulk.done, skipped: props.bulk.skipped })}
        </p>
      ) : null}
      {props.counts ? (
        <section class="counts" aria-labelledby="h-counts">
          <h2 id="h-counts" class="visually-hidden">
            {bt(l, 'openCounts')}
          </h2>
          <div>
            <h3>{bt(l, 'perState')}</h3>
            <ul>
              {props.counts.states
                .filter((c) => c.count > 0)
                .map((c) => (
                  <li>
                    <a href={inboxHref(query, { status: c.state })}>
                      <span class="count">{c.count}</span> {staffStateLabel(l, c.state)}
                    </a>
                  </li>
                ))}
            </ul>
          </div>
          {props.counts.teams.length > 0 ? (
            <div>
              <h3>{bt(l, 'perTeam')}</h3>
              <ul>
                {props.counts.teams.map((t) => (
                  <li>
                    <a
                      href={inboxHref(query, { team: t.id })}
                      aria-current={query.team === t.id ? 'true' : undefined}
                    >
                      <span class="count">{t.count}</span> {t.name}
                    </a>
                  </li>
                ))}
                {props.counts.noTeam > 0 ? (
                  <li>
                    <span class="count">{props.counts.noTeam}</span> {bt(l, 'noTeam')}
                  </li>
                ) : null}
              </ul>
            </div>
          ) : null}
        </section>
      ) : null}
      <nav aria-label={bt(l, 'views')}>
        <ul class="views">
          {VIEWS.filter((v) => v !== 'team' || props.hasTeam).map((v) => (
            <li>
              <a
                href={inboxHref(query, { view: v === 'all' ? '' : v, mine: '' })}
                aria-current={view === v ? 'page' : undefined}
              >
                {bt(l, `view.${v}`)}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <details class="find" open={filtering || props.invalidDates ? true : undefined}>
        <summary>
          {bt(l, 'searchAndFilter')} {filtering ? <span class="active">{bt(l, 'filtersActive')}</span> : null}
        </summary>
        <form method="post" action="/backoffice/search" class="search">
          <input type="hidden" name="_csrf" value={ctx.csrf} />
          <label for="q">{bt(l, 'searchLabel')}</label>
          <input type="search" id="q" name="q" autocomplete="off" />
          <button type="submit">{bt(l, 'search')}</button>
        </form>
        <form method="get" action="/backoffice" class="filters" aria-label={bt(l, 'filters')}>
          {query.view && query.view !== 'mine' ? (
            <input type="hidden" name="view" value={query.view} />
          ) : null}
          {query.team ? <input type="hidden" name="team" value={query.team} /> : null}
          <div>
            <label for="f-type">{bt(l, 'type')}</label>
            <select id="f-type" name="type">
              <option value="">{bt(l, 'all')}</option>
              {props.types.map((t) => (
                <option value={t.id} selected={query.type === t.id}>
                  {localize(t.title, l)}
                </option>
              ))}
            </select>
          </div>
          <div>
            <label for="f-status">{bt(l, 'status')}</label>
            <select id="f-status" name="status">
              <option value="">{bt(l, 'all')}</option>
              {STATES.map((s) => (
                <option value={s} selected={query.status === s}>
                  {staffStateLabel(l, s)}
                </option>
              ))}
            </select>
          </div>
          <div>
            <label for="f-from">{bt(l, 'from')}</label>
            <DayInput
              locale={l}
              id="f-from"
              name="from"
              value={query.from}
              invalid={Boolean(props.invalidDates && query.from)}
            />
          </div>
          <div>
            <label for="f-to">{bt(l, 'to')}</label>
            <DayInput
              locale={l}
              id="f-to"
              name="to"
              value={query.to}
              invalid={Boolean(props.invalidDates && query.to)}
            />
          </div>
          <div>
            <label for="f-capacity">{bt(l, 'capacity')}</label>
            <select id="f-capacity" name="capacity">
              <option value="">{bt(l, 'all')}</option>
              {['citizen', 'organisation', 'anonymous'].map((c) => (
                <option value={c} selected={query.capacity === c}>
                  {bt(l, `capacity.${c}`)}
                </option>
              ))}
            </select>
          </div>
          <div class="check">
            <input type="checkbox" id="f-mine" name="mine" value="1" checked={view === 'mine'} />
            <label for="f-mine">{bt(l, 'assignedToMe')}</label>
          </div>
          <OverdueFilter l={l} checked={query.due === 'overdue'} />
          <button type="submit">{bt(l, 'apply')}</button>
          {props.invalidDates ? (
            <p class="error" role="alert">
              {bt(l, 'invalidDate')}
            </p>
          ) : null}
        </form>
        <div class="saved">
          <h2>{bt(l, 'savedFilters')}</h2>
          {props.saved.length > 0 ? (
            <ul>
              {props.saved.map((f) => (
                <li>
                  <a href={`/backoffice?${f.query}`}>{f.name}</a>{' '}
                  <form class="inline" method="post" action={`/backoffice/filters/${f.id}/delete`}>
                    <input type="hidden" name="_csrf" value={ctx.csrf} />
                    <button type="submit" class="secondary" aria-label={`${bt(l, 'remove')}: ${f.name}`}>
                      {bt(l, 'remove')}
                    </button>
                  </form>
                </li>
              ))}
            </ul>
          ) : null}
          <form method="post" action="/backoffice/filters">
            <input type="hidden" name="_csrf" value={ctx.csrf} />
            <input type="hidden" name="query" value={props.queryString} />
            <label for="filter-name">{bt(l, 'filterName')}</label>
            <input type="text" id="filter-name" name="name" required maxLength={100} />{' '}
            <button type="submit">{bt(l, 'saveFilter')}</button>
          </form>
        </div>
      </details>
      <h2 id="h-requests">{bt(l, 'requests')}</h2>
      <p class="hint" id="keyboard-hint">
        {bt(l, 'keyboardHint')}
      </p>
      <InboxTable
        ctx={ctx}
        rows={props.rows}
        titleOf={props.titleOf}
        today={props.today}
        names={props.names}
        bulkForm="bulk"
      />
      {props.rows.length > 0 ? (
        <form
          method="post"
          action="/backoffice/bulk"
          id="bulk"
          class="bulk"
          aria-label={bt(l, 'bulkActions')}
        >
          <input type="hidden" name="_csrf" value={ctx.csrf} />
          <input type="hidden" name="returnQuery" value={props.queryString} />
          <span class="label">{bt(l, 'bulkActions')}:</span>
          <label for="bulk-assignee">{bt(l, 'bulkAssignTo')}</label>
          <select id="bulk-assignee" name="assignee">
            <option value="">{bt(l, 'chooseColleague')}</option>
            {(props.colleagues ?? []).map((c) => (
              <option value={c.id}>{c.name}</option>
            ))}
          </select>
          <button type="submit" name="bulkAction" value="assign" class="secondary">
            {bt(l, 'bulkAssign')}
          </button>
          <button type="submit" name="bulkAction" value="approve" class="secondary">
            {bt(l, 'bulkApprove')}
          </button>
        </form>
      ) : null}
      <nav class="pages" aria-label={bt(l, 'requests')}>
        {props.first ? (
          <a href={`/backoffice${props.queryString ? `?${props.queryString}` : ''}`}>{bt(l, 'firstPage')}</a>
        ) : null}{' '}
        {nextHref ? (
          <a href={nextHref} rel="next">
            {bt(l, 'nextPage')}
          </a>
        ) : null}
      </nav>
    </BackofficeLayout>
  );
}

/** Search results (the search term came in a POST body and is not echoed into any URL). */
export function SearchPage(props: {
  ctx: BackofficeContext;
  rows: InboxRow[];
  titleOf: (typeId: string) => LocalizedText;
  today: string;
}) {
  const l = props.ctx.locale;
  return (
    <BackofficeLayout ctx={props.ctx} title={bt(l, 'searchResults')}>
      <h1>{bt(l, 'searchResults')}</h1>
      <form method="post" action="/backoffice/search" class="search">
        <input type="hidden" name="_csrf" value={props.ctx.csrf} />
        <label for="q">{bt(l, 'searchLabel')}</label>
        <input type="search" id="q" name="q" autocomplete="off" />
        <button type="submit">{bt(l, 'search')}</button>
      </form>
      <InboxTable ctx={props.ctx} rows={props.rows} titleOf={props.titleOf} today={props.today} />
      <p>
        <a href="/backoffice">{bt(l, 'inbox')}</a>
      </p>
    </BackofficeLayout>
  );
}

/** A short message page of the back-office. */
export function BackofficeMessagePage(props: { ctx: BackofficeContext; title: string; message: string }) {
  return (
    <BackofficeLayout ctx={props.ctx} title={props.title}>
      <h1>{props.title}</h1>
      <p>{props.message}</p>
      <p>
        <a href="/backoffice">{bt(props.ctx.locale, 'backoffice')}</a>
      </p>
    </BackofficeLayout>
  );
}
