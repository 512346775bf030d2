/** @jsxImportSource preact */

import { type LocalizedText, localize, type RequestState } from '@smartloket/core';
import type { RequestEventRecord } from '@smartloket/db';
import { formatDate, stateLabel, t } from '../messages.js';
import { et } from './email.js';
import { Layout, type PageContext } from './layout.js';
import { ReportFeedback } from './report-feedback.js';

/**
 * `/follow/<token>`: what the holder of a capability link may see of one anonymous request: its
 * reference, type, status and the dates of its state changes. No form data, no names, no links
 * to anything else.
 */
export function FollowPage(props: {
  ctx: PageContext;
  reference: string;
  title: LocalizedText;
  state: RequestState;
  createdAt: Date;
  steps: { at: Date; state: RequestState }[];
  justFiled: boolean;
  /** A report's events (its answers) and, when it may be reopened now, where and until when. */
  report?: {
    events: RequestEventRecord[];
    reopen?: { action: string; until: Date; version: number } | undefined;
    /** The photos of its answers, served under `<base>/photos/<id>`. */
    photos?: { base: string; list: { id: string; eventId: string }[] } | undefined;
  };
}) {
  const { ctx } = props;
  const l = ctx.locale;
  return (
    <Layout ctx={ctx} title={et(l, 'followTitle')}>
      <h1>{et(l, 'followTitle')}</h1>
      {props.justFiled ? (
        <p class="notice" role="status">
          {et(l, 'followFiled')}
        </p>
      ) : null}
      <dl class="facts">
        <div>
          <dt>{t(l, 'reference')}</dt>
          <dd>{props.reference}</dd>
        </div>
        <div>
          <dt>{t(l, 'product')}</dt>
          <dd>{localize(props.title, l)}</dd>
        </div>
        <div>
          <dt>{t(l, 'submittedOn')}</dt>
          <dd>{formatDate(l, props.createdAt)}</dd>
        </div>
        <div>
          <dt>{t(l, 'status')}</dt>
          <dd>{stateLabel(l, props.state)}</dd>
        </div>
      </dl>
      {props.report ? (
        <ReportFeedback
          ctx={ctx}
          events={props.report.events}
          reopen={props.report.reopen}
          photos={props.report.photos}
        />
      ) : null}
      <section aria-labelledby="timeline">
        <h2 id="timeline">{t(l, 'timeline')}</h2>
        <ol class="timeline">
          {props.steps.map((s) => (
            <li>
              {formatDate(l, s.at, true)}: {stateLabel(l, s.state)}
            </li>
          ))}
        </ol>
      </section>
      <p>{et(l, 'followIntro')}</p>
    </Layout>
  );
}

/**
 * The first visit of a capability link of a request filed without login, from a browser that
 * has not shown it yet: the requester types the address the request was filed with.
 */
export function SecureCheckPage(props: {
  ctx: PageContext;
  action: string;
  wrong: boolean;
  value?: string;
  /** `resume`: the link opens a saved draft (decision 0803), not a filed request. */
  purpose?: 'follow' | 'resume';
}) {
  const { ctx } = props;
  const l = ctx.locale;
  const key = props.purpose === 'resume' ? 'resumeCheck' : 'secureCheck';
  return (
    <Layout ctx={ctx} title={t(l, `${key}Title`)}>
      <h1>{t(l, `${key}Title`)}</h1>
      <p>{t(l, `${key}Intro`)}</p>
      <form method="post" action={props.action} novalidate>
        <input type="hidden" name="_csrf" value={ctx.csrf ?? ''} />
        <div class={props.wrong ? 'field invalid' : 'field'}>
          <label for="f-email">{t(l, 'secureCheckLabel')}</label>
          {props.wrong ? (
            <p class="error" id="f-email-error" role="alert">
              {t(l, `${key}Wrong`)}
            </p>
          ) : null}
          <input
            id="f-email"
            name="email"
            type="email"
            autocomplete="email"
            required
            maxLength={320}
            value={props.value ?? ''}
            aria-invalid={props.wrong ? 'true' : undefined}
            aria-describedby={props.wrong ? 'f-email-error' : undefined}
          />
        </div>
        <div class="actions">
          <button type="submit">{t(l, 'secureCheckButton')}</button>
        </div>
      </form>
    </Layout>
  );
}
