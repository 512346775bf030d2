import { UI_LOCALES } from '@smartloket/core';
import { describe, expect, it } from 'vitest';
import { EMAIL_KINDS, type EmailData, type EmailKind, renderEmail } from './templates.js';
import { testMunicipality as municipality } from './testing-fixtures.js';

const base = 'https://loket.zottegem.example';
const requestType = {
  nl: 'Attest van gezinssamenstelling',
  fr: 'Certificat de composition de ménage',
  en: 'Household composition certificate',
};
const reference = 'SL-2026-000123';

const samples: { [K in EmailKind]: EmailData[K] } = {
  receipt: { reference, requestType, handling: 'automatic', followUpUrl: `${base}/aanvragen/1` },
  delivered: {
    reference,
    requestType,
    personalPageUrl: `${base}/mijn`,
    expiresAt: '2026-04-05T09:00:00Z',
  },
  in_review: { reference, requestType, followUpUrl: `${base}/aanvragen/1` },
  information_asked: {
    reference,
    requestType,
    question: 'Voor welke instantie is het attest bestemd?',
    deadline: '2026-01-20T12:00:00Z',
    answerUrl: `${base}/aanvragen/1/antwoord`,
  },
  refused: { reference, requestType, reason: 'U woont niet in de gemeente.' },
  payment_due: {
    reference,
    requestType,
    stage: 'due',
    amountCents: 750,
    payBy: '2026-01-20T12:00:00Z',
    payUrl: `${base}/my/requests/1/pay`,
  },
  report_status_changed: {
    reference: 'ML-2026-000042',
    requestType: { nl: 'Sluikstort', fr: 'Dépôt clandestin', en: 'Fly-tipping' },
    status: 'resolved',
    comment: 'Opgeruimd door de technische dienst.',
    followUpUrl: `${base}/meldingen/42`,
  },
  email_confirmation: { confirmUrl: `${base}/bevestig/abc123`, expiresAt: '2026-01-05T10:00:00Z' },
  anonymous_link: { reference, requestType, followUrl: `${base}/volg/k9Zq-capability` },
  draft_resume: { requestType, resumeUrl: `${base}/resume/k9Zq-resume`, expiresAt: '2026-02-04T10:00:00Z' },
  problem_digest: {
    date: '2026-01-05T06:00:00Z',
    failedDeliveries: [{ reference, mail: 'delivered', attempts: 8, lastError: 'SMTP 451' }],
    deadLetteredJobs: [{ id: 'job-7', type: 'pipeline.step', attempts: 5 }],
    configProblems: [
      { nl: 'Geen afzenderadres ingesteld', fr: "Pas d'adresse d'expéditeur", en: 'No sender' },
    ],
    expiringCertificates: [{ name: 'MAGDA client certificate', expiresAt: '2026-02-01T00:00:00Z' }],
    dashboardUrl: `${base}/backoffice/problemen`,
  },
};

