/** @jsxImportSource preact */
import {
  type AssessedFee,
  type FieldIssue,
  type FieldMeta,
  type FormDefinition,
  fields as fieldBuilders,
  formatIban,
  formatInsz,
  formatKbo,
  type Locale,
  type LocalizedText,
  localize,
  type PrefilledField,
  type RequestState,
  type RequestTypeDefinition,
} from '@smartloket/core';
import type { NearbyOpenReport } from '@smartloket/runtime';
import type { FormPageStep } from '../forms.js';
import { applies } from '../forms.js';
import { formatBytes, formatCost, formatDate, formatShortDate, stateLabel, t } from '../messages.js';
import type { ReportMapConfig } from '../report-map.js';
import { FormFields, fileValue } from './form.js';
import { Layout, type PageContext } from './layout.js';

/** The e-mail question for anonymous requesters (not part of the request type's form). */
export const ANONYMOUS_EMAIL: FieldMeta = {
  ...fieldBuilders.email({
    label: { nl: 'Uw e-mailadres', fr: 'Votre adresse e-mail', en: 'Your e-mail address' },
    help: {
      nl: 'We sturen u hierop een ontvangstbevestiging en nieuws over uw aanvraag.',
      fr: 'Nous vous y enverrons un accusé de réception et des nouvelles de votre demande.',
      en: 'We send a receipt and news about your request to this address.',
    },
  }).meta,
};

/** Links to the fields in error, above the form (WCAG 3.3.1). */
function ErrorSummary(props: { locale: Locale; issues: FieldIssue[]; form: FormDefinition }) {
  if (props.issues.length === 0) return null;
  return (
    <div class="error-summary" role="alert" aria-labelledby="error-summary-title" tabIndex={-1}>
      <h2 id="error-summary-title">{t(props.locale, 'errorSummary')}</h2>
      <ul>
        {props.issues.map((i) => {
          const field = i.path.split('.')[0] ?? '';
          const meta = props.form.fields[field] ?? (field === '_email' ? ANONYMOUS_EMAIL : undefined);
          return (
            <li>
              <a href={`#f-${field}`}>
                {meta ? `${localize(meta.label, props.locale)}: ` : ''}
                {localize(i.message, props.locale)}
              </a>
            </li>
          );
        })}
      </ul>
    </div>
  );
}

/** One step of a request form. */
export function FormPage(props: {
  ctx: PageContext;
  def: RequestTypeDefinition;
  form: FormDefinition;
  steps: FormPageStep[];
  stepIndex: number;
  values: Record<string, unknown>;
  issues: FieldIssue[];
  draftId: string;
  askEmail: boolean;
  anonymousEmail?: string | undefined;
  /** Labels of saved answers that no longer fit a changed form (decision 0803). */
  recheck?: LocalizedText[] | undefined;
  /** Offer "Bewaar en ga later verder". */
  canSave?: boolean | undefined;
  /** A saved draft: the day it is deleted, told to the requester. */
  keptUntil?: Date | undefined;
  /** Fields filled in from an authentic source (shown with their origin; locked ones read-only). */
  prefilled?: Record<string, PrefilledField> | undefined;
  /** The map of a report's place (meldingen), shown on the step with the `location` field. */
  map?: ReportMapConfig | undefined;
}) {
  const { ctx, def, form, steps, stepIndex } = props;
  const l = ctx.locale;
  const step = steps[stepIndex]!;
  const title = localize(def.title, l);
  const stepForm: FormDefinition = {
    ...form,
    fields: Object.fromEntries(step.fields.map((n) => [n, form.fields[n]!])),
  };
  const multipart = Object.values(form.fields).some((m) => m.kind === 'file');
  const last = stepIndex === steps.length - 1;
  return (
    <Layout ctx={ctx} title={props.issues.length ? `${t(l, 'errorSummary')}: ${title}` : title}>
      <h1>{title}</h1>
      {steps.length > 1 ? (
        <p class="step">
          {t(l, 'stepOf', { n: stepIndex + 1, total: steps.length })}
          {step.title ? `: ${localize(step.title, l)}` : ''}
        </p>
      ) : null}
      <p>{localize(def.description, l)}</p>
      {props.recheck?.length ? (
        <div class="notice" role="status">
          <p>{t(l, 'recheckIntro')}</p>
          <ul>
            {props.recheck.map((label) => (
              <li>{localize(label, l)}</li>
            ))}
          </ul>
        </div>
      ) : null}
      {props.keptUntil ? (
        <p class="notice">{t(l, 'draftKeptUntil', { date: formatShortDate(l, props.keptUntil) })}</p>
      ) : null}
      <ErrorSummary locale={l} issues={props.issues} form={form} />
      <form
        method="post"
        action={`/request/${def.id}`}
        enctype={multipart ? 'multipart/form-data' : undefined}
        novalidate
      >
        <input type="hidden" name="_csrf" value={ctx.csrf ?? ''} />
        <input type="hidden" name="_draft" value={props.draftId} />
        <input type="hidden" name="_step" value={String(stepIndex)} />
        {props.askEmail && stepIndex === 0 ? (
          <FormFields
            form={{ ...form, fields: { _email: ANONYMOUS_EMAIL } }}
            locale={l}
            values={{ _email: props.anonymousEmail }}
            issues={props.issues}
          />
        ) : null}
        <FormFields
          form={stepForm}
          locale={l}
          values={props.values}
          issues={props.issues}
          prefilled={props.prefilled}
        />
        <div class="actions">
          {stepIndex > 0 ? (
            <button type="submit" name="_action" value="back" class="secondary">
              {t(l, 'previous')}
            </button>
          ) : null}
          <button type="submit" name="_action" value="next">
            {last ? t(l, 'toSummary') : t(l, 'next')}
          </button>
          {props.canSave ? (
            <button type="submit" name="_action" value="save" class="secondary" formnovalidate>
              {t(l, 'saveForLater')}
            </button>
          ) : null}
        </div>
      </form>
      <script src="/assets/forms.js" defer />
      {props.map && stepForm.fields.location ? <ReportMap map={props.map} locale={l} /> : null}
    </Layout>
  );
}

