import {
  defineSource,
  type LocalizedText,
  PermanentSourceError,
  type SourceDefinition,
  type SourceResult,
  TransientSourceError,
} from '@smartloket/core';
import { type MagdaMeta, type MagdaServiceName, magdaClientRef } from '@smartloket/source-magda';
import { ACT_TYPES, type ActTypeKey } from './act-types.js';
import { type ActSearch, type DabsCodes, findActs } from './acts.js';
import type { ActForm } from './form.js';
import { GEEF_AKTE, ZOEK_AKTEN } from './manifest.js';

/** Messages of the source's final answers (the requester reads them). */
export const MESSAGES = {
  notFound: {
    nl: 'De akte werd niet gevonden in DABS. Oudere akten (van vóór april 2019) staan er niet altijd in. Een medewerker zoekt de akte op in de registers.',
    fr: "L'acte n'a pas été trouvé dans la BAEC. Les actes plus anciens (d'avant avril 2019) n'y figurent pas toujours. Un collaborateur recherche l'acte dans les registres.",
    en: 'The act was not found in DABS. Older acts (before April 2019) are not always in it. A staff member will look for the act in the registers.',
  },
  several: {
    nl: 'Er werden meerdere akten gevonden en er werd er geen gekozen. Een medewerker neemt contact met u op.',
    fr: "Plusieurs actes ont été trouvés et aucun n'a été choisi. Un collaborateur vous contactera.",
    en: 'Several acts were found and none was chosen. A staff member will contact you.',
  },
  noDocument: {
    nl: 'DABS gaf geen document voor deze akte. Een medewerker bekijkt uw aanvraag.',
    fr: "La BAEC n'a pas fourni de document pour cet acte. Un collaborateur examine votre demande.",
    en: 'DABS returned no document for this act. A staff member will look at your request.',
  },
} satisfies Record<string, LocalizedText>;

const fail = (code: string, message: keyof typeof MESSAGES): never => {
  throw new PermanentSourceError(
    `BURGERLIJKE_STAND_${code}`,
    `burgerlijke-stand: ${code.toLowerCase()}`,
    MESSAGES[message],
    'review',
  );
};

export interface ActSourceOptions {
  key: ActTypeKey;
  codes: DabsCodes;
  /** Uittreksel model names DABS expects. */
  models: { belgisch: string; internationaal: string };
  /** MAGDA Afzender purpose key (the client's `afzender.purposes`). */
  purpose?: string | undefined;
}

/**
 * The source of one act type: ZoekAktenBurgerlijkeStand with the criteria of the form (the same
 * search the access rule made), the chosen act or the only one, then GeefAkteBurgerlijkeStand
 * with CriteriaUittreksel (model) or CriteriaAfschrift. The PDF comes sealed by DABS and is
 * delivered as received. Both calls go through `ctx.consult` (audited with their referte).
 */
export function createActSource(options: ActSourceOptions): SourceDefinition {
  return defineSource({
    id: `burgerlijke-stand.${options.key}`,
    deps: { magda: magdaClientRef },
    async fetch(ctx, { magda }): Promise<SourceResult> {
      const form = ctx.request.form as Partial<ActForm>;
      const nis = ctx.municipality.nisCode;
      const call = (referte: string) => ({
        referte,
        ...(options.purpose ? { purpose: options.purpose } : {}),
      });
      const guard = (service: MagdaServiceName) => {
        // An open circuit means MAGDA is known to be down: wait without a call (nor an audit record).
        if (magda.circuitState(service) === 'open') {
          throw new TransientSourceError('MAGDA_CIRCUIT_OPEN', `MAGDA ${service}: circuit open`, {
            retryAfterMs: 30_000,
          });
        }
      };
      const outcome = (meta: MagdaMeta) => (meta.warnings.some((w) => w.type === 'FOUT') ? 'refused' : 'ok');
      const search: ActSearch = async (criteria, subjectId) => {
        guard('ZoekAktenBurgerlijkeStand');
        try {
          const r = await ctx.consult(
            ZOEK_AKTEN,
            (referte) =>
              magda.zoekAktenBurgerlijkeStand({ ...criteria, gemeenteVanAfgifte: nis }, call(referte)),
            { ...(subjectId ? { subjectId } : {}), outcome },
          );
          return r.akten;
        } catch (error) {
          if ((error as { outcome?: string }).outcome === 'not_found') return [];
          throw error;
        }
      };
      const acts = await findActs(options.key, form, ctx.request.subject, nis, options.codes, search);
      const chosen = form.act ? acts.filter((a) => a.referte === form.act) : acts;
      if (chosen.length === 0) fail('NOT_FOUND', 'notFound');
      if (chosen.length > 1) fail('SEVERAL', 'several');
      const act = chosen[0]!;
      const afschrift = form.document === 'afschrift';
      guard('GeefAkteBurgerlijkeStand');
      const r = await ctx.consult(
        GEEF_AKTE,
        (referte) =>
          magda.geefAkteBurgerlijkeStand(
            {
              documentReferte: act.referte,
              soort: afschrift ? 'afschrift' : 'uittreksel',
              ...(afschrift
                ? {}
                : {
                    model:
                      form.model === 'internationaal'
                        ? options.models.internationaal
                        : options.models.belgisch,
                  }),
              documentTaal: form.language ?? 'nl',
              gemeenteVanAfgifte: nis,
            },
            call(referte),
          ),
        { ...(ctx.request.subject.insz ? { subjectId: ctx.request.subject.insz } : {}), outcome },
      );
      if (!r.document) fail('NO_DOCUMENT', 'noDocument');
      return {
        kind: 'document',
        document: {
          bytes: r.document!,
          mediaType: 'application/pdf',
          fileName: actFileName(options.key, afschrift, form.language ?? 'nl', ctx.request.reference),
          sealedBy: 'DABS',
        },
      };
    },
  });
}

const DOCUMENT_WORD = {
  uittreksel: { nl: 'uittreksel', fr: 'extrait', de: 'auszug', en: 'extract' },
  afschrift: { nl: 'afschrift', fr: 'copie', de: 'abschrift', en: 'copy' },
} as const;

/**
 * The file name of a delivered act in the language it was asked in: "extrait-acte-de-naissance-
 * <reference>.pdf", "auszug-geburtsurkunde-<reference>.pdf" (ASCII, no spaces).
 */
export function actFileName(
  key: ActTypeKey,
  afschrift: boolean,
  language: string,
  reference: string,
): string {
  const lang = (['nl', 'fr', 'de', 'en'] as const).find((l) => l === language) ?? 'nl';
  const slug =
    `${DOCUMENT_WORD[afschrift ? 'afschrift' : 'uittreksel'][lang]} ${ACT_TYPES[key].title[lang] ?? ACT_TYPES[key].title.nl}`
      .normalize('NFD')
      .replace(/\p{M}+/gu, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '');
  return `${slug}-${reference.replace(/[^\w.-]+/g, '_')}.pdf`;
}
