import type { LocalizedText } from './i18n.js';
import type { Identity, Requester } from './identity.js';
import type { ResolvedDeps, ServiceRef } from './services.js';

/**
 * Authorisation: rules decide whether a request is delivered automatically, goes to staff
 * review, or is denied. Each rule may also abstain. Combination: deny beats review beats auto;
 * when every rule abstains, the request goes to review.
 */
export type Outcome = 'auto' | 'review' | 'deny';

/** What one rule says. */
export type RuleVerdict = { outcome: Outcome | 'abstain'; reason: LocalizedText };

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

/** What a rule sees. */
export interface AuthorisationContext<F = Record<string, unknown>> {
  requestTypeId: string;
  requester: Requester;
  /** The logged-in identity, absent for anonymous requesters and API filings. */
  identity?: Identity | undefined;
  subject: Subject;
  form: F;
  /** Purpose the requester stated, if any. */
  purpose?: string | undefined;
  /** Domestic or foreign use of the document. */
  use?: 'domestic' | 'foreign' | undefined;
  now: Date;
}

/** A rule behind the authorisation extension point. */
export interface AuthorisationRule<
  D extends Record<string, ServiceRef<unknown>> = Record<string, ServiceRef<unknown>>,
> {
  readonly id: string;
  readonly description: LocalizedText;
  readonly deps: D;
  decide(ctx: AuthorisationContext, deps: ResolvedDeps<D>): RuleVerdict | Promise<RuleVerdict>;
}

/** Declares a rule. */
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
  outcome: Outcome;
  /** The reasons that led to the outcome. */
  reasons: { ruleId: string; reason: LocalizedText }[];
  /** Every rule's verdict, in rule order. */
  verdicts: { ruleId: string; outcome: Outcome | 'abstain'; reason: LocalizedText }[];
}

const RANK: Record<Outcome, number> = { auto: 1, review: 2, deny: 3 };

export const NO_RULE_DECIDED: LocalizedText = {
  nl: 'Geen regel laat automatische aflevering toe: een medewerker bekijkt de aanvraag.',
  fr: 'Aucune règle ne permet une délivrance automatique : un collaborateur examine la demande.',
  en: 'No rule allows automatic delivery: a staff member reviews the request.',
};

/** Combines verdicts: deny beats review beats auto; none means review. */
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