/**
 * The map of a report's place: hidden until its script moves it above the location field (so a
 * page without JavaScript shows only the fields). Leaflet's styles and scripts come from the
 * portal itself; the tiles from the configured origin.
 */
function ReportMap(props: { map: ReportMapConfig; locale: Locale }) {
  const l = props.locale;
  return (
    <>
      <link rel="stylesheet" href="/assets/leaflet.css" />
      <div
        id="report-map"
        class="report-map"
        hidden
        data-tiles={props.map.tileUrl}
        data-attribution={props.map.attribution}
        data-lat={String(props.map.lat)}
        data-lon={String(props.map.lon)}
        data-zoom={String(props.map.zoom)}
        data-placed={t(l, 'reportMapPlaced')}
        data-nolocation={t(l, 'reportMapNoLocation')}
      >
        <p class="hint" id="report-map-hint">
          {t(l, 'reportMapHint')}
        </p>
        <section
          class="report-map-canvas"
          aria-label={t(l, 'reportMapLabel')}
          aria-describedby="report-map-hint"
        />
        <button type="button" class="secondary report-map-locate" hidden>
          {t(l, 'reportMapLocate')}
        </button>
        <p class="report-map-status" role="status" />
      </div>
      <script src="/assets/leaflet.js" defer />
      <script src="/assets/report-map.js" defer />
    </>
  );
}

