import { SmartLoketError } from './errors.js';

/**
 * The request lifecycle: one state machine for every request. Certificates and reports
 * (meldingen) share the states they have in common. Every transition is an append-only event.
 *
 * ```
 * submitted ─auto─> waiting_source ─> rendering ─> signing ─> delivered ─> expired
 *    │ └─review─> in_review ─approve─> approved ─fetch─┘
 *    │                                    └─lapse (fee after approval unpaid at the term)─> lapsed
 *    │              ├─ask─> waiting_requester ─answer | no_answer─> in_review
 *    │              ├─refuse─> refused, deliver_at_counter─> delivered_at_counter,
 *    │              └─handle_outside─> handled_outside
 *    ├─deny─> denied
 *    └─cancel (requester, before handling)─> cancelled
 * waiting_source | rendering | signing ─fail─> failed ─retry─> waiting_source
 * report: submitted ─start─> in_progress ─resolve─> resolved | refused
 * ```
 */

export const REQUEST_STATES = [
  'submitted',
  'in_review',
  'waiting_requester',
  'approved',
  'waiting_source',
  'rendering',
  'signing',
  'delivered',
  'delivered_at_counter',
  'handled_outside',
  'in_progress',
  'resolved',
  'refused',
  'denied',
  'cancelled',
  'failed',
  'expired',
  'lapsed',
] as const;
/** A state of the request lifecycle (see {@link REQUEST_STATES}). */
export type RequestState = (typeof REQUEST_STATES)[number];

/** Every action of the lifecycle: what moves a request from one state to the next. */
export const REQUEST_ACTIONS = [
  'auto',
  'review',
  'deny',
  'approve',
  'ask',
  'answer',
  'refuse',
  'deliver_at_counter',
  'handle_outside',
  'fetch',
  'render',
  'sign',
  'deliver',
  'fail',
  'retry',
  'escalate',
  'cancel',
  'expire',
  'start',
  'resolve',
  'no_answer',
  'lapse',
  'reopen',
] as const;
/** An action of the lifecycle (see {@link REQUEST_ACTIONS}). */
export type RequestAction = (typeof REQUEST_ACTIONS)[number];

/**
 * A certificate (an attest or extract from an authentic source, delivered as a document) or a
 * report (a melding the municipality handles, no document).
 */
export type RequestKind = 'certificate' | 'report';

/** Who performs a transition. */
export type ActorType = 'system' | 'requester' | 'staff' | 'api';

/** Who performs a transition, as recorded on the event. */
export interface Actor {
  /** The kind of actor; the transition table says which kinds may perform each action. */
  type: ActorType;
  /** Subject id of the person or API client; absent for the system. */
  id?: string | undefined;
  /** Display name, for staff screens (never written to logs). */
  name?: string | undefined;
}

/** The system as actor (the pipeline, the worker, scheduled jobs). */
export const SYSTEM: Actor = Object.freeze({ type: 'system' });

interface TransitionRule {
  from: readonly RequestState[];
  to: RequestState;
  /** Actor types allowed to perform it. */
  by: readonly ActorType[];
  /** True when the event must carry a reason. */
  reason?: boolean;
}

const STAFF: readonly ActorType[] = ['staff', 'api'];
const SYS: readonly ActorType[] = ['system'];
const SYS_STAFF: readonly ActorType[] = ['system', 'staff', 'api'];

