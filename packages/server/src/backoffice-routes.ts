import {
  type Actor,
  availableActions,
  brusselsDay,
  ConflictError,
  displayName,
  type FieldIssue,
  type Identity,
  IllegalTransitionError,
  isValidInsz,
  type LocalizedText,
  normalizeInsz,
  type RequestState,
  SmartLoketError,
  type StaffRole,
  startOfBrusselsDay,
  ValidationError,
} from '@smartloket/core';
import {
  BackofficeRepository,
  type InboxCount,
  type InboxFilter,
  matchesTypePatterns,
  OPEN_STATES,
  type RequestRecord,
  type TeamRecord,
} from '@smartloket/db';
import type { RequestCommand } from '@smartloket/runtime';
import type { NextFunction, Request, Response, Router } from 'express';
import { h } from 'preact';
import { staffLevel, stepUpIfBelow, stepUpUrl } from './assurance.js';
import { mountBackofficeAdminRoutes, parseEuroCents } from './backoffice-admin-routes.js';
import { decisionFields, decisionFromBody } from './backoffice-decision.js';
import { mountBackofficeFinanceRoutes } from './backoffice-finance-routes.js';
import {
  meldingenEnabled,
  mountBackofficeMeldingenRoutes,
  reportPanel,
  standardAnswerText,
} from './backoffice-meldingen-routes.js';
import { bt } from './backoffice-messages.js';
import { mountBackofficeReportRoutes } from './backoffice-report-routes.js';
import { mountUploadRoutes, requestPageProps } from './backoffice-request-page.js';
import { mountBackofficeTeamRoutes } from './backoffice-team-routes.js';
import { withoutLoginPanel } from './backoffice-unidentified.js';
import type { ServerContext } from './context.js';
import { DESIGNER_CSS, mountDesignerRoutes } from './designer-routes.js';
import { safeFileName } from './forms.js';
import { readAnswerPhotos, storeAnswerPhotos } from './report-answer-photos.js';
import { CounterPage } from './views/backoffice/admin.js';
import { BulkApprovePage } from './views/backoffice/bulk-approve.js';
import { BACKOFFICE_CSS, type BackofficeContext, INBOX_JS } from './views/backoffice/layout.js';
import { REPORTS_CSS } from './views/backoffice/meldingen-reports.js';
import { REQUEST_PAGE_CSS, RequestPage, type StaffAction } from './views/backoffice/request-page.js';
import {
  BackofficeMessagePage,
  type InboxCounts,
  InboxPage,
  type InboxQuery,
  SearchPage,
} from './views/backoffice/requests.js';

/** What the back-office route modules share. */
export interface BackofficeTools {
  /** The staff identity of the session, or undefined (the response is then handled). */
  staff(req: Request, res: Response, next: NextFunction, role: StaffRole | StaffRole[]): Identity | undefined;
  view(req: Request, res: Response): BackofficeContext;
  actor(identity: Identity): Actor;
  titleOf(typeId: string): LocalizedText;
}

const STAFF_ACTIONS: StaffAction[] = [
  'approve',
  'deliver_at_counter',
  'handle_outside',
  'start',
  'resolve',
  'retry',
  'refuse',
  'ask',
];
const UUID = /^[0-9a-f-]{36}$/i;
/** The inbox's query keys: filters and views, never personal data (they go into URLs). */
const INBOX_KEYS = ['type', 'status', 'from', 'to', 'capacity', 'mine', 'due', 'view', 'team'] as const;

/** Open requests summed per state and per team (a request's team follows from its type). */
function countsOf(counts: InboxCount[], teams: TeamRecord[]): InboxCounts {
  const byState = new Map<RequestState, number>();
  const byTeam = new Map<string, number>();
  let noTeam = 0;
  for (const c of counts) {
    byState.set(c.state, (byState.get(c.state) ?? 0) + c.count);
    const owners = teams.filter((t) => matchesTypePatterns(t.typePatterns, c.typeId));
    if (owners.length === 0) noTeam += c.count;
    for (const t of owners) byTeam.set(t.id, (byTeam.get(t.id) ?? 0) + c.count);
  }
  return {
    states: OPEN_STATES.map((state) => ({ state, count: byState.get(state) ?? 0 })),
    teams: teams.map((t) => ({ id: t.id, name: t.name, count: byTeam.get(t.id) ?? 0 })),
    noTeam,
  };
}

