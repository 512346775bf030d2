import { readFileSync } from 'node:fs';
import { validateForm } from '@smartloket/core';
import { describe, expect, it } from 'vitest';
import { checkDeclarativeType } from './check.js';
import { compileDeclarativeType, formatAnswer } from './compile.js';
import { declarativeTypeJsonSchema } from './json-schema.js';
import { type DeclarativeTypeInput, parseDeclarativeType } from './schema.js';

const feestzaal = JSON.parse(readFileSync(new URL('./fixtures/feestzaal.json', import.meta.url), 'utf8'));

/** A copy of the fixture changed by `edit`. */
function variant(edit: (d: any) => void): DeclarativeTypeInput {
  const d = structuredClone(feestzaal);
  edit(d);
  return d;
}

function errorsOf(input: unknown) {
  const r = parseDeclarativeType(input);
  if (r.ok) throw new Error('expected the definition to be refused');
  return r.errors;
}

describe('the declarative type schema', () => {
  it('accepts the feestzaal fixture and fills in the defaults', () => {
    const r = parseDeclarativeType(feestzaal);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.steps[0]?.fields[0]?.required).toBe(true);
    expect(r.value.outcome).toBe('review');
  });

  it.each([
    ['id', (d: any) => (d.id = 'Feestzaal'), 'id'],
    ['a missing Dutch title', (d: any) => delete d.title.nl, 'title.nl'],
    [
      'an empty Dutch label',
      (d: any) => (d.steps[0].fields[0].label.nl = '  '),
      'steps[0].fields[0].label.nl',
    ],
    ['an unknown kind', (d: any) => (d.steps[0].fields[0].kind = 'colour'), 'steps[0].fields[0].kind'],
    ['a bad field name', (d: any) => (d.steps[1].fields[0].name = 'Verzekering!'), 'steps[1].fields[0].name'],
    ['a duplicate field name', (d: any) => (d.steps[1].fields[0].name = 'datum'), 'steps[1].fields[0].name'],
    ['a duplicate step id', (d: any) => (d.steps[1].id = 'evenement'), 'steps[1].id'],
    [
      'a choice without options',
      (d: any) => (d.steps[0].fields[1].options = []),
      'steps[0].fields[1].options',
    ],
    [
      'a duplicate option',
      (d: any) => (d.steps[0].fields[1].options[1].value = 'feest'),
      'steps[0].fields[1].options[1].value',
    ],
    [
      'a condition on a later field',
      (d: any) => (d.steps[0].fields[2].showWhen.field = 'verzekering'),
      'steps[0].fields[2].showWhen.field',
    ],
    [
      'a condition on a non-choice',
      (d: any) => (d.steps[0].fields[2].showWhen.field = 'datum'),
      'steps[0].fields[2].showWhen.field',
    ],
    [
      'a condition on a value not offered',
      (d: any) => (d.steps[0].fields[2].showWhen.in = ['concert']),
      'steps[0].fields[2].showWhen.in[0]',
    ],
    [
      'a file type not allowed',
      (d: any) => (d.steps[1].fields[0].accept = ['text/html']),
      'steps[1].fields[0].accept[0]',
    ],
    [
      'a file above 10 MB',
      (d: any) => (d.steps[1].fields[0].maxBytes = 50_000_000),
      'steps[1].fields[0].maxBytes',
    ],
    ['an invalid pattern', (d: any) => (d.steps[0].fields[2].pattern = '(ab'), 'steps[0].fields[2].pattern'],
    [
      'a nested repetition',
      (d: any) => (d.steps[0].fields[2].pattern = '(a+)+b'),
      'steps[0].fields[2].pattern',
    ],
    ['an unknown property', (d: any) => (d.steps[0].fields[0].script = 'x'), 'steps[0].fields[0]'],
    ['a source', (d: any) => (d.source = 'magda:GeefPersoon'), ''],
    ['no steps', (d: any) => (d.steps = []), 'steps'],
    ['a document with acknowledgement', (d: any) => (d.outcome = 'acknowledge'), 'outcome'],
    ['a document filed anonymously', (d: any) => (d.audience = ['anonymous']), 'audience'],
    [
      'an unknown placeholder',
      (d: any) => (d.document.blocks[0].text.nl = 'Voor {naam}'),
      'document.blocks[0].text.nl',
    ],
    [
      'an unknown placeholder in a mail text',
      (d: any) => (d.mailTexts = { receipt: { nl: 'Voor {{answers.naam}}', fr: '{{reference}}' } }),
      'mailTexts.receipt.nl',
    ],
    ['a mail text of an unknown mail', (d: any) => (d.mailTexts = { reminder: { nl: 'x' } }), 'mailTexts'],
    [
      'paying after approval without a document',
      (d: any) => {
        delete d.document;
        d.feeCents = 500;
        d.feePayment = 'after_approval';
      },
      'feePayment',
    ],
    ['a payment moment without a fee', (d: any) => (d.feePayment = 'before_submit'), 'feeCents'],
    [
      'a payment term when paying before filing',
      (d: any) => Object.assign(d, { feeCents: 500, payWithinDays: 10 }),
      'payWithinDays',
    ],
    ['a negative lead time', (d: any) => (d.leadTimeDays = -1), 'leadTimeDays'],
    [
      'a minimum above a maximum',
      (d: any) =>
        d.steps[0].fields.push({ name: 'gasten', kind: 'number', label: { nl: 'Gasten' }, min: 10, max: 5 }),
      'steps[0].fields[3].min',
    ],
  ])('names the path of %s', (_what, edit, path) => {
    expect(errorsOf(variant(edit)).map((e) => e.path)).toContain(path);
  });

  it.each([
    [
      'a label',
      (d: any) => (d.steps[0].fields[0].label.nl = 'Datum <script>alert(1)</script>'),
      'steps[0].fields[0].label.nl',
    ],
    ['a title', (d: any) => (d.title.fr = '<b>Salle</b>'), 'title.fr'],
    [
      'a help text',
      (d: any) => (d.steps[0].fields[0].help = { nl: 'Zie <a href="x">hier</a>' }),
      'steps[0].fields[0].help.nl',
    ],
    ['an entity', (d: any) => (d.steps[0].title.en = 'Event &amp; more'), 'steps[0].title.en'],
    [
      'a document text',
      (d: any) => (d.document.blocks[0].text.nl = '<img src=x onerror=alert(1)>'),
      'document.blocks[0].text.nl',
    ],
    [
      'a mail text',
      (d: any) => (d.mailTexts = { approved: { nl: 'Welkom <a href="https://x">hier</a>' } }),
      'mailTexts.approved.nl',
    ],
  ])('refuses HTML in %s (texts are text, never HTML)', (_what, edit, path) => {
    const errors = errorsOf(variant(edit));
    expect(errors).toContainEqual({ path, message: 'plain text only: no HTML tags or entities' });
  });

  it('takes mail texts with the reference, the title and the answers, and hands them to core', () => {
    const r = parseDeclarativeType(
      variant(
        (d) =>
          (d.mailTexts = {
            receipt: { nl: '{{title}} op {{answers.datum}}: {{ reference }}', fr: 'Le {{answers.datum}}' },
          }),
      ),
    );
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    expect(compileDeclarativeType(r.value).requestType.mailTexts?.receipt?.fr).toBe('Le {{answers.datum}}');
  });

  it('lets a text say "a < b" and use an ampersand', () => {
    expect(parseDeclarativeType(variant((d) => (d.steps[0].title.nl = 'Zaal & tuin, 3 < 5'))).ok).toBe(true);
  });

  it('is exported as JSON Schema, and the committed file is current', () => {
    const committed = JSON.parse(
      readFileSync(new URL('../request-type.schema.json', import.meta.url), 'utf8'),
    );
    expect(committed, 'run `pnpm --filter @smartloket/declarative run schema`').toEqual(
      declarativeTypeJsonSchema(),
    );
    expect(committed.$id).toBe('https://smartloket.be/schemas/request-type.schema.json');
    expect(Object.keys(committed.properties)).toEqual(
      expect.arrayContaining(['id', 'steps', 'document', 'outcome']),
    );
  });

  it('survives an export/import round trip unchanged', () => {
    const r = parseDeclarativeType(feestzaal);
    if (!r.ok) throw new Error('fixture');
    const again = parseDeclarativeType(JSON.parse(JSON.stringify(r.value)));
    expect(again).toEqual(r);
  });
});

