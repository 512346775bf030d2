import type { Locale, LocalizedText, RequestState } from '@smartloket/core';
import { formatEuro, localize, requestStateLabel } from '@smartloket/core';

/**
 * UI strings of the server, Dutch first; every key has nl, fr and en. The ones the PDF receipt
 * uses also have German (a document language).
 */
const MESSAGES = {
  eLoket: { nl: 'E-loket', fr: 'Guichet électronique', en: 'E-counter' },
  skipToContent: { nl: 'Naar de inhoud', fr: 'Aller au contenu', en: 'Skip to content' },
  language: { nl: 'Taal', fr: 'Langue', en: 'Language' },
  mainNav: { nl: 'Hoofdmenu', fr: 'Menu principal', en: 'Main menu' },
  home: { nl: 'Producten', fr: 'Produits', en: 'Products' },
  myRequests: { nl: 'Mijn aanvragen', fr: 'Mes demandes', en: 'My requests' },
  login: { nl: 'Aanmelden', fr: 'Se connecter', en: 'Log in' },
  logout: { nl: 'Afmelden', fr: 'Se déconnecter', en: 'Log out' },
  loggedInAs: { nl: 'Aangemeld als', fr: 'Connecté en tant que', en: 'Logged in as' },
  logoutTitle: { nl: 'Afmelden', fr: 'Se déconnecter', en: 'Log out' },
  logoutQuestion: {
    nl: 'Wilt u zich afmelden bij het e-loket? U wordt ook afgemeld bij de Vlaamse overheid.',
    fr: "Voulez-vous vous déconnecter du guichet électronique ? Vous serez aussi déconnecté de l'Autorité flamande.",
    en: 'Do you want to log out of the e-counter? You will also be logged out of the Flemish government login.',
  },
  stayLoggedIn: { nl: 'Aangemeld blijven', fr: 'Rester connecté', en: 'Stay logged in' },
  forOrganisation: { nl: 'voor', fr: 'pour', en: 'for' },
  footerNav: { nl: 'Informatie', fr: 'Informations', en: 'Information' },
  privacy: { nl: 'Privacyverklaring', fr: 'Déclaration de confidentialité', en: 'Privacy statement' },
  accessibility: {
    nl: 'Toegankelijkheidsverklaring',
    fr: "Déclaration d'accessibilité",
    en: 'Accessibility statement',
  },
  catalogue: {
    nl: 'Wat kunt u online aanvragen?',
    fr: 'Que pouvez-vous demander en ligne ?',
    en: 'What can you request online?',
  },
  catalogueEmpty: {
    nl: 'Er zijn nog geen producten beschikbaar.',
    fr: "Aucun produit n'est encore disponible.",
    en: 'No products are available yet.',
  },
  searchLabel: { nl: 'Zoek een product', fr: 'Rechercher un produit', en: 'Search a product' },
  searchButton: { nl: 'Zoeken', fr: 'Rechercher', en: 'Search' },
  searchNone: {
    nl: 'Geen producten gevonden voor uw zoekopdracht.',
    fr: 'Aucun produit ne correspond à votre recherche.',
    en: 'No products match your search.',
  },
  searchResults: { nl: 'Zoekresultaten voor', fr: 'Résultats pour', en: 'Results for' },
  expectedDelivery: { nl: 'Levertermijn', fr: 'Délai de délivrance', en: 'Delivery time' },
  whoMayAsk: { nl: 'Wie kan dit aanvragen', fr: 'Qui peut le demander', en: 'Who may ask' },
  cost: { nl: 'Kostprijs', fr: 'Coût', en: 'Cost' },
  free: { nl: 'Gratis', fr: 'Gratuit', en: 'Free' },
  feeTitle: { nl: 'Kostprijs', fr: 'Coût', en: 'Cost' },
  paymentUnavailableTitle: {
    nl: 'Betalen lukt nu niet',
    fr: 'Le paiement est impossible pour le moment',
    en: 'Paying is not possible right now',
  },
  paymentBackToRequest: {
    nl: 'Terug naar uw aanvraag',
    fr: 'Retour à votre demande',
    en: 'Back to your request',
  },
  paymentFailedTitle: {
    nl: 'De betaling is niet gelukt',
    fr: "Le paiement n'a pas abouti",
    en: 'The payment did not go through',
  },
  'paymentFailed.canceled': {
    nl: 'U hebt de betaling geannuleerd. Uw aanvraag is niet ingediend; uw antwoorden zijn bewaard.',
    fr: 'Vous avez annulé le paiement. Votre demande n’a pas été introduite ; vos réponses sont conservées.',
    en: 'You cancelled the payment. Your request has not been sent; your answers are kept.',
  },
  'paymentFailed.failed': {
    nl: 'De betaling werd geweigerd. Uw aanvraag is niet ingediend; uw antwoorden zijn bewaard.',
    fr: 'Le paiement a été refusé. Votre demande n’a pas été introduite ; vos réponses sont conservées.',
    en: 'The payment was refused. Your request has not been sent; your answers are kept.',
  },
  'paymentFailed.expired': {
    nl: 'De betaling is verlopen. Uw aanvraag is niet ingediend; uw antwoorden zijn bewaard.',
    fr: 'Le paiement a expiré. Votre demande n’a pas été introduite ; vos réponses sont conservées.',
    en: 'The payment expired. Your request has not been sent; your answers are kept.',
  },
  paymentRetry: { nl: 'Opnieuw betalen', fr: 'Payer à nouveau', en: 'Pay again' },
  paymentPendingTitle: {
    nl: 'We wachten op de bevestiging van uw betaling',
    fr: 'Nous attendons la confirmation de votre paiement',
    en: 'We are waiting for the confirmation of your payment',
  },
  paymentPending: {
    nl: 'Zodra de betaaldienst de betaling bevestigt, dienen we uw aanvraag in en krijgt u een e-mail.',
    fr: 'Dès que le service de paiement confirme le paiement, nous introduisons votre demande et vous recevez un e-mail.',
    en: 'As soon as the payment service confirms the payment, we send your request and you get an e-mail.',
  },
  paymentRefresh: { nl: 'Toestand opnieuw bekijken', fr: "Revoir l'état", en: 'Check the status again' },
  paymentDone: {
    nl: 'Deze betaling is verwerkt. U vindt uw aanvraag bij Mijn aanvragen.',
    fr: 'Ce paiement a été traité. Vous trouverez votre demande dans Mes demandes.',
    en: 'This payment has been processed. You find your request under My requests.',
  },
  feeToPay: { nl: 'Te betalen', fr: 'À payer', en: 'To pay' },
  // Paying after approval (issue 21): the request page, the pay-link page, the return page.
  paymentTitle: { nl: 'Betaling', fr: 'Paiement', en: 'Payment' },
  feeLabel: { nl: 'Retributie', fr: 'Redevance', en: 'Fee' },
  paymentStateLabel: { nl: 'Stand van de betaling', fr: 'État du paiement', en: 'Payment status' },
  paidOn: { nl: 'Betaald op {date}', fr: 'Payée le {date}', en: 'Paid on {date}' },
  paidWith: {
    nl: 'Betaald op {date} met {method}',
    fr: 'Payée le {date} par {method}',
    en: 'Paid on {date} by {method}',
  },
  refundedLabel: { nl: 'Terugbetaald', fr: 'Remboursé', en: 'Refunded' },
  payBy: {
    nl: 'Nog te betalen, uiterlijk op {date}',
    fr: 'À payer au plus tard le {date}',
    en: 'To be paid by {date}',
  },
  notPaid: { nl: 'Niet betaald', fr: 'Non payée', en: 'Not paid' },
  payButton: { nl: 'Betalen', fr: 'Payer', en: 'Pay' },
  payTitle: { nl: 'Uw aanvraag betalen', fr: 'Payer votre demande', en: 'Pay for your request' },
  payIntro: {
    nl: 'Uw aanvraag “{type}” is goedgekeurd. Betaal de retributie van {amount} uiterlijk op {date}. Daarna maken we uw document klaar en krijgt u een e-mail.',
    fr: 'Votre demande « {type} » est approuvée. Payez la redevance de {amount} au plus tard le {date}. Nous préparons ensuite votre document et vous recevez un e-mail.',
    en: 'Your request “{type}” has been approved. Pay the fee of {amount} by {date}. We then prepare your document and send you an e-mail.',
  },
  payHow: {
    nl: 'U betaalt via de beveiligde betaalpagina van onze betaaldienst, bijvoorbeeld met Bancontact of een kaart.',
    fr: 'Vous payez sur la page de paiement sécurisée de notre service de paiement, par exemple avec Bancontact ou une carte.',
    en: 'You pay on the secure payment page of our payment service, for example with Bancontact or a card.',
  },
  payNotDue: {
    nl: 'Voor deze aanvraag valt niets (meer) te betalen.',
    fr: 'Il n’y a rien (plus rien) à payer pour cette demande.',
    en: 'There is nothing (left) to pay for this request.',
  },
  paymentReceivedTitle: {
    nl: 'Bedankt voor uw betaling',
    fr: 'Merci pour votre paiement',
    en: 'Thank you for your payment',
  },
  paymentReceived: {
    nl: 'We hebben uw betaling ontvangen. We maken uw document klaar en sturen u een e-mail zodra het klaar is.',
    fr: 'Nous avons reçu votre paiement. Nous préparons votre document et vous envoyons un e-mail dès qu’il est prêt.',
    en: 'We have received your payment. We prepare your document and send you an e-mail as soon as it is ready.',
  },
  paymentApprovedPending: {
    nl: 'Zodra de betaaldienst de betaling bevestigt, maken we uw document klaar en krijgt u een e-mail.',
    fr: 'Dès que le service de paiement confirme le paiement, nous préparons votre document et vous recevez un e-mail.',
    en: 'As soon as the payment service confirms the payment, we prepare your document and you get an e-mail.',
  },
  paymentNotCompleted: {
    nl: 'De betaling is niet gelukt. U kunt opnieuw betalen met de link in uw e-mail, zolang de betalingstermijn loopt.',
    fr: 'Le paiement n’a pas abouti. Vous pouvez payer à nouveau avec le lien de votre e-mail tant que le délai de paiement court.',
    en: 'The payment did not go through. You can pay again with the link in your e-mail while the payment term runs.',
  },
  feeWaived: { nl: 'Vrijgesteld', fr: 'Exonéré', en: 'Waived' },
  feeWaivedOf: { nl: 'in plaats van', fr: 'au lieu de', en: 'instead of' },
  feeWaiverReason: {
    nl: 'Reden van de vrijstelling',
    fr: "Motif de l'exonération",
    en: 'Reason for the waiver',
  },
  'audience.citizen': { nl: 'burgers', fr: 'citoyens', en: 'citizens' },
  'audience.organisation': { nl: 'organisaties', fr: 'organisations', en: 'organisations' },
  'audience.anonymous': {
    nl: 'iedereen, ook zonder aanmelden',
    fr: 'tout le monde, même sans connexion',
    en: 'anyone, also without logging in',
  },
  requestThis: { nl: 'Aanvragen', fr: 'Demander', en: 'Request' },
  notFound: { nl: 'Pagina niet gevonden', fr: 'Page introuvable', en: 'Page not found' },
  notFoundText: {
    nl: 'Deze pagina bestaat niet, of u hebt er geen toegang toe.',
    fr: "Cette page n'existe pas, ou vous n'y avez pas accès.",
    en: 'This page does not exist, or you have no access to it.',
  },
  serverError: {
    nl: 'Er ging iets mis. Probeer het later opnieuw.',
    fr: "Une erreur s'est produite. Veuillez réessayer plus tard.",
    en: 'Something went wrong. Please try again later.',
  },
  errorTitle: { nl: 'Er ging iets mis', fr: "Une erreur s'est produite", en: 'Something went wrong' },
  backHome: { nl: 'Terug naar het overzicht', fr: "Retour à l'aperçu", en: 'Back to the overview' },
  csrfFailed: {
    nl: 'Uw formulier is verlopen. Laad de pagina opnieuw en probeer het nog eens.',
    fr: 'Votre formulaire a expiré. Rechargez la page et réessayez.',
    en: 'Your form has expired. Reload the page and try again.',
  },
  tooMany: {
    nl: 'Te veel pogingen. Wacht even en probeer het dan opnieuw.',
    fr: 'Trop de tentatives. Patientez un moment puis réessayez.',
    en: 'Too many attempts. Wait a moment and try again.',
  },
  badAddress: {
    nl: 'Het adres van deze pagina is ongeldig. Controleer de link en probeer het opnieuw.',
    fr: "L'adresse de cette page n'est pas valide. Vérifiez le lien et réessayez.",
    en: 'The address of this page is not valid. Check the link and try again.',
  },
  badBody: {
    nl: 'Wat u verstuurde, kon niet gelezen worden. Laad de pagina opnieuw en probeer het nog eens.',
    fr: "Votre envoi n'a pas pu être lu. Rechargez la page et réessayez.",
    en: 'What you sent could not be read. Reload the page and try again.',
  },
  tooLarge: {
    nl: 'Wat u verstuurde, is te groot.',
    fr: 'Votre envoi est trop volumineux.',
    en: 'What you sent is too large.',
  },
  unsupportedMedia: {
    nl: 'Dit soort inhoud wordt hier niet aanvaard.',
    fr: "Ce type de contenu n'est pas accepté ici.",
    en: 'This kind of content is not accepted here.',
  },
  // login
  loginTitle: { nl: 'Aanmelden', fr: 'Connexion', en: 'Log in' },
  loginNeeded: {
    nl: 'Meld u aan om dit aan te vragen. U kunt zich aanmelden met eID, itsme of een andere digitale sleutel.',
    fr: 'Connectez-vous pour faire cette demande, avec eID, itsme ou une autre clé numérique.',
    en: 'Log in to make this request, with eID, itsme or another digital key.',
  },
  loginAsCitizen: { nl: 'Aanmelden als burger', fr: 'Se connecter comme citoyen', en: 'Log in as a citizen' },
  loginForOrganisation: {
    nl: 'Aanmelden voor een organisatie',
    fr: 'Se connecter pour une organisation',
    en: 'Log in for an organisation',
  },
  securePageShare: {
    nl: 'Deze pagina is alleen voor u. Stuur de link niet door.',
    fr: 'Cette page est pour vous seul. Ne transférez pas le lien.',
    en: 'This page is for you only. Do not forward the link.',
  },
  secureCheckTitle: {
    nl: 'Uw aanvraag bekijken',
    fr: 'Consulter votre demande',
    en: 'View your request',
  },
  secureCheckIntro: {
    nl: 'Om uw gegevens te beschermen, vragen we eerst uw e-mailadres: het adres waarop u de e-mail met deze link kreeg. Daarna onthoudt deze browser het voor deze aanvraag; op een ander toestel vragen we het opnieuw.',
    fr: 'Pour protéger vos données, nous vous demandons d’abord votre adresse e-mail : celle à laquelle vous avez reçu l’e-mail contenant ce lien. Ensuite, ce navigateur s’en souvient pour cette demande ; sur un autre appareil, nous vous la redemanderons.',
    en: 'To protect your data, we first ask for your e-mail address: the one at which you received the e-mail with this link. After that this browser remembers it for this request; on another device we will ask again.',
  },
  secureCheckLabel: {
    nl: 'Uw e-mailadres',
    fr: 'Votre adresse e-mail',
    en: 'Your e-mail address',
  },
  secureCheckButton: { nl: 'Verder', fr: 'Continuer', en: 'Continue' },
  secureCheckWrong: {
    nl: 'Dit is niet het e-mailadres waarmee de aanvraag gedaan werd. Gebruik het adres waarop u de e-mail met deze link ontving, en probeer opnieuw.',
    fr: 'Ce n’est pas l’adresse e-mail avec laquelle la demande a été faite. Utilisez l’adresse à laquelle vous avez reçu l’e-mail contenant ce lien, et réessayez.',
    en: 'This is not the e-mail address the request was made with. Use the address at which you received the e-mail with this link, and try again.',
  },
  withoutLoginTitle: {
    nl: 'Geen eID of itsme?',
    fr: 'Pas d’eID ni d’itsme ?',
    en: 'No eID or itsme?',
  },
  withoutLoginIntro: {
    nl: 'U kunt dit document ook aanvragen zonder aan te melden. Een medewerker van de gemeente controleert uw aanvraag eerst. Daarna krijgt u een e-mail met een link naar het document. Dat duurt langer: enkele werkdagen.',
    fr: 'Vous pouvez aussi demander ce document sans vous connecter. Un agent de la commune vérifie d’abord votre demande. Ensuite, vous recevez un e-mail avec un lien vers le document. Cela prend plus de temps : quelques jours ouvrables.',
    en: 'You can also request this document without logging in. A member of the municipal staff checks your request first. Then you get an e-mail with a link to the document. This takes longer: a few working days.',
  },
  withoutLoginButton: {
    nl: 'Aanvragen zonder aan te melden',
    fr: 'Demander sans me connecter',
    en: 'Request without logging in',
  },
  loginFailed: { nl: 'Aanmelden mislukt', fr: 'Échec de la connexion', en: 'Login failed' },
  loginUnavailable: {
    nl: 'Aanmelden is op dit moment niet mogelijk.',
    fr: "La connexion n'est pas possible pour le moment.",
    en: 'Logging in is not possible at the moment.',
  },
  tryAgain: { nl: 'Opnieuw proberen', fr: 'Réessayer', en: 'Try again' },
  // step-up: a stronger login for data above the session's level
  stepUpIntro: {
    nl: 'Sommige aanvragen tonen we alleen als u zich aanmeldt met eID of itsme, omdat ze gevoelige gegevens bevatten. Zo blijven ze beschermd, ook als iemand anders uw wachtwoord kent.',
    fr: "Certaines demandes ne s'affichent que si vous vous connectez avec eID ou itsme, car elles contiennent des données sensibles. Elles restent ainsi protégées, même si quelqu'un d'autre connaît votre mot de passe.",
    en: 'Some requests are shown only when you log in with eID or itsme, because they hold sensitive data. That keeps them protected, even if someone else knows your password.',
  },
  stepUpRow: { nl: 'Beschermde aanvraag:', fr: 'Demande protégée :', en: 'Protected request:' },
  stepUpLink: {
    nl: 'Meld u aan met eID of itsme om ze te zien',
    fr: 'Connectez-vous avec eID ou itsme pour la voir',
    en: 'Log in with eID or itsme to see it',
  },
  stepUpButton: {
    nl: 'Aanmelden met eID of itsme',
    fr: 'Se connecter avec eID ou itsme',
    en: 'Log in with eID or itsme',
  },
  // forms
  stepOf: { nl: 'Stap {n} van {total}', fr: 'Étape {n} sur {total}', en: 'Step {n} of {total}' },
  next: { nl: 'Volgende', fr: 'Suivant', en: 'Next' },
  previous: { nl: 'Vorige', fr: 'Précédent', en: 'Previous' },
  toSummary: { nl: 'Naar het overzicht', fr: 'Vers le récapitulatif', en: 'To the summary' },
  errorSummary: {
    nl: 'Er is een probleem met uw aanvraag',
    fr: 'Votre demande présente un problème',
    en: 'There is a problem with your request',
  },
  summaryTitle: { nl: 'Controleer uw aanvraag', fr: 'Vérifiez votre demande', en: 'Check your request' },
  summaryIntro: {
    nl: 'Kijk uw gegevens na. Pas aan wat niet klopt en dien daarna de aanvraag in.',
    fr: 'Vérifiez vos données. Corrigez ce qui ne va pas, puis envoyez la demande.',
    en: 'Check your details. Change what is wrong, then send the request.',
  },
  change: { nl: 'Wijzigen', fr: 'Modifier', en: 'Change' },
  submit: { nl: 'Aanvraag indienen', fr: 'Envoyer la demande', en: 'Send the request' },
  yes: { nl: 'Ja', fr: 'Oui', en: 'Yes', de: 'Ja' },
  no: { nl: 'Nee', fr: 'Non', en: 'No', de: 'Nein' },
  notGiven: { nl: '(niet ingevuld)', fr: '(non renseigné)', en: '(not given)', de: '(nicht angegeben)' },
  yourEmail: { nl: 'Uw e-mailadres', fr: 'Votre adresse e-mail', en: 'Your e-mail address' },
  yourEmailHelp: {
    nl: 'We sturen u hierop een ontvangstbevestiging en nieuws over uw melding.',
    fr: 'Nous vous y enverrons un accusé de réception et des nouvelles de votre signalement.',
    en: 'We send a receipt and news about your report to this address.',
  },
  'address.street': { nl: 'Straat', fr: 'Rue', en: 'Street' },
  'address.number': { nl: 'Huisnummer', fr: 'Numéro', en: 'Number' },
  'address.box': { nl: 'Bus', fr: 'Boîte', en: 'Box' },
  'address.postcode': { nl: 'Postcode', fr: 'Code postal', en: 'Postcode' },
  'address.municipality': { nl: 'Gemeente', fr: 'Commune', en: 'Municipality' },
  fileKept: { nl: 'Toegevoegd bestand', fr: 'Fichier ajouté', en: 'Attached file' },
  'file.type': {
    nl: 'Dit bestandstype is niet toegelaten.',
    fr: "Ce type de fichier n'est pas autorisé.",
    en: 'This file type is not allowed.',
  },
  'file.size': {
    nl: 'Dit bestand is te groot (maximum {max}).',
    fr: 'Ce fichier est trop volumineux (maximum {max}).',
    en: 'This file is too large (maximum {max}).',
  },
  'forWhom.organisation': {
    nl: 'Meld u aan voor uw organisatie om voor haar aan te vragen.',
    fr: 'Connectez-vous pour votre organisation pour faire une demande en son nom.',
    en: 'Log in for your organisation to request on its behalf.',
  },
  'subjectInsz.required': {
    nl: 'Geef het rijksregisternummer van de persoon.',
    fr: 'Indiquez le numéro de registre national de la personne.',
    en: 'Enter the national register number of the person.',
  },
  draftGone: {
    nl: 'Uw aanvraag is verlopen. Begin opnieuw.',
    fr: 'Votre demande a expiré. Recommencez.',
    en: 'Your request has expired. Please start again.',
  },
  receiptOtherLanguages: {
    nl: 'Het ontvangstbewijs in een andere taal:',
    fr: 'L’accusé de réception dans une autre langue :',
    en: 'The receipt in another language:',
  },
  receiptPdf: {
    nl: 'Ontvangstbewijs van uw aanvraag (PDF)',
    fr: 'Accusé de réception de votre demande (PDF)',
    en: 'Receipt of your request (PDF)',
  },
  // the map of a report's place (meldingen, decision 1500)
  reportMapLabel: { nl: 'Kaart', fr: 'Carte', en: 'Map' },
  reportMapHint: {
    nl: 'Klik op de kaart waar het probleem is, of gebruik uw locatie. Het punt komt in het veld "Punt op de kaart".',
    fr: "Cliquez sur la carte à l'endroit du problème, ou utilisez votre position. Le point s'inscrit dans le champ « Point sur la carte ».",
    en: 'Click on the map where the problem is, or use your location. The point goes into the "Point on the map" field.',
  },
  reportMapLocate: { nl: 'Gebruik mijn locatie', fr: 'Utiliser ma position', en: 'Use my location' },
  reportMapPlaced: {
    nl: 'Het punt staat op de kaart.',
    fr: 'Le point est placé sur la carte.',
    en: 'The point is on the map.',
  },
  // a report category that needs a login (decision 1501)
  loginRequiredTitle: { nl: 'Aanmelden nodig', fr: 'Connexion nécessaire', en: 'Login needed' },
  loginRequiredLink: { nl: 'Aanmelden', fr: 'Se connecter', en: 'Log in' },
  // open reports nearby before filing, following one (decision 1501)
  nearbyTitle: {
    nl: 'Is dit al gemeld?',
    fr: 'Est-ce déjà signalé ?',
    en: 'Has this been reported already?',
  },
  nearbyIntro: {
    nl: 'Deze meldingen van dezelfde soort in de buurt zijn nog in behandeling. Gaat het over hetzelfde? Volg die melding: u krijgt dan een e-mail bij elke stap. Anders dient u uw melding gewoon in.',
    fr: 'Ces signalements du même type à proximité sont encore en cours. Est-ce la même chose ? Suivez ce signalement : vous recevrez un e-mail à chaque étape. Sinon, envoyez simplement votre signalement.',
    en: 'These reports of the same kind nearby are still being handled. Is it the same thing? Follow that report: you get an e-mail at every step. Otherwise just send your report.',
  },
  nearbySameCategory: {
    nl: 'Zelfde soort melding',
    fr: 'Même type de signalement',
    en: 'Same kind of report',
  },
  nearbyFacts: {
    nl: 'op {distance} m, gemeld op {date}, {state}',
    fr: 'à {distance} m, signalé le {date}, {state}',
    en: '{distance} m away, reported on {date}, {state}',
  },
  nearbyFollow: { nl: 'Volg deze melding', fr: 'Suivre ce signalement', en: 'Follow this report' },
  nearbyFileAnyway: {
    nl: 'Toch mijn melding indienen',
    fr: 'Envoyer quand même mon signalement',
    en: 'Send my report anyway',
  },
  followingTitle: {
    nl: 'U volgt deze melding',
    fr: 'Vous suivez ce signalement',
    en: 'You follow this report',
  },
  following: {
    nl: 'U volgt melding {reference}. U krijgt een e-mail wanneer ze verder behandeld of afgehandeld wordt.',
    fr: 'Vous suivez le signalement {reference}. Vous recevrez un e-mail lorsqu’il avancera ou sera clôturé.',
    en: 'You follow report {reference}. You get an e-mail when it moves on or is closed.',
  },
  reportAnswerTitle: {
    nl: 'Antwoord van de gemeente',
    fr: 'Réponse de la commune',
    en: 'Answer of the municipality',
  },
  reportMergedNotice: {
    nl: 'Deze melding is samengevoegd met melding {reference}, die over hetzelfde gaat. U volgt melding {reference}: u krijgt er de berichten van per e-mail.',
    fr: 'Ce signalement a été fusionné avec le signalement {reference}, qui concerne la même chose. Vous suivez le signalement {reference} : vous en recevez les messages par e-mail.',
    en: 'This report was merged with report {reference}, which is about the same thing. You follow report {reference}: you receive its messages by e-mail.',
  },
  reportAnswerPhotoN: {
    nl: 'Foto {n} bij het antwoord (openen)',
    fr: 'Photo {n} jointe à la réponse (ouvrir)',
    en: 'Photo {n} with the answer (open)',
  },
  reopenTitle: { nl: 'Niet opgelost?', fr: 'Pas résolu ?', en: 'Not fixed?' },
  reopenHelp: {
    nl: 'Is het probleem er nog? Zeg ons wat er niet in orde is, dan bekijken we uw melding opnieuw. Dat kan één keer, tot {date}.',
    fr: 'Le problème persiste ? Dites-nous ce qui ne va pas et nous réexaminerons votre signalement. C’est possible une fois, jusqu’au {date}.',
    en: 'Is the problem still there? Tell us what is wrong and we look at your report again. You can do this once, until {date}.',
  },
  reopenReason: {
    nl: 'Wat is er niet opgelost?',
    fr: 'Qu’est-ce qui n’est pas résolu ?',
    en: 'What is not fixed?',
  },
  reopenButton: { nl: 'Melding heropenen', fr: 'Rouvrir le signalement', en: 'Reopen the report' },
  reopenReasonMissing: {
    nl: 'Zeg kort wat er niet opgelost is.',
    fr: 'Dites brièvement ce qui n’est pas résolu.',
    en: 'Say briefly what is not fixed.',
  },
  followNoEmail: {
    nl: 'We kennen geen bevestigd e-mailadres van u, dus we kunnen u geen berichten over deze melding sturen. Geef uw e-mailadres op bij Mijn aanvragen en probeer opnieuw.',
    fr: 'Nous ne connaissons pas d’adresse e-mail confirmée pour vous : nous ne pouvons pas vous envoyer de messages sur ce signalement. Indiquez votre adresse e-mail dans Mes demandes et réessayez.',
    en: 'We know no confirmed e-mail address of yours, so we cannot send you messages about this report. Give your e-mail address on My requests and try again.',
  },
  followConfirmSent: {
    nl: 'We stuurden een e-mail naar {email}. Klik op de link in die e-mail om de melding te volgen.',
    fr: 'Nous avons envoyé un e-mail à {email}. Cliquez sur le lien de cet e-mail pour suivre le signalement.',
    en: 'We sent an e-mail to {email}. Click the link in that e-mail to follow the report.',
  },
  reportMapNoLocation: {
    nl: 'Uw locatie kon niet bepaald worden. Klik op de kaart of vul het adres in.',
    fr: "Votre position n'a pas pu être déterminée. Cliquez sur la carte ou indiquez l'adresse.",
    en: 'Your location could not be found. Click on the map or fill in the address.',
  },
  // saved drafts (decision 0803)
  saveForLater: {
    nl: 'Bewaar en ga later verder',
    fr: 'Enregistrer et continuer plus tard',
    en: 'Save and continue later',
  },
  draftSavedTitle: {
    nl: 'Uw aanvraag is bewaard',
    fr: 'Votre demande est enregistrée',
    en: 'Your request has been saved',
  },
  draftSavedMessage: {
    nl: 'U kunt verder gaan op elk toestel: u vindt de aanvraag onder "Niet afgewerkt" op Mijn aanvragen. Ze verloopt op {date}: daarna wordt ze gewist.',
    fr: "Vous pouvez continuer sur n'importe quel appareil : la demande se trouve sous « Non terminées » dans Mes demandes. Elle expire le {date} : ensuite, elle est effacée.",
    en: 'You can continue on any device: the request is under "Not finished" in My requests. It expires on {date}: after that it is deleted.',
  },
  draftKeptUntil: {
    nl: 'Deze aanvraag is bewaard en verloopt op {date}: daarna wordt ze gewist.',
    fr: 'Cette demande est enregistrée et expire le {date} : ensuite, elle est effacée.',
    en: 'This request is saved and expires on {date}: after that it is deleted.',
  },
  expiresOn: { nl: 'Verloopt op', fr: 'Expire le', en: 'Expires on' },
  draftMailedTitle: {
    nl: 'Uw aanvraag is bewaard',
    fr: 'Votre demande est enregistrée',
    en: 'Your request has been saved',
  },
  draftMailedMessage: {
    nl: 'We stuurden een e-mail naar {email} met een link om verder te gaan, ook op een ander toestel. Wie de link opent, moet eerst dat e-mailadres intikken. Uw aanvraag verloopt op {date}: daarna wordt ze gewist.',
    fr: 'Nous avons envoyé à {email} un courriel contenant un lien pour continuer, même sur un autre appareil. Quiconque ouvre le lien doit d’abord saisir cette adresse e-mail. Votre demande expire le {date} : ensuite, elle est effacée.',
    en: 'We sent an e-mail to {email} with a link to continue, on any device. Whoever opens the link must first type that e-mail address. Your request expires on {date}: after that it is deleted.',
  },
  saveNeedsEmail: {
    nl: 'Vul uw e-mailadres in: we sturen u daar de link om later verder te gaan.',
    fr: 'Indiquez votre adresse e-mail : nous vous y enverrons le lien pour continuer plus tard.',
    en: 'Enter your e-mail address: we send the link to continue later to it.',
  },
  resumeGone: {
    nl: 'Deze link werkt niet (meer): de aanvraag werd ingediend, verwijderd of is verlopen. U kunt een nieuwe aanvraag beginnen.',
    fr: 'Ce lien ne fonctionne pas (ou plus) : la demande a été introduite, supprimée ou a expiré. Vous pouvez commencer une nouvelle demande.',
    en: 'This link does not work (any more): the request was filed, deleted or has expired. You can start a new request.',
  },
  resumeCheckTitle: {
    nl: 'Verder met uw aanvraag',
    fr: 'Continuer votre demande',
    en: 'Continue your request',
  },
  resumeCheckIntro: {
    nl: 'Om uw gegevens te beschermen, vragen we eerst uw e-mailadres: het adres waarop u de e-mail met deze link kreeg.',
    fr: 'Pour protéger vos données, nous vous demandons d’abord votre adresse e-mail : celle à laquelle vous avez reçu l’e-mail contenant ce lien.',
    en: 'To protect your data, we first ask for your e-mail address: the one at which you received the e-mail with this link.',
  },
  resumeCheckWrong: {
    nl: 'Dit is niet het e-mailadres waarmee de aanvraag bewaard werd. Gebruik het adres waarop u de e-mail met deze link ontving, en probeer opnieuw.',
    fr: 'Ce n’est pas l’adresse e-mail avec laquelle la demande a été enregistrée. Utilisez l’adresse à laquelle vous avez reçu l’e-mail contenant ce lien, et réessayez.',
    en: 'This is not the e-mail address the request was saved with. Use the address at which you received the e-mail with this link, and try again.',
  },
  unfinished: { nl: 'Niet afgewerkt', fr: 'Non terminées', en: 'Not finished' },
  unfinishedIntro: {
    nl: 'Aanvragen die u bewaarde om later verder te gaan. Ze worden gewist op de dag dat ze verlopen.',
    fr: 'Demandes que vous avez enregistrées pour continuer plus tard. Elles sont effacées le jour où elles expirent.',
    en: 'Requests you saved to continue later. They are deleted on the day they expire.',
  },
  savedOn: { nl: 'Bewaard op', fr: 'Enregistrée le', en: 'Saved on' },
  continueDraft: { nl: 'Verder invullen', fr: 'Continuer', en: 'Continue' },
  deleteDraft: { nl: 'Verwijderen', fr: 'Supprimer', en: 'Delete' },
  recheckIntro: {
    nl: 'Het formulier is gewijzigd sinds u deze aanvraag bewaarde. Controleer deze antwoorden opnieuw:',
    fr: 'Le formulaire a changé depuis que vous avez enregistré cette demande. Vérifiez à nouveau ces réponses :',
    en: 'The form has changed since you saved this request. Please check these answers again:',
  },
  // personal page
  myRequestsIntro: {
    nl: 'Uw aanvragen en meldingen, met hun toestand en uw documenten.',
    fr: 'Vos demandes et signalements, avec leur état et vos documents.',
    en: 'Your requests and reports, with their status and your documents.',
  },
  deliveryHeading: {
    nl: 'Waar komen uw documenten terecht?',
    fr: 'Où vont vos documents ?',
    en: 'Where do your documents go?',
  },
  deliveryEbox: {
    nl: 'In uw e-Box (My e-Box), waar u ze met eID of itsme terugvindt, en op deze pagina.',
    fr: 'Dans votre e-Box (My e-Box), où vous les retrouvez avec l’eID ou itsme, et sur cette page.',
    en: 'In your e-Box (My e-Box), where you find them with eID or itsme, and on this page.',
  },
  deliveryEboxOrganisation: {
    nl: 'In de e-Box van uw organisatie (e-Box Enterprise), ter attentie van u, en op deze pagina.',
    fr: 'Dans l’e-Box de votre organisation (e-Box Enterprise), à votre attention, et sur cette page.',
    en: 'In your organisation’s e-Box (e-Box Enterprise), for your attention, and on this page.',
  },
  deliveryEmail: {
    nl: 'Per e-mail naar {email}.',
    fr: 'Par courriel à {email}.',
    en: 'By e-mail to {email}.',
  },
  deliveryNoEmail: {
    nl: 'Geen e-mail: u gaf geen e-mailadres op.',
    fr: 'Pas de courriel : vous n’avez pas donné d’adresse.',
    en: 'No e-mail: you gave no e-mail address.',
  },
  deliveryEmailOffNote: {
    nl: 'Alleen wanneer het document niet in uw e-Box kan.',
    fr: 'Seulement si le document ne peut pas aller dans votre e-Box.',
    en: 'Only when the document cannot go to your e-Box.',
  },
  deliveryCopyLabel: {
    nl: 'Stuur mij ook een e-mail wanneer het document in mijn e-Box staat',
    fr: 'M’envoyer aussi un courriel quand le document est dans mon e-Box',
    en: 'Also send me an e-mail when the document is in my e-Box',
  },
  deliveryCopyHint: {
    nl: 'Opende u uw e-Box nog nooit, of lukt het niet, dan krijgt u de e-mail altijd.',
    fr: 'Si vous n’avez jamais ouvert votre e-Box, ou si l’envoi échoue, vous recevez toujours le courriel.',
    en: 'If you never opened your e-Box, or delivery there fails, you always get the e-mail.',
  },
  deliverySave: { nl: 'Voorkeur bewaren', fr: 'Enregistrer la préférence', en: 'Save preference' },
  deliverySaved: {
    nl: 'Uw voorkeur is bewaard.',
    fr: 'Votre préférence est enregistrée.',
    en: 'Your preference has been saved.',
  },
  orgRequestsIntro: {
    nl: 'De aanvragen en meldingen van uw organisatie.',
    fr: 'Les demandes et signalements de votre organisation.',
    en: 'The requests and reports of your organisation.',
  },
  noRequests: {
    nl: 'U hebt nog geen aanvragen.',
    fr: "Vous n'avez encore aucune demande.",
    en: 'You have no requests yet.',
  },
  reference: { nl: 'Referentie', fr: 'Référence', en: 'Reference', de: 'Aktenzeichen' },
  product: { nl: 'Product', fr: 'Produit', en: 'Product', de: 'Produkt' },
  submittedOn: { nl: 'Ingediend op', fr: 'Introduite le', en: 'Submitted on' },
  status: { nl: 'Toestand', fr: 'État', en: 'Status' },
  older: { nl: 'Oudere aanvragen', fr: 'Demandes plus anciennes', en: 'Older requests' },
  timeline: { nl: 'Verloop', fr: 'Historique', en: 'Timeline' },
  documents: { nl: 'Documenten', fr: 'Documents', en: 'Documents' },
  download: { nl: 'Downloaden', fr: 'Télécharger', en: 'Download' },
  availableUntil: { nl: 'beschikbaar tot', fr: "disponible jusqu'au", en: 'available until' },
  noLongerAvailable: {
    nl: 'Dit document is niet meer beschikbaar.',
    fr: "Ce document n'est plus disponible.",
    en: 'This document is no longer available.',
  },
  documentReady: {
    nl: 'Uw document is klaar. U kunt het nu downloaden.',
    fr: 'Votre document est prêt. Vous pouvez le télécharger.',
    en: 'Your document is ready. You can download it now.',
  },
  receiptTitle: {
    nl: 'Uw aanvraag is ontvangen',
    fr: 'Votre demande a été reçue',
    en: 'Your request was received',
  },
  receiptReference: {
    nl: 'Uw referentienummer is',
    fr: 'Votre numéro de référence est',
    en: 'Your reference number is',
  },
  whatNext: {
    nl: 'Wat gebeurt er nu?',
    fr: 'Et maintenant ?',
    en: 'What happens next?',
    de: 'Wie geht es weiter?',
  },
  'next.pipeline': {
    nl: 'We halen uw document op. Dat duurt meestal maar even. U krijgt een e-mail zodra het klaar is, en u vindt het dan ook hier.',
    fr: 'Nous récupérons votre document, ce qui ne prend généralement qu’un instant. Vous recevrez un e-mail dès qu’il sera prêt, et vous le trouverez aussi ici.',
    en: 'We are fetching your document; this usually takes a moment. You get an e-mail as soon as it is ready, and you will find it here too.',
    de: 'Wir rufen Ihr Dokument ab; das dauert meist nur einen Augenblick. Sie erhalten eine E-Mail, sobald es bereit ist, und finden es dann auch auf der Seite Ihres Antrags.',
  },
  'next.review': {
    nl: 'Een medewerker van de gemeente bekijkt uw aanvraag. U krijgt een e-mail zodra er nieuws is.',
    fr: 'Un collaborateur de la commune examine votre demande. Vous recevrez un e-mail dès qu’il y aura du nouveau.',
    en: 'A member of staff of the municipality reviews your request. You get an e-mail as soon as there is news.',
    de: 'Ein Mitarbeiter der Gemeinde prüft Ihren Antrag. Sie erhalten eine E-Mail, sobald es Neuigkeiten gibt.',
  },
  'next.waiting_requester': {
    nl: 'De gemeente vraagt u meer informatie. Antwoord hieronder.',
    fr: 'La commune vous demande des informations complémentaires. Répondez ci-dessous.',
    en: 'The municipality asks you for more information. Answer below.',
    de: 'Die Gemeinde bittet Sie um weitere Informationen. Antworten Sie auf der Seite Ihres Antrags.',
  },
  'next.report': {
    nl: 'De gemeente behandelt uw melding. U krijgt een e-mail als de toestand verandert.',
    fr: 'La commune traite votre signalement. Vous recevrez un e-mail si son état change.',
    en: 'The municipality handles your report. You get an e-mail when its status changes.',
    de: 'Die Gemeinde bearbeitet Ihre Meldung. Sie erhalten eine E-Mail, wenn sich ihr Stand ändert.',
  },
  'next.payment': {
    nl: 'Uw aanvraag is goedgekeurd. Zodra u de retributie betaald hebt, maken we uw document klaar en krijgt u een e-mail.',
    fr: 'Votre demande est approuvée. Dès que vous aurez payé la redevance, nous préparons votre document et vous recevez un e-mail.',
    en: 'Your request has been approved. As soon as you have paid the fee, we prepare your document and you get an e-mail.',
    de: 'Ihr Antrag wurde genehmigt. Sobald Sie die Gebühr bezahlt haben, bereiten wir Ihr Dokument vor und Sie erhalten eine E-Mail.',
  },
  'next.lapsed': {
    nl: 'Deze aanvraag is vervallen omdat de retributie niet op tijd betaald werd. U kunt altijd een nieuwe aanvraag indienen.',
    fr: 'Cette demande est caduque car la redevance n’a pas été payée à temps. Vous pouvez toujours introduire une nouvelle demande.',
    en: 'This request has lapsed because the fee was not paid in time. You can always file a new request.',
    de: 'Dieser Antrag ist verfallen, weil die Gebühr nicht rechtzeitig bezahlt wurde. Sie können jederzeit einen neuen Antrag stellen.',
  },
  'next.closed': {
    nl: 'Deze aanvraag is afgesloten.',
    fr: 'Cette demande est clôturée.',
    en: 'This request is closed.',
    de: 'Dieser Antrag ist abgeschlossen.',
  },
  cancelRequest: { nl: 'Aanvraag annuleren', fr: 'Annuler la demande', en: 'Cancel the request' },
  cancelHelp: {
    nl: 'Zolang uw aanvraag niet behandeld is, kunt u ze annuleren.',
    fr: "Tant que votre demande n'est pas traitée, vous pouvez l'annuler.",
    en: 'As long as your request has not been handled, you can cancel it.',
  },
  answerTitle: { nl: 'Uw antwoord', fr: 'Votre réponse', en: 'Your answer' },
  answerFiles: {
    nl: 'Bijlagen (optioneel)',
    fr: 'Pièces jointes (facultatif)',
    en: 'Attachments (optional)',
  },
  answerSend: { nl: 'Antwoord versturen', fr: 'Envoyer la réponse', en: 'Send the answer' },
  question: { nl: 'Vraag van de gemeente', fr: 'Question de la commune', en: 'Question of the municipality' },
  // consultations
  consultations: {
    nl: 'Wie heeft mijn gegevens opgevraagd?',
    fr: 'Qui a consulté mes données ?',
    en: 'Who looked up my data?',
  },
  myEmailLink: {
    nl: 'Mijn e-mailadres voor berichten',
    fr: 'Mon adresse e-mail pour les notifications',
    en: 'My e-mail address for notifications',
  },
  consultationsIntro: {
    nl: 'Deze gemeente heeft uw gegevens in deze authentieke bronnen opgevraagd.',
    fr: 'Cette commune a consulté vos données dans ces sources authentiques.',
    en: 'This municipality consulted your data in these authentic sources.',
  },
  consultationsNone: {
    nl: 'De gemeente heeft uw gegevens nog niet opgevraagd.',
    fr: "La commune n'a pas encore consulté vos données.",
    en: 'The municipality has not consulted your data yet.',
  },
  consultationsNoInsz: {
    nl: 'Uw aanmelding bevat geen rijksregisternummer.',
    fr: 'Votre connexion ne contient pas de numéro de registre national.',
    en: 'Your login carries no national register number.',
  },
  when: { nl: 'Wanneer', fr: 'Quand', en: 'When' },
  consulted: { nl: 'Opgevraagde gegevens', fr: 'Données consultées', en: 'Data consulted' },
  forRequest: { nl: 'Voor aanvraag', fr: 'Pour la demande', en: 'For request' },
  byWhom: { nl: 'Op vraag van', fr: 'À la demande de', en: 'Asked by' },
  purpose: { nl: 'Doel', fr: 'Finalité', en: 'Purpose' },
  'by.self': { nl: 'uzelf', fr: 'vous-même', en: 'yourself' },
  'purpose.prefill': {
    nl: 'Uw formulier "{title}" vooraf invullen',
    fr: 'Préremplir votre formulaire « {title} »',
    en: 'Prefilling your form "{title}"',
  },
  'by.citizen': { nl: 'een burger', fr: 'un citoyen', en: 'a citizen' },
  'by.organisation': { nl: 'een organisatie', fr: 'une organisation', en: 'an organisation' },
  'by.anonymous': {
    nl: 'een niet-aangemelde aanvrager',
    fr: 'un demandeur non connecté',
    en: 'a requester without login',
  },
  'by.counter': {
    nl: 'een medewerker aan het loket',
    fr: 'un collaborateur au guichet',
    en: 'a member of staff at the counter',
  },
  'by.staff': {
    nl: 'een medewerker van de gemeente',
    fr: 'un collaborateur de la commune',
    en: 'a member of staff',
  },
  'by.system': { nl: 'de gemeente', fr: 'la commune', en: 'the municipality' },
  // events
  'event.submit': { nl: 'Aanvraag ingediend', fr: 'Demande introduite', en: 'Request submitted' },
  'event.auto': {
    nl: 'Automatisch goedgekeurd',
    fr: 'Approuvée automatiquement',
    en: 'Approved automatically',
  },
  'event.review': { nl: 'Doorgestuurd voor nazicht', fr: 'Transmise pour contrôle', en: 'Sent for review' },
  'event.deny': { nl: 'Niet toegestaan', fr: 'Non autorisée', en: 'Not allowed' },
  'event.approve': { nl: 'Goedgekeurd', fr: 'Approuvée', en: 'Approved' },
  'event.ask': { nl: 'Meer informatie gevraagd', fr: 'Informations demandées', en: 'More information asked' },
  'event.answer': { nl: 'U hebt geantwoord', fr: 'Vous avez répondu', en: 'You answered' },
  'event.refuse': { nl: 'Geweigerd', fr: 'Refusée', en: 'Refused' },
  'event.deliver_at_counter': {
    nl: 'Klaar aan het loket',
    fr: 'Prête au guichet',
    en: 'Ready at the counter',
  },
  'event.handle_outside': {
    nl: 'Buiten het e-loket behandeld',
    fr: 'Traitée hors guichet',
    en: 'Handled elsewhere',
  },
  'event.fetch': { nl: 'Document opgevraagd', fr: 'Document demandé', en: 'Document requested' },
  'event.render': { nl: 'Document opgemaakt', fr: 'Document mis en page', en: 'Document composed' },
  'event.sign': { nl: 'Document verzegeld', fr: 'Document scellé', en: 'Document sealed' },
  'event.deliver': { nl: 'Document afgeleverd', fr: 'Document délivré', en: 'Document delivered' },
  'event.fail': { nl: 'Vertraging', fr: 'Retard', en: 'Delay' },
  'event.retry': { nl: 'Opnieuw gestart', fr: 'Relancée', en: 'Restarted' },
  'event.escalate': { nl: 'Doorgestuurd voor nazicht', fr: 'Transmise pour contrôle', en: 'Sent for review' },
  'event.cancel': { nl: 'Geannuleerd', fr: 'Annulée', en: 'Cancelled' },
  'event.expire': { nl: 'Document verlopen', fr: 'Document expiré', en: 'Document expired' },
  'event.lapse': {
    nl: 'Vervallen: niet op tijd betaald',
    fr: 'Caduque : pas payée à temps',
    en: 'Lapsed: not paid in time',
  },
  'event.start': { nl: 'In behandeling genomen', fr: 'Prise en charge', en: 'Taken up' },
  'event.resolve': { nl: 'Opgelost', fr: 'Résolu', en: 'Resolved' },
  'event.reopen': { nl: 'Heropend: niet opgelost', fr: 'Rouvert : pas résolu', en: 'Reopened: not fixed' },
  'event.no_answer': {
    nl: 'Geen antwoord ontvangen',
    fr: 'Pas de réponse reçue',
    en: 'No answer received',
  },
  'event.reminder': {
    nl: 'Herinnering verstuurd',
    fr: 'Rappel envoyé',
    en: 'Reminder sent',
  },
  'event.message': {
    nl: 'Bericht van de gemeente',
    fr: 'Message de la commune',
    en: 'Message of the municipality',
  },
} satisfies Record<string, { nl: string; fr: string; en: string; de?: string }>;

