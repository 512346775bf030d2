/** @jsxImportSource preact */
import type { LocalizedText, RequestAction } from '@smartloket/core';
import { localize } from '@smartloket/core';
import type { DocumentRecord, RequestEventRecord, RequestRecord, UploadRecord } from '@smartloket/db';
import type { ComponentChildren } from 'preact';
import type { DecisionField } from '../../backoffice-decision.js';
import { bt } from '../../backoffice-messages.js';
import { formatBytes, formatDate, staffStateLabel } from '../../messages.js';
import { rp } from '../../request-page-messages.js';
import {
  type ConsultationLine,
  type FormRow,
  fileKind,
  type HistoryLine,
  PREVIEWABLE,
} from '../../request-story.js';
import { DayInput } from './day-input.js';
import { DueDateBlock } from './deadlines.js';
import { type BackofficeContext, BackofficeLayout } from './layout.js';
import {
  ReportAnswerForm,
  ReportMergeForm,
  ReportPanel,
  type ReportPanelProps,
} from './meldingen-reports.js';

/** Actions a staff member can take, with the forms they need. */
export type StaffAction = Extract<
  RequestAction,
  'approve' | 'refuse' | 'ask' | 'deliver_at_counter' | 'handle_outside' | 'retry' | 'start' | 'resolve'
>;

/** Styles of the request page, served with the back-office style sheet. */
export const REQUEST_PAGE_CSS = `.beside{display:grid;grid-template-columns:repeat(auto-fit,minmax(20rem,1fr));gap:1rem}
.beside>div{border:1px solid #ccc;border-radius:4px;padding:0 1rem}
.files li{margin:0 0 1.5rem 0;list-style:none}
.files{padding:0}
.files .preview-image{display:block;max-width:100%;max-height:28rem;border:1px solid #ccc;margin-top:.5rem}
.files iframe{display:block;width:100%;height:36rem;border:1px solid #ccc;margin-top:.5rem}
.history li{margin-bottom:.5rem}
.history .said{display:block;margin-left:1rem;font-style:italic}
.basis{color:#404040;font-size:.9rem}
`;

/** Everything the request page shows, already in words (see request-story.ts). */
export interface RequestPageProps {
  ctx: BackofficeContext;
  request: RequestRecord;
  title: LocalizedText;
  /** Notes, for the notes panel (their text is shown there). */
  events: RequestEventRecord[];
  /** The form's answers with their labels; undefined when the form data was purged. */
  form: FormRow[] | undefined;
  uploads: UploadRecord[];
  requestedFor: string;
  requesterStatements: string[];
  decision: { outcome: string; reasons: string[]; facts: string[] };
  consultations: ConsultationLine[];
  history: HistoryLine[];
  documents: DocumentRecord[];
  /** The request's payments (issue 21), told in the clerk's language. */
  payments?: PaymentView[] | undefined;
  /** The "Betaling registreren" form (a counter provider, a fee due, nothing paid yet). */
  recordPayment?: RecordPaymentView | undefined;
  mails: string[];
  assignee: string;
  /** The assignee's subject (the colleague list preselects it). */
  assigneeId?: string | null | undefined;
  /** Case handlers who may handle this type (team members first), to assign to by name. */
  colleagues?: { id: string; name: string; inTeam: boolean }[] | undefined;
  actions: StaffAction[];
  notice?:
    | 'done'
    | 'conflict'
    | 'reasonRequired'
    | 'notAssignable'
    | 'decisionInvalid'
    | 'invalidDate'
    | 'refundFailed'
    | 'recordFailed'
    | 'mergeFailed'
    | 'photoRefused'
    | undefined;
  /**
   * The decision form of a type that issues its own document (`issue.decision`), sent with
   * approve; undefined for other types.
   */
  decisionForm?: DecisionField[] | undefined;
  /** The Brussels day (ISO) of today, for the deadline block. */
  today: string;
  /** The answer-by day (ISO) a question gets unless the clerk picks another. */
  answerByDefault?: string | undefined;
  /** The "niet aangemeld" panel of a request filed without login (decision 1401). */
  withoutLogin?: ComponentChildren;
  /** A report of the meldingen plugin: its place, photos, standard answers and merging. */
  report?: ReportPanelProps | undefined;
}

