import type { Locale, LocalizedText, RendererDefinition, RenderModel } from '@smartloket/core';
import { type Block, type CertificateSpec, createCertificateRenderer } from '@smartloket/renderer-pdf';
import { type AnyCertificateKey, CERTIFICATES, certificateFileName } from './certificates.js';
import type { BevolkingForm } from './form.js';
import type { AddressEntry, CertificateData } from './source.js';

const L = {
  person: {
    nl: 'Gegevens van de persoon',
    fr: 'Données de la personne',
    de: 'Angaben zur Person',
    en: 'Person',
  },
  name: { nl: 'Naam', fr: 'Nom', de: 'Name', en: 'Name' },
  insz: {
    nl: 'Rijksregisternummer',
    fr: 'Numéro de registre national',
    de: 'Nationalregisternummer',
    en: 'National register number',
  },
  birth: { nl: 'Geboren op', fr: 'Né(e) le', de: 'Geboren am', en: 'Born on' },
  birthPlace: { nl: 'Geboorteplaats', fr: 'Lieu de naissance', de: 'Geburtsort', en: 'Place of birth' },
  address: {
    nl: 'Hoofdverblijfplaats',
    fr: 'Résidence principale',
    de: 'Hauptwohnort',
    en: 'Main residence',
  },
  nationality: { nl: 'Nationaliteit', fr: 'Nationalité', de: 'Staatsangehörigkeit', en: 'Nationality' },
  civilState: { nl: 'Burgerlijke staat', fr: 'État civil', de: 'Personenstand', en: 'Civil status' },
  since: { nl: 'sinds {date}', fr: 'depuis le {date}', de: 'seit {date}', en: 'since {date}' },
  from: { nl: 'Van', fr: 'Du', de: 'Von', en: 'From' },
  until: { nl: 'Tot', fr: 'Au', de: 'Bis', en: 'Until' },
  present: { nl: 'heden', fr: 'à ce jour', de: 'heute', en: 'present' },
  history: {
    nl: 'Historiek van de hoofdverblijfplaats',
    fr: 'Historique de la résidence principale',
    de: 'Verlauf des Hauptwohnortes',
    en: 'History of the main residence',
  },
  historyHere: {
    nl: 'Historiek van de hoofdverblijfplaats in deze gemeente',
    fr: 'Historique de la résidence principale dans cette commune',
    de: 'Verlauf des Hauptwohnortes in dieser Gemeinde',
    en: 'History of the main residence in this municipality',
  },
  household: {
    nl: 'Samenstelling van het gezin',
    fr: 'Composition du ménage',
    de: 'Haushaltszusammensetzung',
    en: 'Household composition',
  },
  position: {
    nl: 'Plaats in het gezin',
    fr: 'Position dans le ménage',
    de: 'Stellung im Haushalt',
    en: 'Position in the household',
  },
  cohabitant: {
    nl: 'Wettelijk samenwonend met',
    fr: 'Cohabitant(e) légal(e) de',
    de: 'Gesetzlich zusammenwohnend mit',
    en: 'Legally cohabiting with',
  },
  burial: {
    nl: 'Wijze van teraardebestelling',
    fr: 'Mode de sépulture',
    de: 'Bestattungsart',
    en: 'Manner of burial',
  },
  ritual: { nl: 'Rituelen', fr: 'Rites', de: 'Riten', en: 'Rites' },
  burialStatement: {
    nl: 'Deze persoon heeft de volgende laatste wilsbeschikking over de wijze van teraardebestelling en/of rituelen laten registreren:',
    fr: 'Cette personne a fait enregistrer les dernières volontés suivantes quant au mode de sépulture et/ou aux rites :',
    de: 'Diese Person hat folgenden letzten Willen zur Bestattungsart und/oder zu den Riten registrieren lassen:',
    en: 'This person has had the following last wishes on the manner of burial and/or rites registered:',
  },
  noRites: { nl: 'Niet vermeld', fr: 'Non mentionnés', de: 'Nicht angegeben', en: 'Not stated' },
  declared: {
    nl: 'Verklaring afgelegd',
    fr: 'Déclaration faite',
    de: 'Erklärung abgegeben',
    en: 'Declaration made',
  },
  declaredAt: {
    nl: 'te {place} op {date}',
    fr: 'à {place} le {date}',
    de: 'in {place} am {date}',
    en: 'in {place} on {date}',
  },
  declaredOn: { nl: 'op {date}', fr: 'le {date}', de: 'am {date}', en: 'on {date}' },
  deceased: { nl: 'Overleden op', fr: 'Décédé(e) le', de: 'Verstorben am', en: 'Died on' },
  abroad: { nl: '(buitenland)', fr: "(à l'étranger)", de: '(Ausland)', en: '(abroad)' },
  statement: {
    nl: 'Het college van burgemeester en schepenen verklaart op grond van het rijksregister van de natuurlijke personen:',
    fr: 'Le collège des bourgmestre et échevins déclare, sur la base du registre national des personnes physiques :',
    de: 'Das Bürgermeister- und Schöffenkollegium erklärt auf Grundlage des Nationalregisters der natürlichen Personen:',
    en: 'The board of mayor and aldermen declares, on the basis of the national register of natural persons:',
  },
  alive: {
    nl: 'Deze persoon is in leven.',
    fr: 'Cette personne est en vie.',
    de: 'Diese Person ist am Leben.',
    en: 'This person is alive.',
  },
  belgian: {
    nl: 'Deze persoon heeft de Belgische nationaliteit.',
    fr: 'Cette personne a la nationalité belge.',
    de: 'Diese Person besitzt die belgische Staatsangehörigkeit.',
    en: 'This person holds Belgian nationality.',
  },
  purpose: {
    nl: 'Afgeleverd voor: {purpose}',
    fr: 'Délivré pour : {purpose}',
    de: 'Ausgestellt für: {purpose}',
    en: 'Issued for: {purpose}',
  },
} satisfies Record<string, LocalizedText>;

