/**
 * What the simulated DABS documents say: the title and the lines of a full copy (afschrift), a
 * Belgian extract (uittreksel) and the multilingual extract (CIEC Vienna Convention of 8 September
 * 1976 / EU 2016/1191 style) of each act type, in the language asked. What the real documents
 * show is written down in docs/reference/civil-status-documents.md; decision 1101.
 */
import {
  type ActPerson,
  type ActRole,
  type ActTypeKey,
  type CivilStatusAct,
  DEMO_MUNICIPALITY,
  type MarginalNote,
  OTHER_MUNICIPALITY,
  personByInsz,
} from '@smartloket/dev-population';

export type DabsLanguage = 'nl' | 'fr' | 'de';
/** A full copy, the Belgian extract, or the multilingual (international) extract. */
export type DabsDocumentKind = 'afschrift' | 'uittreksel' | 'internationaal';
type L = Record<DabsLanguage, string>;

/** The act types that have a multilingual extract (CIEC formulas A, B and C). */
export const MULTILINGUAL_ACT_TYPES: readonly ActTypeKey[] = ['geboorte', 'huwelijk', 'overlijden'];

const TYPE: Record<ActTypeKey, L> = {
  adoptie: { nl: 'akte van adoptie', fr: 'acte d’adoption', de: 'Adoptionsurkunde' },
  'belgische-nationaliteit': {
    nl: 'akte van Belgische nationaliteit',
    fr: 'acte de nationalité belge',
    de: 'Urkunde über die belgische Staatsangehörigkeit',
  },
  echtscheiding: { nl: 'akte van echtscheiding', fr: 'acte de divorce', de: 'Scheidungsurkunde' },
  'erkenning-kind': { nl: 'akte van erkenning', fr: 'acte de reconnaissance', de: 'Anerkennungsurkunde' },
  'erkenning-voor-geboorte': {
    nl: 'akte van erkenning vóór de geboorte',
    fr: 'acte de reconnaissance prénatale',
    de: 'Urkunde über die vorgeburtliche Anerkennung',
  },
  'gerechtelijke-afwezigheid': {
    nl: 'akte van gerechtelijke afwezigheid',
    fr: 'acte de déclaration d’absence',
    de: 'Urkunde über die gerichtliche Abwesenheitserklärung',
  },
  geslachtsverandering: {
    nl: 'akte van wijziging van de registratie van het geslacht',
    fr: 'acte de modification de l’enregistrement du sexe',
    de: 'Urkunde über die Änderung der Eintragung des Geschlechts',
  },
  'levenloos-kind': {
    nl: 'akte van een levenloos kind',
    fr: 'acte d’enfant sans vie',
    de: 'Urkunde über ein totgeborenes Kind',
  },
  naamkeuze: { nl: 'akte van naamkeuze', fr: 'acte de choix de nom', de: 'Urkunde über die Namenswahl' },
  naamwijziging: {
    nl: 'akte van naamswijziging',
    fr: 'acte de changement de nom',
    de: 'Urkunde über die Namensänderung',
  },
  voornaamwijziging: {
    nl: 'akte van voornaamswijziging',
    fr: 'acte de changement de prénom',
    de: 'Urkunde über die Vornamensänderung',
  },
  geboorte: { nl: 'geboorteakte', fr: 'acte de naissance', de: 'Geburtsurkunde' },
  huwelijk: { nl: 'huwelijksakte', fr: 'acte de mariage', de: 'Heiratsurkunde' },
  overlijden: { nl: 'overlijdensakte', fr: 'acte de décès', de: 'Sterbeurkunde' },
};

const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
const fill = (text: string, params: Record<string, string>) =>
  text.replace(/\{(\w+)\}/g, (w, k: string) => params[k] ?? w);

/** The document’s title: "Uittreksel uit de geboorteakte", "Copie d’acte de naissance", ... */
export function dabsTitle(type: ActTypeKey, kind: DabsDocumentKind, lang: DabsLanguage): string {
  const t = TYPE[type][lang];
  const pattern: Record<DabsDocumentKind, L> = {
    afschrift: { nl: 'Afschrift van de {t}', fr: 'Copie d’{t}', de: 'Abschrift der {t}' },
    uittreksel: { nl: 'Uittreksel uit de {t}', fr: 'Extrait d’{t}', de: 'Auszug aus der {t}' },
    internationaal: {
      nl: 'Meertalig uittreksel uit de {t}',
      fr: 'Extrait plurilingue d’{t}',
      de: 'Mehrsprachiger Auszug aus der {t}',
    },
  };
  return cap(fill(pattern[kind][lang], { t }));
}

