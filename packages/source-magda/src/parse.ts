/** Parsing of MAGDA answers into typed results. */
import { XMLParser } from 'fast-xml-parser';
import type { MagdaUitzondering } from './uitzonderingen.js';
import { arr, text } from './xml.js';

type Node = Record<string, unknown>;

const parser = new XMLParser({
  removeNSPrefix: true,
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
});

/** Parses XML to plain objects; every value stays a string (INSZ keep leading zeros). */
export function parseXml(xml: string): Node {
  return parser.parse(xml) as Node;
}

export const obj = (v: unknown): Node => (v && typeof v === 'object' ? (v as Node) : {});

/** Reads the Uitzonderingen under a node. */
export function uitzonderingen(node: unknown): MagdaUitzondering[] {
  return arr(obj(obj(node).Uitzonderingen).Uitzondering).map((u) => {
    const x = obj(u);
    return {
      identificatie: text(x.Identificatie) ?? '',
      oorsprong: text(x.Oorsprong) ?? '',
      type: (text(x.Type) ?? 'FOUT') as MagdaUitzondering['type'],
      diagnose: text(x.Diagnose) ?? '',
    };
  });
}

// ── typed data ────────────────────────────────────────────────────────────────────────────

/** A person's name as MAGDA gives it. */
export interface MagdaNaam {
  voornamen: string[];
  achternaam: string;
}

export interface MagdaCode {
  code: string;
  omschrijving?: string;
}

/** An address (Belgian: street and municipality; abroad: `buitenland` text lines). */
export interface MagdaAdres {
  begin?: string;
  einde?: string;
  straat?: string;
  huisnummer?: string;
  busnummer?: string;
  postcode?: string;
  gemeente?: string;
  nisGemeente?: string;
  land?: string;
  nisLand?: string;
  buitenland?: string[];
}

/** GeefPersoon's answer, typed for what SmartLoket reads. `raw` keeps the full answer. */
export interface MagdaPersoon {
  insz: string;
  naam: MagdaNaam;
  geslacht?: 'M' | 'V';
  geboortedatum?: string;
  geboorteplaats?: string;
  overlijden?: { datum?: string; plaats?: string };
  nationaliteiten: (MagdaCode & { begin?: string })[];
  burgerlijkeStaat?: MagdaCode & { begin?: string; partnerInsz?: string };
  hoofdverblijfplaats?: MagdaAdres;
  referentiepersoon?: { insz: string; positie?: MagdaCode };
  /** The declared last wish on burial and rites (`LijkbezorgingEnRitueel`), when registered. */
  lijkbezorging?: MagdaLijkbezorging;
  raw: unknown;
}

/** `LijkbezorgingEnRitueel` (PersoonGemeenschappelijk-v3.xsd): a last wish on burial and rites. */
export interface MagdaLijkbezorging {
  /** `WijzeVanLijkbezorging`: the way of burial (Code, Omschrijving). */
  wijze: MagdaCode;
  /** `Ritueel`: the rites (levensbeschouwing), when declared. */
  ritueel?: MagdaCode;
  /** `PlaatsRegistratie`: the municipality where the wish was registered. */
  plaatsRegistratie?: { nisCode?: string; naam?: string };
  /** `DatumDocument`: the date of the declaration. */
  datumDocument?: string;
  begin?: string;
  einde?: string;
}

export interface MagdaGezinslid {
  insz: string;
  naam: MagdaNaam;
  geslacht?: 'M' | 'V';
  geboortedatum?: string;
  positie?: MagdaCode;
}

export interface MagdaHistoriekPersoon {
  insz: string;
  namen: MagdaNaam[];
  nationaliteiten: (MagdaCode & { begin?: string; einde?: string })[];
  burgerlijkeStaten: (MagdaCode & { begin?: string; einde?: string; partnerInsz?: string })[];
  adressen: MagdaAdres[];
  overlijden?: { datum?: string };
  raw: unknown;
}

export interface MagdaFunctie {
  kbo: string;
  insz?: string;
  aardFunctie: MagdaCode;
  begin?: string;
  einde?: string;
}

