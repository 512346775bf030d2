/** Answers of the simulator, shaped like MAGDA's (see the official mock's response files). */
import {
  BURIAL_MODES,
  CIVIL_STATES,
  DEMO_MUNICIPALITY,
  HOUSEHOLD_POSITIONS,
  householdOf,
  type KboFunction,
  OTHER_MUNICIPALITY,
  type Person,
  personByInsz,
  type ResidencePeriod,
  RITUALS,
} from '@smartloket/dev-population';
import type { MagdaServiceInfo } from '@smartloket/source-magda';
import { tijdstip, UITZONDERING_RULES } from '@smartloket/source-magda';
import { el } from '@smartloket/source-magda/xml';

const NS_SOAP = 'http://schemas.xmlsoap.org/soap/envelope/';

/** A SOAP Fault (HTTP 500). */
export function faultXml(faultcode: string, faultstring: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope xmlns:soapenv="${NS_SOAP}"><soapenv:Body><soapenv:Fault>${el('faultcode', faultcode)}${el('faultstring', faultstring)}</soapenv:Fault></soapenv:Body></soapenv:Envelope>`;
}

export interface Question {
  service: MagdaServiceInfo;
  referte: string;
  vraagReferte: string;
  afzender: { identificatie: string; hoedanigheid?: string };
}

export function uitzonderingXml(
  code: string,
  at: Date,
  type?: 'FOUT' | 'WAARSCHUWING' | 'INFORMATIE',
): string {
  const rule = UITZONDERING_RULES[code];
  const t = tijdstip(at);
  return el('Uitzondering', [
    el('Identificatie', code),
    el('Oorsprong', code.startsWith('3') || code.startsWith('2') ? 'RR' : 'MAGDA'),
    el('Type', type ?? (rule?.kind === 'warning' ? 'WAARSCHUWING' : 'FOUT')),
    el('Tijdstip', [el('Datum', t.datum), el('Tijd', t.tijd)]),
    el('Diagnose', rule?.diagnose ?? 'Onverwachte fout'),
  ]);
}

/** A full answer envelope with Context, echoed Referte, and one Antwoord. */
export function answerXml(
  q: Question,
  at: Date,
  answer: { inhoud?: string; uitzonderingen?: string[] },
): string {
  const t = tijdstip(at);
  const context = el('Context', [
    el('Naam', q.service.naam),
    el('Versie', q.service.versie),
    el('Bericht', [
      el('Type', 'ANTWOORD'),
      el('Tijdstip', [el('Datum', t.datum), el('Tijd', t.tijd)]),
      el('Afzender', [
        el('Identificatie', 'vip.vlaanderen.be'),
        el('Naam', 'MagdaSimulator'),
        el('Referte', crypto.randomUUID()),
      ]),
      el('Ontvanger', [
        el('Identificatie', q.afzender.identificatie),
        el('Referte', q.referte),
        el('Hoedanigheid', q.afzender.hoedanigheid),
      ]),
    ]),
  ]);
  const antwoord = el('Antwoord', [
    el('Referte', q.vraagReferte),
    answer.inhoud !== undefined ? `<Inhoud>${answer.inhoud}</Inhoud>` : undefined,
    answer.uitzonderingen?.length ? el('Uitzonderingen', answer.uitzonderingen) : undefined,
  ]);
  const n = q.service.naam;
  return `<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope xmlns:soapenv="${NS_SOAP}"><soapenv:Body><m:${n}Response xmlns:m="${q.service.namespace}"><Repliek>${context}${el('Antwoorden', [antwoord])}</Repliek></m:${n}Response></soapenv:Body></soapenv:Envelope>`;
}

// ── person data ───────────────────────────────────────────────────────────────────────────

const naamXml = (p: Person, attrs?: Record<string, string>) =>
  el(
    'Naam',
    [
      el('Achternamen', [el('Achternaam', p.familyName)]),
      el(
        'Voornamen',
        p.givenNames.map((v) => el('Voornaam', v)),
      ),
    ],
    attrs,
  );
const geslachtXml = (sex: 'M' | 'V') =>
  el('Geslacht', [
    el('Code', sex === 'M' ? '1' : '2'),
    el('Omschrijving', sex === 'M' ? 'Mannelijk' : 'Vrouwelijk'),
  ]);
const plaatsXml = (place: Person['birthPlace']) =>
  el('Plaats', [
    place.nisCode ? el('Gemeente', [el('NISCode', place.nisCode), el('Naam', place.name)]) : undefined,
    el('Land', [
      el('NISCode', place.country.nisCode),
      el('ISOCode', place.country.iso),
      el('Naam', place.country.name),
    ]),
  ]);

/**
 * The Belgian diplomatic post per country of residence (`DiplomatiekePost`). Den Haag's code is the
 * one in the official mock's sample; the others are assumed.
 */
const DIPLOMATIC_POSTS: Record<string, { code: string; name: string }> = {
  NLD: { code: '1402', name: 'Den Haag' },
  POL: { code: '1501', name: 'Warschau' },
  MAR: { code: '2301', name: 'Rabat' },
  ITA: { code: '1301', name: 'Rome' },
  SYR: { code: '2701', name: 'Beiroet' },
};

function residenceXml(r: ResidencePeriod): string {
  const attrs = { DatumBegin: r.from, DatumEinde: r.until };
  if ('address' in r) {
    const a = r.address;
    return el(
      'Hoofdverblijfplaats',
      [
        el('Straatnaam', [el('String', a.street), el('Taal', 'nl')]),
        el('Huisnummer', a.houseNumber),
        el('Busnummer', a.box),
        el('Gemeentenaam', [el('String', a.municipality), el('Taal', 'nl')]),
        el('Land', [el('String', 'BELGIE'), el('Taal', 'nl')]),
        el('Postcode', a.postcode),
        el('NISCodeLand', '150'),
        el('ISOCodeLand', 'BEL'),
        el('NISCodeGemeente', a.nisCode),
      ],
      attrs,
    );
  }
  const c = r.abroad.country;
  const land = el('Land', [el('NISCode', c.nisCode), el('ISOCode', c.iso), el('Naam', c.name)]);
  const post = DIPLOMATIC_POSTS[c.iso] ?? { code: c.nisCode, name: c.name };
  return el(
    'VerblijfplaatsBuitenland',
    [
      // Required by the schema: the Belgian diplomatic post of the country of residence.
      el('DiplomatiekePost', [el('Code', post.code), el('Omschrijving', post.name), land]),
      land,
      el(
        'Teksten',
        r.abroad.lines.map((l) => el('Tekst', l)),
      ),
    ],
    attrs,
  );
}

const burgerlijkeStaatXml = (c: Person['civilStates'][number], until?: string) => {
  const partner = c.partner ? personByInsz(c.partner) : undefined;
  return el(
    'BurgerlijkeStaat',
    [
      el('Code', c.code),
      el('Omschrijving', CIVIL_STATES[c.code].nl),
      partner
        ? el('Partner', [
            el('INSZ', partner.insz),
            naamXml(partner),
            geslachtXml(partner.sex),
            el('Geboortedatum', partner.birthDate),
          ])
        : undefined,
    ],
    { DatumBegin: c.from, DatumEinde: until },
  );
};

export function persoonXml(p: Person): string {
  const current = p.residences.at(-1);
  const household = householdOf(p.insz);
  const ref = household ? personByInsz(household.members[0]?.insz ?? '') : undefined;
  const position = household?.members.find((m) => m.insz === p.insz)?.position;
  const civil = p.civilStates.at(-1);
  return el('Persoon', [
    el('INSZ', p.insz),
    naamXml(p),
    geslachtXml(p.sex),
    el('Register', [
      el(
        'Code',
        p.register === 'bevolking'
          ? '01'
          : p.register === 'vreemdelingen'
            ? '02'
            : p.register === 'wacht'
              ? '03'
              : '05',
      ),
    ]),
    el(
      'Nationaliteiten',
      p.nationalities
        .filter((n) => !n.until)
        .map((n) =>
          el('Nationaliteit', [el('Code', n.code), el('Omschrijving', n.name)], { DatumBegin: n.from }),
        ),
    ),
    el('Geboorte', [el('Datum', p.birthDate), plaatsXml(p.birthPlace)], { DatumBegin: p.birthDate }),
    p.death ? el('Overlijden', [el('Datum', p.death.date), plaatsXml(p.death.place)]) : undefined,
    civil ? el('BurgerlijkeStaten', [burgerlijkeStaatXml(civil)]) : undefined,
    current && !p.death ? el('Adressen', [residenceXml({ ...current })]) : undefined,
    afstammingenXml(p),
    ref && position
      ? el(
          'Referentiepersoon',
          [
            el('INSZ', ref.insz),
            naamXml(ref),
            geslachtXml(ref.sex),
            el('Geboortedatum', ref.birthDate),
            el('Positie', [el('Code', position), el('Omschrijving', HOUSEHOLD_POSITIONS[position].nl)]),
          ],
          { DatumBegin: household?.members.find((m) => m.insz === p.insz)?.from ?? p.birthDate },
        )
      : undefined,
    lijkbezorgingXml(p),
  ]);
}

const MUNICIPALITY_NAMES: Record<string, string> = {
  [DEMO_MUNICIPALITY.nisCode]: DEMO_MUNICIPALITY.address.city,
  [OTHER_MUNICIPALITY.nisCode]: OTHER_MUNICIPALITY.name,
};

/**
 * The declared last wish on burial and rites (`LijkbezorgingEnRitueel`, XSD order: after
 * Referentiepersoon): the way of burial, the rites when declared, where and when it was registered.
 */
function lijkbezorgingXml(p: Person): string | undefined {
  const w = p.burialWishes;
  if (!w) return undefined;
  const mode = BURIAL_MODES[w.mode];
  const ritual = w.ritual ? RITUALS[w.ritual] : undefined;
  const naam = MUNICIPALITY_NAMES[w.nisCode];
  return el(
    'LijkbezorgingEnRitueel',
    [
      el('WijzeVanLijkbezorging', [el('Code', mode.code), el('Omschrijving', mode.nl)]),
      ritual ? el('Ritueel', [el('Code', ritual.code), el('Omschrijving', ritual.nl)]) : undefined,
      el('PlaatsRegistratie', [el('NISCode', w.nisCode), naam ? el('Naam', naam) : undefined]),
      el('DatumDocument', w.declaredOn),
    ],
    { DatumBegin: w.declaredOn },
  );
}

/** Parents (Afstammingen), as GeefPersoon 02.02 gives them; absent when the register knows none. */
function afstammingenXml(p: Person): string | undefined {
  const parents = (p.parents ?? []).map((insz) => personByInsz(insz)).filter((x): x is Person => !!x);
  if (parents.length === 0) return undefined;
  return el('Afstammingen', [
    el(
      'Afstamming',
      [
        el('Type', [el('Code', '00'), el('Omschrijving', 'Kind')]),
        el(
          'Ouders',
          parents.map((o) =>
            el('Ouder', [
              el('INSZ', o.insz),
              naamXml(o),
              geslachtXml(o.sex),
              el('Geboortedatum', o.birthDate),
            ]),
          ),
        ),
      ],
      { DatumBegin: p.birthDate },
    ),
  ]);
}

export function gezinXml(p: Person): string | undefined {
  const household = householdOf(p.insz);
  if (!household) return undefined;
  return el(
    'Gezinsleden',
    household.members.map((m) => {
      const member = personByInsz(m.insz) as Person;
      return el(
        'Gezinslid',
        [
          el('INSZ', member.insz),
          naamXml(member),
          geslachtXml(member.sex),
          el('Geboortedatum', member.birthDate),
          el('Positie', [
            el('Code', m.position),
            el('Omschrijving', HOUSEHOLD_POSITIONS[m.position].nl, { Taal: 'nl' }),
          ]),
        ],
        { DatumBegin: m.from },
      );
    }),
  );
}

export function historiekXml(p: Person, vanaf: string): string {
  const inRange = <T extends { from: string; until?: string }>(x: T) => !x.until || x.until >= vanaf;
  const names = p.genderChange
    ? [
        el(
          'Naam',
          [
            el('Achternamen', [el('Achternaam', p.familyName)]),
            el(
              'Voornamen',
              p.genderChange.previousGivenNames.map((v) => el('Voornaam', v)),
            ),
          ],
          { DatumEinde: p.genderChange.date },
        ),
        naamXml(p, { DatumBegin: p.genderChange.date }),
      ]
    : [naamXml(p, { DatumBegin: p.birthDate })];
  const civil = p.civilStates.map((c, i) => burgerlijkeStaatXml(c, p.civilStates[i + 1]?.from));
  const residences = p.residences.filter(inRange);
  return el('HistoriekPersoon', [
    el('INSZ', p.insz),
    el('HistoriekNaam', names),
    el(
      'HistoriekNationaliteit',
      p.nationalities.map((n) =>
        el('Nationaliteit', [el('Code', n.code), el('Omschrijving', n.name)], {
          DatumBegin: n.from,
          DatumEinde: n.until,
        }),
      ),
    ),
    // XSD order: HistoriekOverlijden (a list) comes before HistoriekBurgerlijkeStaat.
    p.death
      ? el('HistoriekOverlijden', [el('Overlijden', [el('Datum', p.death.date), plaatsXml(p.death.place)])])
      : undefined,
    el('HistoriekBurgerlijkeStaat', civil),
    el('HistoriekAdressen', [
      el('HistoriekHoofdverblijfplaats', residences.filter((r) => 'address' in r).map(residenceXml)),
      residences.some((r) => 'abroad' in r)
        ? el('HistoriekVerblijfplaatsBuitenland', residences.filter((r) => 'abroad' in r).map(residenceXml))
        : undefined,
    ]),
  ]);
}

export function functiesXml(list: KboFunction[]): string {
  return el(
    'Functies',
    list.map((f, i) =>
      el('Functie', [
        el('AuthentiekeBron', [el('Code', '03'), el('Omschrijving', 'KBO')]),
        el('FunctiehouderVan', f.kbo),
        el('AanduidingPersoonOnderneming', [
          el('Code', '1'),
          el('Omschrijving', 'Vertegenwoordiging door natuurlijke persoon'),
        ]),
        el('INSZ', f.insz),
        // Required by the official schema: the function's sequence number, three characters.
        el('VolgNummer', String(i + 1).padStart(3, '0')),
        el('AardFunctie', [el('Code', f.code), el('Omschrijving', f.description)]),
        el('Periode', [el('Begin', f.from), el('Einde', f.until ?? '9999-12-31')]),
        el('AanduidingVrijstelling', [el('Code', 'N')]),
      ]),
    ),
  );
}
