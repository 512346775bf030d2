/** @jsxImportSource preact */
import { type LocalizedText, localize, type RequestState } from '@smartloket/core';
import { formatDate, stateLabel, t } from '../messages.js';
import { et } from './email.js';
import { Layout, type PageContext } from './layout.js';

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
