/** @jsxImportSource preact */
import { type LocalizedText, localize } from '@smartloket/core';
import type { StaffMemberRecord, TeamRecord } from '@smartloket/db';
import { bt } from '../../backoffice-messages.js';
import { type BackofficeContext, BackofficeLayout } from './layout.js';

/** One team's form (new team when `team` is undefined): name, request types, members. */
function TeamForm(props: {
  ctx: BackofficeContext;
  team?: TeamRecord | undefined;
  types: { id: string; title: LocalizedText }[];
  families: string[];
  staff: StaffMemberRecord[];
}) {
  const { ctx, team } = props;
  const l = ctx.locale;
  const key = team?.id ?? 'new';
  const patterns = new Set(team?.typePatterns ?? []);
  const members = new Set(team?.members ?? []);
  return (
    <form method="post" action={team ? `/backoffice/teams/${team.id}` : '/backoffice/teams'} class="panel">
      <input type="hidden" name="_csrf" value={ctx.csrf} />
      <h2>{team ? team.name : bt(l, 'newTeam')}</h2>
      <label for={`t-name-${key}`}>{bt(l, 'teamName')}</label>
      <input type="text" id={`t-name-${key}`} name="name" required maxLength={100} value={team?.name ?? ''} />
      <fieldset>
        <legend>{bt(l, 'teamTypes')}</legend>
        <div class="choices">
          {props.families.map((f) => (
            <span>
              <input type="checkbox" id={`t-${key}-${f}`} name="types" value={f} checked={patterns.has(f)} />{' '}
              <label for={`t-${key}-${f}`}>{f}</label>
            </span>
          ))}
          {props.types.map((t) => (
            <span>
              <input
                type="checkbox"
                id={`t-${key}-${t.id}`}
                name="types"
                value={t.id}
                checked={patterns.has(t.id)}
              />{' '}
              <label for={`t-${key}-${t.id}`}>{localize(t.title, l)}</label>
            </span>
          ))}
        </div>
      </fieldset>
      <fieldset>
        <legend>{bt(l, 'teamMembers')}</legend>
        {props.staff.length > 0 ? (
          <div class="choices">
            {props.staff.map((s) => (
              <span>
                <input
                  type="checkbox"
                  id={`t-${key}-m-${s.subject}`}
                  name="members"
                  value={s.subject}
                  checked={members.has(s.subject)}
                />{' '}
                <label for={`t-${key}-m-${s.subject}`}>{s.name}</label>
              </span>
            ))}
          </div>
        ) : (
          <p class="hint">{bt(l, 'noStaff')}</p>
        )}
      </fieldset>
      <button type="submit">{bt(l, 'saveTeam')}</button>
    </form>
  );
}

/** Teams: their request types and members (administrators). */
export function TeamsPage(props: {
  ctx: BackofficeContext;
  teams: TeamRecord[];
  types: { id: string; title: LocalizedText }[];
  staff: StaffMemberRecord[];
  error?: string | undefined;
}) {
  const { ctx } = props;
  const l = ctx.locale;
  const families = [...new Set(props.types.map((t) => `${t.id.split('.')[0]}.*`))];
  return (
    <BackofficeLayout ctx={ctx} title={bt(l, 'teams')}>
      <div class="teams-admin">
        <h1>{bt(l, 'teams')}</h1>
        {props.error ? (
          <p class="conflict" role="alert">
            {props.error}
          </p>
        ) : null}
        {props.teams.length === 0 ? <p>{bt(l, 'noTeams')}</p> : null}
        {props.teams.map((team) => (
          <>
            <TeamForm ctx={ctx} team={team} types={props.types} families={families} staff={props.staff} />
            <form method="post" action={`/backoffice/teams/${team.id}/delete`} class="inline">
              <input type="hidden" name="_csrf" value={ctx.csrf} />
              <button type="submit" class="secondary" aria-label={`${bt(l, 'removeTeam')}: ${team.name}`}>
                {bt(l, 'removeTeam')}
              </button>
            </form>
          </>
        ))}
        <TeamForm ctx={ctx} types={props.types} families={families} staff={props.staff} />
      </div>
    </BackofficeLayout>
  );
}
