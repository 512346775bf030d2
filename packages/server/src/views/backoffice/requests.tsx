/** @jsxImportSource preact */
import {
  formatInsz,
  type LocalizedText,
  localize,
  type RequestAction,
  type RequestState,
} from '@smartloket/core';
import type {
  AuditRecord,
  DocumentRecord,
  InboxRow,
  OutboxRecord,
  RequestEventRecord,
  RequestRecord,
  SavedFilterRecord,
} from '@smartloket/db';
import { bt } from '../../backoffice-messages.js';
import { formatDate, staffStateLabel } from '../../messages.js';
import { type BackofficeContext, BackofficeLayout } from './layout.js';

export interface InboxQuery {
  type?: string | undefined;
  status?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
  capacity?: string | undefined;
  mine?: string | undefined;
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
      <InboxTable ctx={ctx} rows={props.rows} titleOf={props.titleOf} />
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
      <InboxTable ctx={props.ctx} rows={props.rows} titleOf={props.titleOf} />
      <p>
        <a href="/backoffice">{bt(l, 'inbox')}</a>
      </p>
    </BackofficeLayout>
  );
}

/** Actions a staff member can take, with the forms they need. */
export type StaffAction = Extract<
  RequestAction,
  'approve' | 'refuse' | 'ask' | 'deliver_at_counter' | 'handle_outside' | 'retry' | 'start' | 'resolve'
>;

