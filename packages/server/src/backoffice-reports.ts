import { brusselsDay, type WorkingCalendar } from '@smartloket/core';
import type { ReportRow } from '@smartloket/db';
import ExcelJS from 'exceljs';

/** The figures of one request type (or the total) over a period. */
export interface ReportLine {
  typeId: string;
  requests: number;
  /** Delivered without a staff member touching the request. */
  automatic: number;
  /** Handled by a staff member (any staff action). */
  manual: number;
  /** automatic / (automatic + manual), 0..1; null when neither. */
  automaticShare: number | null;
  /** Lead time (created → delivered or closed) of the closed requests, in ms. */
  medianLeadMs: number | null;
  p90LeadMs: number | null;
  /** Refused by staff or the source, or denied by the rules. */
  refusals: number;
  /** Source consultations that ended in an error (not ok, not pending). */
  sourceFailures: number;
  /**
   * Lead time of the closed requests in working days (Belgian calendar with the municipality's
   * closing days, from the day of submission to the day it ended, without the working days it
   * waited for the requester): median and average.
   */
  medianLeadWorkingDays: number | null;
  averageLeadWorkingDays: number | null;
  /** Closed requests with a due date that ended on or before it. */
  handledOnTime: number;
  /** Closed requests with a due date that ended after it. */
  handledLate: number;
  /**
   * Requests not ended whose due day has passed (today not counted), except those waiting for
   * the requester (their clock stands still).
   */
  overdue: number;
}

/** The calendar and the day (ISO, Brussels) the report's deadline figures are counted on. */
export interface ReportCalendar {
  calendar: WorkingCalendar;
  today: string;
}

const DELIVERED = new Set(['delivered', 'expired']);
const REFUSED = new Set(['refused', 'denied']);

/**
 * Computes the report lines per request type, sorted by type id, plus a total line (`*`).
 * Median: the middle value (mean of the two middle values for an even count). 90th percentile:
 * nearest rank (the value at rank ceil(0.9 n)). Lead times in working days, on time, late and
 * overdue are counted on `deadlines.calendar`, overdue against `deadlines.today`.
 */
export function computeReport(
  rows: ReportRow[],
  failures: Map<string, number>,
  deadlines: ReportCalendar,
): ReportLine[] {
  const byType = new Map<string, ReportRow[]>();
  for (const r of rows) byType.set(r.typeId, [...(byType.get(r.typeId) ?? []), r]);
  for (const typeId of failures.keys()) if (!byType.has(typeId)) byType.set(typeId, []);
  const lines = [...byType.keys()]
    .sort()
    .map((typeId) => line(typeId, byType.get(typeId)!, failures.get(typeId) ?? 0, deadlines));
  const total = line(
    '*',
    rows,
    [...failures.values()].reduce((a, b) => a + b, 0),
    deadlines,
  );
  return [...lines, total];
}

/** Working days from submission to `end`, less the working days spent waiting for the requester. */
export function leadWorkingDays(row: ReportRow, end: Date, calendar: WorkingCalendar): number {
  const endDay = brusselsDay(end);
  let days = calendar.workingDaysBetween(brusselsDay(row.createdAt), endDay);
  for (const w of row.waits) {
    const resumed = w.end && w.end < end ? brusselsDay(w.end) : endDay;
    days -= calendar.workingDaysBetween(brusselsDay(w.start), resumed);
  }
  return Math.max(0, days);
}

function line(
  typeId: string,
  rows: ReportRow[],
  sourceFailures: number,
  { calendar, today }: ReportCalendar,
): ReportLine {
  const automatic = rows.filter((r) => DELIVERED.has(r.state) && !r.handledAt).length;
  const manual = rows.filter((r) => r.handledAt).length;
  const leads = rows
    .map((r) => {
      const end = r.deliveredAt ?? r.closedAt;
      return end ? end.getTime() - r.createdAt.getTime() : undefined;
    })
    .filter((x): x is number => x !== undefined)
    .sort((a, b) => a - b);
  const workingLeads: number[] = [];
  let handledOnTime = 0;
  let handledLate = 0;
  let overdue = 0;
  for (const r of rows) {
    const end = r.deliveredAt ?? r.closedAt;
    const dueDay = r.dueAt ? brusselsDay(r.dueAt) : undefined;
    if (end) {
      workingLeads.push(leadWorkingDays(r, end, calendar));
      if (dueDay && brusselsDay(end) <= dueDay) handledOnTime++;
      else if (dueDay) handledLate++;
    } else if (dueDay && dueDay < today && r.state !== 'waiting_requester') {
      overdue++;
    }
  }
  workingLeads.sort((a, b) => a - b);
  return {
    typeId,
    requests: rows.length,
    automatic,
    manual,
    automaticShare: automatic + manual > 0 ? automatic / (automatic + manual) : null,
    medianLeadMs: median(leads),
    p90LeadMs: leads.length > 0 ? leads[Math.ceil(0.9 * leads.length) - 1]! : null,
    refusals: rows.filter((r) => REFUSED.has(r.state)).length,
    sourceFailures,
    medianLeadWorkingDays: median(workingLeads),
    averageLeadWorkingDays:
      workingLeads.length > 0 ? workingLeads.reduce((a, b) => a + b, 0) / workingLeads.length : null,
    handledOnTime,
    handledLate,
    overdue,
  };
}

function median(sorted: number[]): number | null {
  if (sorted.length === 0) return null;
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Column headers of the exports (the same in CSV and in the workbook). */
export const REPORT_COLUMNS = [
  'request_type',
  'requests',
  'automatic',
  'manual',
  'automatic_share_percent',
  'median_lead_minutes',
  'p90_lead_minutes',
  'refusals',
  'source_failures',
  'median_lead_working_days',
  'average_lead_working_days',
  'handled_on_time',
  'handled_late',
  'overdue',
] as const;

/** One export row: numbers rounded to 2 decimals (minutes, percent). */
export function exportRow(l: ReportLine): (string | number | null)[] {
  const round = (x: number | null) => (x === null ? null : Math.round(x * 100) / 100);
  return [
    l.typeId,
    l.requests,
    l.automatic,
    l.manual,
    l.automaticShare === null ? null : round(l.automaticShare * 100),
    l.medianLeadMs === null ? null : round(l.medianLeadMs / 60_000),
    l.p90LeadMs === null ? null : round(l.p90LeadMs / 60_000),
    l.refusals,
    l.sourceFailures,
    round(l.medianLeadWorkingDays),
    round(l.averageLeadWorkingDays),
    l.handledOnTime,
    l.handledLate,
    l.overdue,
  ];
}

/** RFC 4180 CSV; cells that a spreadsheet would read as a formula are prefixed with `'`. */
export function toCsv(header: readonly string[], rows: (string | number | null)[][]): string {
  const cell = (v: string | number | null) => {
    if (v === null) return '';
    let s = String(v);
    if (typeof v === 'string' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
    return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
  };
  return `${[header, ...rows].map((r) => r.map(cell).join(',')).join('\r\n')}\r\n`;
}

/** An Excel workbook with one sheet holding the same table as the CSV. */
export async function toWorkbook(
  sheetName: string,
  header: readonly string[],
  rows: (string | number | null)[][],
): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'SmartLoket';
  const ws = wb.addWorksheet(sheetName);
  ws.addRow([...header]);
  ws.getRow(1).font = { bold: true };
  for (const r of rows) ws.addRow(r.map((v) => (v === null ? null : v)));
  return Buffer.from(await wb.xlsx.writeBuffer());
}
