import {
  formatEuro,
  type Locale,
  type LocalizedText,
  localize,
  type Municipality,
  requestStateLabel,
} from '@smartloket/core';
import { type Block, layoutHtml, layoutText, type MailModel } from './layout.js';

/** An instant as a Date or an ISO 8601 string (as stored in an outbox payload). */
export type Instant = Date | string;

/** Fields every mail about one request carries. */
export interface RequestMailData {
  /** The public reference number of the request (never an INSZ). */
  reference: string;
  /** Title of the request type, e.g. "Attest van gezinssamenstelling". Never in a subject. */
  requestType: LocalizedText;
  /**
   * The request type's own text for this mail (core's `mailTexts`), already filled and in the
   * mail's language: plain text, shown (escaped) under the mail's own first paragraph, one
   * paragraph a line.
   */
  typeText?: string | undefined;
}

/** `receipt`: the request was received. */
export interface ReceiptData extends RequestMailData {
  /** What happens next: automatic delivery, review by staff, or a report forwarded to a department. */
  handling: 'automatic' | 'review' | 'report';
  /** Where the requester follows the request (omitted for anonymous requests, see `anonymous_link`). */
  followUpUrl?: string | undefined;
  /** The PDF receipt of what was filed (decision 0803), behind the same access as the request page. */
  receiptUrl?: string | undefined;
}

/** `delivered`: the document is on the personal page. */
export interface DeliveredData extends RequestMailData {
  personalPageUrl: string;
  /** Until when the document can be downloaded. */
  expiresAt?: Instant | undefined;
  /** The last day the document itself is valid (a permit), when it has one. */
  validUntil?: Instant | undefined;
}

/** `in_review`: a member of staff reviews the request. */
export interface InReviewData extends RequestMailData {
  followUpUrl?: string | undefined;
}

/** `information_asked`: staff ask the requester a question. */
export interface InformationAskedData extends RequestMailData {
  question: string;
  deadline?: Instant | undefined;
  answerUrl: string;
  /** True for the reminder a few working days before the deadline (decision 0902). */
  reminder?: boolean | undefined;
}

/** `refused`: the request was refused. */
export interface RefusedData extends RequestMailData {
  /** The reason, already in the requester's language. */
  reason: string;
  followUpUrl?: string | undefined;
}

/** `payment_due`: a fee to pay after approval (issue 21). */
export interface PaymentDueData extends RequestMailData {
  /**
   * `due`: the request is approved, pay by `payBy`; `reminder`: the term ends soon; `lapsed`:
   * the term passed unpaid, the request lapsed.
   */
  stage: 'due' | 'reminder' | 'lapsed';
  /** The fee in euro cents. */
  amountCents: number;
  /** The last day to pay. */
  payBy: Instant;
  /** The page with the "Betalen" button (absent once lapsed). */
  payUrl?: string | undefined;
}

/** Status of a report (melding). */
export type ReportStatus = 'submitted' | 'in_progress' | 'resolved' | 'refused';

/** `report_status_changed`: a report (melding) moved to a new status. */
export interface ReportStatusChangedData extends RequestMailData {
  status: ReportStatus;
  /** Staff's comment for the reporter, if any. */
  comment?: string | undefined;
  followUpUrl?: string | undefined;
}

/** `email_confirmation`: confirm an address with a one-time link. */
export interface EmailConfirmationData {
  confirmUrl: string;
  expiresAt?: Instant | undefined;
}

/** `anonymous_link`: the capability link with which an anonymous requester follows a request. */
export interface AnonymousLinkData extends RequestMailData {
  followUrl: string;
  /** The PDF receipt of a request filed without login (behind the follow page's e-mail check). */
  receiptUrl?: string | undefined;
}

/** `draft_resume`: the link with which a requester without login continues a saved draft. */
export interface DraftResumeData {
  /** Title of the request type being filled in. */
  requestType: LocalizedText;
  resumeUrl: string;
  /** The draft is deleted after this instant. */
  expiresAt: Instant;
}

/** One outbox message that could not be delivered. */
export interface FailedDelivery {
  /** Reference of the request the mail was about, if any. */
  reference?: string | undefined;
  /** Which mail it was, e.g. `delivered`. */
  mail: string;
  attempts: number;
  /** Scrubbed error (no addresses), e.g. "SMTP 550 (RCPT TO)". */
  lastError?: string | undefined;
}

/** One job that was dead-lettered after its last attempt (or, with `count`, the latest of several). */
export interface DeadLetteredJob {
  id: string;
  type: string;
  attempts: number;
  lastError?: string | undefined;
  /** How many jobs of this type were dead-lettered (this one is the latest) [1]. */
  count?: number | undefined;
}

/** One request whose automatic delivery failed. Reference and type only: nothing about the person. */
export interface FailedRequest {
  reference: string;
  requestType: LocalizedText;
}

/** One certificate (seal, MAGDA client, TLS) that expires soon. */
export interface ExpiringCertificate {
  name: string;
  expiresAt: Instant;
}

/** Requests of one type waiting for staff past their due date. */
export interface OverdueRequests {
  requestType: LocalizedText;
  count: number;
  /** The earliest due day. */
  oldestDue: Instant;
  /** The first references, earliest due first. */
  references: readonly string[];
}

