import { type Locale, type LocalizedText, localize, type Municipality } from '@smartloket/core';

/** Retention terms shown in the privacy statement. */
export interface StatementTerms {
  documentMonths: number;
  formDataDays: number;
  auditYears: number;
  sessionIdleMinutes: number;
  /**
   * The terms of request types whose own terms differ from the ones above, or whose documents
   * follow their validity (the terms the purge applies: see the runtime's `Deployment.typeRetention`).
   */
  byType?: readonly {
    title: LocalizedText;
    documentMonths: number;
    formDataDays: number;
    /** Documents stay online as long as they are valid (at least `documentMonths`). */
    documentsFollowValidity?: boolean | undefined;
  }[];
}

/** A section: paragraphs, a list being an array of items. */
type Section = { heading: string; paragraphs: (string | string[])[] };

/** One line per request type whose terms differ: only the terms that differ. */
function typeTermItems(locale: Lang, terms: StatementTerms): string[] {
  const phrases = {
    nl: {
      documents: (n: number) => `documenten blijven ${n} maanden downloadbaar`,
      valid: (n: number) => `documenten blijven downloadbaar zolang ze geldig zijn, en minstens ${n} maanden`,
      forms: (n: number) => `formuliergegevens en bijlagen wissen we ${n} dagen na het afsluiten`,
      and: ' en ',
      colon: ': ',
    },
    fr: {
      documents: (n: number) => `les documents restent téléchargeables pendant ${n} mois`,
      valid: (n: number) =>
        `les documents restent téléchargeables tant qu’ils sont valables, et au moins ${n} mois`,
      forms: (n: number) =>
        `les données du formulaire et les pièces jointes sont effacées ${n} jours après la clôture`,
      and: ' et ',
      colon: ' : ',
    },
    en: {
      documents: (n: number) => `documents stay downloadable for ${n} months`,
      valid: (n: number) => `documents stay downloadable as long as they are valid, and at least ${n} months`,
      forms: (n: number) => `form data and attachments are erased ${n} days after closing`,
      and: ' and ',
      colon: ': ',
    },
  }[locale];
  return (terms.byType ?? [])
    .map((t) => {
      const parts = [
        ...(t.documentsFollowValidity
          ? [phrases.valid(t.documentMonths)]
          : t.documentMonths !== terms.documentMonths
            ? [phrases.documents(t.documentMonths)]
            : []),
        ...(t.formDataDays !== terms.formDataDays ? [phrases.forms(t.formDataDays)] : []),
      ];
      return parts.length ? `${localize(t.title, locale)}${phrases.colon}${parts.join(phrases.and)}.` : '';
    })
    .filter((line) => line !== '')
    .sort((a, b) => a.localeCompare(b, locale));
}
type Lang = 'nl' | 'fr' | 'en';

function lang(locale: Locale): Lang {
  return locale === 'fr' || locale === 'en' ? locale : 'nl';
}

