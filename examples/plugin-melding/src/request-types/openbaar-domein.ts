import {
  defineRequestType,
  type FormDefinition,
  fields,
  form,
  type RequestTypeDefinition,
} from '@smartloket/core';
import type { RequestTypeModule } from '../module.js';

/** The request type's id: "<plugin id>.<type>". */
export const openbaarDomeinId = 'melding.openbaar-domein';

/** What the report is about; staff filter the back-office queue on it. */
export const CATEGORIES = [
  { value: 'sluikstort', label: { nl: 'Sluikstort', fr: 'Dépôt clandestin', en: 'Fly-tipping' } },
  { value: 'wegdek', label: { nl: 'Wegdek of voetpad', fr: 'Chaussée ou trottoir', en: 'Road or pavement' } },
  { value: 'verlichting', label: { nl: 'Straatverlichting', fr: 'Éclairage public', en: 'Street lighting' } },
  {
    value: 'groen',
    label: { nl: 'Groen en bomen', fr: 'Espaces verts et arbres', en: 'Greenery and trees' },
  },
  { value: 'andere', label: { nl: 'Iets anders', fr: 'Autre chose', en: 'Something else' } },
] as const;

/** Photos: what phones make, at most 10 MB. */
export const PHOTO_TYPES = ['image/jpeg', 'image/png', 'image/heic'];
export const PHOTO_MAX_BYTES = 10 * 1024 * 1024;

/** The form: place, category, description and an optional photo. */
export const openbaarDomeinForm: FormDefinition = form({
  category: fields.choice({
    label: { nl: 'Wat wilt u melden?', fr: 'Que voulez-vous signaler ?', en: 'What do you want to report?' },
    options: CATEGORIES as unknown as [{ value: string; label: { nl: string } }],
  }),
  place: fields.text({
    label: { nl: 'Waar?', fr: 'Où ?', en: 'Where?' },
    help: {
      nl: 'Straat en huisnummer, of een herkenningspunt.',
      fr: 'Rue et numéro, ou un point de repère.',
      en: 'Street and number, or a landmark.',
    },
    max: 200,
  }),
  description: fields.textarea({
    label: { nl: 'Beschrijving', fr: 'Description', en: 'Description' },
    help: {
      nl: 'Wat is er aan de hand? Vermeld geen gegevens van andere personen.',
      fr: "Que se passe-t-il ? Ne mentionnez pas de données d'autres personnes.",
      en: 'What is the matter? Do not mention other people’s details.',
    },
    max: 2000,
  }),
  photo: fields.file({
    label: { nl: 'Foto (niet verplicht)', fr: 'Photo (facultatif)', en: 'Photo (optional)' },
    accept: PHOTO_TYPES,
    maxBytes: PHOTO_MAX_BYTES,
    optional: true,
  }),
});

/**
 * A report (melding): no source and no document. Staff handle it in the back-office
 * (start, ask, resolve, refuse); the requester follows its status on the personal page, or by
 * the link in the e-mail when they reported anonymously.
 */
export const openbaarDomeinRequestType: RequestTypeDefinition = defineRequestType({
  id: openbaarDomeinId,
  kind: 'report',
  title: {
    nl: 'Melding openbaar domein',
    fr: 'Signalement sur le domaine public',
    en: 'Report a problem in a public space',
  },
  description: {
    nl: 'Meld een sluikstort, een put in de weg, een defecte straatlamp of een ander probleem op straat. Een medewerker volgt het op; u ziet de status online.',
    fr: 'Signalez un dépôt clandestin, un nid-de-poule, un lampadaire en panne ou un autre problème en rue. Un collaborateur en assure le suivi ; vous voyez le statut en ligne.',
    en: 'Report fly-tipping, a pothole, a broken street light or another problem in the street. A staff member follows it up; you see its status online.',
  },
  expectedDelivery: {
    nl: 'Binnen 5 werkdagen bekeken',
    fr: 'Examiné dans les 5 jours ouvrables',
    en: 'Looked at within 5 working days',
  },
  theme: 'openbaar-domein',
  audience: ['citizen', 'organisation', 'anonymous'],
  minimumLevel: 'low',
  form: openbaarDomeinForm,
  subject: () => ({ relation: 'none' }),
  rules: [],
  retention: { formDataDays: 365 },
});

export const openbaarDomein: RequestTypeModule = { requestType: openbaarDomeinRequestType, sources: {} };
