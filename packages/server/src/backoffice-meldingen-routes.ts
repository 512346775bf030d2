import type { Actor } from '@smartloket/core';
import type { ReportCategoryInput, ReportCategoryRecord } from '@smartloket/db';
import { leadTimeSetting } from '@smartloket/runtime';
import type { Request, Response, Router } from 'express';
import { h } from 'preact';
import { bt } from './backoffice-messages.js';
import type { BackofficeTools } from './backoffice-routes.js';
import type { ServerContext } from './context.js';
import {
  type CategoryFormValues,
  formValuesOf,
  MeldingenCategoriesPage,
} from './views/backoffice/meldingen-categories.js';

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
): void {
  const db = ctx.deployment.db;

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