/** Transitions of certificate requests, by action. */
const CERTIFICATE: Partial<Record<RequestAction, readonly TransitionRule[]>> = {
  auto: [{ from: ['submitted'], to: 'waiting_source', by: SYS }],
  review: [{ from: ['submitted'], to: 'in_review', by: SYS }],
  deny: [{ from: ['submitted'], to: 'denied', by: SYS, reason: true }],
  approve: [{ from: ['in_review'], to: 'approved', by: STAFF }],
  ask: [{ from: ['in_review'], to: 'waiting_requester', by: STAFF, reason: true }],
  answer: [{ from: ['waiting_requester'], to: 'in_review', by: ['requester'] }],
  // The answer-by date passed without an answer: back to the clerk, marked "geen antwoord".
  no_answer: [{ from: ['waiting_requester'], to: 'in_review', by: SYS, reason: true }],
  refuse: [
    {
      from: ['in_review', 'approved', 'failed'],
      to: 'refused',
      by: STAFF,
      reason: true,
    },
    // Staff, or the worker when a question expires and the type closes unanswered requests.
    { from: ['waiting_requester'], to: 'refused', by: [...STAFF, 'system'], reason: true },
    // A permanent answer of the source (unknown person, no such act) ends the request.
    { from: ['waiting_source'], to: 'refused', by: SYS, reason: true },
  ],
  deliver_at_counter: [{ from: ['in_review', 'approved', 'failed'], to: 'delivered_at_counter', by: STAFF }],
  handle_outside: [
    { from: ['in_review', 'waiting_requester', 'approved', 'failed'], to: 'handled_outside', by: STAFF },
  ],
  fetch: [{ from: ['approved'], to: 'waiting_source', by: SYS_STAFF }],
  render: [{ from: ['waiting_source'], to: 'rendering', by: SYS }],
  sign: [{ from: ['waiting_source', 'rendering'], to: 'signing', by: SYS }],
  deliver: [{ from: ['waiting_source', 'rendering', 'signing'], to: 'delivered', by: SYS }],
  fail: [{ from: ['waiting_source', 'rendering', 'signing'], to: 'failed', by: SYS, reason: true }],
  retry: [{ from: ['failed'], to: 'waiting_source', by: STAFF }],
  escalate: [{ from: ['waiting_source', 'failed'], to: 'in_review', by: SYS_STAFF, reason: true }],
  cancel: [{ from: ['submitted', 'in_review', 'waiting_requester'], to: 'cancelled', by: ['requester'] }],
  expire: [{ from: ['delivered'], to: 'expired', by: SYS }],
  // The fee due after approval was not paid within the type's term (issue 21, decision 1700).
  lapse: [{ from: ['approved'], to: 'lapsed', by: SYS, reason: true }],
};

/** Transitions of reports (meldingen). */
const REPORT: Partial<Record<RequestAction, readonly TransitionRule[]>> = {
  start: [{ from: ['submitted'], to: 'in_progress', by: STAFF }],
  ask: [{ from: ['submitted', 'in_progress'], to: 'waiting_requester', by: STAFF, reason: true }],
  answer: [{ from: ['waiting_requester'], to: 'in_progress', by: ['requester'] }],
  no_answer: [{ from: ['waiting_requester'], to: 'in_progress', by: SYS, reason: true }],
  resolve: [{ from: ['in_progress'], to: 'resolved', by: STAFF }],
  refuse: [
    { from: ['submitted', 'in_progress'], to: 'refused', by: STAFF, reason: true },
    { from: ['waiting_requester'], to: 'refused', by: [...STAFF, 'system'], reason: true },
  ],
  handle_outside: [{ from: ['submitted', 'in_progress'], to: 'handled_outside', by: STAFF }],
  cancel: [{ from: ['submitted', 'waiting_requester'], to: 'cancelled', by: ['requester'] }],
  /**
   * The reporter says a resolved report is not fixed (decision 1501): back to the team, once,
   * within 14 days of closing (the runtime checks that rule, `resolved` stays a closed state).
   */
  reopen: [{ from: ['resolved'], to: 'in_progress', by: ['requester'], reason: true }],
};

const TABLES: Record<RequestKind, Partial<Record<RequestAction, readonly TransitionRule[]>>> = {
  certificate: CERTIFICATE,
  report: REPORT,
};

/** States a request never leaves. */
export const TERMINAL_STATES: readonly RequestState[] = [
  'delivered_at_counter',
  'handled_outside',
  'resolved',
  'refused',
  'denied',
  'cancelled',
  'expired',
  'lapsed',
];

/** States in which the pipeline is working on the request. */
export const PIPELINE_STATES: readonly RequestState[] = ['waiting_source', 'rendering', 'signing'];

/** States that count as "not yet handled" (the requester may still cancel). */
export const OPEN_STATES: readonly RequestState[] = [
  'submitted',
  'in_review',
  'waiting_requester',
  'in_progress',
];

/** True when `state` is final (one of {@link TERMINAL_STATES}): no action leads out of it. */
export function isTerminal(state: RequestState): boolean {
  return TERMINAL_STATES.includes(state);
}

/** One row of the transition table, flattened: for documentation and tests. */
export interface TransitionEntry {
  /** The request kind the row applies to. */
  kind: RequestKind;
  /** The action. */
  action: RequestAction;
  /** The state the action starts from. */
  from: RequestState;
  /** The state it leads to. */
  to: RequestState;
  /** The actor types allowed to perform it. */
  by: readonly ActorType[];
  /** True when the event must carry a reason (refusals, questions, failures). */
  reasonRequired: boolean;
}

