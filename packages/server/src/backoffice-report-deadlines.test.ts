import { type Actor, WorkingCalendar } from '@smartloket/core';
import { createTestDatabase, postgresUnavailableReason, type TestDatabase } from '@smartloket/db/testing';
import { zonedInstant } from '@smartloket/runtime';
import { fakeIdentities } from '@smartloket/testkit';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type PortalClient, startTestPortal, type TestPortal } from '../../../tests/support/portal.js';
import { computeReport, leadWorkingDays } from './backoffice-reports.js';

const day = (iso: string, time = '10:00') => zonedInstant(iso, time);

describe('lead times in working days and deadlines in the reports', () => {
  it('counts working days without weekends, holidays, closing days and the waits for the requester', () => {
    const calendar = new WorkingCalendar([{ date: '2026-03-13', name: 'Opendeurdag' }]);
    const row = {
      id: 'r',
      typeId: 'a',
      kind: 'certificate' as const,
      state: 'refused' as const,
      createdAt: day('2026-03-02'),
      handledAt: null,
      deliveredAt: null,
      closedAt: day('2026-03-20'),
      dueAt: null,
      waits: [{ start: day('2026-03-04'), end: day('2026-03-06') }],
    };
    // 3-6 March (4), 9-12 (4, Friday 13 closed), 16-20 (5) = 13, less 5 and 6 March waited = 11.
    expect(leadWorkingDays(row, row.closedAt, calendar)).toBe(11);
    // A wait still open when the request ended (closed while waiting) counts to the end: 13 less
    // 17-20 March (the day it started waiting is a day of work on it, as for the due date).
    expect(
      leadWorkingDays({ ...row, waits: [{ start: day('2026-03-16'), end: null }] }, row.closedAt, calendar),
    ).toBe(9);
    // Easter Monday 6 April 2026 is a holiday.
    expect(leadWorkingDays({ ...row, waits: [] }, day('2026-04-07'), new WorkingCalendar())).toBe(25);
  });

  it('computes median and average lead time, on time, late and overdue per type and in total', () => {
    const base = {
      kind: 'certificate' as const,
      createdAt: day('2026-03-02'),
      handledAt: day('2026-03-02'),
      deliveredAt: null,
      waits: [],
    };
    const lines = computeReport(
      [
        // Ended 2 working days after submission, due 16 March: on time.
        {
          ...base,
          id: '1',
          typeId: 'a',
          state: 'refused',
          closedAt: day('2026-03-04'),
          dueAt: day('2026-03-16', '00:00'),
        },
        // Ended after its due date: late (9 working days).
        {
          ...base,
          id: '2',
          typeId: 'a',
          state: 'refused',
          closedAt: day('2026-03-13'),
          dueAt: day('2026-03-09', '00:00'),
        },
        // Delivered without a due date: a lead time, neither on time nor late.
        {
          ...base,
          id: '3',
          typeId: 'a',
          state: 'delivered',
          closedAt: null,
          deliveredAt: day('2026-03-03'),
          dueAt: null,
        },
        // Open past its due date: overdue; waiting for the requester past it: not counted.
        {
          ...base,
          id: '4',
          typeId: 'b',
          state: 'in_review',
          closedAt: null,
          dueAt: day('2026-03-16', '00:00'),
        },
        {
          ...base,
          id: '5',
          typeId: 'b',
          state: 'waiting_requester',
          closedAt: null,
          dueAt: day('2026-03-16', '00:00'),
        },
        // Due today: not yet overdue.
        {
          ...base,
          id: '6',
          typeId: 'b',
          state: 'in_review',
          closedAt: null,
          dueAt: day('2026-03-20', '00:00'),
        },
      ],
      new Map(),
      { calendar: new WorkingCalendar(), today: '2026-03-20' },
    );
    const a = lines.find((l) => l.typeId === 'a')!;
    expect(a).toMatchObject({
      medianLeadWorkingDays: 2,
      averageLeadWorkingDays: 4,
      handledOnTime: 1,
      handledLate: 1,
      overdue: 0,
    });
    const b = lines.find((l) => l.typeId === 'b')!;
    expect(b).toMatchObject({ medianLeadWorkingDays: null, handledOnTime: 0, handledLate: 0, overdue: 1 });
    expect(lines.find((l) => l.typeId === '*')).toMatchObject({
      medianLeadWorkingDays: 2,
      averageLeadWorkingDays: 4,
      handledOnTime: 1,
      handledLate: 1,
      overdue: 1,
    });
  });
});

