import {
  CIVIL_STATES,
  householdOf,
  type Language,
  type Person,
  personByInsz,
  type ResidencePeriod,
  residenceOn,
} from '@smartloket/dev-population';

/**
 * The wording of the simulated Rijksregister certificates (GeefAttest), in the language asked:
 * what the real ones show (see the domain notes in this package's README), no English.
 */

type L = Record<Language, string>;

const TITLES: Record<string, L> = {
  Gezinssamenstelling: {
    nl: 'Attest van gezinssamenstelling',
    fr: 'Certificat de composition de ménage',
    de: 'Bescheinigung der Haushaltszusammensetzung',
  },
  Hoofdverblijfplaats: {
    nl: 'Attest van hoofdverblijfplaats',
    fr: 'Certificat de résidence principale',
    de: 'Bescheinigung des Hauptwohnortes',
  },
  'Hoofdverblijfplaats met historiek': {
    nl: 'Attest van hoofdverblijfplaats met historiek',
    fr: 'Certificat de résidence principale avec historique',
    de: 'Bescheinigung des Hauptwohnortes mit Verlauf',
  },
  'Belgische nationaliteit': {
    nl: 'Attest van Belgische nationaliteit',
    fr: 'Certificat de nationalité belge',
    de: 'Bescheinigung der belgischen Staatsangehörigkeit',
  },
  Leven: { nl: 'Attest van leven', fr: 'Certificat de vie', de: 'Lebensbescheinigung' },
  'Wettelijke samenwoning': {
    nl: 'Attest van wettelijke samenwoning',
    fr: 'Certificat de cohabitation légale',
    de: 'Bescheinigung des gesetzlichen Zusammenwohnens',
  },
  'Verblijfplaats met oog op een huwelijk': {
    nl: 'Attest van verblijfplaats met het oog op een huwelijk',
    fr: 'Certificat de résidence en vue d’un mariage',
    de: 'Wohnsitzbescheinigung im Hinblick auf eine Eheschließung',
  },
  'Wijze teraardebestelling': {
    nl: 'Attest van wijze van teraardebestelling en rituelen',
    fr: 'Certificat du mode de sépulture et des rites',
    de: 'Bescheinigung der Bestattungsart und der Riten',
  },
  'Belgisch kiezer': {
    nl: 'Attest van Belgisch kiezer',
    fr: 'Certificat d’électeur belge',
    de: 'Bescheinigung als belgischer Wähler',
  },
  'Uittreksel registers': {
    nl: 'Uittreksel uit de registers',
    fr: 'Extrait des registres',
    de: 'Auszug aus den Registern',
  },
};

const W = {
  authority: {
    nl: 'Rijksregister — FOD Binnenlandse Zaken',
    fr: 'Registre national — SPF Intérieur',
    de: 'Nationalregister — FÖD Inneres',
  },
  named: { nl: 'De genaamde {name}', fr: 'Le/la nommé(e) {name}', de: 'Die Person {name}' },
  born: {
    nl: 'Geboren te {place}, op {date}',
    fr: 'Né(e) à {place}, le {date}',
    de: 'Geboren in {place}, am {date}',
  },
  insz: {
    nl: 'Rijksregisternummer {insz}',
    fr: 'Numéro de registre national {insz}',
    de: 'Nationalregisternummer {insz}',
  },
  address: {
    nl: 'Adres: {address}, sedert {date}',
    fr: 'Adresse : {address}, depuis le {date}',
    de: 'Adresse: {address}, seit {date}',
  },
  registered: {
    nl: 'is ingeschreven in de bevolkingsregisters van {place} sedert {date}',
    fr: 'est inscrit(e) dans les registres de la population de {place} depuis le {date}',
    de: 'ist seit {date} in den Bevölkerungsregistern von {place} eingetragen',
  },
  household: {
    nl: 'Samenstelling van het gezin op {date}:',
    fr: 'Composition du ménage au {date} :',
    de: 'Zusammensetzung des Haushalts am {date}:',
  },
  member: {
    nl: '{relation}: {name}, geboren op {date}',
    fr: '{relation} : {name}, né(e) le {date}',
    de: '{relation}: {name}, geboren am {date}',
  },
  history: {
    nl: 'Historiek van de hoofdverblijfplaats:',
    fr: 'Historique de la résidence principale :',
    de: 'Verlauf des Hauptwohnortes:',
  },
  belgian: { nl: 'Nationaliteit: Belg', fr: 'Nationalité : Belge', de: 'Staatsangehörigkeit: Belgier' },
  alive: {
    nl: 'Deze persoon is in leven.',
    fr: 'Cette personne est en vie.',
    de: 'Diese Person ist am Leben.',
  },
  civil: { nl: 'Burgerlijke staat: {state}', fr: 'État civil : {state}', de: 'Personenstand: {state}' },
  cohabiting: {
    nl: 'Wettelijk samenwonend met {name} sedert {date}',
    fr: 'Cohabitation légale avec {name} depuis le {date}',
    de: 'Gesetzlich zusammenwohnend mit {name} seit {date}',
  },
  burial: {
    nl: 'Wijze van teraardebestelling: {mode}',
    fr: 'Mode de sépulture : {mode}',
    de: 'Bestattungsart: {mode}',
  },
  rites: { nl: 'Rituelen: {rites}', fr: 'Rites : {rites}', de: 'Riten: {rites}' },
  burialRegistered: {
    nl: 'Verklaring geregistreerd op {date}',
    fr: 'Déclaration enregistrée le {date}',
    de: 'Erklärung registriert am {date}',
  },
  voter: { nl: 'Kiezer', fr: 'Électeur', de: 'Wähler' },
  none: {
    nl: 'Geen geregistreerde informatie',
    fr: 'Aucune information enregistrée',
    de: 'Keine registrierten Angaben',
  },
  abroad: { nl: 'buitenland', fr: 'étranger', de: 'Ausland' },
  madeOn: {
    nl: 'Opmaak attest op {date}',
    fr: 'Certificat établi le {date}',
    de: 'Bescheinigung erstellt am {date}',
  },
} satisfies Record<string, L>;

