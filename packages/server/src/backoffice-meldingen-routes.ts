import {
  type Actor,
  type Identity,
  type Locale,
  localize,
  type RequestState,
  TERMINAL_STATES,
} from '@smartloket/core';
import {
  BackofficeRepository,
  matchesTypePatterns,
  type ReportCategoryInput,
  type ReportCategoryRecord,
  type RequestRecord,
  type TeamRecord,
} from '@smartloket/db';
import { leadTimeSetting } from '@smartloket/runtime';
import type { Request, Response, Router } from 'express';
import { h } from 'preact';
import { bt } from './backoffice-messages.js';
import type { BackofficeTools } from './backoffice-routes.js';
import type { ServerContext } from './context.js';
import { REPORT_ANSWER_JS, REPORTS_MAP_JS } from './report-map.js';
import {
  type CategoryFormValues,
  formValuesOf,
  MeldingenCategoriesPage,
} from './views/backoffice/meldingen-categories.js';
import {
  MeldingenReportsPage,
  type ReportPanelProps,
  type ReportRow,
} from './views/backoffice/meldingen-reports.js';

const CODE = /^[a-z0-9]+(-[a-z0-9]+)*$/;

/** Whether the deployment runs the meldingen plugin (the page exists only then). */
export function meldingenEnabled(ctx: ServerContext): boolean {
  return ctx.deployment.kernel.plugins().some((p) => p.id === 'meldingen' && p.enabled);
}

const text = (v: unknown, max: number) => (typeof v === 'string' ? v.trim().slice(0, max) : '');
const list = (v: unknown) => (Array.isArray(v) ? v : v === undefined ? [] : [v]).map((x) => text(x, 2000));

/** Reads the posted form back into form values (so a refused form shows what was typed). */
function posted(body: Record<string, unknown>): CategoryFormValues {
  const titles = list(body.answerTitle);
  const nl = list(body.answerNl);
  const fr = list(body.answerFr);
  const en = list(body.answerEn);
  const n = Math.min(Math.max(titles.length, nl.length, fr.length, en.length), 50);
  const answers = Array.from({ length: n }, (_, i) => ({
    title: (titles[i] ?? '').slice(0, 100),
    nl: nl[i] ?? '',
    fr: fr[i] ?? '',
    en: en[i] ?? '',
  })).filter((a) => a.title || a.nl || a.fr || a.en);
  return {
    id: text(body.id, 60),
    parentId: text(body.parentId, 60),
    nameNl: text(body.nameNl, 200),
    nameFr: text(body.nameFr, 200),
    nameEn: text(body.nameEn, 200),
    teamId: text(body.teamId, 60),
    handlingDays: text(body.handlingDays, 10),
    anonymousAllowed: body.anonymousAllowed === 'on',
    active: body.active === 'on',
    answers,
  };
}

/** Answer ids: from the title, unique within the category. */
function answerId(title: string, taken: Set<string>): string {
  const base =
    title
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 40) || 'antwoord';
  let id = base;
  for (let i = 2; taken.has(id); i++) id = `${base}-${i}`;
  taken.add(id);
  return id;
}

/**
 * Checks the posted category against the stored ones and the teams. Returns the message key of
 * the first problem, or the category to store.
 */
function check(
  v: CategoryFormValues,
  editing: boolean,
  categories: ReportCategoryRecord[],
  teamIds: Set<string>,
): { error: string } | { input: ReportCategoryInput } {
  if (!CODE.test(v.id) || v.id.length > 50) return { error: 'categoryError.code' };
  const existing = categories.find((c) => c.id === v.id);
  if (!editing && existing) return { error: 'categoryError.duplicate' };
  if (![v.nameNl, v.nameFr, v.nameEn].every((n) => n.length >= 1 && n.length <= 100)) {
    return { error: 'categoryError.name' };
  }
  if (v.parentId) {
    const parent = categories.find((c) => c.id === v.parentId);
    if (!parent || parent.parentId !== null || v.parentId === v.id) return { error: 'categoryError.parent' };
    if (categories.some((c) => c.parentId === v.id)) return { error: 'categoryError.hasSubs' };
  }
  if (v.teamId && !teamIds.has(v.teamId)) return { error: 'categoryError.team' };
  let handlingDays: number | null = null;
  if (v.handlingDays) {
    if (!/^\d{1,3}$/.test(v.handlingDays)) return { error: 'categoryError.days' };
    handlingDays = Number(v.handlingDays);
    if (handlingDays < 1 || handlingDays > 365) return { error: 'categoryError.days' };
  }
  if (v.answers.some((a) => !a.title || !a.nl || !a.fr || !a.en)) return { error: 'categoryError.answer' };
  const taken = new Set<string>();
  return {
    input: {
      id: v.id,
      parentId: v.parentId || null,
      name: { nl: v.nameNl, fr: v.nameFr, en: v.nameEn },
      teamId: v.teamId || null,
      handlingDays,
      anonymousAllowed: v.anonymousAllowed,
      active: v.active,
      standardAnswers: v.answers.map((a) => ({
        id: answerId(a.title, taken),
        title: a.title,
        text: { nl: a.nl, fr: a.fr, en: a.en },
      })),
    },
  };
}

