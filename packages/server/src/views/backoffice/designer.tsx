/** @jsxImportSource preact */
import {
  type FormDefinition,
  type Locale,
  type LocalizedText,
  localize,
  MAIL_TEXT_KINDS,
  THEME_TITLES,
  type UiLocale,
} from '@smartloket/core';
import type { RequestTypeDesignRecord, RequestTypeVersionRecord } from '@smartloket/db';
import { type CheckFinding, FIELD_KINDS, FILE_TYPES } from '@smartloket/declarative';
import { bt } from '../../backoffice-messages.js';
import { type Draft, earlierChoices, printedFields } from '../../designer/draft.js';
import { formatDate } from '../../messages.js';
import { FormFields } from '../form.js';
import { Layout, type PageContext } from '../layout.js';
import { type BackofficeContext, BackofficeLayout } from './layout.js';

const LANGS: UiLocale[] = ['nl', 'fr', 'en'];
const base = (id: string) => `/backoffice/designer/${id}`;

function Csrf(props: { ctx: BackofficeContext }) {
  return <input type="hidden" name="_csrf" value={props.ctx.csrf} />;
}

/** Inputs for a text in Dutch, French and English (`<name>.nl`, ...). */
function TextInputs(props: {
  l: Locale;
  name: string;
  legend: string;
  value?: Record<string, string> | undefined;
  area?: boolean;
  required?: boolean;
  max?: number;
}) {
  return (
    <fieldset class="langs-fields">
      <legend>{props.legend}</legend>
      {LANGS.map((lang) => {
        const id = `${props.name}-${lang}`.replace(/[^\w-]/g, '-');
        return (
          <div class="field">
            <label for={id}>{bt(props.l, `lang_${lang}`)}</label>
            {props.area ? (
              <textarea
                id={id}
                name={`${props.name}.${lang}`}
                lang={lang}
                rows={3}
                maxLength={props.max ?? 2000}
              >
                {props.value?.[lang] ?? ''}
              </textarea>
            ) : (
              <input
                type="text"
                id={id}
                name={`${props.name}.${lang}`}
                lang={lang}
                value={props.value?.[lang] ?? ''}
                maxLength={props.max ?? 200}
                required={props.required && lang === 'nl'}
              />
            )}
          </div>
        );
      })}
    </fieldset>
  );
}

/** A label and a small box for a whole number (empty when not set). */
function NumberInput(props: { id: string; name: string; label: string; value: unknown }) {
  return (
    <>
      <label for={props.id}>{props.label}</label>
      <input
        type="text"
        inputMode="numeric"
        id={props.id}
        name={props.name}
        size={6}
        value={typeof props.value === 'number' ? String(props.value) : ''}
      />
    </>
  );
}

function Problems(props: { l: Locale; title: string; errors: string[] }) {
  if (props.errors.length === 0) return null;
  return (
    <div class="conflict" role="alert">
      <p>{props.title}</p>
      <ul>
        {props.errors.map((e) => (
          <li>{e}</li>
        ))}
      </ul>
    </div>
  );
}

