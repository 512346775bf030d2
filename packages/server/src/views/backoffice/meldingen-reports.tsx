/** @jsxImportSource preact */
import type { Locale, RequestState } from '@smartloket/core';
import { bt } from '../../backoffice-messages.js';
import { formatDate, staffStateLabel } from '../../messages.js';
import type { ReportMapConfig } from '../../report-map.js';
import { type BackofficeContext, BackofficeLayout } from './layout.js';

/** One report in the back-office list (and a marker on the map). */
export interface ReportRow {
  id: string;
  reference: string;
  category: string;
  subCategory: string | null;
  address: string | null;
  state: RequestState;
  team: string | null;
  dueAt: Date | null;
  createdAt: Date;
  lat: number;
  lon: number;
}

/** The filters as chosen (empty: all). */
export interface ReportFilterValues {
  category: string;
  team: string;
  state: string;
  /** `minLat,minLon,maxLat,maxLon` of the map's view when "only this area" was chosen. */
  area: string;
}

const name = (l: Locale, n: { nl: string; fr: string; en: string }) => n[l === 'fr' || l === 'en' ? l : 'nl'];

/**
 * Reports on a map and in a list (issue 25): the list is the page (filters are a GET form, so it
 * works without JavaScript); the map is drawn from the list's rows by the page's script.
 */