/** Every allowed transition, flattened. */
export function transitionTable(kind?: RequestKind): TransitionEntry[] {
  const kinds: RequestKind[] = kind ? [kind] : ['certificate', 'report'];
  const out: TransitionEntry[] = [];
  for (const k of kinds) {
    for (const [action, rules] of Object.entries(TABLES[k]) as [RequestAction, readonly TransitionRule[]][]) {
      for (const rule of rules) {
        for (const from of rule.from) {
          out.push({ kind: k, action, from, to: rule.to, by: rule.by, reasonRequired: rule.reason === true });
        }
      }
    }
  }
  return out;
}

/** An illegal transition: thrown, and nothing changes. */
export class IllegalTransitionError extends SmartLoketError {
  /** The state the request was in. */
  readonly from: RequestState;
  /** The action that was refused. */
  readonly action: RequestAction;
  constructor(kind: RequestKind, from: RequestState, action: RequestAction, why: string) {
    super('ILLEGAL_TRANSITION', `Cannot ${action} a ${kind} request in state ${from}: ${why}`, {
      userMessage: {
        nl: 'Deze actie is niet mogelijk in de huidige toestand van de aanvraag.',
        fr: "Cette action n'est pas possible dans l'état actuel de la demande.",
        en: 'This action is not possible in the current state of the request.',
        de: 'Diese Aktion ist im aktuellen Zustand des Antrags nicht möglich.',
      },
    });
    this.from = from;
    this.action = action;
  }
}

/** An append-only lifecycle event. */
export interface LifecycleEvent {
  /** The action performed. */
  action: RequestAction;
  /** The state before. */
  from: RequestState;
  /** The state after. */
  to: RequestState;
  /** Who performed it. */
  actor: Actor;
  /** When, by the kernel's clock. */
  at: Date;
  /** Why, when the transition requires (or the actor gave) a reason. */
  reason?: string | undefined;
}

/**
 * Checks one transition. Returns the target state, or throws {@link IllegalTransitionError}.
 * Pure: it reads nothing but its arguments.
 */
export function nextState(
  kind: RequestKind,
  from: RequestState,
  action: RequestAction,
  actor: Actor,
  reason?: string,
): RequestState {
  const rules = TABLES[kind][action];
  if (!rules) throw new IllegalTransitionError(kind, from, action, `no such action for a ${kind}`);
  const rule = rules.find((r) => r.from.includes(from));
  if (!rule) throw new IllegalTransitionError(kind, from, action, 'not allowed from this state');
  if (!rule.by.includes(actor.type)) {
    throw new IllegalTransitionError(kind, from, action, `not allowed for actor ${actor.type}`);
  }
  if (rule.reason && !reason?.trim()) {
    throw new IllegalTransitionError(kind, from, action, 'a reason is required');
  }
  return rule.to;
}

/** True when the transition is allowed (same checks as {@link nextState}, without throwing). */
export function canTransition(
  kind: RequestKind,
  from: RequestState,
  action: RequestAction,
  actor: Actor,
  reason?: string,
): boolean {
  try {
    nextState(kind, from, action, actor, reason);
    return true;
  } catch {
    return false;
  }
}

/** Actions available to an actor in a state (for screens and APIs). */
export function availableActions(
  kind: RequestKind,
  from: RequestState,
  actorType: ActorType,
): RequestAction[] {
  return transitionTable(kind)
    .filter((t) => t.from === from && t.by.includes(actorType))
    .map((t) => t.action);
}

/**
 * An in-memory request lifecycle: the current state and its events. The database layer
 * persists the same transitions; this class is the reference behaviour and is used by tests.
 */
export class Lifecycle {
  #state: RequestState;
  readonly #events: LifecycleEvent[] = [];
  /** The request kind, which selects the transition table. */
  readonly kind: RequestKind;
  readonly #now: () => Date;

  constructor(kind: RequestKind, now: () => Date, initial: RequestState = 'submitted') {
    this.kind = kind;
    this.#state = initial;
    this.#now = now;
  }

  /** The current state. */
  get state(): RequestState {
    return this.#state;
  }

  /** The events so far, oldest first. */
  get events(): readonly LifecycleEvent[] {
    return [...this.#events];
  }

  /** Applies an action; throws and changes nothing when it is illegal. */
  apply(action: RequestAction, actor: Actor, reason?: string): LifecycleEvent {
    const to = nextState(this.kind, this.#state, action, actor, reason);
    const event: LifecycleEvent = {
      action,
      from: this.#state,
      to,
      actor: { ...actor },
      at: this.#now(),
      ...(reason === undefined ? {} : { reason }),
    };
    this.#events.push(Object.freeze(event));
    this.#state = to;
    return event;
  }
}
