/**
 * Back-office strings of the deadline settings (decision 0902): lead times, answer-by defaults,
 * the policy for unanswered questions and the municipality's closing days. Dutch first; merged
 * into the back-office messages.
 */
export const DEADLINE_MESSAGES = {
  deadlines: { nl: 'Termijnen', fr: 'Délais', en: 'Deadlines' },
  leadTimeDays: {
    nl: 'Behandeltermijn (werkdagen)',
    fr: 'Délai de traitement (jours ouvrables)',
    en: 'Lead time (working days)',
  },
  answerDays: {
    nl: 'Antwoordtermijn voor een vraag aan de aanvrager (werkdagen)',
    fr: 'Délai de réponse à une question au demandeur (jours ouvrables)',
    en: 'Time to answer a question to the requester (working days)',
  },
  onNoAnswer: {
    nl: 'Geen antwoord op de vervaldag',
    fr: "Pas de réponse à l'échéance",
    en: 'No answer by the date',
  },
  'onNoAnswer.return': {
    nl: 'terug naar de behandelaar ("geen antwoord")',
    fr: 'retour au gestionnaire (« pas de réponse »)',
    en: 'back to the clerk ("no answer")',
  },
  'onNoAnswer.close': {
    nl: 'aanvraag weigeren en afsluiten',
    fr: 'refuser et clôturer la demande',
    en: 'refuse and close the request',
  },
  pluginDefault: { nl: 'standaard van de module', fr: 'valeur par défaut du module', en: 'module default' },
  noLeadTime: { nl: 'geen termijn', fr: 'pas de délai', en: 'no lead time' },
  deadlineDaysHelp: {
    nl: 'Leeg laten: de standaard van de module. Geldt voor aanvragen die na het bewaren binnenkomen.',
    fr: 'Laisser vide : valeur par défaut du module. Vaut pour les demandes introduites après l’enregistrement.',
    en: 'Leave empty for the module default. Applies to requests submitted after saving.',
  },
  invalidWorkingDays: {
    nl: 'Geef een geheel aantal werkdagen tussen 0 en 3650',
    fr: 'Indiquez un nombre entier de jours ouvrables entre 0 et 3650',
    en: 'Enter a whole number of working days between 0 and 3650',
  },
  closingDays: {
    nl: 'Sluitingsdagen van de gemeente',
    fr: 'Jours de fermeture de la commune',
    en: 'Closing days of the municipality',
  },
  closingDaysIntro: {
    nl: 'Weekends, de wettelijke feestdagen en 11 juli tellen nooit als werkdag. Voeg hier de dagen toe waarop de gemeentediensten bijkomend gesloten zijn; ze schuiven de termijnen van nieuwe aanvragen op.',
    fr: 'Les week-ends, les jours fériés légaux et le 11 juillet ne sont jamais des jours ouvrables. Ajoutez ici les jours où les services communaux sont en outre fermés ; ils reportent les délais des nouvelles demandes.',
    en: 'Weekends, the public holidays and 11 July are never working days. Add the days the municipal services are also closed; they move the deadlines of new requests.',
  },
  noClosingDays: {
    nl: 'Nog geen sluitingsdagen.',
    fr: 'Pas encore de jours de fermeture.',
    en: 'No closing days yet.',
  },
  closingDay: { nl: 'Dag', fr: 'Jour', en: 'Day' },
  closingDayName: { nl: 'Omschrijving', fr: 'Description', en: 'Description' },
  addClosingDay: { nl: 'Sluitingsdag toevoegen', fr: 'Ajouter un jour de fermeture', en: 'Add closing day' },
  invalidClosingDay: {
    nl: 'Geef een geldige dag (dd/mm/jjjj)',
    fr: 'Indiquez un jour valide (jj/mm/aaaa)',
    en: 'Enter a valid day (dd/mm/yyyy)',
  },
} satisfies Record<string, { nl: string; fr: string; en: string }>;
