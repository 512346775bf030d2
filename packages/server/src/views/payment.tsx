/** @jsxImportSource preact */
import { t } from '../messages.js';
import { Layout, type PageContext } from './layout.js';

/**
 * A payment before submitting ended without money (cancelled, refused, expired, or the provider
 * was down): nothing was filed, the answers are kept, and the requester may pay again.
 */
export function PaymentRetryPage(props: {
  ctx: PageContext;
  typeId: string;
  draftId: string;
  reason: 'canceled' | 'failed' | 'expired';
}) {
  const { ctx } = props;
  const l = ctx.locale;
  return (
    <Layout ctx={ctx} title={t(l, 'paymentFailedTitle')}>
      <h1>{t(l, 'paymentFailedTitle')}</h1>
      <p role="status">{t(l, `paymentFailed.${props.reason}`)}</p>
      <form method="post" action={`/request/${props.typeId}`} class="actions">
        <input type="hidden" name="_csrf" value={ctx.csrf ?? ''} />
        <input type="hidden" name="_draft" value={props.draftId} />
        <button type="submit" name="_action" value="submit">
          {t(l, 'paymentRetry')}
        </button>
        <a class="button secondary" href="/my">
          {t(l, 'myRequests')}
        </a>
      </form>
    </Layout>
  );
}
