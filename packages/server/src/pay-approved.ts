import {
  type Locale,
  localize,
  PaymentProviderUnavailableError,
  requesterFromIdentity,
} from '@smartloket/core';
import type { RequestRecord } from '@smartloket/db';
import type { Request, Response } from 'express';
import { h } from 'preact';
import type { ServerContext } from './context.js';
import { t } from './messages.js';
import type { Session } from './session.js';
import { PayPage, type RequestPaymentView } from './views/personal.js';
import { MessagePage } from './views/request.js';

/**
 * The fee of a request and its payment as the requester reads them (issue 21): the fee filed
 * under (or waived), when and how it was paid, what was refunded, and the last day to pay when
 * the fee is due after approval. Undefined for a request filed without a fee.
 */
export async function paymentView(
  ctx: ServerContext,
  request: RequestRecord,
  locale: Locale,
): Promise<RequestPaymentView | undefined> {
  if (!request.fee) return undefined;
  const { deployment } = ctx;
  const payments = await deployment.db.payments.listByRequest(request.id);
  const paid = payments.filter((p) => p.status === 'paid').at(-1);
  const provider = deployment.payments.provider?.definition;
  const label = paid?.method ? provider?.methodLabels?.[paid.method] : undefined;
  return {
    feeCents: request.fee.amountCents,
    waiver: request.fee.waiver?.reason,
    paid: paid
      ? { at: paid.paidAt ?? paid.updatedAt, method: label ? localize(label, locale) : undefined }
      : undefined,
    refundedCents: payments.reduce((sum, p) => sum + p.refundedCents, 0),
    payBy: request.state === 'approved' && request.payBy ? request.payBy : undefined,
    lapsed: request.state === 'lapsed',
  };
}

/**
 * `GET <page>/pay`: the pay-link page of the e-mail (the amount, the last day, "Betalen"); a
 * request with nothing to pay leads back to its page with a sentence. `base` is the request's
 * page (`/my/requests/<id>` or the capability link `/follow/<token>`), already access-checked.
 */
export function sendPayPage(
  ctx: ServerContext,
  req: Request,
  res: Response,
  request: RequestRecord,
  base: string,
): void {
  const l = res.locals.locale as Locale;
  const title = ctx.deployment.kernel.requestType(request.typeId, request.typeVersion)?.definition.title ?? {
    nl: request.typeId,
  };
  if (request.state !== 'approved' || !request.payBy || !request.fee?.amountCents) {
    ctx.send(
      res,
      h(MessagePage, {
        ctx: ctx.page(req, res),
        title: t(l, 'payTitle'),
        message: t(l, 'payNotDue'),
        link: { href: base, text: request.reference },
      }),
    );
    return;
  }
  ctx.send(
    res,
    h(PayPage, {
      ctx: ctx.page(req, res),
      title,
      reference: request.reference,
      amountCents: request.fee.amountCents,
      payBy: request.payBy,
      base,
    }),
  );
}

/**
 * `POST <page>/pay`: starts (or resumes) the payment at the provider and sends the requester to
 * its checkout; paid already or nothing due: back to the request's page. A provider that cannot
 * be reached leaves the request as it was (503, a sentence, the way back).
 */
export async function startPayment(
  ctx: ServerContext,
  req: Request,
  res: Response,
  request: RequestRecord,
  base: string,
): Promise<void> {
  const l = res.locals.locale as Locale;
  const identity = (res.locals.session as Session | undefined)?.identity;
  try {
    const outcome = await ctx.deployment.payments.payApproved(request.id, {
      locale: l,
      owner: identity ? requesterFromIdentity(identity).id : null,
    });
    if (outcome.kind === 'redirect') return res.redirect(303, outcome.checkoutUrl);
    return res.redirect(303, base);
  } catch (error) {
    if (!(error instanceof PaymentProviderUnavailableError)) throw error;
    return ctx.send(
      res,
      h(MessagePage, {
        ctx: ctx.page(req, res),
        title: t(l, 'paymentUnavailableTitle'),
        message: localize(error.userMessage, l),
        link: { href: base, text: request.reference },
      }),
      503,
    );
  }
}
