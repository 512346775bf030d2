import type { LocalizedText, RuleVerdict } from '@smartloket/core';
import { ACT_TYPES, type ActTypeKey, type Role } from './act-types.js';
import { RELATION_LABELS, type Relation } from './form.js';

/** What the access decision needs to know about one act (from ZoekAktenBurgerlijkeStand). */
export interface ActFacts {
  /** DABS DocumentReferte. */
  referte: string;
  type: ActTypeKey;
  /** Date the act was drawn up: YYYY, YYYY-MM or YYYY-MM-DD. */
  date?: string | undefined;
  /** NIS code of the municipality that drew it up. */
  municipalityNis?: string | undefined;
  /** The persons involved, with their roles (unknown codes: no role). */
  persons: { insz?: string | undefined; role?: Role | undefined }[];
  /** A change of gender is registered on the act (or it is the act of that change). */
  genderChange: boolean;
}

/** Who asks, and on what stated ground. */
export interface AccessQuestion {
  /** The logged-in requester's INSZ. */
  requesterInsz?: string | undefined;
  /** `involved` for one's own act; `organisation` when acting for a KBO enterprise. */
  relation: Relation | 'organisation';
  /** The stated ground, for staff. */
  ground?: string | undefined;
  /** The stated purpose (recorded with the request). */
  purpose?: string | undefined;
  now: Date;
}

/** Today's date in Belgium (YYYY-MM-DD). */
export function belgianDate(at: Date): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Europe/Brussels',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(at);
}

/** The last day a partial date can stand for (a year: 31 December; a month: its last day). */
function latestDay(date: string): string {
  const [y, m, d] = date.split('-');
  if (d) return date;
  if (m) {
    const last = new Date(Date.UTC(Number(y), Number(m), 0)).getUTCDate();
    return `${y}-${m}-${String(last).padStart(2, '0')}`;
  }
  return `${y}-12-31`;
}

/**
 * True when the act is older than `years` years on `now`: from the day after its anniversary
 * (an act of 2 March 1975 is public for death acts from 3 March 2025). A partial date counts as
 * its latest possible day, so an uncertain act is never public too early.
 */
export function isPublic(date: string | undefined, years: number, now: Date): boolean {
  if (!date) return false;
  const [y, rest] = [latestDay(date).slice(0, 4), latestDay(date).slice(4)];
  const anniversary = `${String(Number(y) + years).padStart(4, '0')}${rest}`;
  return belgianDate(now) > anniversary;
}

const verdict = (outcome: RuleVerdict['outcome'], reason: LocalizedText): RuleVerdict => ({
  outcome,
  reason,
});

/** Relations art. 29 BW allows (staff check the ground). */
const STATED: readonly Relation[] = [
  'spouse',
  'legal-cohabitant',
  'ascendant',
  'descendant',
  'heir',
  'legal-representative',
];
/** Relations allowed for an act with a registered change of gender (besides the person). */
const STATED_GENDER: readonly Relation[] = ['heir', 'legal-representative'];

export const REASONS = {
  organisation: {
    nl: 'Aanvraag voor een organisatie: de machtiging van de organisatie beslist.',
    fr: "Demande pour une organisation : l'autorisation de l'organisation décide.",
    en: "Request for an organisation: the organisation's grant decides.",
  },
  genderSelf: {
    nl: 'Op de akte staat een wijziging van de registratie van het geslacht; de aanvrager is de betrokken persoon.',
    fr: "L'acte mentionne une modification de l'enregistrement du sexe ; le demandeur est la personne concernée.",
    en: 'The act records a change of registered gender; the requester is the person concerned.',
  },
  genderDenied: {
    nl: 'Een akte met een wijziging van de registratie van het geslacht wordt alleen afgegeven aan de betrokkene, de wettelijk vertegenwoordiger, de erfgenamen en hun notaris of advocaat.',
    fr: "Un acte mentionnant une modification de l'enregistrement du sexe n'est délivré qu'à la personne concernée, à son représentant légal, à ses héritiers et à leur notaire ou avocat.",
    en: 'An act recording a change of registered gender is only given to the person concerned, their legal representative, their heirs and their notary or lawyer.',
  },
  entitled: {
    nl: 'De aanvrager staat op de akte in een hoedanigheid die recht geeft op de akte.',
    fr: "Le demandeur figure dans l'acte en une qualité qui donne droit à l'acte.",
    en: 'The requester is on the act in a capacity that gives a right to it.',
  },
  denied: {
    nl: 'Deze akte is niet openbaar. Alleen de personen van de akte, hun echtgenoot of wettelijk samenwonende, bloedverwanten in opgaande of neerdalende lijn, erfgenamen, wettelijk vertegenwoordiger en hun notaris of advocaat kunnen ze krijgen.',
    fr: "Cet acte n'est pas public. Seuls les personnes de l'acte, leur conjoint ou cohabitant légal, leurs ascendants ou descendants, leurs héritiers, leur représentant légal et leur notaire ou avocat peuvent l'obtenir.",
    en: 'This act is not public. Only the persons of the act, their spouse or legal cohabitant, ascendants or descendants, heirs, legal representative and their notary or lawyer can get it.',
  },
} satisfies Record<string, LocalizedText>;

const publicReason = (years: number, purpose: string | undefined): LocalizedText => ({
  nl: `De akte is ouder dan ${years} jaar en dus openbaar. Opgegeven doel: ${purpose ?? '(geen)'}.`,
  fr: `L'acte date de plus de ${years} ans et est donc public. But indiqué : ${purpose ?? '(aucun)'}.`,
  en: `The act is older than ${years} years and therefore public. Stated purpose: ${purpose ?? '(none)'}.`,
});

const groundReason = (relation: Relation, ground: string | undefined): LocalizedText => {
  const g = ground || RELATION_LABELS[relation].nl;
  return {
    nl: `Opgegeven band met de akte (na te gaan): ${g}`,
    fr: `Lien indiqué avec l'acte (à vérifier) : ${g}`,
    en: `Stated relation to the act (to be checked): ${g}`,
  };
};

/**
 * The access rule of art. 29 BW for one act. Order: organisations are left to their grant; an
 * act with a registered change of gender is restricted first (only the person concerned
 * automatically; heirs and legal representatives via review; everyone else denied); then public
 * acts (death > 50, marriage > 75, others > 100 years) go to anyone; then the roles of the act
 * type, matched by INSZ; then a stated relation goes to review; anything else is denied.
 */
export function assessAccess(act: ActFacts, q: AccessQuestion): RuleVerdict {
  const info = ACT_TYPES[act.type];
  if (q.relation === 'organisation') return verdict('abstain', REASONS.organisation);
  const mine = act.persons.filter((p) => q.requesterInsz && p.insz === q.requesterInsz);
  if (act.genderChange) {
    if (mine.some((p) => p.role && info.principal.includes(p.role)))
      return verdict('auto', REASONS.genderSelf);
    if (STATED_GENDER.includes(q.relation as Relation))
      return verdict('review', groundReason(q.relation as Relation, q.ground));
    return verdict('deny', REASONS.genderDenied);
  }
  if (isPublic(act.date, info.publicAfterYears, q.now))
    return verdict('auto', publicReason(info.publicAfterYears, q.purpose));
  if (mine.some((p) => p.role && info.entitled.includes(p.role))) return verdict('auto', REASONS.entitled);
  if (STATED.includes(q.relation as Relation))
    return verdict('review', groundReason(q.relation as Relation, q.ground));
  return verdict('deny', REASONS.denied);
}
