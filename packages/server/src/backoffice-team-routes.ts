import type { Router } from 'express';
import { h } from 'preact';
import { bt } from './backoffice-messages.js';
import type { BackofficeTools } from './backoffice-routes.js';
import type { ServerContext } from './context.js';
import { TeamsPage } from './views/backoffice/teams.js';

const UUID = /^[0-9a-f-]{36}$/i;

/**
 * Teams (role `administrator`, decision 0903): each team's name, request types (ids or a whole
 * family) and members, picked from the staff directory. Saved and removed teams are audited by
 * the repository (`team_saved`, `team_removed`).
 */
export function mountBackofficeTeamRoutes(router: Router, ctx: ServerContext, tools: BackofficeTools): void {
  const db = ctx.deployment.db;
  const types = () =>
    ctx.deployment.kernel.requestTypes().map((rt) => ({ id: rt.definition.id, title: rt.definition.title }));

  const show = async (
    req: Parameters<BackofficeTools['view']>[0],
    res: Parameters<BackofficeTools['view']>[1],
    error?: string,
  ) => {
    const [teams, staff] = await Promise.all([db.teams.teams(), db.teams.staff()]);
    ctx.send(
      res,
      h(TeamsPage, { ctx: tools.view(req, res), teams, types: types(), staff, error }),
      error ? 422 : 200,
    );
  };

  router.get('/backoffice/teams', async (req, res, next) => {
    try {
      if (!tools.staff(req, res, next, 'administrator')) return;
      await show(req, res);
    } catch (error) {
      next(error);
    }
  });

  router.post(['/backoffice/teams', '/backoffice/teams/:id'], async (req, res, next) => {
    try {
      const identity = tools.staff(req, res, next, 'administrator');
      if (!identity) return;
      const id = req.params.id === undefined ? undefined : String(req.params.id);
      if (id !== undefined && !UUID.test(id)) return next();
      const body = (req.body ?? {}) as Record<string, unknown>;
      const list = (v: unknown) => (Array.isArray(v) ? v : v === undefined ? [] : [v]).map(String);
      const name = String(body.name ?? '').trim();
      if (!name) return show(req, res, bt(res.locals.locale, 'teamNameRequired'));
      // Only types and families this deployment knows, and staff from the directory.
      const known = new Set(types().flatMap((t) => [t.id, `${t.id.split('.')[0]}.*`]));
      const staff = new Set((await db.teams.staff()).map((s) => s.subject));
      if (id && !(await db.teams.teams()).some((t) => t.id === id)) return next();
      await db.teams.saveTeam(
        {
          name,
          typePatterns: list(body.types).filter((t) => known.has(t)),
          members: list(body.members).filter((m) => staff.has(m)),
        },
        tools.actor(identity),
        id,
      );
      res.redirect(303, '/backoffice/teams');
    } catch (error) {
      next(error);
    }
  });

  router.post('/backoffice/teams/:id/delete', async (req, res, next) => {
    try {
      const identity = tools.staff(req, res, next, 'administrator');
      if (!identity) return;
      const id = String(req.params.id);
      if (!UUID.test(id) || !(await db.teams.removeTeam(id, tools.actor(identity)))) return next();
      res.redirect(303, '/backoffice/teams');
    } catch (error) {
      next(error);
    }
  });
}
