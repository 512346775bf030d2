/** @jsxImportSource preact */
import {
  DOCUMENT_LOCALES,
  type Locale,
  type LocalizedText,
  localize,
  type RequestState,
} from '@smartloket/core';
import type { DocumentRecord, RequestEventRecord, RequestRecord } from '@smartloket/db';
import { formatBytes, formatCost, formatDate, formatShortDate, stateLabel, t } from '../messages.js';
import { Layout, type PageContext } from './layout.js';
import { ReportFeedback } from './report-feedback.js';

/** A request as the personal page lists it. */
export type RequestRow =
  | { id: string; reference: string; title: LocalizedText; createdAt: Date; state: RequestState }
  /** A request above the session's login level: its date and the step-up login to see it. */
  | { id: string; createdAt: Date; stepUp: string };

/** Each document language in itself. */
const LANGUAGE_NAMES: Record<Locale, string> = {
  nl: 'Nederlands',
  fr: 'Français',
  en: 'English',
  de: 'Deutsch',
};

/** A saved draft as the personal page lists it ("Niet afgewerkt"). */
export interface DraftRow {
  id: string;
  title: LocalizedText;
  savedAt: Date;
  expiresAt: Date;
}

/** "Mijn aanvragen": the person's (or organisation's) requests and reports. */
/** Where documents go (decision 1600): shown when the deployment delivers to the e-Box. */
export interface DeliveryPreferences {
  /** The confirmed e-mail address, if any. */
  email?: string | undefined;
  /** Send the e-mail too when the document is in the e-Box. */
  eboxMailCopy: boolean;
  /** Just saved (after the form). */
  saved?: boolean | undefined;
}

/** "Where your documents go": e-Box and e-mail, and the choice to turn the e-mail copy off. */
function DeliverySection(props: { ctx: PageContext; organisation: boolean; delivery: DeliveryPreferences }) {
  const l = props.ctx.locale;
  const d = props.delivery;
  return (
    <section aria-labelledby="delivery">
      <h2 id="delivery">{t(l, 'deliveryHeading')}</h2>
      {d.saved ? (
        <p class="notice" role="status">
          {t(l, 'deliverySaved')}
        </p>
      ) : null}
      <ul>
        <li>{t(l, props.organisation ? 'deliveryEboxOrganisation' : 'deliveryEbox')}</li>
        <li>
          {d.email ? t(l, 'deliveryEmail', { email: d.email }) : t(l, 'deliveryNoEmail')}
          {d.email && !d.eboxMailCopy ? ` ${t(l, 'deliveryEmailOffNote')}` : ''}
        </li>
      </ul>
      <form method="post" action="/my/preferences">
        <input type="hidden" name="_csrf" value={props.ctx.csrf ?? ''} />
        <p>
          <input type="checkbox" id="eboxMailCopy" name="eboxMailCopy" value="on" checked={d.eboxMailCopy} />{' '}
          <label for="eboxMailCopy">{t(l, 'deliveryCopyLabel')}</label>
        </p>
        <p class="hint">{t(l, 'deliveryCopyHint')}</p>
        <button type="submit" class="secondary">
          {t(l, 'deliverySave')}
        </button>
      </form>
    </section>
  );
}

