import {
  type Kernel,
  type Locale,
  type LocalizedText,
  localize,
  PREFILL_PURPOSE_PREFIX,
} from '@smartloket/core';

/**
 * Purposes the bundled plugins record for the checks they make on their own (not a requester's
 * words): shown in sentences, never as the code the audit log keeps.
 */
const CHECK_PURPOSES: Readonly<Record<string, LocalizedText>> = {
  'legal-representation': {
    nl: 'Nagaan wie de ouders of wettelijke vertegenwoordigers zijn',
    fr: 'Vérifier qui sont les parents ou les représentants légaux',
    en: 'Checking who the parents or legal representatives are',
  },
  'household-check': {
    nl: 'Nagaan wie tot het gezin behoort',
    fr: 'Vérifier qui fait partie du ménage',
    en: 'Checking who belongs to the household',
  },
  'residence-check': {
    nl: 'Nagaan waar de persoon woont',
    fr: 'Vérifier où la personne réside',
    en: 'Checking where the person lives',
  },
  'act-access': {
    nl: 'Nagaan of de aanvrager de akte mag krijgen',
    fr: "Vérifier que le demandeur peut obtenir l'acte",
    en: 'Checking that the requester may receive the act',
  },
};

const PREFILL: LocalizedText = {
  nl: 'Het formulier "{title}" vooraf invullen',
  fr: 'Préremplir le formulaire « {title} »',
  en: 'Prefilling the form "{title}"',
};

const AUTHENTIC_SOURCE: LocalizedText = {
  nl: 'een authentieke bron',
  fr: 'une source authentique',
  en: 'an authentic source',
};

/**
 * The purpose of an audit record in words: a prefill (`prefill:<type id>`) names the form, the
 * plugins' own checks are told in a sentence, anything else is the requester's stated purpose and
 * shown as written. `prefill` overrides the sentence of a prefill (`{title}` is filled in).
 */
export function purposeLabel(
  kernel: Pick<Kernel, 'requestType'>,
  purpose: string | null | undefined,
  locale: Locale,
  prefill: LocalizedText = PREFILL,
): string | undefined {
  if (!purpose) return undefined;
  if (purpose.startsWith(PREFILL_PURPOSE_PREFIX)) {
    const typeId = purpose.slice(PREFILL_PURPOSE_PREFIX.length);
    const title = kernel.requestType(typeId)?.definition.title;
    return localize(prefill, locale).replaceAll('{title}', title ? localize(title, locale) : typeId);
  }
  const check = CHECK_PURPOSES[purpose];
  return check ? localize(check, locale) : purpose;
}

/**
 * A source service (a manifest key such as `magda:GeefPersoon-02.02`) in words: the description
 * in the manifest of the plugin that consulted it (`pluginId`, as the audit record keeps it; else
 * the first plugin that describes the service), else `fallback` (by default "an authentic
 * source", never the key itself).
 */
export function serviceLabel(
  kernel: Pick<Kernel, 'plugins'>,
  consultation: { service?: string | null | undefined; pluginId?: string | undefined },
  locale: Locale,
  fallback?: string,
): string {
  const { service, pluginId } = consultation;
  if (service) {
    const plugins = kernel.plugins();
    const own = plugins.find((p) => p.id === pluginId)?.sources[service]?.description;
    const description =
      own ?? plugins.find((p) => p.sources[service]?.description)?.sources[service]?.description;
    if (description) return localize(description, locale);
  }
  return fallback ?? localize(AUTHENTIC_SOURCE, locale);
}

/** The id of the plugin that made a consultation, as its audit record keeps it. */
export function consultingPlugin(entry: { data?: unknown }): string | undefined {
  const id = (entry.data as { pluginId?: unknown } | null | undefined)?.pluginId;
  return typeof id === 'string' ? id : undefined;
}
