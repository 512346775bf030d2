import {
  addCalendarDays,
  alwaysReview,
  brusselsDay,
  defineRequestType,
  fields,
  form,
  type LocalizedText,
  prefillFrom,
  type RequestTypeDefinition,
  startOfBrusselsDay,
} from '@smartloket/core';
import { rijksregisterManifestEntry, rijksregisterPrefill } from '@smartloket/plugin-bevolking';
import { createCertificateRenderer } from '@smartloket/renderer-pdf';
import type { RequestTypeModule } from '../module.js';

/** The request type's id: "<plugin id>.<type>". */
export const bewonersId = 'parkeerkaart.bewoners';

/** How long a permit is valid when the clerk sets no end date: 12 months. */
export const VALID_MONTHS = 12;

/** Registration certificates: a scan or a photo, at most 5 MB. */
export const REGISTRATION_TYPES = ['application/pdf', 'image/jpeg', 'image/png'];
export const REGISTRATION_MAX_BYTES = 5 * 1024 * 1024;

/** The catalogue title of this plugin's theme (not one of core's). */
export const PARKEREN: LocalizedText = { nl: 'Parkeren', fr: 'Stationnement', en: 'Parking', de: 'Parken' };

/**
 * Why this plugin may read the requester's address in the Rijksregister: recorded with every
 * consultation and shown in the register of processing. A municipality writes its own.
 */
export const ADDRESS_LEGAL_BASIS =
  'Gemeentelijk reglement op de parkeerkaarten voor bewoners; wet van 8 augustus 1983 tot regeling van een Rijksregister van de natuurlijke personen, art. 5; machtiging van de gemeente voor de toegang tot het Rijksregister';

/** What the requester fills in: the car, where they live, and the car's registration. */
export const bewonersForm = form({
  plate: fields.licencePlate({
    label: { nl: 'Nummerplaat', fr: "Plaque d'immatriculation", en: 'Licence plate', de: 'Kennzeichen' },
  }),
  address: fields.address({
    label: { nl: 'Uw adres', fr: 'Votre adresse', en: 'Your address', de: 'Ihre Adresse' },
  }),
  registration: fields.file({
    label: {
      nl: 'Inschrijvingsbewijs van de wagen',
      fr: "Certificat d'immatriculation du véhicule",
      en: 'Vehicle registration certificate',
      de: 'Zulassungsbescheinigung des Fahrzeugs',
    },
    accept: REGISTRATION_TYPES,
    maxBytes: REGISTRATION_MAX_BYTES,
  }),
});

/** What the clerk may decide on approval; `issue` fills in what is left out. */
export const bewonersDecision = form({
  permitNumber: fields.text({
    label: { nl: 'Nummer van de vergunning', fr: 'Numéro du permis', en: 'Permit number' },
    max: 40,
    optional: true,
  }),
  validFrom: fields.date({
    label: { nl: 'Geldig vanaf', fr: 'Valable à partir du', en: 'Valid from' },
    optional: true,
  }),
  validUntil: fields.date({
    label: { nl: 'Geldig tot en met', fr: "Valable jusqu'au", en: 'Valid until' },
    optional: true,
  }),
});

/** The data the renderer prints, made by `issue` from the answers and the clerk's decision. */
export interface ParkeerkaartData {
  permitNumber: string;
  plate: string;
  address: string;
  /** `yyyy-mm-dd`, both days included. */
  validFrom: string;
  validUntil: string;
}

interface Address {
  street: string;
  number: string;
  box?: string;
  postcode: string;
  municipality: string;
}

/** An address on one line, as printed on the permit. */
export function addressLine(a: Address): string {
  return `${a.street} ${a.number}${a.box ? ` bus ${a.box}` : ''}, ${a.postcode} ${a.municipality}`;
}

/** `yyyy-mm-dd` as `dd/mm/yyyy`. */
function day(d: string): string {
  const [y, m, dd] = d.split('-');
  return `${dd}/${m}/${y}`;
}

/** The last day of a permit starting on `from` (a day), `months` later, minus one day. */
export function lastDay(from: string, months: number): string {
  const [y, m, d] = from.split('-').map(Number) as [number, number, number];
  const end = new Date(Date.UTC(y, m - 1 + months, d));
  return addCalendarDays(end.toISOString().slice(0, 10), -1);
}

const L = {
  title: {
    nl: 'Parkeerkaart bewoners',
    fr: 'Carte de stationnement riverains',
    en: 'Residents’ parking permit',
    de: 'Anwohnerparkausweis',
  },
  statement: {
    nl: 'Het college van burgemeester en schepenen verleent een parkeerkaart voor bewoners aan het voertuig hieronder. De kaart geldt in de zone van het adres, binnen de vermelde periode.',
    fr: 'Le collège des bourgmestre et échevins délivre une carte de stationnement riverains au véhicule ci-dessous. La carte est valable dans la zone de l’adresse, pendant la période indiquée.',
    en: 'The board of mayor and aldermen grants a residents’ parking permit to the vehicle below. It is valid in the zone of the address, for the period stated.',
    de: 'Das Bürgermeister- und Schöffenkollegium erteilt dem unten genannten Fahrzeug einen Anwohnerparkausweis. Er gilt in der Zone der Adresse im angegebenen Zeitraum.',
  },
  number: { nl: 'Vergunningsnummer', fr: 'Numéro du permis', en: 'Permit number', de: 'Ausweisnummer' },
  plate: { nl: 'Nummerplaat', fr: 'Plaque', en: 'Licence plate', de: 'Kennzeichen' },
  address: { nl: 'Adres', fr: 'Adresse', en: 'Address', de: 'Adresse' },
  valid: { nl: 'Geldig', fr: 'Valable', en: 'Valid', de: 'Gültig' },
  period: {
    nl: 'van {from} tot en met {until}',
    fr: 'du {from} au {until} inclus',
    en: 'from {from} to {until} inclusive',
    de: 'vom {from} bis einschließlich {until}',
  },
} satisfies Record<string, LocalizedText>;