export function RequestListPage(props: {
  ctx: PageContext;
  rows: RequestRow[];
  organisation: boolean;
  next?: string | undefined;
  drafts?: DraftRow[] | undefined;
  /** Where documents go; absent when the deployment does not deliver to the e-Box. */
  delivery?: DeliveryPreferences | undefined;
}) {
  const { ctx } = props;
  const l = ctx.locale;
  const drafts = props.drafts ?? [];
  return (
    <Layout ctx={ctx} title={t(l, 'myRequests')}>
      <h1>{t(l, 'myRequests')}</h1>
      {drafts.length > 0 ? (
        <section aria-labelledby="unfinished">
          <h2 id="unfinished">{t(l, 'unfinished')}</h2>
          <p>{t(l, 'unfinishedIntro')}</p>
          <table class="requests">
            <thead>
              <tr>
                <th scope="col">{t(l, 'product')}</th>
                <th scope="col">{t(l, 'savedOn')}</th>
                <th scope="col">{t(l, 'expiresOn')}</th>
                <th scope="col">
                  <span class="visually-hidden">{t(l, 'deleteDraft')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {drafts.map((d) => (
                <tr>
                  <td>
                    <a href={`/my/drafts/${d.id}`}>
                      {t(l, 'continueDraft')}: {localize(d.title, l)}
                    </a>
                  </td>
                  <td>{formatDate(l, d.savedAt)}</td>
                  <td>{formatShortDate(l, d.expiresAt)}</td>
                  <td>
                    <form method="post" action={`/my/drafts/${d.id}/delete`}>
                      <input type="hidden" name="_csrf" value={ctx.csrf ?? ''} />
                      <button type="submit" class="secondary">
                        {t(l, 'deleteDraft')}
                        <span class="visually-hidden"> {localize(d.title, l)}</span>
                      </button>
                    </form>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ) : null}
      <p>{t(l, props.organisation ? 'orgRequestsIntro' : 'myRequestsIntro')}</p>
      {props.rows.some((r) => 'stepUp' in r) ? <p class="notice">{t(l, 'stepUpIntro')}</p> : null}
      {props.rows.length === 0 ? (
        <p>{t(l, 'noRequests')}</p>
      ) : (
        <table class="requests">
          <caption class="visually-hidden">{t(l, 'myRequests')}</caption>
          <thead>
            <tr>
              <th scope="col">{t(l, 'reference')}</th>
              <th scope="col">{t(l, 'product')}</th>
              <th scope="col">{t(l, 'submittedOn')}</th>
              <th scope="col">{t(l, 'status')}</th>
            </tr>
          </thead>
          <tbody>
            {props.rows.map((r) =>
              'stepUp' in r ? (
                <tr>
                  <td colSpan={2}>
                    {t(l, 'stepUpRow')} <a href={r.stepUp}>{t(l, 'stepUpLink')}</a>
                  </td>
                  <td>{formatDate(l, r.createdAt)}</td>
                  <td>–</td>
                </tr>
              ) : (
                <tr>
                  <td>
                    <a href={`/my/requests/${r.id}`}>{r.reference}</a>
                  </td>
                  <td>{localize(r.title, l)}</td>
                  <td>{formatDate(l, r.createdAt)}</td>
                  <td>{stateLabel(l, r.state)}</td>
                </tr>
              ),
            )}
          </tbody>
        </table>
      )}
      {props.next ? (
        <p>
          <a href={`/my?after=${encodeURIComponent(props.next)}`}>{t(l, 'older')}</a>
        </p>
      ) : null}
      {props.delivery ? (
        <DeliverySection ctx={ctx} organisation={props.organisation} delivery={props.delivery} />
      ) : null}
      <p>
        <a href="/my/consultations">{t(l, 'consultations')}</a>
      </p>
      <p>
        <a href="/my/email">{t(l, 'myEmailLink')}</a>
      </p>
    </Layout>
  );
}

/** Which "what happens next" text fits a state. */
export function nextKey(request: RequestRecord): string {
  if (request.state === 'approved' && request.payBy) return 'next.payment';
  if (request.state === 'lapsed') return 'next.lapsed';
  if (['waiting_source', 'rendering', 'signing', 'approved', 'failed'].includes(request.state))
    return 'next.pipeline';
  if (request.state === 'waiting_requester') return 'next.waiting_requester';
  if (request.kind === 'report' && ['submitted', 'in_progress'].includes(request.state)) return 'next.report';
  if (['submitted', 'in_review'].includes(request.state)) return 'next.review';
  return 'next.closed';
}

/** Whether a document can still be downloaded. */
export function documentAvailable(doc: DocumentRecord, now: Date): boolean {
  return !doc.purgedAt && !doc.withdrawnAt && (!doc.expiresAt || doc.expiresAt.getTime() > now.getTime());
}

/** Lifecycle events the requester sees (notes, assignments and pipeline internals stay hidden). */
const VISIBLE_EVENTS = new Set([
  'submit',
  'auto',
  'review',
  'deny',
  'approve',
  'ask',
  'answer',
  'refuse',
  'deliver_at_counter',
  'handle_outside',
  'deliver',
  'escalate',
  'cancel',
  'expire',
  'lapse',
  'start',
  'resolve',
  'message',
]);
/** Events whose reason is written for the requester. */
const REASON_SHOWN = new Set(['ask', 'refuse', 'message', 'answer']);

/** What the requester reads about a request's fee and its payment (issue 21). */
export interface RequestPaymentView {
  /** The fee the request was filed under, in euro cents (0: waived). */
  feeCents: number;
  /** Why it is waived. */
  waiver?: LocalizedText | undefined;
  /** The payment, once paid: when and how (the method's label). */
  paid?: { at: Date; method?: string | undefined } | undefined;
  /** What was refunded, in euro cents. */
  refundedCents: number;
  /** The fee is due after approval: the last day to pay (the page shows the "Betalen" button). */
  payBy?: Date | undefined;
  /** The request lapsed unpaid. */
  lapsed?: boolean | undefined;
}

/** The fee and its payment on the request's page, with the "Betalen" button when it is due. */
function PaymentSection(props: { ctx: PageContext; payment: RequestPaymentView; base: string }) {
  const { ctx, payment: p } = props;
  const l = ctx.locale;
  const status = p.paid
    ? p.paid.method
      ? t(l, 'paidWith', { date: formatDate(l, p.paid.at), method: p.paid.method })
      : t(l, 'paidOn', { date: formatDate(l, p.paid.at) })
    : p.payBy
      ? t(l, 'payBy', { date: formatDate(l, p.payBy) })
      : p.lapsed
        ? t(l, 'notPaid')
        : undefined;
  return (
    <section aria-labelledby="payment">
      <h2 id="payment">{t(l, 'paymentTitle')}</h2>
      <dl class="facts">
        <div>
          <dt>{t(l, 'feeLabel')}</dt>
          <dd>
            {formatCost(l, p.feeCents)}
            {p.feeCents === 0 && p.waiver ? ` (${t(l, 'feeWaived')}: ${localize(p.waiver, l)})` : ''}
          </dd>
        </div>
        {status && p.feeCents > 0 ? (
          <div>
            <dt>{t(l, 'paymentStateLabel')}</dt>
            <dd>{status}</dd>
          </div>
        ) : null}
        {p.refundedCents > 0 ? (
          <div>
            <dt>{t(l, 'refundedLabel')}</dt>
            <dd>{formatCost(l, p.refundedCents)}</dd>
          </div>
        ) : null}
      </dl>
      {p.payBy && !p.paid ? (
        <form method="post" action={`${props.base}/pay`}>
          <input type="hidden" name="_csrf" value={ctx.csrf ?? ''} />
          <button type="submit">{t(l, 'payButton')}</button>
        </form>
      ) : null}
    </section>
  );
}

/**
 * The pay-link page of a request whose fee is due after approval (the e-mail's link): the amount,
 * the last day, and the "Betalen" button that leads to the provider's checkout.
 */
export function PayPage(props: {
  ctx: PageContext;
  title: LocalizedText;
  reference: string;
  amountCents: number;
  payBy: Date;
  base: string;
}) {
  const { ctx } = props;
  const l = ctx.locale;
  return (
    <Layout ctx={ctx} title={t(l, 'payTitle')}>
      <h1>{t(l, 'payTitle')}</h1>
      <dl class="facts">
        <div>
          <dt>{t(l, 'product')}</dt>
          <dd>{localize(props.title, l)}</dd>
        </div>
        <div>
          <dt>{t(l, 'reference')}</dt>
          <dd>{props.reference}</dd>
        </div>
        <div>
          <dt>{t(l, 'feeToPay')}</dt>
          <dd>{formatCost(l, props.amountCents)}</dd>
        </div>
      </dl>
      <p>
        {t(l, 'payIntro', {
          type: localize(props.title, l),
          amount: formatCost(l, props.amountCents),
          date: formatDate(l, props.payBy),
        })}
      </p>
      <p>{t(l, 'payHow')}</p>
      <form method="post" action={`${props.base}/pay`} class="actions">
        <input type="hidden" name="_csrf" value={ctx.csrf ?? ''} />
        <button type="submit">{t(l, 'payButton')}</button>
        <a class="button secondary" href={props.base}>
          {props.reference}
        </a>
      </form>
    </Layout>
  );
}

/** One request: status, what happens next, documents, actions, timeline. */
export function RequestDetailPage(props: {
  ctx: PageContext;
  request: RequestRecord;
  title: LocalizedText;
  documents: DocumentRecord[];
  events: RequestEventRecord[];
  now: Date;
  canCancel: boolean;
  canAnswer: boolean;
  justSubmitted: boolean;
  /** The fee and its payment, for a request filed under a fee. */
  payment?: RequestPaymentView | undefined;
  /**
   * Where this page lives: `/my/requests/<id>` (default), or the capability link of a request
   * filed without login (`/follow/<token>`: no link to the personal page).
   */
  basePath?: string | undefined;
  /** A report that may be reopened now: until when (decision 1501). */
  reopenUntil?: Date | undefined;
  /** The photos of a report's answers (issue 25). */
  answerPhotos?: { id: string; eventId: string }[] | undefined;
}) {
  const { ctx, request } = props;
  const base = props.basePath ?? `/my/requests/${request.id}`;
  const l = ctx.locale;
  const available = props.documents.filter((d) => documentAvailable(d, props.now));
  const question = [...props.events].reverse().find((e) => e.type === 'ask');
  const heading =
    props.justSubmitted && available.length === 0
      ? t(l, 'receiptTitle')
      : `${localize(props.title, l)} – ${request.reference}`;
  return (
    <Layout ctx={ctx} title={heading}>
      <h1>{heading}</h1>
      {props.justSubmitted && available.length === 0 ? (
        <p class="receipt">
          {t(l, 'receiptReference')} <strong>{request.reference}</strong>.
        </p>
      ) : null}
      <p>
        <a href={`${base}/receipt.pdf`}>{t(l, 'receiptPdf')}</a>
      </p>
      <p class="receipt-languages">
        {t(l, 'receiptOtherLanguages')}{' '}
        {DOCUMENT_LOCALES.filter((x) => x !== request.locale).map((x, i) => (
          <>
            {i > 0 ? ' · ' : ''}
            <a href={`${base}/receipt.pdf?in=${x}`} hreflang={x} lang={x}>
              {LANGUAGE_NAMES[x]}
            </a>
          </>
        ))}
      </p>
      <dl class="facts">
        <div>
          <dt>{t(l, 'product')}</dt>
          <dd>{localize(props.title, l)}</dd>
        </div>
        <div>
          <dt>{t(l, 'reference')}</dt>
          <dd>{request.reference}</dd>
        </div>
        <div>
          <dt>{t(l, 'status')}</dt>
          <dd>{stateLabel(l, request.state)}</dd>
        </div>
      </dl>
      {props.payment ? <PaymentSection ctx={ctx} payment={props.payment} base={base} /> : null}
      {available.length > 0 ? (
        <p class="notice" role="status">
          {t(l, 'documentReady')}
        </p>
      ) : (
        <section aria-labelledby="next">
          <h2 id="next">{t(l, 'whatNext')}</h2>
          <p>{t(l, nextKey(request))}</p>
        </section>
      )}
      {props.documents.length > 0 ? (
        <section aria-labelledby="documents">
          <h2 id="documents">{t(l, 'documents')}</h2>
          <ul class="documents">
            {props.documents.map((d) =>
              documentAvailable(d, props.now) ? (
                <li>
                  <a class="button" href={`${base}/documents/${d.id}`} download={d.fileName}>
                    {t(l, 'download')} {d.fileName}
                  </a>{' '}
                  <span class="meta">
                    ({formatBytes(d.size)}
                    {d.expiresAt ? `, ${t(l, 'availableUntil')} ${formatDate(l, d.expiresAt)}` : ''})
                  </span>
                </li>
              ) : (
                <li>
                  {d.fileName}: {t(l, 'noLongerAvailable')}
                </li>
              ),
            )}
          </ul>
        </section>
      ) : null}
      {props.canAnswer ? (
        <section aria-labelledby="answer">
          <h2 id="answer">{t(l, 'answerTitle')}</h2>
          {question?.reason ? (
            <p>
              <strong>{t(l, 'question')}:</strong> {question.reason}
            </p>
          ) : null}
          <form method="post" action={`${base}/answer`} enctype="multipart/form-data">
            <input type="hidden" name="_csrf" value={ctx.csrf ?? ''} />
            <input type="hidden" name="version" value={String(request.version)} />
            <div class="field">
              <label for="answer-text">{t(l, 'answerTitle')}</label>
              <textarea id="answer-text" name="text" rows={6} maxLength={4000} required />
            </div>
            <div class="field">
              <label for="answer-files">{t(l, 'answerFiles')}</label>
              <input
                id="answer-files"
                name="files"
                type="file"
                multiple
                accept="application/pdf,image/png,image/jpeg"
              />
            </div>
            <button type="submit">{t(l, 'answerSend')}</button>
          </form>
        </section>
      ) : null}
      {request.kind === 'report' ? (
        <ReportFeedback
          ctx={ctx}
          events={props.events}
          photos={{ base, list: props.answerPhotos ?? [] }}
          reopen={
            props.reopenUntil
              ? { action: `${base}/reopen`, until: props.reopenUntil, version: request.version }
              : undefined
          }
        />
      ) : null}
      {props.canCancel ? (
        <section aria-labelledby="cancel">
          <h2 id="cancel">{t(l, 'cancelRequest')}</h2>
          <p>{t(l, 'cancelHelp')}</p>
          <form method="post" action={`${base}/cancel`}>
            <input type="hidden" name="_csrf" value={ctx.csrf ?? ''} />
            <input type="hidden" name="version" value={String(request.version)} />
            <button type="submit" class="secondary">
              {t(l, 'cancelRequest')}
            </button>
          </form>
        </section>
      ) : null}
      <section aria-labelledby="timeline">
        <h2 id="timeline">{t(l, 'timeline')}</h2>
        <ol class="timeline">
          {props.events
            .filter((e) => VISIBLE_EVENTS.has(e.type))
            .map((e) => (
              <li>
                <time dateTime={e.at.toISOString()}>{formatDate(l, e.at, true)}</time>:{' '}
                {t(l, `event.${e.type}`, e.type)}
                {e.reason && REASON_SHOWN.has(e.type) ? <span class="reason"> – {e.reason}</span> : null}
              </li>
            ))}
        </ol>
      </section>
      {props.basePath ? (
        <p>{t(l, 'securePageShare')}</p>
      ) : (
        <p>
          <a href="/my">{t(l, 'myRequests')}</a>
        </p>
      )}
    </Layout>
  );
}

/** One consultation of an authentic source about the logged-in person. */
export interface ConsultationRow {
  at: Date;
  service: string;
  reference: string | undefined;
  byKey: string;
  byName?: string | undefined;
  purpose: string | undefined;
}

/** "Who looked me up": consultations about the person's INSZ, from the audit log. */
export function ConsultationsPage(props: { ctx: PageContext; rows: ConsultationRow[]; hasInsz: boolean }) {
  const { ctx } = props;
  const l = ctx.locale;
  return (
    <Layout ctx={ctx} title={t(l, 'consultations')}>
      <h1>{t(l, 'consultations')}</h1>
      {!props.hasInsz ? (
        <p>{t(l, 'consultationsNoInsz')}</p>
      ) : props.rows.length === 0 ? (
        <p>{t(l, 'consultationsNone')}</p>
      ) : (
        <>
          <p>{t(l, 'consultationsIntro')}</p>
          <table class="consultations">
            <caption class="visually-hidden">{t(l, 'consultations')}</caption>
            <thead>
              <tr>
                <th scope="col">{t(l, 'when')}</th>
                <th scope="col">{t(l, 'consulted')}</th>
                <th scope="col">{t(l, 'forRequest')}</th>
                <th scope="col">{t(l, 'byWhom')}</th>
                <th scope="col">{t(l, 'purpose')}</th>
              </tr>
            </thead>
            <tbody>
              {props.rows.map((r) => (
                <tr>
                  <td>
                    <time dateTime={r.at.toISOString()}>{formatDate(l, r.at, true)}</time>
                  </td>
                  <td>{r.service}</td>
                  <td>{r.reference ?? '–'}</td>
                  <td>
                    {t(l, r.byKey)}
                    {r.byName ? ` (${r.byName})` : ''}
                  </td>
                  <td>{r.purpose ?? '–'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
      <p>
        <a href="/my">{t(l, 'myRequests')}</a>
      </p>
    </Layout>
  );
}

/** A statement page (privacy, accessibility): a title and sections of paragraphs. */
export function StatementPage(props: {
  ctx: PageContext;
  title: string;
  /** Paragraphs of each section; an array is a list. */
  sections: { heading: string; paragraphs: (string | string[])[] }[];
}) {
  return (
    <Layout ctx={props.ctx} title={props.title}>
      <h1>{props.title}</h1>
      {props.sections.map((s, i) => (
        <section aria-labelledby={`s-${i}`}>
          <h2 id={`s-${i}`}>{s.heading}</h2>
          {s.paragraphs.map((p) =>
            Array.isArray(p) ? (
              <ul>
                {p.map((item) => (
                  <li>{item}</li>
                ))}
              </ul>
            ) : (
              <p>{p}</p>
            ),
          )}
        </section>
      ))}
    </Layout>
  );
}

export type { Locale };
