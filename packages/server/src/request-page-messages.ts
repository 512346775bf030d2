import type { Locale, LocalizedText } from '@smartloket/core';
import { localize } from '@smartloket/core';

/**
 * The words of the back-office request page: headings, the history and consultations as
 * sentences, the rule decision. Dutch first; every key has nl, fr and en. `{x}` placeholders are
 * filled by {@link rp}. Kept apart from backoffice-messages.ts so the page's sentences live in
 * one place.
 */
const REQUEST_PAGE_MESSAGES = {
  // headings
  formHeading: {
    nl: 'Het formulier zoals de aanvrager het invulde',
    fr: 'Le formulaire tel que le demandeur l’a rempli',
    en: 'The form as the requester filled it in',
  },
  filesHeading: { nl: 'Bijgevoegde bestanden', fr: 'Fichiers joints', en: 'Attached files' },
  besideHeading: {
    nl: 'Wat de aanvrager zegt en wat de bron zegt',
    fr: 'Ce que dit le demandeur et ce que dit la source',
    en: 'What the requester says and what the source says',
  },
  requesterSays: { nl: 'De aanvrager', fr: 'Le demandeur', en: 'The requester' },
  sourceSays: {
    nl: 'De authentieke bron en de regels',
    fr: 'La source authentique et les règles',
    en: 'The authentic source and the rules',
  },
  historyHeading: { nl: 'Verloop', fr: 'Historique', en: 'History' },
  mailsHeading: {
    nl: 'E-mails aan de aanvrager',
    fr: 'E-mails au demandeur',
    en: 'E-mails to the requester',
  },
  consultationsNone: {
    nl: 'Er werd geen authentieke bron geraadpleegd.',
    fr: 'Aucune source authentique n’a été consultée.',
    en: 'No authentic source was consulted.',
  },
  noDecision: {
    nl: 'De regels hebben (nog) niet beslist.',
    fr: 'Les règles n’ont pas (encore) décidé.',
    en: 'The rules have not decided (yet).',
  },
  // files
  fileName: { nl: 'Bestand', fr: 'Fichier', en: 'File' },
  fileType: { nl: 'Soort', fr: 'Type', en: 'Type' },
  fileSize: { nl: 'Grootte', fr: 'Taille', en: 'Size' },
  preview: { nl: 'Voorbeeld van {name}', fr: 'Aperçu de {name}', en: 'Preview of {name}' },
  openPreview: { nl: 'Openen', fr: 'Ouvrir', en: 'Open' },
  downloadFile: { nl: 'Downloaden', fr: 'Télécharger', en: 'Download' },
  noFiles: {
    nl: 'De aanvrager voegde geen bestanden toe.',
    fr: 'Le demandeur n’a joint aucun fichier.',
    en: 'The requester attached no files.',
  },
  'fileKind.pdf': { nl: 'PDF-document', fr: 'Document PDF', en: 'PDF document' },
  'fileKind.jpeg': { nl: 'JPEG-foto', fr: 'Photo JPEG', en: 'JPEG photo' },
  'fileKind.png': { nl: 'PNG-afbeelding', fr: 'Image PNG', en: 'PNG image' },
  'fileKind.gif': { nl: 'GIF-afbeelding', fr: 'Image GIF', en: 'GIF image' },
  'fileKind.webp': { nl: 'WebP-afbeelding', fr: 'Image WebP', en: 'WebP image' },
  'fileKind.heic': {
    nl: 'HEIC-foto (iPhone, geen voorbeeld)',
    fr: 'Photo HEIC (iPhone, pas d’aperçu)',
    en: 'HEIC photo (iPhone, no preview)',
  },
  'fileKind.other': { nl: 'Ander bestand', fr: 'Autre fichier', en: 'Other file' },
  // who
  'who.staff': { nl: 'een medewerker', fr: 'un collaborateur', en: 'a member of staff' },
  'who.requester': { nl: 'de aanvrager', fr: 'le demandeur', en: 'the requester' },
  'who.system': { nl: 'SmartLoket', fr: 'SmartLoket', en: 'SmartLoket' },
  'who.api': { nl: 'een gekoppeld systeem', fr: 'un système connecté', en: 'a connected system' },
  anonymousRequester: { nl: 'Een anonieme melder', fr: 'Un auteur anonyme', en: 'An anonymous reporter' },
  unnamedRequester: { nl: 'De aanvrager', fr: 'Le demandeur', en: 'The requester' },
  // the decision in sentences
  'for.self': {
    nl: '{name} vraagt dit aan voor zichzelf.',
    fr: '{name} fait cette demande pour soi-même.',
    en: '{name} asks for this for themself.',
  },
  'for.child': {
    nl: '{name} vraagt dit aan voor {poss} {child}{age}.',
    fr: '{name} fait cette demande pour {child}{age}.',
    en: '{name} asks for this for {poss} {child}{age}.',
  },
  'for.other': {
    nl: '{name} vraagt dit aan voor een andere persoon{age} (rijksregisternummer {insz}).',
    fr: '{name} fait cette demande pour une autre personne{age} (numéro de registre national {insz}).',
    en: '{name} asks for this for another person{age} (national number {insz}).',
  },
  'for.organisation': {
    nl: '{name} vraagt dit aan voor de organisatie {organisation}.',
    fr: '{name} fait cette demande pour l’organisation {organisation}.',
    en: '{name} asks for this for the organisation {organisation}.',
  },
  'for.none': {
    nl: '{name} diende deze aanvraag in.',
    fr: '{name} a introduit cette demande.',
    en: '{name} filed this request.',
  },
  ground: {
    nl: 'Opgegeven grond of volmacht: „{ground}”.',
    fr: 'Motif ou procuration indiqué : « {ground} ».',
    en: 'Stated ground or proxy: “{ground}”.',
  },
  purposeSaid: { nl: 'Doel: „{purpose}”.', fr: 'But : « {purpose} ».', en: 'Purpose: “{purpose}”.' },
  'poss.M': { nl: 'zijn', fr: 'son', en: 'his' },
  'poss.V': { nl: 'haar', fr: 'sa', en: 'her' },
  'poss.?': { nl: 'zijn of haar', fr: 'son', en: 'their' },
  'child.M': { nl: 'zoon', fr: 'son fils', en: 'son' },
  'child.V': { nl: 'dochter', fr: 'sa fille', en: 'daughter' },
  'child.?': { nl: 'kind', fr: 'son enfant', en: 'child' },
  ageOf: { nl: ' van {age}', fr: ' de {age} ans', en: ' aged {age}' },
  ageOther: { nl: ' van {age} jaar', fr: ' de {age} ans', en: ' aged {age}' },
  'outcome.auto': {
    nl: 'Uitkomst: de regels lieten automatische aflevering toe.',
    fr: 'Résultat : les règles ont permis la délivrance automatique.',
    en: 'Outcome: the rules allowed automatic delivery.',
  },
  'outcome.review': {
    nl: 'Uitkomst: een medewerker beslist.',
    fr: 'Résultat : un collaborateur décide.',
    en: 'Outcome: a member of staff decides.',
  },
  'outcome.deny': {
    nl: 'Uitkomst: de regels weigerden de aanvraag.',
    fr: 'Résultat : les règles ont refusé la demande.',
    en: 'Outcome: the rules refused the request.',
  },
  fact: {
    nl: '{label}: {value} (bron: {source}).',
    fr: '{label} : {value} (source : {source}).',
    en: '{label}: {value} (source: {source}).',
  },
  factNoSource: { nl: '{label}: {value}.', fr: '{label} : {value}.', en: '{label}: {value}.' },
  // consultations
  consulted: {
    nl: '{when}: {service} geraadpleegd – {outcome}',
    fr: '{when} : {service} consulté – {outcome}',
    en: '{when}: {service} consulted – {outcome}',
  },
  legalBasis: { nl: 'Wettelijke grond: {basis}', fr: 'Base légale : {basis}', en: 'Legal basis: {basis}' },
  unknownService: { nl: 'een authentieke bron', fr: 'une source authentique', en: 'an authentic source' },
  'consult.ok': { nl: 'antwoord ontvangen.', fr: 'réponse reçue.', en: 'answer received.' },
  'consult.not_found': {
    nl: 'niet gevonden in de bron.',
    fr: 'introuvable dans la source.',
    en: 'not found in the source.',
  },
  'consult.refused': {
    nl: 'de bron weigerde het antwoord.',
    fr: 'la source a refusé de répondre.',
    en: 'the source refused to answer.',
  },
  'consult.transient_error': {
    nl: 'de bron was tijdelijk niet bereikbaar.',
    fr: 'la source était temporairement injoignable.',
    en: 'the source was temporarily unreachable.',
  },
  'consult.error': {
    nl: 'de bron gaf een fout.',
    fr: 'la source a renvoyé une erreur.',
    en: 'the source gave an error.',
  },
  'consult.pending': {
    nl: 'het antwoord volgt later.',
    fr: 'la réponse suivra plus tard.',
    en: 'the answer follows later.',
  },
  'consult.none': { nl: 'nog geen antwoord.', fr: 'pas encore de réponse.', en: 'no answer yet.' },
  // history
  newState: { nl: 'Nieuwe status: {state}.', fr: 'Nouveau statut : {state}.', en: 'New status: {state}.' },
  'event.submit': {
    nl: '{who} diende de aanvraag in.',
    fr: '{who} a introduit la demande.',
    en: '{who} filed the request.',
  },
  'event.auto': {
    nl: 'De regels lieten automatische aflevering toe.',
    fr: 'Les règles ont permis la délivrance automatique.',
    en: 'The rules allowed automatic delivery.',
  },
  'event.review': {
    nl: 'De aanvraag ging naar een medewerker voor nazicht.',
    fr: 'La demande a été transmise à un collaborateur pour examen.',
    en: 'The request went to a member of staff for review.',
  },
  'event.deny': {
    nl: 'De regels weigerden de aanvraag.',
    fr: 'Les règles ont refusé la demande.',
    en: 'The rules refused the request.',
  },
  'event.approve': {
    nl: '{who} keurde de aanvraag goed.',
    fr: '{who} a approuvé la demande.',
    en: '{who} approved the request.',
  },
  'event.ask': {
    nl: '{who} vroeg de aanvrager om meer informatie.',
    fr: '{who} a demandé plus d’informations au demandeur.',
    en: '{who} asked the requester for more information.',
  },
  'event.answer': { nl: '{who} antwoordde.', fr: '{who} a répondu.', en: '{who} answered.' },
  'event.refuse': {
    nl: '{who} weigerde de aanvraag.',
    fr: '{who} a refusé la demande.',
    en: '{who} refused the request.',
  },
  'event.deliver_at_counter': {
    nl: '{who} zette het document klaar aan het loket.',
    fr: '{who} a préparé le document au guichet.',
    en: '{who} made the document ready at the counter.',
  },
  'event.handle_outside': {
    nl: '{who} behandelde de aanvraag buiten het e-loket.',
    fr: '{who} a traité la demande hors du guichet en ligne.',
    en: '{who} handled the request outside the e-counter.',
  },
  'event.fetch': {
    nl: 'Het document werd opgevraagd bij de authentieke bron.',
    fr: 'Le document a été demandé à la source authentique.',
    en: 'The document was requested from the authentic source.',
  },
  'event.render': {
    nl: 'Het document werd opgemaakt.',
    fr: 'Le document a été mis en page.',
    en: 'The document was composed.',
  },
  'event.sign': {
    nl: 'Het document werd verzegeld.',
    fr: 'Le document a été scellé.',
    en: 'The document was sealed.',
  },
  'event.deliver': {
    nl: 'Het document werd afgeleverd op de persoonlijke pagina van de aanvrager.',
    fr: 'Le document a été déposé sur la page personnelle du demandeur.',
    en: 'The document was delivered to the requester’s personal page.',
  },
  'event.fail': {
    nl: 'Het opvragen bij de authentieke bron mislukte.',
    fr: 'La demande à la source authentique a échoué.',
    en: 'Fetching from the authentic source failed.',
  },
  'event.retry': {
    nl: '{who} startte het opvragen opnieuw.',
    fr: '{who} a relancé la demande à la source.',
    en: '{who} restarted fetching from the source.',
  },
  'event.escalate': {
    nl: 'De aanvraag ging terug naar een medewerker voor nazicht.',
    fr: 'La demande est retournée à un collaborateur pour examen.',
    en: 'The request went back to a member of staff for review.',
  },
  'event.cancel': {
    nl: '{who} trok de aanvraag in.',
    fr: '{who} a annulé la demande.',
    en: '{who} cancelled the request.',
  },
  'event.expire': {
    nl: 'Het document is verlopen en niet meer te downloaden.',
    fr: 'Le document a expiré et n’est plus téléchargeable.',
    en: 'The document expired and can no longer be downloaded.',
  },
  'event.lapse': {
    nl: 'De aanvraag verviel: de retributie werd niet op tijd betaald.',
    fr: 'La demande est devenue caduque : la redevance n’a pas été payée à temps.',
    en: 'The request lapsed: the fee was not paid in time.',
  },
  'event.payment_reminder': {
    nl: 'SmartLoket herinnerde de aanvrager eraan de retributie te betalen.',
    fr: 'SmartLoket a rappelé au demandeur de payer la redevance.',
    en: 'SmartLoket reminded the requester to pay the fee.',
  },
  'event.start': {
    nl: '{who} nam de melding in behandeling.',
    fr: '{who} a pris le signalement en charge.',
    en: '{who} took up the report.',
  },
  'event.resolve': {
    nl: '{who} sloot de melding af als opgelost.',
    fr: '{who} a clôturé le signalement comme résolu.',
    en: '{who} closed the report as resolved.',
  },
  'event.note': {
    nl: '{who} schreef een interne notitie.',
    fr: '{who} a écrit une note interne.',
    en: '{who} wrote an internal note.',
  },
  'event.assign': {
    nl: '{who} wees de aanvraag toe aan {assignee}.',
    fr: '{who} a attribué la demande à {assignee}.',
    en: '{who} assigned the request to {assignee}.',
  },
  'event.assign_self': {
    nl: '{who} nam de aanvraag zelf op.',
    fr: '{who} a pris la demande en charge.',
    en: '{who} took the request on.',
  },
  'event.unassign': {
    nl: '{who} haalde de toewijzing weg.',
    fr: '{who} a retiré l’attribution.',
    en: '{who} removed the assignment.',
  },
  'event.message': {
    nl: '{who} stuurde de aanvrager een bericht.',
    fr: '{who} a envoyé un message au demandeur.',
    en: '{who} sent the requester a message.',
  },
  'event.reopen': {
    nl: 'De melder heropende de melding: het probleem is niet opgelost.',
    fr: 'Le déclarant a rouvert le signalement : le problème n’est pas résolu.',
    en: 'The reporter reopened the report: the problem is not fixed.',
  },
  'event.no_answer': {
    nl: 'De aanvrager antwoordde niet vóór de gevraagde datum.',
    fr: 'Le demandeur n’a pas répondu avant la date demandée.',
    en: 'The requester did not answer by the date asked.',
  },
  'event.reminder': {
    nl: 'SmartLoket herinnerde de aanvrager aan de vraag.',
    fr: 'SmartLoket a rappelé la question au demandeur.',
    en: 'SmartLoket reminded the requester of the question.',
  },
  'event.source_attempt': {
    nl: 'De authentieke bron antwoordde niet; SmartLoket probeert opnieuw.',
    fr: 'La source authentique n’a pas répondu ; SmartLoket réessaie.',
    en: 'The authentic source did not answer; SmartLoket tries again.',
  },
  'event.source_pending': {
    nl: 'De authentieke bron antwoordt later; SmartLoket vraagt het opnieuw.',
    fr: 'La source authentique répondra plus tard ; SmartLoket redemandera.',
    en: 'The authentic source answers later; SmartLoket asks again.',
  },
  'event.handoff': {
    nl: 'De aanvraag werd doorgegeven aan het zaaksysteem.',
    fr: 'La demande a été transmise au système de gestion des dossiers.',
    en: 'The request was handed to the case system.',
  },
  'event.handoff_failed': {
    nl: 'Doorgeven aan het zaaksysteem mislukte.',
    fr: 'La transmission au système de gestion des dossiers a échoué.',
    en: 'Handing the request to the case system failed.',
  },
  'event.ebox_published': {
    nl: 'Het bericht staat in de e-Box van de aanvrager.',
    fr: 'Le message a été déposé dans l’e-Box du demandeur.',
    en: 'The message is in the requester’s e-Box.',
  },
  'event.ebox_no_digital_user': {
    nl: 'Het bericht staat in de e-Box, maar de aanvrager opende die nog nooit: de e-mail geldt.',
    fr: 'Le message est dans l’e-Box, mais le demandeur ne l’a jamais ouverte : le courriel compte.',
    en: 'The message is in the e-Box, but the requester never opened it: the e-mail counts.',
  },
  'event.ebox_failed': {
    nl: 'De e-Box weigerde het bericht; de aanvrager krijgt de e-mail.',
    fr: 'L’e-Box a refusé le message ; le demandeur reçoit le courriel.',
    en: 'The e-Box refused the message; the requester gets the e-mail.',
  },
  'event.viewed': {
    nl: 'De aanvrager bekeek het document.',
    fr: 'Le demandeur a consulté le document.',
    en: 'The requester viewed the document.',
  },
  'event.other': {
    nl: 'Er gebeurde iets met de aanvraag.',
    fr: 'Un événement a eu lieu.',
    en: 'Something happened to the request.',
  },
  quoted: { nl: '„{text}”', fr: '« {text} »', en: '“{text}”' },
  // mails
  mailLine: {
    nl: '{when}: {kind} – {state}',
    fr: '{when} : {kind} – {state}',
    en: '{when}: {kind} – {state}',
  },
  'mail.receipt': { nl: 'ontvangstbevestiging', fr: 'accusé de réception', en: 'receipt' },
  'mail.delivered': { nl: 'document klaar', fr: 'document prêt', en: 'document ready' },
  'mail.in_review': { nl: 'aanvraag in nazicht', fr: 'demande en examen', en: 'request in review' },
  'mail.information_asked': {
    nl: 'vraag om meer informatie',
    fr: 'demande d’informations',
    en: 'request for information',
  },
  'mail.refused': { nl: 'weigering', fr: 'refus', en: 'refusal' },
  'mail.report_status_changed': {
    nl: 'nieuwe status of bericht',
    fr: 'nouveau statut ou message',
    en: 'new status or message',
  },
  'mail.anonymous_link': { nl: 'link om op te volgen', fr: 'lien de suivi', en: 'follow-up link' },
  'mail.email_confirmation': {
    nl: 'bevestiging van het e-mailadres',
    fr: 'confirmation de l’adresse e-mail',
    en: 'e-mail address confirmation',
  },
  'mail.other': { nl: 'e-mail', fr: 'e-mail', en: 'e-mail' },
  'mailState.pending': { nl: 'nog te versturen', fr: 'à envoyer', en: 'to be sent' },
  'mailState.sent': { nl: 'verstuurd', fr: 'envoyé', en: 'sent' },
  'mailState.skipped': {
    nl: 'niet verstuurd: het document staat in de e-Box en de aanvrager wil geen e-mail erbij',
    fr: 'non envoyé : le document est dans l’e-Box et le demandeur ne veut pas de courriel en plus',
    en: 'not sent: the document is in the e-Box and the requester wants no e-mail as well',
  },
  'mailState.failed': {
    nl: 'niet verstuurd (geweigerd)',
    fr: 'non envoyé (refusé)',
    en: 'not sent (refused)',
  },
  'mailState.expired': {
    nl: 'niet verstuurd (verlopen)',
    fr: 'non envoyé (expiré)',
    en: 'not sent (expired)',
  },
} satisfies Record<string, { nl: string; fr: string; en: string }>;

/** Every message of the request page, for the completeness test. */
export const ALL_REQUEST_PAGE_MESSAGES: Readonly<Record<string, LocalizedText>> = REQUEST_PAGE_MESSAGES;

/** A request-page string in `locale` with `{x}` filled; `fallbackKey` when `key` is unknown. */
export function rp(
  locale: Locale,
  key: string,
  vars?: Record<string, string | number>,
  fallbackKey?: string,
): string {
  const all = REQUEST_PAGE_MESSAGES as Record<string, LocalizedText>;
  const text = all[key] ?? (fallbackKey ? all[fallbackKey] : undefined);
  if (!text) return '';
  return localize(text, locale, vars);
}

/** `has(key)`: whether the request page knows `key`. */
export function hasRequestPageMessage(key: string): boolean {
  return key in REQUEST_PAGE_MESSAGES;
}
