import { brusselsDay, isValidKbo, localize, NotFoundError, normalizeKbo } from '@smartloket/core';
import {
  answerDaysSetting,
  CLOSING_DAYS_SETTING,
  DEFAULT_ANSWER_DAYS,
  documentMonthsFor,
  feeScheduleSetting,
  leadTimeSetting,
  onNoAnswerSetting,
  parseClosingDays,
  parseFeeSchedule,
} from '@smartloket/runtime';
import type { Router } from 'express';
import { h } from 'preact';
import { mountBackofficeApiClientRoutes } from './backoffice-api-client-routes.js';
import { bt } from './backoffice-messages.js';
import type { BackofficeTools } from './backoffice-routes.js';
import { parseDay } from './backoffice-routes.js';
import type { ServerContext } from './context.js';
import { SAFE_FONT, SAFE_URL } from './municipality-settings.js';
import {
  GrantsPage,
  JobsPage,
  ModulesPage,
  type ModuleView,
  MUNICIPALITY_FIELDS,
  SettingsPage,
  type TypeDeadlinesView,
  type TypeFeeView,
} from './views/backoffice/admin.js';

/** An amount in euro as a clerk types it (`7,50`, `7.5`, `€ 12`, `0`) in cents, or undefined. */
export function parseEuroCents(value: string): number | undefined {
  const m = /^(?:€\s*)?(\d{1,6})(?:[,.](\d{1,2}))?(?:\s*€)?$/.exec(value.trim());
  if (!m) return undefined;
  return Number(m[1]) * 100 + Number((m[2] ?? '0').padEnd(2, '0'));
}

/**
 * Administration (role `administrator`): modules and request-type switches, organisation grants,
 * API connections, municipality settings, dead-lettered jobs. Every change is audited by the db repositories
 * (settings_changed, grant_added, grant_revoked).
 */
