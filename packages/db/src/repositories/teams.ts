import type { Actor, StaffRole } from '@smartloket/core';
import { inTx, type RepoContext } from '../context.js';
import { fromJson, ms, toDateNN, toJson } from '../dialect.js';
import { appendAudit } from './audit.js';

/** A staff member the back-office knows (recorded at login or imported). */
export interface StaffMemberRecord {
  subject: string;
  name: string;
  roles: StaffRole[];
  /** Request type scopes: `*`, type ids, `family.*`. */
  scopes: string[];
  seenAt: Date;
}

/** A team with its request types (ids or `family.*`) and members (subjects). */
export interface TeamRecord {
  id: string;
  name: string;
  typePatterns: string[];
  members: string[];
  createdAt: Date;
}

/** What {@link TeamRepository.saveTeam} needs. */
export interface TeamInput {
  name: string;
  typePatterns: readonly string[];
  members: readonly string[];
}

/** Whether a type id matches a pattern list (`*`, ids, `family.*`). */
export function matchesTypePatterns(patterns: readonly string[], typeId: string): boolean {
  return patterns.some(
    (s) => s === '*' || s === typeId || (s.endsWith('.*') && typeId.startsWith(s.slice(0, -1))),
  );
}

/**
 * The staff directory and the teams (decision 0903). Staff members are upserted at each staff
 * login with the roles and scopes the identity provider gave; teams hold request types and
 * members. Team changes are audited (`team_saved`, `team_removed`).
 */
export class TeamRepository {
  readonly #ctx: RepoContext;
  constructor(ctx: RepoContext) {
    this.#ctx = ctx;
  }

  /** Records (or refreshes) a staff member. */
  async recordStaff(member: {
    subject: string;
    name: string;
    roles: readonly StaffRole[];
    scopes: readonly string[];
  }) {
    const row = {
      subject: member.subject.slice(0, 200),
      name: (member.name || member.subject).slice(0, 200),
      roles: toJson(member.roles),
      scopes: toJson(member.scopes),
      seen_at: ms(this.#ctx.clock.now())!,
    };
    await this.#ctx
      .knex('staff_members')
      .insert(row)
      .onConflict('subject')
      .merge(['name', 'roles', 'scopes', 'seen_at']);
  }

  /** Every known staff member, by name. */
  async staff(): Promise<StaffMemberRecord[]> {
    const rows = await this.#ctx
      .knex('staff_members')
      .orderBy([
        { column: 'name', order: 'asc' },
        { column: 'subject', order: 'asc' },
      ])
      .limit(5000);
    return rows.map((r) => this.#mapStaff(r));
  }

  /** Staff members by subject (for showing names), only those known. */
  async staffBySubject(subjects: readonly string[]): Promise<Map<string, StaffMemberRecord>> {
    const unique = [...new Set(subjects)].filter((s) => s !== '');
    if (unique.length === 0) return new Map();
    const rows = await this.#ctx.knex('staff_members').whereIn('subject', unique);
    return new Map(rows.map((r) => [r.subject, this.#mapStaff(r)]));
  }

  /**
   * The case handlers who may handle `typeId` (their scopes cover it), by name; members of the
   * type's team(s) first.
   */
  async assignableFor(typeId: string): Promise<(StaffMemberRecord & { inTeam: boolean })[]> {
    const [staff, teams] = await Promise.all([this.staff(), this.teams()]);
    const teamMembers = new Set(
      teams.filter((t) => matchesTypePatterns(t.typePatterns, typeId)).flatMap((t) => t.members),
    );
    return staff
      .filter((s) => s.roles.includes('case_handler') && matchesTypePatterns(s.scopes, typeId))
      .map((s) => ({ ...s, inTeam: teamMembers.has(s.subject) }))
      .sort((a, b) => Number(b.inTeam) - Number(a.inTeam) || a.name.localeCompare(b.name, 'nl'));
  }

  /** Every team, by name. */
  async teams(): Promise<TeamRecord[]> {
    const k = this.#ctx.knex;
    const [teams, types, members] = await Promise.all([
      k('teams').orderBy('name').limit(500),
      k('team_request_types').orderBy('type_pattern'),
      k('team_members').orderBy('subject'),
    ]);
    return teams.map((t) => ({
      id: t.id,
      name: t.name,
      typePatterns: types.filter((x) => x.team_id === t.id).map((x) => x.type_pattern),
      members: members.filter((x) => x.team_id === t.id).map((x) => x.subject),
      createdAt: toDateNN(t.created_at),
    }));
  }

  /** The teams a staff member belongs to. */
  async teamsOf(subject: string): Promise<TeamRecord[]> {
    return (await this.teams()).filter((t) => t.members.includes(subject));
  }

  /**
   * Creates a team, or replaces the types and members of the team with this id (or, without an
   * id, of the team with this name). Audited as `team_saved`.
   */
  async saveTeam(input: TeamInput, actor: Actor, id?: string): Promise<TeamRecord> {
    const name = input.name.trim().slice(0, 100);
    if (!name) throw new TypeError('team name required');
    const typePatterns = [...new Set(input.typePatterns.map((p) => p.trim()).filter(Boolean))];
    const members = [...new Set(input.members.map((p) => p.trim()).filter(Boolean))];
    return inTx(this.#ctx, async (k) => {
      const existing = id ? await k('teams').where({ id }).first() : await k('teams').where({ name }).first();
      const teamId: string = existing?.id ?? crypto.randomUUID();
      const createdAt = existing ? Number(existing.created_at) : ms(this.#ctx.clock.now())!;
      if (existing) await k('teams').where({ id: teamId }).update({ name });
      else await k('teams').insert({ id: teamId, name, created_at: createdAt });
      await k('team_request_types').where({ team_id: teamId }).delete();
      await k('team_members').where({ team_id: teamId }).delete();
      if (typePatterns.length > 0)
        await k('team_request_types').insert(
          typePatterns.map((p) => ({ team_id: teamId, type_pattern: p.slice(0, 200) })),
        );
      if (members.length > 0)
        await k('team_members').insert(members.map((s) => ({ team_id: teamId, subject: s.slice(0, 200) })));
      await appendAudit(this.#ctx, k, {
        category: 'team_saved',
        actor,
        data: { teamId, name, typePatterns, members: members.length },
      });
      return { id: teamId, name, typePatterns, members, createdAt: new Date(createdAt) };
    });
  }

  /** Removes a team (its types and memberships go with it); false when there was none. */
  async removeTeam(id: string, actor: Actor): Promise<boolean> {
    return inTx(this.#ctx, async (k) => {
      const team = await k('teams').where({ id }).first();
      if (!team) return false;
      await k('team_request_types').where({ team_id: id }).delete();
      await k('team_members').where({ team_id: id }).delete();
      await k('teams').where({ id }).delete();
      await appendAudit(this.#ctx, k, {
        category: 'team_removed',
        actor,
        data: { teamId: id, name: team.name },
      });
      return true;
    });
  }

  #mapStaff(r: any): StaffMemberRecord {
    return {
      subject: r.subject,
      name: r.name,
      roles: fromJson<StaffRole[]>(this.#ctx.dialect, r.roles) ?? [],
      scopes: fromJson<string[]>(this.#ctx.dialect, r.scopes) ?? [],
      seenAt: toDateNN(r.seen_at),
    };
  }
}
