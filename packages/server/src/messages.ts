import { type Locale, type LocalizedText, localize } from '@smartloket/core';

/** UI strings of the server, Dutch first. */
const MESSAGES: Record<string, LocalizedText> = {
  eLoket: { nl: 'E-loket', fr: 'Guichet électronique', en: 'E-counter' },
  skipToContent: { nl: 'Naar de inhoud', fr: 'Aller au contenu', en: 'Skip to content' },
  language: { nl: 'Taal', fr: 'Langue', en: 'Language' },
  catalogue: {
    nl: 'Wat kunt u online aanvragen?',
    fr: 'Que pouvez-vous demander en ligne ?',
    en: 'What can you request online?',
  },
  catalogueEmpty: {
    nl: 'Er zijn nog geen producten beschikbaar.',
    fr: "Aucun produit n'est encore disponible.",
    en: 'No products are available yet.',
  },
  expectedDelivery: { nl: 'Levertermijn', fr: 'Délai de délivrance', en: 'Delivery time' },
  'theme.bevolking': { nl: 'Bevolking', fr: 'Population', en: 'Population' },
  'theme.burgerlijke-stand': { nl: 'Burgerlijke stand', fr: 'État civil', en: 'Civil status' },
  'theme.strafregister': { nl: 'Strafregister', fr: 'Casier judiciaire', en: 'Criminal record' },
  'theme.openbaar-domein': { nl: 'Openbaar domein', fr: 'Domaine public', en: 'Public space' },
  notFound: { nl: 'Pagina niet gevonden', fr: 'Page introuvable', en: 'Page not found' },
  serverError: {
    nl: 'Er ging iets mis. Probeer het later opnieuw.',
    fr: "Une erreur s'est produite. Veuillez réessayer plus tard.",
    en: 'Something went wrong. Please try again later.',
  },
};

/** A UI string in `locale`; `fallback` when the key is unknown. */
export function t(locale: Locale, key: string, fallback?: string): string {
  const text = MESSAGES[key];
  if (!text) return fallback ?? key;
  return localize(text, locale);
}