export interface MagdaAkteSynopsis {
  documentReferte?: string;
  documentType: string;
  documentStatus: string;
  datumCreatie?: string;
  gemeenteVanOpmaak?: string;
  betrokkenen: { insz?: string; rol?: string }[];
}

const code = (v: unknown): MagdaCode | undefined => {
  const x = obj(v);
  const c = text(x.Code);
  if (c === undefined) return undefined;
  const o = text(x.Omschrijving);
  return o === undefined ? { code: c } : { code: c, omschrijving: o };
};

const sex = (v: unknown): 'M' | 'V' | undefined => {
  const c = text(obj(v).Code);
  return c === '1' ? 'M' : c === '2' ? 'V' : undefined;
};

export function naam(v: unknown): MagdaNaam {
  const x = obj(v);
  return {
    voornamen: arr(obj(x.Voornamen).Voornaam).map((n) => text(n) ?? ''),
    achternaam: arr(obj(x.Achternamen).Achternaam)
      .map((n) => text(n) ?? '')
      .join(' '),
  };
}

const attrs = (v: unknown) => {
  const x = obj(v);
  const out: { begin?: string; einde?: string } = {};
  if (typeof x['@DatumBegin'] === 'string') out.begin = x['@DatumBegin'];
  if (typeof x['@DatumEinde'] === 'string') out.einde = x['@DatumEinde'];
  return out;
};

function strip<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

export function adres(v: unknown, abroad = false): MagdaAdres {
  const x = obj(v);
  if (abroad) {
    return strip({
      ...attrs(v),
      land: text(obj(x.Land).Naam),
      nisLand: text(obj(x.Land).NISCode),
      buitenland: arr(obj(x.Teksten).Tekst).map((t) => text(t) ?? ''),
    });
  }
  return strip({
    ...attrs(v),
    straat: text(obj(x.Straatnaam).String),
    huisnummer: text(x.Huisnummer),
    busnummer: text(x.Busnummer),
    postcode: text(x.Postcode),
    gemeente: text(obj(x.Gemeentenaam).String),
    nisGemeente: text(x.NISCodeGemeente),
    land: text(obj(x.Land).String),
    nisLand: text(x.NISCodeLand),
  });
}

export function persoon(v: unknown): MagdaPersoon {
  const x = obj(v);
  const bs = arr(obj(x.BurgerlijkeStaten).BurgerlijkeStaat).at(-1);
  const adressen = obj(x.Adressen);
  const hvp = arr(adressen.Hoofdverblijfplaats).at(-1);
  const buitenland = arr(adressen.VerblijfplaatsBuitenland).at(-1);
  const geboorte = obj(x.Geboorte);
  const overlijden = x.Overlijden ? obj(x.Overlijden) : undefined;
  const ref = x.Referentiepersoon ? obj(x.Referentiepersoon) : undefined;
  return strip({
    insz: text(x.INSZ) ?? '',
    naam: naam(x.Naam),
    geslacht: sex(x.Geslacht),
    geboortedatum: text(geboorte.Datum),
    geboorteplaats:
      text(obj(obj(geboorte.Plaats).Gemeente).Naam) ?? text(obj(obj(geboorte.Plaats).Land).Naam),
    overlijden: overlijden
      ? strip({ datum: text(overlijden.Datum), plaats: text(obj(obj(overlijden.Plaats).Gemeente).Naam) })
      : undefined,
    nationaliteiten: arr(obj(x.Nationaliteiten).Nationaliteit).map((n) => ({
      ...(code(n) ?? { code: '' }),
      ...attrs(n),
    })),
    burgerlijkeStaat: bs
      ? strip({ ...(code(bs) ?? { code: '' }), ...attrs(bs), partnerInsz: text(obj(obj(bs).Partner).INSZ) })
      : undefined,
    hoofdverblijfplaats: hvp ? adres(hvp) : buitenland ? adres(buitenland, true) : undefined,
    referentiepersoon: ref ? strip({ insz: text(ref.INSZ) ?? '', positie: code(ref.Positie) }) : undefined,
    lijkbezorging: lijkbezorging(x.LijkbezorgingEnRitueel),
    raw: v,
  });
}

