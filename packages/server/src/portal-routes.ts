import {
  fields as coreFields,
  FIELD_MESSAGES,
  type FieldIssue,
  type FormDefinition,
  type Identity,
  LOGIN_REQUIRED_FOR_REPORT,
  type LocalizedText,
  localize,
  meetsLevel,
  PaymentProviderUnavailableError,
  PIPELINE_STATES,
  prefillChangedIssue,
  type RequestTypeDefinition,
  sameValue,
  ValidationError,
  validateForm,
  z,
} from '@smartloket/core';
import type { DraftRecord, RequestRecord } from '@smartloket/db';
import type { LoadedChoice } from '@smartloket/runtime';
import type { Request, RequestHandler, Response, Router } from 'express';
import { h } from 'preact';
import { fileAnonymously, followReport } from './anonymous-routes.js';
import { levelForType, stepUpUrl } from './assurance.js';
import { actsForOrganisation, type ServerContext } from './context.js';
import { draftOfResumeToken, mailResumeLink, resumeGone } from './draft-resume.js';
import { checkTypedEmail, typedEmail } from './email-check.js';
import { tooMany, withConfirmedEmail } from './email-routes.js';
import {
  checkUpload,
  choiceIssues,
  choicesKey,
  dynamicFields,
  effectiveValues,
  fileIssue,
  formFor,
  formSteps,
  mergeStep,
  normalisedValues,
  safeFileName,
  validateFields,
  withChoices,
} from './forms.js';
import { ALL_MESSAGES, formatShortDate, t } from './messages.js';
import { draftOwner, recheckDraft, type SavedDraftData, saveDraft } from './saved-drafts.js';
import { type Draft, newSecret, type Session } from './session.js';
import { unidentifiedForm, unidentifiedIssues } from './unidentified.js';
import { SecureCheckPage } from './views/anonymous.js';
import { ANONYMOUS_EMAIL, FormPage, LoginNeededPage, MessagePage, SummaryPage } from './views/request.js';

/** A draft with the options of its dynamic choice fields as last loaded (and from what). */
type ChoiceDraft = Draft & { choices?: Record<string, { key: string; state: LoadedChoice }> };

/** Drafts kept per session (oldest dropped first). */
const MAX_DRAFTS = 10;

interface UploadedFile {
  fieldname: string;
  originalname: string;
  mimetype: string;
  size: number;
  buffer: Buffer;
}

/**
 * The request flow: `GET /request/:typeId` starts a draft (its id is the hidden idempotency key),
 * `POST /request/:typeId` moves through the steps, the summary and the submit. The values stay in
 * the database session, never in hidden fields or URLs.
 */
