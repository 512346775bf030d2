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
  paymentsHeading: { nl: 'Betalingen', fr: 'Paiements', en: 'Payments' },
  paymentWhen: { nl: 'Gestart', fr: 'Commencé', en: 'Started' },
  paymentStatus: { nl: 'Toestand', fr: 'État', en: 'Status' },
  paymentAmount: { nl: 'Bedrag', fr: 'Montant', en: 'Amount' },
  paymentMethod: { nl: 'Betaalwijze', fr: 'Moyen de paiement', en: 'Method' },
  paymentProviderId: {
    nl: 'Kenmerk bij de betaaldienst',
    fr: 'Référence du prestataire',
    en: "Provider's id",
  },
  paymentRefunded: { nl: 'Terugbetaald', fr: 'Remboursé', en: 'Refunded' },
  'paymentStatus.starting': { nl: 'Wordt gestart', fr: 'En démarrage', en: 'Starting' },
  'paymentStatus.unavailable': {
    nl: 'Betaaldienst onbereikbaar',
    fr: 'Service de paiement injoignable',
    en: 'Payment service unreachable',
  },
  'paymentStatus.open': { nl: 'Open', fr: 'Ouvert', en: 'Open' },
  'paymentStatus.pending': { nl: 'In verwerking', fr: 'En traitement', en: 'Pending' },
  'paymentStatus.authorized': { nl: 'Toegestaan', fr: 'Autorisé', en: 'Authorised' },
  'paymentStatus.paid': { nl: 'Betaald', fr: 'Payé', en: 'Paid' },
  'paymentStatus.failed': { nl: 'Mislukt', fr: 'Échoué', en: 'Failed' },
  'paymentStatus.canceled': { nl: 'Geannuleerd', fr: 'Annulé', en: 'Cancelled' },
  'paymentStatus.expired': { nl: 'Verlopen', fr: 'Expiré', en: 'Expired' },
  refundHeading: { nl: 'Terugbetalen', fr: 'Rembourser', en: 'Refund' },
  refundAmount: {
    nl: 'Bedrag in euro (leeg: alles wat nog betaald is)',
    fr: 'Montant en euros (vide : tout ce qui reste payé)',
    en: 'Amount in euro (empty: all that is still paid)',
  },
  refundReason: {
    nl: 'Reden van de terugbetaling',
    fr: 'Motif du remboursement',
    en: 'Reason for the refund',
  },
  refundButton: { nl: 'Terugbetalen', fr: 'Rembourser', en: 'Refund' },
  refundFailed: {
    nl: 'De terugbetaling is niet gelukt. Controleer het bedrag en de reden, of probeer later opnieuw.',
    fr: "Le remboursement n'a pas abouti. Vérifiez le montant et le motif, ou réessayez plus tard.",
    en: 'The refund did not go through. Check the amount and the reason, or try again later.',
  },
} as const;
