/**
 * Request messages: the SOAP envelope, the MAGDA Context, and the Vraag Inhoud of each service,
 * written in the element order of the official WebService XSDs.
 */

import type { MagdaServiceInfo } from './services.js';
import { NS } from './wssec.js';
import { el } from './xml.js';

/** Afzender of a message: who asks, in which capacity. */
export interface Afzender {
  /** The caller's URI (organisation + purpose), at most 120 characters. */
  identificatie: string;
  /** Capacity code, e.g. `1300`; at most 24 characters. */
  hoedanigheid: string;
}

/** Date and time as MAGDA writes them, in Belgian local time. */
export function tijdstip(at: Date): { datum: string; tijd: string } {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', {
      timeZone: 'Europe/Brussels',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(at)
      .map((p) => [p.type, p.value]),
  );
  const ms = String(at.getUTCMilliseconds()).padStart(3, '0');
  return {
    datum: `${parts.year}-${parts.month}-${parts.day}`,
    tijd: `${parts.hour}:${parts.minute}:${parts.second}.${ms}`,
  };
}

/** The Context element of a question. */
export function contextXml(service: MagdaServiceInfo, afzender: Afzender, referte: string, at: Date): string {
  const t = tijdstip(at);
  return el('Context', [
    el('Naam', service.naam),
    el('Versie', service.versie),
    el('Bericht', [
      el('Type', 'VRAAG'),
      el('Tijdstip', [el('Datum', t.datum), el('Tijd', t.tijd)]),
      el('Afzender', [
        el('Identificatie', afzender.identificatie),
        el('Referte', referte),
        el('Hoedanigheid', afzender.hoedanigheid),
      ]),
    ]),
  ]);
}

/**
 * A full, unsigned envelope: an empty `wsse:Security` header for the signer, and the Body with a
 * `wsu:Id` so the signature can reference it.
 */
export function envelopeXml(args: {
  service: MagdaServiceInfo;
  afzender: Afzender;
  referte: string;
  vraagReferte: string;
  inhoud: string;
  at: Date;
  bodyId: string;
}): string {
  const { service } = args;
  const verzoek = el('Verzoek', [
    contextXml(service, args.afzender, args.referte, args.at),
    el('Vragen', [el('Vraag', [el('Referte', args.vraagReferte), `<Inhoud>${args.inhoud}</Inhoud>`])]),
  ]);
  return (
    '<?xml version="1.0" encoding="UTF-8"?>' +
    `<soapenv:Envelope xmlns:soapenv="${NS.soap}" xmlns:wsse="${NS.wsse}" xmlns:wsu="${NS.wsu}">` +
    '<soapenv:Header><wsse:Security soapenv:mustUnderstand="1"/></soapenv:Header>' +
    `<soapenv:Body wsu:Id="${args.bodyId}"><m:${service.naam} xmlns:m="${service.namespace}">${verzoek}</m:${service.naam}></soapenv:Body>` +
    '</soapenv:Envelope>'
  );
}

// ── criteria of each service ──────────────────────────────────────────────────────────────

export type Taal = 'nl' | 'fr' | 'de' | 'en';

export interface GeefAttestCriteria {
  insz: string;
  /** Attest name as the Rijksregister knows it, e.g. `Gezinssamenstelling`. */
  attest: string;
  /** Language of the certificate: nl, fr or de. */
  attestTaal: 'nl' | 'fr' | 'de';
  /** NIS code of the issuing municipality. */
  gemeenteVanAfgifte: string;
  /** Language of the answer's texts. Default nl. */
  taal?: Taal;
}

export interface GeefPersoonCriteria {
  insz: string;
  /** Default RR (Rijksregister). */
  bron?: string;
  taal?: Taal;
  opvragingenKSZ?: {
    basisPersoonsgegevens?: boolean;
    afstamming?: boolean;
    wettelijkeVertegenwoordiging?: boolean;
  };
}

export interface GeefGezinssamenstellingCriteria {
  insz: string;
  taal?: Taal;
}