export function mountPortalRoutes(router: Router, ctx: ServerContext, submitLimiter: RequestHandler): void {
  const { deployment, sessions } = ctx;

  /** The request type if enabled, or undefined. */
  const typeOf = async (id: string | undefined): Promise<RequestTypeDefinition | undefined> =>
    id ? (await deployment.requests.requestType(id))?.definition : undefined;

  /**
   * A refusal before the form: wrong capacity or too weak a login. Without login: a type whose
   * audience is anonymous, or a certificate the municipality accepts without login when the
   * person chose that (decision 1401).
   */
  const refusal = async (
    def: RequestTypeDefinition,
    identity: Identity | undefined,
    withoutLogin = false,
  ): Promise<string | undefined> => {
    if (!identity) {
      // A report category the municipality switched to "only with login" (decision 1501).
      if (def.audience.includes('anonymous'))
        return def.report && !(await deployment.requests.reportAcceptsAnonymous(def.id, {}))
          ? 'login'
          : undefined;
      if (withoutLogin && (await deployment.requests.acceptsWithoutLogin(def.id))) return undefined;
      return 'login';
    }
    const audience = actsForOrganisation(identity) ? 'organisation' : 'citizen';
    if (!def.audience.includes(audience)) return 'audience';
    // The type's level, and at least the configured minimum (a session from before a raise).
    if (!meetsLevel(identity.level, levelForType(ctx, def.id))) return 'level';
    return undefined;
  };

  const refuse = async (req: Request, res: Response, def: RequestTypeDefinition, why: string) => {
    const l = res.locals.locale;
    if (why === 'login') {
      return ctx.send(
        res,
        h(LoginNeededPage, {
          ctx: ctx.page(req, res),
          def,
          returnTo: `/request/${def.id}`,
          withoutLogin: await deployment.requests.acceptsWithoutLogin(def.id),
        }),
      );
    }
    const message =
      why === 'level'
        ? {
            nl: 'Meld u aan met eID of itsme om dit document aan te vragen.',
            fr: 'Connectez-vous avec eID ou itsme pour demander ce document.',
            en: 'Log in with eID or itsme to request this document.',
          }
        : {
            nl: 'U kunt dit document niet online aanvragen in deze hoedanigheid.',
            fr: 'Vous ne pouvez pas demander ce document en ligne en cette qualité.',
            en: 'You cannot request this document online in this capacity.',
          };
    ctx.send(
      res,
      h(MessagePage, {
        ctx: ctx.page(req, res),
        title: t(l, 'errorTitle'),
        message: message[l === 'fr' || l === 'en' ? l : 'nl'],
        // Too weak a login: the step-up login, back to this form.
        link:
          why === 'level'
            ? { href: stepUpUrl(`/request/${def.id}`, levelForType(ctx, def.id)), text: t(l, 'stepUpButton') }
            : undefined,
      }),
      403,
    );
  };

  /**
   * Fills the draft's prefilled fields from their authentic sources (a logged-in citizen asking
   * for himself; the runtime decides who is eligible and audits the consultations). A locked
   * value replaces what the draft held; an editable one only fills an empty field.
   */
  const applyPrefill = async (res: Response, def: RequestTypeDefinition, draft: Draft) => {
    const identity = res.locals.session?.identity;
    if (!def.prefill || !identity || draft.withoutLogin) return;
    const { fields } = await deployment.requests.prefill({
      typeId: def.id,
      locale: res.locals.locale,
      identity,
      values: draft.values,
    });
    for (const [name, field] of Object.entries(fields)) {
      if (!field.editable || draft.values[name] === undefined) draft.values[name] = field.value;
    }
    draft.prefilled = Object.keys(fields).length > 0 ? fields : undefined;
  };

  /**
   * Issues of locked prefilled fields of `names` whose value the requester changed; the draft
   * gets the source's value back, so the page shows it again with the error.
   */
  const prefillIssues = (form: FormDefinition, draft: Draft, names: readonly string[]): FieldIssue[] => {
    const now = normalisedValues(form, draft.values);
    return names.flatMap((name) => {
      const p = draft.prefilled?.[name];
      if (!p || p.editable || sameValue(now[name], p.value)) return [];
      draft.values[name] = p.value;
      return [prefillChangedIssue(name, p.origin)];
    });
  };

  /**
   * Loads the options of the dynamic choice fields among `names` (see `withChoices`), or takes
   * them from the draft when the language and the other values did not change since.
   */
  const loadChoices = async (
    res: Response,
    def: RequestTypeDefinition,
    form: FormDefinition,
    draft: ChoiceDraft,
    names: readonly string[],
  ): Promise<Record<string, LoadedChoice>> => {
    const dynamic = dynamicFields(form, names);
    const loaded: Record<string, LoadedChoice> = {};
    if (dynamic.length === 0) return loaded;
    const key = choicesKey(form, draft.values, res.locals.locale);
    const stale = dynamic.filter((n) => draft.choices?.[n]?.key !== key);
    if (stale.length > 0) {
      const fresh = await deployment.requests.choices({
        typeId: def.id,
        locale: res.locals.locale,
        identity: res.locals.session?.identity,
        values: effectiveValues(form, draft.values),
        fields: stale,
      });
      const kept = { ...draft.choices };
      for (const [name, state] of Object.entries(fresh)) {
        // A source that is down is asked again next time.
        if (state.status === 'ok') kept[name] = { key, state };
        else delete kept[name];
        loaded[name] = state;
      }
      draft.choices = kept;
    }
    for (const n of dynamic) {
      const cached = draft.choices?.[n];
      if (!loaded[n] && cached) loaded[n] = cached.state;
    }
    return loaded;
  };

  /** The form with the dynamic choices of `names` loaded. */
  const prepare = async (
    res: Response,
    def: RequestTypeDefinition,
    form: FormDefinition,
    draft: ChoiceDraft,
    names: readonly string[],
  ) => {
    const loaded = await loadChoices(res, def, form, draft, names);
    return { form: withChoices(form, loaded), loaded };
  };

  /**
   * The step to show when moving from `from` by `by` (+1 or -1): a step whose fields are all
   * dynamic choices without options is skipped. `steps.length` means the summary.
   */
  const shownStep = async (
    res: Response,
    def: RequestTypeDefinition,
    form: FormDefinition,
    draft: ChoiceDraft,
    from: number,
    by: 1 | -1,
  ): Promise<number> => {
    const steps = formSteps(form);
    let index = from + by;
    while (index > 0 && index < steps.length) {
      const names = steps[index]!.fields;
      const prepared = (await prepare(res, def, form, draft, names)).form;
      if (names.some((n) => prepared.fields[n])) return index;
      for (const n of names) delete draft.values[n];
      index += by;
    }
    return Math.max(0, index);
  };

  const renderStep = async (
    req: Request,
    res: Response,
    def: RequestTypeDefinition,
    base: FormDefinition,
    draftId: string,
    draft: ChoiceDraft,
    issues: FieldIssue[] = [],
    recheck?: LocalizedText[],
  ) => {
    const session = res.locals.session!;
    const names = formSteps(base)[draft.step]?.fields ?? [];
    const { form, loaded } = await prepare(res, def, base, draft, names);
    for (const name of dynamicFields(base, names)) {
      const state = loaded[name];
      if (state?.status !== 'ok') continue;
      const value = draft.values[name];
      // A value no longer offered is dropped; the one option of a required field is preselected.
      if (value !== undefined && !state.options.some((o) => o.value === value) && issues.length === 0)
        delete draft.values[name];
      if (draft.values[name] === undefined && base.fields[name]!.required && state.options.length === 1)
        draft.values[name] = state.options[0]!.value;
    }
    await sessions.save(session);
    ctx.send(
      res,
      h(FormPage, {
        ctx: ctx.page(req, res),
        def,
        form,
        steps: formSteps(form),
        stepIndex: draft.step,
        values: draft.values,
        issues,
        draftId,
        askEmail: !session.identity,
        anonymousEmail: draft.anonymousEmail,
        recheck,
        // Without login the resume link goes by mail to the address asked on the first step.
        canSave: true,
        keptUntil: draft.savedUntil ? new Date(draft.savedUntil) : undefined,
        prefilled: draft.prefilled,
        map: def.id.startsWith('meldingen.') ? ctx.reportMap : undefined,
      }),
      issues.length > 0 ? 422 : 200,
    );
  };

  router.get('/request/:typeId', async (req, res, next) => {
    try {
      res.set('Cache-Control', 'no-store');
      const def = await typeOf(String(req.params.typeId));
      if (!def) return next();
      const identity = res.locals.session?.identity;
      const withoutLogin = !identity && req.query.withoutLogin === '1' && !def.audience.includes('anonymous');
      const why = await refusal(def, identity, withoutLogin);
      if (why) return await refuse(req, res, def, why);
      const session = res.locals.session ?? (await sessions.create(res));
      res.locals.session = session;
      const draftId = newSecret();
      const drafts = Object.entries(session.data.drafts ?? {}).slice(-(MAX_DRAFTS - 1));
      const draft: Draft = {
        typeId: def.id,
        values: {},
        step: 0,
        createdAt: deployment.clock.now().toISOString(),
        ...(withoutLogin ? { withoutLogin: true } : {}),
      };
      await applyPrefill(res, def, draft);
      session.data.drafts = Object.fromEntries([...drafts, [draftId, draft]]);
      await sessions.save(session);
      await renderStep(req, res, def, formOf(def, session, draft), draftId, draft);
    } catch (error) {
      next(error);
    }
  });

  /** A saved draft of the logged-in person or their organisation (decision 0803), or undefined. */
  const ownDraft = async (req: Request, res: Response) => {
    const id = String(req.params.id ?? '');
    const identity = res.locals.session?.identity;
    if (!identity || !/^[A-Za-z0-9_-]{20,64}$/.test(id)) return undefined;
    const saved = await deployment.db.drafts.get(id);
    return saved?.subject === draftOwner(identity) ? saved : undefined;
  };

  // Resume a saved draft, on any device: back into the session, at the step it was saved on.
  router.get('/my/drafts/:id', async (req, res, next) => {
    try {
      res.set('Cache-Control', 'no-store');
      const session = res.locals.session;
      if (!session?.identity)
        return res.redirect(
          303,
          `/login?returnTo=${encodeURIComponent(`/my/drafts/${String(req.params.id)}`)}`,
        );
      const saved = await ownDraft(req, res);
      const def = saved ? await typeOf(saved.typeId) : undefined;
      if (!saved || !def) return next();
      await resumeSaved(req, res, saved, def);
    } catch (error) {
      next(error);
    }
  });

  /**
   * Puts a saved draft back into the session under its own id (its answers checked against the
   * type's current form) and shows the step it was saved on, or refuses before the form.
   */
  const resumeSaved = async (req: Request, res: Response, saved: DraftRecord, def: RequestTypeDefinition) => {
    const session = res.locals.session!;
    const data = saved.data as SavedDraftData;
    const identity = session.identity;
    const withoutLogin = !identity && data.withoutLogin === true;
    const why = await refusal(def, identity, withoutLogin);
    if (why) return await refuse(req, res, def, why);
    const form = withoutLogin ? unidentifiedForm(def) : formFor(def, identity);
    const { values, recheck } = recheckDraft(data, form);
    const draft: Draft = {
      typeId: def.id,
      values,
      step: Math.max(0, Math.min(data.step || 0, formSteps(form).length - 1)),
      createdAt: saved.createdAt.toISOString(),
      savedUntil: saved.expiresAt.toISOString(),
      ...(withoutLogin ? { withoutLogin: true } : {}),
      ...(!identity && data.email ? { anonymousEmail: data.email } : {}),
    };
    await applyPrefill(res, def, draft);
    const drafts = Object.entries(session.data.drafts ?? {})
      .filter(([id]) => id !== saved.id)
      .slice(-(MAX_DRAFTS - 1));
    session.data.drafts = Object.fromEntries([...drafts, [saved.id, draft]]);
    await sessions.save(session);
    await renderStep(req, res, def, form, saved.id, draft, [], recheck);
  };

  // The mailed resume link of a draft saved without login (decision 0803): the browser types the
  // address the draft was saved with first (the e-mail check of the follow page), once per session.
  router.use('/resume', (_req, res, next) => {
    res.set('Cache-Control', 'no-store');
    res.set('X-Robots-Tag', 'noindex');
    res.set('Referrer-Policy', 'no-referrer');
    next();
  });

  router.get('/resume/:token', async (req, res, next) => {
    try {
      const token = String(req.params.token);
      const saved = await draftOfResumeToken(ctx, token);
      const def = saved ? await typeOf(saved.typeId) : undefined;
      if (!saved || !def) return resumeGone(ctx, req, res);
      const session = res.locals.session ?? (await sessions.create(res));
      res.locals.session = session;
      if (!session.data.resumed?.includes(saved.id))
        return ctx.send(
          res,
          h(SecureCheckPage, {
            ctx: ctx.page(req, res),
            action: `/resume/${encodeURIComponent(token)}`,
            wrong: false,
            purpose: 'resume',
          }),
        );
      const current = session.data.drafts?.[saved.id];
      // Already open in this browser: as far as it got, else as saved.
      if (current && !current.requestId && current.typeId === def.id)
        return await renderStep(req, res, def, formOf(def, session, current), saved.id, current);
      await resumeSaved(req, res, saved, def);
    } catch (error) {
      next(error);
    }
  });

  router.post('/resume/:token', async (req, res, next) => {
    try {
      const token = String(req.params.token);
      const saved = await draftOfResumeToken(ctx, token);
      const session = res.locals.session;
      if (!saved) return resumeGone(ctx, req, res);
      if (!session) return next();
      const typed = typedEmail(req);
      const outcome = await checkTypedEmail(
        ctx,
        req,
        {
          kind: 'resume',
          token,
          expected: (saved.data as SavedDraftData).email ?? '',
        },
        typed,
      );
      if (outcome === 'limited') return tooMany(ctx, req, res);
      if (outcome === 'refused')
        return ctx.send(
          res,
          h(SecureCheckPage, {
            ctx: ctx.page(req, res),
            action: `/resume/${encodeURIComponent(token)}`,
            wrong: true,
            value: typed,
            purpose: 'resume',
          }),
          422,
        );
      session.data.resumed = [...(session.data.resumed ?? []), saved.id].slice(-20);
      // A fresh copy from the database replaces what this browser had of it.
      if (session.data.drafts?.[saved.id]) delete session.data.drafts[saved.id];
      await sessions.save(session);
      res.redirect(303, `/resume/${encodeURIComponent(token)}`);
    } catch (error) {
      next(error);
    }
  });

  router.post('/my/drafts/:id/delete', async (req, res, next) => {
    try {
      const saved = await ownDraft(req, res);
      if (!saved) return next();
      await deployment.db.drafts.delete(saved.id, saved.subject);
      res.redirect(303, '/my');
    } catch (error) {
      next(error);
    }
  });

  router.post('/request/:typeId', submitLimiter, async (req, res, next) => {
    try {
      res.set('Cache-Control', 'no-store');
      const l = res.locals.locale;
      const def = await typeOf(String(req.params.typeId));
      if (!def) return next();
      const session = res.locals.session;
      const body = (req.body ?? {}) as Record<string, unknown>;
      const draftId = typeof body._draft === 'string' ? body._draft : '';
      const draft = session?.data.drafts?.[draftId];
      if (!session || !draft || draft.typeId !== def.id) {
        return ctx.send(
          res,
          h(MessagePage, {
            ctx: ctx.page(req, res),
            title: t(l, 'errorTitle'),
            message: t(l, 'draftGone'),
            link: { href: `/request/${def.id}`, text: t(l, 'tryAgain') },
          }),
          400,
        );
      }
      // A replayed POST (double click, back button, resend) after the submit: the same request.
      if (draft.requestId) return res.redirect(303, `/my/requests/${draft.requestId}?submitted=1`);
      const why = await refusal(def, session.identity, draft.withoutLogin === true && !session.identity);
      if (why) return await refuse(req, res, def, why);

      const form = formOf(def, session, draft);
      const steps = formSteps(form);
      const action = typeof body._action === 'string' ? body._action : 'next';
      const current = Math.max(0, Math.min(Number(body._step ?? draft.step) || 0, steps.length - 1));

      if (action.startsWith('edit:')) {
        draft.step = Math.max(0, Math.min(Number(action.slice(5)) || 0, steps.length - 1));
        await sessions.save(session);
        return await renderStep(req, res, def, form, draftId, draft);
      }

      // Follow a nearby open report instead of filing this one (decision 1501).
      if (action.startsWith('follow:') && def.report) {
        const values = effectiveValues(form, draft.values);
        const nearby = await deployment.requests.nearbyReports(def.id, values);
        const chosen = nearby.find((n) => n.requestId === action.slice(7));
        if (!chosen) return await renderStep(req, res, def, form, draftId, draft);
        return await followReport(ctx, req, res, {
          def,
          draftId,
          draft,
          requestId: chosen.requestId,
          reference: chosen.reference,
        });
      }

      if (action === 'save' && !session.identity) {
        // Save and resume later without login (decision 0803): the link goes by mail.
        const stepFields = steps[current]!.fields;
        draft.values = mergeStep(form, stepFields, draft.values, body);
        if (current === 0 && typeof body._email === 'string')
          draft.anonymousEmail = body._email.trim() || undefined;
        const issues = await storeUploads(
          ctx,
          form,
          stepFields,
          draft,
          req.files as UploadedFile[] | undefined,
        );
        draft.step = current;
        const email = draft.anonymousEmail ?? '';
        if (!validateForm(ANONYMOUS_EMAIL_FORM, { _email: email }).ok)
          issues.push({ path: '_email', code: 'custom', message: ALL_MESSAGES.saveNeedsEmail! });
        await sessions.save(session);
        if (issues.length > 0) return await renderStep(req, res, def, form, draftId, draft, dedupe(issues));
        await mailResumeLink(ctx, req, res, { def, draftId, draft, form, email });
        await sessions.save(session);
        return;
      }

      if (action === 'save' && session.identity) {
        // Save and resume later (decision 0803): this step's answers as typed, unchecked.
        const stepFields = steps[current]!.fields;
        draft.values = mergeStep(form, stepFields, draft.values, body);
        await storeUploads(ctx, form, stepFields, draft, req.files as UploadedFile[] | undefined);
        draft.step = current;
        await sessions.save(session);
        const until = await saveDraft(ctx, draftId, draft, form, draftOwner(session.identity));
        if (!until) return next();
        await sessions.save(session);
        return ctx.send(
          res,
          h(MessagePage, {
            ctx: ctx.page(req, res),
            title: t(l, 'draftSavedTitle'),
            message: t(l, 'draftSavedMessage', { date: formatShortDate(l, until) }),
            link: { href: '/my', text: t(l, 'myRequests') },
          }),
        );
      }

      if (action === 'back' || action === 'next') {
        const stepFields = steps[current]!.fields;
        draft.values = mergeStep(form, stepFields, draft.values, body);
        const issues: FieldIssue[] = [];
        if (!session.identity && current === 0) {
          const email = typeof body._email === 'string' ? body._email.trim() : '';
          draft.anonymousEmail = email || undefined;
          if (action === 'next') {
            const check = validateForm(ANONYMOUS_EMAIL_FORM, { _email: email });
            if (!check.ok) issues.push(...check.issues);
          }
        }
        issues.push(
          ...(await storeUploads(ctx, form, stepFields, draft, req.files as UploadedFile[] | undefined)),
        );
        if (action === 'back') {
          draft.step = await shownStep(res, def, form, draft, current, -1);
          await sessions.save(session);
          return await renderStep(req, res, def, form, draftId, draft);
        }
        const shown = await prepare(res, def, form, draft, stepFields);
        issues.push(...validateFields(shown.form, draft.values, stepFields, session.identity));
        if (draft.withoutLogin) issues.push(...unidentifiedIssues(draft.values, stepFields));
        issues.push(...choiceIssues(shown.form, draft.values, stepFields, shown.loaded));
        issues.push(...prefillIssues(form, draft, stepFields));
        draft.step = current;
        if (issues.length > 0) {
          await sessions.save(session);
          return await renderStep(req, res, def, form, draftId, draft, dedupe(issues));
        }
        const next = await shownStep(res, def, form, draft, current, 1);
        if (next < steps.length) {
          draft.step = next;
          await sessions.save(session);
          return await renderStep(req, res, def, form, draftId, draft);
        }
        const summary = (await prepare(res, def, form, draft, Object.keys(form.fields))).form;
        await sessions.save(session);
        // The fee as it would be filed now (in force today, or waived with its reason).
        const fee = draft.withoutLogin
          ? undefined
          : await deployment.requests.quote({
              typeId: def.id,
              input: effectiveValues(summary, draft.values),
              locale: l,
              identity: session.identity,
            });
        // Open reports of the same category nearby: the reporter may follow one instead.
        const nearby = def.report
          ? await deployment.requests.nearbyReports(def.id, effectiveValues(summary, draft.values))
          : [];
        return ctx.send(
          res,
          h(SummaryPage, {
            ctx: ctx.page(req, res),
            def,
            form: summary,
            steps: formSteps(summary),
            values: normalisedValues(summary, draft.values),
            draftId,
            anonymousEmail: draft.anonymousEmail,
            prefilled: draft.prefilled,
            fee,
            nearby,
          }),
        );
      }

      if (action !== 'submit') return await renderStep(req, res, def, form, draftId, draft);

      // Submit: validate everything again, then the runtime validates and authorises (and checks
      // dynamic choices against the options it loads itself).
      const all = Object.keys(form.fields);
      const submitted = (await prepare(res, def, form, draft, all)).form;
      const issues = validateFields(submitted, draft.values, all, session.identity);
      if (draft.withoutLogin) issues.push(...unidentifiedIssues(draft.values, all));
      if (!session.identity && !draft.anonymousEmail) {
        issues.push({ path: '_email', code: 'required', message: FIELD_MESSAGES.required });
      }
      if (issues.length > 0) return showIssues(req, res, def, form, steps, draftId, draft, issues);
      // Anonymous: filed only once the address is confirmed (a one-time link by mail); not for
      // a report (sub-)category that needs a login.
      if (
        !session.identity &&
        def.report &&
        !(await deployment.requests.reportAcceptsAnonymous(def.id, effectiveValues(submitted, draft.values)))
      ) {
        return ctx.send(
          res,
          h(MessagePage, {
            ctx: ctx.page(req, res),
            title: t(l, 'loginRequiredTitle'),
            message: localize(LOGIN_REQUIRED_FOR_REPORT, l),
            link: {
              href: `/login?returnTo=${encodeURIComponent(`/request/${def.id}`)}`,
              text: t(l, 'loginRequiredLink'),
            },
          }),
          403,
        );
      }
      if (!session.identity)
        return await fileAnonymously(ctx, req, res, {
          def,
          draftId,
          draft,
          input: effectiveValues(submitted, draft.values),
        });
      let request: RequestRecord;
      try {
        const submission = {
          typeId: def.id,
          input: effectiveValues(submitted, draft.values),
          locale: l,
          identity: await withConfirmedEmail(ctx, session.identity),
          idempotencyKey: draftId,
        };
        // A fee paid before submitting (issue 21): to the provider's checkout first; the request
        // is filed once the payment is read back as paid. Nothing to pay: filed at once.
        const checkout = await deployment.payments.checkout(submission);
        if (checkout.kind === 'redirect') {
          await sessions.save(session);
          return res.redirect(303, checkout.checkoutUrl);
        }
        request =
          checkout.kind === 'filed'
            ? checkout.request
            : (await deployment.requests.submit(submission)).request;
      } catch (error) {
        if (error instanceof ValidationError)
          return showIssues(req, res, def, form, steps, draftId, draft, error.issues);
        if (error instanceof PaymentProviderUnavailableError) {
          return ctx.send(
            res,
            h(MessagePage, {
              ctx: ctx.page(req, res),
              title: t(l, 'paymentUnavailableTitle'),
              message: localize(error.userMessage, l),
              link: { href: `/request/${def.id}`, text: t(l, 'paymentBackToRequest') },
            }),
            503,
          );
        }
        throw error;
      }
      for (const [name, meta] of Object.entries(form.fields)) {
        const v = draft.values[name] as { uploadId?: string } | undefined;
        if (meta.kind === 'file' && v?.uploadId) await deployment.db.uploads.attach(v.uploadId, request.id);
      }
      // A saved draft is done with once filed (its uploads are now the request's).
      await deployment.db.drafts.delete(draftId);
      // Keep only the link to the request: the values (personal data) leave the session.
      draft.requestId = request.id;
      draft.values = {};
      draft.prefilled = undefined;
      (draft as ChoiceDraft).choices = undefined;
      draft.anonymousEmail = undefined;
      if (!session.identity)
        session.data.anonymous = [...(session.data.anonymous ?? []), request.id].slice(-20);
      await sessions.save(session);
      if (PIPELINE_STATES.includes(request.state)) {
        ctx.options.worker?.nudge();
        await waitWhilePipeline(ctx, request.id);
      }
      res.redirect(303, `/my/requests/${request.id}?submitted=1`);
    } catch (error) {
      next(error);
    }
  });

  const showIssues = async (
    req: Request,
    res: Response,
    def: RequestTypeDefinition,
    form: FormDefinition,
    steps: ReturnType<typeof formSteps>,
    draftId: string,
    draft: Draft,
    issues: FieldIssue[],
  ) => {
    const first = issues[0]?.path.split('.')[0] ?? '';
    const index = steps.findIndex((s) => s.fields.includes(first));
    draft.step = Math.max(index, 0);
    await sessions.save(res.locals.session as Session);
    const onStep = issues.filter(
      (i) => steps[draft.step]!.fields.includes(i.path.split('.')[0] ?? '') || i.path === '_email',
    );
    await renderStep(req, res, def, form, draftId, draft, dedupe(onStep.length ? onStep : issues));
  };
}