/** Fills `{name}` placeholders in every language of a text. */
function fill(text: LocalizedText, params: Record<string, string>): LocalizedText {
  return Object.fromEntries(
    Object.entries(text).map(([l, v]) => [l, v.replace(/\{(\w+)\}/g, (w, k: string) => params[k] ?? w)]),
  ) as LocalizedText;
}

/** yyyy-mm-dd → dd.mm.yyyy (Belgian style, the same in every language). */
export function formatDate(iso: string | undefined): string {
  if (!iso) return '';
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  return m ? `${m[3]}.${m[2]}.${m[1]}` : iso;
}

/** INSZ shown as yy.mm.dd-sss.cc. */
export function formatInsz(insz: string): string {
  return insz.length === 11
    ? `${insz.slice(0, 2)}.${insz.slice(2, 4)}.${insz.slice(4, 6)}-${insz.slice(6, 9)}.${insz.slice(9)}`
    : insz;
}

const addressText = (a: AddressEntry): LocalizedText =>
  a.abroad
    ? fill(
        { nl: '{a} (buitenland)', fr: "{a} (à l'étranger)", de: '{a} (Ausland)', en: '{a} (abroad)' },
        { a: a.text },
      )
    : { nl: a.text };

function historyTable(addresses: AddressEntry[]): Block {
  return {
    type: 'table',
    header: [[L.from, L.until, L.address]],
    rows: addresses.map((a) => [
      formatDate(a.from),
      a.until ? formatDate(a.until) : L.present,
      addressText(a),
    ]),
    columnWidths: [1, 1, 4],
  };
}

