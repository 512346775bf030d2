import type { Actor, Requester } from '@smartloket/core';
import { expect, it } from 'vitest';
import type { NewRequest } from './index.js';
import { forEachDatabase } from './testing.js';

const admin: Actor = { type: 'staff', id: 'pieter', name: 'Pieter Wouters' };
const citizen: Requester = { kind: 'citizen', id: 'jan', level: 'high', insz: '85073003328' };

function newRequest(typeId: string, state: NewRequest['state'] = 'submitted'): NewRequest {
  return {
    typeId,
    state,
    pluginId: typeId.split('.')[0]!,
    kind: 'certificate',
    locale: 'nl',
    requester: citizen,
    subject: { insz: '85073003328', relation: 'self' },
    form: {},
  };
}

forEachDatabase('teams and the staff directory', (_url, t) => {
  it('records staff at login and lists who may handle a type, team members first', async () => {
    await t.db.teams.recordStaff({
      subject: 'karin',
      name: 'Karin Goossens',
      roles: ['case_handler'],
      scopes: ['*'],
    });
    await t.db.teams.recordStaff({
      subject: 'eva',
      name: 'Eva Claes',
      roles: ['case_handler'],
      scopes: ['bevolking.*'],
    });
    await t.db.teams.recordStaff({ subject: 'ann', name: 'Ann Lambert', roles: ['reporter'], scopes: ['*'] });
    // A second login refreshes name and scopes.
    await t.db.teams.recordStaff({
      subject: 'bert',
      name: 'B',
      roles: ['case_handler'],
      scopes: ['melding.*'],
    });
    await t.db.teams.recordStaff({
      subject: 'bert',
      name: 'Bert Maes',
      roles: ['case_handler'],
      scopes: ['melding.*', 'bevolking.woonst'],
    });
    expect((await t.db.teams.staff()).map((s) => s.name)).toEqual([
      'Ann Lambert',
      'Bert Maes',
      'Eva Claes',
      'Karin Goossens',
    ]);

    await t.db.teams.saveTeam(
      { name: 'Burgerzaken', typePatterns: ['bevolking.*'], members: ['karin'] },
      admin,
    );
    const forWoonst = await t.db.teams.assignableFor('bevolking.woonst');
    expect(forWoonst.map((s) => [s.name, s.inTeam])).toEqual([
      ['Karin Goossens', true],
      ['Bert Maes', false],
      ['Eva Claes', false],
    ]);
    expect((await t.db.teams.assignableFor('melding.openbaar-domein')).map((s) => s.subject)).toEqual([
      'bert',
      'karin',
    ]);
    const names = await t.db.teams.staffBySubject(['karin', 'nobody']);
    expect(names.get('karin')?.name).toBe('Karin Goossens');
    expect(names.has('nobody')).toBe(false);
  });

  it('saves, replaces and removes teams, audited', async () => {
    const team = await t.db.teams.saveTeam(
      { name: 'Openbaar domein', typePatterns: ['melding.*', 'melding.*'], members: ['bert', 'karin'] },
      admin,
    );
    expect(team.typePatterns).toEqual(['melding.*']);
    const again = await t.db.teams.saveTeam(
      { name: 'Openbaar domein', typePatterns: ['melding.*', 'test.report'], members: ['bert'] },
      admin,
    );
    expect(again.id).toBe(team.id);
    const listed = (await t.db.teams.teams()).find((x) => x.id === team.id)!;
    expect(listed).toMatchObject({
      name: 'Openbaar domein',
      typePatterns: ['melding.*', 'test.report'],
      members: ['bert'],
    });
    expect((await t.db.teams.teamsOf('bert')).map((x) => x.name)).toEqual(['Openbaar domein']);
    expect(await t.db.teams.removeTeam(team.id, admin)).toBe(true);
    expect(await t.db.teams.removeTeam(team.id, admin)).toBe(false);
    expect((await t.db.teams.teamsOf('bert')).map((x) => x.name)).toEqual([]);
    const audit = await t.db.audit.list({ categories: ['team_saved', 'team_removed'] });
    // Three saves (one in the first test), one removal; the test clock does not move, so no order.
    expect(audit.map((a) => a.category).sort()).toEqual([
      'team_removed',
      'team_saved',
      'team_saved',
      'team_saved',
    ]);
  });

  it('filters the inbox on mine, my team and unassigned, and counts open requests per state and type', async () => {
    const a = await t.db.requests.insert(newRequest('bevolking.woonst', 'in_review'));
    const b = await t.db.requests.insert(newRequest('bevolking.woonst', 'in_review'));
    const c = await t.db.requests.insert(newRequest('melding.openbaar-domein', 'in_review'));
    await t.db.requests.insert(newRequest('melding.openbaar-domein'));
    await t.db.requests.insert(newRequest('melding.openbaar-domein', 'delivered'));
    await t.db.requests.update(a.id, { assigneeId: 'karin' });
    const ids = async (f: Parameters<typeof t.db.backoffice.inbox>[0]) =>
      new Set((await t.db.backoffice.inbox(f, { limit: 50 })).items.map((r) => r.id));

    expect(await ids({ scopes: ['*'], assigneeId: 'karin' })).toEqual(new Set([a.id]));
    const unassigned = await ids({ scopes: ['*'], unassigned: true });
    expect(unassigned.has(a.id)).toBe(false);
    expect(unassigned.has(b.id) && unassigned.has(c.id)).toBe(true);
    const team = await ids({ scopes: ['*'], teamTypes: ['bevolking.*'] });
    expect(team.has(a.id) && team.has(b.id)).toBe(true);
    expect(team.has(c.id)).toBe(false);
    // The team's types and the staff member's scopes both apply.
    expect(await ids({ scopes: ['melding.*'], teamTypes: ['bevolking.*'] })).toEqual(new Set());
    expect(await ids({ scopes: ['*'], teamTypes: [] })).toEqual(new Set());

    const counts = await t.db.backoffice.openCounts(['*']);
    const of = (state: string, typeId: string) =>
      counts.find((x) => x.state === state && x.typeId === typeId)?.count ?? 0;
    expect(of('in_review', 'bevolking.woonst')).toBe(2);
    expect(of('in_review', 'melding.openbaar-domein')).toBe(1);
    expect(of('submitted', 'melding.openbaar-domein')).toBe(1);
    expect(
      (await t.db.backoffice.openCounts(['melding.*'])).every((x) => x.typeId.startsWith('melding.')),
    ).toBe(true);
  });
});
