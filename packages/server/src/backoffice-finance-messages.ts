/**
 * Back-office strings of the financial overview and of recording a payment at the counter
 * (issue 21). Dutch first; merged into the back-office messages.
 */
export const FINANCE_MESSAGES = {
  financeNav: { nl: 'Financieel overzicht', fr: 'Aperçu financier', en: 'Financial overview' },
  financeTitle: { nl: 'Financieel overzicht', fr: 'Aperçu financier', en: 'Financial overview' },
  financeIntro: {
    nl: 'Ontvangen retributies en terugbetalingen per aanvraagtype. Een betaling telt op de dag dat ze betaald werd, een terugbetaling op de dag dat ze gevraagd werd.',
    fr: 'Redevances reçues et remboursements par type de demande. Un paiement compte le jour où il a été payé, un remboursement le jour où il a été demandé.',
    en: 'Fees received and refunds per request type. A payment counts on the day it was paid, a refund on the day it was asked.',
  },
  financeView: { nl: 'Overzicht', fr: 'Aperçu', en: 'Overview' },
  'financeView.day': { nl: 'Per dag', fr: 'Par jour', en: 'Daily' },
  'financeView.month': { nl: 'Per maand', fr: 'Par mois', en: 'Monthly' },
  financeDay: {
    nl: 'Dag (of een dag van de maand)',
    fr: 'Jour (ou un jour du mois)',
    en: 'Day (or a day of the month)',
  },
  financeDayHeading: { nl: 'Dag {day}', fr: 'Jour {day}', en: 'Day {day}' },
  financeMonthHeading: { nl: 'Maand {month}', fr: 'Mois {month}', en: 'Month {month}' },
  financeInvalidDay: {
    nl: 'Geef een dag als dd/mm/jjjj.',
    fr: 'Indiquez un jour au format jj/mm/aaaa.',
    en: 'Give a day as dd/mm/yyyy.',
  },
  financePayments: { nl: 'Betalingen', fr: 'Paiements', en: 'Payments' },
  financeGross: { nl: 'Ontvangen', fr: 'Reçu', en: 'Received' },
  financeRefundCount: { nl: 'Terugbetalingen', fr: 'Remboursements', en: 'Refunds' },
  financeRefunds: { nl: 'Terugbetaald', fr: 'Remboursé', en: 'Refunded' },
  financeNet: { nl: 'Netto', fr: 'Net', en: 'Net' },
  financePerDay: { nl: 'Per dag', fr: 'Par jour', en: 'Per day' },
  financeDate: { nl: 'Dag', fr: 'Jour', en: 'Day' },
  financeNone: {
    nl: 'Geen betalingen of terugbetalingen in deze periode.',
    fr: 'Aucun paiement ni remboursement pendant cette période.',
    en: 'No payments or refunds in this period.',
  },
  financeExportHelp: {
    nl: 'De export bevat één regel per betaling en per terugbetaling; bedragen in eurocent.',
    fr: "L'export contient une ligne par paiement et par remboursement ; montants en centimes d'euro.",
    en: 'The export holds one row per payment and per refund; amounts in euro cents.',
  },
  recordHeading: { nl: 'Betaling registreren', fr: 'Enregistrer un paiement', en: 'Record a payment' },
  recordHelp: {
    nl: 'Voor een betaling aan het loket of een betaalde factuur. De aanvraag gaat daarna verder als betaald.',
    fr: 'Pour un paiement au guichet ou une facture payée. La demande continue ensuite comme payée.',
    en: 'For a payment at the counter or an invoice paid. The request then goes on as paid.',
  },
  recordAmount: { nl: 'Ontvangen bedrag (euro)', fr: 'Montant reçu (euro)', en: 'Amount received (euro)' },
  recordMethod: { nl: 'Betaalwijze', fr: 'Moyen de paiement', en: 'Method' },
  recordReference: {
    nl: 'Kenmerk (ontvangstbewijs, factuurnummer of mededeling), niet verplicht',
    fr: 'Référence (reçu, numéro de facture ou communication), facultatif',
    en: 'Reference (receipt, invoice number or bank statement), optional',
  },
  recordButton: { nl: 'Betaling registreren', fr: 'Enregistrer le paiement', en: 'Record the payment' },
  recordFailed: {
    nl: 'De betaling is niet geregistreerd: kies een betaalwijze en geef het ontvangen bedrag in euro, groter dan nul (bijvoorbeeld 7,50). Een aanvraag die al betaald is, krijgt geen tweede betaling.',
    fr: "Le paiement n'a pas été enregistré : choisissez un moyen de paiement et indiquez le montant reçu en euros, supérieur à zéro (par exemple 7,50). Une demande déjà payée ne reçoit pas de second paiement.",
    en: 'The payment was not recorded: choose a method and give the amount received in euro, more than zero (for example 7.50). A request that is paid already gets no second payment.',
  },
  recordReferenceShown: {
    nl: 'kenmerk {reference}',
    fr: 'référence {reference}',
    en: 'reference {reference}',
  },
} as const;
