import {
  defineSource,
  type LocalizedText,
  PermanentSourceError,
  type SourceContext,
  type SourceDefinition,
  type SourceResult,
  TransientSourceError,
} from '@smartloket/core';
import {
  type MagdaAdres,
  type MagdaClient,
  type MagdaMeta,
  type MagdaServiceName,
  magdaClientRef,
} from '@smartloket/source-magda';
import { burialMode, burialRites } from './burial.js';
import { type AnyCertificateKey, CERTIFICATES, certificateFileName } from './certificates.js';
import type { BevolkingForm } from './form.js';
import { householdPosition } from './relations.js';

/** One address line of a certificate rendered from data. */
export interface AddressEntry {
  from?: string | undefined;
  until?: string | undefined;
  /** The address as printed. */
  text: string;
  /** NIS code of the municipality (Belgian addresses). */
  nisCode?: string | undefined;
  abroad: boolean;
}

/** What the source hands the renderer when a certificate is rendered from raw data. */
export interface CertificateData {
  certificate: AnyCertificateKey;
  /** NIS code of the issuing municipality. */
  municipalityNis: string;
  person: {
    insz: string;
    name: string;
    birthDate?: string | undefined;
    birthPlace?: string | undefined;
    deathDate?: string | undefined;
  };
  address?: AddressEntry | undefined;
  addresses?: AddressEntry[] | undefined;
  nationalities?: { code: string; name?: string | undefined; from?: string | undefined }[] | undefined;
  civilState?: { code: string; name?: string | undefined; from?: string | undefined } | undefined;
  household?:
    | { insz: string; name: string; birthDate?: string | undefined; position?: LocalizedText | undefined }[]
    | undefined;
  cohabitant?: { insz: string; name: string; from?: string | undefined } | undefined;
  /** The declared last wish on burial and rites (GeefPersoon `LijkbezorgingEnRitueel`). */
  burial?:
    | {
        mode: LocalizedText;
        ritual?: LocalizedText | undefined;
        /** Municipality where the wish was registered (name, else NIS code). */
        registeredIn?: string | undefined;
        declaredOn?: string | undefined;
      }
    | undefined;
}

/** Messages of this plugin's final source answers. */
export const MESSAGES = {
  newInsz: {
    nl: 'Het rijksregisternummer in deze aanvraag is vervangen door een nieuw nummer. Dien een nieuwe aanvraag in met het huidige rijksregisternummer (het staat op de identiteitskaart).',
    fr: 'Le numéro de registre national de cette demande a été remplacé par un nouveau numéro. Introduisez une nouvelle demande avec le numéro actuel (il figure sur la carte d’identité).',
    en: 'The national register number of this request has been replaced by a new number. Please file a new request with the current number (it is on the identity card).',
  },
  deceased: {
    nl: 'Volgens het rijksregister is deze persoon overleden. Een medewerker bekijkt uw aanvraag.',
    fr: 'Selon le registre national, cette personne est décédée. Un collaborateur examine votre demande.',
    en: 'According to the national register this person has died. A staff member will look at your request.',
  },
  notBelgian: {
    nl: 'Volgens het rijksregister heeft deze persoon de Belgische nationaliteit niet. Een medewerker bekijkt uw aanvraag.',
    fr: "Selon le registre national, cette personne n'a pas la nationalité belge. Un collaborateur examine votre demande.",
    en: 'According to the national register this person does not hold Belgian nationality. A staff member will look at your request.',
  },
  noData: {
    nl: 'Het rijksregister bevat niet de gegevens die nodig zijn voor dit attest. Een medewerker bekijkt uw aanvraag.',
    fr: 'Le registre national ne contient pas les données nécessaires pour ce certificat. Un collaborateur examine votre demande.',
    en: 'The national register does not hold the data this certificate needs. A staff member will look at your request.',
  },
  noSubject: {
    nl: 'De aanvraag vermeldt niet over wie het attest gaat. Een medewerker bekijkt uw aanvraag.',
    fr: 'La demande ne précise pas la personne concernée. Un collaborateur examine votre demande.',
    en: 'The request does not say whom the certificate is about. A staff member will look at your request.',
  },
} satisfies Record<string, LocalizedText>;

function fail(code: string, message: keyof typeof MESSAGES, disposition: 'refuse' | 'review'): never {
  throw new PermanentSourceError(
    `BEVOLKING_${code}`,
    `bevolking: ${code.toLowerCase()}`,
    MESSAGES[message],
    disposition,
  );
}

const outcomeOf = (meta: MagdaMeta) => (meta.warnings.some((w) => w.type === 'FOUT') ? 'refused' : 'ok');

