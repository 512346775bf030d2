import { readFileSync, writeFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ManualClock } from './clock.js';
import {
  type ActorType,
  availableActions,
  canTransition,
  IllegalTransitionError,
  isTerminal,
  Lifecycle,
  nextState,
  REQUEST_ACTIONS,
  REQUEST_STATES,
  type RequestAction,
  type RequestKind,
  type RequestState,
  TERMINAL_STATES,
  type TransitionEntry,
  transitionTable,
} from './lifecycle.js';

const ACTOR_TYPES: readonly ActorType[] = ['system', 'requester', 'staff', 'api'];
const KINDS: readonly RequestKind[] = ['certificate', 'report'];

/**
 * The expected transitions, written by hand from the diagram in lifecycle.ts, the lifecycle in
 * DESIGN.md and decision 0006 (approve → approved → fetch; escalate; system refuse from
 * waiting_source; fail / retry; the report machine). Staff may close (refuse, handle outside) a
 * request that is still in their hands: in_review, waiting_requester, approved or failed; they may
 * deliver at the counter from in_review, approved or failed. A question whose answer-by date
 * passes returns the request to staff (`no_answer`) or closes it (system `refuse`, decision 0902). A typo in the table fails the test
 * that compares both.
 *
 * Notation: `kind action from1,from2 -> to by actor1,actor2 [reason]`.
 */
const EXPECTED = `
certificate auto               submitted -> waiting_source by system
certificate review             submitted -> in_review by system
certificate deny               submitted -> denied by system reason
certificate approve            in_review -> approved by staff,api
certificate ask                in_review -> waiting_requester by staff,api reason
certificate answer             waiting_requester -> in_review by requester
certificate no_answer          waiting_requester -> in_review by system reason
certificate refuse             in_review,approved,failed -> refused by staff,api reason
certificate refuse             waiting_requester -> refused by staff,api,system reason
certificate refuse             waiting_source -> refused by system reason
certificate deliver_at_counter in_review,approved,failed -> delivered_at_counter by staff,api
certificate handle_outside     in_review,waiting_requester,approved,failed -> handled_outside by staff,api
certificate fetch              approved -> waiting_source by system,staff,api
certificate render             waiting_source -> rendering by system
certificate sign               waiting_source,rendering -> signing by system
certificate deliver            waiting_source,rendering,signing -> delivered by system
certificate fail               waiting_source,rendering,signing -> failed by system reason
certificate retry              failed -> waiting_source by staff,api
certificate escalate           waiting_source,failed -> in_review by system,staff,api reason
certificate cancel             submitted,in_review,waiting_requester -> cancelled by requester
certificate expire             delivered -> expired by system
certificate lapse              approved -> lapsed by system reason
report      start              submitted -> in_progress by staff,api
report      ask                submitted,in_progress -> waiting_requester by staff,api reason
report      answer             waiting_requester -> in_progress by requester
report      resolve            in_progress -> resolved by staff,api
report      no_answer          waiting_requester -> in_progress by system reason
report      refuse             submitted,in_progress -> refused by staff,api reason
report      refuse             waiting_requester -> refused by staff,api,system reason
report      handle_outside     submitted,in_progress -> handled_outside by staff,api
report      cancel             submitted,waiting_requester -> cancelled by requester
report      reopen             resolved -> in_progress by requester reason
`;

function expectedRows(): TransitionEntry[] {
  const rows: TransitionEntry[] = [];
  for (const line of EXPECTED.trim().split('\n')) {
    const m = /^(\w+)\s+(\w+)\s+([\w,]+) -> (\w+) by ([\w,]+)( reason)?$/.exec(line.trim());
    if (!m) throw new Error(`bad expected line: ${line}`);
    const [, kind, action, froms = '', to, by = '', reason] = m;
    for (const from of froms.split(',')) {
      rows.push({
        kind: kind as RequestKind,
        action: action as RequestAction,
        from: from as RequestState,
        to: to as RequestState,
        by: by.split(',') as ActorType[],
        reasonRequired: reason !== undefined,
      });
    }
  }
  return rows;
}

const key = (t: TransitionEntry) =>
  `${t.kind} ${t.action} ${t.from} -> ${t.to} by ${[...t.by].sort().join(',')}${t.reasonRequired ? ' reason' : ''}`;