/** One payment of a request, as the back-office shows it. */
export interface PaymentView {
  id: string;
  createdAt: Date;
  status: string;
  amount: string;
  method: string;
  providerPaymentId: string;
  refunded: string;
  /** Cents that may still be refunded (0: no refund action). */
  refundable: number;
}

/** What the form to record a counter payment offers. */
export interface RecordPaymentView {
  /** The fee due, as the clerk types it (`7,50`). */
  amount: string;
  /** The methods the counter provider offers, with their labels. */
  methods: { id: string; label: string }[];
}

/** A clerk records a payment received at the counter or by invoice (audited). */
function RecordPaymentForm(props: {
  l: BackofficeContext['locale'];
  base: string;
  csrf: string;
  form: RecordPaymentView;
}) {
  const { l, form } = props;
  return (
    <form method="post" action={`${props.base}/payments/record`} class="panel" aria-labelledby="h-record">
      <input type="hidden" name="_csrf" value={props.csrf} />
      <h3 id="h-record">{bt(l, 'recordHeading')}</h3>
      <p class="hint">{bt(l, 'recordHelp')}</p>
      <label for="record-amount">{bt(l, 'recordAmount')}</label>
      <input
        type="text"
        id="record-amount"
        name="amount"
        inputMode="decimal"
        size={8}
        autocomplete="off"
        required
        value={form.amount}
      />
      <fieldset>
        <legend>{bt(l, 'recordMethod')}</legend>
        {form.methods.map((m, i) => (
          <label class="choice">
            <input type="radio" name="method" value={m.id} required checked={i === 0} /> {m.label}
          </label>
        ))}
      </fieldset>
      <label for="record-reference">{bt(l, 'recordReference')}</label>
      <input type="text" id="record-reference" name="reference" maxLength={100} autocomplete="off" />
      <button type="submit">{bt(l, 'recordButton')}</button>
    </form>
  );
}