export type MessageKey = keyof typeof MESSAGES;

/** Every UI message, for the completeness test. */
export const ALL_MESSAGES: Readonly<Record<string, LocalizedText>> = MESSAGES;

/** A UI string in `locale`; `fallback` (or the key) when the key is unknown. `{x}` placeholders are filled. */
export function t(
  locale: Locale,
  key: string,
  fallbackOrVars?: string | Record<string, string | number>,
): string {
  const text = (MESSAGES as Record<string, LocalizedText>)[key];
  if (!text) return typeof fallbackOrVars === 'string' ? fallbackOrVars : key;
  let out = localize(text, locale);
  if (typeof fallbackOrVars === 'object') {
    for (const [k, v] of Object.entries(fallbackOrVars)) out = out.replaceAll(`{${k}}`, String(v));
  }
  return out;
}

/** The label of a request state as the requester reads it (see core's `STATE_LABELS`). */
export function stateLabel(locale: Locale, state: RequestState): string {
  return requestStateLabel(state, 'requester', locale);
}

/** The label of a request state as staff read it (see core's `STATE_LABELS`). */
export function staffStateLabel(locale: Locale, state: RequestState): string {
  return requestStateLabel(state, 'staff', locale);
}

/** A localized text with `{x}` placeholders filled. */
export function fill(text: LocalizedText, vars: Record<string, string | number>): LocalizedText {
  return Object.fromEntries(
    Object.entries(text).map(([l, s]) => [
      l,
      Object.entries(vars).reduce((acc, [k, v]) => acc.replaceAll(`{${k}}`, String(v)), s as string),
    ]),
  ) as LocalizedText;
}

/** Dates for display, in the municipality's time zone. */
export function formatDate(locale: Locale, date: Date, withTime = false): string {
  return new Intl.DateTimeFormat(locale === 'en' ? 'en-GB' : `${locale}-BE`, {
    dateStyle: 'long',
    ...(withTime ? { timeStyle: 'short' } : {}),
    timeZone: 'Europe/Brussels',
  }).format(date);
}

/** A day as dd/mm/yyyy (dd.mm.yyyy in German), in Belgian time. */
export function formatShortDate(locale: Locale, date: Date): string {
  return new Intl.DateTimeFormat(locale === 'en' ? 'en-GB' : `${locale}-BE`, {
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
    timeZone: 'Europe/Brussels',
  }).format(date);
}

/** Euro amounts: `€ 7,50` in Dutch, `7,50 €` in French (core's {@link formatEuro}). */
export function formatCost(locale: Locale, cents: number): string {
  return formatEuro(cents, locale);
}

/** File sizes. */
export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${Math.round((bytes / (1024 * 1024)) * 10) / 10} MB`;
  return `${Math.max(1, Math.round(bytes / 1024))} kB`;
}
