import type { Actor } from '@smartloket/core';
import type { Request, Response, Router } from 'express';
import { h } from 'preact';
import { ApiClientInputError, createApiClient, revokeApiClient, rotateApiClient } from './api/clients.js';
import { bt } from './backoffice-messages.js';
import type { BackofficeTools } from './backoffice-routes.js';
import type { ServerContext } from './context.js';
import {
  ApiClientConfirmPage,
  ApiClientSecretPage,
  ApiClientsPage,
  type ApiTypeOption,
} from './views/backoffice/api-clients.js';

const ID = /^[0-9a-f-]{36}$/;

/** Checkbox values of a form field (one value arrives as a string). */
function many(value: unknown): string[] {
  return (Array.isArray(value) ? value : [value]).filter((v): v is string => typeof v === 'string');
}

/**
 * API connections (role `administrator`): list, create (the secret shown once, on the answer to
 * the POST, never in a URL or session), new secret, revoke. CSRF as every back-office form; the
 * repository audits every change with the staff member as actor (never the secret).
 */
export function mountBackofficeApiClientRoutes(
  router: Router,
  ctx: ServerContext,
  tools: BackofficeTools,
): void {
  const db = ctx.deployment.db;
  const tokenUrl = `${ctx.publicUrl}/api/v1/oauth/token`;
  const types = (): ApiTypeOption[] =>
    ctx.deployment.kernel.requestTypes().map((rt) => ({ id: rt.definition.id, title: rt.definition.title }));

  router.get('/backoffice/api-clients', async (req, res, next) => {
    try {
      if (!tools.staff(req, res, next, 'administrator')) return;
      const l = res.locals.locale;
      ctx.send(
        res,
        h(ApiClientsPage, {
          ctx: tools.view(req, res),
          clients: await db.apiClients.list(),
          types: types(),
          notice: req.query.revoked === '1' ? bt(l, 'apiRevoked') : undefined,
        }),
      );
    } catch (error) {
      next(error);
    }
  });

  router.post('/backoffice/api-clients', async (req, res, next) => {
    try {
      const identity = tools.staff(req, res, next, 'administrator');
      if (!identity) return;
      const body = (req.body ?? {}) as Record<string, unknown>;
      const known = new Set(types().map((t) => t.id));
      const input = {
        name: typeof body.name === 'string' ? body.name : '',
        scopes: many(body.scopes),
        requestTypes: many(body.types).filter((t) => known.has(t)),
      };
      try {
        const { client, secret } = await createApiClient(db, input, tools.actor(identity));
        ctx.send(
          res,
          h(ApiClientSecretPage, { ctx: tools.view(req, res), client, secret, rotated: false, tokenUrl }),
        );
      } catch (error) {
        if (!(error instanceof ApiClientInputError)) throw error;
        const l = res.locals.locale;
        ctx.send(
          res,
          h(ApiClientsPage, {
            ctx: tools.view(req, res),
            clients: await db.apiClients.list(),
            types: types(),
            error: bt(l, error.problem === 'name' ? 'apiNameRequired' : 'apiChooseScope'),
            values: { name: input.name, scopes: input.scopes, types: input.requestTypes },
          }),
          422,
        );
      }
    } catch (error) {
      next(error);
    }
  });

  // A new secret or a revocation cuts the other system off: ask first (GET), act on the POST.
  router.get('/backoffice/api-clients/:id/:action', async (req, res, next) => {
    try {
      if (!tools.staff(req, res, next, 'administrator')) return;
      const id = String(req.params.id);
      const action = String(req.params.action);
      if (!ID.test(id) || (action !== 'rotate' && action !== 'revoke')) return next();
      const client = await db.apiClients.get(id);
      if (!client || client.revokedAt) return next();
      ctx.send(res, h(ApiClientConfirmPage, { ctx: tools.view(req, res), client, action }));
    } catch (error) {
      next(error);
    }
  });

  /** A POST on one connection by an administrator; 404 when `act` finds no active connection. */
  const onClient = (
    action: 'rotate' | 'revoke',
    act: (req: Request, res: Response, id: string, actor: Actor) => Promise<boolean>,
  ) =>
    router.post(`/backoffice/api-clients/:id/${action}`, async (req, res, next) => {
      try {
        const identity = tools.staff(req, res, next, 'administrator');
        if (!identity) return;
        const id = String(req.params.id);
        if (!ID.test(id) || !(await act(req, res, id, tools.actor(identity)))) next();
      } catch (error) {
        next(error);
      }
    });

  onClient('rotate', async (req, res, id, actor) => {
    const rotated = await rotateApiClient(db, id, actor);
    if (!rotated) return false;
    const { client, secret } = rotated;
    ctx.send(
      res,
      h(ApiClientSecretPage, { ctx: tools.view(req, res), client, secret, rotated: true, tokenUrl }),
    );
    return true;
  });

  onClient('revoke', async (_req, res, id, actor) => {
    if (!(await revokeApiClient(db, id, actor))) return false;
    res.redirect(303, '/backoffice/api-clients?revoked=1');
    return true;
  });
}
