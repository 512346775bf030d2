import { describe, expect, it } from 'vitest';
import { boundingBox, mayReopen, nearbyOpenReports, type ReportSummary } from './duplicates.js';
import { locationFromLambert72 } from './geo.js';

const ORIGIN = { x: 150_000, y: 170_000 };
const report = (id: string, dx: number, dy: number, extra: Partial<ReportSummary> = {}): ReportSummary => ({
  id,
  categoryId: 'verlichting',
  state: 'submitted',
  location: locationFromLambert72({ x: ORIGIN.x + dx, y: ORIGIN.y + dy }),
  createdAt: '2026-12-01T10:00:00Z',
  ...extra,
});

describe('nearby open reports (duplicate radius)', () => {
  const reports = [
    report('r-30m', 30, 0),
    report('r-50m-exact', 30, 40), // 3-4-5: exactly 50 m
    report('r-50m-01', 50.01, 0),
    report('r-10m', 0, -10, { subCategoryId: 'lamp-uit' }),
    report('r-closed', 5, 5, { state: 'resolved' }),
    report('r-refused', 5, 5, { state: 'refused' }),
    report('r-in-progress', -20, 0, { state: 'in_progress' }),
    report('r-other-category', 1, 1, { categoryId: 'sluikstort' }),
    report('r-far', 2000, 2000),
  ];

  it('finds open reports of the same main category within the radius, nearest first, the edge included', () => {
    const found = nearbyOpenReports(reports, { categoryId: 'verlichting', point: ORIGIN, radiusMetres: 50 });
    expect(found.map((f) => [f.report.id, f.distanceMetres])).toEqual([
      ['r-10m', 10],
      ['r-in-progress', 20],
      ['r-30m', 30],
      ['r-50m-exact', 50],
    ]);
  });

  it('a larger configured radius finds more, a smaller one fewer', () => {
    const ids = (radiusMetres: number) =>
      nearbyOpenReports(reports, { categoryId: 'verlichting', point: ORIGIN, radiusMetres }).map(
        (f) => f.report.id,
      );
    expect(ids(15)).toEqual(['r-10m']);
    expect(ids(51)).toContain('r-50m-01');
    expect(ids(5000)).toContain('r-far');
    expect(ids(0)).toEqual([]);
  });

  it('equal distances put the newest first', () => {
    const found = nearbyOpenReports(
      [
        report('old', 10, 0, { createdAt: '2026-11-01T10:00:00Z' }),
        report('new', 0, 10, { createdAt: '2026-12-05T10:00:00Z' }),
      ],
      { categoryId: 'verlichting', point: ORIGIN, radiusMetres: 50 },
    );
    expect(found.map((f) => f.report.id)).toEqual(['new', 'old']);
  });

  it('refuses a negative or missing radius', () => {
    expect(() =>
      nearbyOpenReports(reports, { categoryId: 'verlichting', point: ORIGIN, radiusMetres: -1 }),
    ).toThrow(RangeError);
    expect(() =>
      nearbyOpenReports(reports, { categoryId: 'verlichting', point: ORIGIN, radiusMetres: Number.NaN }),
    ).toThrow(RangeError);
  });

  it('the bounding box holds the whole circle', () => {
    expect(boundingBox(ORIGIN, 50)).toEqual({ minX: 149_950, maxX: 150_050, minY: 169_950, maxY: 170_050 });
  });
});

describe('reopening a closed report', () => {
  const closedAt = '2026-12-01T12:00:00Z';
  it('once, within 14 days of closing', () => {
    const v = mayReopen({ state: 'resolved', closedAt, reopenedCount: 0 }, new Date('2026-12-15T12:00:00Z'));
    expect(v).toEqual({ ok: true, until: new Date('2026-12-15T12:00:00Z') });
  });
  it('not after 14 days, not twice, not when still open or refused', () => {
    expect(
      mayReopen({ state: 'resolved', closedAt, reopenedCount: 0 }, new Date('2026-12-15T12:00:01Z')),
    ).toEqual({
      ok: false,
      reason: 'too_late',
    });
    expect(
      mayReopen({ state: 'resolved', closedAt, reopenedCount: 1 }, new Date('2026-12-02T12:00:00Z')),
    ).toEqual({
      ok: false,
      reason: 'already_reopened',
    });
    expect(mayReopen({ state: 'in_progress', closedAt: null, reopenedCount: 0 }, new Date())).toEqual({
      ok: false,
      reason: 'not_closed',
    });
    expect(
      mayReopen({ state: 'refused', closedAt, reopenedCount: 0 }, new Date('2026-12-02T12:00:00Z')),
    ).toEqual({
      ok: false,
      reason: 'not_closed',
    });
  });
});
