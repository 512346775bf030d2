import type { Locale, LocalizedText } from '@smartloket/core';

/** The ten population certificates of the product. */
export const CERTIFICATE_KEYS = [
  'belgische-nationaliteit',
  'gezinssamenstelling',
  'hoofdverblijfplaats',
  'hoofdverblijfplaats-historiek-gemeente',
  'hoofdverblijfplaats-historiek',
  'leven',
  'verblijf-nationaliteit',
  'verblijfplaats-huwelijk',
  'wettelijke-samenwoning',
  'teraardebestelling',
] as const;

/** Extras the Rijksregister also offers; off unless listed in the plugin option `extras`. */
export const EXTRA_KEYS = ['belgisch-kiezer', 'uittreksel-registers'] as const;

export type CertificateKey = (typeof CERTIFICATE_KEYS)[number];
export type ExtraKey = (typeof EXTRA_KEYS)[number];
export type AnyCertificateKey = CertificateKey | ExtraKey;

/** What the plugin knows about one certificate. */
export interface CertificateInfo {
  key: AnyCertificateKey;
  title: LocalizedText;
  description: LocalizedText;
  /**
   * The Rijksregister model name for GeefAttest (as MAGDA spells it), or undefined when the
   * Rijksregister has no model and the certificate is always rendered from raw data.
   */
  attest?: string | undefined;
  /** Whether the municipality can render it from raw data (all ten; not the extras). */
  renderable: boolean;
}

const t = (nl: string, fr: string, en: string, de: string): LocalizedText => ({ nl, fr, en, de });

