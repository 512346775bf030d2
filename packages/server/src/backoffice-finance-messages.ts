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
} as const;