/** True when MAGDA answered 30004: the INSZ asked about was replaced by a new one. */
const renumbered = (meta: MagdaMeta) => meta.warnings.some((w) => w.identificatie.endsWith('30004'));

const formatAddress = (a: MagdaAdres): AddressEntry => {
  if (a.buitenland || (a.nisLand && a.nisLand !== '150' && !a.straat)) {
    return {
      from: a.begin,
      until: a.einde,
      text: [...(a.buitenland ?? []), a.land].filter(Boolean).join(', '),
      abroad: true,
    };
  }
  const street =
    [a.straat, a.huisnummer].filter(Boolean).join(' ') + (a.busnummer ? ` bus ${a.busnummer}` : '');
  return {
    from: a.begin,
    until: a.einde,
    text: [street, [a.postcode, a.gemeente].filter(Boolean).join(' ')].filter(Boolean).join(', '),
    nisCode: a.nisGemeente,
    abroad: false,
  };
};

const fullName = (n: { voornamen: string[]; achternaam: string }) =>
  [n.voornamen.join(' '), n.achternaam].filter(Boolean).join(' ');

/** Options of {@link createBevolkingSource}. */
export interface BevolkingSourceOptions {
  key: AnyCertificateKey;
  /** GeefAttest model name (undefined: always from data). */
  attest: string | undefined;
  /** Render from raw data instead of delivering the Rijksregister's PDF. */
  fromData: boolean;
  /** MAGDA Afzender purpose key (see the client's `afzender.purposes`). */
  purpose?: string | undefined;
}

/**
 * The source of one certificate: GeefAttest (the Rijksregister's signed PDF, delivered as
 * received), or raw data (GeefPersoon, GeefHistoriekPersoon, GeefGezinssamenstelling) for the
 * renderer. Every call goes through `ctx.consult`, so it is audited with its referte.
 */