/** Requests waiting for staff past their due date, of the types one team holds. */
export interface OverdueTeamRequests {
  /** The team's name; null for the request types no team holds. */
  team: string | null;
  count: number;
  /** The earliest due day. */
  oldestDue: Instant;
  /** The first references, earliest due first. */
  references: readonly string[];
}

/** `problem_digest`: the administrators' daily digest. */
export interface ProblemDigestData {
  /** The day the digest covers. */
  date: Instant;
  failedDeliveries: readonly FailedDelivery[];
  /** Requests past their due date, per request type (listed in their own section when given). */
  overdueRequests?: readonly OverdueRequests[] | undefined;
  /** The same per team (listed in their own section when given). */
  overdueByTeam?: readonly OverdueTeamRequests[] | undefined;
  /** Requests whose delivery failed (listed in their own section when given). */
  failedRequests?: readonly FailedRequest[] | undefined;
  deadLetteredJobs: readonly DeadLetteredJob[];
  configProblems: readonly (LocalizedText | string)[];
  expiringCertificates: readonly ExpiringCertificate[];
  /** The back-office page where administrators look into problems. */
  dashboardUrl?: string | undefined;
}

/** The data each kind of mail needs, and nothing more. */
export interface EmailData {
  receipt: ReceiptData;
  delivered: DeliveredData;
  in_review: InReviewData;
  information_asked: InformationAskedData;
  refused: RefusedData;
  payment_due: PaymentDueData;
  report_status_changed: ReportStatusChangedData;
  email_confirmation: EmailConfirmationData;
  anonymous_link: AnonymousLinkData;
  draft_resume: DraftResumeData;
  problem_digest: ProblemDigestData;
}

/** The kinds of mail SmartLoket sends. */
export type EmailKind = keyof EmailData;

/** All kinds, in a fixed order. */
export const EMAIL_KINDS = [
  'receipt',
  'delivered',
  'in_review',
  'information_asked',
  'refused',
  'payment_due',
  'report_status_changed',
  'email_confirmation',
  'anonymous_link',
  'draft_resume',
  'problem_digest',
] as const satisfies readonly EmailKind[];

/** Language and sender of a mail. */
export interface RenderOptions {
  locale: Locale;
  municipality: Municipality;
}

/** A rendered mail. */
export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
}

const INTL_LOCALE: Record<Locale, string> = { nl: 'nl-BE', fr: 'fr-BE', de: 'de-BE', en: 'en-GB' };

function formatInstant(value: Instant, locale: Locale, withTime = false): string {
  const date = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(date.getTime())) throw new TypeError('notifier-mail: invalid date in mail data');
  return new Intl.DateTimeFormat(INTL_LOCALE[locale], {
    dateStyle: 'long',
    ...(withTime ? { timeStyle: 'short' } : {}),
    timeZone: 'Europe/Brussels',
  }).format(date);
}

