/** @jsxImportSource preact */
import {
  type ClosingDay,
  type FeeScheduleEntry,
  formatKbo,
  type LocalizedText,
  localize,
  type PaymentMoment,
} from '@smartloket/core';
import type { GrantRecord, JobRecord } from '@smartloket/db';
import { bt } from '../../backoffice-messages.js';
import { formatCost, formatDate } from '../../messages.js';
import { belgianDay, DayInput } from './day-input.js';
import { type BackofficeContext, BackofficeLayout } from './layout.js';

/** Filing a request at the counter for a citizen whose identity was checked. */
export function CounterPage(props: {
  ctx: BackofficeContext;
  types: { id: string; title: LocalizedText }[];
  error?: string | undefined;
}) {
  const { ctx } = props;
  const l = ctx.locale;
  return (
    <BackofficeLayout ctx={ctx} title={bt(l, 'counterTitle')}>
      <h1>{bt(l, 'counterTitle')}</h1>
      <p>{bt(l, 'counterIntro')}</p>
      {props.error ? (
        <p class="conflict" role="alert">
          {props.error}
        </p>
      ) : null}
      <form method="post" action="/backoffice/counter" class="panel">
        <input type="hidden" name="_csrf" value={ctx.csrf} />
        <input type="hidden" name="_key" value={crypto.randomUUID()} />
        <label for="c-type">{bt(l, 'type')}</label>
        <select id="c-type" name="type">
          {props.types.map((t) => (
            <option value={t.id}>{localize(t.title, l)}</option>
          ))}
        </select>
        <label for="c-insz">{bt(l, 'insz')}</label>
        <input type="text" id="c-insz" name="insz" required autocomplete="off" />
        <label for="c-given">{bt(l, 'givenName')}</label>
        <input type="text" id="c-given" name="givenName" autocomplete="off" />
        <label for="c-family">{bt(l, 'familyName')}</label>
        <input type="text" id="c-family" name="familyName" autocomplete="off" />
        <label for="c-email">{bt(l, 'email')}</label>
        <input type="email" id="c-email" name="email" autocomplete="off" />
        <label for="c-purpose">{bt(l, 'purpose')}</label>
        <input type="text" id="c-purpose" name="purpose" maxLength={200} />
        <p>
          <input type="checkbox" id="c-checked" name="identityChecked" value="1" required />{' '}
          <label for="c-checked" class="choice">
            {bt(l, 'identityChecked')}
          </label>
        </p>
        <button type="submit">{bt(l, 'file')}</button>
      </form>
    </BackofficeLayout>
  );
}

export interface ModuleView {
  id: string;
  packageName?: string | undefined;
  version?: string | undefined;
  enabled: boolean;
  sources: Record<string, { fields?: readonly string[]; legalBasis?: string }>;
  types: {
    id: string;
    title: LocalizedText;
    kind: string;
    enabled: boolean;
    autoDelivery: boolean;
    documentMonths: number;
    /** Requests without login: accepted, not accepted, or forbidden by the plugin. */
    withoutLogin: 'on' | 'off' | 'forbidden';
    /** Deadlines (decision 0902): the municipality's values (undefined: the plugin's) and the plugin's. */
    deadlines: TypeDeadlinesView;
    /** The fee (issue 21): the plugin's default, the municipality's schedule and what is in force. */
    fee: TypeFeeView;
  }[];
}

export interface TypeFeeView {
  defaultCents: number;
  inForceCents: number;
  payment: PaymentMoment;
  schedule: FeeScheduleEntry[];
}

