import type { LocalizedText } from './i18n.js';
import type { Identity, Requester } from './identity.js';
import type { ResolvedDeps, ServiceRef } from './services.js';

/**
 * Authorisation: rules decide whether a request is delivered automatically, goes to staff
 * review, or is denied. Each rule may also abstain. Combination: deny beats review beats auto;
 * when every rule abstains, the request goes to review.
 */
export type Outcome = 'auto' | 'review' | 'deny';

/**
 * What one rule says: an outcome, or `abstain` when the rule has no opinion on this request.
 * @public
 */
export type RuleVerdict = {
  /** The rule's outcome; `abstain` leaves the decision to the other rules. */
  outcome: Outcome | 'abstain';
  /** Why, in words a staff member (and for `deny`, the requester) can read. */
  reason: LocalizedText;
  /**
   * What the rule found in an authentic source (or read from an identifier) and based its
   * outcome on, for staff to set beside what the requester said. Keep it to what the decision
   * needs: it is stored with the request.
   */
  facts?: RuleFact[] | undefined;
};

/**
 * One fact a rule used, e.g. `{ label: { nl: 'Wettelijk vertegenwoordiger' }, value: { nl: 'ja' },
 * source: { nl: 'rijksregister' } }`.
 * @public
 */
export interface RuleFact {
  /** What the fact is about. */
  label: LocalizedText;
  /** What the source said. */
  value: LocalizedText;
  /** Where it comes from (the register, the identifier), when not obvious. */
  source?: LocalizedText | undefined;
}

/** Whom a request is about. */
export interface Subject {
  /** The person the document is about. */
  insz?: string | undefined;
  /** The organisation the document is about or the requester acts for. */
  kbo?: string | undefined;
  /** How the requester relates to the subject, as the form stated. */
  relation: 'self' | 'child' | 'other' | 'organisation' | 'none';
  /** The stated ground or proxy, for review. */
  ground?: string | undefined;
}

/**
 * What a rule sees.
 * @typeParam F - The form values of the request type.
 * @public
 */
export interface AuthorisationContext<F = Record<string, unknown>> {
  /** The request type's namespaced id, e.g. `bevolking.woonst`. */
  requestTypeId: string;
  /** Who files the request (a citizen, an organisation or anonymous). */
  requester: Requester;
  /** The logged-in identity, absent for anonymous requesters and API filings. */
  identity?: Identity | undefined;
  /** Whom the request is about, as the request type's `subject` derived it. */
  subject: Subject;
  /** The validated form values. */
  form: F;
  /** Purpose the requester stated, if any. */
  purpose?: string | undefined;
  /** Domestic or foreign use of the document. */
  use?: 'domestic' | 'foreign' | undefined;
  /** The kernel clock's current instant: use it instead of `new Date()`. */
  now: Date;
}

/**
 * A rule behind the authorisation extension point. Make one with {@link defineRule}.
 * @typeParam D - The services the rule needs, by name.
 * @public
 */
export interface AuthorisationRule<
  D extends Record<string, ServiceRef<unknown>> = Record<string, ServiceRef<unknown>>,
> {
  /** Unique id, namespaced by the plugin (e.g. `bevolking.self-only`); recorded with every verdict. */
  readonly id: string;
  /** What the rule checks, shown to staff and on the modules screen. */
  readonly description: LocalizedText;
  /** The services the kernel resolves and passes to {@link AuthorisationRule.decide}. */
  readonly deps: D;
  /** Judges one request. May be async (e.g. to consult a register through a service). */
  decide(ctx: AuthorisationContext, deps: ResolvedDeps<D>): RuleVerdict | Promise<RuleVerdict>;
}

/**
 * Declares an authorisation rule. Register it with `registrar.rules.add` or list it in a request
 * type's `rules`; the kernel combines the verdicts with {@link combineVerdicts}.
 *
 * @example
 * ```ts
 * const adultsOnly = defineRule({
 *   id: 'melding.adults-only',
 *   description: text({ nl: 'Alleen meerderjarigen', en: 'Adults only' }),
 *   decide: ({ requester }) =>
 *     requester.kind === 'citizen'
 *       ? { outcome: 'auto', reason: text({ nl: 'Burger', en: 'Citizen' }) }
 *       : { outcome: 'abstain', reason: text({ nl: 'Geen burger', en: 'Not a citizen' }) },
 * });
 * ```
 * @public
 */
export function defineRule<D extends Record<string, ServiceRef<unknown>> = {}>(rule: {
  id: string;
  description: LocalizedText;
  deps?: D;
  decide(ctx: AuthorisationContext, deps: ResolvedDeps<D>): RuleVerdict | Promise<RuleVerdict>;
}): AuthorisationRule<D> {
  return Object.freeze({ ...rule, deps: (rule.deps ?? {}) as D });
}

/** The combined decision, with every rule's verdict for staff to read. */
export interface Decision {
  /** The combined outcome. */
  outcome: Outcome;
  /** The reasons that led to the outcome. */
  reasons: {
    /** The rule's id. */
    ruleId: string;
    /** The rule's reason. */
    reason: LocalizedText;
  }[];
  /** Every rule's verdict, in rule order. */
  verdicts: {
    /** The rule's id. */
    ruleId: string;
    /** What it said. */
    outcome: Outcome | 'abstain';
    /** Why. */
    reason: LocalizedText;
    /** The facts the rule used (see {@link RuleVerdict.facts}). */
    facts?: RuleFact[] | undefined;
  }[];
}

const RANK: Record<Outcome, number> = { auto: 1, review: 2, deny: 3 };

/** The reason recorded when every rule abstains (the request goes to review). */
export const NO_RULE_DECIDED: LocalizedText = {
  nl: 'Geen regel laat automatische aflevering toe: een medewerker bekijkt de aanvraag.',
  fr: 'Aucune règle ne permet une délivrance automatique : un collaborateur examine la demande.',
  en: 'No rule allows automatic delivery: a staff member reviews the request.',
};

/**
 * Combines verdicts: deny beats review beats auto; when every rule abstains the outcome is review
 * with {@link NO_RULE_DECIDED} as reason. The kernel does this; plugins rarely need to.
 */
export function combineVerdicts(verdicts: Decision['verdicts']): Decision {
  let outcome: Outcome | undefined;
  for (const v of verdicts) {
    if (v.outcome === 'abstain') continue;
    if (!outcome || RANK[v.outcome] > RANK[outcome]) outcome = v.outcome;
  }
  if (!outcome) {
    return { outcome: 'review', reasons: [{ ruleId: 'core.none', reason: NO_RULE_DECIDED }], verdicts };
  }
  const reasons = verdicts
    .filter((v) => v.outcome === outcome)
    .map((v) => ({ ruleId: v.ruleId, reason: v.reason }));
  return { outcome, reasons, verdicts };
}