/**
 * Report categories (role `administrator`, decision 1500): main categories and sub-categories
 * with names nl/fr/en, team, handling time, anonymous reports allowed, standard answers. Only
 * when the meldingen plugin is enabled; changes are audited by the repository.
 */
export function mountBackofficeMeldingenRoutes(
  router: Router,
  ctx: ServerContext,
  tools: BackofficeTools,
  helpers: MeldingenRouteHelpers,
): void {
  const db = ctx.deployment.db;
  mountReportRoutes(router, ctx, tools, helpers);

  /**
   * What a main category means for its report type `meldingen.<id>` (when the plugin registered
   * it): its team handles the type (the team's request types, so the inbox's team view and counts
   * follow), and its handling time is the type's lead time (the due dates). Both are the same
   * settings as on the Teams and Modules pages, changed (and audited) only when they differ.
   */
  const applyMainCategory = async (c: ReportCategoryInput, actor: Actor) => {
    const typeId = `meldingen.${c.id}`;
    if (c.parentId !== null || !ctx.deployment.kernel.requestType(typeId)) return;
    for (const team of await db.teams.teams()) {
      const has = team.typePatterns.includes(typeId);
      const wanted = team.id === c.teamId;
      if (has === wanted) continue;
      const typePatterns = wanted
        ? [...team.typePatterns, typeId]
        : team.typePatterns.filter((p) => p !== typeId);
      await db.teams.saveTeam({ name: team.name, typePatterns, members: team.members }, actor, team.id);
    }
    const key = leadTimeSetting(typeId);
    const stored = await db.settings.get(key);
    if (c.handlingDays === null) {
      if (stored !== undefined) await db.settings.delete(key, actor);
    } else if (stored !== c.handlingDays) {
      await db.settings.set(key, c.handlingDays, actor);
    }
  };

  const show = async (
    req: Request,
    res: Response,
    form: { values: CategoryFormValues; editing: boolean },
    error?: string,
  ) => {
    const [categories, teams] = await Promise.all([db.meldingen.categories(), db.teams.teams()]);
    ctx.send(
      res,
      h(MeldingenCategoriesPage, {
        ctx: tools.view(req, res),
        categories,
        teams,
        values: form.values,
        editing: form.editing,
        error: error ? bt(res.locals.locale, error) : undefined,
      }),
      error ? 422 : 200,
    );
  };

  router.get('/backoffice/meldingen/categories', async (req, res, next) => {
    try {
      if (!meldingenEnabled(ctx)) return next();
      if (!tools.staff(req, res, next, 'administrator')) return;
      const edit = typeof req.query.edit === 'string' ? req.query.edit : undefined;
      const category = edit ? (await db.meldingen.categories()).find((c) => c.id === edit) : undefined;
      await show(req, res, { values: formValuesOf(category), editing: category !== undefined });
    } catch (error) {
      next(error);
    }
  });

  router.post('/backoffice/meldingen/categories', async (req, res, next) => {
    try {
      if (!meldingenEnabled(ctx)) return next();
      const identity = tools.staff(req, res, next, 'administrator');
      if (!identity) return;
      const body = (req.body ?? {}) as Record<string, unknown>;
      const editing = body.editing === '1';
      const values = posted(body);
      const [categories, teams] = await Promise.all([db.meldingen.categories(), db.teams.teams()]);
      if (editing && !categories.some((c) => c.id === values.id)) return next();
      const result = check(values, editing, categories, new Set(teams.map((t) => t.id)));
      if ('error' in result) return show(req, res, { values, editing }, result.error);
      const actor = tools.actor(identity);
      await db.meldingen.saveCategory(result.input, actor);
      await applyMainCategory(result.input, actor);
      res.redirect(303, '/backoffice/meldingen/categories');
    } catch (error) {
      next(error);
    }
  });

  router.post('/backoffice/meldingen/categories/:id/delete', async (req, res, next) => {
    try {
      if (!meldingenEnabled(ctx)) return next();
      const identity = tools.staff(req, res, next, 'administrator');
      if (!identity) return;
      const id = String(req.params.id);
      if (!CODE.test(id) || !(await db.meldingen.removeCategory(id, tools.actor(identity)))) return next();
      res.redirect(303, '/backoffice/meldingen/categories');
    } catch (error) {
      next(error);
    }
  });
}

