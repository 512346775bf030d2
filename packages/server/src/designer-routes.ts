import type { Locale, LocalizedText } from '@smartloket/core';
import { isLocale, THEME_TITLES } from '@smartloket/core';
import type { RequestTypeDesignRecord } from '@smartloket/db';
import { definitionHash } from '@smartloket/db';
import {
  checkDeclarativeType,
  compileDeclarativeType,
  parseDeclarativeType,
  TYPE_ID,
} from '@smartloket/declarative';
import type { NextFunction, Request, Response, Router } from 'express';
import { h } from 'preact';
import { bt } from './backoffice-messages.js';
import type { BackofficeTools } from './backoffice-routes.js';
import type { ServerContext } from './context.js';
import { describeChanges } from './designer/diff.js';
import {
  addField,
  addStep,
  type Body,
  type Draft,
  type EditRefused,
  editDocument,
  editField,
  editGeneral,
  editMailTexts,
  editStep,
  editTerms,
  locate,
  moveField,
  moveStep,
  newDraft,
  removeField,
  removeStep,
  str,
} from './designer/draft.js';
import {
  DesignerFieldPage,
  DesignerListPage,
  DesignerPreviewPage,
  DesignerTypePage,
  DesignerVersionsPage,
} from './views/backoffice/designer.js';

/** The designer's few styles: check boxes beside their labels, the small action forms on one line. */
export const DESIGNER_CSS = `
.designer input[type="checkbox"] + label, .designer input[type="radio"] + label { display: inline; font-weight: normal; margin-right: 1em; }
.designer form.inline { display: inline; }
.designer .default-submit { display: none; }
.designer .designer-fields li { margin-bottom: 0.5em; }
.designer .langs-fields .field { display: inline-block; margin-right: 1em; vertical-align: top; }
.designer .designer-actions ul { list-style: none; padding: 0; display: flex; flex-wrap: wrap; gap: 1em; }
`;

/** The prefix of the ids of types made in the designer: `gemeente.<short name>`. */
export const DESIGNER_PREFIX = 'gemeente';
const ROLE = 'functional_admin' as const;
const KEY = /^[a-z0-9][a-z0-9-]{0,39}$/;
const STEP = /^[a-z][a-z0-9-]{0,39}$/;
const FIELD = /^[a-z][a-zA-Z0-9]{0,39}$/;

/**
 * The form designer (issue 23; role `functional_admin`, "functioneel beheerder", only): make a
 * request type without code, add, order and edit steps and fields, pick conditions, preview it
 * as a citizen in each language, check it, publish and unpublish, see versions and what
 * changed, export and import JSON. Every page and action works without JavaScript (one small
 * form per action; move up/down are buttons). Every change is audited by the repository
 * (`request_type_draft_saved` with what changed, `request_type_published`,
 * `request_type_unpublished`). Other staff get 404.
 */
