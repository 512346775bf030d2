/** @jsxImportSource preact */
import type { RequestEventRecord } from '@smartloket/db';
import { formatDate, t } from '../messages.js';
import type { PageContext } from './layout.js';

/**
 * A report's feedback for the reporter (decision 1501): that it was merged into another report
 * (decision 1502), the municipality's answers (the texts of its resolve, refuse and message
 * events) and, while the rule allows it, "Niet opgelost?" with a
 * reason to reopen it once.
 */
export function ReportFeedback(props: {
  ctx: PageContext;
  events: RequestEventRecord[];
  /** Where the reopen form posts (`<page>/reopen`), and until when; absent: not offered. */
  reopen?: { action: string; until: Date; version: number } | undefined;
  /** The photos of the answers (issue 25), served under `<page>/photos/<id>`. */
  photos?: { base: string; list: { id: string; eventId: string }[] } | undefined;
}) {
  const l = props.ctx.locale;
  // A merged duplicate (decision 1502): its closing says where the reporter follows it now.
  const merged = props.events.find((e) => e.type === 'resolve' && typeof e.data?.mergedInto === 'string');
  const photosOf = (eventId: string) => props.photos?.list.filter((p) => p.eventId === eventId) ?? [];
  const answers = props.events.filter(
    (e) =>
      e !== merged &&
      ['resolve', 'refuse', 'message'].includes(e.type) &&
      ((typeof e.reason === 'string' && e.reason) || photosOf(e.id).length > 0),
  );
  return (
    <>
      {merged ? (
        <p class="notice" role="status">
          {t(l, 'reportMergedNotice', { reference: String(merged.data?.mergedInto) })}
        </p>
      ) : null}
      {answers.length > 0 ? (
        <section aria-labelledby="report-answer">
          <h2 id="report-answer">{t(l, 'reportAnswerTitle')}</h2>
          {answers.map((e) => (
            <blockquote class="answer">
              {e.reason ? <p>{e.reason}</p> : null}
              {photosOf(e.id).length > 0 ? (
                <ul class="answer-photos">
                  {photosOf(e.id).map((p, i) => (
                    <li>
                      <a href={`${props.photos?.base}/photos/${p.id}`} target="_blank" rel="noopener">
                        <img
                          src={`${props.photos?.base}/photos/${p.id}/thumbnail`}
                          alt={t(l, 'reportAnswerPhotoN', { n: i + 1 })}
                          loading="lazy"
                        />
                      </a>
                    </li>
                  ))}
                </ul>
              ) : null}
              <footer>{formatDate(l, e.at)}</footer>
            </blockquote>
          ))}
        </section>
      ) : null}
      {props.reopen ? (
        <section aria-labelledby="report-reopen">
          <h2 id="report-reopen">{t(l, 'reopenTitle')}</h2>
          <p>{t(l, 'reopenHelp', { date: formatDate(l, props.reopen.until) })}</p>
          <form method="post" action={props.reopen.action}>
            <input type="hidden" name="_csrf" value={props.ctx.csrf ?? ''} />
            <input type="hidden" name="version" value={String(props.reopen.version)} />
            <div class="field">
              <label for="reopen-reason">{t(l, 'reopenReason')}</label>
              <textarea id="reopen-reason" name="reason" required maxLength={2000} rows={4} />
            </div>
            <button type="submit">{t(l, 'reopenButton')}</button>
          </form>
        </section>
      ) : null}
    </>
  );
}
