/** @jsxImportSource preact */
import { brusselsDay, type Locale, localize, type RequestState } from '@smartloket/core';
import { formatDate } from '../../messages.js';

/** Texts of the deadline parts of the back-office (decision 0902), Dutch first. */
export const DEADLINE_TEXT = {
  due: { nl: 'Termijn', fr: 'Échéance', en: 'Due' },
  dueDate: { nl: 'Uiterste behandeldatum', fr: 'Date limite de traitement', en: 'Due date' },
  overdue: { nl: 'te laat', fr: 'en retard', en: 'overdue' },
  today: { nl: 'vandaag', fr: "aujourd'hui", en: 'today' },
  noAnswer: { nl: 'geen antwoord', fr: 'pas de réponse', en: 'no answer' },
  onlyOverdue: { nl: 'Enkel te laat', fr: 'Seulement en retard', en: 'Overdue only' },
  noDueDate: {
    nl: 'Geen termijn voor dit type',
    fr: "Pas d'échéance pour ce type",
    en: 'No lead time for this type',
  },
  paused: {
    nl: 'De termijn staat stil zolang we op de aanvrager wachten.',
    fr: 'Le délai est suspendu tant que nous attendons le demandeur.',
    en: 'The clock is paused while we wait for the requester.',
  },
  answerBy: {
    nl: 'Antwoord verwacht uiterlijk',
    fr: 'Réponse attendue au plus tard le',
    en: 'Answer expected by',
  },
  reminded: { nl: 'Herinnering verstuurd op', fr: 'Rappel envoyé le', en: 'Reminder sent on' },
  noAnswerSince: {
    nl: 'Geen antwoord op de vraag aan de aanvrager (vastgesteld op {date}).',
    fr: 'Pas de réponse à la question posée au demandeur (constaté le {date}).',
    en: 'No answer to the question to the requester (noted on {date}).',
  },
} satisfies Record<string, { nl: string; fr: string; en: string }>;

/** A deadline text in the staff member's language. */
export function dt(l: Locale, key: keyof typeof DEADLINE_TEXT, vars: Record<string, string> = {}): string {
  let out = localize(DEADLINE_TEXT[key], l);
  for (const [k, v] of Object.entries(vars)) out = out.replaceAll(`{${k}}`, v);
  return out;
}

/** States in which the due date runs (the request waits for staff). */
const RUNNING: readonly RequestState[] = ['in_review', 'failed', 'submitted', 'in_progress'];

/** "te laat", "vandaag" or nothing, for a request in `state` due at `dueAt` on Brussels day `today`. */
export function dueMark(
  dueAt: Date | null,
  state: RequestState,
  today: string,
): 'overdue' | 'today' | undefined {
  if (!dueAt || !RUNNING.includes(state)) return undefined;
  const day = brusselsDay(dueAt);
  return day < today ? 'overdue' : day === today ? 'today' : undefined;
}

/** The due-date cell of an inbox line: the date, then "te laat" / "vandaag" / "geen antwoord". */
export function DueCell(props: {
  l: Locale;
  dueAt: Date | null;
  noAnswerAt: Date | null;
  state: RequestState;
  today: string;
}) {
  const { l } = props;
  const mark = dueMark(props.dueAt, props.state, props.today);
  return (
    <td class="due">
      {props.dueAt ? <time dateTime={brusselsDay(props.dueAt)}>{formatDate(l, props.dueAt)}</time> : '–'}
      {mark ? (
        <>
          {' '}
          <strong class={`due-${mark}`}>{dt(l, mark)}</strong>
        </>
      ) : null}
      {props.noAnswerAt && RUNNING.includes(props.state) ? (
        <>
          {' '}
          <span class="no-answer">{dt(l, 'noAnswer')}</span>
        </>
      ) : null}
    </td>
  );
}

/** The "overdue only" check box of the inbox filters (query `due=overdue`). */
export function OverdueFilter(props: { l: Locale; checked: boolean }) {
  return (
    <div>
      <input type="checkbox" id="f-due" name="due" value="overdue" checked={props.checked} />
      <label for="f-due" class="choice">
        {dt(props.l, 'onlyOverdue')}
      </label>
    </div>
  );
}

/** The request page's deadline block: due date and its mark, the open question's answer-by date. */
export function DueDateBlock(props: {
  l: Locale;
  today: string;
  request: {
    state: RequestState;
    dueAt: Date | null;
    answerBy: Date | null;
    answerRemindedAt: Date | null;
    noAnswerAt: Date | null;
  };
}) {
  const { l, request: r } = props;
  const mark = dueMark(r.dueAt, r.state, props.today);
  return (
    <section class="panel deadlines" aria-labelledby="deadline-heading">
      <h2 id="deadline-heading">{dt(l, 'due')}</h2>
      <dl>
        <dt>{dt(l, 'dueDate')}</dt>
        <dd>
          {r.dueAt ? (
            <time dateTime={brusselsDay(r.dueAt)}>{formatDate(l, r.dueAt)}</time>
          ) : (
            dt(l, 'noDueDate')
          )}
          {mark ? (
            <>
              {' '}
              <strong class={`due-${mark}`}>{dt(l, mark)}</strong>
            </>
          ) : null}
        </dd>
        {r.state === 'waiting_requester' && r.answerBy ? (
          <>
            <dt>{dt(l, 'answerBy')}</dt>
            <dd>
              <time dateTime={brusselsDay(r.answerBy)}>{formatDate(l, r.answerBy)}</time>
            </dd>
          </>
        ) : null}
        {r.state === 'waiting_requester' && r.answerRemindedAt ? (
          <>
            <dt>{dt(l, 'reminded')}</dt>
            <dd>{formatDate(l, r.answerRemindedAt)}</dd>
          </>
        ) : null}
      </dl>
      {r.state === 'waiting_requester' && r.dueAt ? <p>{dt(l, 'paused')}</p> : null}
      {r.noAnswerAt && r.state !== 'waiting_requester' ? (
        <p class="notice">{dt(l, 'noAnswerSince', { date: formatDate(l, r.noAnswerAt) })}</p>
      ) : null}
    </section>
  );
}