/** The summary before submitting: every answer, with a change button per step. */
export function SummaryPage(props: {
  ctx: PageContext;
  def: RequestTypeDefinition;
  form: FormDefinition;
  steps: FormPageStep[];
  values: Record<string, unknown>;
  draftId: string;
  anonymousEmail?: string | undefined;
  /** Fields filled in from an authentic source: the summary says where they came from. */
  prefilled?: Record<string, PrefilledField> | undefined;
  /** The fee the request would be filed under now (absent: free). */
  fee?: AssessedFee | undefined;
  /** Open reports of the same category nearby (reports only): follow one instead of filing. */
  nearby?: NearbyOpenReport[] | undefined;
}) {
  const { ctx, def, form, steps, values } = props;
  const l = ctx.locale;
  return (
    <Layout ctx={ctx} title={`${t(l, 'summaryTitle')}: ${localize(def.title, l)}`}>
      <h1>{t(l, 'summaryTitle')}</h1>
      <p>
        <strong>{localize(def.title, l)}</strong>
      </p>
      <p>{t(l, 'summaryIntro')}</p>
      <form method="post" action={`/request/${def.id}`}>
        <input type="hidden" name="_csrf" value={ctx.csrf ?? ''} />
        <input type="hidden" name="_draft" value={props.draftId} />
        {steps.map((step, index) =>
          // A step left without fields (dynamic choices with nothing to choose) is not shown.
          step.fields.length === 0 ? null : (
            <section class="summary" aria-labelledby={`summary-${index}`}>
              <h2 id={`summary-${index}`}>
                {step.title
                  ? localize(step.title, l)
                  : steps.length > 1
                    ? t(l, 'stepOf', { n: index + 1, total: steps.length })
                    : localize(def.title, l)}
              </h2>
              <dl>
                {index === 0 && props.anonymousEmail ? (
                  <div>
                    <dt>{localize(ANONYMOUS_EMAIL.label, l)}</dt>
                    <dd>{props.anonymousEmail}</dd>
                  </div>
                ) : null}
                {step.fields
                  .filter((n) => applies(form.fields[n]!, values, form))
                  .map((n) => (
                    <div>
                      {/* A label that is a question ends in "?": no colon is added after it. */}
                      <dt
                        class={/[?:!]$/.test(localize(form.fields[n]!.label, l)) ? 'punctuated' : undefined}
                      >
                        {localize(form.fields[n]!.label, l)}
                      </dt>
                      <dd>
                        {displayValue(form.fields[n]!, values[n], l)}
                        {props.prefilled?.[n] ? (
                          <span class="origin"> ({localize(props.prefilled[n].origin, l)})</span>
                        ) : null}
                      </dd>
                    </div>
                  ))}
              </dl>
              <button type="submit" name="_action" value={`edit:${index}`} class="secondary">
                {t(l, 'change')}
                <span class="visually-hidden">
                  {' '}
                  {step.title ? localize(step.title, l) : localize(def.title, l)}
                </span>
              </button>
            </section>
          ),
        )}
        {props.fee ? <FeeSummary fee={props.fee} locale={l} /> : null}
        {props.nearby && props.nearby.length > 0 ? (
          <NearbyReports nearby={props.nearby} form={form} locale={l} />
        ) : null}
        <div class="actions">
          <button type="submit" name="_action" value="submit">
            {props.nearby && props.nearby.length > 0 ? t(l, 'nearbyFileAnyway') : t(l, 'submit')}
          </button>
        </div>
      </form>
    </Layout>
  );
}

/**
 * The open reports of the same category near the place (decision 1501): what, how far, since
 * when and where it stands, each with a button to follow it instead of filing a new one.
 */
function NearbyReports(props: { nearby: NearbyOpenReport[]; form: FormDefinition; locale: Locale }) {
  const l = props.locale;
  const subs = props.form.fields.subCategory?.options ?? [];
  return (
    <section class="nearby-reports" aria-labelledby="nearby-title">
      <h2 id="nearby-title">{t(l, 'nearbyTitle')}</h2>
      <p>{t(l, 'nearbyIntro')}</p>
      <ul>
        {props.nearby.map((n) => {
          const sub = subs.find((o) => o.value === n.subCategoryId);
          return (
            <li>
              <strong>{sub ? localize(sub.label, l) : t(l, 'nearbySameCategory')}</strong>
              {' — '}
              {t(l, 'nearbyFacts', {
                distance: String(n.distanceMetres),
                date: formatDate(l, n.createdAt),
                state: stateLabel(l, n.state as RequestState),
              })}{' '}
              <button type="submit" name="_action" value={`follow:${n.requestId}`} class="secondary">
                {t(l, 'nearbyFollow')}
                <span class="visually-hidden"> {n.reference}</span>
              </button>
            </li>
          );
        })}
      </ul>
    </section>
  );
}

/** A value as the summary shows it. */
export function displayValue(meta: FieldMeta, value: unknown, l: Locale): string {
  if (value === undefined || value === null || value === '') {
    if (meta.kind === 'choice' && meta.options?.length) return localize(meta.options[0]!.label, l);
    return meta.kind === 'boolean' ? t(l, 'no') : t(l, 'notGiven');
  }
  switch (meta.kind) {
    case 'choice':
      return localize(meta.options?.find((o) => o.value === value)?.label ?? { nl: String(value) }, l);
    case 'boolean':
      return value === true ? t(l, 'yes') : t(l, 'no');
    case 'insz':
      try {
        return formatInsz(String(value));
      } catch {
        return String(value);
      }
    case 'iban':
      return formatIban(String(value));
    case 'kbo':
      try {
        return formatKbo(String(value));
      } catch {
        return String(value);
      }
    case 'date':
      // Belgian order: dd/mm/jjjj.
      return /^\d{4}-\d{2}-\d{2}$/.test(String(value))
        ? String(value).split('-').reverse().join('/')
        : String(value);
    case 'file': {
      const f = fileValue(value);
      return f ? `${f.fileName} (${formatBytes(f.size)})` : t(l, 'notGiven');
    }
    case 'address': {
      const a = value as Record<string, string>;
      return `${a.street ?? ''} ${a.number ?? ''}${a.box ? ` bus ${a.box}` : ''}, ${a.postcode ?? ''} ${a.municipality ?? ''}`;
    }
    default:
      return String(value);
  }
}