export interface GeefHistoriekPersoonCriteria {
  insz: string;
  /** History from this date on (YYYY-MM-DD). Default 1900-01-01: everything. */
  vanaf?: string;
  bron?: string;
  taal?: Taal;
}

export interface RegistreerInschrijvingCriteria {
  insz: string;
  /** Period of the relation (YYYY-MM-DD). */
  begin: string;
  einde: string;
}

export interface PartieleDatum {
  jaar: number;
  maand?: number;
  dag?: number;
}

export interface ZoekAktenCriteria {
  insz?: string;
  naam?: string;
  voornaam?: string;
  documentType?: string;
  datumCreatie?: PartieleDatum;
  geboortedatum?: PartieleDatum;
  gemeenteVanOpmaak?: string;
  zoekInRijksregister?: boolean;
  gemeenteVanAfgifte: string;
  taal?: Taal;
}

export interface GeefAkteCriteria {
  documentReferte: string;
  /** `afschrift` (full copy) or `uittreksel` (extract, with a model). */
  soort: 'afschrift' | 'uittreksel';
  model?: string;
  /** Language of the document. */
  documentTaal: 'nl' | 'fr' | 'de';
  gemeenteVanAfgifte: string;
  taal?: Taal;
}

export type GeefUittrekselStrafregisterCriteria = {
  gemeente: { nisCode: string; aanvragerInsz: string };
} & (
  | {
      insz: string;
      typeUittreksel: string;
      taal: 'nl' | 'fr' | 'de';
      inszOpUittreksel?: boolean;
      opmerking?: string;
      referentie?: string;
    }
  | { identificatienummer: string }
);

export interface GeefStatusUittrekselStrafregisterCriteria {
  gemeente: { nisCode: string; aanvragerInsz: string };
  insz?: string;
  referentie?: string;
  klaarVoorDownload?: boolean;
}

export interface GeefTypesUittrekselStrafregisterCriteria {
  taal: 'nl' | 'fr' | 'de';
}

export type GeefFunctiesCriteria =
  | { insz: string; kbo?: string; aardFuncties?: string[] }
  | { kbo: string; aardFuncties?: string[] };

const flag = (b: boolean | undefined) => (b === undefined ? undefined : b ? '1' : '0');
const partieel = (name: string, d: PartieleDatum | undefined) =>
  d
    ? el(name, [
        el('Jaar', String(d.jaar).padStart(4, '0')),
        d.maand ? el('Maand', String(d.maand).padStart(2, '0')) : undefined,
        d.dag ? el('Dag', String(d.dag).padStart(2, '0')) : undefined,
      ])
    : undefined;