/** The certificates, in catalogue order. */
export const CERTIFICATES: Record<AnyCertificateKey, CertificateInfo> = {
  'belgische-nationaliteit': {
    key: 'belgische-nationaliteit',
    title: t(
      'Attest van Belgische nationaliteit',
      'Certificat de nationalité belge',
      'Certificate of Belgian nationality',
      'Bescheinigung der belgischen Staatsangehörigkeit',
    ),
    description: t(
      'Bewijst dat u de Belgische nationaliteit hebt.',
      'Prouve que vous avez la nationalité belge.',
      'Proves that you hold Belgian nationality.',
      'Beweist, dass Sie die belgische Staatsangehörigkeit besitzen.',
    ),
    attest: 'Belgische nationaliteit',
    renderable: true,
  },
  gezinssamenstelling: {
    key: 'gezinssamenstelling',
    title: t(
      'Attest van gezinssamenstelling',
      'Certificat de composition de ménage',
      'Certificate of household composition',
      'Bescheinigung der Haushaltszusammensetzung',
    ),
    description: t(
      'Vermeldt wie er op uw adres tot uw gezin behoort.',
      'Indique qui fait partie de votre ménage à votre adresse.',
      'States who belongs to your household at your address.',
      'Gibt an, wer an Ihrer Adresse zu Ihrem Haushalt gehört.',
    ),
    attest: 'Gezinssamenstelling',
    renderable: true,
  },
  hoofdverblijfplaats: {
    key: 'hoofdverblijfplaats',
    title: t(
      'Attest van hoofdverblijfplaats',
      'Certificat de résidence principale',
      'Certificate of main residence',
      'Bescheinigung des Hauptwohnortes',
    ),
    description: t(
      'Bewijst waar u officieel woont.',
      'Prouve où vous résidez officiellement.',
      'Proves where you officially live.',
      'Beweist, wo Sie offiziell wohnen.',
    ),
    attest: 'Hoofdverblijfplaats',
    renderable: true,
  },
  'hoofdverblijfplaats-historiek-gemeente': {
    key: 'hoofdverblijfplaats-historiek-gemeente',
    title: t(
      'Attest van hoofdverblijfplaats met historiek in deze gemeente',
      'Certificat de résidence principale avec historique dans cette commune',
      'Certificate of main residence with history in this municipality',
      'Bescheinigung des Hauptwohnortes mit Verlauf in dieser Gemeinde',
    ),
    description: t(
      'Vermeldt uw adressen in deze gemeente, met de data.',
      'Indique vos adresses dans cette commune, avec les dates.',
      'Lists your addresses in this municipality, with dates.',
      'Gibt Ihre Adressen in dieser Gemeinde mit Daten an.',
    ),
    renderable: true,
  },
  'hoofdverblijfplaats-historiek': {
    key: 'hoofdverblijfplaats-historiek',
    title: t(
      'Attest van hoofdverblijfplaats met volledige historiek',
      'Certificat de résidence principale avec historique complet',
      'Certificate of main residence with full history',
      'Bescheinigung des Hauptwohnortes mit vollständigem Verlauf',
    ),
    description: t(
      'Vermeldt al uw adressen in België en in het buitenland, met de data.',
      "Indique toutes vos adresses en Belgique et à l'étranger, avec les dates.",
      'Lists all your addresses in Belgium and abroad, with dates.',
      'Gibt alle Ihre Adressen in Belgien und im Ausland mit Daten an.',
    ),
    attest: 'Hoofdverblijfplaats met historiek',
    renderable: true,
  },
  leven: {
    key: 'leven',
    title: t('Attest van leven', 'Certificat de vie', 'Certificate of life', 'Lebensbescheinigung'),
    description: t(
      'Bewijst dat u in leven bent.',
      'Prouve que vous êtes en vie.',
      'Proves that you are alive.',
      'Beweist, dass Sie am Leben sind.',
    ),
    attest: 'Leven',
    renderable: true,
  },
  'verblijf-nationaliteit': {
    key: 'verblijf-nationaliteit',
    title: t(
      'Attest van verblijf en Belgische nationaliteit',
      'Certificat de résidence et de nationalité belge',
      'Certificate of residence and Belgian nationality',
      'Bescheinigung des Wohnsitzes und der belgischen Staatsangehörigkeit',
    ),
    description: t(
      'Bewijst waar u woont en dat u Belg bent.',
      'Prouve où vous habitez et que vous êtes belge.',
      'Proves where you live and that you are Belgian.',
      'Beweist, wo Sie wohnen und dass Sie Belgier sind.',
    ),
    renderable: true,
  },
  'verblijfplaats-huwelijk': {
    key: 'verblijfplaats-huwelijk',
    title: t(
      'Attest van verblijfplaats met het oog op een huwelijk',
      'Certificat de résidence en vue d’un mariage',
      'Certificate of residence with a view to marriage',
      'Wohnsitzbescheinigung im Hinblick auf eine Eheschließung',
    ),
    description: t(
      'Voor de aangifte van een huwelijk: uw woonplaats en burgerlijke staat.',
      'Pour la déclaration de mariage : votre résidence et votre état civil.',
      'For the declaration of marriage: your residence and civil status.',
      'Für die Eheerklärung: Ihr Wohnsitz und Ihr Personenstand.',
    ),
    attest: 'Verblijfplaats met oog op een huwelijk',
    renderable: true,
  },
  'wettelijke-samenwoning': {
    key: 'wettelijke-samenwoning',
    title: t(
      'Attest van wettelijke samenwoning',
      'Certificat de cohabitation légale',
      'Certificate of legal cohabitation',
      'Bescheinigung des gesetzlichen Zusammenwohnens',
    ),
    description: t(
      'Bewijst dat u een verklaring van wettelijke samenwoning hebt afgelegd.',
      'Prouve que vous avez fait une déclaration de cohabitation légale.',
      'Proves that you made a declaration of legal cohabitation.',
      'Beweist, dass Sie eine Erklärung des gesetzlichen Zusammenwohnens abgegeben haben.',
    ),
    attest: 'Wettelijke samenwoning',
    renderable: true,
  },
  teraardebestelling: {
    key: 'teraardebestelling',
    title: t(
      'Attest van wijze van teraardebestelling en/of rituelen',
      'Certificat du mode de sépulture et/ou des rites',
      'Certificate of the manner of burial and/or rites',
      'Bescheinigung der Bestattungsart und/oder Riten',
    ),
    description: t(
      'Vermeldt uw laatste wilsbeschikking over begraving of crematie en rituelen.',
      'Indique vos dernières volontés concernant l’inhumation ou l’incinération et les rites.',
      'States your last wishes on burial or cremation and rites.',
      'Gibt Ihren letzten Willen zu Bestattung oder Einäscherung und Riten an.',
    ),
    // Assumed name (DOMAIN.md): configurable through `attestNames`.
    attest: 'Wijze teraardebestelling',
    renderable: true,
  },
  'belgisch-kiezer': {
    key: 'belgisch-kiezer',
    title: t(
      'Attest van Belgisch kiezer',
      "Certificat d'électeur belge",
      'Certificate of Belgian voter',
      'Bescheinigung als belgischer Wähler',
    ),
    description: t(
      'Bewijst dat u kiezer bent in België.',
      'Prouve que vous êtes électeur en Belgique.',
      'Proves that you are a voter in Belgium.',
      'Beweist, dass Sie in Belgien Wähler sind.',
    ),
    attest: 'Belgisch kiezer',
    renderable: false,
  },
  'uittreksel-registers': {
    key: 'uittreksel-registers',
    title: t(
      'Uittreksel uit de registers',
      'Extrait des registres',
      'Extract from the registers',
      'Auszug aus den Registern',
    ),
    description: t(
      'Uittreksel uit de bevolkingsregisters.',
      'Extrait des registres de la population.',
      'Extract from the population registers.',
      'Auszug aus den Bevölkerungsregistern.',
    ),
    attest: 'Uittreksel registers',
    renderable: false,
  },
};

/** The request type id of a certificate. */
export const requestTypeId = (key: AnyCertificateKey): string => `bevolking.${key}`;

/**
 * The file name of a certificate in the document language, from its title without accents:
 * `certificat-de-composition-de-menage-SL-2026-000123.pdf`.
 */
export function certificateFileName(key: AnyCertificateKey, locale: Locale, reference: string): string {
  const title = CERTIFICATES[key].title;
  const slug = (title[locale] ?? title.nl)
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
  return `${slug}-${reference.replace(/[^\w.-]+/g, '_')}.pdf`;
}
