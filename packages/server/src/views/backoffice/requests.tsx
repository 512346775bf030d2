/** @jsxImportSource preact */
import { type LocalizedText, localize, type RequestState } from '@smartloket/core';
import type { InboxRow, SavedFilterRecord } from '@smartloket/db';
import { bt } from '../../backoffice-messages.js';
import { formatDate, staffStateLabel } from '../../messages.js';
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

/** The inbox table (also used for search results). */
export function InboxTable(props: {
  ctx: BackofficeContext;
  rows: InboxRow[];
  titleOf: (typeId: string) => LocalizedText;
  /** The Brussels day (ISO) that "te laat" and "vandaag" are measured against. */
  today: string;
}) {
  const l = props.ctx.locale;
  if (props.rows.length === 0) return <p>{bt(l, 'noRequests')}</p>;
  return (
    <table class="inbox">
      <thead>
        <tr>
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
            <td>
              <a href={`/backoffice/requests/${r.id}`}>{r.reference}</a>
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
            <td>{r.assigneeId ? (r.assigneeId === props.ctx.user.id ? bt(l, 'me') : r.assigneeId) : '–'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** "All tasks": filters, saved filters, search (POST), the list, the next page. */
export function InboxPage(props: {
  ctx: BackofficeContext;
  query: InboxQuery;
  types: { id: string; title: LocalizedText }[];
  rows: InboxRow[];
  next?: string | undefined;
  saved: SavedFilterRecord[];
  queryString: string;
  titleOf: (typeId: string) => LocalizedText;
  today: string;
}) {
  const { ctx, query } = props;
  const l = ctx.locale;
  const nextHref = props.next
    ? `/backoffice?${new URLSearchParams({ ...Object.fromEntries(new URLSearchParams(props.queryString)), after: props.next })}`
    : undefined;
  return (
    <BackofficeLayout ctx={ctx} title={bt(l, 'inbox')}>
      <h1>{bt(l, 'inbox')}</h1>
      <form method="post" action="/backoffice/search" class="search">
        <input type="hidden" name="_csrf" value={ctx.csrf} />
        <label for="q">{bt(l, 'searchLabel')}</label>
        <input type="search" id="q" name="q" autocomplete="off" />
        <button type="submit">{bt(l, 'search')}</button>
      </form>
      <form method="get" action="/backoffice" class="filters" aria-label={bt(l, 'filters')}>
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
          <input type="date" id="f-from" name="from" value={query.from ?? ''} />
        </div>
        <div>
          <label for="f-to">{bt(l, 'to')}</label>
          <input type="date" id="f-to" name="to" value={query.to ?? ''} />
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
        <div>
          <input type="checkbox" id="f-mine" name="mine" value="1" checked={query.mine === '1'} />
          <label for="f-mine" class="choice">
            {bt(l, 'assignedToMe')}
          </label>
        </div>
        <OverdueFilter l={l} checked={query.due === 'overdue'} />
        <button type="submit">{bt(l, 'apply')}</button>
      </form>
      <div class="panel">
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
      <h2>{bt(l, 'requests')}</h2>
      <InboxTable ctx={ctx} rows={props.rows} titleOf={props.titleOf} today={props.today} />
      {nextHref ? (
        <p>
          <a href={nextHref}>{bt(l, 'nextPage')}</a>
        </p>
      ) : null}
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