/** The privacy statement of the e-counter, in nl, fr or en. */
export function privacyStatement(
  locale: Locale,
  m: Municipality,
  terms: StatementTerms,
): { title: string; sections: Section[] } {
  const name = localize(m.name, locale);
  const contact = m.email ?? `${m.address.street}, ${m.address.postcode} ${m.address.city}`;
  const items = typeTermItems(lang(locale), terms);
  const texts: Record<Lang, { title: string; sections: Section[] }> = {
    nl: {
      title: 'Privacyverklaring',
      sections: [
        {
          heading: 'Wie verwerkt uw gegevens?',
          paragraphs: [
            `${name} is verantwoordelijk voor de verwerking van uw persoonsgegevens in dit e-loket.`,
          ],
        },
        {
          heading: 'Welke gegevens en waarom?',
          paragraphs: [
            'Bij het aanmelden ontvangen we uw naam, uw rijksregisternummer en, als u het hebt opgegeven, uw e-mailadres. We gebruiken ze om uw aanvraag te behandelen en u te laten weten wanneer ze klaar is.',
            'Om een attest af te leveren, vragen we uw gegevens op bij de authentieke bron (zoals het Rijksregister via MAGDA). Elke opvraging wordt gelogd; u ziet ze zelf op de pagina "Wie heeft mijn gegevens opgevraagd?".',
          ],
        },
        {
          heading: 'Hoe lang bewaren we ze?',
          paragraphs: [
            `Documenten blijven ${terms.documentMonths} maanden downloadbaar. Formuliergegevens en bijlagen wissen we ${terms.formDataDays} dagen na het afsluiten van uw aanvraag. Het logboek van de opvragingen bewaren we ${terms.auditYears} jaar, zoals de wet vraagt.`,
            ...(items.length ? ['Voor deze aanvragen gelden andere termijnen:', items] : []),
            `Uw sessie eindigt na ${terms.sessionIdleMinutes} minuten zonder activiteit. We gebruiken alleen een noodzakelijk sessiecookie, geen cookies om u te volgen.`,
          ],
        },
        {
          heading: 'Uw rechten',
          paragraphs: [
            `U kunt uw gegevens inkijken, laten verbeteren of laten wissen waar de wet dat toelaat. Neem daarvoor contact op met ${name}: ${contact}. U kunt ook klacht indienen bij de Vlaamse Toezichtcommissie.`,
          ],
        },
      ],
    },
    fr: {
      title: 'Déclaration de confidentialité',
      sections: [
        {
          heading: 'Qui traite vos données ?',
          paragraphs: [
            `${name} est responsable du traitement de vos données à caractère personnel dans ce guichet électronique.`,
          ],
        },
        {
          heading: 'Quelles données et pourquoi ?',
          paragraphs: [
            'Lors de la connexion, nous recevons votre nom, votre numéro de registre national et, si vous l’avez indiquée, votre adresse e-mail. Nous les utilisons pour traiter votre demande et vous prévenir lorsqu’elle est prête.',
            'Pour délivrer une attestation, nous consultons vos données dans la source authentique (par exemple le Registre national via MAGDA). Chaque consultation est enregistrée ; vous les voyez sur la page « Qui a consulté mes données ? ».',
          ],
        },
        {
          heading: 'Combien de temps les conservons-nous ?',
          paragraphs: [
            `Les documents restent téléchargeables pendant ${terms.documentMonths} mois. Les données des formulaires et les pièces jointes sont effacées ${terms.formDataDays} jours après la clôture de votre demande. Le journal des consultations est conservé ${terms.auditYears} ans, comme la loi l’exige.`,
            ...(items.length ? ['Pour ces demandes, d’autres délais s’appliquent :', items] : []),
            `Votre session se termine après ${terms.sessionIdleMinutes} minutes d’inactivité. Nous n’utilisons qu’un cookie de session nécessaire, aucun cookie de suivi.`,
          ],
        },
        {
          heading: 'Vos droits',
          paragraphs: [
            `Vous pouvez consulter vos données, les faire rectifier ou effacer lorsque la loi le permet. Contactez ${name} : ${contact}. Vous pouvez aussi introduire une plainte auprès de l’autorité de contrôle compétente.`,
          ],
        },
      ],
    },
    en: {
      title: 'Privacy statement',
      sections: [
        {
          heading: 'Who processes your data?',
          paragraphs: [`${name} is the controller of your personal data in this e-counter.`],
        },
        {
          heading: 'Which data and why?',
          paragraphs: [
            'When you log in we receive your name, your national register number and, if you gave it, your e-mail address. We use them to handle your request and to tell you when it is ready.',
            'To deliver a certificate we consult your data in the authentic source (such as the National Register through MAGDA). Every consultation is logged; you can see them yourself on the page "Who looked up my data?".',
          ],
        },
        {
          heading: 'How long do we keep them?',
          paragraphs: [
            `Documents stay downloadable for ${terms.documentMonths} months. Form data and attachments are erased ${terms.formDataDays} days after your request is closed. The log of consultations is kept for ${terms.auditYears} years, as the law requires.`,
            ...(items.length ? ['Other terms apply to these requests:', items] : []),
            `Your session ends after ${terms.sessionIdleMinutes} minutes without activity. We only use a necessary session cookie, no tracking cookies.`,
          ],
        },
        {
          heading: 'Your rights',
          paragraphs: [
            `You may see your data, have it corrected, or have it erased where the law allows. Contact ${name}: ${contact}. You may also lodge a complaint with the supervisory authority.`,
          ],
        },
      ],
    },
  };
  return texts[lang(locale)];
}

/** The accessibility statement of the e-counter, in nl, fr or en. */
export function accessibilityStatement(
  locale: Locale,
  m: Municipality,
): { title: string; sections: Section[] } {
  const name = localize(m.name, locale);
  const contact = m.email ?? `${m.address.street}, ${m.address.postcode} ${m.address.city}`;
  const texts: Record<Lang, { title: string; sections: Section[] }> = {
    nl: {
      title: 'Toegankelijkheidsverklaring',
      sections: [
        {
          heading: 'Nalevingsstatus',
          paragraphs: [
            `${name} wil dit e-loket toegankelijk maken voor iedereen. Het e-loket streeft naar conformiteit met WCAG 2.1 niveau AA (EN 301 549).`,
            'Elke pagina wordt bij elke wijziging automatisch getest met axe-core in een echte browser, en een volledige aanvraag kan met alleen het toetsenbord worden doorlopen. De pagina’s werken zonder JavaScript.',
          ],
        },
        {
          heading: 'Problemen melden',
          paragraphs: [
            `Loopt u toch vast? Laat het ons weten via ${contact}. We antwoorden binnen 10 werkdagen.`,
          ],
        },
      ],
    },
    fr: {
      title: "Déclaration d'accessibilité",
      sections: [
        {
          heading: 'État de conformité',
          paragraphs: [
            `${name} veut rendre ce guichet électronique accessible à tous. Le guichet vise la conformité au niveau AA des WCAG 2.1 (EN 301 549).`,
            'Chaque page est testée automatiquement avec axe-core dans un vrai navigateur à chaque modification, et une demande complète peut être faite au clavier seul. Les pages fonctionnent sans JavaScript.',
          ],
        },
        {
          heading: 'Signaler un problème',
          paragraphs: [
            `Vous rencontrez un obstacle ? Signalez-le via ${contact}. Nous répondons dans les 10 jours ouvrables.`,
          ],
        },
      ],
    },
    en: {
      title: 'Accessibility statement',
      sections: [
        {
          heading: 'Compliance status',
          paragraphs: [
            `${name} wants this e-counter to be accessible to everyone. It aims to conform to WCAG 2.1 level AA (EN 301 549).`,
            'Every page is tested automatically with axe-core in a real browser on every change, and a whole request can be made with the keyboard only. The pages work without JavaScript.',
          ],
        },
        {
          heading: 'Report a problem',
          paragraphs: [`Stuck anyway? Tell us at ${contact}. We answer within 10 working days.`],
        },
      ],
    },
  };
  return texts[lang(locale)];
}