const S = {
  greeting: { nl: 'Beste,', fr: 'Bonjour,', en: 'Hello,' },
  reference: { nl: 'Referentienummer', fr: 'Numéro de référence', en: 'Reference number' },
  request: { nl: 'Aanvraag', fr: 'Demande', en: 'Request' },
  report: { nl: 'Melding', fr: 'Signalement', en: 'Report' },
  quoteReference: {
    nl: 'Vermeld het referentienummer als u contact met ons opneemt.',
    fr: 'Mentionnez le numéro de référence si vous nous contactez.',
    en: 'Please quote the reference number when you contact us.',
  },
  follow: { nl: 'Uw aanvraag opvolgen', fr: 'Suivre votre demande', en: 'Follow your request' },
  receiptPdf: {
    nl: 'Ontvangstbewijs (PDF)',
    fr: 'Accusé de réception (PDF)',
    en: 'Receipt (PDF)',
  },

  receiptSubject: {
    nl: 'Aanvraag {reference} ontvangen',
    fr: 'Demande {reference} reçue',
    en: 'Request {reference} received',
  },
  receiptHeading: {
    nl: 'We hebben uw aanvraag ontvangen',
    fr: 'Nous avons bien reçu votre demande',
    en: 'We have received your request',
  },
  receiptIntro: {
    nl: 'Uw aanvraag “{type}” is goed aangekomen bij {municipality}.',
    fr: 'Votre demande « {type} » a bien été reçue par nos services.',
    en: 'Your request “{type}” has reached {municipality}.',
  },
  nextAutomatic: {
    nl: 'Wat gebeurt er nu? We maken uw document automatisch klaar. Zodra het klaar is, krijgt u een e-mail met een link naar uw persoonlijke pagina.',
    fr: 'Et maintenant ? Nous préparons automatiquement votre document. Dès qu’il est prêt, vous recevez un courriel avec un lien vers votre page personnelle.',
    en: 'What happens next? We prepare your document automatically. As soon as it is ready, you will receive an e-mail with a link to your personal page.',
  },
  nextReview: {
    nl: 'Wat gebeurt er nu? Een medewerker van de gemeente bekijkt uw aanvraag. U krijgt een e-mail zodra er een beslissing is of als we meer informatie nodig hebben.',
    fr: 'Et maintenant ? Un collaborateur de la commune examine votre demande. Vous recevez un courriel dès qu’une décision est prise ou si nous avons besoin d’informations complémentaires.',
    en: 'What happens next? A member of the municipal staff will review your request. You will receive an e-mail as soon as there is a decision or if we need more information.',
  },
  nextReport: {
    nl: 'Wat gebeurt er nu? We bezorgen uw melding aan de bevoegde dienst. U krijgt een e-mail wanneer de status ervan verandert.',
    fr: 'Et maintenant ? Nous transmettons votre signalement au service compétent. Vous recevez un courriel lorsque son statut change.',
    en: 'What happens next? We forward your report to the department in charge. You will receive an e-mail when its status changes.',
  },

  deliveredSubject: {
    nl: 'Uw document is klaar (aanvraag {reference})',
    fr: 'Votre document est prêt (demande {reference})',
    en: 'Your document is ready (request {reference})',
  },
  deliveredHeading: {
    nl: 'Uw document is klaar',
    fr: 'Votre document est prêt',
    en: 'Your document is ready',
  },
  deliveredIntro: {
    nl: 'Het document voor uw aanvraag “{type}” staat klaar op uw persoonlijke pagina. Meld u aan om het te downloaden.',
    fr: 'Le document de votre demande « {type} » est disponible sur votre page personnelle. Connectez-vous pour le télécharger.',
    en: 'The document for your request “{type}” is available on your personal page. Sign in to download it.',
  },
  deliveredUntil: {
    nl: 'U kunt het downloaden tot en met {date}.',
    fr: 'Vous pouvez le télécharger jusqu’au {date} inclus.',
    en: 'You can download it until {date}.',
  },
  deliveredValidUntil: {
    nl: 'Het document is geldig tot en met {date}.',
    fr: 'Le document est valable jusqu’au {date} inclus.',
    en: 'The document is valid until {date} inclusive.',
  },
  deliveredSecurity: {
    nl: 'Om veiligheidsredenen zit het document zelf niet bij deze e-mail.',
    fr: 'Pour des raisons de sécurité, le document n’est pas joint à ce courriel.',
    en: 'For security reasons, the document itself is not attached to this e-mail.',
  },
  personalPage: {
    nl: 'Naar mijn persoonlijke pagina',
    fr: 'Vers ma page personnelle',
    en: 'Go to my personal page',
  },

  inReviewSubject: {
    nl: 'Uw aanvraag {reference} wordt behandeld',
    fr: 'Votre demande {reference} est en cours de traitement',
    en: 'Your request {reference} is being reviewed',
  },
  inReviewHeading: {
    nl: 'Een medewerker bekijkt uw aanvraag',
    fr: 'Un collaborateur examine votre demande',
    en: 'A member of staff is reviewing your request',
  },
  inReviewIntro: {
    nl: 'Uw aanvraag “{type}” kan niet automatisch worden afgehandeld. Een medewerker van {municipality} bekijkt ze. U krijgt een e-mail zodra er een beslissing is.',
    fr: 'Votre demande « {type} » ne peut pas être traitée automatiquement. Un collaborateur de l’administration l’examine. Vous recevez un courriel dès qu’une décision est prise.',
    en: 'Your request “{type}” cannot be handled automatically. A member of staff at {municipality} is reviewing it. You will receive an e-mail as soon as there is a decision.',
  },

  askedSubject: {
    nl: 'We hebben meer informatie nodig (aanvraag {reference})',
    fr: 'Nous avons besoin d’informations complémentaires (demande {reference})',
    en: 'We need more information (request {reference})',
  },
  askedHeading: {
    nl: 'We hebben meer informatie nodig',
    fr: 'Nous avons besoin d’informations complémentaires',
    en: 'We need more information',
  },
  askedIntro: {
    nl: 'Om uw aanvraag “{type}” te kunnen behandelen, hebben we het volgende van u nodig.',
    fr: 'Pour pouvoir traiter votre demande « {type} », nous avons besoin des informations suivantes.',
    en: 'To handle your request “{type}”, we need the following from you.',
  },
  reminderSubject: {
    nl: 'Herinnering: we wachten op uw antwoord (aanvraag {reference})',
    fr: 'Rappel : nous attendons votre réponse (demande {reference})',
    en: 'Reminder: we are waiting for your answer (request {reference})',
  },
  reminderHeading: {
    nl: 'We wachten nog op uw antwoord',
    fr: 'Nous attendons toujours votre réponse',
    en: 'We are still waiting for your answer',
  },
  reminderIntro: {
    nl: 'We stelden u een vraag over uw aanvraag “{type}” en hebben nog geen antwoord ontvangen.',
    fr: 'Nous vous avons posé une question au sujet de votre demande « {type} » et n’avons pas encore reçu de réponse.',
    en: 'We asked you a question about your request “{type}” and have not received an answer yet.',
  },
  question: { nl: 'Onze vraag', fr: 'Notre question', en: 'Our question' },
  deadline: {
    nl: 'Gelieve uiterlijk op {date} te antwoorden.',
    fr: 'Merci de répondre au plus tard le {date}.',
    en: 'Please answer by {date}.',
  },
  withoutAnswer: {
    nl: 'Zonder antwoord kunnen we uw aanvraag niet verder behandelen.',
    fr: 'Sans réponse, nous ne pouvons pas poursuivre le traitement de votre demande.',
    en: 'Without an answer, we cannot continue handling your request.',
  },
  answer: { nl: 'Antwoorden', fr: 'Répondre', en: 'Answer' },

  refusedSubject: {
    nl: 'Beslissing over uw aanvraag {reference}',
    fr: 'Décision concernant votre demande {reference}',
    en: 'Decision on your request {reference}',
  },
  refusedHeading: {
    nl: 'Uw aanvraag is geweigerd',
    fr: 'Votre demande a été refusée',
    en: 'Your request has been refused',
  },
  refusedIntro: {
    nl: 'We kunnen uw aanvraag “{type}” helaas niet inwilligen.',
    fr: 'Nous ne pouvons malheureusement pas donner suite à votre demande « {type} ».',
    en: 'Unfortunately, we cannot grant your request “{type}”.',
  },
  reason: { nl: 'Reden', fr: 'Motif', en: 'Reason' },
  refusedQuestions: {
    nl: 'Hebt u vragen over deze beslissing? Neem dan contact op met de gemeente en vermeld het referentienummer.',
    fr: 'Vous avez des questions sur cette décision ? Contactez la commune en mentionnant le numéro de référence.',
    en: 'Questions about this decision? Contact the municipality and quote the reference number.',
  },

  paymentDueSubject: {
    nl: 'Uw aanvraag {reference} is goedgekeurd: te betalen',
    fr: 'Votre demande {reference} est approuvée : à payer',
    en: 'Your request {reference} is approved: payment due',
  },
  paymentDueHeading: {
    nl: 'Uw aanvraag is goedgekeurd',
    fr: 'Votre demande est approuvée',
    en: 'Your request has been approved',
  },
  paymentDueIntro: {
    nl: 'We hebben uw aanvraag “{type}” goedgekeurd. Zodra u de retributie van {amount} betaald hebt, maken we het document klaar.',
    fr: 'Nous avons approuvé votre demande « {type} ». Dès que vous aurez payé la redevance de {amount}, nous préparons le document.',
    en: 'We have approved your request “{type}”. As soon as you have paid the fee of {amount}, we prepare the document.',
  },
  paymentReminderSubject: {
    nl: 'Herinnering: betaal uw aanvraag {reference}',
    fr: 'Rappel : payez votre demande {reference}',
    en: 'Reminder: pay for your request {reference}',
  },
  paymentReminderHeading: {
    nl: 'Uw aanvraag wacht nog op uw betaling',
    fr: 'Votre demande attend toujours votre paiement',
    en: 'Your request is still waiting for your payment',
  },
  paymentReminderIntro: {
    nl: 'Uw aanvraag “{type}” is goedgekeurd, maar we hebben de retributie van {amount} nog niet ontvangen.',
    fr: 'Votre demande « {type} » est approuvée, mais nous n’avons pas encore reçu la redevance de {amount}.',
    en: 'Your request “{type}” is approved, but we have not received the fee of {amount} yet.',
  },
  payBy: {
    nl: 'Betaal uiterlijk op {date}. Daarna vervalt uw aanvraag.',
    fr: 'Payez au plus tard le {date}. Ensuite, votre demande devient caduque.',
    en: 'Please pay by {date}. After that your request lapses.',
  },
  payNow: { nl: 'Betalen', fr: 'Payer', en: 'Pay' },
  amountDue: { nl: 'Te betalen', fr: 'À payer', en: 'Amount due' },
  paymentLapsedSubject: {
    nl: 'Uw aanvraag {reference} is vervallen',
    fr: 'Votre demande {reference} est caduque',
    en: 'Your request {reference} has lapsed',
  },
  paymentLapsedHeading: {
    nl: 'Uw aanvraag is vervallen',
    fr: 'Votre demande est caduque',
    en: 'Your request has lapsed',
  },
  paymentLapsedIntro: {
    nl: 'We hebben de retributie van {amount} voor uw aanvraag “{type}” niet ontvangen vóór {date}. Daarom is uw aanvraag vervallen. U kunt altijd een nieuwe aanvraag indienen.',
    fr: 'Nous n’avons pas reçu la redevance de {amount} pour votre demande « {type} » avant le {date}. Votre demande est donc caduque. Vous pouvez toujours introduire une nouvelle demande.',
    en: 'We did not receive the fee of {amount} for your request “{type}” by {date}. Your request has therefore lapsed. You can always file a new request.',
  },

  reportSubject: {
    nl: 'Nieuwe status van uw melding {reference}',
    fr: 'Nouveau statut de votre signalement {reference}',
    en: 'New status of your report {reference}',
  },
  reportHeading: {
    nl: 'De status van uw melding is gewijzigd',
    fr: 'Le statut de votre signalement a changé',
    en: 'The status of your report has changed',
  },
  newStatus: { nl: 'Nieuwe status', fr: 'Nouveau statut', en: 'New status' },
  comment: { nl: 'Toelichting', fr: 'Commentaire', en: 'Comment' },
  viewReport: { nl: 'Uw melding bekijken', fr: 'Voir votre signalement', en: 'View your report' },

  confirmSubject: {
    nl: 'Bevestig uw e-mailadres',
    fr: 'Confirmez votre adresse e-mail',
    en: 'Confirm your e-mail address',
  },
  confirmIntro: {
    nl: 'Dit e-mailadres werd opgegeven op het e-loket van {municipality}. Klik op de knop om te bevestigen dat het van u is.',
    fr: 'Cette adresse e-mail a été indiquée sur le guichet électronique ({municipality}). Cliquez sur le bouton pour confirmer qu’elle vous appartient.',
    en: 'This e-mail address was entered at the e-counter of {municipality}. Click the button to confirm that it is yours.',
  },
  confirmAction: {
    nl: 'E-mailadres bevestigen',
    fr: 'Confirmer l’adresse e-mail',
    en: 'Confirm e-mail address',
  },
  confirmOnceUntil: {
    nl: 'De link werkt één keer en is geldig tot {date}.',
    fr: 'Le lien ne fonctionne qu’une seule fois et est valable jusqu’au {date}.',
    en: 'The link works once and is valid until {date}.',
  },
  confirmOnce: {
    nl: 'De link werkt maar één keer.',
    fr: 'Le lien ne fonctionne qu’une seule fois.',
    en: 'The link works only once.',
  },
  confirmIgnore: {
    nl: 'Hebt u dit niet gevraagd? Dan mag u deze e-mail negeren.',
    fr: 'Vous n’avez rien demandé ? Vous pouvez ignorer ce courriel.',
    en: 'Did not ask for this? You can ignore this e-mail.',
  },

  resumeSubject: {
    nl: 'Ga verder met uw aanvraag',
    fr: 'Continuez votre demande',
    en: 'Continue your request',
  },
  resumeIntro: {
    nl: 'U bewaarde uw aanvraag “{type}” om later verder te gaan. Met deze link gaat u verder waar u stopte, ook op een ander toestel. Uw bestanden zijn bewaard.',
    fr: 'Vous avez enregistré votre demande « {type} » pour la continuer plus tard. Ce lien vous ramène là où vous vous êtes arrêté, même sur un autre appareil. Vos fichiers sont conservés.',
    en: 'You saved your request “{type}” to continue later. This link takes you back to where you stopped, on any device. Your files are kept.',
  },
  resumeAction: { nl: 'Verder invullen', fr: 'Continuer la demande', en: 'Continue the request' },
  resumeUntil: {
    nl: 'Uw aanvraag wordt bewaard tot en met {date}. Daarna wordt ze gewist en werkt de link niet meer.',
    fr: 'Votre demande est conservée jusqu’au {date} inclus. Ensuite, elle est effacée et le lien ne fonctionne plus.',
    en: 'Your request is kept until {date}. After that it is deleted and the link stops working.',
  },
  resumeCheck: {
    nl: 'Wie de link opent, moet eerst dit e-mailadres intikken. Stuur de link aan niemand door.',
    fr: 'Quiconque ouvre le lien doit d’abord saisir cette adresse e-mail. Ne transférez le lien à personne.',
    en: 'Whoever opens the link must first type this e-mail address. Do not forward the link to anyone.',
  },
  resumeIgnore: {
    nl: 'Vroeg u dit niet aan? Dan mag u deze e-mail negeren: de aanvraag wordt niet ingediend.',
    fr: 'Vous n’avez rien demandé ? Ignorez ce courriel : la demande ne sera pas introduite.',
    en: 'Did you not ask for this? Then you can ignore this e-mail: the request will not be filed.',
  },
  anonSubject: {
    nl: 'Link om uw aanvraag {reference} op te volgen',
    fr: 'Lien pour suivre votre demande {reference}',
    en: 'Link to follow your request {reference}',
  },
  anonHeading: { nl: 'Volg uw aanvraag op', fr: 'Suivez votre demande', en: 'Follow your request' },
  anonIntro: {
    nl: 'Met de link hieronder volgt u uw aanvraag “{type}” op zonder aan te melden.',
    fr: 'Le lien ci-dessous vous permet de suivre votre demande « {type} » sans vous connecter.',
    en: 'With the link below you can follow your request “{type}” without signing in.',
  },
  anonWarning: {
    nl: 'Bewaar deze e-mail goed en stuur de link aan niemand door: wie de link heeft, kan uw aanvraag bekijken.',
    fr: 'Conservez bien ce courriel et ne transférez le lien à personne : toute personne qui possède ce lien peut consulter votre demande.',
    en: 'Keep this e-mail safe and do not forward the link: anyone who has it can view your request.',
  },
  anonAction: { nl: 'Mijn aanvraag opvolgen', fr: 'Suivre ma demande', en: 'Follow my request' },

  digestSubject: {
    nl: 'E-loket: dagoverzicht van problemen, {date} ({count} te bekijken)',
    fr: 'Guichet électronique : résumé quotidien des problèmes, {date} ({count} à examiner)',
    en: 'E-counter: daily problem digest, {date} ({count} to review)',
  },
  digestHeading: {
    nl: 'Dagoverzicht van problemen',
    fr: 'Résumé quotidien des problèmes',
    en: 'Daily problem digest',
  },
  digestIntro: {
    nl: 'Overzicht van {date} voor het e-loket van {municipality}.',
    fr: 'Résumé du {date} pour le guichet électronique ({municipality}).',
    en: 'Digest of {date} for the e-counter of {municipality}.',
  },
  none: { nl: 'Geen.', fr: 'Aucun.', en: 'None.' },
  failedDeliveries: {
    nl: 'Mislukte e-mails en e-Box-berichten',
    fr: 'Courriels et messages e-Box non distribués',
    en: 'Failed e-mail and e-Box deliveries',
  },
  failedItem: {
    nl: '{mail} voor {reference}: {attempts} pogingen',
    fr: '{mail} pour {reference} : {attempts} tentatives',
    en: '{mail} for {reference}: {attempts} attempts',
  },
  failedItemNoRef: {
    nl: '{mail}: {attempts} pogingen',
    fr: '{mail} : {attempts} tentatives',
    en: '{mail}: {attempts} attempts',
  },
  deadLettered: {
    nl: 'Vastgelopen taken (dead letter)',
    fr: 'Tâches abandonnées (dead letter)',
    en: 'Dead-lettered jobs',
  },
  deadItem: {
    nl: '{type} ({id}): {attempts} pogingen',
    fr: '{type} ({id}) : {attempts} tentatives',
    en: '{type} ({id}): {attempts} attempts',
  },
  deadItems: {
    nl: '{type}: {count} taken, de laatste ({id}) na {attempts} pogingen',
    fr: '{type} : {count} tâches, la dernière ({id}) après {attempts} tentatives',
    en: '{type}: {count} jobs, the latest ({id}) after {attempts} attempts',
  },
  failedRequests: {
    nl: 'Mislukte leveringen van aanvragen',
    fr: 'Demandes dont la délivrance a échoué',
    en: 'Requests whose delivery failed',
  },
  overdueRequests: {
    nl: 'Aanvragen die te laat zijn',
    fr: 'Demandes en retard',
    en: 'Overdue requests',
  },
  overdueItem: {
    nl: '{type}: {count} te laat, de oudste sinds {date} ({references})',
    fr: '{type} : {count} en retard, la plus ancienne depuis le {date} ({references})',
    en: '{type}: {count} overdue, the oldest since {date} ({references})',
  },
  overdueByTeam: {
    nl: 'Te laat per team',
    fr: 'Retards par équipe',
    en: 'Overdue per team',
  },
  noTeam: {
    nl: 'Zonder team',
    fr: 'Sans équipe',
    en: 'No team',
  },
  failedRequestItem: {
    nl: '{reference}: {type}',
    fr: '{reference} : {type}',
    en: '{reference}: {type}',
  },
  configProblems: {
    nl: 'Configuratieproblemen',
    fr: 'Problèmes de configuration',
    en: 'Configuration problems',
  },
  certificates: {
    nl: 'Certificaten die binnenkort vervallen',
    fr: 'Certificats qui expirent bientôt',
    en: 'Certificates expiring soon',
  },
  certItem: {
    nl: '{name}: vervalt op {date}',
    fr: '{name} : expire le {date}',
    en: '{name}: expires on {date}',
  },
  backOffice: { nl: 'Naar de back-office', fr: 'Vers le back-office', en: 'Go to the back office' },
} satisfies Record<string, LocalizedText>;