export function createBevolkingSource(options: BevolkingSourceOptions): SourceDefinition {
  const callOptions = (referte: string) => ({
    referte,
    ...(options.purpose ? { purpose: options.purpose } : {}),
  });

  return defineSource({
    id: `bevolking.${options.key}`,
    deps: { magda: magdaClientRef },
    async fetch(ctx, { magda }): Promise<SourceResult> {
      const insz = ctx.request.subject.insz;
      if (!insz) fail('NO_SUBJECT', 'noSubject', 'review');
      const form = ctx.request.form as Partial<BevolkingForm>;
      const language = form.language ?? 'nl';

      const consult = <T extends MagdaMeta>(
        service: MagdaServiceName,
        key: string,
        call: (r: string) => Promise<T>,
      ) => {
        // An open circuit means MAGDA is known to be down: wait without a call (nor an audit record).
        if (magda.circuitState(service) === 'open') {
          throw new TransientSourceError('MAGDA_CIRCUIT_OPEN', `MAGDA ${service}: circuit open`, {
            retryAfterMs: 30_000,
          });
        }
        return ctx.consult(key, call, { subjectId: insz, outcome: outcomeOf });
      };

      if (!options.fromData && options.attest) {
        const attest = options.attest;
        const r = await consult('GeefAttest', 'magda:GeefAttest-02.00', (referte) =>
          magda.geefAttest(
            { insz, attest, attestTaal: language, gemeenteVanAfgifte: ctx.municipality.nisCode },
            callOptions(referte),
          ),
        );
        if (renumbered(r) || r.insz !== insz) fail('NEW_INSZ', 'newInsz', 'refuse');
        return {
          kind: 'document',
          document: {
            bytes: r.document,
            mediaType: 'application/pdf',
            fileName: certificateFileName(options.key, language, ctx.request.reference),
            sealedBy: 'FOD Binnenlandse Zaken',
          },
        };
      }
      return { kind: 'data', data: await fetchData(options.key, insz, ctx, magda, consult) };
    },
  });

  async function fetchData(
    key: AnyCertificateKey,
    insz: string,
    ctx: SourceContext,
    magda: MagdaClient,
    consult: <T extends MagdaMeta>(
      s: MagdaServiceName,
      k: string,
      c: (r: string) => Promise<T>,
    ) => Promise<T>,
  ): Promise<CertificateData> {
    const p = await consult('GeefPersoon', 'magda:GeefPersoon-02.02', (referte) =>
      magda.geefPersoon({ insz }, callOptions(referte)),
    );
    if (renumbered(p) || p.persoon.insz !== insz) fail('NEW_INSZ', 'newInsz', 'refuse');
    const persoon = p.persoon;
    const data: CertificateData = {
      certificate: key,
      municipalityNis: ctx.municipality.nisCode,
      person: {
        insz: persoon.insz,
        name: fullName(persoon.naam),
        birthDate: persoon.geboortedatum,
        birthPlace: persoon.geboorteplaats,
        deathDate: persoon.overlijden?.datum,
      },
    };
    const alive = !persoon.overlijden;
    const belgian = persoon.nationaliteiten.some((n) => n.code === '150');
    const address = persoon.hoofdverblijfplaats ? formatAddress(persoon.hoofdverblijfplaats) : undefined;
    const needsLiving = key !== 'teraardebestelling';
    if (needsLiving && !alive) fail('DECEASED', 'deceased', 'review');

    switch (key) {
      case 'belgische-nationaliteit':
      case 'verblijf-nationaliteit':
        if (!belgian) fail('NOT_BELGIAN', 'notBelgian', 'review');
        data.nationalities = persoon.nationaliteiten.map((n) => ({
          code: n.code,
          name: n.omschrijving,
          from: n.begin,
        }));
        if (key === 'verblijf-nationaliteit') {
          if (!address) fail('NO_DATA', 'noData', 'review');
          data.address = address;
        }
        break;
      case 'hoofdverblijfplaats':
        if (!address) fail('NO_DATA', 'noData', 'review');
        data.address = address;
        break;
      case 'leven':
        data.address = address;
        break;
      case 'verblijfplaats-huwelijk':
        if (!address) fail('NO_DATA', 'noData', 'review');
        data.address = address;
        data.civilState = persoon.burgerlijkeStaat
          ? {
              code: persoon.burgerlijkeStaat.code,
              name: persoon.burgerlijkeStaat.omschrijving,
              from: persoon.burgerlijkeStaat.begin,
            }
          : undefined;
        data.nationalities = persoon.nationaliteiten.map((n) => ({
          code: n.code,
          name: n.omschrijving,
          from: n.begin,
        }));
        break;
      case 'hoofdverblijfplaats-historiek':
      case 'hoofdverblijfplaats-historiek-gemeente': {
        const h = await consult('GeefHistoriekPersoon', 'magda:GeefHistoriekPersoon-02.02', (referte) =>
          magda.geefHistoriekPersoon({ insz }, callOptions(referte)),
        );
        const all = h.historiek.adressen.map(formatAddress);
        data.addresses =
          key === 'hoofdverblijfplaats-historiek'
            ? all
            : all.filter((a) => !a.abroad && a.nisCode === ctx.municipality.nisCode);
        if (data.addresses.length === 0) fail('NO_DATA', 'noData', 'review');
        data.address = address;
        break;
      }
      case 'gezinssamenstelling':
      case 'wettelijke-samenwoning': {
        const g = await consult('GeefGezinssamenstelling', 'magda:GeefGezinssamenstelling-02.02', (referte) =>
          magda.geefGezinssamenstelling({ insz }, callOptions(referte)),
        );
        data.address = address;
        if (key === 'gezinssamenstelling') {
          data.household = g.gezinsleden.map((m) => ({
            insz: m.insz,
            name: fullName(m.naam),
            birthDate: m.geboortedatum,
            position: householdPosition(m.positie?.code, m.geslacht, m.positie?.omschrijving),
          }));
          break;
        }
        // Legal cohabitation from the household: the reference person and the member at 22.
        const self = g.gezinsleden.find((m) => m.insz === insz);
        const partner =
          self?.positie?.code === '22'
            ? g.gezinsleden.find((m) => m.positie?.code === '01')
            : self?.positie?.code === '01'
              ? g.gezinsleden.find((m) => m.positie?.code === '22')
              : undefined;
        if (!partner) fail('NO_DATA', 'noData', 'review');
        data.cohabitant = { insz: partner.insz, name: fullName(partner.naam) };
        break;
      }
      case 'teraardebestelling': {
        // GeefPersoon's LijkbezorgingEnRitueel: WijzeVanLijkbezorging, Ritueel, PlaatsRegistratie.
        const l = persoon.lijkbezorging;
        if (!l || l.einde) fail('NO_DATA', 'noData', 'review');
        data.burial = {
          mode: burialMode(l.wijze.code, l.wijze.omschrijving),
          ritual: l.ritueel ? burialRites(l.ritueel.code, l.ritueel.omschrijving) : undefined,
          registeredIn: l.plaatsRegistratie?.naam ?? l.plaatsRegistratie?.nisCode,
          declaredOn: l.datumDocument ?? l.begin,
        };
        break;
      }
      default:
        fail('NO_DATA', 'noData', 'review');
    }
    return data;
  }
}

/** The certificate's GeefAttest model (after overrides), or undefined when it has none. */
export function attestName(key: AnyCertificateKey, overrides: Record<string, string>): string | undefined {
  return overrides[key] ?? CERTIFICATES[key].attest;
}
