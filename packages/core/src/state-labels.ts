import { type Locale, type LocalizedText, localize } from './i18n.js';
import type { RequestState } from './lifecycle.js';

/**
 * Who reads a state's label: a member of staff (the back-office, staff e-mails and reports) or
 * the requester (the portal, the personal page, e-mails to the requester).
 */
export type StateAudience = 'staff' | 'requester';

/**
 * The one label of every request state, for staff and for the requester, in Dutch, French and
 * English. Within one audience and one language no two states share a label, so a clerk can tell
 * "to review" from "waiting for the source" from "report being handled" at a glance. Every screen,
 * filter, e-mail and API description takes its state names from here (see {@link requestStateLabel}).
 */
export const STATE_LABELS: Readonly<Record<RequestState, Readonly<Record<StateAudience, LocalizedText>>>> = {
  submitted: {
    staff: { nl: 'Nieuw', fr: 'Nouvelle', en: 'New' },
    requester: { nl: 'Ingediend', fr: 'Introduite', en: 'Submitted' },
  },
  in_review: {
    staff: { nl: 'Te beoordelen', fr: 'À examiner', en: 'To review' },
    requester: {
      nl: 'Wordt nagekeken door een medewerker',
      fr: 'En cours d’examen par un collaborateur',
      en: 'Being reviewed by a member of staff',
    },
  },
  waiting_requester: {
    staff: { nl: 'Wacht op de aanvrager', fr: 'En attente du demandeur', en: 'Waiting for the requester' },
    requester: {
      nl: 'Wacht op uw antwoord',
      fr: 'En attente de votre réponse',
      en: 'Waiting for your answer',
    },
  },
  approved: {
    staff: { nl: 'Goedgekeurd', fr: 'Approuvée', en: 'Approved' },
    requester: { nl: 'Goedgekeurd', fr: 'Approuvée', en: 'Approved' },
  },
  waiting_source: {
    staff: {
      nl: 'Wacht op de authentieke bron',
      fr: 'En attente de la source authentique',
      en: 'Waiting for the authentic source',
    },
    requester: {
      nl: 'Gegevens worden opgevraagd',
      fr: 'Données en cours de consultation',
      en: 'Fetching your data',
    },
  },
  rendering: {
    staff: {
      nl: 'Document wordt opgemaakt',
      fr: 'Document en cours de mise en page',
      en: 'Composing the document',
    },
    requester: {
      nl: 'Document wordt opgemaakt',
      fr: 'Document en cours de mise en page',
      en: 'Composing the document',
    },
  },
  signing: {
    staff: {
      nl: 'Document wordt verzegeld',
      fr: 'Document en cours de scellement',
      en: 'Sealing the document',
    },
    requester: {
      nl: 'Document wordt verzegeld',
      fr: 'Document en cours de scellement',
      en: 'Sealing the document',
    },
  },
  delivered: {
    staff: { nl: 'Digitaal afgeleverd', fr: 'Délivrée en ligne', en: 'Delivered online' },
    requester: { nl: 'Afgeleverd', fr: 'Délivrée', en: 'Delivered' },
  },
  delivered_at_counter: {
    staff: { nl: 'Af te halen aan het loket', fr: 'À retirer au guichet', en: 'To collect at the counter' },
    requester: {
      nl: 'Af te halen aan het loket',
      fr: 'À retirer au guichet',
      en: 'To collect at the counter',
    },
  },
  handled_outside: {
    staff: {
      nl: 'Buiten het e-loket behandeld',
      fr: 'Traitée hors du guichet en ligne',
      en: 'Handled elsewhere',
    },
    requester: {
      nl: 'Buiten het e-loket behandeld',
      fr: 'Traitée hors du guichet en ligne',
      en: 'Handled elsewhere',
    },
  },
  in_progress: {
    staff: { nl: 'Melding in behandeling', fr: 'Signalement en cours', en: 'Report being handled' },
    requester: { nl: 'In behandeling', fr: 'En traitement', en: 'In progress' },
  },
  resolved: {
    staff: { nl: 'Opgelost', fr: 'Résolu', en: 'Resolved' },
    requester: { nl: 'Opgelost', fr: 'Résolu', en: 'Resolved' },
  },
  refused: {
    staff: {
      nl: 'Geweigerd door een medewerker',
      fr: 'Refusée par un collaborateur',
      en: 'Refused by staff',
    },
    requester: { nl: 'Geweigerd', fr: 'Refusée', en: 'Refused' },
  },
  denied: {
    staff: {
      nl: 'Automatisch geweigerd (geen recht)',
      fr: 'Refusée automatiquement (pas de droit)',
      en: 'Refused automatically (no right)',
    },
    requester: { nl: 'Niet toegestaan', fr: 'Non autorisée', en: 'Not allowed' },
  },
  cancelled: {
    staff: {
      nl: 'Ingetrokken door de aanvrager',
      fr: 'Annulée par le demandeur',
      en: 'Cancelled by the requester',
    },
    requester: { nl: 'Geannuleerd', fr: 'Annulée', en: 'Cancelled' },
  },
  failed: {
    staff: {
      nl: 'Mislukt bij de bron, opnieuw te proberen',
      fr: 'Échec à la source, à relancer',
      en: 'Failed at the source, to retry',
    },
    requester: { nl: 'Vertraagd', fr: 'Retardée', en: 'Delayed' },
  },
  expired: {
    staff: { nl: 'Document verlopen', fr: 'Document expiré', en: 'Document expired' },
    requester: { nl: 'Verlopen', fr: 'Expirée', en: 'Expired' },
  },
  lapsed: {
    staff: {
      nl: 'Vervallen: niet betaald',
      fr: 'Caduque : non payée',
      en: 'Lapsed: not paid',
    },
    requester: {
      nl: 'Vervallen: niet op tijd betaald',
      fr: 'Caduque : pas payée à temps',
      en: 'Lapsed: not paid in time',
    },
  },
};

/**
 * The label of a request state for `audience` in `locale`.
 *
 * @example
 * ```ts
 * requestStateLabel('in_review', 'staff', 'nl'); // "Te beoordelen"
 * requestStateLabel('in_review', 'requester', 'nl'); // "Wordt nagekeken door een medewerker"
 * ```
 */
export function requestStateLabel(state: RequestState, audience: StateAudience, locale: Locale): string {
  const labels = STATE_LABELS[state];
  return labels ? localize(labels[audience], locale) : state;
}