/** The list of designed types, a form to make one and one to import JSON. */
export function DesignerListPage(props: {
  ctx: BackofficeContext;
  designs: RequestTypeDesignRecord[];
  errors?: string[] | undefined;
  errorTitle?: string | undefined;
  values?: Record<string, string> | undefined;
}) {
  const { ctx } = props;
  const l = ctx.locale;
  return (
    <BackofficeLayout ctx={ctx} title={bt(l, 'designer')}>
      <div class="designer">
        <h1>{bt(l, 'designer')}</h1>
        <p>{bt(l, 'designerIntro')}</p>
        <Problems l={l} title={props.errorTitle ?? bt(l, 'importRefused')} errors={props.errors ?? []} />
        {props.designs.length === 0 ? (
          <p>{bt(l, 'noDesigns')}</p>
        ) : (
          <table>
            <thead>
              <tr>
                <th scope="col">{bt(l, 'title')}</th>
                <th scope="col">{bt(l, 'status')}</th>
              </tr>
            </thead>
            <tbody>
              {props.designs.map((d) => (
                <tr>
                  <td>
                    <a href={base(d.typeId)}>
                      {localize((d.draft.title as LocalizedText) ?? { nl: d.typeId }, l)}
                    </a>
                  </td>
                  <td>
                    {d.publishedVersion
                      ? bt(l, 'published', { v: d.publishedVersion })
                      : bt(l, 'unpublished')}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <form method="post" action="/backoffice/designer" class="panel">
          <Csrf ctx={ctx} />
          <h2>{bt(l, 'newType')}</h2>
          <label for="new-key">{bt(l, 'typeKey')}</label>
          <p class="hint" id="new-key-hint">
            {bt(l, 'typeKeyHint')}
          </p>
          <input
            type="text"
            id="new-key"
            name="key"
            required
            maxLength={40}
            pattern="[a-z0-9][a-z0-9\-]*"
            aria-describedby="new-key-hint"
            value={props.values?.key ?? ''}
          />
          <label for="new-title">{bt(l, 'titleNl')}</label>
          <input
            type="text"
            id="new-title"
            name="title.nl"
            required
            maxLength={200}
            value={props.values?.title ?? ''}
          />
          <button type="submit">{bt(l, 'create')}</button>
        </form>
        <form method="post" action="/backoffice/designer/import" class="panel">
          <Csrf ctx={ctx} />
          <h2>{bt(l, 'importJson')}</h2>
          <label for="import-json">{bt(l, 'importJson')}</label>
          <p class="hint" id="import-hint">
            {bt(l, 'importHint')}
          </p>
          <textarea id="import-json" name="json" rows={8} aria-describedby="import-hint" maxLength={150000} />
          <button type="submit">{bt(l, 'importButton')}</button>
        </form>
      </div>
    </BackofficeLayout>
  );
}

function kindLabel(l: Locale, kind: unknown): string {
  return bt(l, `kind.${String(kind)}`);
}

function conditionText(l: Locale, draft: Draft, f: Draft): string | undefined {
  if (!f.showWhen) return undefined;
  const source = earlierChoices(draft, f.name).find((c) => c.name === f.showWhen.field);
  const labelOf = (v: string) =>
    localize(source?.options?.find((o: Draft) => o.value === v)?.label ?? { nl: v }, l);
  return bt(l, 'shownWhen', {
    field: localize(source?.label ?? { nl: String(f.showWhen.field) }, l),
    values: (f.showWhen.in as string[]).map(labelOf).join(', '),
  });
}

/** One button of a small POST form (move, remove). */
function Action(props: {
  ctx: BackofficeContext;
  action: string;
  op: string;
  label: string;
  name: string;
  secondary?: boolean;
}) {
  return (
    <form method="post" action={props.action} class="inline">
      <Csrf ctx={props.ctx} />
      <button
        type="submit"
        name="op"
        value={props.op}
        class={props.secondary ? 'secondary' : undefined}
        aria-label={`${props.label}: ${props.name}`}
      >
        {props.label}
      </button>
    </form>
  );
}

/** Move up (unless first), move down (unless last) and remove: each a small POST form. */
function MoveActions(props: {
  ctx: BackofficeContext;
  action: string;
  name: string;
  first: boolean;
  last: boolean;
}) {
  const l = props.ctx.locale;
  return (
    <>
      {(
        [
          ['up', 'moveUp', !props.first],
          ['down', 'moveDown', !props.last],
          ['remove', 'remove', true],
        ] as const
      ).map(([op, text, shown]) =>
        shown ? (
          <Action
            ctx={props.ctx}
            action={props.action}
            op={op}
            label={bt(l, text)}
            name={props.name}
            secondary
          />
        ) : null,
      )}
    </>
  );
}

/** A group of check boxes or radio buttons, each with its label beside it. */
function Choices(props: {
  type: 'checkbox' | 'radio';
  name: string;
  idPrefix: string;
  legend: string;
  items: ReadonlyArray<readonly [value: string, label: string]>;
  checked: (value: string) => boolean;
}) {
  return (
    <fieldset>
      <legend>{props.legend}</legend>
      {props.items.map(([value, label], i) => (
        <span>
          <input
            type={props.type}
            id={`${props.idPrefix}-${i}`}
            name={props.name}
            value={value}
            checked={props.checked(value)}
          />{' '}
          <label for={`${props.idPrefix}-${i}`}>{label}</label>{' '}
        </span>
      ))}
    </fieldset>
  );
}

/** The editor of one type: general settings, steps and fields, document, check, publish. */
export function DesignerTypePage(props: {
  ctx: BackofficeContext;
  design: RequestTypeDesignRecord;
  findings: CheckFinding[];
  schemaErrors: string[];
  notice?: string | undefined;
  errors?: string[] | undefined;
  changed: boolean;
}) {
  const { ctx, design } = props;
  const l = ctx.locale;
  const draft = design.draft as Draft;
  const id = design.typeId;
  const title = localize((draft.title as LocalizedText) ?? { nl: id }, l);
  const steps = (draft.steps ?? []) as Draft[];
  const allFields = steps.flatMap((s) => (s.fields ?? []) as Draft[]);
  const printed = printedFields(draft);
  const doc = draft.document as Draft | undefined;
  const intro = doc?.blocks?.find((b: Draft) => b.type === 'paragraph')?.text;
  const themes = Object.entries(THEME_TITLES).filter(
    ([k]) => !['bevolking', 'burgerlijke-stand', 'strafregister'].includes(k),
  );
  const ownTheme = typeof draft.theme === 'string' && !(draft.theme in THEME_TITLES);
  const retention = (draft.retention ?? {}) as Draft;
  return (
    <BackofficeLayout ctx={ctx} title={`${bt(l, 'designer')}: ${title}`}>
      <div class="designer">
        <p>
          <a href="/backoffice/designer">{bt(l, 'designer')}</a>
        </p>
        <h1>{title}</h1>
        <p>
          {design.publishedVersion
            ? bt(l, 'published', { v: design.publishedVersion })
            : bt(l, 'unpublished')}
          {props.changed && design.publishedVersion ? ` – ${bt(l, 'changedSincePublish')}` : ''}
        </p>
        {props.notice ? (
          <p class="notice" role="status">
            {props.notice}
          </p>
        ) : null}
        <Problems l={l} title={bt(l, 'publishRefused')} errors={props.errors ?? []} />
        <nav class="designer-actions" aria-label={bt(l, 'designer')}>
          <ul>
            {LANGS.map((lang) => (
              <li>
                <a href={`${base(id)}/preview?in=${lang}`}>{`${bt(l, 'preview')} (${lang.toUpperCase()})`}</a>
              </li>
            ))}
            <li>
              <a href={`${base(id)}/versions`}>{bt(l, 'versions')}</a>
            </li>
            <li>
              <a href={`${base(id)}/export`} download={`${id}.json`}>
                {bt(l, 'export')}
              </a>
            </li>
          </ul>
        </nav>

        <section aria-labelledby="check-h" class="panel">
          <h2 id="check-h">{bt(l, 'check')}</h2>
          {props.findings.length === 0 && props.schemaErrors.length === 0 ? (
            <p>{bt(l, 'checkOk')}</p>
          ) : (
            <ul class="findings">
              {props.schemaErrors.map((e) => (
                <li>
                  <strong>{bt(l, 'error')}:</strong> {e}
                </li>
              ))}
              {props.findings.map((f) => (
                <li>
                  <strong>{bt(l, f.severity)}:</strong> {localize(f.message, l)}
                </li>
              ))}
            </ul>
          )}
          <form method="post" action={`${base(id)}/publish`} class="inline">
            <Csrf ctx={ctx} />
            <p class="hint">{bt(l, 'publishHint')}</p>
            <button type="submit">{bt(l, 'publish')}</button>
          </form>{' '}
          {design.publishedVersion ? (
            <form method="post" action={`${base(id)}/unpublish`} class="inline">
              <Csrf ctx={ctx} />
              <button type="submit" class="secondary">
                {bt(l, 'unpublish')}
              </button>
            </form>
          ) : null}
        </section>

        <form method="post" action={`${base(id)}/general`} class="panel">
          <Csrf ctx={ctx} />
          <h2>{bt(l, 'general')}</h2>
          <TextInputs l={l} name="title" legend={bt(l, 'title')} value={draft.title} required />
          <TextInputs l={l} name="description" legend={bt(l, 'description')} value={draft.description} area />
          <label for="g-theme">{bt(l, 'theme')}</label>
          <select id="g-theme" name="theme">
            {ownTheme ? (
              <option value="" selected>
                {bt(l, 'ownThemeSelected')}
              </option>
            ) : null}
            {themes.map(([k, v]) => (
              <option value={k} selected={draft.theme === k}>
                {localize(v, l)}
              </option>
            ))}
          </select>
          <fieldset>
            <legend>{bt(l, 'ownTheme')}</legend>
            <p class="hint" id="g-own-hint">
              {bt(l, 'ownThemeHint')}
            </p>
            <label for="g-own">{bt(l, 'ownThemeKey')}</label>
            <input
              type="text"
              id="g-own"
              name="themeOwn"
              maxLength={40}
              aria-describedby="g-own-hint"
              value={ownTheme ? String(draft.theme) : ''}
            />
            <TextInputs
              l={l}
              name="themeTitle"
              legend={bt(l, 'ownThemeTitle')}
              value={ownTheme ? draft.themeTitle : undefined}
              max={100}
            />
          </fieldset>
          <Choices
            type="checkbox"
            name="audience"
            idPrefix="g-aud"
            legend={bt(l, 'audience')}
            items={['citizen', 'organisation', 'anonymous'].map((a) => [a, bt(l, `audience.${a}`)] as const)}
            checked={(a) => (draft.audience ?? []).includes(a)}
          />
          <label for="g-level">{bt(l, 'minimumLevel')}</label>
          <select id="g-level" name="minimumLevel">
            {['none', 'low', 'substantial', 'high'].map((v) => (
              <option value={v} selected={draft.minimumLevel === v}>
                {bt(l, `level.${v}`)}
              </option>
            ))}
          </select>
          <Choices
            type="radio"
            name="outcome"
            idPrefix="g-out"
            legend={bt(l, 'dOutcome')}
            items={['review', 'acknowledge'].map((v) => [v, bt(l, `dOutcome.${v}`)] as const)}
            checked={(v) => draft.outcome === v}
          />
          <NumberInput
            id="g-lead"
            name="leadTimeDays"
            label={bt(l, 'dLeadTimeDays')}
            value={draft.leadTimeDays}
          />
          <button type="submit">{bt(l, 'save')}</button>
        </form>

        <section aria-labelledby="steps-h">
          <h2 id="steps-h">{bt(l, 'steps')}</h2>
          {steps.map((s, si) => {
            const stepName = localize(s.title ?? { nl: String(s.id) }, l);
            const stepAction = `${base(id)}/steps/${s.id}`;
            return (
              <section class="panel step" aria-labelledby={`step-${s.id}`}>
                <h3 id={`step-${s.id}`}>{`${bt(l, 'step', { n: si + 1 })}: ${stepName}`}</h3>
                <div class="row-actions">
                  <MoveActions
                    ctx={ctx}
                    action={stepAction}
                    name={stepName}
                    first={si === 0}
                    last={si === steps.length - 1}
                  />
                </div>
                {(s.fields ?? []).length === 0 ? (
                  <p>{bt(l, 'noFields')}</p>
                ) : (
                  <ol class="designer-fields">
                    {(s.fields as Draft[]).map((f) => {
                      const label = localize(f.label ?? { nl: String(f.name) }, l);
                      const pos = allFields.indexOf(f);
                      const fieldAction = `${base(id)}/fields/${f.name}`;
                      const cond = conditionText(l, draft, f);
                      return (
                        <li>
                          <span class="field-summary">
                            <strong>{label}</strong> – {kindLabel(l, f.kind)} –{' '}
                            {f.required === false ? bt(l, 'optional') : bt(l, 'required')}
                            {cond ? (
                              <>
                                {' – '}
                                <em>{cond}</em>
                              </>
                            ) : null}
                          </span>{' '}
                          <a href={fieldAction} aria-label={`${bt(l, 'edit')}: ${label}`}>
                            {bt(l, 'edit')}
                          </a>{' '}
                          <MoveActions
                            ctx={ctx}
                            action={fieldAction}
                            name={label}
                            first={pos === 0}
                            last={pos === allFields.length - 1}
                          />
                        </li>
                      );
                    })}
                  </ol>
                )}
                <form method="post" action={`${stepAction}/fields`} class="add-field">
                  <Csrf ctx={ctx} />
                  <fieldset>
                    <legend>{`${bt(l, 'addField')} (${stepName})`}</legend>
                    <label for={`af-kind-${s.id}`}>{bt(l, 'fieldKind')}</label>
                    <select id={`af-kind-${s.id}`} name="kind">
                      {FIELD_KINDS.map((k) => (
                        <option value={k}>{kindLabel(l, k)}</option>
                      ))}
                    </select>
                    <label for={`af-label-${s.id}`}>{bt(l, 'fieldLabel')}</label>
                    <input type="text" id={`af-label-${s.id}`} name="label" required maxLength={200} />
                    <button type="submit">{bt(l, 'addField')}</button>
                  </fieldset>
                </form>
                <form method="post" action={stepAction} class="edit-step">
                  <Csrf ctx={ctx} />
                  <TextInputs
                    l={l}
                    name="title"
                    legend={`${bt(l, 'stepTitle')} (${stepName})`}
                    value={s.title}
                    required
                  />
                  <button type="submit" name="op" value="save" class="secondary">
                    {bt(l, 'save')}
                  </button>
                </form>
              </section>
            );
          })}
          <form method="post" action={`${base(id)}/steps`} class="panel">
            <Csrf ctx={ctx} />
            <TextInputs l={l} name="title" legend={bt(l, 'addStep')} />
            <button type="submit">{bt(l, 'addStep')}</button>
          </form>
        </section>

        <form method="post" action={`${base(id)}/document`} class="panel">
          <Csrf ctx={ctx} />
          <h2>{bt(l, 'document')}</h2>
          <input type="checkbox" id="doc-on" name="document" value="on" checked={doc !== undefined} />{' '}
          <label for="doc-on">{bt(l, 'documentOn')}</label>
          <TextInputs l={l} name="docTitle" legend={bt(l, 'docTitle')} value={doc?.title} />
          <TextInputs l={l} name="intro" legend={bt(l, 'docIntro')} value={intro} area />
          <Choices
            type="checkbox"
            name="print"
            idPrefix="doc-print"
            legend={bt(l, 'docPrint')}
            items={allFields.map(
              (f) => [String(f.name), localize(f.label ?? { nl: String(f.name) }, l)] as const,
            )}
            checked={(name) => printed.has(name)}
          />
          <label for="doc-months">{bt(l, 'validMonths')}</label>
          <input
            type="text"
            inputMode="numeric"
            id="doc-months"
            name="validMonths"
            size={4}
            value={doc?.validMonths ? String(doc.validMonths) : ''}
          />
          <button type="submit">{bt(l, 'save')}</button>
        </form>

        <form method="post" action={`${base(id)}/terms`} class="panel">
          <Csrf ctx={ctx} />
          <h2>{bt(l, 'terms')}</h2>
          <TextInputs
            l={l}
            name="expectedDelivery"
            legend={bt(l, 'expectedDelivery')}
            value={draft.expectedDelivery}
          />
          <p class="hint">{bt(l, 'expectedDeliveryHint')}</p>
          <NumberInput
            id="t-form-days"
            name="formDataDays"
            label={bt(l, 'dFormDataDays')}
            value={retention.formDataDays}
          />
          <NumberInput
            id="t-doc-months"
            name="documentMonths"
            label={bt(l, 'dDocumentMonths')}
            value={retention.documentMonths}
          />
          <label for="t-fee">{bt(l, 'feeEuro')}</label>
          <p class="hint" id="t-fee-hint">
            {bt(l, 'feeHint')}
          </p>
          <input
            type="text"
            inputMode="decimal"
            id="t-fee"
            name="fee"
            size={8}
            aria-describedby="t-fee-hint"
            value={draft.feeCents ? (draft.feeCents / 100).toFixed(2).replace('.', ',') : ''}
          />
          <Choices
            type="radio"
            name="feePayment"
            idPrefix="t-pay"
            legend={bt(l, 'feePayment')}
            items={['before_submit', 'after_approval'].map((v) => [v, bt(l, `feePayment.${v}`)] as const)}
            checked={(v) => (draft.feePayment ?? 'before_submit') === v}
          />
          <NumberInput
            id="t-pay-days"
            name="payWithinDays"
            label={bt(l, 'payWithinDays')}
            value={draft.payWithinDays}
          />
          <button type="submit">{bt(l, 'save')}</button>
        </form>

        <form method="post" action={`${base(id)}/mails`} class="panel">
          <Csrf ctx={ctx} />
          <h2 id="mails-h">{bt(l, 'mailTexts')}</h2>
          <p class="hint" id="mails-hint">
            {bt(l, 'mailTextsHint')}
          </p>
          <ul class="hint placeholders">
            {allFields.map((f) => (
              <li>
                <code>{`{{answers.${f.name}}}`}</code> {localize(f.label ?? { nl: String(f.name) }, l)}
              </li>
            ))}
          </ul>
          {MAIL_TEXT_KINDS.map((kind) => (
            <TextInputs
              l={l}
              name={`mail.${kind}`}
              legend={bt(l, `mail.${kind}`)}
              value={draft.mailTexts?.[kind]}
              area
            />
          ))}
          <button type="submit">{bt(l, 'save')}</button>
        </form>
      </div>
    </BackofficeLayout>
  );
}

/**
 * One option of a choice field: its value (what rules, conditions and documents read), its
 * labels, and buttons to move or remove it (they save the whole form, so they work without
 * JavaScript). The last row is empty: filled in, it adds an option.
 */
function ChoiceOption(props: { l: Locale; index: number; option: Draft; last: boolean; isNew: boolean }) {
  const { l, index: i, option: o } = props;
  const name = localize(o.label?.nl ? o.label : { nl: String(o.value) }, l);
  const legend = props.isNew ? bt(l, 'newOption') : bt(l, 'option', { n: i + 1 });
  return (
    <fieldset class="choice-option">
      <legend>{legend}</legend>
      {props.isNew ? null : <input type="hidden" name={`option${i}.was`} value={o.value} />}
      <label for={`option-${i}-value`}>{bt(l, 'optionValue')}</label>
      <input
        type="text"
        id={`option-${i}-value`}
        name={`option${i}.value`}
        value={o.value}
        maxLength={40}
        pattern="[a-z0-9][a-z0-9\-]*"
        aria-describedby="option-value-hint"
      />
      <TextInputs l={l} name={`option${i}`} legend={`${legend}: ${bt(l, 'optionLabel')}`} value={o.label} />
      {props.isNew ? null : (
        <div class="row-actions">
          {(
            [
              ['up', 'moveUp', i > 0],
              ['down', 'moveDown', !props.last],
              ['remove', 'remove', true],
            ] as const
          ).map(([op, text, shown]) =>
            shown ? (
              <button
                type="submit"
                name="optionOp"
                value={`${op}:${i}`}
                class="secondary"
                aria-label={`${bt(l, text)}: ${name}`}
              >
                {bt(l, text)}
              </button>
            ) : null,
          )}
        </div>
      )}
    </fieldset>
  );
}

/** One field's settings, with the condition picker. */
export function DesignerFieldPage(props: {
  ctx: BackofficeContext;
  typeId: string;
  draft: Draft;
  field: Draft;
  notice?: string | undefined;
  errors?: string[] | undefined;
}) {
  const { ctx, field: f, draft } = props;
  const l = ctx.locale;
  const label = localize(f.label ?? { nl: String(f.name) }, l);
  const choices = earlierChoices(draft, f.name);
  const options = [...((f.options ?? []) as Draft[]), { value: '', label: {} }];
  return (
    <BackofficeLayout ctx={ctx} title={bt(l, 'fieldSettings', { label })}>
      <div class="designer">
        <p>
          <a href={base(props.typeId)}>{bt(l, 'backToType')}</a>
        </p>
        <h1>{bt(l, 'fieldSettings', { label })}</h1>
        <p>{kindLabel(l, f.kind)}</p>
        {props.notice ? (
          <p class="notice" role="status">
            {props.notice}
          </p>
        ) : null}
        <Problems l={l} title={bt(l, 'notSaved')} errors={props.errors ?? []} />
        <form method="post" action={`${base(props.typeId)}/fields/${f.name}`} class="panel">
          <Csrf ctx={ctx} />
          {/* Enter in a text box saves: the form's first button, before the options' own buttons. */}
          <button type="submit" name="op" value="save" class="default-submit" tabIndex={-1}>
            {bt(l, 'save')}
          </button>
          <TextInputs l={l} name="label" legend={bt(l, 'dQuestion')} value={f.label} required />
          <TextInputs l={l} name="help" legend={bt(l, 'help')} value={f.help} area max={1000} />
          {f.kind !== 'boolean' ? (
            <p>
              <input
                type="checkbox"
                id="f-required"
                name="required"
                value="on"
                checked={f.required !== false}
              />{' '}
              <label for="f-required">{bt(l, 'required')}</label>
            </p>
          ) : null}
          {f.kind === 'text' || f.kind === 'textarea' ? (
            <>
              <label for="f-max">{bt(l, 'maxLength')}</label>
              <input
                type="text"
                inputMode="numeric"
                id="f-max"
                name="max"
                size={5}
                value={f.max ? String(f.max) : ''}
              />
            </>
          ) : null}
          {f.kind === 'text' ? (
            <>
              <label for="f-pattern">{bt(l, 'pattern')}</label>
              <input type="text" id="f-pattern" name="pattern" maxLength={200} value={f.pattern ?? ''} />
              <TextInputs
                l={l}
                name="patternMessage"
                legend={bt(l, 'patternMessage')}
                value={f.patternMessage}
              />
            </>
          ) : null}
          {f.kind === 'number' ? (
            <>
              <label for="f-min">{bt(l, 'min')}</label>
              <input type="text" inputMode="decimal" id="f-min" name="min" size={8} value={f.min ?? ''} />
              <label for="f-nmax">{bt(l, 'max')}</label>
              <input type="text" inputMode="decimal" id="f-nmax" name="max" size={8} value={f.max ?? ''} />
            </>
          ) : null}
          {f.kind === 'iban' ? (
            <p>
              <input type="checkbox" id="f-belgian" name="belgian" value="on" checked={f.belgian === true} />{' '}
              <label for="f-belgian">{bt(l, 'belgian')}</label>
            </p>
          ) : null}
          {f.kind === 'file' ? (
            <>
              <Choices
                type="checkbox"
                name="accept"
                idPrefix="f-accept"
                legend={bt(l, 'accept')}
                items={FILE_TYPES.map((t) => [t, bt(l, `accept.${t}`)] as const)}
                checked={(t) => (f.accept ?? []).includes(t)}
              />
              <label for="f-mb">{bt(l, 'maxMegabytes')}</label>
              <input
                type="text"
                inputMode="numeric"
                id="f-mb"
                name="maxMegabytes"
                size={3}
                value={String(Math.round((f.maxBytes ?? 5 * 1024 * 1024) / 1024 / 1024))}
              />
            </>
          ) : null}
          {f.kind === 'choice' ? (
            <fieldset>
              <legend>{bt(l, 'options')}</legend>
              <p class="hint">{bt(l, 'optionsHint')}</p>
              <p class="hint" id="option-value-hint">
                {bt(l, 'optionValueHint')}
              </p>
              {options.map((o, i) => (
                <ChoiceOption
                  l={l}
                  index={i}
                  option={o}
                  last={i === options.length - 2}
                  isNew={i === options.length - 1}
                />
              ))}
            </fieldset>
          ) : null}
          <fieldset>
            <legend>{bt(l, 'condition')}</legend>
            {choices.length === 0 ? (
              <p class="hint">{bt(l, 'noConditionPossible')}</p>
            ) : (
              <>
                <p>
                  <input type="radio" id="c-always" name="showWhen.field" value="" checked={!f.showWhen} />{' '}
                  <label for="c-always">{bt(l, 'always')}</label>
                </p>
                {choices.map((c) => {
                  const cl = localize(c.label ?? { nl: String(c.name) }, l);
                  return (
                    <fieldset>
                      <legend>
                        <input
                          type="radio"
                          id={`c-${c.name}`}
                          name="showWhen.field"
                          value={String(c.name)}
                          checked={f.showWhen?.field === c.name}
                        />{' '}
                        <label for={`c-${c.name}`}>{bt(l, 'onlyWhen', { field: cl })}</label>
                      </legend>
                      {((c.options ?? []) as Draft[]).map((o) => (
                        <span>
                          <input
                            type="checkbox"
                            id={`c-${c.name}-${o.value}`}
                            name={`showWhen.in.${c.name}`}
                            value={String(o.value)}
                            checked={f.showWhen?.field === c.name && (f.showWhen.in ?? []).includes(o.value)}
                          />{' '}
                          <label for={`c-${c.name}-${o.value}`}>
                            {localize(o.label ?? { nl: String(o.value) }, l)}
                          </label>{' '}
                        </span>
                      ))}
                    </fieldset>
                  );
                })}
              </>
            )}
          </fieldset>
          <button type="submit" name="op" value="save">
            {bt(l, 'save')}
          </button>
        </form>
      </div>
    </BackofficeLayout>
  );
}

/** The versions of a type, each with what changed since the one before, and the draft's changes. */
export function DesignerVersionsPage(props: {
  ctx: BackofficeContext;
  typeId: string;
  title: LocalizedText;
  versions: Array<{ record: RequestTypeVersionRecord; changes: LocalizedText[] }>;
  draftChanges: LocalizedText[];
}) {
  const { ctx } = props;
  const l = ctx.locale;
  return (
    <BackofficeLayout ctx={ctx} title={`${bt(l, 'versions')}: ${localize(props.title, l)}`}>
      <div class="designer">
        <p>
          <a href={base(props.typeId)}>{bt(l, 'backToType')}</a>
        </p>
        <h1>{`${bt(l, 'versions')}: ${localize(props.title, l)}`}</h1>
        <section class="panel" aria-labelledby="draft-changes">
          <h2 id="draft-changes">{bt(l, 'draftChanges')}</h2>
          {props.draftChanges.length === 0 ? (
            <p>{bt(l, 'noChanges')}</p>
          ) : (
            <ul>
              {props.draftChanges.map((c) => (
                <li>{localize(c, l)}</li>
              ))}
            </ul>
          )}
        </section>
        {props.versions.length === 0 ? <p>{bt(l, 'noVersions')}</p> : null}
        {[...props.versions].reverse().map(({ record, changes }) => (
          <section class="panel" aria-labelledby={`v-${record.version}`}>
            <h2 id={`v-${record.version}`}>
              {bt(l, 'dVersion', { v: record.version })} –{' '}
              {bt(l, 'versionBy', { date: formatDate(l, record.createdAt, true) })}
            </h2>
            {record.version === 1 ? (
              <p>{bt(l, 'firstVersion')}</p>
            ) : changes.length === 0 ? (
              <p>{bt(l, 'noChanges')}</p>
            ) : (
              <ul>
                {changes.map((c) => (
                  <li>{localize(c, l)}</li>
                ))}
              </ul>
            )}
          </section>
        ))}
      </div>
    </BackofficeLayout>
  );
}

/**
 * The form as a citizen sees it, one step at a time, in one language (links to the other
 * languages of the same step); nothing is sent: the previous and next steps are links.
 */
export function DesignerPreviewPage(props: {
  ctx: PageContext;
  title: LocalizedText;
  description: LocalizedText;
  form: FormDefinition;
  /** The step shown, 1 to the number of steps. */
  step: number;
  url: (locale: UiLocale, step: number) => string;
  backUrl: string;
}) {
  const { ctx, form } = props;
  const l = ctx.locale;
  const title = localize(props.title, l);
  const count = form.steps.length;
  const s = form.steps[props.step - 1];
  return (
    <Layout ctx={ctx} title={title}>
      <p class="notice" role="status">
        {bt(l, 'previewNotice')} <a href={props.backUrl}>{bt(l, 'backToType')}</a>
      </p>
      <nav aria-label={bt(l, 'previewLanguages')}>
        <ul class="preview-langs">
          {LANGS.map((lang) => (
            <li>
              <a
                href={props.url(lang, props.step)}
                lang={lang}
                hreflang={lang}
                aria-current={lang === l ? 'page' : undefined}
              >
                {bt(lang, `lang_${lang}`)}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <h1>{title}</h1>
      <p>{localize(props.description, l)}</p>
      {s ? (
        <form aria-label={title} novalidate>
          <section aria-labelledby="preview-step">
            <h2 id="preview-step">
              {bt(l, 'stepOf', { n: props.step, count, title: localize(s.title, l) })}
            </h2>
            <FormFields form={form} locale={l} values={{}} issues={[]} step={s.id} />
          </section>
        </form>
      ) : null}
      <nav aria-label={bt(l, 'previewSteps')}>
        <ul class="preview-steps">
          {props.step > 1 ? (
            <li>
              <a href={props.url(l as UiLocale, props.step - 1)}>{bt(l, 'previousStep')}</a>
            </li>
          ) : null}
          {props.step < count ? (
            <li>
              <a href={props.url(l as UiLocale, props.step + 1)}>{bt(l, 'nextStep')}</a>
            </li>
          ) : null}
        </ul>
      </nav>
      <script src="/assets/forms.js" defer />
    </Layout>
  );
}