/** Reads `LijkbezorgingEnRitueel`; undefined without a `WijzeVanLijkbezorging` code. */
export function lijkbezorging(v: unknown): MagdaLijkbezorging | undefined {
  const x = obj(v);
  const wijze = code(x.WijzeVanLijkbezorging);
  if (!wijze) return undefined;
  const plaats = x.PlaatsRegistratie
    ? strip({ nisCode: text(obj(x.PlaatsRegistratie).NISCode), naam: text(obj(x.PlaatsRegistratie).Naam) })
    : undefined;
  return strip({
    wijze,
    ritueel: code(x.Ritueel),
    plaatsRegistratie: plaats,
    datumDocument: text(x.DatumDocument),
    ...attrs(v),
  });
}

export function gezinsleden(v: unknown): MagdaGezinslid[] {
  return arr(obj(obj(v).Gezinsleden).Gezinslid).map((g) => {
    const x = obj(g);
    return strip({
      insz: text(x.INSZ) ?? '',
      naam: naam(x.Naam),
      geslacht: sex(x.Geslacht),
      geboortedatum: text(x.Geboortedatum),
      positie: code(x.Positie),
    });
  });
}

export function historiek(v: unknown): MagdaHistoriekPersoon {
  const x = obj(v);
  const ha = obj(x.HistoriekAdressen);
  const overlijden = arr(obj(x.HistoriekOverlijden).Overlijden).at(-1);
  return strip({
    insz: text(x.INSZ) ?? '',
    namen: arr(obj(x.HistoriekNaam).Naam).map(naam),
    nationaliteiten: arr(obj(x.HistoriekNationaliteit).Nationaliteit).map((n) => ({
      ...(code(n) ?? { code: '' }),
      ...attrs(n),
    })),
    burgerlijkeStaten: arr(obj(x.HistoriekBurgerlijkeStaat).BurgerlijkeStaat).map((b) =>
      strip({ ...(code(b) ?? { code: '' }), ...attrs(b), partnerInsz: text(obj(obj(b).Partner).INSZ) }),
    ),
    adressen: [
      ...arr(obj(ha.HistoriekHoofdverblijfplaats).Hoofdverblijfplaats).map((a) => adres(a)),
      ...arr(obj(ha.HistoriekVerblijfplaatsBuitenland).VerblijfplaatsBuitenland).map((a) => adres(a, true)),
    ].sort((a, b) => (a.begin ?? '').localeCompare(b.begin ?? '')),
    overlijden: overlijden ? strip({ datum: text(obj(overlijden).Datum) }) : undefined,
    raw: v,
  });
}

export function functies(v: unknown): MagdaFunctie[] {
  return arr(obj(obj(v).Functies).Functie).map((f) => {
    const x = obj(f);
    return strip({
      kbo: text(x.FunctiehouderVan) ?? '',
      insz: text(x.INSZ),
      aardFunctie: code(x.AardFunctie) ?? { code: '' },
      begin: text(obj(x.Periode).Begin),
      einde: text(obj(x.Periode).Einde),
    });
  });
}

const partieel = (v: unknown): string | undefined => {
  const x = obj(v);
  const j = text(x.Jaar);
  if (!j) return undefined;
  return [j, text(x.Maand), text(x.Dag)].filter(Boolean).join('-');
};

export function akteSynopses(v: unknown): MagdaAkteSynopsis[] {
  return arr(obj(obj(v).AkteBurgerlijkeStandSynopsisLijst).AkteBurgerlijkeStandSynopsis).map((s) => {
    const x = obj(s);
    return strip({
      documentReferte: text(x.DocumentReferte),
      documentType: text(obj(x.DocumentType).Code) ?? text(x.DocumentType) ?? '',
      documentStatus: text(obj(x.DocumentStatus).Code) ?? text(x.DocumentStatus) ?? '',
      datumCreatie: partieel(x.DatumCreatie),
      gemeenteVanOpmaak: text(x.GemeenteVanOpmaak),
      betrokkenen: arr(obj(x.BetrokkenPersonen).BetrokkenPersoon).map((b) =>
        strip({ insz: text(obj(b).INSZ), rol: text(obj(obj(b).Rol).Code) ?? text(obj(b).Rol) }),
      ),
    });
  });
}