type Builder<K extends EmailKind> = (data: EmailData[K], t: Tr, locale: Locale) => MailModel;
type Tr = (key: keyof typeof S, params?: Record<string, string | number>) => string;

const facts = (
  t: Tr,
  d: RequestMailData,
  locale: Locale,
  label: 'request' | 'report' = 'request',
): Block => ({
  type: 'facts',
  rows: [
    [t('reference'), d.reference],
    [t(label), localize(d.requestType, locale)],
  ],
});

const action = (label: string, url: string | undefined): Block[] =>
  url ? [{ type: 'action', label, url }] : [];

/** The request type's own text, one paragraph a line (plain text: the layout escapes it). */
const typeText = (d: RequestMailData): Block[] =>
  (d.typeText ?? '')
    .split(/\n+/)
    .map((line) => line.trim())
    .filter(Boolean)
    .map((text) => ({ type: 'p', text }));

const BUILDERS: { [K in EmailKind]: Builder<K> } = {
  receipt: (d, t, locale) => ({
    subject: t('receiptSubject', { reference: d.reference }),
    heading: t('receiptHeading'),
    greeting: t('greeting'),
    blocks: [
      { type: 'p', text: t('receiptIntro', { type: localize(d.requestType, locale) }) },
      ...typeText(d),
      facts(t, d, locale, d.handling === 'report' ? 'report' : 'request'),
      {
        type: 'p',
        text: t(
          d.handling === 'automatic'
            ? 'nextAutomatic'
            : d.handling === 'review'
              ? 'nextReview'
              : 'nextReport',
        ),
      },
      ...action(t('follow'), d.followUpUrl),
      ...action(t('receiptPdf'), d.receiptUrl),
      { type: 'p', text: t('quoteReference') },
    ],
  }),
  delivered: (d, t, locale) => ({
    subject: t('deliveredSubject', { reference: d.reference }),
    heading: t('deliveredHeading'),
    greeting: t('greeting'),
    blocks: [
      { type: 'p', text: t('deliveredIntro', { type: localize(d.requestType, locale) }) },
      ...typeText(d),
      facts(t, d, locale),
      ...action(t('personalPage'), d.personalPageUrl),
      ...(d.validUntil
        ? [
            {
              type: 'p',
              text: t('deliveredValidUntil', { date: formatInstant(d.validUntil, locale) }),
            } as const,
          ]
        : []),
      ...(d.expiresAt
        ? [{ type: 'p', text: t('deliveredUntil', { date: formatInstant(d.expiresAt, locale) }) } as const]
        : []),
      { type: 'p', text: t('deliveredSecurity') },
    ],
  }),
  in_review: (d, t, locale) => ({
    subject: t('inReviewSubject', { reference: d.reference }),
    heading: t('inReviewHeading'),
    greeting: t('greeting'),
    blocks: [
      { type: 'p', text: t('inReviewIntro', { type: localize(d.requestType, locale) }) },
      ...typeText(d),
      facts(t, d, locale),
      ...action(t('follow'), d.followUpUrl),
    ],
  }),
  information_asked: (d, t, locale) => ({
    subject: t(d.reminder ? 'reminderSubject' : 'askedSubject', { reference: d.reference }),
    heading: t(d.reminder ? 'reminderHeading' : 'askedHeading'),
    greeting: t('greeting'),
    blocks: [
      {
        type: 'p',
        text: t(d.reminder ? 'reminderIntro' : 'askedIntro', { type: localize(d.requestType, locale) }),
      },
      facts(t, d, locale),
      { type: 'quote', label: t('question'), text: d.question },
      ...(d.deadline
        ? [{ type: 'p', text: t('deadline', { date: formatInstant(d.deadline, locale) }) } as const]
        : []),
      ...action(t('answer'), d.answerUrl),
      { type: 'p', text: t('withoutAnswer') },
    ],
  }),
  refused: (d, t, locale) => ({
    subject: t('refusedSubject', { reference: d.reference }),
    heading: t('refusedHeading'),
    greeting: t('greeting'),
    blocks: [
      { type: 'p', text: t('refusedIntro', { type: localize(d.requestType, locale) }) },
      ...typeText(d),
      facts(t, d, locale),
      { type: 'quote', label: t('reason'), text: d.reason },
      { type: 'p', text: t('refusedQuestions') },
      ...action(t('follow'), d.followUpUrl),
    ],
  }),
  payment_due: (d, t, locale) => {
    const vars = {
      type: localize(d.requestType, locale),
      amount: formatEuro(d.amountCents, locale),
      date: formatInstant(d.payBy, locale),
    };
    if (d.stage === 'lapsed') {
      return {
        subject: t('paymentLapsedSubject', { reference: d.reference }),
        heading: t('paymentLapsedHeading'),
        greeting: t('greeting'),
        blocks: [{ type: 'p', text: t('paymentLapsedIntro', vars) }, facts(t, d, locale)],
      };
    }
    const reminder = d.stage === 'reminder';
    return {
      subject: t(reminder ? 'paymentReminderSubject' : 'paymentDueSubject', { reference: d.reference }),
      heading: t(reminder ? 'paymentReminderHeading' : 'paymentDueHeading'),
      greeting: t('greeting'),
      blocks: [
        { type: 'p', text: t(reminder ? 'paymentReminderIntro' : 'paymentDueIntro', vars) },
        {
          type: 'facts',
          rows: [
            [t('reference'), d.reference],
            [t('request'), vars.type],
            [t('amountDue'), vars.amount],
          ],
        },
        { type: 'p', text: t('payBy', vars) },
        ...action(t('payNow'), d.payUrl),
      ],
    };
  },
  report_status_changed: (d, t, locale) => ({
    subject: t('reportSubject', { reference: d.reference }),
    heading: t('reportHeading'),
    greeting: t('greeting'),
    blocks: [
      {
        type: 'facts',
        rows: [
          [t('reference'), d.reference],
          [t('report'), localize(d.requestType, locale)],
          [t('newStatus'), requestStateLabel(d.status, 'requester', locale)],
        ],
      },
      ...(d.comment ? [{ type: 'quote', label: t('comment'), text: d.comment } as const] : []),
      ...typeText(d),
      ...action(t('viewReport'), d.followUpUrl),
    ],
  }),
  email_confirmation: (d, t, locale) => ({
    subject: t('confirmSubject'),
    heading: t('confirmSubject'),
    greeting: t('greeting'),
    blocks: [
      { type: 'p', text: t('confirmIntro') },
      ...action(t('confirmAction'), d.confirmUrl),
      {
        type: 'p',
        text: d.expiresAt
          ? t('confirmOnceUntil', { date: formatInstant(d.expiresAt, locale, true) })
          : t('confirmOnce'),
      },
      { type: 'p', text: t('confirmIgnore') },
    ],
  }),
  anonymous_link: (d, t, locale) => ({
    subject: t('anonSubject', { reference: d.reference }),
    heading: t('anonHeading'),
    greeting: t('greeting'),
    blocks: [
      { type: 'p', text: t('anonIntro', { type: localize(d.requestType, locale) }) },
      ...typeText(d),
      facts(t, d, locale),
      ...action(t('anonAction'), d.followUrl),
      ...action(t('receiptPdf'), d.receiptUrl),
      { type: 'p', text: t('anonWarning') },
    ],
  }),
  draft_resume: (d, t, locale) => ({
    subject: t('resumeSubject'),
    heading: t('resumeSubject'),
    greeting: t('greeting'),
    blocks: [
      { type: 'p', text: t('resumeIntro', { type: localize(d.requestType, locale) }) },
      ...action(t('resumeAction'), d.resumeUrl),
      { type: 'p', text: t('resumeUntil', { date: formatInstant(d.expiresAt, locale) }) },
      { type: 'p', text: t('resumeCheck') },
      { type: 'p', text: t('resumeIgnore') },
    ],
  }),
  problem_digest: (d, t, locale) => {
    const date = formatInstant(d.date, locale);
    const withError = (line: string, error: string | undefined) => (error ? `${line} (${error})` : line);
    const count =
      (d.overdueRequests?.length ?? 0) +
      d.failedDeliveries.length +
      (d.failedRequests?.length ?? 0) +
      d.deadLetteredJobs.length +
      d.configProblems.length +
      d.expiringCertificates.length;
    const none = t('none');
    return {
      subject: t('digestSubject', { date, count }),
      heading: t('digestHeading'),
      blocks: [
        { type: 'p', text: t('digestIntro', { date }) },
        ...(d.overdueRequests
          ? [
              {
                type: 'list' as const,
                title: t('overdueRequests'),
                empty: none,
                items: d.overdueRequests.map((o) =>
                  t('overdueItem', {
                    type: localize(o.requestType, locale),
                    count: o.count,
                    date: formatInstant(o.oldestDue, locale),
                    references: o.references.join(', '),
                  }),
                ),
              },
            ]
          : []),
        ...(d.overdueByTeam
          ? [
              {
                type: 'list' as const,
                title: t('overdueByTeam'),
                empty: none,
                items: d.overdueByTeam.map((o) =>
                  t('overdueItem', {
                    type: o.team ?? t('noTeam'),
                    count: o.count,
                    date: formatInstant(o.oldestDue, locale),
                    references: o.references.join(', '),
                  }),
                ),
              },
            ]
          : []),
        ...(d.failedRequests
          ? [
              {
                type: 'list' as const,
                title: t('failedRequests'),
                empty: none,
                items: d.failedRequests.map((r) =>
                  t('failedRequestItem', { reference: r.reference, type: localize(r.requestType, locale) }),
                ),
              },
            ]
          : []),
        {
          type: 'list',
          title: t('failedDeliveries'),
          empty: none,
          items: d.failedDeliveries.map((f) =>
            withError(
              f.reference
                ? t('failedItem', { mail: f.mail, reference: f.reference, attempts: f.attempts })
                : t('failedItemNoRef', { mail: f.mail, attempts: f.attempts }),
              f.lastError,
            ),
          ),
        },
        {
          type: 'list',
          title: t('deadLettered'),
          empty: none,
          items: d.deadLetteredJobs.map((j) =>
            withError(
              (j.count ?? 1) > 1
                ? t('deadItems', { type: j.type, id: j.id, attempts: j.attempts, count: j.count ?? 1 })
                : t('deadItem', { type: j.type, id: j.id, attempts: j.attempts }),
              j.lastError,
            ),
          ),
        },
        {
          type: 'list',
          title: t('configProblems'),
          empty: none,
          items: d.configProblems.map((p) => localize(p, locale)),
        },
        {
          type: 'list',
          title: t('certificates'),
          empty: none,
          items: d.expiringCertificates.map((c) =>
            t('certItem', { name: c.name, date: formatInstant(c.expiresAt, locale) }),
          ),
        },
        ...action(t('backOffice'), d.dashboardUrl),
      ],
    };
  },
};

/**
 * Renders one mail in the given language, as a subject, a plain-text body and an HTML body.
 *
 * Subjects carry at most the request's reference number: never a name, an INSZ, the request
 * type or anything from a document. Every interpolated value is HTML-escaped; links must be
 * absolute http(s) URLs (anything else throws). German falls back to French (core's `localize`).
 *
 * @example
 * renderEmail('delivered', { reference: 'SL-2026-000123', requestType, personalPageUrl }, { locale: 'nl', municipality })
 */
export function renderEmail<K extends EmailKind>(
  kind: K,
  data: EmailData[K],
  options: RenderOptions,
): RenderedEmail {
  const builder = BUILDERS[kind] as Builder<K> | undefined;
  if (!builder) throw new TypeError(`renderEmail: unknown mail kind "${String(kind)}"`);
  const { locale, municipality } = options;
  const name = localize(municipality.name, locale);
  const t: Tr = (key, params) => localize(S[key], locale, { municipality: name, ...params });
  const model = builder(data, t, locale);
  const ctx = { locale, municipality };
  // Subjects are one line, whatever the data holds.
  return {
    subject: model.subject.replace(/\s+/g, ' ').trim(),
    text: layoutText(model, ctx),
    html: layoutHtml(model, ctx),
  };
}