/** The request page: everything about one request, and the actions. */
export function RequestPage(props: {
  ctx: BackofficeContext;
  request: RequestRecord;
  title: LocalizedText;
  events: RequestEventRecord[];
  consultations: AuditRecord[];
  documents: DocumentRecord[];
  mails: OutboxRecord[];
  actions: StaffAction[];
  notice?: 'done' | 'conflict' | 'reasonRequired' | undefined;
}) {
  const { ctx, request: r } = props;
  const l = ctx.locale;
  const version = String(r.version);
  const hidden = (
    <>
      <input type="hidden" name="_csrf" value={ctx.csrf} />
      <input type="hidden" name="version" value={version} />
    </>
  );
  const simple = props.actions.filter((a) => a !== 'refuse' && a !== 'ask');
  const notes = props.events.filter((e) => e.type === 'note');
  return (
    <BackofficeLayout ctx={ctx} title={r.reference}>
      <h1>
        {localize(props.title, l)} – {r.reference}
      </h1>
      {props.notice === 'conflict' ? (
        <p class="conflict" role="alert">
          {bt(l, 'conflict')}
        </p>
      ) : props.notice === 'reasonRequired' ? (
        <p class="conflict" role="alert">
          {bt(l, 'reasonRequired')}
        </p>
      ) : props.notice === 'done' ? (
        <p class="notice" role="status">
          {bt(l, 'done')}
        </p>
      ) : null}
      <dl class="facts">
        <div>
          <dt>{bt(l, 'status')}</dt>
          <dd class="state" id="state">
            {staffStateLabel(l, r.state)}
          </dd>
        </div>
        <div>
          <dt>{bt(l, 'received')}</dt>
          <dd>{formatDate(l, r.createdAt, true)}</dd>
        </div>
        <div>
          <dt>{bt(l, 'requester')}</dt>
          <dd>
            {r.requester.name ?? '–'} ({bt(l, `capacity.${r.requesterKind}`)})
            {r.requester.organisation
              ? ` – ${r.requester.organisation.name ?? ''} ${r.requester.organisation.kbo}`
              : ''}
            {r.requester.insz ? ` – ${formatInsz(r.requester.insz)}` : ''}
            {r.requester.filedBy
              ? ` – ${bt(l, 'identityChecked')}: ${r.requester.filedBy.name ?? r.requester.filedBy.id}`
              : ''}
          </dd>
        </div>
        <div>
          <dt>{bt(l, 'subject')}</dt>
          <dd>
            {r.subject.insz ? formatInsz(r.subject.insz) : '–'} ({r.subject.relation})
          </dd>
        </div>
        {r.purpose ? (
          <div>
            <dt>{bt(l, 'purpose')}</dt>
            <dd>{r.purpose}</dd>
          </div>
        ) : null}
        <div>
          <dt>{bt(l, 'assignee')}</dt>
          <dd>
            {r.assigneeId ? (r.assigneeId === ctx.user.id ? bt(l, 'me') : r.assigneeId) : bt(l, 'nobody')}
          </dd>
        </div>
      </dl>

      <div class="grid">
        <section class="panel" aria-labelledby="h-actions">
          <h2 id="h-actions">{bt(l, 'actions')}</h2>
          {simple.length > 0 ? (
            <ul class="buttons">
              {simple.map((a) => (
                <li>
                  <form method="post" action={`/backoffice/requests/${r.id}/act`}>
                    {hidden}
                    <input type="hidden" name="action" value={a} />
                    <button type="submit" class={a === 'approve' ? undefined : 'secondary'}>
                      {bt(l, `action.${a}`)}
                    </button>
                  </form>
                </li>
              ))}
            </ul>
          ) : null}
          {props.actions.includes('refuse') ? (
            <form method="post" action={`/backoffice/requests/${r.id}/act`}>
              {hidden}
              <input type="hidden" name="action" value="refuse" />
              <label for="refuse-reason">{bt(l, 'refuseReason')}</label>
              <textarea id="refuse-reason" name="reason" rows={2} cols={40} required maxLength={2000} />
              <button type="submit" class="secondary">
                {bt(l, 'action.refuse')}
              </button>
            </form>
          ) : null}
          {props.actions.includes('ask') ? (
            <form method="post" action={`/backoffice/requests/${r.id}/act`}>
              {hidden}
              <input type="hidden" name="action" value="ask" />
              <label for="ask-question">{bt(l, 'question')}</label>
              <textarea id="ask-question" name="reason" rows={2} cols={40} required maxLength={2000} />
              <label for="ask-deadline">{bt(l, 'deadline')}</label>
              <input type="date" id="ask-deadline" name="deadline" />
              <button type="submit" class="secondary">
                {bt(l, 'action.ask')}
              </button>
            </form>
          ) : null}
          <form method="post" action={`/backoffice/requests/${r.id}/assign`}>
            <input type="hidden" name="_csrf" value={ctx.csrf} />
            <input type="hidden" name="assignee" value={ctx.user.id} />
            <button type="submit" class="secondary">
              {bt(l, 'assignToMe')}
            </button>
          </form>
          <form method="post" action={`/backoffice/requests/${r.id}/assign`}>
            <input type="hidden" name="_csrf" value={ctx.csrf} />
            <label for="assignee">{bt(l, 'assignTo')}</label>
            <input type="text" id="assignee" name="assignee" maxLength={200} required />
            <button type="submit" class="secondary">
              {bt(l, 'assign')}
            </button>
          </form>
          {r.kind === 'report' ? (
            <form method="post" action={`/backoffice/requests/${r.id}/message`}>
              <input type="hidden" name="_csrf" value={ctx.csrf} />
              <label for="message">{bt(l, 'message')}</label>
              <textarea id="message" name="text" rows={2} cols={40} required maxLength={4000} />
              <button type="submit" class="secondary">
                {bt(l, 'send')}
              </button>
            </form>
          ) : null}
        </section>

        <section class="panel" aria-labelledby="h-notes">
          <h2 id="h-notes">{bt(l, 'notes')}</h2>
          {notes.length > 0 ? (
            <ul>
              {notes.map((n) => (
                <li>
                  {formatDate(l, n.at, true)} – {n.actor.name ?? n.actor.id}: {n.reason}
                </li>
              ))}
            </ul>
          ) : (
            <p>{bt(l, 'none')}</p>
          )}
          <form method="post" action={`/backoffice/requests/${r.id}/note`}>
            <input type="hidden" name="_csrf" value={ctx.csrf} />
            <label for="note">{bt(l, 'note')}</label>
            <textarea id="note" name="text" rows={2} cols={40} required maxLength={4000} />
            <button type="submit" class="secondary">
              {bt(l, 'addNote')}
            </button>
          </form>
        </section>
      </div>

      <section aria-labelledby="h-form">
        <h2 id="h-form">{bt(l, 'formData')}</h2>
        {r.form ? (
          <dl class="facts">
            {Object.entries(r.form).map(([k, v]) => (
              <div>
                <dt>{k}</dt>
                <dd>{typeof v === 'string' ? v : JSON.stringify(v)}</dd>
              </div>
            ))}
          </dl>
        ) : (
          <p>{bt(l, 'formPurged')}</p>
        )}
      </section>

      <section aria-labelledby="h-decision">
        <h2 id="h-decision">{bt(l, 'decision')}</h2>
        {r.decision ? (
          <>
            <p>{bt(l, `outcome.${r.decision.outcome}`)}</p>
            <ul>
              {r.decision.verdicts.map((v) => (
                <li>
                  {v.ruleId}: {v.outcome === 'abstain' ? '–' : bt(l, `outcome.${v.outcome}`)} –{' '}
                  {localize(v.reason, l)}
                </li>
              ))}
              {r.decision.reasons
                .filter((x) => !r.decision!.verdicts.some((v) => v.ruleId === x.ruleId))
                .map((x) => (
                  <li>
                    {x.ruleId}: {localize(x.reason, l)}
                  </li>
                ))}
            </ul>
          </>
        ) : (
          <p>{bt(l, 'none')}</p>
        )}
      </section>

      <section aria-labelledby="h-events">
        <h2 id="h-events">{bt(l, 'events')}</h2>
        <table>
          <thead>
            <tr>
              <th scope="col">{bt(l, 'when')}</th>
              <th scope="col">{bt(l, 'type')}</th>
              <th scope="col">{bt(l, 'status')}</th>
              <th scope="col">{bt(l, 'who')}</th>
              <th scope="col">{bt(l, 'reason')}</th>
            </tr>
          </thead>
          <tbody>
            {props.events.map((e) => (
              <tr>
                <td>{formatDate(l, e.at, true)}</td>
                <td>{e.type}</td>
                <td>{e.toState ?? ''}</td>
                <td>{`${e.actor.type}${e.actor.name ? `: ${e.actor.name}` : ''}`}</td>
                <td>{e.reason ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>

      <section aria-labelledby="h-consultations">
        <h2 id="h-consultations">{bt(l, 'consultations')}</h2>
        {props.consultations.length > 0 ? (
          <table>
            <thead>
              <tr>
                <th scope="col">{bt(l, 'when')}</th>
                <th scope="col">{bt(l, 'source')}</th>
                <th scope="col">{bt(l, 'legalBasis')}</th>
                <th scope="col">{bt(l, 'referte')}</th>
                <th scope="col">{bt(l, 'outcome')}</th>
              </tr>
            </thead>
            <tbody>
              {props.consultations.map((c) => (
                <tr>
                  <td>{formatDate(l, c.at, true)}</td>
                  <td>{c.service ?? ''}</td>
                  <td>{c.legalBasis ?? ''}</td>
                  <td>{c.referte ?? ''}</td>
                  <td>{c.category === 'consultation_started' ? 'started' : (c.outcome ?? '')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : (
          <p>{bt(l, 'none')}</p>
        )}
      </section>

      <section aria-labelledby="h-documents">
        <h2 id="h-documents">{bt(l, 'documents')}</h2>
        {props.documents.length > 0 ? (
          <ul>
            {props.documents.map((d) => (
              <li>
                {d.purgedAt || d.withdrawnAt ? (
                  d.fileName
                ) : (
                  <a href={`/backoffice/requests/${r.id}/documents/${d.id}`}>
                    {bt(l, 'download')} {d.fileName}
                  </a>
                )}{' '}
                ({formatDate(l, d.createdAt, true)})
              </li>
            ))}
          </ul>
        ) : (
          <p>{bt(l, 'none')}</p>
        )}
      </section>

      <section aria-labelledby="h-mails">
        <h2 id="h-mails">{bt(l, 'emails')}</h2>
        {props.mails.length > 0 ? (
          <ul>
            {props.mails.map((m) => (
              <li>
                {formatDate(l, m.createdAt, true)} – {(m.payload as { kind?: string } | null)?.kind ?? m.kind}{' '}
                – {m.state}
              </li>
            ))}
          </ul>
        ) : (
          <p>{bt(l, 'none')}</p>
        )}
      </section>
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