const EXPECTED_ROWS = expectedRows();
const TABLE = transitionTable();

function find(kind: RequestKind, state: RequestState, action: RequestAction) {
  return EXPECTED_ROWS.find((r) => r.kind === kind && r.from === state && r.action === action);
}

describe('transition table', () => {
  it('matches the hand-written list from the lifecycle diagram', () => {
    expect(TABLE.map(key).sort()).toEqual(EXPECTED_ROWS.map(key).sort());
  });

  it('has the expected shape: states and actions are known, one rule per (kind, action, from)', () => {
    const seen = new Set<string>();
    for (const t of TABLE) {
      expect(REQUEST_STATES).toContain(t.from);
      expect(REQUEST_STATES).toContain(t.to);
      expect(REQUEST_ACTIONS).toContain(t.action);
      expect(t.by.length).toBeGreaterThan(0);
      const id = `${t.kind}/${t.action}/${t.from}`;
      expect(seen.has(id), id).toBe(false);
      seen.add(id);
    }
  });

  it('filters by kind', () => {
    expect(transitionTable('report').every((t) => t.kind === 'report')).toBe(true);
    expect(transitionTable('certificate').length + transitionTable('report').length).toBe(TABLE.length);
  });

  it('never leaves a terminal state, and every state is reachable from submitted', () => {
    // The one way out of a closed state: the reporter reopens a resolved report (decision 1501).
    for (const t of TABLE.filter((t) => t.action !== 'reopen'))
      expect(isTerminal(t.from), key(t)).toBe(false);
    expect(TABLE.filter((t) => t.action === 'reopen').map(key)).toEqual([
      'report reopen resolved -> in_progress by requester reason',
    ]);
    const reached = new Set<RequestState>(['submitted']);
    for (let grew = true; grew; ) {
      grew = false;
      for (const t of TABLE) {
        if (reached.has(t.from) && !reached.has(t.to)) {
          reached.add(t.to);
          grew = true;
        }
      }
    }
    expect([...reached].sort()).toEqual([...REQUEST_STATES].sort());
  });
});

describe('Lifecycle.apply: every allowed transition', () => {
  const cases = TABLE.flatMap((t) => t.by.map((actor) => [key(t), actor, t] as const));

  it.each(cases)('%s as %s', (_name, actorType, t) => {
    const clock = new ManualClock('2026-03-01T10:00:00Z');
    const lc = new Lifecycle(t.kind, () => clock.now(), t.from);
    const reason = t.reasonRequired ? 'stated reason' : undefined;
    const event = lc.apply(t.action, { type: actorType, id: 'actor-1' }, reason);
    expect(lc.state).toBe(t.to);
    expect(event).toEqual({
      action: t.action,
      from: t.from,
      to: t.to,
      actor: { type: actorType, id: 'actor-1' },
      at: new Date('2026-03-01T10:00:00Z'),
      ...(reason ? { reason } : {}),
    });
    expect(lc.events).toEqual([event]);
    expect(nextState(t.kind, t.from, t.action, { type: actorType }, reason)).toBe(t.to);
    expect(canTransition(t.kind, t.from, t.action, { type: actorType }, reason)).toBe(true);
    expect(availableActions(t.kind, t.from, actorType)).toContain(t.action);
  });
});