/** Strings each kind must contain, per language: [subject, text body]. */
const expected: Record<EmailKind, Record<'nl' | 'fr' | 'en', [string, string]>> = {
  receipt: {
    nl: ['Aanvraag SL-2026-000123 ontvangen', 'We maken uw document automatisch klaar'],
    fr: ['Demande SL-2026-000123 reçue', 'Nous préparons automatiquement votre document'],
    en: ['Request SL-2026-000123 received', 'We prepare your document automatically'],
  },
  delivered: {
    nl: ['Uw document is klaar', 'tot en met 5 april 2026'],
    fr: ['Votre document est prêt', 'jusqu’au 5 avril 2026 inclus'],
    en: ['Your document is ready', 'until 5 April 2026'],
  },
  in_review: {
    nl: ['wordt behandeld', 'Een medewerker van Gemeente Zottegem bekijkt ze'],
    fr: ['en cours de traitement', 'ne peut pas être traitée automatiquement'],
    en: ['is being reviewed', 'cannot be handled automatically'],
  },
  information_asked: {
    nl: ['meer informatie nodig', 'uiterlijk op 20 januari 2026'],
    fr: ['informations complémentaires', 'au plus tard le 20 janvier 2026'],
    en: ['need more information', 'Please answer by 20 January 2026'],
  },
  refused: {
    nl: ['Beslissing over uw aanvraag SL-2026-000123', 'U woont niet in de gemeente.'],
    fr: ['Décision concernant votre demande', 'Motif\u00a0:'],
    en: ['Decision on your request', 'Reason:'],
  },
  payment_due: {
    nl: ['Uw aanvraag SL-2026-000123 is goedgekeurd: te betalen', 'Betaal uiterlijk op 20 januari 2026'],
    fr: ['Votre demande SL-2026-000123 est approuvée', 'Payez au plus tard le 20 janvier 2026'],
    en: ['Your request SL-2026-000123 is approved: payment due', 'Please pay by 20 January 2026'],
  },
  report_status_changed: {
    nl: ['Nieuwe status van uw melding ML-2026-000042', 'Nieuwe status: Opgelost'],
    fr: ['Nouveau statut de votre signalement', 'Nouveau statut\u00a0: Résolu'],
    en: ['New status of your report', 'New status: Resolved'],
  },
  email_confirmation: {
    nl: ['Bevestig uw e-mailadres', 'De link werkt één keer en is geldig tot 5 januari 2026'],
    fr: ['Confirmez votre adresse e-mail', 'ne fonctionne qu’une seule fois'],
    en: ['Confirm your e-mail address', 'The link works once'],
  },
  anonymous_link: {
    nl: ['Link om uw aanvraag SL-2026-000123 op te volgen', 'stuur de link aan niemand door'],
    fr: ['Lien pour suivre votre demande', 'ne transférez le lien à personne'],
    en: ['Link to follow your request', 'do not forward the link'],
  },
  draft_resume: {
    nl: ['Ga verder met uw aanvraag', 'bewaard tot en met 4 februari 2026'],
    fr: ['Continuez votre demande', 'conservée jusqu’au 4 février 2026 inclus'],
    en: ['Continue your request', 'kept until 4 February 2026'],
  },
  problem_digest: {
    nl: [
      'dagoverzicht van problemen, 5 januari 2026 (4 te bekijken)',
      'MAGDA client certificate: vervalt op',
    ],
    fr: ['résumé quotidien des problèmes', 'MAGDA client certificate : expire le'],
    en: ['daily problem digest, 5 January 2026 (4 to review)', 'Dead-lettered jobs'],
  },
};

describe('payment_due', () => {
  it('says the amount, reminds before the term and tells a lapsed request, in each language', () => {
    const reminder = renderEmail(
      'payment_due',
      { ...samples.payment_due, stage: 'reminder' },
      {
        locale: 'fr',
        municipality,
      },
    );
    expect(reminder.subject).toBe('Rappel : payez votre demande SL-2026-000123');
    expect(reminder.text.replace(/\u00a0|\u202f/g, ' ')).toContain('la redevance de 7,50 €');
    expect(reminder.html).toContain(`${base}/my/requests/1/pay`);
    const lapsed = renderEmail(
      'payment_due',
      { ...samples.payment_due, stage: 'lapsed', payUrl: undefined },
      { locale: 'nl', municipality },
    );
    expect(lapsed.subject).toBe('Uw aanvraag SL-2026-000123 is vervallen');
    expect(lapsed.text.replace(/\u00a0/g, ' ')).toContain('We hebben de retributie van € 7,50');
    expect(lapsed.text).not.toContain('/pay');
  });
});