describe('the designer check', () => {
  it('finds nothing to block publishing in the fixture', () => {
    expect(checkDeclarativeType(feestzaal).filter((f) => f.severity === 'error')).toEqual([]);
  });

  it('names missing translations, empty steps and unreachable fields', () => {
    const d = variant((d) => {
      delete d.steps[0].fields[0].label.fr;
      d.steps.push({ id: 'leeg', title: { nl: 'Leeg', fr: 'Vide', en: 'Empty' }, fields: [] });
      d.steps[0].fields[2].showWhen = { field: 'soort', in: ['concert'] };
    });
    const findings = checkDeclarativeType(d);
    expect(findings.map((f) => [f.severity, f.code, f.path])).toEqual([
      ['warning', 'missing-translation', 'steps[0].fields[0].label'],
      ['error', 'unreachable-field', 'steps[0].fields[2].showWhen'],
      ['error', 'empty-step', 'steps[2]'],
    ]);
    expect(findings[0]?.message.nl).toBe('Veld “Datum”: vertaling ontbreekt (fr).');
    // The document's texts too; a value of placeholders alone is filled in each language.
    const doc = checkDeclarativeType(
      variant((d) => {
        d.document.blocks[0].text = { nl: 'Het college geeft toelating.', fr: 'Le collège autorise.' };
        d.document.blocks[1].items[0].key = { nl: 'Datum' };
      }),
    );
    expect(doc.map((f) => [f.path, f.message.nl])).toEqual([
      ['document.blocks[0].text', 'Tekst 1 van het document: vertaling ontbreekt (en).'],
      ['document.blocks[1].items[0].key', 'Rij 2.1 van het document: vertaling ontbreekt (fr, en).'],
    ]);
    expect(
      checkDeclarativeType(
        variant((d) => (d.mailTexts = { refused: { nl: 'Bel ons.', fr: 'Appelez-nous.' } })),
      ),
    ).toEqual([
      expect.objectContaining({
        code: 'missing-translation',
        path: 'mailTexts.refused',
        message: expect.objectContaining({ nl: 'E-mailtekst bij de weigering: vertaling ontbreekt (en).' }),
      }),
    ]);
    expect(findings[2]?.message.fr).toBe('L’étape “Leeg” n’a pas de champs.');
  });
});