describe('Lifecycle.apply: refusals', () => {
  const wrongActors = TABLE.flatMap((t) =>
    ACTOR_TYPES.filter((a) => !t.by.includes(a)).map((actor) => [key(t), actor, t] as const),
  );

  it.each(wrongActors)('%s refuses actor %s', (_name, actorType, t) => {
    const lc = new Lifecycle(t.kind, () => new Date(0), t.from);
    let error: unknown;
    try {
      lc.apply(t.action, { type: actorType }, 'a reason');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(IllegalTransitionError);
    expect((error as Error).message).toBe(
      `Cannot ${t.action} a ${t.kind} request in state ${t.from}: not allowed for actor ${actorType}`,
    );
    expect(lc.state).toBe(t.from);
    expect(lc.events).toEqual([]);
  });

  const needReason = TABLE.filter((t) => t.reasonRequired).flatMap((t) =>
    [undefined, '', '   '].map((reason) => [key(t), JSON.stringify(reason), t, reason] as const),
  );

  it.each(needReason)('%s refuses reason %s', (_name, _shown, t, reason) => {
    const lc = new Lifecycle(t.kind, () => new Date(0), t.from);
    expect(() => lc.apply(t.action, { type: t.by[0]! }, reason)).toThrow(
      `Cannot ${t.action} a ${t.kind} request in state ${t.from}: a reason is required`,
    );
    expect(lc.state).toBe(t.from);
    expect(lc.events).toEqual([]);
  });

  it('transitions without a required reason may still carry one', () => {
    const lc = new Lifecycle('certificate', () => new Date(0));
    expect(lc.apply('review', { type: 'system' }, 'purpose unclear').reason).toBe('purpose unclear');
    expect('reason' in lc.apply('approve', { type: 'staff', id: 's1' })).toBe(false);
  });

  it('terminal states allow nothing, for any actor', () => {
    for (const kind of KINDS) {
      for (const state of TERMINAL_STATES) {
        for (const actorType of ACTOR_TYPES) {
          const reopens = kind === 'report' && state === 'resolved' && actorType === 'requester';
          expect(availableActions(kind, state, actorType)).toEqual(reopens ? ['reopen'] : []);
          for (const action of REQUEST_ACTIONS) {
            if (reopens && action === 'reopen') continue;
            expect(canTransition(kind, state, action, { type: actorType }, 'reason')).toBe(false);
          }
        }
      }
    }
    expect(TERMINAL_STATES).not.toContain('delivered'); // delivered still expires
    expect(availableActions('certificate', 'delivered', 'system')).toEqual(['expire']);
  });

  it('an action of the other kind is refused with its own message', () => {
    const lc = new Lifecycle('certificate', () => new Date(0));
    expect(() => lc.apply('start', { type: 'staff' })).toThrow(
      'Cannot start a certificate request in state submitted: no such action for a certificate',
    );
    expect(() => new Lifecycle('report', () => new Date(0)).apply('auto', { type: 'system' })).toThrow(
      'Cannot auto a report request in state submitted: no such action for a report',
    );
  });

  it('an action from the wrong state is refused, with code, state and action on the error', () => {
    const lc = new Lifecycle('certificate', () => new Date(0));
    let error: IllegalTransitionError | undefined;
    try {
      lc.apply('approve', { type: 'staff' });
    } catch (e) {
      error = e as IllegalTransitionError;
    }
    expect(error).toBeInstanceOf(IllegalTransitionError);
    expect(error?.message).toBe(
      'Cannot approve a certificate request in state submitted: not allowed from this state',
    );
    expect(error?.code).toBe('ILLEGAL_TRANSITION');
    expect(error?.from).toBe('submitted');
    expect(error?.action).toBe('approve');
    expect(error?.userMessage.nl).toMatch(/niet mogelijk/);
  });

  it('events are frozen and the list is a copy', () => {
    const lc = new Lifecycle('certificate', () => new Date(0));
    const event = lc.apply('auto', { type: 'system' });
    expect(Object.isFrozen(event)).toBe(true);
    (lc.events as unknown as unknown[]).push('x');
    expect(lc.events).toHaveLength(1);
  });
});

describe('Lifecycle: properties', () => {
  const command = fc.oneof(
    // Pick one of the legal transitions from the current state (walks deep into the machine).
    fc.record({ legal: fc.nat(), reason: fc.constantFrom(undefined, 'why') }),
    // Any action by any actor, with or without a usable reason.
    fc.record({
      action: fc.constantFrom(...REQUEST_ACTIONS),
      actor: fc.constantFrom(...ACTOR_TYPES),
      reason: fc.constantFrom(undefined, '', '  ', 'a reason'),
    }),
  );

  it('an illegal command throws IllegalTransitionError and changes neither state nor events', () => {
    fc.assert(
      fc.property(fc.constantFrom(...KINDS), fc.array(command, { maxLength: 30 }), (kind, commands) => {
        const lc = new Lifecycle(kind, () => new Date(0));
        for (const c of commands) {
          const state = lc.state;
          let action: RequestAction;
          let actor: ActorType;
          let reason = c.reason;
          if ('legal' in c) {
            const legal = EXPECTED_ROWS.filter((r) => r.kind === kind && r.from === state);
            if (legal.length === 0) continue;
            const row = legal[c.legal % legal.length]!;
            action = row.action;
            actor = row.by[c.legal % row.by.length]!;
            if (row.reasonRequired) reason = 'why';
          } else {
            action = c.action;
            actor = c.actor;
          }
          const row = find(kind, state, action);
          const legal = row?.by.includes(actor) === true && (!row.reasonRequired || !!reason?.trim());
          const before = lc.events;
          if (legal) {
            lc.apply(action, { type: actor }, reason);
            expect(lc.state).toBe(row?.to);
            expect(lc.events).toHaveLength(before.length + 1);
          } else {
            expect(() => lc.apply(action, { type: actor }, reason)).toThrow(IllegalTransitionError);
            expect(lc.state).toBe(state);
            expect(lc.events).toEqual(before);
          }
        }
      }),
      { numRuns: 400 },
    );
  });

  it('legal walks form a chain of events stamped with the injected clock', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...KINDS),
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 86_400_000 })), { maxLength: 25 }),
        (kind, steps) => {
          const clock = new ManualClock('2026-01-05T09:00:00Z');
          const lc = new Lifecycle(kind, () => clock.now());
          const times: number[] = [];
          for (const [pick, wait] of steps) {
            const legal = EXPECTED_ROWS.filter((r) => r.kind === kind && r.from === lc.state);
            if (legal.length === 0) break;
            const row = legal[pick % legal.length]!;
            clock.advance(wait);
            times.push(clock.now().getTime());
            lc.apply(
              row.action,
              { type: row.by[pick % row.by.length]! },
              row.reasonRequired ? 'r' : undefined,
            );
          }
          const events = lc.events;
          expect(events.map((e) => e.at.getTime())).toEqual(times);
          let state: RequestState = 'submitted';
          for (const e of events) {
            expect(e.from).toBe(state);
            expect(find(kind, e.from, e.action)?.to).toBe(e.to);
            state = e.to;
          }
          expect(lc.state).toBe(state);
        },
      ),
      { numRuns: 300 },
    );
  });
});

