import { brusselsDay, isValidInsz, normalizeInsz } from '@smartloket/core';
import type { AuditFilter } from '@smartloket/db';
import type { Request, Router } from 'express';
import { h } from 'preact';
import { bt } from './backoffice-messages.js';
import { computeReport, exportRow, REPORT_COLUMNS, toCsv, toWorkbook } from './backoffice-reports.js';
import { type BackofficeTools, parseDay } from './backoffice-routes.js';
import { consultingPlugin, purposeLabel, serviceLabel } from './consultation-labels.js';
import type { ServerContext } from './context.js';
import { AUDIT_CATEGORIES, AuditPage, ReportsPage } from './views/backoffice/reports.js';

const REPORT_ROLES = ['reporter', 'administrator'] as const;

/**
 * Reports (role `reporter`, also administrators): figures per period and request type, an SVG
 * chart, CSV and Excel exports with the same numbers; the audit trail (filterable, CSV) and a
 * subject-access export of everything held about one person (INSZ in a POST body).
 */
export function mountBackofficeReportRoutes(
  router: Router,
  ctx: ServerContext,
  tools: BackofficeTools,
): void {
  const { deployment } = ctx;
  const db = deployment.db;

  /** The period of the query: `from` and `to` (inclusive days); default the last 30 days. */
  const period = (req: Request) => {
    const today = new Date(deployment.clock.now().toISOString().slice(0, 10));
    const from =
      parseDay(typeof req.query.from === 'string' ? req.query.from : undefined) ??
      new Date(today.getTime() - 29 * 86_400_000);
    const to = parseDay(typeof req.query.to === 'string' ? req.query.to : undefined) ?? today;
    const type =
      typeof req.query.type === 'string' && deployment.kernel.requestType(req.query.type)
        ? req.query.type
        : '';
    return {
      from,
      toExclusive: new Date(to.getTime() + 86_400_000),
      fromText: from.toISOString().slice(0, 10),
      toText: to.toISOString().slice(0, 10),
      type,
    };
  };

  const report = async (req: Request) => {
    const p = period(req);
    const rows = await db.backoffice.reportRows(['*'], p.from, p.toExclusive, p.type ? [p.type] : undefined);
    const failures = await db.backoffice.sourceFailures(p.from, p.toExclusive);
    if (p.type) for (const k of [...failures.keys()]) if (k !== p.type) failures.delete(k);
    const calendar = await deployment.deadlines.calendar();
    const today = brusselsDay(deployment.clock.now());
    return { p, lines: computeReport(rows, failures, { calendar, today }) };
  };

  const types = () =>
    deployment.kernel.requestTypes().map((rt) => ({ id: rt.definition.id, title: rt.definition.title }));

  router.get('/backoffice/reports', async (req, res, next) => {
    try {
      if (!tools.staff(req, res, next, [...REPORT_ROLES])) return;
      const { p, lines } = await report(req);
      ctx.send(
        res,
        h(ReportsPage, {
          ctx: tools.view(req, res),
          from: p.fromText,
          to: p.toText,
          type: p.type,
          types: types(),
          lines,
        }),
      );
    } catch (error) {
      next(error);
    }
  });

  router.get('/backoffice/reports.csv', async (req, res, next) => {
    try {
      if (!tools.staff(req, res, next, [...REPORT_ROLES])) return;
      const { p, lines } = await report(req);
      res.attachment(`rapport-${p.fromText}-${p.toText}.csv`);
      res.type('text/csv; charset=utf-8').send(toCsv(REPORT_COLUMNS, lines.map(exportRow)));
    } catch (error) {
      next(error);
    }
  });

  router.get('/backoffice/reports.xlsx', async (req, res, next) => {
    try {
      if (!tools.staff(req, res, next, [...REPORT_ROLES])) return;
      const { p, lines } = await report(req);
      const bytes = await toWorkbook('Rapport', REPORT_COLUMNS, lines.map(exportRow));
      res.attachment(`rapport-${p.fromText}-${p.toText}.xlsx`);
      res.type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet').send(bytes);
    } catch (error) {
      next(error);
    }
  });

  const auditFilter = (
    req: Request,
  ): { filter: AuditFilter; p: ReturnType<typeof period>; category: string } => {
    const p = period(req);
    const category =
      typeof req.query.category === 'string' &&
      (AUDIT_CATEGORIES as readonly string[]).includes(req.query.category)
        ? req.query.category
        : '';
    return {
      p,
      category,
      filter: { from: p.from, to: p.toExclusive, ...(category ? { categories: [category] } : {}) },
    };
  };

  router.get('/backoffice/audit', async (req, res, next) => {
    try {
      if (!tools.staff(req, res, next, [...REPORT_ROLES])) return;
      const { filter, p, category } = auditFilter(req);
      const after = typeof req.query.after === 'string' ? req.query.after : undefined;
      let page: Awaited<ReturnType<typeof db.audit.page>>;
      try {
        page = await db.audit.page(filter, { limit: 100, after });
      } catch (error) {
        if (error instanceof TypeError) return next();
        throw error;
      }
      ctx.send(
        res,
        h(AuditPage, {
          ctx: tools.view(req, res),
          from: p.fromText,
          to: p.toText,
          category,
          entries: page.items,
          describe: (e) => ({
            purpose: purposeLabel(deployment.kernel, e.purpose, res.locals.locale) ?? '',
            service: e.service
              ? serviceLabel(
                  deployment.kernel,
                  { service: e.service, pluginId: consultingPlugin(e) },
                  res.locals.locale,
                  e.service,
                )
              : '',
          }),
          next: page.next,
        }),
      );
    } catch (error) {
      next(error);
    }
  });

  router.get('/backoffice/audit.csv', async (req, res, next) => {
    try {
      if (!tools.staff(req, res, next, [...REPORT_ROLES])) return;
      const { filter, p } = auditFilter(req);
      const entries = await db.audit.list(filter, { limit: 10_000 });
      const header = [
        'at',
        'category',
        'actor_type',
        'actor_id',
        'request_id',
        'subject',
        'purpose',
        'legal_basis',
        'source',
        'referte',
        'outcome',
        'code',
      ];
      const rows = entries.map((e) => [
        e.at.toISOString(),
        e.category,
        e.actor.type,
        e.actor.id ?? null,
        e.requestId,
        e.subjectId,
        e.purpose,
        e.legalBasis,
        e.service,
        e.referte,
        e.outcome,
        e.code,
      ]);
      res.attachment(`audit-${p.fromText}-${p.toText}.csv`);
      res.type('text/csv; charset=utf-8').send(toCsv(header, rows));
    } catch (error) {
      next(error);
    }
  });

  // Subject access (GDPR art. 15): the INSZ comes in the POST body; the export is itself audited.
  router.post('/backoffice/audit/subject', async (req, res, next) => {
    try {
      const identity = tools.staff(req, res, next, [...REPORT_ROLES]);
      if (!identity) return;
      const raw = String((req.body as Record<string, unknown>)?.insz ?? '').replace(/[\s.-]/g, '');
      if (!isValidInsz(raw)) {
        res.status(422).type('text/plain').send(bt(res.locals.locale, 'invalidInsz'));
        return;
      }
      const insz = normalizeInsz(raw);
      const found = await db.backoffice.search(['*'], { insz }, 200);
      const requests = [];
      for (const row of found) {
        const [request, events, documents, mails] = await Promise.all([
          db.requests.get(row.id),
          db.events.list(row.id),
          db.documents.listByRequest(row.id),
          db.outbox.listByRequest(row.id),
        ]);
        requests.push({
          request,
          events,
          documents: documents.map(({ id, fileName, mediaType, createdAt, expiresAt, purgedAt }) => ({
            id,
            fileName,
            mediaType,
            createdAt,
            expiresAt,
            purgedAt,
          })),
          emails: mails.map((m) => ({
            id: m.id,
            kind: (m.payload as { kind?: string } | null)?.kind,
            state: m.state,
            createdAt: m.createdAt,
          })),
        });
      }
      const audit = await db.audit.list({ subjectId: insz }, { limit: 10_000 });
      await db.audit.append({
        category: 'subject_access_export',
        actor: tools.actor(identity),
        subjectId: insz,
        data: { requests: requests.length, auditEntries: audit.length },
      });
      res.attachment('inzage.json');
      res
        .type('application/json')
        .send(
          JSON.stringify(
            { insz, exportedAt: deployment.clock.now().toISOString(), requests, audit },
            null,
            2,
          ),
        );
    } catch (error) {
      next(error);
    }
  });
}