/** Field labels of the national documents. */
const F = {
  reference: { nl: 'Aktenummer', fr: 'Numéro de l’acte', de: 'Urkundennummer' },
  drawnUp: {
    nl: 'Opgemaakt te {place} op {date}',
    fr: 'Dressé à {place} le {date}',
    de: 'Errichtet in {place} am {date}',
  },
  familyName: { nl: 'Naam', fr: 'Nom', de: 'Name' },
  givenNames: { nl: 'Voornamen', fr: 'Prénoms', de: 'Vornamen' },
  sex: { nl: 'Geslacht', fr: 'Sexe', de: 'Geschlecht' },
  born: {
    nl: 'Geboren te {place} op {date}',
    fr: 'Né(e) à {place} le {date}',
    de: 'Geboren in {place} am {date}',
  },
  bornOn: { nl: 'Geboren op {date}', fr: 'Né(e) le {date}', de: 'Geboren am {date}' },
  birth: {
    nl: 'Geboorte: {place}, {date}',
    fr: 'Naissance : {place}, le {date}',
    de: 'Geburt: {place}, am {date}',
  },
  birthTime: { nl: 'om {time}', fr: 'à {time}', de: 'um {time}' },
  marriage: {
    nl: 'Huwelijk: {place}, {date}',
    fr: 'Mariage : {place}, le {date}',
    de: 'Eheschließung: {place}, am {date}',
  },
  marriageOf: {
    nl: 'Huwelijk gesloten op {date}',
    fr: 'Mariage célébré le {date}',
    de: 'Ehe geschlossen am {date}',
  },
  contract: {
    nl: 'Huwelijkscontract van {date} (notaris {notary}, {seat})',
    fr: 'Contrat de mariage du {date} (notaire {notary}, {seat})',
    de: 'Ehevertrag vom {date} (Notar {notary}, {seat})',
  },
  noContract: { nl: 'Geen huwelijkscontract', fr: 'Pas de contrat de mariage', de: 'Kein Ehevertrag' },
  death: {
    nl: 'Overlijden: {place}, {date}',
    fr: 'Décès : {place}, le {date}',
    de: 'Tod: {place}, am {date}',
  },
  delivery: {
    nl: 'Bevalling: {place}, {date}',
    fr: 'Accouchement : {place}, le {date}',
    de: 'Entbindung: {place}, am {date}',
  },
  decision: {
    nl: 'Beslissing: {authority}, {date}',
    fr: 'Décision : {authority}, le {date}',
    de: 'Entscheidung: {authority}, am {date}',
  },
  transcribed: { nl: 'Overgeschreven op {date}', fr: 'Transcrit le {date}', de: 'Eingetragen am {date}' },
  recognisedOn: { nl: 'Erkenning op {date}', fr: 'Reconnaissance le {date}', de: 'Anerkennung am {date}' },
  effectiveOn: { nl: 'Uitwerking op {date}', fr: 'Effet le {date}', de: 'Wirksam am {date}' },
  ground: {
    nl: 'Rechtsgrond: {article} Wetboek van de Belgische nationaliteit',
    fr: 'Base légale : {article} du Code de la nationalité belge',
    de: 'Rechtsgrundlage: {article} des Gesetzbuches über die belgische Staatsangehörigkeit',
  },
  adoption: { nl: 'Soort adoptie: {kind}', fr: 'Type d’adoption : {kind}', de: 'Art der Adoption: {kind}' },
  previousName: { nl: 'Vroegere naam: {v}', fr: 'Ancien nom : {v}', de: 'Früherer Name: {v}' },
  newName: { nl: 'Nieuwe naam: {v}', fr: 'Nouveau nom : {v}', de: 'Neuer Name: {v}' },
  chosenName: { nl: 'Gekozen naam: {v}', fr: 'Nom choisi : {v}', de: 'Gewählter Name: {v}' },
  previousGiven: { nl: 'Vroegere voornamen: {v}', fr: 'Anciens prénoms : {v}', de: 'Frühere Vornamen: {v}' },
  newGiven: { nl: 'Nieuwe voornamen: {v}', fr: 'Nouveaux prénoms : {v}', de: 'Neue Vornamen: {v}' },
  previousSex: {
    nl: 'Vroeger geregistreerd geslacht: {v}',
    fr: 'Sexe enregistré auparavant : {v}',
    de: 'Früher eingetragenes Geschlecht: {v}',
  },
  newSex: {
    nl: 'Nieuw geregistreerd geslacht: {v}',
    fr: 'Nouveau sexe enregistré : {v}',
    de: 'Neu eingetragenes Geschlecht: {v}',
  },
  notes: { nl: 'Kantmeldingen', fr: 'Mentions marginales', de: 'Randvermerke' },
  noNotes: { nl: 'Geen kantmeldingen', fr: 'Aucune mention marginale', de: 'Keine Randvermerke' },
  text: {
    nl: 'Tekst van de akte (in de taal waarin ze werd opgemaakt):',
    fr: 'Texte de l’acte (dans la langue dans laquelle il a été dressé) :',
    de: 'Wortlaut der Urkunde (in der Sprache, in der sie errichtet wurde):',
  },
  copyTrue: {
    nl: 'Voor eensluidend afschrift.',
    fr: 'Pour copie conforme.',
    de: 'Für gleichlautende Abschrift.',
  },
  extractTrue: {
    nl: 'Voor eensluidend uittreksel.',
    fr: 'Pour extrait conforme.',
    de: 'Für gleichlautenden Auszug.',
  },
  issued: {
    nl: 'Afgeleverd door DABS op {date}',
    fr: 'Délivré par la BAEC le {date}',
    de: 'Ausgestellt von der DABS am {date}',
  },
} satisfies Record<string, L>;

