import { defineRule, type LocalizedText } from '@smartloket/core';
import { populationLookupRef } from './population.js';

const abstain = (reason: LocalizedText) => ({ outcome: 'abstain' as const, reason });

/**
 * Gezinssamenstelling is for one's own household: a request about someone else (one's child,
 * another person) goes to review unless the requester belongs to that person's household in the
 * Rijksregister. Requests for oneself and organisation grants are left to the other rules.
 */
export function ownHouseholdOnly() {
  return defineRule({
    id: 'bevolking.own-household',
    description: {
      nl: 'Alleen voor het eigen gezin',
      fr: 'Uniquement pour son propre ménage',
      en: 'Only for one’s own household',
    },
    deps: { population: populationLookupRef },
    async decide(ctx, { population }) {
      const { relation, insz } = ctx.subject;
      if (relation === 'self' || relation === 'organisation' || relation === 'none') {
        return abstain({ nl: 'Niet van toepassing.', fr: 'Non applicable.', en: 'Not applicable.' });
      }
      const requester = ctx.identity?.insz ?? ctx.requester.insz;
      let same = false;
      if (requester && insz) {
        try {
          same = (await population.householdOf(insz)).some((m) => m.insz === requester);
        } catch {
          return {
            outcome: 'review',
            reason: {
              nl: 'Het gezin kon niet nagegaan worden in het rijksregister.',
              fr: "Le ménage n'a pas pu être vérifié dans le registre national.",
              en: 'The household could not be checked in the national register.',
            },
          };
        }
      }
      if (same) {
        return abstain({
          nl: 'De aanvrager behoort tot het gezin.',
          fr: 'Le demandeur fait partie du ménage.',
          en: 'The requester belongs to the household.',
        });
      }
      return {
        outcome: 'review',
        reason: {
          nl: 'Een attest van gezinssamenstelling is alleen voor het eigen gezin: de aanvrager behoort volgens het rijksregister niet tot dit gezin.',
          fr: "Un certificat de composition de ménage est réservé à son propre ménage : selon le registre national, le demandeur n'en fait pas partie.",
          en: 'A household composition certificate is for one’s own household only: according to the national register the requester is not part of it.',
        },
      };
    },
  });
}