export function mountBackofficeAdminRoutes(router: Router, ctx: ServerContext, tools: BackofficeTools): void {
  const { deployment } = ctx;
  const db = deployment.db;
  mountBackofficeApiClientRoutes(router, ctx, tools);

  /** A stored whole number of working days, or undefined (then the plugin's default applies). */
  const storedDays = async (key: string): Promise<number | undefined> => {
    const v = await db.settings.get(key);
    return typeof v === 'number' && Number.isInteger(v) ? v : undefined;
  };
  const typeDeadlines = async (id: string): Promise<TypeDeadlinesView> => {
    const def = deployment.kernel.requestType(id)?.definition;
    const onNoAnswer = await db.settings.get(onNoAnswerSetting(id));
    return {
      leadTimeDays: await storedDays(leadTimeSetting(id)),
      defaultLeadTimeDays: def?.leadTimeDays,
      answerDays: await storedDays(answerDaysSetting(id)),
      defaultAnswerDays: def?.information?.answerDays ?? DEFAULT_ANSWER_DAYS,
      onNoAnswer: onNoAnswer === 'return' || onNoAnswer === 'close' ? onNoAnswer : undefined,
      defaultOnNoAnswer: def?.information?.onNoAnswer ?? 'return',
    };
  };

  const typeFee = async (id: string): Promise<TypeFeeView> => {
    const policy = deployment.fees.policy(id);
    return {
      defaultCents: policy.amountCents,
      inForceCents: await deployment.fees.amountAt(id, deployment.clock.now()),
      payment: policy.payment,
      schedule: parseFeeSchedule(await db.settings.get(feeScheduleSetting(id))),
    };
  };

  const modules = async (): Promise<ModuleView[]> => {
    const out: ModuleView[] = [];
    for (const p of deployment.kernel.plugins()) {
      const types: ModuleView['types'] = [];
      for (const id of p.requestTypeIds) {
        const def = deployment.kernel.requestType(id)?.definition;
        if (!def) continue;
        const [enabled, auto, months, withoutLogin] = await Promise.all([
          db.settings.get(`requestType.${id}.enabled`),
          db.settings.get(`requestType.${id}.autoDelivery`),
          documentMonthsFor(db, def, deployment.config.retention.documentMonths),
          db.settings.get(`requestType.${id}.withoutLogin`),
        ]);
        types.push({
          id,
          title: def.title,
          kind: def.kind,
          enabled: enabled !== false,
          autoDelivery: auto !== false,
          documentMonths: months,
          withoutLogin:
            def.withoutLogin.default === 'forbidden'
              ? 'forbidden'
              : (typeof withoutLogin === 'boolean' ? withoutLogin : def.withoutLogin.default === 'on')
                ? 'on'
                : 'off',
          deadlines: await typeDeadlines(id),
          fee: await typeFee(id),
        });
      }
      out.push({
        id: p.id,
        packageName: p.packageName,
        version: p.version,
        enabled: p.enabled,
        sources: p.sources as ModuleView['sources'],
        types,
      });
    }
    return out;
  };

  router.get('/backoffice/modules', async (req, res, next) => {
    try {
      if (!tools.staff(req, res, next, 'administrator')) return;
      ctx.send(
        res,
        h(ModulesPage, {
          ctx: tools.view(req, res),
          modules: await modules(),
          saved: req.query.saved === '1',
        }),
      );
    } catch (error) {
      next(error);
    }
  });

  router.post('/backoffice/modules/:typeId', async (req, res, next) => {
    try {
      const identity = tools.staff(req, res, next, 'administrator');
      if (!identity) return;
      const typeId = String(req.params.typeId);
      const def = deployment.kernel.requestType(typeId)?.definition;
      if (!def) return next();
      const body = (req.body ?? {}) as Record<string, unknown>;
      const actor = tools.actor(identity);
      // Deadlines (decision 0902): validated before anything is stored; empty means the plugin's.
      const dayFields = [
        ['leadTimeDays', leadTimeSetting(typeId), 0],
        ['answerDays', answerDaysSetting(typeId), 1],
      ] as const;
      const wantedDays = new Map<string, number | undefined>();
      for (const [field, key, min] of dayFields) {
        if (body[field] === undefined) continue;
        const raw = String(body[field]).trim();
        const n = Number(raw);
        if (raw !== '' && !(/^\d{1,4}$/.test(raw) && n >= min && n <= 3650)) {
          return ctx.send(
            res,
            h(ModulesPage, {
              ctx: tools.view(req, res),
              modules: await modules(),
              error: `${bt(res.locals.locale, 'invalidWorkingDays')}: ${bt(res.locals.locale, field)}`,
            }),
            422,
          );
        }
        wantedDays.set(key, raw === '' ? undefined : n);
      }
      // A new fee from a day on (issue 21): both fields or neither; validated before anything is stored.
      const feeAmount = String(body.feeAmount ?? '').trim();
      const feeFrom = String(body.feeFrom ?? '').trim();
      let newFee: { from: string; amountCents: number } | undefined;
      if (feeAmount !== '' || feeFrom !== '') {
        const cents = parseEuroCents(feeAmount);
        const day = parseDay(feeFrom);
        const iso = day?.toISOString().slice(0, 10);
        const error =
          cents === undefined
            ? 'invalidFeeAmount'
            : !iso || iso < brusselsDay(deployment.clock.now())
              ? 'invalidFeeDay'
              : undefined;
        if (error || cents === undefined || !iso) {
          return ctx.send(
            res,
            h(ModulesPage, {
              ctx: tools.view(req, res),
              modules: await modules(),
              error: `${localize(def.title, res.locals.locale)}: ${bt(res.locals.locale, error ?? 'invalidFeeDay')}`,
            }),
            422,
          );
        }
        newFee = { from: iso, amountCents: cents };
      }
      if (newFee) {
        const schedule = parseFeeSchedule(await db.settings.get(feeScheduleSetting(typeId)));
        const next = [...schedule.filter((e) => e.from !== newFee.from), newFee];
        await db.settings.set(feeScheduleSetting(typeId), parseFeeSchedule(next), actor);
      }
      for (const [key, wanted] of wantedDays) {
        const current = await storedDays(key);
        if (current === wanted) continue;
        if (wanted === undefined) await db.settings.delete(key, actor);
        else await db.settings.set(key, wanted, actor);
      }
      if (body.onNoAnswer !== undefined) {
        const wanted =
          body.onNoAnswer === 'return' || body.onNoAnswer === 'close' ? body.onNoAnswer : undefined;
        const current = await db.settings.get(onNoAnswerSetting(typeId));
        if (current !== wanted) {
          if (wanted === undefined) await db.settings.delete(onNoAnswerSetting(typeId), actor);
          else await db.settings.set(onNoAnswerSetting(typeId), wanted, actor);
        }
      }
      const enabled = body.enabled === '1';
      if (((await db.settings.get(`requestType.${typeId}.enabled`)) !== false) !== enabled)
        await db.settings.set(`requestType.${typeId}.enabled`, enabled, actor);
      if (def.kind === 'certificate') {
        const auto = body.autoDelivery === '1';
        if (((await db.settings.get(`requestType.${typeId}.autoDelivery`)) !== false) !== auto)
          await db.settings.set(`requestType.${typeId}.autoDelivery`, auto, actor);
        // Requests without login (decision 1401): never where the plugin forbids it.
        if (def.withoutLogin.default !== 'forbidden') {
          const wanted = body.withoutLogin === '1';
          const stored = await db.settings.get(`requestType.${typeId}.withoutLogin`);
          const current = typeof stored === 'boolean' ? stored : def.withoutLogin.default === 'on';
          if (current !== wanted || typeof stored !== 'boolean')
            await db.settings.set(`requestType.${typeId}.withoutLogin`, wanted, actor);
        }
        const months = Number(body.documentMonths);
        if (Number.isInteger(months) && months >= 1 && months <= 120) {
          const current = await db.settings.get(`requestType.${typeId}.documentMonths`);
          if (current !== months)
            await db.settings.set(`requestType.${typeId}.documentMonths`, months, actor);
        }
      }
      res.redirect(303, '/backoffice/modules?saved=1');
    } catch (error) {
      next(error);
    }
  });

  const grantTypes = () =>
    deployment.kernel
      .requestTypes()
      .filter((rt) => rt.definition.audience.includes('organisation'))
      .map((rt) => ({ id: rt.definition.id, title: rt.definition.title }));

  router.get('/backoffice/grants', async (req, res, next) => {
    try {
      if (!tools.staff(req, res, next, 'administrator')) return;
      ctx.send(
        res,
        h(GrantsPage, {
          ctx: tools.view(req, res),
          grants: await db.grants.list(),
          types: grantTypes(),
          now: deployment.clock.now(),
        }),
      );
    } catch (error) {
      next(error);
    }
  });

  router.post('/backoffice/grants', async (req, res, next) => {
    try {
      const identity = tools.staff(req, res, next, 'administrator');
      if (!identity) return;
      const l = res.locals.locale;
      const body = (req.body ?? {}) as Record<string, unknown>;
      const kbo = String(body.kbo ?? '').replace(/[\s.]/g, '');
      const known = new Set(grantTypes().map((t) => t.id));
      const types = (Array.isArray(body.types) ? body.types : [body.types])
        .filter((t): t is string => typeof t === 'string')
        .filter((t) => known.has(t));
      const error = !isValidKbo(kbo)
        ? bt(l, 'invalidKbo')
        : types.length === 0
          ? bt(l, 'chooseType')
          : undefined;
      if (error) {
        return ctx.send(
          res,
          h(GrantsPage, {
            ctx: tools.view(req, res),
            grants: await db.grants.list(),
            types: grantTypes(),
            now: deployment.clock.now(),
            error,
          }),
          422,
        );
      }
      const validFrom = parseDay(typeof body.validFrom === 'string' ? body.validFrom : undefined);
      const validUntil = parseDay(typeof body.validUntil === 'string' ? body.validUntil : undefined);
      for (const requestTypeId of types) {
        await db.grants.add(
          { kbo: normalizeKbo(kbo), requestTypeId, validFrom, validUntil: validUntil ?? null },
          tools.actor(identity),
        );
      }
      res.redirect(303, '/backoffice/grants');
    } catch (error) {
      next(error);
    }
  });

  router.post('/backoffice/grants/:id/revoke', async (req, res, next) => {
    try {
      const identity = tools.staff(req, res, next, 'administrator');
      if (!identity) return;
      try {
        await db.grants.revoke(String(req.params.id), tools.actor(identity));
      } catch (error) {
        if (error instanceof NotFoundError) return next();
        throw error;
      }
      res.redirect(303, '/backoffice/grants');
    } catch (error) {
      next(error);
    }
  });

  const settingValues = async () => {
    const values: Record<string, string> = {};
    for (const [key] of MUNICIPALITY_FIELDS) {
      const v = await db.settings.get(`municipality.${key}`);
      if (typeof v === 'string') values[key] = v;
    }
    return values;
  };

  const closingDays = async () => parseClosingDays(await db.settings.get(CLOSING_DAYS_SETTING));
  /** Stores the closing days (audited as settings_changed); an empty list removes the setting. */
  const storeClosingDays = async (
    days: { date: string; name?: string | undefined }[],
    actor: ReturnType<typeof tools.actor>,
  ) => {
    const before = await closingDays();
    if (days.length === 0) await db.settings.delete(CLOSING_DAYS_SETTING, actor);
    else
      await db.settings.set(
        CLOSING_DAYS_SETTING,
        days.map((d) => (d.name ? { date: d.date, name: d.name } : { date: d.date })),
        actor,
      );
    // Requests still to be handled whose span holds the day get their due date moved.
    await deployment.deadlines.moveDueDates(before, days, db.requests);
  };

  // The municipality's closing days (decision 0902): add (or rename) one day, remove one day.
  router.post('/backoffice/closing-days', async (req, res, next) => {
    try {
      const identity = tools.staff(req, res, next, 'administrator');
      if (!identity) return;
      const body = (req.body ?? {}) as Record<string, unknown>;
      const day = parseDay(typeof body.date === 'string' ? body.date : undefined);
      if (!day) {
        const l = res.locals.locale;
        return ctx.send(
          res,
          h(SettingsPage, {
            ctx: tools.view(req, res),
            values: await settingValues(),
            closingDays: await closingDays(),
            error: bt(l, 'invalidClosingDay'),
          }),
          422,
        );
      }
      const date = day.toISOString().slice(0, 10);
      const name =
        String(body.name ?? '')
          .replace(/\s+/g, ' ')
          .trim()
          .slice(0, 100) || undefined;
      const days = (await closingDays()).filter((d) => d.date !== date);
      days.push({ date, name });
      days.sort((a, b) => a.date.localeCompare(b.date));
      await storeClosingDays(days, tools.actor(identity));
      res.redirect(303, '/backoffice/settings?saved=1#closing-days');
    } catch (error) {
      next(error);
    }
  });

  router.post('/backoffice/closing-days/remove', async (req, res, next) => {
    try {
      const identity = tools.staff(req, res, next, 'administrator');
      if (!identity) return;
      const date = String((req.body as Record<string, unknown> | undefined)?.date ?? '');
      const days = await closingDays();
      const kept = days.filter((d) => d.date !== date);
      if (kept.length === days.length) return next();
      await storeClosingDays(kept, tools.actor(identity));
      res.redirect(303, '/backoffice/settings?saved=1#closing-days');
    } catch (error) {
      next(error);
    }
  });

  router.get('/backoffice/settings', async (req, res, next) => {
    try {
      if (!tools.staff(req, res, next, 'administrator')) return;
      ctx.send(
        res,
        h(SettingsPage, {
          ctx: tools.view(req, res),
          values: await settingValues(),
          closingDays: await closingDays(),
          saved: req.query.saved === '1',
        }),
      );
    } catch (error) {
      next(error);
    }
  });

  router.post('/backoffice/settings', async (req, res, next) => {
    try {
      const identity = tools.staff(req, res, next, 'administrator');
      if (!identity) return;
      const body = (req.body ?? {}) as Record<string, unknown>;
      const l = res.locals.locale;
      const checks: Record<string, RegExp> = {
        nisCode: /^(\d{5})?$/,
        primaryColour: /^(#[0-9a-fA-F]{6})?$/,
        languages: /^((nl|fr|en|de)(,(nl|fr|en|de))*)?$/,
        logo: /^(\/[^\s]*|https:\/\/[^\s]+)?$/,
        accentColour: /^(#[0-9a-fA-F]{6})?$/,
        favicon: new RegExp(`^(${SAFE_URL.source.slice(1, -1)})?$`),
        fontFamily: new RegExp(`^(${SAFE_FONT.source.slice(1, -1)})?$`),
      };
      const values: Record<string, string> = {};
      for (const [key, label] of MUNICIPALITY_FIELDS) {
        const v = String(body[key] ?? '')
          .trim()
          .slice(0, 300);
        if (checks[key] && !checks[key]!.test(v)) {
          return ctx.send(
            res,
            h(SettingsPage, {
              ctx: tools.view(req, res),
              values: await settingValues(),
              closingDays: await closingDays(),
              error: `${bt(l, 'invalidValue')}: ${bt(l, label)}`,
            }),
            422,
          );
        }
        values[key] = v;
      }
      const current = await settingValues();
      for (const [key, v] of Object.entries(values)) {
        if ((current[key] ?? '') === v) continue;
        if (v === '') await db.settings.delete(`municipality.${key}`, tools.actor(identity));
        else await db.settings.set(`municipality.${key}`, v, tools.actor(identity));
      }
      ctx.municipality.invalidate();
      res.redirect(303, '/backoffice/settings?saved=1');
    } catch (error) {
      next(error);
    }
  });

  router.get('/backoffice/jobs', async (req, res, next) => {
    try {
      if (!tools.staff(req, res, next, 'administrator')) return;
      const page = await db.jobs.listDead({ limit: 100 });
      ctx.send(res, h(JobsPage, { ctx: tools.view(req, res), jobs: page.items }));
    } catch (error) {
      next(error);
    }
  });

  router.post('/backoffice/jobs/:id/retry', async (req, res, next) => {
    try {
      const identity = tools.staff(req, res, next, 'administrator');
      if (!identity) return;
      try {
        const job = await db.jobs.retryDead(String(req.params.id));
        await db.audit.append({
          category: 'job_retried',
          actor: tools.actor(identity),
          data: { jobId: job.id, type: job.type },
        });
      } catch (error) {
        if (error instanceof NotFoundError) return next();
        throw error;
      }
      ctx.options.worker?.nudge();
      res.redirect(303, '/backoffice/jobs');
    } catch (error) {
      next(error);
    }
  });
}