/** Asks to log in first (a type that is not for anonymous requesters). */
export function LoginNeededPage(props: {
  ctx: PageContext;
  def: RequestTypeDefinition;
  returnTo: string;
  /** The municipality accepts this certificate without login (decision 1401). */
  withoutLogin?: boolean | undefined;
}) {
  const { ctx, def } = props;
  const l = ctx.locale;
  const back = encodeURIComponent(props.returnTo);
  return (
    <Layout ctx={ctx} title={`${t(l, 'loginTitle')}: ${localize(def.title, l)}`}>
      <h1>{localize(def.title, l)}</h1>
      <p>{localize(def.description, l)}</p>
      <p>{t(l, 'loginNeeded')}</p>
      <ul class="buttons">
        {def.audience.includes('citizen') ? (
          <li>
            <a class="button" href={`/login?returnTo=${back}&capacity=BUR`}>
              {t(l, 'loginAsCitizen')}
            </a>
          </li>
        ) : null}
        {def.audience.includes('organisation') ? (
          <li>
            <a class="button secondary" href={`/login?returnTo=${back}`}>
              {t(l, 'loginForOrganisation')}
            </a>
          </li>
        ) : null}
      </ul>
      {props.withoutLogin ? (
        <section aria-labelledby="without-login">
          <h2 id="without-login">{t(l, 'withoutLoginTitle')}</h2>
          <p>{t(l, 'withoutLoginIntro')}</p>
          <p>
            <a class="button secondary" href={`/request/${encodeURIComponent(def.id)}?withoutLogin=1`}>
              {t(l, 'withoutLoginButton')}
            </a>
          </p>
        </section>
      ) : null}
    </Layout>
  );
}

/** A short page with a heading, a message and a link. */
export function MessagePage(props: {
  ctx: PageContext;
  title: string;
  message: string;
  link?: { href: string; text: string } | undefined;
}) {
  return (
    <Layout ctx={props.ctx} title={props.title}>
      <h1>{props.title}</h1>
      <p>{props.message}</p>
      <p>
        <a href={props.link?.href ?? '/'}>{props.link?.text ?? t(props.ctx.locale, 'backHome')}</a>
      </p>
    </Layout>
  );
}

/** "Do you want to log out?" with the logout button (the header's logout link leads here). */
export function LogoutPage(props: { ctx: PageContext; title: string; question: string }) {
  const l = props.ctx.locale;
  return (
    <Layout ctx={props.ctx} title={props.title}>
      <h1>{props.title}</h1>
      <p>{props.question}</p>
      <form method="post" action="/logout" class="actions">
        <input type="hidden" name="_csrf" value={props.ctx.csrf ?? ''} />
        <button type="submit">{t(l, 'logout')}</button>
        <a class="button secondary" href="/my">
          {t(l, 'stayLoggedIn')}
        </a>
      </form>
    </Layout>
  );
}

/** What the request costs: the amount to pay, or that it is waived and why (issue 21). */
export function FeeSummary(props: { fee: AssessedFee; locale: Locale }) {
  const { fee, locale: l } = props;
  return (
    <section class="summary" aria-labelledby="summary-fee">
      <h2 id="summary-fee">{t(l, 'feeTitle')}</h2>
      <dl>
        <div>
          <dt>{t(l, 'feeToPay')}</dt>
          <dd>
            {fee.waiver
              ? `${formatCost(l, 0)} (${t(l, 'feeWaived')}, ${t(l, 'feeWaivedOf')} ${formatCost(l, fee.scheduledCents)})`
              : formatCost(l, fee.amountCents)}
          </dd>
        </div>
        {fee.waiver ? (
          <div>
            <dt>{t(l, 'feeWaiverReason')}</dt>
            <dd>{localize(fee.waiver.reason, l)}</dd>
          </div>
        ) : null}
      </dl>
    </section>
  );
}
