/** @jsxImportSource preact */
import { formatEuro } from '@smartloket/core';
import type { FinanceLine, FinancePeriod } from '../../backoffice-finance.js';
import { bt } from '../../backoffice-messages.js';
import { belgianDay, DayInput } from './day-input.js';
import { type BackofficeContext, BackofficeLayout } from './layout.js';

function FinanceTable(props: {
  ctx: BackofficeContext;
  id: string;
  first: string;
  lines: FinanceLine[];
  label: (key: string) => string;
  labelledBy?: string;
}) {
  const l = props.ctx.locale;
  return (
    <table id={props.id} aria-labelledby={props.labelledBy}>
      <thead>
        <tr>
          <th scope="col">{props.first}</th>
          <th scope="col">{bt(l, 'financePayments')}</th>
          <th scope="col">{bt(l, 'financeGross')}</th>
          <th scope="col">{bt(l, 'financeRefundCount')}</th>
          <th scope="col">{bt(l, 'financeRefunds')}</th>
          <th scope="col">{bt(l, 'financeNet')}</th>
        </tr>
      </thead>
      <tbody>
        {props.lines.map((x) => (
          <tr class={x.typeId === '*' ? 'total' : undefined}>
            <th scope="row">{props.label(x.typeId)}</th>
            <td class="num">{x.payments}</td>
            <td class="num">{formatEuro(x.grossCents, l)}</td>
            <td class="num">{x.refunds}</td>
            <td class="num">{formatEuro(x.refundsCents, l)}</td>
            <td class="num">{formatEuro(x.netCents, l)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The financial service's overview: totals per request type of a day or a month, and exports. */
export function FinancePage(props: {
  ctx: BackofficeContext;
  period: FinancePeriod;
  /** The totals per type, the last one (`*`) the total. */
  lines: FinanceLine[];
  /** Month view: the totals per day. */
  days?: FinanceLine[] | undefined;
  typeLabel: (typeId: string) => string;
  monthLabel: string;
  invalidDay?: boolean | undefined;
}) {
  const { ctx, period } = props;
  const l = ctx.locale;
  const heading =
    period.view === 'day'
      ? bt(l, 'financeDayHeading', { day: belgianDay(period.day) })
      : bt(l, 'financeMonthHeading', { month: props.monthLabel });
  const qs = new URLSearchParams({ view: period.view, day: period.day });
  const empty = (props.lines[props.lines.length - 1]?.payments ?? 0) === 0 && props.lines.length <= 1;
  return (
    <BackofficeLayout ctx={ctx} title={bt(l, 'financeTitle')}>
      <h1>{bt(l, 'financeTitle')}</h1>
      <p class="hint">{bt(l, 'financeIntro')}</p>
      <form method="get" action="/backoffice/finance" class="filters" aria-label={bt(l, 'period')}>
        <div>
          <label for="f-view">{bt(l, 'financeView')}</label>
          <select id="f-view" name="view">
            {(['day', 'month'] as const).map((v) => (
              <option value={v} selected={v === period.view}>
                {bt(l, `financeView.${v}`)}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label for="f-day">{bt(l, 'financeDay')}</label>
          <DayInput locale={l} id="f-day" name="day" value={period.day} invalid={props.invalidDay} />
        </div>
        <button type="submit">{bt(l, 'show')}</button>
      </form>
      {props.invalidDay ? (
        <p class="error" role="alert">
          {bt(l, 'financeInvalidDay')}
        </p>
      ) : null}
      <h2 id="h-finance">{heading}</h2>
      {empty ? <p>{bt(l, 'financeNone')}</p> : null}
      <FinanceTable
        ctx={ctx}
        id="finance"
        labelledBy="h-finance"
        first={bt(l, 'type')}
        lines={props.lines}
        label={(id) => (id === '*' ? bt(l, 'total') : props.typeLabel(id))}
      />
      {props.days && props.days.length > 0 ? (
        <>
          <h2 id="h-finance-days">{bt(l, 'financePerDay')}</h2>
          <FinanceTable
            ctx={ctx}
            id="finance-days"
            labelledBy="h-finance-days"
            first={bt(l, 'financeDate')}
            lines={props.days}
            label={(day) => belgianDay(day)}
          />
        </>
      ) : null}
      <p class="hint">{bt(l, 'financeExportHelp')}</p>
      <ul class="buttons">
        <li>
          <a class="button secondary" href={`/backoffice/finance.csv?${qs}`}>
            {bt(l, 'exportCsv')}
          </a>
        </li>
        <li>
          <a class="button secondary" href={`/backoffice/finance.xlsx?${qs}`}>
            {bt(l, 'exportXlsx')}
          </a>
        </li>
      </ul>
    </BackofficeLayout>
  );
}