const ROLE: Record<ActRole, L> = {
  kind: { nl: 'Kind', fr: 'Enfant', de: 'Kind' },
  moeder: { nl: 'Moeder', fr: 'Mère', de: 'Mutter' },
  vader: { nl: 'Vader', fr: 'Père', de: 'Vater' },
  meemoeder: { nl: 'Meemoeder', fr: 'Coparente', de: 'Mit-Mutter' },
  echtgenoot: { nl: 'Echtgenoot', fr: 'Époux', de: 'Ehegatte' },
  overledene: { nl: 'Overledene', fr: 'Défunt(e)', de: 'Verstorbene(r)' },
  geadopteerde: { nl: 'Geadopteerde', fr: 'Adopté(e)', de: 'Adoptierte(r)' },
  adoptant: { nl: 'Adoptant', fr: 'Adoptant(e)', de: 'Adoptierende(r)' },
  erkenner: { nl: 'Erkenner', fr: 'Auteur de la reconnaissance', de: 'Anerkennende(r)' },
  betrokkene: { nl: 'Betrokkene', fr: 'Personne concernée', de: 'Betroffene Person' },
  aangever: { nl: 'Aangever', fr: 'Déclarant', de: 'Anmeldende(r)' },
  ambtenaar: {
    nl: 'Ambtenaar van de burgerlijke stand',
    fr: 'Officier de l’état civil',
    de: 'Standesbeamter',
  },
};

const AUTHORITY: Record<'familierechtbank' | 'minister-justitie', L> = {
  familierechtbank: {
    nl: 'Familierechtbank {seat}',
    fr: 'Tribunal de la famille {de}{seat}',
    de: 'Familiengericht {seat}',
  },
  'minister-justitie': {
    nl: 'Minister van Justitie',
    fr: 'Ministre de la Justice',
    de: 'Minister der Justiz',
  },
};

/** A spouse named by gender where the language has a word for each. */
const SPOUSE_V: L = { nl: 'Echtgenote', fr: 'Épouse', de: 'Ehegattin' };

/** "Label: value", with the space French puts before the colon. */
const kv = (label: string, value: string, lang: DabsLanguage) =>
  `${label}${lang === 'fr' ? ' : ' : ': '}${value}`;

const SEX: Record<'M' | 'V', L> = {
  M: { nl: 'mannelijk', fr: 'masculin', de: 'männlich' },
  V: { nl: 'vrouwelijk', fr: 'féminin', de: 'weiblich' },
};

const ADOPTION: Record<'volle' | 'gewone', L> = {
  volle: { nl: 'volle adoptie', fr: 'adoption plénière', de: 'Volladoption' },
  gewone: { nl: 'gewone adoptie', fr: 'adoption simple', de: 'einfache Adoption' },
};

