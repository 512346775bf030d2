import { brusselsDay, type Locale, localize, type StaffRole } from '@smartloket/core';
import type { Request, Router } from 'express';
import { h } from 'preact';
import {
  FINANCE_COLUMNS,
  financeDays,
  financeLines,
  financePeriod,
  financeRow,
  ledgerMovements,
} from './backoffice-finance.js';
import { bt } from './backoffice-messages.js';
import { toCsv, toWorkbook } from './backoffice-reports.js';
import { type BackofficeTools, parseDay } from './backoffice-routes.js';
import type { ServerContext } from './context.js';
import { FinancePage } from './views/backoffice/finance.js';

/** The financial service, and administrators (decision 1701). */
export const FINANCE_ROLES: StaffRole[] = ['finance', 'administrator'];

/**
 * The financial overview (issue 21): the fees received and refunded per request type, for a
 * Brussels day or a month, with CSV and Excel exports of the movements behind the totals.
 */
export function mountBackofficeFinanceRoutes(
  router: Router,
  ctx: ServerContext,
  tools: BackofficeTools,
): void {
  const { deployment } = ctx;
  const db = deployment.db;

  const query = (req: Request) => {
    const view = req.query.view === 'month' ? ('month' as const) : ('day' as const);
    const typed = typeof req.query.day === 'string' ? req.query.day.slice(0, 20) : '';
    const parsed = parseDay(typed || undefined);
    const day = parsed ? parsed.toISOString().slice(0, 10) : brusselsDay(deployment.clock.now());
    return { period: financePeriod(view, day), invalidDay: typed !== '' && !parsed };
  };

  const movements = async (req: Request) => {
    const q = query(req);
    const payments = await db.payments.ledger(q.period.from, q.period.to);
    return { ...q, movements: ledgerMovements(payments, q.period.from, q.period.to) };
  };

  const typeLabel = (locale: Locale) => (typeId: string) =>
    deployment.kernel.requestType(typeId) ? localize(tools.titleOf(typeId), locale) : typeId;

  const methodLabel = (method: string) => deployment.payments.provider?.definition.methodLabels?.[method];

  router.get('/backoffice/finance', async (req, res, next) => {
    try {
      if (!tools.staff(req, res, next, FINANCE_ROLES)) return;
      const l = res.locals.locale as Locale;
      const m = await movements(req);
      const label = typeLabel(l);
      const monthLabel = new Intl.DateTimeFormat(l === 'en' ? 'en-GB' : `${l}-BE`, {
        month: 'long',
        year: 'numeric',
        timeZone: 'UTC',
      }).format(new Date(`${m.period.key.slice(0, 7)}-15T00:00:00Z`));
      ctx.send(
        res,
        h(FinancePage, {
          ctx: tools.view(req, res),
          period: m.period,
          lines: financeLines(m.movements, label),
          days: m.period.view === 'month' ? financeDays(m.movements) : undefined,
          typeLabel: label,
          monthLabel,
          invalidDay: m.invalidDay,
        }),
        m.invalidDay ? 422 : 200,
      );
    } catch (error) {
      next(error);
    }
  });

  for (const format of ['csv', 'xlsx'] as const) {
    router.get(`/backoffice/finance.${format}`, async (req, res, next) => {
      try {
        if (!tools.staff(req, res, next, FINANCE_ROLES)) return;
        const l = res.locals.locale as Locale;
        const m = await movements(req);
        if (m.invalidDay) {
          res.status(422).type('text/plain').send(bt(l, 'financeInvalidDay'));
          return;
        }
        const rows = m.movements.map((x) => financeRow(x, l, methodLabel));
        const name = `betalingen-${m.period.key}.${format}`;
        res.attachment(name);
        if (format === 'csv') {
          res.type('text/csv; charset=utf-8').send(toCsv(FINANCE_COLUMNS, rows));
        } else {
          res
            .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
            .send(await toWorkbook('Betalingen', FINANCE_COLUMNS, rows));
        }
      } catch (error) {
        next(error);
      }
    });
  }
}