// On PostgreSQL when reachable, else SQLite: the waits come from the request events.
describe('the reports page and exports with lead times and overdue counts', () => {
  let database: TestDatabase | undefined;
  let portal: TestPortal;
  let ann: PortalClient;
  const karin = fakeIdentities.caseHandler();
  const STAFF: Actor = { type: 'staff', id: karin.subject, name: 'Karin' };
  const JAN: Actor = { type: 'requester', id: fakeIdentities.citizen().subject };

  beforeAll(async () => {
    const unavailable = await postgresUnavailableReason();
    if (unavailable && process.env.CI) throw new Error(unavailable);
    if (!unavailable) database = await createTestDatabase('postgres');
    portal = await startTestPortal({
      databaseUrl: database?.url,
      databaseOwnerUrl: database?.ownerUrl,
      worker: false,
    });
  });
  afterAll(async () => {
    await portal?.close();
    await database?.destroy();
  });

  it('shows the lead time in working days, handled on time and late, and overdue on the page, in the CSV and in the workbook', async () => {
    const { clock, requests } = portal.d;
    clock.set(day('2026-03-02', '10:30'));
    const submit = async (key: string) =>
      (
        await requests.submit({
          typeId: 'test.reviewed',
          input: { forWhom: 'self' },
          locale: 'nl',
          identity: fakeIdentities.citizen(),
          idempotencyKey: key,
        })
      ).request;
    // Due Monday 16 March (10 working days).
    const onTime = await submit('on-time');
    const late = await submit('late');
    const overdue = await submit('overdue');
    const waiting = await submit('waiting');
    expect(onTime.dueAt).toEqual(day('2026-03-16', '00:00'));
    await requests.act(onTime.id, { action: 'ask', reason: 'Welk adres?' }, STAFF);
    await requests.act(waiting.id, { action: 'ask', reason: 'Welk adres?' }, STAFF);
    clock.set(day('2026-03-04'));
    await requests.act(onTime.id, { action: 'answer', reason: 'Kerkstraat 1' }, JAN);
    clock.set(day('2026-03-06'));
    await requests.act(onTime.id, { action: 'refuse', reason: 'Geen recht' }, STAFF);
    clock.set(day('2026-03-20'));
    await requests.act(late.id, { action: 'refuse', reason: 'Geen recht' }, STAFF);

    // Ann (reporter) reads the report on Friday 20 March: on time 4 - 2 waited = 2, late 14.
    ann = await portal.login('ann', 'itsme');
    const query = '?from=2026-03-01&to=2026-03-31&type=test.reviewed';
    const page = await ann.get(`/backoffice/reports${query}`);
    expect(page.status).toBe(200);
    const text = page.text.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
    expect(text).toContain(
      'Termijnen Type Mediane doorlooptijd (werkdagen) Gemiddelde doorlooptijd (werkdagen) Tijdig behandeld Te laat behandeld Nu te laat (nog open)',
    );
    // 8 median, 8 average, 1 on time, 1 late, 1 overdue (the one waiting for Jan is paused).
    expect(text).toContain('Attest met nazicht 8 8 1 1 1 Totaal 8 8 1 1 1');

    const csv = await ann.get(`/backoffice/reports.csv${query}`);
    const rows = csv.text
      .trim()
      .split('\r\n')
      .map((l) => l.split(','));
    const header = rows[0]!;
    const line = rows.find((r) => r[0] === 'test.reviewed')!;
    const col = (name: string) => line[header.indexOf(name)];
    expect(col('median_lead_working_days')).toBe('8');
    expect(col('average_lead_working_days')).toBe('8');
    expect(col('handled_on_time')).toBe('1');
    expect(col('handled_late')).toBe('1');
    expect(col('overdue')).toBe('1');

    const xlsx = await ann.raw(`/backoffice/reports.xlsx${query}`);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(await xlsx.arrayBuffer()) as never);
    const sheet: string[][] = [];
    wb.worksheets[0]!.eachRow((r) =>
      sheet.push(
        (r.values as unknown[]).slice(1).map((v) => (v === null || v === undefined ? '' : String(v))),
      ),
    );
    expect(sheet).toEqual(rows);
    expect(overdue.state).toBe('in_review');
    expect((await portal.d.db.requests.get(waiting.id))?.state).toBe('waiting_requester');
  });
});
