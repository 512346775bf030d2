/** @jsxImportSource preact */
import { type LocalizedText, localize } from '@smartloket/core';
import { bt } from '../../backoffice-messages.js';
import { formatDate } from '../../messages.js';
import { type BackofficeContext, BackofficeLayout } from './layout.js';

/** One request offered for approval in bulk. */
export interface BulkApproveRow {
  id: string;
  reference: string;
  typeId: string;
  version: number;
  createdAt: Date;
}

/**
 * The confirmation before approving several requests at once: only requests the rules allowed to
 * be delivered automatically that then failed at the authentic source; the others of the
 * selection are counted as left out. Confirming asks the source again for each (audited).
 */
export function BulkApprovePage(props: {
  ctx: BackofficeContext;
  rows: BulkApproveRow[];
  skipped: number;
  titleOf: (typeId: string) => LocalizedText;
  returnQuery: string;
}) {
  const { ctx } = props;
  const l = ctx.locale;
  const back = `/backoffice${props.returnQuery ? `?${props.returnQuery}` : ''}`;
  return (
    <BackofficeLayout ctx={ctx} title={bt(l, 'bulkApproveTitle')}>
      <h1>{bt(l, 'bulkApproveTitle')}</h1>
      <p>{bt(l, 'bulkApproveIntro')}</p>
      {props.skipped > 0 ? (
        <p class="notice" role="status">
          {bt(l, 'bulkApproveSkipped', { skipped: props.skipped })}
        </p>
      ) : null}
      <table class="inbox" id="bulk-approve">
        <caption class="visually-hidden">{bt(l, 'bulkApproveTitle')}</caption>
        <thead>
          <tr>
            <th scope="col">{bt(l, 'reference')}</th>
            <th scope="col">{bt(l, 'type')}</th>
            <th scope="col">{bt(l, 'received')}</th>
          </tr>
        </thead>
        <tbody>
          {props.rows.map((r) => (
            <tr>
              <td>
                <a href={`/backoffice/requests/${r.id}`}>{r.reference}</a>
              </td>
              <td>{localize(props.titleOf(r.typeId), l)}</td>
              <td>{formatDate(l, r.createdAt, true)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <form method="post" action="/backoffice/bulk" class="buttons">
        <input type="hidden" name="_csrf" value={ctx.csrf} />
        <input type="hidden" name="returnQuery" value={props.returnQuery} />
        <input type="hidden" name="bulkAction" value="approve" />
        <input type="hidden" name="confirm" value="1" />
        <input type="hidden" name="skipped" value={String(props.skipped)} />
        {props.rows.map((r) => (
          <input type="hidden" name="id" value={`${r.id}:${r.version}`} />
        ))}
        <button type="submit">{bt(l, 'bulkApproveConfirm', { count: props.rows.length })}</button>{' '}
        <a class="button secondary" href={back}>
          {bt(l, 'cancelAction')}
        </a>
      </form>
    </BackofficeLayout>
  );
}