/** The payments of a request and the refund action (audited, with a reason). */
function PaymentsSection(props: {
  l: BackofficeContext['locale'];
  base: string;
  csrf: string;
  payments: PaymentView[];
}) {
  const { l, payments } = props;
  return (
    <section aria-labelledby="h-payments">
      <h2 id="h-payments">{bt(l, 'paymentsHeading')}</h2>
      <table>
        <thead>
          <tr>
            <th scope="col">{bt(l, 'paymentWhen')}</th>
            <th scope="col">{bt(l, 'paymentStatus')}</th>
            <th scope="col">{bt(l, 'paymentAmount')}</th>
            <th scope="col">{bt(l, 'paymentMethod')}</th>
            <th scope="col">{bt(l, 'paymentProviderId')}</th>
            <th scope="col">{bt(l, 'paymentRefunded')}</th>
          </tr>
        </thead>
        <tbody>
          {payments.map((p) => (
            <tr>
              <td>{formatDate(l, p.createdAt, true)}</td>
              <td>{p.status}</td>
              <td>{p.amount}</td>
              <td>{p.method}</td>
              <td>
                <code>{p.providerPaymentId}</code>
              </td>
              <td>{p.refunded}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {payments
        .filter((p) => p.refundable > 0)
        .map((p) => (
          <form method="post" action={`${props.base}/payments/${p.id}/refund`} class="panel">
            <input type="hidden" name="_csrf" value={props.csrf} />
            <h3>
              {bt(l, 'refundHeading')} <code>{p.providerPaymentId}</code>
            </h3>
            <label for={`refund-amount-${p.id}`}>{bt(l, 'refundAmount')}</label>
            <input
              type="text"
              id={`refund-amount-${p.id}`}
              name="amount"
              inputMode="decimal"
              size={8}
              autocomplete="off"
            />
            <label for={`refund-reason-${p.id}`}>{bt(l, 'refundReason')}</label>
            <textarea id={`refund-reason-${p.id}`} name="reason" required rows={2} />
            <button type="submit">{bt(l, 'refundButton')}</button>
          </form>
        ))}
    </section>
  );
}

/** The request page: what a clerk decides on, and the actions. */
export function RequestPage(props: RequestPageProps) {
  const { ctx, request: r } = props;
  const l = ctx.locale;
  const version = String(r.version);
  const base = `/backoffice/requests/${r.id}`;
  const hidden = (
    <>
      <input type="hidden" name="_csrf" value={ctx.csrf} />
      <input type="hidden" name="version" value={version} />
    </>
  );
  const withDecision =
    props.decisionForm && props.actions.includes('approve') ? props.decisionForm : undefined;
  const report = props.report;
  const simple = props.actions.filter(
    (a) =>
      a !== 'refuse' && a !== 'ask' && !(a === 'approve' && withDecision) && !(a === 'resolve' && report),
  );
  const notes = props.events.filter((e) => e.type === 'note');
  return (
    <BackofficeLayout
      ctx={ctx}
      title={r.reference}
      scripts={report ? ['/backoffice/assets/report-answer.js'] : undefined}
    >
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
      ) : props.notice === 'decisionInvalid' ? (
        <p class="conflict" role="alert">
          {bt(l, 'decisionInvalid')}
        </p>
      ) : props.notice === 'mergeFailed' ? (
        <p class="conflict" role="alert">
          {bt(l, 'mergeError')}
        </p>
      ) : props.notice === 'photoRefused' ? (
        <p class="conflict" role="alert">
          {bt(l, 'answerPhotoRefused')}
        </p>
      ) : props.notice === 'refundFailed' ? (
        <p class="conflict" role="alert">
          {bt(l, 'refundFailed')}
        </p>
      ) : props.notice === 'recordFailed' ? (
        <p class="conflict" role="alert">
          {bt(l, 'recordFailed')}
        </p>
      ) : props.notice === 'invalidDate' ? (
        <p class="conflict" role="alert">
          {bt(l, 'invalidDate')}
        </p>
      ) : props.notice === 'notAssignable' ? (
        <p class="conflict" role="alert">
          {bt(l, 'notAssignable')}
        </p>
      ) : props.notice === 'done' ? (
        <p class="notice" role="status">
          {bt(l, 'done')}
        </p>
      ) : null}
      {props.withoutLogin}
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
          <dd>{props.requestedFor}</dd>
        </div>
        <div>
          <dt>{bt(l, 'assignee')}</dt>
          <dd>{props.assignee}</dd>
        </div>
      </dl>
      <DueDateBlock l={l} today={props.today} request={r} />
      {report ? <ReportPanel l={l} base={base} csrf={ctx.csrf} report={report} /> : null}

      <section aria-labelledby="h-form">
        <h2 id="h-form">{rp(l, 'formHeading')}</h2>
        {props.form ? (
          <dl class="facts" id="form-answers">
            {props.form.map((row) => (
              <div>
                {/* A question label already ends in "?": no colon after it. */}
                <dt class={/[?:!]$/.test(row.label) ? 'punctuated' : undefined}>{row.label}</dt>
                <dd>{row.uploadId ? <a href={`#upload-${row.uploadId}`}>{row.value}</a> : row.value}</dd>
              </div>
            ))}
          </dl>
        ) : (
          <p>{bt(l, 'formPurged')}</p>
        )}
      </section>

      <section aria-labelledby="h-files">
        <h2 id="h-files">{rp(l, 'filesHeading')}</h2>
        {props.uploads.length > 0 ? (
          <ul class="files">
            {props.uploads.map((u) => {
              const href = `${base}/uploads/${u.id}`;
              const name = rp(l, 'preview', { name: u.fileName });
              return (
                <li id={`upload-${u.id}`}>
                  <strong>{u.fileName}</strong> – {fileKind(u.mediaType, l)}, {formatBytes(u.size)} –{' '}
                  <a href={href} download={u.fileName}>
                    {rp(l, 'downloadFile')}
                    <span class="visually-hidden"> {u.fileName}</span>
                  </a>
                  {PREVIEWABLE.has(u.mediaType) ? (
                    <>
                      {' '}
                      –{' '}
                      <a href={`${href}/preview`} target="_blank" rel="noopener">
                        {rp(l, 'openPreview')}
                        <span class="visually-hidden"> {u.fileName}</span>
                      </a>
                      {u.mediaType === 'application/pdf' ? (
                        <iframe src={`${href}/preview`} title={name} loading="lazy" />
                      ) : (
                        <img class="preview-image" src={`${href}/preview`} alt={name} loading="lazy" />
                      )}
                    </>
                  ) : null}
                </li>
              );
            })}
          </ul>
        ) : (
          <p>{rp(l, 'noFiles')}</p>
        )}
      </section>

      <section aria-labelledby="h-beside">
        <h2 id="h-beside">{rp(l, 'besideHeading')}</h2>
        <div class="beside">
          <div>
            <h3>{rp(l, 'requesterSays')}</h3>
            <p id="requested-for">{props.requestedFor}</p>
            {props.requesterStatements.map((s) => (
              <p>{s}</p>
            ))}
          </div>
          <div id="source-says">
            <h3>{rp(l, 'sourceSays')}</h3>
            {props.decision.facts.length > 0 ? (
              <ul id="source-facts">
                {props.decision.facts.map((f) => (
                  <li>{f}</li>
                ))}
              </ul>
            ) : null}
            <p>{props.decision.outcome}</p>
            {props.decision.reasons.length > 0 ? (
              <ul>
                {props.decision.reasons.map((x) => (
                  <li>{x}</li>
                ))}
              </ul>
            ) : null}
            {props.consultations.length > 0 ? (
              <ul>
                {props.consultations.map((c) => (
                  <li>
                    {c.text}
                    {c.legalBasis ? (
                      <>
                        <br />
                        <span class="basis">{c.legalBasis}</span>
                      </>
                    ) : null}
                  </li>
                ))}
              </ul>
            ) : (
              <p>{rp(l, 'consultationsNone')}</p>
            )}
          </div>
        </div>
      </section>

      <div class="grid">
        <section class="panel" aria-labelledby="h-actions">
          <h2 id="h-actions">{bt(l, 'actions')}</h2>
          {simple.length > 0 ? (
            <ul class="buttons">
              {simple.map((a) => (
                <li>
                  <form method="post" action={`${base}/act`}>
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
          {withDecision ? (
            <form method="post" action={`${base}/act`} class="decision">
              {hidden}
              <input type="hidden" name="action" value="approve" />
              <fieldset>
                <legend>{bt(l, 'decisionLegend')}</legend>
                {withDecision.map((f) => {
                  const id = `decision-${f.name}`;
                  const described = [
                    f.hint || f.placeholder ? `${id}-hint` : '',
                    f.error ? `${id}-error` : '',
                  ]
                    .filter(Boolean)
                    .join(' ');
                  return (
                    <div>
                      <label for={id}>{f.label}</label>
                      <input
                        type="text"
                        id={id}
                        name={`decision[${f.name}]`}
                        value={f.value}
                        placeholder={f.placeholder}
                        inputMode={f.kind === 'date' ? 'numeric' : undefined}
                        size={f.kind === 'date' ? 10 : 30}
                        required={f.required}
                        aria-invalid={f.error ? 'true' : undefined}
                        aria-describedby={described || undefined}
                      />
                      {f.hint || f.placeholder ? (
                        <span class="hint" id={`${id}-hint`}>
                          {[f.hint, f.placeholder ? bt(l, 'decisionEmpty', { value: f.placeholder }) : '']
                            .filter(Boolean)
                            .join(' – ')}
                        </span>
                      ) : null}
                      {f.error ? (
                        <p class="error" id={`${id}-error`}>
                          {f.error}
                        </p>
                      ) : null}
                    </div>
                  );
                })}
              </fieldset>
              <button type="submit">{bt(l, 'action.approve')}</button>
            </form>
          ) : null}
          {report && props.actions.includes('resolve') ? (
            <ReportAnswerForm l={l} base={base} hidden={hidden} answers={report.answers} />
          ) : null}
          {props.actions.includes('refuse') ? (
            <form method="post" action={`${base}/act`}>
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
            <form method="post" action={`${base}/act`}>
              {hidden}
              <input type="hidden" name="action" value="ask" />
              <label for="ask-question">{bt(l, 'question')}</label>
              <textarea id="ask-question" name="reason" rows={2} cols={40} required maxLength={2000} />
              <label for="ask-deadline">{bt(l, 'deadline')}</label>
              <DayInput locale={l} id="ask-deadline" name="deadline" value={props.answerByDefault} />
              <button type="submit" class="secondary">
                {bt(l, 'action.ask')}
              </button>
            </form>
          ) : null}
          <form method="post" action={`${base}/assign`}>
            <input type="hidden" name="_csrf" value={ctx.csrf} />
            <input type="hidden" name="assignee" value={ctx.user.id} />
            <button type="submit" class="secondary">
              {bt(l, 'assignToMe')}
            </button>
          </form>
          {(props.colleagues ?? []).length > 0 ? (
            <form method="post" action={`${base}/assign`}>
              <input type="hidden" name="_csrf" value={ctx.csrf} />
              <label for="assignee">{bt(l, 'assignTo')}</label>
              <select id="assignee" name="assignee" required>
                <option value="">{bt(l, 'chooseColleague')}</option>
                {(props.colleagues ?? []).map((c) => (
                  <option value={c.id} selected={c.id === props.assigneeId}>
                    {c.inTeam ? `${c.name} (${bt(l, 'inTeam')})` : c.name}
                  </option>
                ))}
              </select>{' '}
              <button type="submit" class="secondary">
                {bt(l, 'assign')}
              </button>
            </form>
          ) : (
            <p class="hint">{bt(l, 'noColleagues')}</p>
          )}
          {props.assigneeId ? (
            <form method="post" action={`${base}/assign`}>
              <input type="hidden" name="_csrf" value={ctx.csrf} />
              <input type="hidden" name="assignee" value="" />
              <button type="submit" class="secondary">
                {bt(l, 'unassign')}
              </button>
            </form>
          ) : null}
          {report && !report.mergedInto ? (
            <ReportMergeForm l={l} base={base} csrf={ctx.csrf} nearby={report.nearby} />
          ) : null}
          {r.kind === 'report' ? (
            <form method="post" action={`${base}/message`}>
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
                  {formatDate(l, n.at, true)} – {n.actor.name ?? rp(l, 'who.staff')}: {n.reason}
                </li>
              ))}
            </ul>
          ) : (
            <p>{bt(l, 'noneNotes')}</p>
          )}
          <form method="post" action={`${base}/note`}>
            <input type="hidden" name="_csrf" value={ctx.csrf} />
            <label for="note">{bt(l, 'note')}</label>
            <textarea id="note" name="text" rows={2} cols={40} required maxLength={4000} />
            <button type="submit" class="secondary">
              {bt(l, 'addNote')}
            </button>
          </form>
        </section>
      </div>

      <section aria-labelledby="h-history">
        <h2 id="h-history">{rp(l, 'historyHeading')}</h2>
        <ol class="history">
          {props.history.map((h) => (
            <li>
              {formatDate(l, h.at, true)}: {h.text}
              {h.newState ? ` ${h.newState}` : ''}
              {h.said ? <span class="said">{h.said}</span> : null}
            </li>
          ))}
        </ol>
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
                  <a href={`${base}/documents/${d.id}`}>
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

      {props.payments && props.payments.length > 0 ? (
        <PaymentsSection l={l} base={base} csrf={props.ctx.csrf} payments={props.payments} />
      ) : props.recordPayment ? (
        <section aria-labelledby="h-payments">
          <h2 id="h-payments">{bt(l, 'paymentsHeading')}</h2>
        </section>
      ) : null}
      {props.recordPayment ? (
        <RecordPaymentForm l={l} base={base} csrf={props.ctx.csrf} form={props.recordPayment} />
      ) : null}

      <section aria-labelledby="h-mails">
        <h2 id="h-mails">{rp(l, 'mailsHeading')}</h2>
        {props.mails.length > 0 ? (
          <ul>
            {props.mails.map((m) => (
              <li>{m}</li>
            ))}
          </ul>
        ) : (
          <p>{bt(l, 'none')}</p>
        )}
      </section>
    </BackofficeLayout>
  );
}