/**
 * The back-office (`/backoffice/*`): inbox, request page and actions for case handlers; modules,
 * grants, settings and dead jobs for administrators; reports and the audit trail for reporters.
 * Not logged in: redirect to a login at the staff level (high); a staff session below that level:
 * redirect to the step-up login, on every page and action. Logged in without the role, or a request outside the staff
 * member's scopes: 404 (never 403, no existence leak). Every page is `no-store`.
 */
export function mountBackofficeRoutes(router: Router, ctx: ServerContext): void {
  const { deployment } = ctx;
  const db = deployment.db;

  router.get('/backoffice/assets/backoffice.css', (_req, res) => {
    res
      .type('text/css')
      .set('Cache-Control', 'public, max-age=3600')
      .send(BACKOFFICE_CSS + REQUEST_PAGE_CSS + DESIGNER_CSS + REPORTS_CSS);
  });
  router.get('/backoffice/assets/inbox.js', (_req, res) => {
    res.type('text/javascript').set('Cache-Control', 'public, max-age=3600').send(INBOX_JS);
  });
  router.use('/backoffice', (req, res, next) => {
    res.set('Cache-Control', 'no-store');
    // Every staff page and action needs the staff level (high): a staff session below it gets
    // the step-up login, never data. A POST comes back to the request page, or the inbox.
    const identity = res.locals.session?.identity;
    if (identity && identity.staffRoles.length > 0) {
      const page = /^\/backoffice\/requests\/[0-9a-f-]{36}/i.exec(req.originalUrl)?.[0] ?? '/backoffice';
      if (stepUpIfBelow(req, res, staffLevel(ctx), page)) return;
    }
    next();
  });

  const tools: BackofficeTools = {
    staff(req, res, next, role) {
      const identity = res.locals.session?.identity;
      if (!identity) {
        res.redirect(303, stepUpUrl(req.originalUrl.split('?')[0] ?? '/backoffice', staffLevel(ctx)));
        return undefined;
      }
      const roles = Array.isArray(role) ? role : [role];
      if (!roles.some((r) => identity.staffRoles.includes(r))) {
        next();
        return undefined;
      }
      return identity;
    },
    view(req, res) {
      const identity = res.locals.session!.identity!;
      return {
        locale: res.locals.locale,
        municipality: res.locals.municipality ?? deployment.municipality,
        languages: ctx.languages,
        path: req.path,
        csrf: res.locals.session!.data.csrf,
        user: {
          id: identity.subject,
          name: displayName(identity) || identity.subject,
          roles: identity.staffRoles,
        },
        meldingen: meldingenEnabled(ctx),
      };
    },
    actor: (identity) => ({ type: 'staff', id: identity.subject, name: displayName(identity) || undefined }),
    titleOf: (typeId) => deployment.kernel.requestType(typeId)?.definition.title ?? { nl: typeId },
  };
  const scopesOf = (identity: Identity): string[] => identity.staffScopes ?? [];

  /** The request if this staff member may handle its type; otherwise undefined (404). */
  const visibleRequest = async (req: Request, identity: Identity): Promise<RequestRecord | undefined> => {
    const id = String(req.params.id ?? '');
    if (!UUID.test(id)) return undefined;
    const request = await db.requests.get(id);
    return request && BackofficeRepository.inScope(scopesOf(identity), request.typeId) ? request : undefined;
  };

  const visibleTypes = (identity: Identity) =>
    deployment.kernel
      .requestTypes()
      .filter((rt) => BackofficeRepository.inScope(scopesOf(identity), rt.definition.id))
      .map((rt) => ({ id: rt.definition.id, title: rt.definition.title }));

  router.get('/backoffice', async (req, res, next) => {
    try {
      const identity = tools.staff(req, res, next, 'case_handler');
      if (!identity) return;
      const query: InboxQuery = {};
      for (const k of INBOX_KEYS) {
        const v = req.query[k];
        if (typeof v === 'string' && v !== '') query[k] = v.slice(0, 200);
      }
      if (query.mine === '1') {
        // The old "assigned to me" checkbox is the "mine" view.
        query.view = 'mine';
        delete query.mine;
      }
      const scopes = scopesOf(identity);
      const filter: InboxFilter = { scopes };
      if (query.type) filter.typeIds = [query.type];
      if (query.status) filter.states = [query.status as RequestState];
      if (query.capacity && ['citizen', 'organisation', 'anonymous'].includes(query.capacity))
        filter.capacity = query.capacity as InboxFilter['capacity'];
      const teams = await db.teams.teams();
      const myTeams = teams.filter((t) => t.members.includes(identity.subject));
      if (query.view === 'mine') filter.assigneeId = identity.subject;
      else if (query.view === 'unassigned') filter.unassigned = true;
      else if (query.view === 'team') filter.teamTypes = myTeams.flatMap((t) => t.typePatterns);
      else delete query.view;
      if (query.team) {
        const team = teams.find((t) => t.id === query.team);
        if (team) filter.teamTypes = team.typePatterns;
        else delete query.team;
      }
      const today = brusselsDay(deployment.clock.now());
      if (query.due === 'overdue') filter.overdueBefore = startOfBrusselsDay(today);
      const from = parseDay(query.from);
      const to = parseDay(query.to);
      const invalidDates = (query.from && !from) || (query.to && !to);
      if (from) filter.createdFrom = from;
      if (to) filter.createdTo = new Date(to.getTime() + 86_400_000);
      const after = typeof req.query.after === 'string' ? req.query.after : undefined;
      let page: Awaited<ReturnType<typeof db.backoffice.inbox>>;
      try {
        page = await db.backoffice.inbox(filter, { limit: 25, after });
      } catch (error) {
        if (error instanceof TypeError) return next();
        throw error;
      }
      const [counts, names] = await Promise.all([
        db.backoffice.openCounts(scopes),
        db.teams.staffBySubject(page.items.map((r) => r.assigneeId ?? '')),
      ]);
      const queryString = new URLSearchParams(query as Record<string, string>).toString();
      const bulk = typeof req.query.bulk === 'string' ? /^(\d+)-(\d+)$/.exec(req.query.bulk) : null;
      ctx.send(
        res,
        h(InboxPage, {
          ctx: tools.view(req, res),
          query,
          types: visibleTypes(identity),
          rows: page.items,
          next: page.next,
          first: after !== undefined,
          saved: await db.backoffice.savedFilters(identity.subject),
          queryString,
          titleOf: tools.titleOf,
          today,
          counts: countsOf(counts, teams),
          hasTeam: myTeams.length > 0,
          names: new Map([...names].map(([k, v]) => [k, v.name])),
          colleagues: (await db.teams.staff())
            .filter((s) => s.roles.includes('case_handler'))
            .map((s) => ({ id: s.subject, name: s.name })),
          invalidDates: Boolean(invalidDates),
          bulk: bulk ? { done: Number(bulk[1]), skipped: Number(bulk[2]) } : undefined,
        }),
        invalidDates ? 422 : 200,
      );
    } catch (error) {
      next(error);
    }
  });

  // Several requests at once, where it is safe: assign them (to a colleague who may handle each
  // one's type), or approve those the rules allowed automatically that then failed at the source
  // (after a confirmation page; each approval asks the source again and is audited).
  router.post('/backoffice/bulk', async (req, res, next) => {
    try {
      const identity = tools.staff(req, res, next, 'case_handler');
      if (!identity) return;
      const body = (req.body ?? {}) as Record<string, unknown>;
      const raw = Array.isArray(body.id) ? body.id : body.id === undefined ? [] : [body.id];
      // An id, or `id:version` from the confirmation page (the version the clerk confirmed).
      const selected = new Map<string, number | undefined>();
      for (const value of raw.map(String)) {
        const [id = '', version] = value.split(':');
        if (!UUID.test(id) || selected.has(id) || selected.size >= 100) continue;
        selected.set(id, version !== undefined && /^\d{1,9}$/.test(version) ? Number(version) : undefined);
      }
      const back = new URLSearchParams();
      const returnQuery = new URLSearchParams(String(body.returnQuery ?? ''));
      for (const k of INBOX_KEYS) {
        const v = returnQuery.get(k);
        if (v) back.set(k, v.slice(0, 200));
      }
      const action = String(body.bulkAction ?? '');
      if (action !== 'assign' && action !== 'approve') return next();
      let done = 0;
      let skipped = 0;
      const actor = tools.actor(identity);
      const finish = () => {
        back.set('bulk', `${done}-${skipped}`);
        res.redirect(303, `/backoffice?${back.toString()}`);
      };

      if (action === 'approve') {
        const eligible: { request: RequestRecord; version: number }[] = [];
        for (const [id, version] of selected) {
          const request = await db.requests.get(id);
          if (
            !request ||
            !BackofficeRepository.inScope(scopesOf(identity), request.typeId) ||
            !bulkApprovable(request)
          ) {
            skipped++;
            continue;
          }
          eligible.push({ request, version: version ?? request.version });
        }
        if (body.confirm !== '1') {
          if (eligible.length === 0) return finish();
          ctx.send(
            res,
            h(BulkApprovePage, {
              ctx: tools.view(req, res),
              rows: eligible.map(({ request: r }) => ({
                id: r.id,
                reference: r.reference,
                typeId: r.typeId,
                version: r.version,
                createdAt: r.createdAt,
              })),
              skipped,
              titleOf: (typeId) => deployment.kernel.requestType(typeId)?.definition.title ?? { nl: typeId },
              returnQuery: back.toString(),
            }),
          );
          return;
        }
        // Those left out on the confirmation page still count in the notice.
        const before = Number(body.skipped);
        if (Number.isInteger(before) && before >= 0 && before <= 100) skipped += before;
        for (const { request, version } of eligible) {
          try {
            await deployment.requests.act(request.id, { action: 'retry' }, actor, version);
          } catch (error) {
            if (error instanceof ConflictError || error instanceof IllegalTransitionError) {
              skipped++;
              continue;
            }
            throw error;
          }
          await db.audit.append({
            category: 'bulk_approved',
            actor,
            requestId: request.id,
            subjectId: request.subjectInsz ?? request.organisationKbo ?? null,
            data: { batch: eligible.length },
          });
          done++;
        }
        if (done > 0) ctx.options.worker?.nudge();
        return finish();
      }

      const assignee = typeof body.assignee === 'string' ? body.assignee.trim().slice(0, 200) : '';
      if (!assignee) {
        skipped = selected.size;
        return finish();
      }
      for (const id of selected.keys()) {
        const request = await db.requests.get(id);
        if (!request || !BackofficeRepository.inScope(scopesOf(identity), request.typeId)) {
          skipped++;
          continue;
        }
        const target = (await db.teams.assignableFor(request.typeId)).find((s) => s.subject === assignee);
        if (!target) {
          skipped++;
          continue;
        }
        await deployment.requests.note(request.id, 'assign', actor, {
          assigneeId: target.subject,
          assigneeName: target.name,
          previousAssigneeName: await staffName(request.assigneeId),
        });
        done++;
      }
      return finish();
    } catch (error) {
      next(error);
    }
  });

  const staffName = async (subject: string | null): Promise<string | null> =>
    subject ? ((await db.teams.staffBySubject([subject])).get(subject)?.name ?? null) : null;

  // Search by reference, name or INSZ: the term comes in the POST body, never in a URL.
  router.post('/backoffice/search', async (req, res, next) => {
    try {
      const identity = tools.staff(req, res, next, 'case_handler');
      if (!identity) return;
      const q = String((req.body as Record<string, unknown>)?.q ?? '')
        .trim()
        .slice(0, 200);
      const digits = q.replace(/[\s.-]/g, '');
      const rows =
        q === ''
          ? []
          : /^SL-\d{4}-\d{6}$/i.test(q)
            ? await db.backoffice.search(scopesOf(identity), { reference: q })
            : /^\d{11}$/.test(digits) && isValidInsz(digits)
              ? await db.backoffice.search(scopesOf(identity), { insz: normalizeInsz(digits) })
              : await db.backoffice.search(scopesOf(identity), { name: q });
      ctx.send(
        res,
        h(SearchPage, {
          ctx: tools.view(req, res),
          rows,
          titleOf: tools.titleOf,
          today: brusselsDay(deployment.clock.now()),
        }),
      );
    } catch (error) {
      next(error);
    }
  });

  router.post('/backoffice/filters', async (req, res, next) => {
    try {
      const identity = tools.staff(req, res, next, 'case_handler');
      if (!identity) return;
      const body = (req.body ?? {}) as Record<string, unknown>;
      const name = String(body.name ?? '').trim();
      // Only the known filter keys are kept: a saved filter never holds personal data.
      const raw = new URLSearchParams(String(body.query ?? ''));
      const query = new URLSearchParams();
      for (const k of INBOX_KEYS) {
        const v = raw.get(k);
        if (v) query.set(k, v.slice(0, 200));
      }
      if (name) await db.backoffice.saveFilter(identity.subject, name, query.toString());
      res.redirect(303, `/backoffice?${query.toString()}`);
    } catch (error) {
      next(error);
    }
  });

  router.post('/backoffice/filters/:id/delete', async (req, res, next) => {
    try {
      const identity = tools.staff(req, res, next, 'case_handler');
      if (!identity) return;
      await db.backoffice.deleteFilter(identity.subject, String(req.params.id));
      res.redirect(303, '/backoffice');
    } catch (error) {
      next(error);
    }
  });

  const showRequest = async (
    req: Request,
    res: Response,
    identity: Identity,
    request: RequestRecord,
    notice?:
      | 'done'
      | 'conflict'
      | 'reasonRequired'
      | 'notAssignable'
      | 'decisionInvalid'
      | 'invalidDate'
      | 'refundFailed'
      | 'recordFailed'
      | 'mergeFailed'
      | 'photoRefused',
    status = 200,
    decision?: { typed: Record<string, unknown>; issues: FieldIssue[] },
  ) => {
    const [story, withoutLogin, report] = await Promise.all([
      requestPageProps(ctx, request, res.locals.locale, identity.subject),
      withoutLoginPanel(db, request, res.locals.locale),
      reportPanel(ctx, request, res.locals.locale),
    ]);
    await db.audit.append({
      category: 'staff_view',
      actor: tools.actor(identity),
      requestId: request.id,
      subjectId: request.subjectInsz ?? request.organisationKbo ?? null,
    });
    const staffActor: Actor = { type: 'staff' };
    const possible = new Set(availableActions(request.kind, request.state, staffActor.type));
    const now = deployment.clock.now();
    const answerByDefault = possible.has('ask')
      ? brusselsDay(await deployment.deadlines.defaultAnswerBy(request.typeId, now))
      : undefined;
    ctx.send(
      res,
      h(RequestPage, {
        ctx: tools.view(req, res),
        request,
        title: tools.titleOf(request.typeId),
        ...story,
        actions: STAFF_ACTIONS.filter((a) => possible.has(a)),
        notice,
        today: brusselsDay(now),
        answerByDefault,
        withoutLogin,
        report,
        decisionForm: possible.has('approve')
          ? decisionFields(
              deployment.kernel.requestType(request.typeId, request.typeVersion)?.definition,
              request,
              res.locals.locale,
              now,
              decision?.typed,
              decision?.issues,
            )
          : undefined,
      }),
      status,
    );
  };

  router.get('/backoffice/requests/:id', async (req, res, next) => {
    try {
      const identity = tools.staff(req, res, next, 'case_handler');
      if (!identity) return;
      const request = await visibleRequest(req, identity);
      if (!request) return next();
      await showRequest(req, res, identity, request, req.query.done === '1' ? 'done' : undefined);
    } catch (error) {
      next(error);
    }
  });

  // A refund of a payment (issue 21): a reason is required; audited by the payment service.
  router.post('/backoffice/requests/:id/payments/:paymentId/refund', async (req, res, next) => {
    try {
      const identity = tools.staff(req, res, next, 'case_handler');
      if (!identity) return;
      const request = await visibleRequest(req, identity);
      if (!request) return next();
      const payment = await db.payments.get(String(req.params.paymentId));
      if (!payment || payment.requestId !== request.id) return next();
      const body = (req.body ?? {}) as Record<string, unknown>;
      const reason = typeof body.reason === 'string' ? body.reason.trim().slice(0, 500) : '';
      if (!reason) return showRequest(req, res, identity, request, 'reasonRequired', 422);
      const typed = typeof body.amount === 'string' ? body.amount.trim() : '';
      const amountCents = typed === '' ? undefined : parseEuroCents(typed);
      if (typed !== '' && amountCents === undefined)
        return showRequest(req, res, identity, request, 'refundFailed', 422);
      try {
        await deployment.payments.refund(payment.id, { amountCents, reason, actor: tools.actor(identity) });
      } catch (error) {
        if (error instanceof SmartLoketError) {
          deployment.logger.warn('payments: refund from the back-office failed', {
            paymentId: payment.id,
            code: error.code,
          });
          return showRequest(req, res, identity, request, 'refundFailed', 422);
        }
        throw error;
      }
      res.redirect(303, `/backoffice/requests/${request.id}?done=1`);
    } catch (error) {
      next(error);
    }
  });

  // A payment received at the counter or by invoice (issue 21): audited by the payment service.
  router.post('/backoffice/requests/:id/payments/record', async (req, res, next) => {
    try {
      const identity = tools.staff(req, res, next, 'case_handler');
      if (!identity) return;
      const request = await visibleRequest(req, identity);
      if (!request) return next();
      const body = (req.body ?? {}) as Record<string, unknown>;
      const amountCents = parseEuroCents(typeof body.amount === 'string' ? body.amount.trim() : '');
      const method = typeof body.method === 'string' ? body.method.slice(0, 50) : '';
      const reference = typeof body.reference === 'string' ? body.reference : undefined;
      if (amountCents === undefined || amountCents <= 0 || !method)
        return showRequest(req, res, identity, request, 'recordFailed', 422);
      try {
        await deployment.payments.record(request.id, {
          amountCents,
          method,
          reference,
          actor: tools.actor(identity),
        });
      } catch (error) {
        if (error instanceof SmartLoketError) {
          deployment.logger.warn('payments: recording a counter payment failed', {
            requestId: request.id,
            code: error.code,
          });
          return showRequest(req, res, identity, request, 'recordFailed', 422);
        }
        throw error;
      }
      ctx.options.worker?.nudge();
      res.redirect(303, `/backoffice/requests/${request.id}?done=1`);
    } catch (error) {
      next(error);
    }
  });

  router.get('/backoffice/requests/:id/documents/:documentId', async (req, res, next) => {
    try {
      const identity = tools.staff(req, res, next, 'case_handler');
      if (!identity) return;
      const request = await visibleRequest(req, identity);
      if (!request) return next();
      const doc = await db.documents.get(String(req.params.documentId));
      if (!doc || doc.requestId !== request.id) return next();
      const bytes = await db.documents.readBytes(doc.id);
      if (!bytes) return next();
      await db.audit.append({
        category: 'staff_download',
        actor: tools.actor(identity),
        requestId: request.id,
        subjectId: request.subjectInsz ?? request.organisationKbo ?? null,
        data: { documentId: doc.id },
      });
      res.attachment(safeFileName(doc.fileName));
      res.type(doc.mediaType === 'application/pdf' ? 'application/pdf' : 'application/octet-stream');
      res.send(bytes);
    } catch (error) {
      next(error);
    }
  });

  mountUploadRoutes(router, ctx, tools, visibleRequest);

  router.post('/backoffice/requests/:id/act', async (req, res, next) => {
    try {
      const identity = tools.staff(req, res, next, 'case_handler');
      if (!identity) return;
      const request = await visibleRequest(req, identity);
      if (!request) return next();
      const body = (req.body ?? {}) as Record<string, unknown>;
      const action = String(body.action ?? '') as StaffAction;
      if (!STAFF_ACTIONS.includes(action)) return next();
      let reason = typeof body.reason === 'string' ? body.reason.trim().slice(0, 2000) : '';
      // A report answered with a standard answer left as picked: its text in the reporter's language.
      if (!reason && action === 'resolve' && typeof body.standardAnswer === 'string' && body.standardAnswer) {
        reason = (await standardAnswerText(ctx, request, body.standardAnswer.slice(0, 60))) ?? '';
      }
      const version = Number(body.version);
      // Photos on a report's answer (issue 25): checked and re-encoded before anything is stored.
      const photos = action === 'resolve' ? await readAnswerPhotos(ctx, request, req) : [];
      if (photos === 'refused') return showRequest(req, res, identity, request, 'photoRefused', 422);
      if ((action === 'refuse' || action === 'ask') && !reason) {
        return showRequest(req, res, identity, request, 'reasonRequired', 422);
      }
      const deadline = parseDay(typeof body.deadline === 'string' ? body.deadline : undefined);
      if (action === 'ask' && typeof body.deadline === 'string' && body.deadline.trim() && !deadline) {
        return showRequest(req, res, identity, request, 'invalidDate', 422);
      }
      const command: RequestCommand =
        action === 'refuse'
          ? { action, reason }
          : action === 'ask'
            ? { action, reason, deadline }
            : action === 'handle_outside' || action === 'resolve'
              ? { action, reason: reason || undefined }
              : action === 'approve'
                ? {
                    action,
                    decision: decisionFromBody(
                      deployment.kernel.requestType(request.typeId, request.typeVersion)?.definition.issue
                        ?.decision,
                      body,
                    ),
                  }
                : ({ action } as RequestCommand);
      try {
        await deployment.requests.act(
          request.id,
          command,
          tools.actor(identity),
          Number.isInteger(version) && version > 0 ? version : request.version,
        );
      } catch (error) {
        if (error instanceof ConflictError || error instanceof IllegalTransitionError) {
          const current = (await db.requests.get(request.id)) ?? request;
          return showRequest(req, res, identity, current, 'conflict', 409);
        }
        if (error instanceof ValidationError && command.action === 'approve') {
          const typed = typeof body.decision === 'object' && body.decision !== null ? body.decision : {};
          return showRequest(req, res, identity, request, 'decisionInvalid', 422, {
            typed: typed as Record<string, unknown>,
            issues: error.issues,
          });
        }
        throw error;
      }
      await storeAnswerPhotos(ctx, request.id, photos);
      if (action === 'approve' || action === 'retry') ctx.options.worker?.nudge();
      res.redirect(303, `/backoffice/requests/${request.id}?done=1`);
    } catch (error) {
      next(error);
    }
  });

  const noteRoute = (path: 'note' | 'assign' | 'message') =>
    router.post(`/backoffice/requests/:id/${path}`, async (req, res, next) => {
      try {
        const identity = tools.staff(req, res, next, 'case_handler');
        if (!identity) return;
        const request = await visibleRequest(req, identity);
        if (!request) return next();
        const body = (req.body ?? {}) as Record<string, unknown>;
        const text = typeof body.text === 'string' ? body.text.trim().slice(0, 4000) : '';
        const actor = tools.actor(identity);
        if (path === 'assign') {
          // A colleague picked by name from those who may handle this type, yourself, or nobody.
          const assignee = typeof body.assignee === 'string' ? body.assignee.trim().slice(0, 200) : '';
          let assigneeName: string | null = null;
          if (assignee === identity.subject) assigneeName = actor.name ?? null;
          else if (assignee) {
            const target = (await db.teams.assignableFor(request.typeId)).find((s) => s.subject === assignee);
            if (!target) return showRequest(req, res, identity, request, 'notAssignable', 422);
            assigneeName = target.name;
          }
          await deployment.requests.note(request.id, 'assign', actor, {
            assigneeId: assignee || null,
            assigneeName,
            previousAssigneeName: await staffName(request.assigneeId),
          });
        } else if (!text) {
          return showRequest(req, res, identity, request, 'reasonRequired', 422);
        } else if (path === 'note') {
          await deployment.requests.note(request.id, 'note', actor, { text });
        } else {
          if (request.kind !== 'report') return next();
          await deployment.requests.messageRequester(request.id, actor, text);
        }
        res.redirect(303, `/backoffice/requests/${request.id}?done=1`);
      } catch (error) {
        next(error);
      }
    });
  noteRoute('note');
  noteRoute('assign');
  noteRoute('message');

  // At the counter: a case handler files a request for a citizen whose identity card was checked.
  router.get('/backoffice/counter', async (req, res, next) => {
    try {
      const identity = tools.staff(req, res, next, 'case_handler');
      if (!identity) return;
      ctx.send(res, h(CounterPage, { ctx: tools.view(req, res), types: counterTypes(identity) }));
    } catch (error) {
      next(error);
    }
  });

  const counterTypes = (identity: Identity) =>
    deployment.kernel
      .requestTypes()
      .filter(
        (rt) =>
          rt.definition.kind === 'certificate' &&
          rt.definition.audience.includes('citizen') &&
          BackofficeRepository.inScope(scopesOf(identity), rt.definition.id),
      )
      .map((rt) => ({ id: rt.definition.id, title: rt.definition.title }));

  router.post('/backoffice/counter', async (req, res, next) => {
    try {
      const identity = tools.staff(req, res, next, 'case_handler');
      if (!identity) return;
      const body = (req.body ?? {}) as Record<string, unknown>;
      const typeId = String(body.type ?? '');
      const insz = String(body.insz ?? '').replace(/[\s.-]/g, '');
      const l = res.locals.locale;
      if (!counterTypes(identity).some((t) => t.id === typeId)) return next();
      if (!isValidInsz(insz) || body.identityChecked !== '1') {
        return ctx.send(
          res,
          h(CounterPage, {
            ctx: tools.view(req, res),
            types: counterTypes(identity),
            error: isValidInsz(insz) ? bt(l, 'identityChecked') : bt(l, 'invalidInsz'),
          }),
          422,
        );
      }
      const citizen: Identity = {
        subject: `counter:${normalizeInsz(insz)}`,
        issuer: 'counter',
        insz: normalizeInsz(insz),
        givenName: String(body.givenName ?? '').slice(0, 100) || undefined,
        familyName: String(body.familyName ?? '').slice(0, 100) || undefined,
        email: String(body.email ?? '').slice(0, 320) || undefined,
        means: 'counter',
        level: 'high',
        capacity: 'BUR',
        legalRepresentativeOf: [],
        roles: [],
        staffRoles: [],
      };
      const purpose = String(body.purpose ?? '').slice(0, 200);
      const result = await deployment.requests.submit({
        typeId,
        input: { forWhom: 'self', ...(purpose ? { purpose } : {}) },
        locale: l,
        identity: citizen,
        filedBy: tools.actor(identity),
        idempotencyKey: typeof body._key === 'string' ? body._key.slice(0, 100) : undefined,
      });
      ctx.options.worker?.nudge();
      res.redirect(303, `/backoffice/requests/${result.request.id}`);
    } catch (error) {
      next(error);
    }
  });

  mountBackofficeAdminRoutes(router, ctx, tools);
  mountBackofficeReportRoutes(router, ctx, tools);
  mountBackofficeFinanceRoutes(router, ctx, tools);
  mountBackofficeTeamRoutes(router, ctx, tools);
  mountBackofficeMeldingenRoutes(router, ctx, tools, {
    visibleRequest,
    showRequest: (req, res, identity, request, notice, status) =>
      showRequest(req, res, identity, request, notice, status),
  });
  mountDesignerRoutes(router, ctx, tools);

  // Anything else under /backoffice for a logged-in staff member: the back-office's own 404.
  router.use('/backoffice', (req, res, next) => {
    const identity = res.locals.session?.identity;
    if (!identity || identity.staffRoles.length === 0) return next();
    const l = res.locals.locale;
    ctx.send(
      res,
      h(BackofficeMessagePage, {
        ctx: tools.view(req, res),
        title: bt(l, 'notFound'),
        message: bt(l, 'notFoundText'),
      }),
      404,
    );
  });
}