/** The fee fields of one request type on the modules page: what is set, and a new amount from a day. */
function TypeFeeFields(props: { l: BackofficeContext['locale']; typeId: string; f: TypeFeeView }) {
  const { l, typeId: id, f } = props;
  return (
    <fieldset class="field">
      <legend>{bt(l, 'fees')}</legend>
      <p>
        {bt(l, 'feeInForce')}:{' '}
        <strong>{f.inForceCents > 0 ? formatCost(l, f.inForceCents) : bt(l, 'free')}</strong>
        {' – '}
        {bt(l, 'feePluginDefault')}: {f.defaultCents > 0 ? formatCost(l, f.defaultCents) : bt(l, 'free')}
        {' – '}
        {bt(l, 'feePayment')}: {bt(l, `feePayment.${f.payment}`)}
      </p>
      {f.schedule.length > 0 ? (
        <>
          <p>{bt(l, 'feeSchedule')}:</p>
          <ul>
            {f.schedule.map((e) => (
              <li>
                {formatCost(l, e.amountCents)} {bt(l, 'feeFromDay', { day: belgianDay(e.from) })}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      <p>
        <small id={`fee-${id}-help`}>{bt(l, 'feeHelp')}</small>
      </p>
      <label for={`fee-${id}`}>{bt(l, 'feeNewAmount')}</label>
      <input
        type="text"
        id={`fee-${id}`}
        name="feeAmount"
        inputMode="decimal"
        size={8}
        autocomplete="off"
        aria-describedby={`fee-${id}-help`}
      />
      <label for={`fee-from-${id}`}>{bt(l, 'feeNewFrom')}</label>
      <DayInput locale={l} id={`fee-from-${id}`} name="feeFrom" />
    </fieldset>
  );
}

export interface TypeDeadlinesView {
  leadTimeDays?: number | undefined;
  defaultLeadTimeDays?: number | undefined;
  answerDays?: number | undefined;
  defaultAnswerDays: number;
  onNoAnswer?: 'return' | 'close' | undefined;
  defaultOnNoAnswer: 'return' | 'close';
}

/** The deadline fields of one request type on the modules page. */
function TypeDeadlinesFields(props: {
  l: BackofficeContext['locale'];
  typeId: string;
  d: TypeDeadlinesView;
}) {
  const { l, typeId: id, d } = props;
  return (
    <fieldset class="field">
      <legend>{bt(l, 'deadlines')}</legend>
      <p>
        <small id={`dl-${id}-help`}>{bt(l, 'deadlineDaysHelp')}</small>
      </p>
      <label for={`lt-${id}`}>{bt(l, 'leadTimeDays')}</label>
      <input
        type="number"
        id={`lt-${id}`}
        name="leadTimeDays"
        min={0}
        max={3650}
        value={d.leadTimeDays === undefined ? '' : String(d.leadTimeDays)}
        aria-describedby={`dl-${id}-help lt-${id}-default`}
      />{' '}
      <small id={`lt-${id}-default`}>
        {bt(l, 'pluginDefault')}: {d.defaultLeadTimeDays ?? bt(l, 'noLeadTime')}
      </small>
      <label for={`ad-days-${id}`}>{bt(l, 'answerDays')}</label>
      <input
        type="number"
        id={`ad-days-${id}`}
        name="answerDays"
        min={1}
        max={3650}
        value={d.answerDays === undefined ? '' : String(d.answerDays)}
        aria-describedby={`dl-${id}-help ad-days-${id}-default`}
      />{' '}
      <small id={`ad-days-${id}-default`}>
        {bt(l, 'pluginDefault')}: {d.defaultAnswerDays}
      </small>
      <label for={`na-${id}`}>{bt(l, 'onNoAnswer')}</label>
      <select id={`na-${id}`} name="onNoAnswer">
        <option value="" selected={d.onNoAnswer === undefined}>
          {bt(l, 'pluginDefault')}: {bt(l, `onNoAnswer.${d.defaultOnNoAnswer}`)}
        </option>
        <option value="return" selected={d.onNoAnswer === 'return'}>
          {bt(l, 'onNoAnswer.return')}
        </option>
        <option value="close" selected={d.onNoAnswer === 'close'}>
          {bt(l, 'onNoAnswer.close')}
        </option>
      </select>
    </fieldset>
  );
}

/** Installed plugins, their request types and source manifests; per type switches. */
export function ModulesPage(props: {
  ctx: BackofficeContext;
  modules: ModuleView[];
  saved?: boolean;
  error?: string | undefined;
}) {
  const { ctx } = props;
  const l = ctx.locale;
  return (
    <BackofficeLayout ctx={ctx} title={bt(l, 'modules')}>
      <h1>{bt(l, 'modules')}</h1>
      {props.saved ? (
        <p class="notice" role="status">
          {bt(l, 'saved')}
        </p>
      ) : null}
      {props.error ? (
        <p class="conflict" role="alert">
          {props.error}
        </p>
      ) : null}
      {props.modules.map((m) => (
        <section class="panel" aria-labelledby={`m-${m.id}`}>
          <h2 id={`m-${m.id}`}>
            {m.packageName ?? m.id} {m.version ? `${bt(l, 'version')} ${m.version}` : ''}
          </h2>
          <h3>{bt(l, 'sources')}</h3>
          <ul>
            {Object.entries(m.sources).map(([service, s]) => (
              <li>
                <strong>{service}</strong> – {bt(l, 'fields')}: {(s.fields ?? []).join(', ')} –{' '}
                {bt(l, 'legalBasis')}: {s.legalBasis ?? '–'}
              </li>
            ))}
          </ul>
          <h3>{bt(l, 'requestTypes')}</h3>
          {m.types.map((t) => (
            <form method="post" action={`/backoffice/modules/${encodeURIComponent(t.id)}`} class="panel">
              <input type="hidden" name="_csrf" value={ctx.csrf} />
              <h4>
                {localize(t.title, l)} <code>{t.id}</code>
              </h4>
              <p>
                <input type="checkbox" id={`en-${t.id}`} name="enabled" value="1" checked={t.enabled} />{' '}
                <label for={`en-${t.id}`} class="choice">
                  {bt(l, 'enabled')}
                </label>
              </p>
              {t.kind === 'certificate' ? (
                <>
                  <p>
                    <input
                      type="checkbox"
                      id={`ad-${t.id}`}
                      name="autoDelivery"
                      value="1"
                      checked={t.autoDelivery}
                    />{' '}
                    <label for={`ad-${t.id}`} class="choice">
                      {bt(l, 'autoDelivery')}
                    </label>
                  </p>
                  <p>
                    <input
                      type="checkbox"
                      id={`wl-${t.id}`}
                      name="withoutLogin"
                      value="1"
                      checked={t.withoutLogin === 'on'}
                      disabled={t.withoutLogin === 'forbidden'}
                      aria-describedby={`wl-${t.id}-help`}
                    />{' '}
                    <label for={`wl-${t.id}`} class="choice">
                      {bt(l, 'withoutLogin')}
                    </label>
                    <br />
                    <small id={`wl-${t.id}-help`}>
                      {bt(l, t.withoutLogin === 'forbidden' ? 'withoutLoginForbidden' : 'withoutLoginHelp')}
                    </small>
                  </p>
                  <label for={`dm-${t.id}`}>{bt(l, 'documentMonths')}</label>
                  <input
                    type="number"
                    id={`dm-${t.id}`}
                    name="documentMonths"
                    min={1}
                    max={120}
                    value={String(t.documentMonths)}
                  />
                </>
              ) : null}
              <TypeDeadlinesFields l={l} typeId={t.id} d={t.deadlines} />
              <TypeFeeFields l={l} typeId={t.id} f={t.fee} /> <button type="submit">{bt(l, 'save')}</button>
            </form>
          ))}
        </section>
      ))}
    </BackofficeLayout>
  );
}

/** Organisation grants: add (KBO validated), list, revoke. */
export function GrantsPage(props: {
  ctx: BackofficeContext;
  grants: GrantRecord[];
  types: { id: string; title: LocalizedText }[];
  now: Date;
  error?: string | undefined;
}) {
  const { ctx } = props;
  const l = ctx.locale;
  // Request types by their title in the clerk's language; a type no longer installed keeps its id.
  const titles = new Map(props.types.map((t) => [t.id, localize(t.title, l)]));
  const typeName = (id: string) => titles.get(id) ?? id;
  return (
    <BackofficeLayout ctx={ctx} title={bt(l, 'grants')}>
      <h1>{bt(l, 'grants')}</h1>
      {props.error ? (
        <p class="conflict" role="alert">
          {props.error}
        </p>
      ) : null}
      <form method="post" action="/backoffice/grants" class="panel">
        <input type="hidden" name="_csrf" value={ctx.csrf} />
        <h2>{bt(l, 'addGrant')}</h2>
        <label for="g-kbo">{bt(l, 'kbo')}</label>
        <input type="text" id="g-kbo" name="kbo" required autocomplete="off" />
        <fieldset class="field">
          <legend>{bt(l, 'requestTypes')}</legend>
          {props.types.map((t) => (
            <p>
              <input type="checkbox" id={`gt-${t.id}`} name="types" value={t.id} />{' '}
              <label for={`gt-${t.id}`} class="choice">
                {localize(t.title, l)}
              </label>
            </p>
          ))}
        </fieldset>
        <label for="g-from">{bt(l, 'validFrom')}</label>
        <DayInput locale={l} id="g-from" name="validFrom" />
        <label for="g-until">{bt(l, 'validUntil')}</label>
        <DayInput locale={l} id="g-until" name="validUntil" />{' '}
        <button type="submit">{bt(l, 'addGrant')}</button>
      </form>
      <table>
        <thead>
          <tr>
            <th scope="col">{bt(l, 'kbo')}</th>
            <th scope="col">{bt(l, 'type')}</th>
            <th scope="col">{bt(l, 'validFrom')}</th>
            <th scope="col">{bt(l, 'validUntil')}</th>
            <th scope="col">{bt(l, 'status')}</th>
          </tr>
        </thead>
        <tbody>
          {props.grants.map((g) => (
            <tr>
              <td>{formatKbo(g.kbo)}</td>
              <td>{typeName(g.requestTypeId)}</td>
              <td>{formatDate(l, g.validFrom)}</td>
              <td>{g.validUntil ? formatDate(l, g.validUntil) : '–'}</td>
              <td>
                {g.revokedAt ? (
                  bt(l, 'revoked')
                ) : (
                  <form class="inline" method="post" action={`/backoffice/grants/${g.id}/revoke`}>
                    <input type="hidden" name="_csrf" value={ctx.csrf} />
                    {bt(l, 'active')}{' '}
                    <button
                      type="submit"
                      class="secondary"
                      aria-label={`${bt(l, 'revoke')}: ${formatKbo(g.kbo)} ${typeName(g.requestTypeId)}`}
                    >
                      {bt(l, 'revoke')}
                    </button>
                  </form>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </BackofficeLayout>
  );
}

/** The municipality settings (stored under `municipality.*`). */
export const MUNICIPALITY_FIELDS = [
  ['name', 'municipalityName', 'text'],
  ['nisCode', 'nisCode', 'text'],
  ['address', 'address', 'text'],
  ['logo', 'logo', 'text'],
  ['primaryColour', 'primaryColour', 'text'],
  ['accentColour', 'accentColour', 'text'],
  ['fontFamily', 'fontFamily', 'text'],
  ['favicon', 'favicon', 'text'],
  ['contactEmail', 'contactEmail', 'email'],
  ['contactPhone', 'contactPhone', 'text'],
  ['mailSender', 'mailSender', 'email'],
  ['languages', 'languages', 'text'],
] as const;

export function SettingsPage(props: {
  ctx: BackofficeContext;
  values: Record<string, string>;
  closingDays: readonly ClosingDay[];
  saved?: boolean;
  error?: string | undefined;
}) {
  const { ctx } = props;
  const l = ctx.locale;
  return (
    <BackofficeLayout ctx={ctx} title={bt(l, 'settings')}>
      <h1>{bt(l, 'settings')}</h1>
      {props.saved ? (
        <p class="notice" role="status">
          {bt(l, 'saved')}
        </p>
      ) : null}
      {props.error ? (
        <p class="conflict" role="alert">
          {props.error}
        </p>
      ) : null}
      <form method="post" action="/backoffice/settings" class="panel">
        <input type="hidden" name="_csrf" value={ctx.csrf} />
        {MUNICIPALITY_FIELDS.map(([key, label, type]) => (
          <>
            <label for={`s-${key}`}>{bt(l, label)}</label>
            <input type={type} id={`s-${key}`} name={key} value={props.values[key] ?? ''} />
          </>
        ))}{' '}
        <button type="submit">{bt(l, 'save')}</button>
      </form>
      <ClosingDaysSection ctx={ctx} days={props.closingDays} />
    </BackofficeLayout>
  );
}

/** The municipality's closing days (decision 0902): list, remove, add. */
function ClosingDaysSection(props: { ctx: BackofficeContext; days: readonly ClosingDay[] }) {
  const { ctx } = props;
  const l = ctx.locale;
  return (
    <section class="panel" aria-labelledby="closing-days">
      <h2 id="closing-days">{bt(l, 'closingDays')}</h2>
      <p>{bt(l, 'closingDaysIntro')}</p>
      {props.days.length === 0 ? (
        <p>{bt(l, 'noClosingDays')}</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">{bt(l, 'closingDay')}</th>
              <th scope="col">{bt(l, 'closingDayName')}</th>
              <th scope="col">{bt(l, 'actions')}</th>
            </tr>
          </thead>
          <tbody>
            {props.days.map((d) => (
              <tr>
                <td>{formatDate(l, new Date(`${d.date}T12:00:00Z`))}</td>
                <td>{d.name ?? ''}</td>
                <td>
                  <form class="inline" method="post" action="/backoffice/closing-days/remove">
                    <input type="hidden" name="_csrf" value={ctx.csrf} />
                    <input type="hidden" name="date" value={d.date} />
                    <button
                      type="submit"
                      class="secondary"
                      aria-label={`${bt(l, 'remove')}: ${formatDate(l, new Date(`${d.date}T12:00:00Z`))}`}
                    >
                      {bt(l, 'remove')}
                    </button>
                  </form>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <form method="post" action="/backoffice/closing-days">
        <input type="hidden" name="_csrf" value={ctx.csrf} />
        <label for="cd-date">{bt(l, 'closingDay')}</label>
        <input type="date" id="cd-date" name="date" required />
        <label for="cd-name">{bt(l, 'closingDayName')}</label>
        <input type="text" id="cd-name" name="name" maxLength={100} />{' '}
        <button type="submit">{bt(l, 'addClosingDay')}</button>
      </form>
    </section>
  );
}

/** Dead-lettered jobs with their last error, and a retry button. */
export function JobsPage(props: { ctx: BackofficeContext; jobs: JobRecord[] }) {
  const { ctx } = props;
  const l = ctx.locale;
  return (
    <BackofficeLayout ctx={ctx} title={bt(l, 'deadJobs')}>
      <h1>{bt(l, 'deadJobs')}</h1>
      {props.jobs.length === 0 ? (
        <p>{bt(l, 'noDeadJobs')}</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">{bt(l, 'jobType')}</th>
              <th scope="col">{bt(l, 'when')}</th>
              <th scope="col">{bt(l, 'attempts')}</th>
              <th scope="col">{bt(l, 'lastError')}</th>
              <th scope="col">{bt(l, 'actions')}</th>
            </tr>
          </thead>
          <tbody>
            {props.jobs.map((j) => (
              <tr>
                <td>{j.type}</td>
                <td>{formatDate(l, j.updatedAt, true)}</td>
                <td>{j.attempts}</td>
                <td>{j.lastError ?? ''}</td>
                <td>
                  <form class="inline" method="post" action={`/backoffice/jobs/${j.id}/retry`}>
                    <input type="hidden" name="_csrf" value={ctx.csrf} />
                    <button type="submit" aria-label={`${bt(l, 'retry')}: ${j.type} ${j.id.slice(0, 8)}`}>
                      {bt(l, 'retry')}
                    </button>
                  </form>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </BackofficeLayout>
  );
}