/** The form of this draft: the type's, or with the questions of a request without login. */
function formOf(def: RequestTypeDefinition, session: Session, draft: Draft): FormDefinition {
  return draft.withoutLogin && !session.identity ? unidentifiedForm(def) : formFor(def, session.identity);
}

/** One message per field. */
function dedupe(issues: FieldIssue[]): FieldIssue[] {
  const seen = new Set<string>();
  return issues.filter((i) => {
    const key = i.path.split('.')[0] ?? i.path;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** The anonymous requester's e-mail question, validated like core's e-mail field. */
const ANONYMOUS_EMAIL_FORM: FormDefinition = {
  schema: z.object({ _email: coreFields.email({ label: { nl: 'E-mail' } }).schema }),
  fields: { _email: ANONYMOUS_EMAIL },
  steps: [],
};

/** Stores the files of a step's file fields (checked against each field's types and size). */
async function storeUploads(
  ctx: ServerContext,
  form: FormDefinition,
  stepFields: string[],
  draft: Draft,
  files: UploadedFile[] | undefined,
): Promise<FieldIssue[]> {
  const issues: FieldIssue[] = [];
  for (const name of stepFields) {
    const meta = form.fields[name];
    if (meta?.kind !== 'file') continue;
    const file = files?.find((f) => f.fieldname === name && f.size > 0);
    if (!file) continue;
    const problem = checkUpload(meta, file);
    if (problem) {
      issues.push(fileIssue(name, problem, meta.maxBytes));
      continue;
    }
    const now = ctx.deployment.clock.now();
    const upload = await ctx.deployment.db.uploads.insert({
      fileName: safeFileName(file.originalname, 'upload'),
      mediaType: file.mimetype,
      bytes: file.buffer,
      // Not attached to a request within a day: removed by retention.
      purgeAt: new Date(now.getTime() + 24 * 3600_000),
    });
    draft.values[name] = {
      uploadId: upload.id,
      fileName: upload.fileName,
      mediaType: upload.mediaType,
      size: upload.size,
    };
  }
  return issues;
}

/**
 * Waits (real time, at most `deliveryWaitMs`) while the in-process worker runs the pipeline, so
 * an automatic delivery shows its download at once. A slow source just ends the wait.
 */
async function waitWhilePipeline(ctx: ServerContext, requestId: string): Promise<void> {
  const wait = ctx.options.deliveryWaitMs ?? ctx.deployment.config.deliveryWaitMs;
  const end = Date.now() + wait;
  while (Date.now() < end) {
    const r = await ctx.deployment.db.requests.get(requestId);
    if (!r || !PIPELINE_STATES.includes(r.state)) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