/**
 * A day as the Belgian write it (`dd/mm/jjjj`, also with `-` or `.`) or as `YYYY-MM-DD` (a date
 * input), as the start of that day (UTC); undefined when it is not a real date.
 */
export function parseDay(value: string | undefined): Date | undefined {
  if (!value) return undefined;
  const v = value.trim();
  const be = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(v);
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(v);
  const [y, m, d] = be ? [be[3], be[2], be[1]] : iso ? [iso[1], iso[2], iso[3]] : [];
  if (!y || !m || !d) return undefined;
  const date = new Date(Date.UTC(Number(y), Number(m) - 1, Number(d)));
  return date.getUTCFullYear() === Number(y) &&
    date.getUTCMonth() === Number(m) - 1 &&
    date.getUTCDate() === Number(d)
    ? date
    : undefined;
}

/**
 * Whether a request may be approved together with others: the rules allowed it to be delivered
 * automatically, and it then failed at the authentic source and may be retried by staff. Anything
 * a clerk must judge (review by the rules, a staff approval, another state) is handled one by one.
 */
export function bulkApprovable(request: RequestRecord): boolean {
  return (
    request.state === 'failed' &&
    request.decision?.outcome === 'auto' &&
    availableActions(request.kind, request.state, 'staff').includes('retry')
  );
}