const NOTE: Record<MarginalNote['kind'], L> = {
  echtscheiding: { nl: 'Echtscheiding op {date}', fr: 'Divorce le {date}', de: 'Scheidung am {date}' },
  geslachtsverandering: {
    nl: 'Wijziging van de registratie van het geslacht op {date}',
    fr: 'Modification de l’enregistrement du sexe le {date}',
    de: 'Änderung der Eintragung des Geschlechts am {date}',
  },
  erkenning: { nl: 'Erkenning op {date}', fr: 'Reconnaissance le {date}', de: 'Anerkennung am {date}' },
  naamwijziging: {
    nl: 'Naamswijziging op {date}',
    fr: 'Changement de nom le {date}',
    de: 'Namensänderung am {date}',
  },
  voornaamwijziging: {
    nl: 'Voornaamswijziging op {date}',
    fr: 'Changement de prénom le {date}',
    de: 'Vornamensänderung am {date}',
  },
};

/** yyyy-mm-dd → dd.mm.yyyy. */
export const belgianDate = (iso: string) => {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  return m ? `${m[3]}.${m[2]}.${m[1]}` : iso;
};

const MUNICIPALITIES: Record<string, string> = {
  [DEMO_MUNICIPALITY.nisCode]: DEMO_MUNICIPALITY.address.city,
  [OTHER_MUNICIPALITY.nisCode]: OTHER_MUNICIPALITY.name,
};
const municipality = (nis: string) => MUNICIPALITIES[nis] ?? nis;

/** What the act knows of a person: from the register when they have an INSZ, else from the act. */
function personFacts(p: ActPerson): { sex?: 'M' | 'V'; birthDate?: string; birthPlace?: string } {
  const r = p.insz ? personByInsz(p.insz) : undefined;
  const sex = p.sex ?? r?.sex;
  const birthDate = p.birthDate ?? r?.birthDate;
  const birthPlace = p.birthPlace ?? r?.birthPlace.name;
  return {
    ...(sex ? { sex } : {}),
    ...(birthDate ? { birthDate } : {}),
    ...(birthPlace ? { birthPlace } : {}),
  };
}

function personLines(p: ActPerson, lang: DabsLanguage, withBirth: boolean): string[] {
  const f = personFacts(p);
  const role = p.role === 'echtgenoot' && f.sex === 'V' ? SPOUSE_V[lang] : ROLE[p.role][lang];
  const lines = [
    `${role}${lang === 'fr' ? ' :' : ':'}`,
    `  ${kv(F.familyName[lang], p.familyName, lang)}`,
    `  ${kv(F.givenNames[lang], p.givenNames, lang)}`,
  ];
  if (f.sex && p.role !== 'ambtenaar' && p.role !== 'aangever')
    lines.push(`  ${kv(F.sex[lang], SEX[f.sex][lang], lang)}`);
  if (withBirth && f.birthDate) {
    lines.push(
      `  ${
        f.birthPlace
          ? fill(F.born[lang], { place: f.birthPlace, date: belgianDate(f.birthDate) })
          : fill(F.bornOn[lang], { date: belgianDate(f.birthDate) })
      }`,
    );
  }
  return lines;
}

