/** @jsxImportSource preact */
import { type LocalizedText, localize } from '@smartloket/core';
import type { AuditRecord } from '@smartloket/db';
import { AUDIT_CATEGORY_LABELS, auditActorLabel, auditCategoryLabel } from '../../audit-labels.js';
import { bt } from '../../backoffice-messages.js';
import type { ReportLine } from '../../backoffice-reports.js';
import { formatDate } from '../../messages.js';
import { DayInput } from './day-input.js';
import { type BackofficeContext, BackofficeLayout } from './layout.js';

function duration(l: BackofficeContext['locale'], ms: number | null): string {
  if (ms === null) return '–';
  const minutes = Math.round(ms / 60_000);
  return minutes >= 120
    ? `${Math.round(minutes / 6) / 10} ${bt(l, 'hours')}`
    : `${minutes} ${bt(l, 'minutes')}`;
}

/** Working days with one decimal in the clerk's locale (a comma in Dutch and French). */
function workingDays(l: BackofficeContext['locale'], days: number | null): string {
  if (days === null) return '–';
  return new Intl.NumberFormat(l === 'en' ? 'en-GB' : `${l}-BE`, { maximumFractionDigits: 1 }).format(days);
}

/** A server-rendered SVG bar chart: automatic and manual requests per type (stacked). */
export function ReportChart(props: {
  locale: BackofficeContext['locale'];
  lines: ReportLine[];
  label: (id: string) => string;
}) {
  const lines = props.lines.filter((x) => x.typeId !== '*');
  const l = props.locale;
  const max = Math.max(1, ...lines.map((x) => x.requests));
  const rowH = 28;
  const labelW = 260;
  const barW = 420;
  const height = lines.length * rowH + 40;
  const title = bt(l, 'chartTitle');
  return (
    <svg
      class="chart"
      role="img"
      aria-labelledby="chart-title"
      width={labelW + barW + 80}
      height={height}
      viewBox={`0 0 ${labelW + barW + 80} ${height}`}
    >
      <title id="chart-title">{title}</title>
      {lines.map((x, i) => {
        const y = i * rowH + 4;
        const a = (x.automatic / max) * barW;
        const m = (x.manual / max) * barW;
        return (
          <g>
            <text x={0} y={y + 16}>
              {props.label(x.typeId).slice(0, 40)}
            </text>
            <rect x={labelW} y={y} width={a} height={20} fill="#1b4f72" />
            <rect x={labelW + a} y={y} width={m} height={20} fill="#b35900" />
            <text x={labelW + a + m + 6} y={y + 16}>
              {`${x.requests}`}
            </text>
          </g>
        );
      })}
      <rect x={labelW} y={height - 28} width={14} height={14} fill="#1b4f72" />
      <text x={labelW + 20} y={height - 16}>
        {bt(l, 'automatic')}
      </text>
      <rect x={labelW + 140} y={height - 28} width={14} height={14} fill="#b35900" />
      <text x={labelW + 160} y={height - 16}>
        {bt(l, 'manual')}
      </text>
    </svg>
  );
}

