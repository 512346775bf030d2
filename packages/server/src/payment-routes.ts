import { PIPELINE_STATES, requesterFromIdentity } from '@smartloket/core';
import type { Router } from 'express';
import { h } from 'preact';
import type { ServerContext } from './context.js';
import { t } from './messages.js';
import type { Session } from './session.js';
import { PaymentRetryPage } from './views/payment.js';
import { MessagePage } from './views/request.js';

const PAYMENT_ID = /^[0-9a-f-]{36}$/;

/**
 * The provider's notification (`POST /payments/<provider>/notify`): no session, no CSRF token
 * (the provider posts it). Only the payment id is read; the status is fetched from the provider.
 * Always 200 for a well-formed call, so the provider stops resending: an unknown id changes
 * nothing and is logged (decision 1700).
 */
export function mountPaymentNotifyRoutes(router: Router, ctx: ServerContext): void {
  router.post('/payments/:provider/notify', async (req, res, next) => {
    try {
      await ctx.deployment.payments.notify(String(req.params.provider).slice(0, 100), {
        contentType: req.get('content-type'),
        body: req.body,
      });
      res.status(200).type('text/plain').send('ok');
    } catch (error) {
      next(error);
    }
  });
}

/**
 * Where the provider sends the requester back (`/payments/<id>/return`). Nothing in the URL is
 * trusted beyond the payment id: the status is read back from the provider, and only the person
 * who started the payment is led to the request or back to the form; anyone else reads a neutral
 * page.
 */
export function mountPaymentReturnRoutes(router: Router, ctx: ServerContext): void {
  const { deployment, sessions } = ctx;
  router.get('/payments/:id/return', async (req, res, next) => {
    try {
      const l = res.locals.locale;
      const id = String(req.params.id);
      if (!PAYMENT_ID.test(id) || !(await deployment.db.payments.get(id))) return next();
      const { payment, request } = await deployment.payments.refresh(id);
      const session = res.locals.session as Session | undefined;
      const mine =
        !!session?.identity &&
        !!payment.owner &&
        requesterFromIdentity(session.identity).id === payment.owner;
      if (payment.moment === 'after_approval') {
        // Paid after approval: the owner goes back to the request's page (which shows the
        // payment and, if it did not go through, the button again); anyone else (a requester
        // without login, another browser) reads what happened, without any detail of the request.
        if (mine && request) {
          if (payment.status === 'paid') await waitForPipeline(ctx, request.id);
          return res.redirect(303, `/my/requests/${request.id}`);
        }
        const paid = payment.status === 'paid';
        const ended = ['canceled', 'failed', 'expired', 'unavailable'].includes(payment.status);
        return ctx.send(
          res,
          h(MessagePage, {
            ctx: ctx.page(req, res),
            title: t(l, paid ? 'paymentReceivedTitle' : ended ? 'paymentFailedTitle' : 'paymentPendingTitle'),
            message: t(
              l,
              paid ? 'paymentReceived' : ended ? 'paymentNotCompleted' : 'paymentApprovedPending',
            ),
          }),
        );
      }
      if (!mine) {
        return ctx.send(
          res,
          h(MessagePage, {
            ctx: ctx.page(req, res),
            title: t(l, 'paymentPendingTitle'),
            message: t(l, 'paymentDone'),
          }),
        );
      }
      if (request) {
        // Filed: the session's draft is done with, like after a submit without payment.
        const draft = payment.submissionKey ? session?.data.drafts?.[payment.submissionKey] : undefined;
        if (draft && session) {
          draft.requestId = request.id;
          draft.values = {};
          await sessions.save(session);
        }
        if (PIPELINE_STATES.includes(request.state)) await waitForPipeline(ctx, request.id);
        return res.redirect(303, `/my/requests/${request.id}?submitted=1`);
      }
      const status = payment.status;
      if (status === 'canceled' || status === 'failed' || status === 'expired' || status === 'unavailable') {
        return ctx.send(
          res,
          h(PaymentRetryPage, {
            ctx: ctx.page(req, res),
            typeId: payment.typeId,
            draftId: payment.submissionKey ?? '',
            reason: status === 'unavailable' ? 'failed' : status,
          }),
        );
      }
      // Open, pending or paid while the filing is still under way.
      return ctx.send(
        res,
        h(MessagePage, {
          ctx: ctx.page(req, res),
          title: t(l, 'paymentPendingTitle'),
          message: t(l, 'paymentPending'),
          link: { href: `/payments/${payment.id}/return`, text: t(l, 'paymentRefresh') },
        }),
      );
    } catch (error) {
      next(error);
    }
  });
}

/** Waits a moment for a quick delivery (the worker nudged), so the page shows the document. */
async function waitForPipeline(ctx: ServerContext, requestId: string): Promise<void> {
  const { deployment } = ctx;
  ctx.options.worker?.nudge();
  const end = Date.now() + (ctx.options.deliveryWaitMs ?? deployment.config.deliveryWaitMs);
  while (Date.now() < end) {
    const r = await deployment.db.requests.get(requestId);
    if (!r || !PIPELINE_STATES.includes(r.state)) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