/** Vraag Inhoud builders, one per service. */
export const inhoud = {
  GeefAttest: (c: GeefAttestCriteria) =>
    [
      el('Criteria', [el('INSZ', c.insz), el('Attest', [el('Naam', c.attest), el('Taal', c.attestTaal)])]),
      el('GemeenteVanAfgifte', c.gemeenteVanAfgifte),
      el('Taal', c.taal ?? 'nl'),
    ].join(''),
  GeefPersoon: (c: GeefPersoonCriteria) => {
    const o = c.opvragingenKSZ;
    return [
      el('Criteria', [
        el('INSZ', c.insz),
        o
          ? el('OpvragingenKSZ', [
              el('BasisPersoonsgegevens', flag(o.basisPersoonsgegevens)),
              el('Afstamming', flag(o.afstamming)),
              el('WettelijkeVertegenwoordiging', flag(o.wettelijkeVertegenwoordiging)),
            ])
          : undefined,
      ]),
      el('Bron', c.bron ?? 'RR'),
      el('Taal', c.taal ?? 'nl'),
    ].join('');
  },
  GeefGezinssamenstelling: (c: GeefGezinssamenstellingCriteria) =>
    [el('Criteria', [el('INSZ', c.insz)]), el('Taal', c.taal ?? 'nl')].join(''),
  GeefHistoriekPersoon: (c: GeefHistoriekPersoonCriteria) =>
    [
      el('Criteria', [el('INSZ', c.insz), el('Datum', c.vanaf ?? '1900-01-01')]),
      el('Bron', c.bron ?? 'RR'),
      el('Taal', c.taal ?? 'nl'),
    ].join(''),
  RegistreerInschrijving: (c: RegistreerInschrijvingCriteria, hoedanigheid: string) =>
    el('Inschrijving', [
      el('Hoedanigheid', hoedanigheid),
      el('BetrokkenSubject', [el('Subjecten', [el('Subject', [el('Type', 'OR'), el('Sleutel', c.insz)])])]),
      el('Periode', [el('Begin', c.begin), el('Einde', c.einde)]),
    ]),
  ZoekAktenBurgerlijkeStand: (c: ZoekAktenCriteria) =>
    [
      el('Criteria', [
        el('DocumentType', c.documentType),
        partieel('DatumCreatie', c.datumCreatie),
        el('INSZ', c.insz),
        el('Naam', c.naam),
        el('Voornaam', c.voornaam),
        partieel('Geboortedatum', c.geboortedatum),
        el('GemeenteVanOpmaak', c.gemeenteVanOpmaak),
        el('ZoekInRijksregister', c.zoekInRijksregister ? '1' : '0'),
      ]),
      el('GemeenteVanAfgifte', c.gemeenteVanAfgifte),
      el('Taal', c.taal ?? 'nl'),
    ].join(''),
  GeefAkteBurgerlijkeStand: (c: GeefAkteCriteria) =>
    [
      el('Criteria', [
        c.soort === 'afschrift'
          ? el('CriteriaAfschrift', [el('DocumentReferte', c.documentReferte), el('Taal', c.documentTaal)])
          : el('CriteriaUittreksel', [
              el('DocumentReferte', c.documentReferte),
              el('Taal', c.documentTaal),
              el('Model', c.model ?? '1'),
            ]),
      ]),
      el('GemeenteVanAfgifte', c.gemeenteVanAfgifte),
      el('Taal', c.taal ?? 'nl'),
    ].join(''),
  GeefUittrekselStrafregister: (c: GeefUittrekselStrafregisterCriteria) =>
    [
      el('Gemeente', [el('NISCode', c.gemeente.nisCode), el('Aanvrager', c.gemeente.aanvragerInsz)]),
      el(
        'Criteria',
        'identificatienummer' in c
          ? [el('Identificatienummer', c.identificatienummer)]
          : [
              el('INSZ', c.insz),
              el('INSZOpUittreksel', c.inszOpUittreksel === false ? '0' : '1'),
              el('Taal', c.taal),
              el('TypeUittreksel', c.typeUittreksel),
              el('Opmerking', c.opmerking),
              el('Referentie', c.referentie),
            ],
      ),
    ].join(''),
  GeefStatusUittrekselStrafregister: (c: GeefStatusUittrekselStrafregisterCriteria) =>
    [
      el('Gemeente', [el('NISCode', c.gemeente.nisCode), el('Aanvrager', c.gemeente.aanvragerInsz)]),
      `<Criteria>${[el('INSZ', c.insz), el('Referentie', c.referentie), el('KlaarVoorDownload', flag(c.klaarVoorDownload))].join('')}</Criteria>`,
    ].join(''),
  GeefTypesUittrekselStrafregister: (c: GeefTypesUittrekselStrafregisterCriteria) =>
    el('Criteria', [el('Taal', c.taal)]),
  GeefFuncties: (c: GeefFunctiesCriteria) =>
    el('Criteria', [
      'insz' in c
        ? el('Persoon', [el('INSZ', c.insz), el('Ondernemingsnummer', c.kbo)])
        : el('Onderneming', [el('Ondernemingsnummer', c.kbo, { Type: 'FunctieIn' })]),
      c.aardFuncties?.length
        ? el(
            'AardFuncties',
            c.aardFuncties.map((a) => el('AardFunctie', a)),
          )
        : undefined,
    ]),
};
