/** @jsxImportSource preact */
import type { ReportCategoryRecord, TeamRecord } from '@smartloket/db';
import { bt } from '../../backoffice-messages.js';
import { type BackofficeContext, BackofficeLayout } from './layout.js';

/** What the form shows: a stored category, or what was posted when it was refused. */
export interface CategoryFormValues {
  id: string;
  parentId: string;
  nameNl: string;
  nameFr: string;
  nameEn: string;
  teamId: string;
  handlingDays: string;
  anonymousAllowed: boolean;
  active: boolean;
  answers: { title: string; nl: string; fr: string; en: string }[];
}

/** The form values of a stored category (or of a new one). */
export function formValuesOf(c?: ReportCategoryRecord): CategoryFormValues {
  return {
    id: c?.id ?? '',
    parentId: c?.parentId ?? '',
    nameNl: c?.name.nl ?? '',
    nameFr: c?.name.fr ?? '',
    nameEn: c?.name.en ?? '',
    teamId: c?.teamId ?? '',
    handlingDays: c?.handlingDays ? String(c.handlingDays) : '',
    anonymousAllowed: c?.anonymousAllowed ?? true,
    active: c?.active ?? true,
    answers: (c?.standardAnswers ?? []).map((a) => ({ title: a.title, ...a.text })),
  };
}

function CategoryForm(props: {
  ctx: BackofficeContext;
  values: CategoryFormValues;
  editing: boolean;
  mains: ReportCategoryRecord[];
  teams: TeamRecord[];
}) {
  const { ctx, values: v, editing } = props;
  const l = ctx.locale;
  // One empty answer to add, after the existing ones.
  const answers = [...v.answers, { title: '', nl: '', fr: '', en: '' }];
  return (
    <form method="post" action="/backoffice/meldingen/categories" class="panel" id="category-form">
      <input type="hidden" name="_csrf" value={ctx.csrf} />
      <h2>{editing ? `${bt(l, 'editReportCategory')}: ${v.nameNl}` : bt(l, 'newReportCategory')}</h2>
      {editing ? <input type="hidden" name="editing" value="1" /> : null}
      <label for="c-id">{bt(l, 'categoryCode')}</label>
      <p class="hint" id="c-id-hint">
        {bt(l, 'categoryCodeHint')}
      </p>
      <input
        type="text"
        id="c-id"
        name="id"
        required
        maxLength={50}
        value={v.id}
        readOnly={editing}
        aria-describedby="c-id-hint"
        autocomplete="off"
      />
      <label for="c-parent">{bt(l, 'categoryParent')}</label>
      <select id="c-parent" name="parentId">
        <option value="">{bt(l, 'categoryMain')}</option>
        {props.mains
          .filter((m) => m.id !== v.id)
          .map((m) => (
            <option value={m.id} selected={m.id === v.parentId}>
              {m.name[l === 'fr' || l === 'en' ? l : 'nl']}
            </option>
          ))}
      </select>
      <label for="c-name-nl">{bt(l, 'categoryNameNl')}</label>
      <input type="text" id="c-name-nl" name="nameNl" required maxLength={100} value={v.nameNl} lang="nl" />
      <label for="c-name-fr">{bt(l, 'categoryNameFr')}</label>
      <input type="text" id="c-name-fr" name="nameFr" required maxLength={100} value={v.nameFr} lang="fr" />
      <label for="c-name-en">{bt(l, 'categoryNameEn')}</label>
      <input type="text" id="c-name-en" name="nameEn" required maxLength={100} value={v.nameEn} lang="en" />
      <label for="c-team">{bt(l, 'categoryTeam')}</label>
      <select id="c-team" name="teamId">
        <option value="">{bt(l, 'categoryNoTeam')}</option>
        {props.teams.map((t) => (
          <option value={t.id} selected={t.id === v.teamId}>
            {t.name}
          </option>
        ))}
      </select>
      <label for="c-days">{bt(l, 'categoryDays')}</label>
      <p class="hint" id="c-days-hint">
        {bt(l, 'categoryDaysHint')}
      </p>
      <input
        type="text"
        inputMode="numeric"
        id="c-days"
        name="handlingDays"
        maxLength={3}
        size={4}
        value={v.handlingDays}
        aria-describedby="c-days-hint"
      />
      <p>
        <input
          type="checkbox"
          id="c-anonymous"
          name="anonymousAllowed"
          value="on"
          checked={v.anonymousAllowed}
        />{' '}
        <label for="c-anonymous" class="inline">
          {bt(l, 'categoryAnonymous')}
        </label>
      </p>
      <p>
        <input type="checkbox" id="c-active" name="active" value="on" checked={v.active} />{' '}
        <label for="c-active" class="inline">
          {bt(l, 'categoryActive')}
        </label>
      </p>
      <h3>{bt(l, 'standardAnswers')}</h3>
      <p class="hint">{bt(l, 'standardAnswersHint')}</p>
      {answers.map((a, i) => (
        <fieldset>
          <legend>{bt(l, 'standardAnswerN', { n: i + 1 })}</legend>
          <label for={`c-a${i}-title`}>{bt(l, 'standardAnswerTitle')}</label>
          <input type="text" id={`c-a${i}-title`} name="answerTitle" maxLength={100} value={a.title} />
          <label for={`c-a${i}-nl`}>{bt(l, 'standardAnswerNl')}</label>
          <textarea id={`c-a${i}-nl`} name="answerNl" maxLength={2000} rows={2} lang="nl">
            {a.nl}
          </textarea>
          <label for={`c-a${i}-fr`}>{bt(l, 'standardAnswerFr')}</label>
          <textarea id={`c-a${i}-fr`} name="answerFr" maxLength={2000} rows={2} lang="fr">
            {a.fr}
          </textarea>
          <label for={`c-a${i}-en`}>{bt(l, 'standardAnswerEn')}</label>
          <textarea id={`c-a${i}-en`} name="answerEn" maxLength={2000} rows={2} lang="en">
            {a.en}
          </textarea>
        </fieldset>
      ))}
      <button type="submit">{bt(l, 'saveCategory')}</button>
    </form>
  );
}

