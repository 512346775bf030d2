import type { LocalizedText } from '@smartloket/core';

/** The fixed texts printed on every certificate, in the four document languages. */
export const labels = {
  issuedOn: {
    nl: 'Uitgereikt op {date}',
    fr: 'Délivré le {date}',
    de: 'Ausgestellt am {date}',
    en: 'Issued on {date}',
  },
  page: {
    nl: 'Pagina {page} van {pages}',
    fr: 'Page {page} sur {pages}',
    de: 'Seite {page} von {pages}',
    en: 'Page {page} of {pages}',
  },
  verificationCode: {
    nl: 'Verificatiecode: {code}',
    fr: 'Code de vérification : {code}',
    de: 'Prüfcode: {code}',
    en: 'Verification code: {code}',
  },
  verifyAt: {
    nl: 'Controleer de echtheid van dit document op {url}',
    fr: "Vérifiez l'authenticité de ce document sur {url}",
    de: 'Prüfen Sie die Echtheit dieses Dokuments unter {url}',
    en: 'Check that this document is genuine at {url}',
  },
  sealed: {
    nl: 'Dit document is elektronisch verzegeld door {municipality}.',
    fr: 'Ce document est scellé électroniquement par {municipality}.',
    de: 'Dieses Dokument ist elektronisch versiegelt von {municipality}.',
    en: 'This document is electronically sealed by {municipality}.',
  },
  placeAndDate: {
    nl: '{place}, {date}',
    fr: '{place}, le {date}',
    de: '{place}, den {date}',
    en: '{place}, {date}',
  },
} satisfies Record<string, LocalizedText>;

/** BCP 47 tag for a document locale (Belgian variants). */
export const languageTags = { nl: 'nl-BE', fr: 'fr-BE', de: 'de-BE', en: 'en-BE' } as const;
