import type { Locale } from '@smartloket/core';
import { localize } from '@smartloket/core';

type Text = { nl: string; fr: string; en: string };

/**
 * What each audit category means, told to a reporter in their language. The audit trail page shows
 * these; the CSV export keeps the stored codes for auditors' tooling.
 */
export const AUDIT_CATEGORY_LABELS: Record<string, Text> = {
  payment_recorded: {
    nl: 'Medewerker registreerde een betaling aan het loket of van een factuur',
    fr: "Un agent a enregistré un paiement au guichet ou d'une facture",
    en: 'Staff member recorded a payment at the counter or of an invoice',
  },
  payment_refunded: {
    nl: 'Betaling terugbetaald',
    fr: 'Paiement remboursé',
    en: 'Payment refunded',
  },
  payment_notification_unmatched: {
    nl: 'Melding van de betaaldienst over een onbekende betaling (genegeerd)',
    fr: 'Notification du service de paiement pour un paiement inconnu (ignorée)',
    en: 'Payment service notification about an unknown payment (ignored)',
  },
  consultation_started: {
    nl: 'Raadpleging van een authentieke bron gestart',
    fr: "Consultation d'une source authentique commencée",
    en: 'Consultation of an authentic source started',
  },
  consultation_outcome: {
    nl: 'Antwoord van een authentieke bron',
    fr: "Réponse d'une source authentique",
    en: 'Answer from an authentic source',
  },
  staff_view: {
    nl: 'Medewerker bekeek een aanvraag of bestand',
    fr: 'Un agent a consulté une demande ou un fichier',
    en: 'Staff member viewed a request or file',
  },
  bulk_approved: {
    nl: 'Medewerker keurde een aanvraag goed in een reeks (opnieuw opvragen bij de bron)',
    fr: 'Un agent a approuvé une demande dans un lot (nouvelle consultation de la source)',
    en: 'Staff member approved a request in a batch (source asked again)',
  },
  staff_imported: {
    nl: 'Medewerker opgenomen in de personeelslijst (import)',
    fr: 'Agent ajouté à la liste du personnel (import)',
    en: 'Staff member added to the staff directory (import)',
  },
  staff_download: {
    nl: 'Medewerker downloadde een bestand',
    fr: 'Un agent a téléchargé un fichier',
    en: 'Staff member downloaded a file',
  },
  grant_added: {
    nl: 'Recht van een organisatie toegekend',
    fr: 'Droit accordé à une organisation',
    en: 'Organisation grant added',
  },
  grant_revoked: {
    nl: 'Recht van een organisatie ingetrokken',
    fr: "Droit d'une organisation retiré",
    en: 'Organisation grant revoked',
  },
  settings_changed: { nl: 'Instellingen gewijzigd', fr: 'Paramètres modifiés', en: 'Settings changed' },
  api_client_created: { nl: 'Koppeling aangemaakt', fr: 'Connexion créée', en: 'Connection created' },
  api_client_rotated: {
    nl: 'Geheim van een koppeling vernieuwd',
    fr: "Secret d'une connexion renouvelé",
    en: 'Connection secret rotated',
  },
  api_client_revoked: { nl: 'Koppeling ingetrokken', fr: 'Connexion révoquée', en: 'Connection revoked' },
  api_token: {
    nl: 'Toegangssleutel uitgereikt aan een koppeling',
    fr: "Jeton d'accès délivré à une connexion",
    en: 'Access token issued to a connection',
  },
  api_call: { nl: 'Oproep via de API', fr: "Appel via l'API", en: 'Call through the API' },
  job_retried: {
    nl: 'Vastgelopen taak opnieuw gestart',
    fr: 'Tâche bloquée relancée',
    en: 'Dead-lettered job retried',
  },
  login: { nl: 'Aanmelding', fr: 'Ouverture de session', en: 'Sign-in' },
  subject_access_export: {
    nl: 'Inzage voor een betrokkene geëxporteerd (AVG art. 15)',
    fr: "Export du droit d'accès d'une personne concernée (RGPD art. 15)",
    en: 'Subject access export (GDPR art. 15)',
  },
  team_saved: { nl: 'Team bewaard', fr: 'Équipe enregistrée', en: 'Team saved' },
  team_removed: { nl: 'Team verwijderd', fr: 'Équipe supprimée', en: 'Team removed' },
  report_category_saved: {
    nl: 'Meldingscategorie bewaard',
    fr: 'Catégorie de signalement enregistrée',
    en: 'Report category saved',
  },
  report_category_removed: {
    nl: 'Meldingscategorie verwijderd',
    fr: 'Catégorie de signalement supprimée',
    en: 'Report category removed',
  },
  report_merged: {
    nl: 'Melding samengevoegd met een andere',
    fr: 'Signalement fusionné avec un autre',
    en: 'Report merged into another',
  },
  retention_purged: {
    nl: 'Verlopen gegevens gewist',
    fr: 'Données expirées effacées',
    en: 'Expired data purged',
  },
};

const OTHER_EVENT: Text = { nl: 'Andere gebeurtenis', fr: 'Autre événement', en: 'Other event' };

/** Who acted, by kind. */
export const AUDIT_ACTOR_LABELS: Record<string, Text> = {
  staff: { nl: 'Medewerker', fr: 'Agent', en: 'Staff member' },
  citizen: { nl: 'Burger', fr: 'Citoyen', en: 'Citizen' },
  requester: { nl: 'Aanvrager', fr: 'Demandeur', en: 'Requester' },
  system: { nl: 'Systeem', fr: 'Système', en: 'System' },
  api: { nl: 'Koppeling', fr: 'Connexion', en: 'Connection' },
  anonymous: { nl: 'Anoniem', fr: 'Anonyme', en: 'Anonymous' },
};

const OTHER_ACTOR: Text = { nl: 'Andere', fr: 'Autre', en: 'Other' };

/** The sentence for an audit category; an unknown (plugin) category gets a generic label, never its code. */
export function auditCategoryLabel(locale: Locale, category: string): string {
  return localize(AUDIT_CATEGORY_LABELS[category] ?? OTHER_EVENT, locale);
}

/** "Medewerker: Karin Claes", "Systeem": the kind of actor in words, then the name when stored. */
export function auditActorLabel(locale: Locale, actor: { type: string; name?: string | undefined }): string {
  const kind = localize(AUDIT_ACTOR_LABELS[actor.type] ?? OTHER_ACTOR, locale);
  return actor.name ? `${kind}: ${actor.name}` : kind;
}