/** Report categories (meldingen): the list, main categories with their sub-categories, and the form. */
export function MeldingenCategoriesPage(props: {
  ctx: BackofficeContext;
  categories: ReportCategoryRecord[];
  teams: TeamRecord[];
  values: CategoryFormValues;
  editing: boolean;
  error?: string | undefined;
}) {
  const { ctx } = props;
  const l = ctx.locale;
  const lang = l === 'fr' || l === 'en' ? l : 'nl';
  const mains = props.categories.filter((c) => c.parentId === null);
  const teamName = (id: string | null) => (id ? (props.teams.find((t) => t.id === id)?.name ?? '') : '');
  const rows = mains.flatMap((m) => [m, ...props.categories.filter((c) => c.parentId === m.id)]);
  return (
    <BackofficeLayout ctx={ctx} title={bt(l, 'reportCategories')}>
      <div class="categories-admin">
        <h1>{bt(l, 'reportCategories')}</h1>
        <p>{bt(l, 'reportCategoriesIntro')}</p>
        {props.error ? (
          <p class="conflict" role="alert">
            {props.error}
          </p>
        ) : null}
        {rows.length === 0 ? (
          <p>{bt(l, 'noReportCategories')}</p>
        ) : (
          <table>
            <thead>
              <tr>
                <th scope="col">{bt(l, 'categoryName')}</th>
                <th scope="col">{bt(l, 'categoryTeam')}</th>
                <th scope="col">{bt(l, 'categoryDays')}</th>
                <th scope="col">{bt(l, 'categoryAnonymousShort')}</th>
                <th scope="col">{bt(l, 'categoryActive')}</th>
                <th scope="col">{bt(l, 'standardAnswers')}</th>
                <th scope="col">
                  <span class="visually-hidden">{bt(l, 'editCategory')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((c) => (
                <tr class={c.parentId ? 'sub' : 'main'}>
                  <th scope="row">
                    {c.parentId ? <span class="sub-name">{c.name[lang]}</span> : c.name[lang]}
                  </th>
                  <td>{teamName(c.teamId)}</td>
                  <td>{c.handlingDays ?? ''}</td>
                  <td>{bt(l, c.anonymousAllowed ? 'yes' : 'no')}</td>
                  <td>{bt(l, c.active ? 'yes' : 'no')}</td>
                  <td>{c.standardAnswers.length}</td>
                  <td>
                    <a
                      href={`/backoffice/meldingen/categories?edit=${encodeURIComponent(c.id)}#category-form`}
                    >
                      {bt(l, 'editCategory')}
                      <span class="visually-hidden">: {c.name[lang]}</span>
                    </a>{' '}
                    <form
                      method="post"
                      action={`/backoffice/meldingen/categories/${encodeURIComponent(c.id)}/delete`}
                      class="inline"
                    >
                      <input type="hidden" name="_csrf" value={ctx.csrf} />
                      <button
                        type="submit"
                        class="link"
                        aria-label={`${bt(l, 'removeCategory')}: ${c.name[lang]}`}
                      >
                        {bt(l, 'removeCategory')}
                      </button>
                    </form>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <CategoryForm
          ctx={ctx}
          values={props.values}
          editing={props.editing}
          mains={mains}
          teams={props.teams}
        />
      </div>
    </BackofficeLayout>
  );
}