/** What the report routes need from the back-office's request routes. */
export interface MeldingenRouteHelpers {
  /** The request when this staff member may handle its type (else undefined: 404). */
  visibleRequest(req: Request, identity: Identity): Promise<RequestRecord | undefined>;
  /** Shows the request page again with a notice (a refused merge). */
  showRequest(
    req: Request,
    res: Response,
    identity: Identity,
    request: RequestRecord,
    notice: 'mergeFailed',
    status: number,
  ): Promise<void>;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const REFERENCE = /^[A-Z]{2,5}-\d{4}-\d{4,9}$/;

/** States a report can be in (the filter's choices). */
export const REPORT_STATES: RequestState[] = [
  'submitted',
  'in_progress',
  'waiting_requester',
  'resolved',
  'refused',
  'handled_outside',
  'cancelled',
];

/** Open reports of the same category within this distance are offered to merge into (Lambert 72 metres). */
const MERGE_RADIUS_METRES = 150;

const nameIn = (l: Locale, n: { nl: string; fr: string; en: string }) => localize(n, l);

/** The team that handles a report: its category's (stored when it was filed), else the team of its type. */
function teamOf(
  teams: TeamRecord[],
  place: { teamId: string | null },
  typeId: string,
): TeamRecord | undefined {
  if (place.teamId) {
    const own = teams.find((t) => t.id === place.teamId);
    if (own) return own;
  }
  return teams.find((t) => matchesTypePatterns(t.typePatterns, typeId));
}

/** Whether the request is a report of the meldingen plugin. */
export function isMelding(ctx: ServerContext, request: { typeId: string }): boolean {
  return request.typeId.startsWith('meldingen.') && meldingenEnabled(ctx);
}

/** The standard answers of a report's category: the sub-category's first, then the main category's. */
function answersOf(categories: ReportCategoryRecord[], categoryId: string, subCategoryId: string | null) {
  const sub = subCategoryId
    ? categories.find((c) => c.id === subCategoryId && c.parentId === categoryId)
    : undefined;
  const main = categories.find((c) => c.id === categoryId && c.parentId === null);
  return [...(sub?.active ? sub.standardAnswers : []), ...(main?.active ? main.standardAnswers : [])];
}

/** The text of a standard answer in the reporter's language, or undefined when the category has no such answer. */
export async function standardAnswerText(
  ctx: ServerContext,
  request: RequestRecord,
  answerId: string,
): Promise<string | undefined> {
  if (!isMelding(ctx, request)) return undefined;
  const place = await ctx.deployment.db.meldingen.place(request.id);
  if (!place) return undefined;
  const answer = answersOf(
    await ctx.deployment.db.meldingen.categories(),
    place.categoryId,
    place.subCategoryId,
  ).find((a) => a.id === answerId);
  return answer ? localize(answer.text, request.locale) : undefined;
}

/** What the request page shows of a report (undefined for other requests or a report without a place). */
export async function reportPanel(
  ctx: ServerContext,
  request: RequestRecord,
  locale: Locale,
): Promise<ReportPanelProps | undefined> {
  if (!isMelding(ctx, request)) return undefined;
  const db = ctx.deployment.db;
  const place = await db.meldingen.place(request.id);
  if (!place) return undefined;
  const [categories, teams, photos, followers, merged, around] = await Promise.all([
    db.meldingen.categories(),
    db.teams.teams(),
    db.meldingen.photos(request.id),
    db.meldingen.followers(request.id),
    db.meldingen.list({ withoutMerged: false, mergedInto: request.id, limit: 100 }),
    db.meldingen.list({
      categoryId: place.categoryId,
      openOnly: true,
      box: {
        minX: place.x - MERGE_RADIUS_METRES,
        maxX: place.x + MERGE_RADIUS_METRES,
        minY: place.y - MERGE_RADIUS_METRES,
        maxY: place.y + MERGE_RADIUS_METRES,
      },
      limit: 50,
    }),
  ]);
  const category = categories.find((c) => c.id === place.categoryId);
  const sub = place.subCategoryId ? categories.find((c) => c.id === place.subCategoryId) : undefined;
  const typeTitle = ctx.deployment.kernel.requestType(request.typeId)?.definition.title;
  const into = place.mergedInto ? await db.requests.get(place.mergedInto) : undefined;
  return {
    category: category
      ? nameIn(locale, category.name)
      : typeTitle
        ? localize(typeTitle, locale)
        : place.categoryId,
    subCategory: sub ? nameIn(locale, sub.name) : null,
    address: place.address,
    lat: place.lat,
    lon: place.lon,
    x: place.x,
    y: place.y,
    team: teamOf(teams, place, request.typeId)?.name ?? null,
    photos: photos.map((p) => ({ id: p.id, width: p.width, height: p.height, answer: p.eventId !== null })),
    answers: answersOf(categories, place.categoryId, place.subCategoryId).map((a) => ({
      id: a.id,
      title: a.title,
      text: localize(a.text, request.locale),
    })),
    mergedInto: into?.reference ?? null,
    merged: merged.map((m) => m.reference),
    followers: followers.length,
    nearby: around
      .filter((r) => r.requestId !== request.id && r.typeId === request.typeId)
      .map((r) => ({
        reference: r.reference,
        address: r.address,
        metres: Math.round(Math.hypot(r.x - place.x, r.y - place.y)),
      }))
      .filter((r) => r.metres <= MERGE_RADIUS_METRES)
      .sort((a, b) => a.metres - b.metres)
      .slice(0, 10),
  };
}

/** The key a follower is known by: the identity subject, or `email:<sha256>` without login. */
async function followerKeyOf(request: RequestRecord): Promise<string> {
  if (request.requester.kind !== 'anonymous') return request.requester.id;
  const bytes = new TextEncoder().encode((request.requester.email ?? '').trim().toLowerCase());
  const digest = Buffer.from(await crypto.subtle.digest('SHA-256', bytes)).toString('hex');
  return `email:${digest}`;
}

/**
 * The reports' map and list, the photos of a report, and merging (issue 25). Case handlers see
 * the reports of the types they may handle; a photo is only served for a visible report, and
 * opening one is audited (`staff_download`).
 */
function mountReportRoutes(
  router: Router,
  ctx: ServerContext,
  tools: BackofficeTools,
  helpers: MeldingenRouteHelpers,
): void {
  const db = ctx.deployment.db;

  router.get('/backoffice/assets/report-map.js', (_req, res) => {
    res.type('text/javascript').set('Cache-Control', 'public, max-age=3600').send(REPORTS_MAP_JS);
  });
  router.get('/backoffice/assets/report-answer.js', (_req, res) => {
    res.type('text/javascript').set('Cache-Control', 'public, max-age=3600').send(REPORT_ANSWER_JS);
  });

  router.get('/backoffice/meldingen', async (req, res, next) => {
    try {
      if (!meldingenEnabled(ctx)) return next();
      const identity = tools.staff(req, res, next, 'case_handler');
      if (!identity) return;
      const l: Locale = res.locals.locale;
      const q = (k: string) =>
        typeof req.query[k] === 'string' ? String(req.query[k]).trim().slice(0, 100) : '';
      const [categories, teams] = await Promise.all([db.meldingen.categories(), db.teams.teams()]);
      const category = categories.some((c) => c.id === q('category')) ? q('category') : '';
      const team = teams.some((t) => t.id === q('team')) ? q('team') : '';
      const state =
        q('state') === 'all' || REPORT_STATES.includes(q('state') as RequestState) ? q('state') : '';
      const box = q('area')
        .split(',')
        .map((v) => (/^-?\d{1,3}(\.\d{1,8})?$/.test(v) ? Number(v) : Number.NaN));
      const area =
        box.length === 4 && box.every(Number.isFinite) ? box.map((n) => n.toFixed(6)).join(',') : '';
      const chosen = categories.find((c) => c.id === category);
      const items = await db.meldingen.list({
        categoryId: chosen ? (chosen.parentId ?? chosen.id) : undefined,
        states: state && state !== 'all' ? [state] : undefined,
        openOnly: state === '',
        limit: 2000,
      });
      const [s, w, n, e] = box;
      const scopes = identity.staffScopes ?? [];
      const visible = items.filter(
        (r) =>
          BackofficeRepository.inScope(scopes, r.typeId) &&
          (!chosen?.parentId || r.subCategoryId === chosen.id) &&
          (!team || teamOf(teams, r, r.typeId)?.id === team) &&
          (!area || (r.lat >= s! && r.lat <= n! && r.lon >= w! && r.lon <= e!)),
      );
      const shown = visible.slice(0, 500);
      const byId = new Map(categories.map((c) => [c.id, c]));
      const rows: ReportRow[] = shown.map((r) => ({
        id: r.requestId,
        reference: r.reference,
        category: byId.get(r.categoryId)
          ? nameIn(l, byId.get(r.categoryId)!.name)
          : localize(tools.titleOf(r.typeId), l),
        subCategory:
          r.subCategoryId && byId.get(r.subCategoryId) ? nameIn(l, byId.get(r.subCategoryId)!.name) : null,
        address: r.address,
        state: r.state as RequestState,
        team: teamOf(teams, r, r.typeId)?.name ?? null,
        dueAt: TERMINAL_STATES.includes(r.state as RequestState) ? null : r.dueAt,
        createdAt: r.createdAt,
        lat: r.lat,
        lon: r.lon,
      }));
      ctx.send(
        res,
        h(MeldingenReportsPage, {
          ctx: tools.view(req, res),
          rows,
          categories,
          teams: teams.map((t) => ({ id: t.id, name: t.name })),
          states: REPORT_STATES,
          filter: { category, team, state, area },
          map: ctx.reportMap,
          truncated: visible.length > shown.length,
        }),
      );
    } catch (error) {
      next(error);
    }
  });

  for (const which of ['photo', 'thumbnail'] as const) {
    const path = which === 'photo' ? '' : '/thumbnail';
    router.get(`/backoffice/requests/:id/photos/:photoId${path}`, async (req, res, next) => {
      try {
        if (!meldingenEnabled(ctx)) return next();
        const identity = tools.staff(req, res, next, 'case_handler');
        if (!identity) return;
        const request = await helpers.visibleRequest(req, identity);
        const photoId = String(req.params.photoId);
        if (!request || !UUID.test(photoId)) return next();
        const photo = await db.meldingen.photoBytes(request.id, photoId, which);
        if (!photo) return next();
        if (which === 'photo') {
          await db.audit.append({
            category: 'staff_download',
            actor: tools.actor(identity),
            requestId: request.id,
            subjectId: request.subjectInsz ?? request.organisationKbo ?? null,
            data: { photoId },
          });
        }
        res.set('Cache-Control', 'private, no-store');
        res.type(photo.mediaType === 'image/jpeg' ? 'image/jpeg' : 'application/octet-stream');
        res.send(photo.bytes);
      } catch (error) {
        next(error);
      }
    });
  }

  // Merge a duplicate into another report of the same type: the duplicate's reporter (and its
  // followers) follow the other report, the reporter is told in their language, the duplicate
  // is closed (resolved, no status mail); audited.
  router.post('/backoffice/requests/:id/merge', async (req, res, next) => {
    try {
      if (!meldingenEnabled(ctx)) return next();
      const identity = tools.staff(req, res, next, 'case_handler');
      if (!identity) return;
      const request = await helpers.visibleRequest(req, identity);
      if (!request || !isMelding(ctx, request)) return next();
      const body = (req.body ?? {}) as Record<string, unknown>;
      const typed = typeof body.into === 'string' ? body.into.trim().toUpperCase().slice(0, 30) : '';
      const target = REFERENCE.test(typed) ? await db.requests.getByReference(typed) : undefined;
      const scopes = identity.staffScopes ?? [];
      const actor = tools.actor(identity);
      const ok =
        target !== undefined &&
        target.id !== request.id &&
        target.typeId === request.typeId &&
        BackofficeRepository.inScope(scopes, target.typeId) &&
        (await db.meldingen.merge(request.id, target.id, actor));
      if (!ok || !target) return helpers.showRequest(req, res, identity, request, 'mergeFailed', 422);
      if (request.requester.email) {
        await db.meldingen.follow({
          requestId: target.id,
          followerKey: await followerKeyOf(request),
          email: request.requester.email,
          locale: request.locale,
        });
      }
      for (const f of await db.meldingen.followers(request.id)) {
        await db.meldingen.follow({
          requestId: target.id,
          followerKey: f.followerKey,
          email: f.email,
          locale: f.locale,
        });
      }
      await ctx.deployment.requests.messageRequester(
        request.id,
        actor,
        bt(request.locale, 'mergedMessage', { reference: request.reference, into: target.reference }),
      );
      // Closed as merged, without a second mail: it leaves the inbox counts (decision 1502).
      await ctx.deployment.requests.closeMerged(
        request.id,
        target.reference,
        actor,
        bt(request.locale, 'mergedReason', { into: target.reference }),
      );
      res.redirect(303, `/backoffice/requests/${request.id}?done=1`);
    } catch (error) {
      next(error);
    }
  });
}