export function ReportsPage(props: {
  ctx: BackofficeContext;
  from: string;
  to: string;
  type: string;
  types: { id: string; title: LocalizedText }[];
  lines: ReportLine[];
}) {
  const { ctx } = props;
  const l = ctx.locale;
  const label = (id: string) =>
    id === '*' ? bt(l, 'total') : localize(props.types.find((t) => t.id === id)?.title ?? { nl: id }, l);
  const qs = new URLSearchParams({
    from: props.from,
    to: props.to,
    ...(props.type ? { type: props.type } : {}),
  });
  return (
    <BackofficeLayout ctx={ctx} title={bt(l, 'reports')}>
      <h1>{bt(l, 'reports')}</h1>
      <form method="get" action="/backoffice/reports" class="filters" aria-label={bt(l, 'period')}>
        <div>
          <label for="r-from">{bt(l, 'from')}</label>
          <DayInput locale={l} id="r-from" name="from" value={props.from} />
        </div>
        <div>
          <label for="r-to">{bt(l, 'to')}</label>
          <DayInput locale={l} id="r-to" name="to" value={props.to} />
        </div>
        <div>
          <label for="r-type">{bt(l, 'type')}</label>
          <select id="r-type" name="type">
            <option value="">{bt(l, 'all')}</option>
            {props.types.map((t) => (
              <option value={t.id} selected={t.id === props.type}>
                {localize(t.title, l)}
              </option>
            ))}
          </select>
        </div>
        <button type="submit">{bt(l, 'show')}</button>
      </form>
      <table id="report">
        <thead>
          <tr>
            <th scope="col">{bt(l, 'type')}</th>
            <th scope="col">{bt(l, 'requests')}</th>
            <th scope="col">{bt(l, 'automatic')}</th>
            <th scope="col">{bt(l, 'manual')}</th>
            <th scope="col">{bt(l, 'automaticShare')}</th>
            <th scope="col">{bt(l, 'medianLead')}</th>
            <th scope="col">{bt(l, 'p90Lead')}</th>
            <th scope="col">{bt(l, 'refusals')}</th>
            <th scope="col">{bt(l, 'sourceFailures')}</th>
          </tr>
        </thead>
        <tbody>
          {props.lines.map((x) => (
            <tr>
              <th scope="row">{label(x.typeId)}</th>
              <td class="num">{x.requests}</td>
              <td class="num">{x.automatic}</td>
              <td class="num">{x.manual}</td>
              <td class="num">
                {x.automaticShare === null ? '–' : `${Math.round(x.automaticShare * 100)} %`}
              </td>
              <td class="num">{duration(l, x.medianLeadMs)}</td>
              <td class="num">{duration(l, x.p90LeadMs)}</td>
              <td class="num">{x.refusals}</td>
              <td class="num">{x.sourceFailures}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2 id="h-deadlines">{bt(l, 'deadlines')}</h2>
      <table id="report-deadlines" aria-labelledby="h-deadlines" aria-describedby="deadlines-help">
        <thead>
          <tr>
            <th scope="col">{bt(l, 'type')}</th>
            <th scope="col">{bt(l, 'medianLeadWorkingDays')}</th>
            <th scope="col">{bt(l, 'averageLeadWorkingDays')}</th>
            <th scope="col">{bt(l, 'handledOnTime')}</th>
            <th scope="col">{bt(l, 'handledLate')}</th>
            <th scope="col">{bt(l, 'overdueOpen')}</th>
          </tr>
        </thead>
        <tbody>
          {props.lines.map((x) => (
            <tr>
              <th scope="row">{label(x.typeId)}</th>
              <td class="num">{workingDays(l, x.medianLeadWorkingDays)}</td>
              <td class="num">{workingDays(l, x.averageLeadWorkingDays)}</td>
              <td class="num">{x.handledOnTime}</td>
              <td class="num">{x.handledLate}</td>
              <td class="num">{x.overdue}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p class="hint" id="deadlines-help">
        {bt(l, 'deadlineReportHelp')}
      </p>
      <ReportChart locale={l} lines={props.lines} label={label} />
      <ul class="buttons">
        <li>
          <a class="button secondary" href={`/backoffice/reports.csv?${qs}`}>
            {bt(l, 'exportCsv')}
          </a>
        </li>
        <li>
          <a class="button secondary" href={`/backoffice/reports.xlsx?${qs}`}>
            {bt(l, 'exportXlsx')}
          </a>
        </li>
      </ul>
    </BackofficeLayout>
  );
}

/** The categories a reporter can filter on: every one the platform writes, shown by its label. */
export const AUDIT_CATEGORIES = Object.keys(AUDIT_CATEGORY_LABELS);

export function AuditPage(props: {
  ctx: BackofficeContext;
  from: string;
  to: string;
  category: string;
  entries: AuditRecord[];
  /** An entry's purpose and source service in words (never a code such as `prefill:<type id>`). */
  describe: (entry: AuditRecord) => { purpose: string; service: string };
  next?: string | undefined;
}) {
  const { ctx } = props;
  const l = ctx.locale;
  const qs = new URLSearchParams({
    from: props.from,
    to: props.to,
    ...(props.category ? { category: props.category } : {}),
  });
  return (
    <BackofficeLayout ctx={ctx} title={bt(l, 'auditTrail')}>
      <h1>{bt(l, 'auditTrail')}</h1>
      <form method="get" action="/backoffice/audit" class="filters" aria-label={bt(l, 'filters')}>
        <div>
          <label for="a-from">{bt(l, 'from')}</label>
          <DayInput locale={l} id="a-from" name="from" value={props.from} />
        </div>
        <div>
          <label for="a-to">{bt(l, 'to')}</label>
          <DayInput locale={l} id="a-to" name="to" value={props.to} />
        </div>
        <div>
          <label for="a-category">{bt(l, 'category')}</label>
          <select id="a-category" name="category">
            <option value="">{bt(l, 'all')}</option>
            {AUDIT_CATEGORIES.map((c) => (
              <option value={c} selected={c === props.category}>
                {auditCategoryLabel(l, c)}
              </option>
            ))}
          </select>
        </div>
        <button type="submit">{bt(l, 'show')}</button>
      </form>
      <p>
        <a class="button secondary" href={`/backoffice/audit.csv?${qs}`}>
          {bt(l, 'exportCsv')}
        </a>
      </p>
      <table>
        <thead>
          <tr>
            <th scope="col">{bt(l, 'when')}</th>
            <th scope="col">{bt(l, 'category')}</th>
            <th scope="col">{bt(l, 'who')}</th>
            <th scope="col">{bt(l, 'subject')}</th>
            <th scope="col">{bt(l, 'purpose')}</th>
            <th scope="col">{bt(l, 'legalBasis')}</th>
            <th scope="col">{bt(l, 'source')}</th>
            <th scope="col">{bt(l, 'referte')}</th>
          </tr>
        </thead>
        <tbody>
          {props.entries.map((e) => {
            const words = props.describe(e);
            return (
              <tr>
                <td>{formatDate(l, e.at, true)}</td>
                <td>{auditCategoryLabel(l, e.category)}</td>
                <td>{auditActorLabel(l, e.actor)}</td>
                <td>{e.subjectId ?? ''}</td>
                <td>{words.purpose}</td>
                <td>{e.legalBasis ?? ''}</td>
                <td>{words.service}</td>
                <td>{e.referte ?? ''}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {props.next ? (
        <p>
          <a
            href={`/backoffice/audit?${new URLSearchParams({ ...Object.fromEntries(qs), after: props.next })}`}
          >
            {bt(l, 'nextPage')}
          </a>
        </p>
      ) : null}
      <form method="post" action="/backoffice/audit/subject" class="panel">
        <input type="hidden" name="_csrf" value={ctx.csrf} />
        <h2>{bt(l, 'subjectAccess')}</h2>
        <label for="sa-insz">{bt(l, 'insz')}</label>
        <input type="text" id="sa-insz" name="insz" required autocomplete="off" />{' '}
        <button type="submit">{bt(l, 'exportJson')}</button>
      </form>
    </BackofficeLayout>
  );
}