describe('compiling a declarative type', () => {
  const r = parseDeclarativeType(feestzaal);
  if (!r.ok) throw new Error('fixture');
  const { requestType, version } = compileDeclarativeType(r.value, 3);

  it('makes a reviewed certificate with the same form checks as a plugin', () => {
    expect(version).toBe(3);
    expect(requestType.kind).toBe('certificate');
    expect(requestType.rules.map((x) => x.id)).toEqual(['core.always-review']);
    expect(requestType.form.steps.map((s) => s.id)).toEqual(['evenement', 'bijlagen']);
    expect(requestType.form.fields.muziek?.showWhen).toEqual({ field: 'soort', in: ['feest'] });
    expect(requestType.leadTimeDays).toBe(10);
    const bad = validateForm(requestType.form, {
      datum: '2026-02-31',
      soort: 'concert',
      verzekering: { uploadId: 'u1', fileName: 'a.exe', mediaType: 'application/x-msdownload', size: 10 },
    });
    expect(bad.ok).toBe(false);
    if (bad.ok) return;
    expect(bad.issues.map((i) => [i.path, i.code])).toEqual([
      ['datum', 'date.invalid'],
      ['soort', 'choice.invalid'],
      ['verzekering.mediaType', 'invalid'],
    ]);
  });

  it('issues a document whose placeholders carry the answers', async () => {
    const issued = await requestType.issue?.issue({
      reference: 'SL-2026-000123',
      answers: { datum: '2026-06-13', soort: 'feest' },
      decision: {},
      submittedAt: new Date('2026-05-01T10:00:00Z'),
      now: new Date('2026-05-02T10:00:00Z'),
    });
    expect(issued?.data).toMatchObject({ reference: 'SL-2026-000123', today: '2026-05-02' });
    expect(requestType.renderer?.id).toBe('gemeente.feestzaal');
  });

  it('formats answers for a person', () => {
    const soort = r.value.steps[0]?.fields[1];
    expect(formatAnswer(soort, 'feest', 'fr')).toBe('Fête');
    expect(formatAnswer(r.value.steps[0]?.fields[0], '2026-06-13', 'nl')).toBe('13/06/2026');
  });

  it('makes a report that is acknowledged without review', () => {
    const report = parseDeclarativeType(
      variant((d) => {
        delete d.document;
        d.outcome = 'acknowledge';
        d.audience = ['citizen', 'anonymous'];
        d.minimumLevel = 'none';
      }),
    );
    if (!report.ok) throw new Error(JSON.stringify(report.errors));
    const t = compileDeclarativeType(report.value).requestType;
    expect(t.kind).toBe('report');
    expect(t.rules).toEqual([]);
    expect(t.source).toBeUndefined();
  });
});