export function MeldingenReportsPage(props: {
  ctx: BackofficeContext;
  rows: ReportRow[];
  categories: { id: string; parentId: string | null; name: { nl: string; fr: string; en: string } }[];
  teams: { id: string; name: string }[];
  states: RequestState[];
  filter: ReportFilterValues;
  map: ReportMapConfig | undefined;
  /** More reports matched than are shown. */
  truncated: boolean;
}) {
  const { ctx, filter: f } = props;
  const l = ctx.locale;
  const mains = props.categories.filter((c) => c.parentId === null);
  return (
    <BackofficeLayout
      ctx={ctx}
      title={bt(l, 'reportsOnMap')}
      scripts={props.map ? ['/assets/leaflet.js', '/backoffice/assets/report-map.js'] : []}
    >
      {props.map ? <link rel="stylesheet" href="/assets/leaflet.css" /> : null}
      <h1>{bt(l, 'reportsOnMap')}</h1>
      <form method="get" action="/backoffice/meldingen" class="panel filters" id="report-filters">
        <label for="f-category">{bt(l, 'reportCategory')}</label>
        <select id="f-category" name="category">
          <option value="">{bt(l, 'allCategories')}</option>
          {mains.map((m) => (
            <>
              <option value={m.id} selected={m.id === f.category}>
                {name(l, m.name)}
              </option>
              {props.categories
                .filter((s) => s.parentId === m.id)
                .map((s) => (
                  <option value={s.id} selected={s.id === f.category}>
                    {`${name(l, m.name)} – ${name(l, s.name)}`}
                  </option>
                ))}
            </>
          ))}
        </select>
        <label for="f-team">{bt(l, 'categoryTeam')}</label>
        <select id="f-team" name="team">
          <option value="">{bt(l, 'allTeams')}</option>
          {props.teams.map((t) => (
            <option value={t.id} selected={t.id === f.team}>
              {t.name}
            </option>
          ))}
        </select>
        <label for="f-state">{bt(l, 'status')}</label>
        <select id="f-state" name="state">
          <option value="">{bt(l, 'openReports')}</option>
          <option value="all" selected={f.state === 'all'}>
            {bt(l, 'allReports')}
          </option>
          {props.states.map((s) => (
            <option value={s} selected={s === f.state}>
              {staffStateLabel(l, s)}
            </option>
          ))}
        </select>
        <input type="hidden" name="area" value={f.area} />
        <p>
          <button type="submit">{bt(l, 'filter')}</button>
        </p>
        {f.area ? (
          <p class="hint" id="area-active">
            {bt(l, 'areaActive')}{' '}
            <a href={`/backoffice/meldingen?${new URLSearchParams({ ...f, area: '' }).toString()}`}>
              {bt(l, 'areaClear')}
            </a>
          </p>
        ) : null}
      </form>
      {props.map ? (
        <div
          id="reports-map"
          class="report-map"
          hidden
          data-tiles={props.map.tileUrl}
          data-attribution={props.map.attribution}
          data-lat={String(props.map.lat)}
          data-lon={String(props.map.lon)}
          data-zoom={String(props.map.zoom)}
        >
          <section class="report-map-canvas" aria-label={bt(l, 'reportsMapLabel')} />
          <button type="button" class="secondary report-map-area">
            {bt(l, 'areaSearch')}
          </button>
        </div>
      ) : null}
      <p role="status" id="report-count">
        {bt(l, props.truncated ? 'reportsCountTruncated' : 'reportsCount', { n: props.rows.length })}
      </p>
      {props.rows.length === 0 ? (
        <p>{bt(l, 'noReports')}</p>
      ) : (
        <table class="reports-list">
          <caption class="visually-hidden">{bt(l, 'reportsOnMap')}</caption>
          <thead>
            <tr>
              <th scope="col">{bt(l, 'reference')}</th>
              <th scope="col">{bt(l, 'reportCategory')}</th>
              <th scope="col">{bt(l, 'reportPlace')}</th>
              <th scope="col">{bt(l, 'status')}</th>
              <th scope="col">{bt(l, 'categoryTeam')}</th>
              <th scope="col">{bt(l, 'received')}</th>
              <th scope="col">{bt(l, 'expectedHandling')}</th>
            </tr>
          </thead>
          <tbody>
            {props.rows.map((r) => (
              <tr data-lat={String(r.lat)} data-lon={String(r.lon)} data-id={r.id}>
                <td>
                  <a href={`/backoffice/requests/${r.id}`}>{r.reference}</a>
                </td>
                <td>{r.subCategory ? `${r.category} – ${r.subCategory}` : r.category}</td>
                <td>{r.address ?? bt(l, 'pointOnMap')}</td>
                <td>{staffStateLabel(l, r.state)}</td>
                <td>{r.team ?? '–'}</td>
                <td>{formatDate(l, r.createdAt)}</td>
                <td>{r.dueAt ? formatDate(l, r.dueAt) : '–'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </BackofficeLayout>
  );
}

/** What the request page shows of a report: its place, team, photos, answers and merging. */
export interface ReportPanelProps {
  category: string;
  subCategory: string | null;
  address: string | null;
  lat: number;
  lon: number;
  x: number;
  y: number;
  team: string | null;
  photos: { id: string; width: number; height: number; answer: boolean }[];
  /** The standard answers of its category (sub-category first), text in the reporter's language. */
  answers: { id: string; title: string; text: string }[];
  /** The reference of the report this one was merged into. */
  mergedInto: string | null;
  /** References of reports merged into this one. */
  merged: string[];
  followers: number;
  /** Open reports of the same type nearby, nearest first: the likely originals of a duplicate. */
  nearby: { reference: string; address: string | null; metres: number }[];
}

/** The report block on the request page (the clerk's view; viewing a photo is audited). */
export function ReportPanel(props: { l: Locale; base: string; csrf: string; report: ReportPanelProps }) {
  const { l, base, report: r } = props;
  return (
    <section aria-labelledby="h-report" class="report-panel">
      <h2 id="h-report">{bt(l, 'reportHeading')}</h2>
      {r.mergedInto ? (
        <p class="notice" id="merged-into">
          {bt(l, 'mergedIntoNotice', { reference: r.mergedInto })}
        </p>
      ) : null}
      <dl class="facts">
        <div>
          <dt>{bt(l, 'reportCategory')}</dt>
          <dd>{r.subCategory ? `${r.category} – ${r.subCategory}` : r.category}</dd>
        </div>
        <div>
          <dt>{bt(l, 'reportPlace')}</dt>
          <dd id="report-place">{r.address ?? bt(l, 'pointOnMap')}</dd>
        </div>
        <div>
          <dt>{bt(l, 'reportCoordinates')}</dt>
          <dd>
            {`${r.lat.toFixed(6)}, ${r.lon.toFixed(6)} (WGS84) – x ${r.x.toFixed(2)}, y ${r.y.toFixed(2)} (Lambert 72)`}
          </dd>
        </div>
        <div>
          <dt>{bt(l, 'categoryTeam')}</dt>
          <dd id="report-team">{r.team ?? '–'}</dd>
        </div>
        <div>
          <dt>{bt(l, 'reportFollowers')}</dt>
          <dd>{String(r.followers)}</dd>
        </div>
        {r.merged.length > 0 ? (
          <div>
            <dt>{bt(l, 'mergedReports')}</dt>
            <dd>{r.merged.join(', ')}</dd>
          </div>
        ) : null}
      </dl>
      <h3>{bt(l, 'reportPhotos')}</h3>
      {r.photos.length === 0 ? (
        <p>{bt(l, 'noReportPhotos')}</p>
      ) : (
        <ul class="report-photos">
          {r.photos.map((p, i) => (
            <li>
              <a href={`${base}/photos/${p.id}`} class="report-photo" target="_blank" rel="noopener">
                <img
                  src={`${base}/photos/${p.id}/thumbnail`}
                  alt={bt(l, p.answer ? 'answerPhotoN' : 'reportPhotoN', { n: i + 1 })}
                  loading="lazy"
                />
              </a>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** Answer and close with a standard text (picked, then editable); replaces the plain "resolve" button. */
export function ReportAnswerForm(props: {
  l: Locale;
  base: string;
  hidden: preact.ComponentChildren;
  answers: ReportPanelProps['answers'];
}) {
  const { l } = props;
  return (
    <form
      method="post"
      action={`${props.base}/act`}
      class="report-answer"
      id="report-answer"
      enctype="multipart/form-data"
    >
      {props.hidden}
      <input type="hidden" name="action" value="resolve" />
      {props.answers.length > 0 ? (
        <>
          <label for="standard-answer">{bt(l, 'standardAnswerPick')}</label>
          <select id="standard-answer" name="standardAnswer" aria-describedby="standard-answer-hint">
            <option value="">{bt(l, 'standardAnswerNone')}</option>
            {props.answers.map((a) => (
              <option value={a.id} data-text={a.text}>
                {a.title}
              </option>
            ))}
          </select>
          <p class="hint" id="standard-answer-hint">
            {bt(l, 'standardAnswerPickHint')}
          </p>
        </>
      ) : null}
      <label for="resolve-reason">{bt(l, 'answerToReporter')}</label>
      <textarea id="resolve-reason" name="reason" rows={4} cols={50} maxLength={2000} />
      <label for="answer-photos">{bt(l, 'answerPhotos')}</label>
      <p class="hint" id="answer-photos-hint">
        {bt(l, 'answerPhotosHint')}
      </p>
      <input
        type="file"
        id="answer-photos"
        name="photos"
        multiple
        accept="image/jpeg,image/png,image/webp,image/heic,image/heif"
        aria-describedby="answer-photos-hint"
      />
      <button type="submit">{bt(l, 'answerAndClose')}</button>
    </form>
  );
}

/** Merge this report into another one (a duplicate): its reporter follows the other one. */
export function ReportMergeForm(props: {
  l: Locale;
  base: string;
  csrf: string;
  nearby: ReportPanelProps['nearby'];
}) {
  const { l } = props;
  return (
    <form method="post" action={`${props.base}/merge`} class="report-merge" id="report-merge">
      <input type="hidden" name="_csrf" value={props.csrf} />
      <label for="merge-into">{bt(l, 'mergeInto')}</label>
      <p class="hint" id="merge-into-hint">
        {bt(l, 'mergeIntoHint')}
      </p>
      <input
        type="text"
        id="merge-into"
        name="into"
        required
        maxLength={30}
        size={16}
        autocomplete="off"
        aria-describedby="merge-into-hint"
        list={props.nearby.length > 0 ? 'merge-nearby' : undefined}
      />
      {props.nearby.length > 0 ? (
        <>
          <datalist id="merge-nearby">
            {props.nearby.map((n) => (
              <option value={n.reference}>{`${n.address ?? bt(l, 'pointOnMap')} (${n.metres} m)`}</option>
            ))}
          </datalist>
          <p class="hint" id="merge-nearby-list">
            {bt(l, 'mergeNearby')}{' '}
            {props.nearby.map((n, i) => (
              <>
                {i > 0 ? '; ' : ''}
                <strong>{n.reference}</strong>
                {` – ${n.address ?? bt(l, 'pointOnMap')} (${n.metres} m)`}
              </>
            ))}
          </p>
        </>
      ) : null}
      <button type="submit" class="secondary">
        {bt(l, 'merge')}
      </button>
    </form>
  );
}

/** Styles of the reports' list, map and the report block of the request page. */
export const REPORTS_CSS = `
.report-photos{display:flex;flex-wrap:wrap;gap:.75rem;list-style:none;padding:0}
.report-photos img{display:block;max-width:10rem;max-height:10rem;border:1px solid #8a94a0}
.filters{display:flex;flex-wrap:wrap;gap:.5rem 1rem;align-items:end}
.filters label{display:block}
#reports-map .report-map-canvas{height:26rem;max-width:none}
`;