const RELATIONS: Record<string, { M: L; V: L }> = {
  '01': {
    M: { nl: 'Referentiepersoon', fr: 'Personne de référence', de: 'Bezugsperson' },
    V: { nl: 'Referentiepersoon', fr: 'Personne de référence', de: 'Bezugsperson' },
  },
  '02': {
    M: { nl: 'Echtgenoot', fr: 'Époux', de: 'Ehemann' },
    V: { nl: 'Echtgenote', fr: 'Épouse', de: 'Ehefrau' },
  },
  '03': { M: { nl: 'Zoon', fr: 'Fils', de: 'Sohn' }, V: { nl: 'Dochter', fr: 'Fille', de: 'Tochter' } },
  '06': { M: { nl: 'Vader', fr: 'Père', de: 'Vater' }, V: { nl: 'Moeder', fr: 'Mère', de: 'Mutter' } },
  '09': { M: { nl: 'Broer', fr: 'Frère', de: 'Bruder' }, V: { nl: 'Zus', fr: 'Sœur', de: 'Schwester' } },
  '12': {
    M: { nl: 'Niet-verwant', fr: 'Non apparenté', de: 'Nicht verwandt' },
    V: { nl: 'Niet-verwant', fr: 'Non apparentée', de: 'Nicht verwandt' },
  },
  '21': {
    M: { nl: 'Partner', fr: 'Partenaire', de: 'Partner' },
    V: { nl: 'Partner', fr: 'Partenaire', de: 'Partnerin' },
  },
  '22': {
    M: { nl: 'Wettelijk samenwonende', fr: 'Cohabitant légal', de: 'Gesetzlich Zusammenwohnender' },
    V: { nl: 'Wettelijk samenwonende', fr: 'Cohabitante légale', de: 'Gesetzlich Zusammenwohnende' },
  },
};

const BURIAL: Record<string, L> = {
  begraving: { nl: 'begraving', fr: 'inhumation', de: 'Erdbestattung' },
  'crematie-bijzetting': {
    nl: 'crematie met bijzetting',
    fr: 'crémation avec inhumation de l’urne',
    de: 'Einäscherung mit Urnenbeisetzung',
  },
  'crematie-verstrooiing': {
    nl: 'crematie met verstrooiing',
    fr: 'crémation avec dispersion',
    de: 'Einäscherung mit Verstreuung',
  },
  'crematie-bewaring': {
    nl: 'crematie met bewaring van de as',
    fr: 'crémation avec conservation des cendres',
    de: 'Einäscherung mit Aufbewahrung der Asche',
  },
};

const RITES: Record<string, L> = {
  katholiek: { nl: 'katholiek', fr: 'catholique', de: 'katholisch' },
  protestants: { nl: 'protestants', fr: 'protestant', de: 'protestantisch' },
  joods: { nl: 'israëlitisch', fr: 'israélite', de: 'israelitisch' },
  anglicaans: { nl: 'anglicaans', fr: 'anglican', de: 'anglikanisch' },
  islamitisch: { nl: 'islamitisch', fr: 'islamique', de: 'islamisch' },
  orthodox: { nl: 'orthodox', fr: 'orthodoxe', de: 'orthodox' },
  vrijzinnig: {
    nl: 'niet-confessioneel (vrijzinnig)',
    fr: 'non confessionnel (laïque)',
    de: 'nichtkonfessionell (freisinnig)',
  },
};