/** The blocks of a certificate rendered from data. Pure: the tests read them without a PDF. */
export function certificateBlocks(data: CertificateData, purpose?: string): Block[] {
  const p = data.person;
  const blocks: Block[] = [
    { type: 'paragraph', text: L.statement },
    { type: 'heading', text: L.person },
    {
      type: 'keyValue',
      items: [
        { key: L.name, value: p.name },
        { key: L.insz, value: formatInsz(p.insz) },
        ...(p.birthDate ? [{ key: L.birth, value: formatDate(p.birthDate) }] : []),
        ...(p.birthPlace ? [{ key: L.birthPlace, value: p.birthPlace }] : []),
        ...(data.address ? [{ key: L.address, value: addressText(data.address) }] : []),
      ],
    },
  ];
  const nationality = () =>
    data.nationalities?.length
      ? [
          {
            type: 'keyValue' as const,
            items: data.nationalities.map((n) => ({
              key: L.nationality,
              value: [n.name ?? n.code, n.from ? `(${formatDate(n.from)})` : ''].filter(Boolean).join(' '),
            })),
          },
        ]
      : [];
  switch (data.certificate) {
    case 'belgische-nationaliteit':
    case 'verblijf-nationaliteit':
      blocks.push(...nationality(), { type: 'paragraph', text: L.belgian, bold: true });
      break;
    case 'leven':
      blocks.push({ type: 'paragraph', text: L.alive, bold: true });
      break;
    case 'verblijfplaats-huwelijk':
      blocks.push(...nationality());
      if (data.civilState) {
        blocks.push({
          type: 'keyValue',
          items: [
            {
              key: L.civilState,
              value: [
                data.civilState.name ?? data.civilState.code,
                data.civilState.from ? `(${formatDate(data.civilState.from)})` : '',
              ]
                .filter(Boolean)
                .join(' '),
            },
          ],
        });
      }
      break;
    case 'hoofdverblijfplaats-historiek':
      blocks.push({ type: 'heading', text: L.history }, historyTable(data.addresses ?? []));
      break;
    case 'hoofdverblijfplaats-historiek-gemeente':
      blocks.push({ type: 'heading', text: L.historyHere }, historyTable(data.addresses ?? []));
      break;
    case 'gezinssamenstelling':
      blocks.push(
        { type: 'heading', text: L.household },
        {
          type: 'table',
          header: [[L.name, L.insz, L.birth, L.position]],
          rows: (data.household ?? []).map((m) => [
            m.name,
            formatInsz(m.insz),
            formatDate(m.birthDate),
            m.position ?? '',
          ]),
          columnWidths: [2.4, 2.6, 1.3, 2.1],
        },
      );
      break;
    case 'wettelijke-samenwoning':
      if (data.cohabitant) {
        blocks.push({
          type: 'keyValue',
          items: [
            { key: L.cohabitant, value: `${data.cohabitant.name} (${formatInsz(data.cohabitant.insz)})` },
          ],
        });
      }
      break;
    case 'teraardebestelling':
      if (data.burial) {
        const b = data.burial;
        const date = formatDate(b.declaredOn);
        const declared = b.registeredIn
          ? date
            ? fill(L.declaredAt, { place: b.registeredIn, date })
            : { nl: b.registeredIn }
          : date
            ? fill(L.declaredOn, { date })
            : undefined;
        blocks.push(
          { type: 'paragraph', text: L.burialStatement },
          {
            type: 'keyValue',
            items: [
              ...(p.deathDate ? [{ key: L.deceased, value: formatDate(p.deathDate) }] : []),
              { key: L.burial, value: b.mode },
              { key: L.ritual, value: b.ritual ?? L.noRites },
              ...(declared ? [{ key: L.declared, value: declared }] : []),
            ],
          },
        );
      }
      break;
    default:
      break;
  }
  if (purpose)
    blocks.push({ type: 'spacer' }, { type: 'paragraph', text: fill(L.purpose, { purpose }), size: 9 });
  return blocks;
}

/** The renderer of one certificate: layout from data, in the language the requester chose. */
export function createBevolkingRenderer(key: AnyCertificateKey): RendererDefinition {
  const localeOf = (model: RenderModel): Locale =>
    (model.request.form as Partial<BevolkingForm>).language ?? model.locale;
  return createCertificateRenderer({
    id: `bevolking.${key}`,
    layout: (model: RenderModel): CertificateSpec => {
      const locale = localeOf(model);
      return {
        municipality: model.municipality,
        locale,
        title: CERTIFICATES[key].title,
        blocks: certificateBlocks(model.data as CertificateData, model.request.purpose),
        issuedAt: model.issuedAt,
        verification: model.verification,
        metadata: { subject: CERTIFICATES[key].title[locale] ?? CERTIFICATES[key].title.nl },
      };
    },
    fileName: (model) => certificateFileName(key, localeOf(model), model.request.reference),
  });
}
