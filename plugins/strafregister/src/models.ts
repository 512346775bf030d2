import type { LocalizedText } from '@smartloket/core';

/** The four extract models a municipality hands out. */
export const MODEL_KEYS = ['595', '596-1', '596-2', '593'] as const;
export type ModelKey = (typeof MODEL_KEYS)[number];

export interface ModelInfo {
  /** The Strafregister's TypeUittreksel (assumed codes; 596.1 adds the activity: `596.1-<nn>`). */
  type: string;
  title: LocalizedText;
  description: LocalizedText;
}

export const MODELS: Record<ModelKey, ModelInfo> = {
  '595': {
    type: '595',
    title: {
      nl: 'Uittreksel uit het strafregister (model 595)',
      fr: 'Extrait de casier judiciaire (modèle 595)',
      en: 'Extract from the criminal record (model 595)',
    },
    description: {
      nl: 'Het algemene uittreksel, voor alle activiteiten die niet gereglementeerd zijn.',
      fr: "L'extrait général, pour toutes les activités non réglementées.",
      en: 'The general extract, for all activities that are not regulated.',
    },
  },
  '596-1': {
    type: '596.1',
    title: {
      nl: 'Uittreksel uit het strafregister (model 596.1)',
      fr: 'Extrait de casier judiciaire (modèle 596.1)',
      en: 'Extract from the criminal record (model 596.1)',
    },
    description: {
      nl: 'Voor een gereglementeerde activiteit (bijvoorbeeld bewakingsagent, taxichauffeur): kies de activiteit uit de lijst.',
      fr: 'Pour une activité réglementée (par exemple agent de gardiennage, chauffeur de taxi) : choisissez l’activité dans la liste.',
      en: 'For a regulated activity (for example security guard, taxi driver): choose the activity from the list.',
    },
  },
  '596-2': {
    type: '596.2',
    title: {
      nl: 'Uittreksel uit het strafregister (model 596.2)',
      fr: 'Extrait de casier judiciaire (modèle 596.2)',
      en: 'Extract from the criminal record (model 596.2)',
    },
    description: {
      nl: 'Voor activiteiten met minderjarigen (onderwijs, jeugdwerk, opvang). Een medewerker laat eerst de politie nakijken; vermeld het doel.',
      fr: 'Pour les activités avec des mineurs (enseignement, jeunesse, accueil). Un collaborateur fait d’abord vérifier par la police ; indiquez le but.',
      en: 'For activities with minors (education, youth work, childcare). Staff first have the police check it; state the purpose.',
    },
  },
  '593': {
    type: '593',
    title: {
      nl: 'Uittreksel uit het strafregister voor eerherstel (model 593)',
      fr: 'Extrait de casier judiciaire pour réhabilitation (modèle 593)',
      en: 'Extract from the criminal record for rehabilitation (model 593)',
    },
    description: {
      nl: 'Alleen voor een aanvraag tot eerherstel.',
      fr: 'Uniquement pour une demande de réhabilitation.',
      en: 'Only for an application for rehabilitation.',
    },
  },
};

/** The request type id of a model, e.g. `strafregister.model-596-2`. */
export const requestTypeId = (key: ModelKey) => `strafregister.model-${key}`;