export function mountDesignerRoutes(router: Router, ctx: ServerContext, tools: BackofficeTools): void {
  const { deployment } = ctx;
  const db = deployment.db;

  const staff = (req: Request, res: Response, next: NextFunction) => tools.staff(req, res, next, ROLE);

  /** The design of `:type`, or undefined (then `next()` gives the 404). */
  const designOf = async (req: Request): Promise<RequestTypeDesignRecord | undefined> => {
    const id = String(req.params.type ?? '');
    if (!TYPE_ID.test(id) || !id.startsWith(`${DESIGNER_PREFIX}.`)) return undefined;
    return db.declarativeTypes.design(id);
  };

  /** Whether an id is taken by a plugin or by a file of the deployment. */
  const takenElsewhere = (id: string) => {
    const rt = deployment.kernel.requestType(id);
    return (rt !== undefined && rt.version === undefined) || deployment.declarativeTypes.fileTypeIds.has(id);
  };

  const schemaErrors = (draft: Draft): string[] => {
    const parsed = parseDeclarativeType(draft);
    return parsed.ok ? [] : parsed.errors.map((e) => `${e.path || '—'}: ${e.message}`);
  };

  const latestVersion = async (id: string) => {
    const versions = await db.declarativeTypes.versions(id);
    return versions[versions.length - 1];
  };

  const showType = async (
    req: Request,
    res: Response,
    design: RequestTypeDesignRecord,
    extra: { notice?: string; errors?: string[]; status?: number } = {},
  ) => {
    const parsed = parseDeclarativeType(design.draft);
    const latest = await latestVersion(design.typeId);
    const changed = !parsed.ok || !latest || latest.hash !== definitionHash(withoutSchema(parsed.value));
    ctx.send(
      res,
      h(DesignerTypePage, {
        ctx: tools.view(req, res),
        design,
        findings: checkDeclarativeType(design.draft),
        schemaErrors: schemaErrors(design.draft),
        notice: extra.notice,
        errors: extra.errors,
        changed,
      }),
      extra.status ?? 200,
    );
  };

  const showList = async (
    req: Request,
    res: Response,
    extra: { errors?: string[]; errorTitle?: string; values?: Record<string, string> } = {},
  ) => {
    ctx.send(
      res,
      h(DesignerListPage, {
        ctx: tools.view(req, res),
        designs: await db.declarativeTypes.designs(),
        ...extra,
      }),
      extra.errors?.length ? 422 : 200,
    );
  };

  router.get('/backoffice/designer', async (req, res, next) => {
    try {
      if (!staff(req, res, next)) return;
      await showList(req, res);
    } catch (error) {
      next(error);
    }
  });

  router.post('/backoffice/designer', async (req, res, next) => {
    try {
      const identity = staff(req, res, next);
      if (!identity) return;
      const body = (req.body ?? {}) as Body;
      const key = str(body, 'key', 60) ?? '';
      const title = str(body, 'title.nl', 200);
      const l = res.locals.locale as Locale;
      const values = { key, title: title ?? '' };
      if (!KEY.test(key))
        return showList(req, res, { errors: [bt(l, 'keyInvalid')], errorTitle: bt(l, 'newType'), values });
      if (!title)
        return showList(req, res, { errors: [bt(l, 'titleRequired')], errorTitle: bt(l, 'newType'), values });
      const id = `${DESIGNER_PREFIX}.${key}`;
      if (takenElsewhere(id) || (await db.declarativeTypes.design(id))) {
        return showList(req, res, { errors: [bt(l, 'keyTaken')], errorTitle: bt(l, 'newType'), values });
      }
      await db.declarativeTypes.saveDraft(
        id,
        newDraft(id, { nl: title }),
        tools.actor(identity),
        'type_created',
      );
      res.redirect(303, `/backoffice/designer/${id}`);
    } catch (error) {
      next(error);
    }
  });

  router.post('/backoffice/designer/import', async (req, res, next) => {
    try {
      const identity = staff(req, res, next);
      if (!identity) return;
      const l = res.locals.locale as Locale;
      const text = String((req.body as Body | undefined)?.json ?? '').slice(0, 200_000);
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch {
        return showList(req, res, { errors: [bt(l, 'notJson')] });
      }
      const parsed = parseDeclarativeType(json);
      if (!parsed.ok)
        return showList(req, res, { errors: parsed.errors.map((e) => `${e.path || '—'}: ${e.message}`) });
      const id = parsed.value.id;
      if (!id.startsWith(`${DESIGNER_PREFIX}.`) || takenElsewhere(id)) {
        return showList(req, res, { errors: [`id: ${bt(l, 'keyTaken')}`] });
      }
      await db.declarativeTypes.saveDraft(
        id,
        withoutSchema(parsed.value) as Draft,
        tools.actor(identity),
        'imported',
      );
      res.redirect(303, `/backoffice/designer/${id}`);
    } catch (error) {
      next(error);
    }
  });

  router.get('/backoffice/designer/:type', async (req, res, next) => {
    try {
      if (!staff(req, res, next)) return;
      const design = await designOf(req);
      if (!design) return next();
      const l = res.locals.locale as Locale;
      await showType(req, res, design, req.query.saved === '1' ? { notice: bt(l, 'saved') } : {});
    } catch (error) {
      next(error);
    }
  });

  /** One edit of the working copy: apply, save (audited with `change`), back to the page. */
  const edit = (
    path: string,
    apply: (draft: Draft, body: Body, req: Request) => string | false | undefined | EditRefused,
    back: (req: Request) => string = (req) => `/backoffice/designer/${req.params.type}?saved=1`,
    refused?: (req: Request, res: Response, design: RequestTypeDesignRecord, errors: string[]) => void,
  ) => {
    router.post(path, async (req, res, next) => {
      try {
        const identity = staff(req, res, next);
        if (!identity) return;
        const design = await designOf(req);
        if (!design) return next();
        const draft = structuredClone(design.draft) as Draft;
        const change = apply(draft, (req.body ?? {}) as Body, req);
        if (typeof change === 'object') {
          // Refused: nothing is saved; the page again with the errors named.
          const l = res.locals.locale as Locale;
          const errors = change.errors.map((e) => localizeText(e, l));
          if (refused) return refused(req, res, design, errors);
          return showType(req, res, design, { errors, status: 422 });
        }
        if (!change) return next();
        await db.declarativeTypes.saveDraft(design.typeId, draft, tools.actor(identity), change);
        res.redirect(303, back(req));
      } catch (error) {
        next(error);
      }
    });
  };

  edit('/backoffice/designer/:type/general', (draft, body) => {
    const edited = editGeneral(draft, body, new Set(Object.keys(THEME_TITLES)));
    return edited === true ? 'general_changed' : edited;
  });
  edit('/backoffice/designer/:type/terms', (draft, body) => {
    const edited = editTerms(draft, body);
    return edited === true ? 'terms_changed' : edited;
  });
  edit('/backoffice/designer/:type/steps', (draft, body) => {
    addStep(draft, body);
    return 'step_added';
  });
  edit('/backoffice/designer/:type/steps/:step', (draft, body, req) => {
    const step = String(req.params.step);
    if (!STEP.test(step)) return false;
    const op = str(body, 'op');
    if (op === 'up' || op === 'down') return moveStep(draft, step, op === 'up' ? -1 : 1) && 'step_moved';
    if (op === 'remove') return removeStep(draft, step) && 'step_removed';
    return editStep(draft, step, body) && 'step_changed';
  });
  edit('/backoffice/designer/:type/steps/:step/fields', (draft, body, req) => {
    const step = String(req.params.step);
    const label = str(body, 'label', 200);
    if (!STEP.test(step) || !label) return false;
    return addField(draft, step, str(body, 'kind') ?? '', label) ? 'field_added' : false;
  });
  edit(
    '/backoffice/designer/:type/fields/:name',
    (draft, body, req) => {
      const name = String(req.params.name);
      if (!FIELD.test(name)) return false;
      const op = str(body, 'op');
      if (op === 'up' || op === 'down') return moveField(draft, name, op === 'up' ? -1 : 1) && 'field_moved';
      if (op === 'remove') return removeField(draft, name) && 'field_removed';
      const edited = editField(draft, name, body);
      return typeof edited === 'object' ? edited : edited && 'field_changed';
    },
    // A choice's option moved or removed: back to the field, to go on with its options.
    (req) =>
      str((req.body ?? {}) as Body, 'optionOp')
        ? `/backoffice/designer/${req.params.type}/fields/${req.params.name}?saved=1`
        : `/backoffice/designer/${req.params.type}?saved=1`,
    (req, res, design, errors) => showField(req, res, design, { errors, status: 422 }),
  );
  edit('/backoffice/designer/:type/mails', (draft, body) => {
    editMailTexts(draft, body);
    return 'mail_texts_changed';
  });
  edit('/backoffice/designer/:type/document', (draft, body) => {
    editDocument(draft, body);
    return 'document_changed';
  });

  /** The page of field `:name`, with a notice or the errors of a refused edit; false when there is no such field. */
  function showField(
    req: Request,
    res: Response,
    design: RequestTypeDesignRecord,
    extra: { notice?: string; errors?: string[]; status?: number } = {},
  ): boolean {
    const name = String(req.params.name);
    const draft = design.draft as Draft;
    const at = FIELD.test(name) ? locate(draft, name) : undefined;
    if (!at) return false;
    const field = draft.steps[at.step].fields[at.index] as Draft;
    ctx.send(
      res,
      h(DesignerFieldPage, { ctx: tools.view(req, res), typeId: design.typeId, draft, field, ...extra }),
      extra.status ?? 200,
    );
    return true;
  }

  router.get('/backoffice/designer/:type/fields/:name', async (req, res, next) => {
    try {
      if (!staff(req, res, next)) return;
      const design = await designOf(req);
      if (!design) return next();
      const notice = req.query.saved === '1' ? { notice: bt(res.locals.locale as Locale, 'saved') } : {};
      if (!showField(req, res, design, notice)) next();
    } catch (error) {
      next(error);
    }
  });

  router.get('/backoffice/designer/:type/preview', async (req, res, next) => {
    try {
      if (!staff(req, res, next)) return;
      const design = await designOf(req);
      if (!design) return next();
      const ui = res.locals.locale as Locale;
      const lang =
        typeof req.query.in === 'string' && isLocale(req.query.in) && req.query.in !== 'de'
          ? req.query.in
          : ui;
      const parsed = parseDeclarativeType(design.draft);
      if (!parsed.ok) {
        return showType(req, res, design, {
          errors: [bt(ui, 'previewUnavailable'), ...parsed.errors.map((e) => `${e.path}: ${e.message}`)],
          status: 422,
        });
      }
      const { requestType } = compileDeclarativeType(parsed.value);
      const page = { ...ctx.page(req, res), locale: lang, path: req.path, user: undefined };
      ctx.send(
        res,
        h(DesignerPreviewPage, {
          ctx: page,
          title: requestType.title,
          description: requestType.description,
          form: requestType.form,
          step: Math.min(
            Math.max(Number.parseInt(String(req.query.step ?? '1'), 10) || 1, 1),
            requestType.form.steps.length,
          ),
          url: (l, step) => `/backoffice/designer/${design.typeId}/preview?in=${l}&step=${step}`,
          backUrl: `/backoffice/designer/${design.typeId}`,
        }),
      );
    } catch (error) {
      next(error);
    }
  });

  router.post('/backoffice/designer/:type/publish', async (req, res, next) => {
    try {
      const identity = staff(req, res, next);
      if (!identity) return;
      const design = await designOf(req);
      if (!design) return next();
      const l = res.locals.locale as Locale;
      const parsed = parseDeclarativeType(design.draft);
      const blocking = checkDeclarativeType(design.draft).filter((f) => f.severity === 'error');
      if (!parsed.ok || blocking.length > 0) {
        const errors = [
          ...(parsed.ok ? [] : parsed.errors.map((e) => `${e.path || '—'}: ${e.message}`)),
          ...blocking.map((f) => localizeText(f.message, l)),
        ];
        return showType(req, res, design, { errors, status: 422 });
      }
      if (takenElsewhere(design.typeId))
        return showType(req, res, design, { errors: [bt(l, 'keyTaken')], status: 409 });
      const definition = withoutSchema(parsed.value);
      // Compiling first: a definition core would refuse is never stored as a version.
      compileDeclarativeType(parsed.value);
      const { record } = await db.declarativeTypes.recordVersion({
        typeId: design.typeId,
        origin: 'designer',
        definition,
        actor: tools.actor(identity),
      });
      await deployment.declarativeTypes.sync({ force: true });
      const after = (await db.declarativeTypes.design(design.typeId)) ?? design;
      await showType(req, res, after, { notice: bt(l, 'publishedNow', { v: record.version }) });
    } catch (error) {
      next(error);
    }
  });

  router.post('/backoffice/designer/:type/unpublish', async (req, res, next) => {
    try {
      const identity = staff(req, res, next);
      if (!identity) return;
      const design = await designOf(req);
      if (!design) return next();
      await db.declarativeTypes.unpublish(design.typeId, tools.actor(identity));
      await deployment.declarativeTypes.sync({ force: true });
      const after = (await db.declarativeTypes.design(design.typeId)) ?? design;
      await showType(req, res, after, { notice: bt(res.locals.locale, 'unpublishedNow') });
    } catch (error) {
      next(error);
    }
  });

  router.get('/backoffice/designer/:type/versions', async (req, res, next) => {
    try {
      if (!staff(req, res, next)) return;
      const design = await designOf(req);
      if (!design) return next();
      const versions = await db.declarativeTypes.versions(design.typeId);
      const list = versions.map((record, i) => ({
        record,
        changes: i === 0 ? [] : describeChanges(versions[i - 1]!.definition, record.definition),
      }));
      const last = versions[versions.length - 1];
      ctx.send(
        res,
        h(DesignerVersionsPage, {
          ctx: tools.view(req, res),
          typeId: design.typeId,
          title: (design.draft.title as LocalizedText) ?? { nl: design.typeId },
          versions: list,
          draftChanges: last ? describeChanges(last.definition, design.draft) : [],
        }),
      );
    } catch (error) {
      next(error);
    }
  });

  router.get('/backoffice/designer/:type/export', async (req, res, next) => {
    try {
      if (!staff(req, res, next)) return;
      const design = await designOf(req);
      if (!design) return next();
      const name = design.typeId.replace(/[^\w.-]/g, '_');
      res
        .type('application/json')
        .set('Content-Disposition', `attachment; filename="${name}.json"`)
        .send(`${JSON.stringify(design.draft, null, 2)}\n`);
    } catch (error) {
      next(error);
    }
  });
}

/** A definition without its `$schema` (an editor's hint, not part of the type). */
function withoutSchema<T extends { $schema?: unknown }>(def: T): Record<string, unknown> {
  const { $schema: _schema, ...rest } = def;
  return rest;
}

function localizeText(t: LocalizedText, l: Locale): string {
  return t[l] ?? t.nl;
}
