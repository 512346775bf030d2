import { ACTS, type ActTypeKey } from '@smartloket/dev-population';
import { describe, expect, it } from 'vitest';
import { type DabsDocumentKind, dabsLines, dabsTitle, MULTILINGUAL_ACT_TYPES } from './dabs-documents.js';
import { DABS_EXTRACT_FIELDS } from './dabs-fields.js';

const LANGS = ['nl', 'fr', 'de'] as const;
const ISO = /\b\d{4}-\d{2}-\d{2}\b/;

const firstOf = (type: ActTypeKey) => ACTS.find((a) => a.type === type)!;

describe('what the simulated DABS documents show', () => {
  it('each act type’s extract shows the fields of the act; the copy adds the declarant, the registrar and the text', () => {
    for (const [type, fields] of Object.entries(DABS_EXTRACT_FIELDS) as [ActTypeKey, string[]][]) {
      const act = firstOf(type);
      const extract = dabsLines(act, 'uittreksel', 'nl', '2026-12-07').join('\n');
      for (const f of fields) expect(extract, type).toContain(f);
      expect(extract).toContain(`Aktenummer: ${act.referte}`);
      expect(extract).toContain('Voor eensluidend uittreksel.');
      expect(extract).not.toContain('Ambtenaar van de burgerlijke stand');
      expect(extract).not.toContain(act.summary);
      const copy = dabsLines(act, 'afschrift', 'nl', '2026-12-07').join('\n');
      for (const f of fields) expect(copy, type).toContain(f);
      expect(copy).toContain('Tekst van de akte (in de taal waarin ze werd opgemaakt):');
      expect(copy).toContain(act.summary);
      expect(copy).toContain('Voor eensluidend afschrift.');
      for (const p of act.persons) expect(copy).toContain(`Voornamen: ${p.givenNames}`);
    }
  });

  it('every type, kind and language: titled and worded in that language, Belgian dates, no English', () => {
    for (const act of ACTS) {
      const kinds: DabsDocumentKind[] = MULTILINGUAL_ACT_TYPES.includes(act.type)
        ? ['afschrift', 'uittreksel', 'internationaal']
        : ['afschrift', 'uittreksel'];
      for (const kind of kinds) {
        for (const lang of LANGS) {
          const lines = dabsLines(act, kind, lang, '2026-12-07');
          const text = lines.join('\n').replace(act.summary, '');
          expect(text, `${act.referte} ${kind} ${lang}`).not.toMatch(ISO);
          if (kind !== 'internationaal') {
            expect(text, `${act.referte} ${kind} ${lang}`).not.toMatch(/\b(Name:|Surname|Born|Date of)\b/);
          }
          expect(dabsTitle(act.type, kind, lang)).not.toBe('');
        }
      }
    }
    expect(dabsTitle('geboorte', 'uittreksel', 'nl')).toBe('Uittreksel uit de geboorteakte');
    expect(dabsTitle('geboorte', 'afschrift', 'fr')).toBe('Copie d’acte de naissance');
    expect(dabsTitle('huwelijk', 'internationaal', 'de')).toBe(
      'Mehrsprachiger Auszug aus der Heiratsurkunde',
    );
    const fr = dabsLines(firstOf('huwelijk'), 'uittreksel', 'fr', '2026-12-07').join('\n');
    for (const t of [
      'Épouse :',
      'Nom : Goris',
      'Mariage : Smartegem, le 23.08.2014',
      'notaire Anna Mertens',
      'Pour extrait conforme.',
    ])
      expect(fr).toContain(t);
    expect(dabsLines(firstOf('echtscheiding'), 'uittreksel', 'fr', '2026-12-07').join('\n')).toContain(
      'Décision : Tribunal de la famille d’Andergem, le 12.05.2011',
    );
    expect(dabsLines(firstOf('adoptie'), 'uittreksel', 'fr', '2026-12-07').join('\n')).toContain(
      'Tribunal de la famille de Smartegem',
    );
    const de = dabsLines(firstOf('echtscheiding'), 'uittreksel', 'de', '2026-12-07').join('\n');
    for (const t of [
      'Ehegatte:',
      'Entscheidung: Familiengericht Andergem, am 12.05.2011',
      'Für gleichlautenden Auszug.',
    ])
      expect(de).toContain(t);
  });

  it('the multilingual extract: headings in several languages, numeric dates, sex as a code', () => {
    const text = dabsLines(firstOf('geboorte'), 'internationaal', 'fr', '2026-12-07').join('\n');
    for (const t of [
      'Extrait plurilingue (Convention de Vienne du 8 septembre 1976',
      'Datum van geboorte / Date de naissance / Geburtsdatum / Date of birth: 03.03.2015',
      'Kind / Enfant / Kind / Child:',
      'Naam / Nom / Name / Surname: El Amrani',
      'Geslacht / Sexe / Geschlecht / Sex: F',
      'Vader / Père / Vater / Father:',
      'Codes: M = mannelijk / masculin / männlich / male',
    ])
      expect(text).toContain(t);
    const marriage = dabsLines(firstOf('huwelijk'), 'internationaal', 'de', '2026-12-07').join('\n');
    expect(marriage).toContain('Echtgenoot / Époux / Ehegatte / Spouse 1:');
    expect(marriage).toContain('Echtgenoot / Époux / Ehegatte / Spouse 2:');
    expect(marriage).toContain(
      'Datum en plaats van geboorte / Date et lieu de naissance / Geburtsdatum und -ort / Date and place of birth: 21.06.1975, Smartegem',
    );
  });
});