/** The diagram and table in docs/architecture/lifecycle.md, generated from the table. */
function lifecycleDocBlocks(): string {
  const out: string[] = [];
  for (const kind of KINDS) {
    out.push(`### ${kind === 'certificate' ? 'Certificates' : 'Reports (meldingen)'}`, '');
    out.push('```mermaid', 'stateDiagram-v2', '  [*] --> submitted');
    const edges = new Map<string, string[]>();
    for (const t of transitionTable(kind)) {
      const edge = `${t.from} --> ${t.to}`;
      edges.set(edge, [...(edges.get(edge) ?? []), t.action]);
    }
    for (const [edge, actions] of edges) out.push(`  ${edge}: ${actions.join(' / ')}`);
    const terminals = new Set(
      transitionTable(kind)
        .map((t) => t.to)
        .filter((s) => isTerminal(s)),
    );
    for (const s of terminals) out.push(`  ${s} --> [*]`);
    out.push('```', '');
    out.push('| action | from | to | by | reason |', '|---|---|---|---|---|');
    for (const t of transitionTable(kind)) {
      out.push(
        `| ${t.action} | ${t.from} | ${t.to} | ${t.by.join(', ')} | ${t.reasonRequired ? 'required' : ''} |`,
      );
    }
    out.push('');
  }
  return out.join('\n');
}

describe('docs/architecture/lifecycle.md', () => {
  // Regenerate with: UPDATE_LIFECYCLE_DOC=1 pnpm exec vitest run packages/core/src/lifecycle.test.ts
  it('shows the diagram and the table generated from transitionTable()', () => {
    const file = new URL('../../../docs/architecture/lifecycle.md', import.meta.url);
    const start = '<!-- generated from transitionTable(): start -->';
    const end = '<!-- generated from transitionTable(): end -->';
    let doc = readFileSync(file, 'utf8');
    if (process.env.UPDATE_LIFECYCLE_DOC) {
      doc = `${doc.slice(0, doc.indexOf(start) + start.length)}\n\n${lifecycleDocBlocks().trim()}\n\n${doc.slice(doc.indexOf(end))}`;
      writeFileSync(file, doc);
    }
    const generated = doc.slice(doc.indexOf(start) + start.length, doc.indexOf(end)).trim();
    expect(doc).toContain(start);
    expect(generated).toBe(lifecycleDocBlocks().trim());
  });
});
