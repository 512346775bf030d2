import { type ChoiceOption, defineChoice, type Locale, type LocalizedText, localize } from '@smartloket/core';
import { type ActChoice, actAccessRef, RULE_MESSAGES } from './rules.js';

const DATE_LOCALES: Record<string, string> = { nl: 'nl-BE', fr: 'fr-BE', en: 'en-GB', de: 'de-BE' };

/** A DABS date (YYYY, YYYY-MM or YYYY-MM-DD) as people read it. */
export function formatActDate(date: string, locale: Locale): string {
  const [y, m, d] = date.split('-').map(Number);
  if (!m) return String(y);
  const at = new Date(Date.UTC(y!, m - 1, d ?? 1));
  return new Intl.DateTimeFormat(DATE_LOCALES[locale] ?? 'nl-BE', {
    timeZone: 'UTC',
    year: 'numeric',
    month: 'long',
    ...(d ? { day: 'numeric' } : {}),
  }).format(at);
}

/** The option of one act: its type and date, in every language (the value is the DocumentReferte). */
export function actOption(choice: ActChoice): ChoiceOption {
  const label = (l: Locale) => {
    const title = localize(choice.title, l);
    return choice.date ? `${title}, ${formatActDate(choice.date, l)}` : title;
  };
  return {
    value: choice.referte,
    label: { nl: label('nl'), fr: label('fr'), en: label('en') } satisfies LocalizedText,
  };
}

/**
 * The "choose your act" step: when DABS finds several acts for the form's criteria, the acts
 * this requester may receive automatically (art. 29 BW, see `ActAccess.choices`); the others are
 * never shown. One act found, or none: nothing to choose (the step is skipped and the rule
 * decides). The search goes through the choice's audited `consult` (actor: the requester, the
 * manifest's legal basis). The rule judges the chosen act itself (`check: 'rules'`): an act it
 * did not find goes to review, an act the requester may not have is denied.
 */
export function actChoice() {
  return defineChoice({
    deps: { acts: actAccessRef },
    check: 'rules',
    unavailable: RULE_MESSAGES.choicesUnavailable,
    async load(ctx, { acts }) {
      if (!ctx.subject) return [];
      const found = await acts.choices(
        {
          requestTypeId: ctx.requestTypeId,
          requester: ctx.requester,
          identity: ctx.identity,
          subject: ctx.subject,
          form: ctx.values,
          purpose: ctx.purpose,
          now: ctx.now,
        },
        ctx.consult,
      );
      return found.map(actOption);
    },
  });
}