describe('renderEmail', () => {
  for (const kind of EMAIL_KINDS) {
    for (const locale of UI_LOCALES) {
      it(`renders ${kind} in ${locale}`, () => {
        const mail = renderEmail(kind, samples[kind] as never, { locale, municipality });
        const [subject, body] = expected[kind][locale];
        expect(mail.subject).toContain(subject);
        expect(mail.text).toContain(body);
        expect(mail.html).toContain(`<html lang="${locale}"`);
        expect(mail.html).toContain('background-color:#0b5394');
        expect(mail.html).toContain(String(municipality.name[locale]));
        // Every link in the data appears in both parts.
        for (const value of Object.values(samples[kind])) {
          if (typeof value === 'string' && value.startsWith('https://')) {
            expect(mail.text).toContain(value);
            expect(mail.html).toContain(`href="${value}"`);
          }
        }
      });
    }
  }

  it('renders the reminder of a question in nl, fr and en', () => {
    const expectedReminder = {
      nl: [
        'Herinnering: we wachten op uw antwoord (aanvraag SL-2026-000123)',
        'uiterlijk op 20 januari 2026',
      ],
      fr: ['Rappel : nous attendons votre réponse', 'au plus tard le 20 janvier 2026'],
      en: ['Reminder: we are waiting for your answer', 'Please answer by 20 January 2026'],
    } as const;
    for (const locale of ['nl', 'fr', 'en'] as const) {
      const mail = renderEmail(
        'information_asked',
        { ...samples.information_asked, reminder: true },
        { locale, municipality },
      );
      expect(mail.subject).toContain(expectedReminder[locale][0]);
      expect(mail.text).toContain(expectedReminder[locale][1]);
      expect(mail.text).toContain('Voor welke instantie is het attest bestemd?');
    }
  });

  it('keeps personal data and the request type out of the delivered subject', () => {
    const name = 'Jan Peeters';
    const insz = '85073003328';
    const data = {
      ...samples.delivered,
      requestType: { nl: `Uittreksel uit het strafregister voor ${name} (${insz})` },
      // Fields a careless caller might pass along; the template ignores them.
      name,
      insz,
    };
    for (const locale of UI_LOCALES) {
      const mail = renderEmail('delivered', data, { locale, municipality });
      expect(mail.subject).not.toContain(name);
      expect(mail.subject).not.toContain(insz);
      expect(mail.subject).not.toContain('strafregister');
      expect(mail.subject).toContain(reference);
    }
  });

  it("prints the validity of a document that has one, in the reader's language, and none otherwise", () => {
    const expected = {
      nl: 'Het document is geldig tot en met 31 januari 2028.',
      fr: 'Le document est valable jusqu’au 31 janvier 2028 inclus.',
      en: 'The document is valid until 31 January 2028 inclusive.',
    };
    for (const locale of ['nl', 'fr', 'en'] as const) {
      const mail = renderEmail(
        'delivered',
        { ...samples.delivered, validUntil: '2028-01-30T23:00:00Z' },
        { locale, municipality },
      );
      expect(mail.text).toContain(expected[locale]);
      expect(mail.html).toContain(expected[locale]);
    }
    const plain = renderEmail('delivered', samples.delivered, { locale: 'nl', municipality });
    expect(plain.text).not.toContain('geldig tot');
  });

  it('escapes interpolated values in HTML', () => {
    const reason = '<script>alert("x")</script> & <b>bold</b>';
    const mail = renderEmail('refused', { ...samples.refused, reason }, { locale: 'nl', municipality });
    expect(mail.html).not.toContain('<script>');
    expect(mail.html).not.toContain('<b>bold');
    expect(mail.html).toContain(
      '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt;',
    );
    // The text part keeps the reason as written.
    expect(mail.text).toContain(reason);
  });

  it('escapes the municipality name and ignores a colour that is not a hex colour', () => {
    const mail = renderEmail('receipt', samples.receipt, {
      locale: 'nl',
      municipality: {
        ...municipality,
        name: { nl: 'Gemeente "<img src=x onerror=alert(1)>"' },
        colours: { primary: 'red;background:url(javascript:alert(1))' },
      },
    });
    expect(mail.html).not.toContain('<img');
    expect(mail.html).not.toContain('javascript:');
  });

  it('refuses links that are not http(s)', () => {
    expect(() =>
      renderEmail(
        'delivered',
        { ...samples.delivered, personalPageUrl: 'javascript:alert(1)' },
        { locale: 'nl', municipality },
      ),
    ).toThrow(/scheme/);
  });

  it('keeps subjects on one line', () => {
    const mail = renderEmail(
      'receipt',
      { ...samples.receipt, reference: 'SL-1\r\nBcc: x@example.org' },
      { locale: 'en', municipality },
    );
    expect(mail.subject).not.toMatch(/[\r\n]/);
  });

  it('adds the request type’s own text under the first paragraph, a paragraph a line, as escaped text', () => {
    const mail = renderEmail(
      'refused',
      { ...samples.refused, typeText: 'Bel ons <b>gerust</b>.\nTel. 09 000 00 00 & vraag naar de dienst.' },
      { locale: 'nl', municipality },
    );
    expect(mail.text).toContain('Bel ons <b>gerust</b>.\n\nTel. 09 000 00 00 & vraag naar de dienst.');
    expect(mail.html).toContain('Bel ons &lt;b&gt;gerust&lt;/b&gt;.');
    expect(mail.html).toContain('Tel. 09 000 00 00 &amp; vraag naar de dienst.');
    expect(mail.html).not.toContain('<b>gerust');
    expect(mail.subject).not.toContain('gerust');
  });
});
