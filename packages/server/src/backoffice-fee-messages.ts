/**
 * Back-office strings of fees and payments (issue 21). Dutch first; merged into the back-office
 * messages.
 */
export const FEE_MESSAGES = {
  fees: { nl: 'Kostprijs (retributie)', fr: 'Coût (redevance)', en: 'Fee' },
  feeInForce: { nl: 'Nu van toepassing', fr: "Actuellement d'application", en: 'In force now' },
  feePluginDefault: { nl: 'Standaard van de module', fr: 'Par défaut du module', en: "The module's default" },
  feeSchedule: { nl: 'Vastgelegde bedragen', fr: 'Montants fixés', en: 'Amounts set' },
  feeFromDay: { nl: 'vanaf {day}', fr: 'à partir du {day}', en: 'from {day}' },
  feeNewAmount: { nl: 'Nieuw bedrag (euro)', fr: 'Nouveau montant (euro)', en: 'New amount (euro)' },
  feeNewFrom: { nl: 'Van toepassing vanaf', fr: "D'application à partir du", en: 'Applies from' },
  feeHelp: {
    nl: 'Een aanvraag behoudt het bedrag dat gold toen ze werd ingediend. Laat leeg om niets te wijzigen.',
    fr: 'Une demande garde le montant en vigueur lors de son introduction. Laissez vide pour ne rien changer.',
    en: 'A request keeps the amount in force when it was filed. Leave empty to change nothing.',
  },
  feePayment: { nl: 'Betalen', fr: 'Paiement', en: 'Payment' },
  'feePayment.before_submit': {
    nl: 'vóór het indienen',
    fr: "avant l'introduction",
    en: 'before submitting',
  },
  'feePayment.after_approval': {
    nl: 'na goedkeuring door een medewerker',
    fr: "après l'approbation par un agent",
    en: "after a clerk's approval",
  },
  invalidFeeAmount: {
    nl: 'Geef een bedrag in euro, bijvoorbeeld 7,50.',
    fr: 'Indiquez un montant en euros, par exemple 7,50.',
    en: 'Give an amount in euro, for example 7.50.',
  },
  invalidFeeDay: {
    nl: 'Geef de datum vanaf wanneer het bedrag geldt als dd/mm/jjjj, vandaag of later.',
    fr: "Indiquez la date d'application du montant au format jj/mm/aaaa, aujourd'hui ou plus tard.",
    en: 'Give the day the amount applies from as dd/mm/yyyy, today or later.',
  },
} as const;
