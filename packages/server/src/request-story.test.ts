import { fields, form } from '@smartloket/core';
import type { OutboxRecord, RequestRecord } from '@smartloket/db';
import { describe, expect, it } from 'vitest';
import { ALL_REQUEST_PAGE_MESSAGES } from './request-page-messages.js';
import {
  decisionSentences,
  fileKind,
  historyLines,
  inClerkLanguage,
  mailLines,
  requestedForSentence,
} from './request-story.js';

const NOW = new Date('2026-12-07T10:00:00Z');

function request(over: Partial<RequestRecord>): RequestRecord {
  return {
    requester: { kind: 'citizen', id: 'u-jan', insz: '85673012367', name: 'Jan Peeters', level: 'high' },
    subject: { relation: 'self', insz: '85673012367' },
    decision: null,
    ...over,
  } as RequestRecord;
}

describe('the request told in sentences', () => {
  it('says who asks for whom, in nl, fr and en, with sex and age from the INSZ', () => {
    const child = request({ subject: { relation: 'child', insz: '14650206274' } });
    expect(requestedForSentence(child, 'nl', NOW)).toBe(
      'Jan Peeters vraagt dit aan voor zijn dochter van 12.',
    );
    expect(requestedForSentence(child, 'fr', NOW)).toBe(
      'Jan Peeters fait cette demande pour sa fille de 12 ans.',
    );
    expect(requestedForSentence(child, 'en', NOW)).toBe(
      'Jan Peeters asks for this for his daughter aged 12.',
    );
    const other = request({ subject: { relation: 'other', insz: '90631224676', ground: 'volmacht' } });
    expect(requestedForSentence(other, 'nl', NOW)).toBe(
      'Jan Peeters vraagt dit aan voor een andere persoon van 36 jaar (rijksregisternummer 90.63.12-246.76).',
    );
    const org = request({
      requester: {
        kind: 'organisation',
        id: 'u-2',
        name: 'An Smet',
        organisation: { kbo: '0417123457', name: 'Buurtcomité Kerkwijk' },
        level: 'high',
      },
      subject: { relation: 'organisation', kbo: '0417123457' },
    });
    expect(requestedForSentence(org, 'nl', NOW)).toBe(
      'An Smet vraagt dit aan voor de organisatie Buurtcomité Kerkwijk, 0417.123.457.',
    );
    const anonymous = request({
      requester: { kind: 'anonymous', id: 'a-1', level: 'none' },
      subject: { relation: 'none' },
    });
    expect(requestedForSentence(anonymous, 'nl', NOW)).toBe('Een anonieme melder diende deze aanvraag in.');
  });

  it('gives the reasons of the rules that spoke, never their ids, and skips abstentions', () => {
    const r = request({
      decision: {
        outcome: 'review',
        reasons: [{ ruleId: 'core.always-review', reason: { nl: 'Altijd nazicht.' } }],
        verdicts: [
          { ruleId: 'core.self', outcome: 'abstain', reason: { nl: 'Niet voor zichzelf.' } },
          { ruleId: 'core.always-review', outcome: 'review', reason: { nl: 'Altijd nazicht.' } },
          {
            ruleId: 'core.legal-representative',
            outcome: 'review',
            reason: { nl: 'Niet de wettelijk vertegenwoordiger.' },
            facts: [
              {
                label: { nl: 'Leeftijd van het kind' },
                value: { nl: '12 jaar' },
                source: { nl: 'rijksregisternummer' },
              },
              { label: { nl: 'Wettelijk vertegenwoordiger' }, value: { nl: 'nee' } },
            ],
          },
        ],
      },
    });
    expect(decisionSentences(r, 'nl')).toEqual({
      outcome: 'Uitkomst: een medewerker beslist.',
      reasons: ['Altijd nazicht.', 'Niet de wettelijk vertegenwoordiger.'],
      facts: [
        'Leeftijd van het kind: 12 jaar (bron: rijksregisternummer).',
        'Wettelijk vertegenwoordiger: nee.',
      ],
    });
  });

  it('tells unknown events and unassignments without codes', () => {
    const base = { id: 'e', requestId: 'r', seq: 1, reason: null, data: null, at: NOW };
    const lines = historyLines(
      [
        {
          ...base,
          type: 'some_new_kind',
          fromState: 'in_review',
          toState: 'in_review',
          actor: { type: 'system' },
        },
        {
          ...base,
          type: 'assign',
          fromState: 'in_review',
          toState: 'in_review',
          actor: { type: 'staff' },
          data: { assigneeId: null },
        },
        {
          ...base,
          type: 'answer',
          fromState: 'waiting_requester',
          toState: 'in_review',
          actor: { type: 'requester', id: 'u-jan' },
          reason: 'Hier',
        },
      ],
      'nl',
      (id) => id,
      { id: 'u-jan', name: 'Jan Peeters' },
    );
    expect(lines.map((l) => [l.text, l.newState, l.said])).toEqual([
      ['Er gebeurde iets met de aanvraag.', undefined, undefined],
      ['Een medewerker haalde de toewijzing weg.', undefined, undefined],
      ['Jan Peeters antwoordde.', 'Nieuwe status: Te beoordelen.', '„Hier”'],
    ]);
  });

  it("tells the system's decision in the clerk's language though the event recorded it in Dutch", () => {
    const reason = {
      nl: 'Niet aangemeld: een medewerker controleert wie de aanvraag doet en met welk recht.',
      fr: "Non connecté : un agent vérifie l'identité du demandeur et son droit.",
      en: 'Not logged in: a staff member checks who asks and with what right.',
    };
    const events = [
      {
        id: 'e',
        requestId: 'r',
        seq: 2,
        data: null,
        at: NOW,
        type: 'review',
        fromState: 'submitted',
        toState: 'in_review',
        actor: { type: 'system' },
        reason: reason.nl,
      },
      {
        id: 'f',
        requestId: 'r',
        seq: 3,
        data: null,
        at: NOW,
        type: 'note',
        fromState: 'in_review',
        toState: 'in_review',
        actor: { type: 'staff', id: 's', name: 'Karin' },
        reason: 'Ik bel de aanvrager.',
      },
    ] as const;
    const decision = { outcome: 'review', reasons: [{ ruleId: 'core.without-login', reason }], verdicts: [] };
    const said = (l: 'nl' | 'fr' | 'en') =>
      historyLines([...events], l, (id) => id, undefined, decision as never).map((x) => x.said);
    expect(said('fr')).toEqual([`« ${reason.fr} »`, '« Ik bel de aanvrager. »']);
    expect(said('en')[0]).toBe(`“${reason.en}”`);
    expect(said('nl')[0]).toBe(`„${reason.nl}”`);
  });

  it("tells a ground or purpose composed from chosen options in the clerk's language, typed text as typed", () => {
    const f = form({
      relation: fields.choice({
        label: { nl: 'Band' },
        options: [
          {
            value: 'descendant',
            label: {
              nl: 'Bloedverwant in neerdalende lijn (kind, kleinkind)',
              fr: 'Descendant (enfant, petit-enfant)',
              en: 'Descendant (child, grandchild)',
            },
          },
        ],
      }),
      purpose: fields.choice({
        label: { nl: 'Doel' },
        options: [{ value: 'genealogy', label: { nl: 'Genealogie', fr: 'Généalogie', en: 'Genealogy' } }],
      }),
    });
    const values = { relation: 'descendant', purpose: 'genealogy' };
    const ground = 'Bloedverwant in neerdalende lijn (kind, kleinkind) — kleindochter';
    expect(inClerkLanguage(ground, f, values, 'fr')).toBe('Descendant (enfant, petit-enfant) — kleindochter');
    expect(inClerkLanguage('Genealogie — Stamboomonderzoek', f, values, 'en')).toBe(
      'Genealogy — Stamboomonderzoek',
    );
    expect(inClerkLanguage(ground, f, values, 'nl')).toBe(ground);
    expect(inClerkLanguage(ground, undefined, values, 'fr')).toBe(ground);
  });

  it('names file kinds in words and has every message in nl, fr and en', () => {
    expect(fileKind('application/pdf', 'fr')).toBe('Document PDF');
    expect(fileKind('image/svg+xml', 'nl')).toBe('Ander bestand');
    for (const [key, text] of Object.entries(ALL_REQUEST_PAGE_MESSAGES)) {
      expect({ key, fr: Boolean(text.fr), en: Boolean(text.en) }).toEqual({ key, fr: true, en: true });
    }
  });

  it('tells an e-mail withheld because the document is in the e-Box, and leaves e-Box rows to the history', () => {
    const row = (over: Partial<OutboxRecord>) =>
      ({
        kind: 'email',
        state: 'sent',
        createdAt: NOW,
        payload: { kind: 'delivered' },
        ...over,
      }) as OutboxRecord;
    const lines = mailLines(
      [row({ state: 'skipped' }), row({ kind: 'ebox', payload: { kind: 'ebox' } }), row({})],
      'nl',
    );
    expect(lines).toHaveLength(2);
    expect(lines[0]).toContain('niet verstuurd: het document staat in de e-Box');
    expect(lines[1]).toContain('verstuurd');
  });
});