/** The lines of an act’s document (without the title), in the language asked. */
export function dabsLines(
  act: CivilStatusAct,
  kind: DabsDocumentKind,
  lang: DabsLanguage,
  issuedOn: string,
): string[] {
  if (kind === 'internationaal') return multilingualLines(act, lang, issuedOn);
  const facts = act.facts ?? {};
  const here = municipality(act.municipalityNis);
  const date = belgianDate(act.date);
  const at = (d: string, time?: string) =>
    `${belgianDate(d)}${time ? ` ${fill(F.birthTime[lang], { time })}` : ''}`;
  const lines = [kv(F.reference[lang], act.referte, lang), fill(F.drawnUp[lang], { place: here, date }), ''];
  // Who appears: the copy shows everyone on the act (declarant and registrar too); an extract
  // only the persons the act is about.
  const shown = act.persons.filter(
    (p) => kind === 'afschrift' || (p.role !== 'aangever' && p.role !== 'ambtenaar'),
  );
  // Parents and others without their birth details on a birth act’s extract; everyone’s birth on
  // a marriage, death, divorce or person-concerned act.
  const withBirth = (p: ActPerson) =>
    !(act.type === 'geboorte' && p.role === 'kind') && p.role !== 'ambtenaar' && p.role !== 'aangever';
  for (const p of shown) lines.push(...personLines(p, lang, withBirth(p)));
  lines.push('');

  const event: string[] = [];
  const place = facts.place ?? here;
  switch (act.type) {
    case 'geboorte':
      event.push(fill(F.birth[lang], { place, date: at(act.date, facts.time) }));
      break;
    case 'levenloos-kind':
      event.push(fill(F.delivery[lang], { place, date: at(act.date, facts.time) }));
      break;
    case 'overlijden':
      event.push(fill(F.death[lang], { place, date: at(act.date, facts.time) }));
      break;
    case 'huwelijk':
      event.push(fill(F.marriage[lang], { place, date }));
      event.push(
        facts.marriageContract
          ? fill(F.contract[lang], {
              date: belgianDate(facts.marriageContract.date),
              notary: facts.marriageContract.notary,
              seat: facts.marriageContract.seat,
            })
          : F.noContract[lang],
      );
      break;
    case 'echtscheiding':
      if (facts.eventDate) event.push(fill(F.marriageOf[lang], { date: belgianDate(facts.eventDate) }));
      event.push(fill(F.transcribed[lang], { date }));
      break;
    case 'erkenning-kind':
    case 'erkenning-voor-geboorte':
      event.push(fill(F.recognisedOn[lang], { date }));
      break;
    case 'adoptie':
      if (facts.adoption) event.push(fill(F.adoption[lang], { kind: ADOPTION[facts.adoption][lang] }));
      event.push(fill(F.transcribed[lang], { date }));
      break;
    case 'belgische-nationaliteit':
      if (facts.nationalityArticle) event.push(fill(F.ground[lang], { article: facts.nationalityArticle }));
      event.push(fill(F.effectiveOn[lang], { date }));
      break;
    case 'gerechtelijke-afwezigheid':
      event.push(fill(F.transcribed[lang], { date }));
      break;
    case 'geslachtsverandering':
      if (facts.previousSex) event.push(fill(F.previousSex[lang], { v: SEX[facts.previousSex][lang] }));
      if (facts.newSex) event.push(fill(F.newSex[lang], { v: SEX[facts.newSex][lang] }));
      if (facts.previousGivenNames) event.push(fill(F.previousGiven[lang], { v: facts.previousGivenNames }));
      if (facts.newGivenNames) event.push(fill(F.newGiven[lang], { v: facts.newGivenNames }));
      event.push(fill(F.effectiveOn[lang], { date }));
      break;
    case 'naamkeuze':
      if (facts.newFamilyName) event.push(fill(F.chosenName[lang], { v: facts.newFamilyName }));
      break;
    case 'naamwijziging':
      if (facts.previousFamilyName) event.push(fill(F.previousName[lang], { v: facts.previousFamilyName }));
      if (facts.newFamilyName) event.push(fill(F.newName[lang], { v: facts.newFamilyName }));
      event.push(fill(F.effectiveOn[lang], { date }));
      break;
    case 'voornaamwijziging':
      if (facts.previousGivenNames) event.push(fill(F.previousGiven[lang], { v: facts.previousGivenNames }));
      if (facts.newGivenNames) event.push(fill(F.newGiven[lang], { v: facts.newGivenNames }));
      event.push(fill(F.effectiveOn[lang], { date }));
      break;
  }
  if (facts.decision) {
    event.push(
      fill(F.decision[lang], {
        authority: fill(AUTHORITY[facts.decision.authority][lang], {
          seat: facts.decision.seat ?? '',
          // French elides "de" before a vowel: "Tribunal de la famille d’Andergem".
          de: /^[aeiouyhâéèêîôû]/i.test(facts.decision.seat ?? '') ? 'd’' : 'de ',
        }),
        date: belgianDate(facts.decision.date),
      }),
    );
  }
  lines.push(...event, '');
  lines.push(`${F.notes[lang]}${lang === 'fr' ? ' :' : ':'}`);
  const notes = facts.notes ?? [];
  lines.push(
    ...(notes.length
      ? notes.map(
          (n) => `  ${fill(NOTE[n.kind][lang], { date: belgianDate(n.date) })}${n.act ? ` (${n.act})` : ''}`,
        )
      : [`  ${F.noNotes[lang]}`]),
  );
  if (kind === 'afschrift') lines.push('', F.text[lang], act.summary);
  lines.push('', kind === 'afschrift' ? F.copyTrue[lang] : F.extractTrue[lang]);
  lines.push(fill(F.issued[lang], { date: belgianDate(issuedOn) }));
  return lines;
}

// ── the multilingual extract ────────────────────────────────────────────────────────────────

/**
 * Labels of the multilingual extract: the same heading in the languages of the form (as the CIEC
 * formulas print them), so the document reads abroad without a translation. Values are the act’s
 * own; dates are numeric, sex a code.
 */