const fill = (t: LocalizedText, v: Record<string, string>): LocalizedText =>
  Object.fromEntries(
    Object.entries(t).map(([l, s]) => [l, s.replace(/\{(\w+)\}/g, (_, k: string) => v[k] ?? '')]),
  ) as LocalizedText;

/** The permit as a PDF: number, plate, address and validity, sealed by the deployment's signer. */
export const bewonersRenderer = createCertificateRenderer({
  id: 'parkeerkaart.bewoners',
  layout(model) {
    const d = model.data as ParkeerkaartData;
    return {
      municipality: model.municipality,
      locale: model.locale,
      issuedAt: model.issuedAt,
      title: L.title,
      blocks: [
        { type: 'paragraph', text: L.statement },
        { type: 'spacer' },
        {
          type: 'keyValue',
          items: [
            { key: L.number, value: d.permitNumber },
            { key: L.plate, value: d.plate },
            { key: L.address, value: d.address },
            { key: L.valid, value: fill(L.period, { from: day(d.validFrom), until: day(d.validUntil) }) },
          ],
        },
      ],
    };
  },
  fileName: (model) => `parkeerkaart-${model.request.reference}.pdf`,
});

/**
 * "Parkeerkaart bewoners": a document the municipality issues itself. No authentic source for the
 * document (the address is prefilled from the Rijksregister and locked): a clerk reviews every request (registration document), approves with an optional permit number
 * and validity, and the permit is rendered and sealed like every certificate. It stays
 * downloadable as long as it is valid (`documentLifetime: 'validity'`), not the deployment's 3
 * months.
 */
export const bewonersRequestType: RequestTypeDefinition = defineRequestType({
  id: bewonersId,
  kind: 'certificate',
  title: L.title,
  description: {
    nl: 'Een parkeerkaart voor de wagen van een bewoner, 12 maanden geldig in de zone van uw adres. Een medewerker bekijkt uw inschrijvingsbewijs.',
    fr: 'Une carte de stationnement pour la voiture d’un riverain, valable 12 mois dans la zone de votre adresse. Un collaborateur examine votre certificat d’immatriculation.',
    en: 'A parking permit for a resident’s car, valid 12 months in the zone of your address. A staff member checks your registration certificate.',
  },
  expectedDelivery: {
    nl: 'Binnen 5 werkdagen',
    fr: 'Dans les 5 jours ouvrables',
    en: 'Within 5 working days',
  },
  theme: 'parkeren',
  themeTitle: PARKEREN,
  audience: ['citizen'],
  minimumLevel: 'substantial',
  form: bewonersForm,
  // The address comes from the Rijksregister for the citizen asking for himself, and cannot be
  // changed: a residents' permit is for the address where the car's owner lives.
  prefill: { address: prefillFrom(rijksregisterPrefill, 'address') },
  subject: (_form, requester) =>
    requester.kind === 'citizen' ? { relation: 'self', insz: requester.insz } : { relation: 'none' },
  rules: [
    alwaysReview({
      nl: 'Een medewerker kijkt het inschrijvingsbewijs na.',
      fr: 'Un collaborateur vérifie le certificat d’immatriculation.',
      en: 'A staff member checks the registration certificate.',
    }),
  ],
  issue: {
    decision: bewonersDecision,
    issue({ reference, answers, decision, now }) {
      const validFrom = (decision.validFrom as string | undefined) ?? brusselsDay(now);
      const validUntil = (decision.validUntil as string | undefined) ?? lastDay(validFrom, VALID_MONTHS);
      const data: ParkeerkaartData = {
        permitNumber: (decision.permitNumber as string | undefined) ?? reference,
        plate: answers.plate as string,
        address: addressLine(answers.address as Address),
        validFrom,
        validUntil,
      };
      return {
        data: { ...data },
        validFrom: startOfBrusselsDay(validFrom),
        validUntil: startOfBrusselsDay(validUntil),
      };
    },
  },
  renderer: bewonersRenderer,
  retention: { documentLifetime: 'validity', formDataDays: 90 },
  leadTimeDays: 5,
});

export const bewoners: RequestTypeModule = {
  requestType: bewonersRequestType,
  // The prefill's service, with this plugin's own legal basis.
  sources: { 'magda:GeefPersoon-02.02': rijksregisterManifestEntry(ADDRESS_LEGAL_BASIS) },
};