/** yyyy-mm-dd → dd.mm.yyyy, as the Rijksregister prints dates. */
export function belgianDate(iso: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  return m ? `${m[3]}.${m[2]}.${m[1]}` : iso;
}

const fill = (text: string, params: Record<string, string>) =>
  text.replace(/\{(\w+)\}/g, (w, k: string) => params[k] ?? w);
const inszText = (i: string) =>
  `${i.slice(0, 2)}.${i.slice(2, 4)}.${i.slice(4, 6)} ${i.slice(6, 9)}-${i.slice(9)}`;
const fullName = (p: Person) => `${p.familyName}, ${p.givenNames.join(' ')}`;

function addressText(r: ResidencePeriod, lang: Language): string {
  if ('abroad' in r) return `${r.abroad.lines.join(', ')} (${W.abroad[lang]}: ${r.abroad.country.name})`;
  const a = r.address;
  return `${a.street} ${a.houseNumber}${a.box ? ` bus ${a.box}` : ''}, ${a.postcode} ${a.municipality}`;
}

/** The title of a GeefAttest model in a language. */
export function attestTitle(model: string, lang: Language): string {
  return TITLES[model]?.[lang] ?? model;
}

/** The issuing authority as printed, in a language. */
export function attestAuthority(lang: Language): string {
  return W.authority[lang];
}

/** The body lines of a simulated GeefAttest document about `p`, in `lang`, made on `issuedAt`. */
export function attestLines(model: string, p: Person, lang: Language, issuedAt: Date): string[] {
  const today = issuedAt.toISOString().slice(0, 10);
  const residence = residenceOn(p);
  const lines = [
    fill(W.named[lang], { name: fullName(p) }),
    fill(W.born[lang], { place: p.birthPlace.name, date: belgianDate(p.birthDate) }),
    fill(W.insz[lang], { insz: inszText(p.insz) }),
  ];
  if (residence)
    lines.push(
      fill(W.address[lang], { address: addressText(residence, lang), date: belgianDate(residence.from) }),
    );
  switch (model) {
    case 'Gezinssamenstelling': {
      lines.push('', fill(W.household[lang], { date: belgianDate(today) }));
      for (const m of householdOf(p.insz)?.members ?? []) {
        const member = personByInsz(m.insz);
        if (!member) continue;
        lines.push(
          fill(W.member[lang], {
            relation: RELATIONS[m.position]?.[member.sex][lang] ?? m.position,
            name: fullName(member),
            date: belgianDate(member.birthDate),
          }),
        );
      }
      break;
    }
    case 'Hoofdverblijfplaats':
    case 'Verblijfplaats met oog op een huwelijk':
      if (residence && 'address' in residence)
        lines.push(
          fill(W.registered[lang], {
            place: residence.address.municipality,
            date: belgianDate(residence.from),
          }),
        );
      if (model !== 'Hoofdverblijfplaats') {
        const civil = p.civilStates.at(-1);
        if (civil)
          lines.push(
            fill(W.civil[lang], {
              state: `${CIVIL_STATES[civil.code][lang === 'fr' ? 'fr' : 'nl']} (${belgianDate(civil.from)})`,
            }),
          );
      }
      break;
    case 'Hoofdverblijfplaats met historiek':
      lines.push('', W.history[lang]);
      for (const r of p.residences) lines.push(`${belgianDate(r.from)}: ${addressText(r, lang)}`);
      break;
    case 'Belgische nationaliteit':
      lines.push(W.belgian[lang]);
      break;
    case 'Leven':
      lines.push(W.alive[lang]);
      break;
    case 'Wettelijke samenwoning': {
      const c = p.legalCohabitations?.find((x) => !x.until);
      const partner = c ? personByInsz(c.partner) : undefined;
      lines.push(
        partner && c
          ? fill(W.cohabiting[lang], { name: fullName(partner), date: belgianDate(c.from) })
          : W.none[lang],
      );
      break;
    }
    case 'Wijze teraardebestelling':
      if (!p.burialWishes) {
        lines.push(W.none[lang]);
        break;
      }
      lines.push(fill(W.burial[lang], { mode: BURIAL[p.burialWishes.mode]![lang] }));
      if (p.burialWishes.ritual)
        lines.push(fill(W.rites[lang], { rites: RITES[p.burialWishes.ritual]![lang] }));
      lines.push(fill(W.burialRegistered[lang], { date: belgianDate(p.burialWishes.declaredOn) }));
      break;
    case 'Belgisch kiezer':
      lines.push(W.voter[lang]);
      break;
    default:
      break;
  }
  lines.push('', fill(W.madeOn[lang], { date: belgianDate(today) }));
  return lines;
}