const M = {
  state: ['Staat / État / Staat / State', 'België / Belgique / Belgien / Belgium'],
  office: ['Dienst van de burgerlijke stand / Service de l’état civil / Standesamt / Civil registry office'],
  reference: 'Aktenummer / N° de l’acte / Urkundennummer / Number of the act',
  eventDate: {
    geboorte: 'Datum van geboorte / Date de naissance / Geburtsdatum / Date of birth',
    huwelijk: 'Datum van het huwelijk / Date du mariage / Datum der Eheschließung / Date of marriage',
    overlijden: 'Datum van overlijden / Date du décès / Sterbedatum / Date of death',
  },
  eventPlace: {
    geboorte: 'Plaats van geboorte / Lieu de naissance / Geburtsort / Place of birth',
    huwelijk: 'Plaats van het huwelijk / Lieu du mariage / Ort der Eheschließung / Place of marriage',
    overlijden: 'Plaats van overlijden / Lieu du décès / Sterbeort / Place of death',
  },
  familyName: 'Naam / Nom / Name / Surname',
  givenNames: 'Voornamen / Prénoms / Vornamen / Forenames',
  sex: 'Geslacht / Sexe / Geschlecht / Sex',
  birth:
    'Datum en plaats van geboorte / Date et lieu de naissance / Geburtsdatum und -ort / Date and place of birth',
  person: {
    kind: 'Kind / Enfant / Kind / Child',
    vader: 'Vader / Père / Vater / Father',
    moeder: 'Moeder / Mère / Mutter / Mother',
    meemoeder: 'Ouder / Parent / Elternteil / Parent',
    echtgenoot: 'Echtgenoot / Époux / Ehegatte / Spouse',
    overledene: 'Overledene / Défunt / Verstorbener / Deceased',
  } as Partial<Record<ActRole, string>>,
  notes: 'Kantmeldingen / Mentions marginales / Randvermerke / Marginal notes',
  none: '---',
  issued: 'Datum van afgifte / Date de délivrance / Ausstellungsdatum / Date of issue',
  codes: 'Codes: M = mannelijk / masculin / männlich / male; F = vrouwelijk / féminin / weiblich / female',
  legal: {
    nl: 'Meertalig uittreksel (Overeenkomst van Wenen van 8 september 1976; model van Verordening (EU) 2016/1191).',
    fr: 'Extrait plurilingue (Convention de Vienne du 8 septembre 1976 ; modèle du règlement (UE) 2016/1191).',
    de: 'Mehrsprachiger Auszug (Wiener Übereinkommen vom 8. September 1976; Muster der Verordnung (EU) 2016/1191).',
  } satisfies L,
};

function multilingualLines(act: CivilStatusAct, lang: DabsLanguage, issuedOn: string): string[] {
  const type = act.type as 'geboorte' | 'huwelijk' | 'overlijden';
  const facts = act.facts ?? {};
  const place = facts.place ?? municipality(act.municipalityNis);
  const lines = [
    M.legal[lang],
    `${M.state[0]}: ${M.state[1]}`,
    `${M.office[0]}: ${municipality(act.municipalityNis)}`,
    `${M.reference}: ${act.referte}`,
    '',
    `${M.eventDate[type]}: ${belgianDate(act.date)}`,
    `${M.eventPlace[type]}: ${place}`,
    '',
  ];
  const n: Partial<Record<ActRole, number>> = {};
  for (const p of act.persons) {
    const label = M.person[p.role];
    if (!label) continue;
    n[p.role] = (n[p.role] ?? 0) + 1;
    const f = personFacts(p);
    const numbered = p.role === 'echtgenoot' ? `${label} ${n[p.role]}` : label;
    lines.push(`${numbered}:`);
    lines.push(`  ${M.familyName}: ${p.familyName}`);
    lines.push(`  ${M.givenNames}: ${p.givenNames}`);
    if (f.sex) lines.push(`  ${M.sex}: ${f.sex === 'M' ? 'M' : 'F'}`);
    if (f.birthDate && !(type === 'geboorte' && p.role === 'kind')) {
      lines.push(`  ${M.birth}: ${belgianDate(f.birthDate)}${f.birthPlace ? `, ${f.birthPlace}` : ''}`);
    }
  }
  const notes = facts.notes ?? [];
  lines.push(
    '',
    `${M.notes}: ${notes.length ? notes.map((x) => `${belgianDate(x.date)} ${x.act ?? ''}`.trim()).join('; ') : M.none}`,
    `${M.issued}: ${belgianDate(issuedOn)}`,
    M.codes,
  );
  return lines;
}
