/**
 * Categories of reports: main categories (street lighting, roads, fly-tipping), each a report
 * type of its own, and their sub-categories (a lamp that is out, a lamp that stays on by day).
 * The municipality manages them in the back-office; this module holds their shape, the checks on
 * a set of them and the rules that follow from them: the team a report goes to, the handling
 * time, whether an anonymous report is accepted and the standard answers a clerk may pick.
 */
import { type LocalizedText, z } from '@smartloket/core';

/** A category id: lowercase letters, digits and dashes, like request type ids. */
export const categoryIdSchema = z
  .string()
  .max(50)
  .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, { message: 'lowercase letters, digits and dashes' });

/** A name in the three portal languages; Dutch first and required. */
export const categoryNameSchema = z.object({
  nl: z.string().trim().min(1).max(100),
  fr: z.string().trim().min(1).max(100),
  en: z.string().trim().min(1).max(100),
});

/** A standard answer a clerk picks when answering or closing a report. */
export const standardAnswerSchema = z.object({
  /** Stable within its category (`vervangen`, `doorgegeven`). */
  id: categoryIdSchema,
  /** What the clerk sees in the list. */
  title: z.string().trim().min(1).max(100),
  /** The answer the reporter reads, in nl/fr/en. */
  text: z.object({
    nl: z.string().trim().min(1).max(2000),
    fr: z.string().trim().min(1).max(2000),
    en: z.string().trim().min(1).max(2000),
  }),
});

/** One category as stored and edited in the back-office. */
export const categorySchema = z.object({
  id: categoryIdSchema,
  /** The main category a sub-category belongs to; absent for a main category. */
  parentId: categoryIdSchema.nullish().transform((v) => v ?? null),
  name: categoryNameSchema,
  /** The team that handles it (issue 19); a sub-category without one uses its main category's. */
  teamId: z
    .string()
    .max(36)
    .nullish()
    .transform((v) => v ?? null),
  /** Expected handling time in working days; a sub-category without one uses its main category's. */
  handlingDays: z
    .number()
    .int()
    .min(1)
    .max(365)
    .nullish()
    .transform((v) => v ?? null),
  /** Whether a report without login is accepted; a sub-category never allows more than its main category. */
  anonymousAllowed: z.boolean().default(true),
  standardAnswers: z.array(standardAnswerSchema).max(50).default([]),
  /** A category that is switched off is not offered for new reports; existing reports keep it. */
  active: z.boolean().default(true),
});

/** A category as stored. */
export type Category = z.output<typeof categorySchema>;
/** A category as written (defaults not yet applied). */
export type CategoryInput = z.input<typeof categorySchema>;
/** A standard answer. */
export type StandardAnswer = z.output<typeof standardAnswerSchema>;

/** The handling time when neither a sub-category nor its main category sets one. */
export const DEFAULT_HANDLING_DAYS = 10;

/** One problem with a set of categories, for the back-office form. */
export interface CategoryIssue {
  categoryId: string;
  code: 'duplicate' | 'parent.missing' | 'parent.not_main' | 'answer.duplicate';
  message: LocalizedText;
}

/**
 * Checks a set of categories as a whole: unique ids, two levels only (a sub-category's parent
 * exists and is a main category), unique standard answer ids per category. Returns no issues
 * when the set is usable.
 */
export function checkCategories(categories: readonly Category[]): CategoryIssue[] {
  const issues: CategoryIssue[] = [];
  const byId = new Map<string, Category>();
  for (const c of categories) {
    if (byId.has(c.id)) {
      issues.push({
        categoryId: c.id,
        code: 'duplicate',
        message: {
          nl: 'Er bestaat al een categorie met deze code.',
          fr: 'Une catégorie avec ce code existe déjà.',
          en: 'A category with this code already exists.',
        },
      });
    }
    byId.set(c.id, c);
  }
  for (const c of categories) {
    if (c.parentId !== null) {
      const parent = byId.get(c.parentId);
      if (!parent) {
        issues.push({
          categoryId: c.id,
          code: 'parent.missing',
          message: {
            nl: 'De hoofdcategorie bestaat niet.',
            fr: "La catégorie principale n'existe pas.",
            en: 'The main category does not exist.',
          },
        });
      } else if (parent.parentId !== null) {
        issues.push({
          categoryId: c.id,
          code: 'parent.not_main',
          message: {
            nl: 'Een subcategorie hoort bij een hoofdcategorie, niet bij een andere subcategorie.',
            fr: 'Une sous-catégorie appartient à une catégorie principale, pas à une autre sous-catégorie.',
            en: 'A sub-category belongs to a main category, not to another sub-category.',
          },
        });
      }
    }
    const answerIds = new Set<string>();
    for (const a of c.standardAnswers) {
      if (answerIds.has(a.id)) {
        issues.push({
          categoryId: c.id,
          code: 'answer.duplicate',
          message: {
            nl: 'Twee standaardantwoorden hebben dezelfde code.',
            fr: 'Deux réponses types ont le même code.',
            en: 'Two standard answers have the same code.',
          },
        });
      }
      answerIds.add(a.id);
    }
  }
  return issues;
}

/** The main categories, in the order given. */
export function mainCategories(categories: readonly Category[]): Category[] {
  return categories.filter((c) => c.parentId === null);
}

/** The sub-categories of one main category, in the order given. */
export function subCategories(categories: readonly Category[], mainId: string): Category[] {
  return categories.filter((c) => c.parentId === mainId);
}

/** What follows from a (sub-)category for one report. */
export interface CategoryRouting {
  /** The main category (the report type). */
  mainId: string;
  /** The sub-category, when the report has one. */
  subId: string | null;
  /** The team the report goes to; null when neither category names one (the type's team handles it). */
  teamId: string | null;
  /** Expected handling time in working days. */
  handlingDays: number;
  /** Whether a report without login is accepted. */
  anonymousAllowed: boolean;
  /** The standard answers: the sub-category's first, then the main category's. */
  standardAnswers: StandardAnswer[];
}

/**
 * Routes a report by its category: the sub-category's team when it names one, else the main
 * category's; the same for the handling time (then {@link DEFAULT_HANDLING_DAYS}). Anonymous
 * reports are accepted only when both the main and the sub-category allow them. Returns
 * undefined for an unknown or switched-off category, or a sub-category of another main category.
 */
export function routeReport(
  categories: readonly Category[],
  mainId: string,
  subId?: string | null,
): CategoryRouting | undefined {
  const main = categories.find((c) => c.id === mainId && c.parentId === null);
  if (!main?.active) return undefined;
  let sub: Category | undefined;
  if (subId) {
    sub = categories.find((c) => c.id === subId && c.parentId === mainId);
    if (!sub?.active) return undefined;
  }
  return {
    mainId: main.id,
    subId: sub?.id ?? null,
    teamId: sub?.teamId ?? main.teamId,
    handlingDays: sub?.handlingDays ?? main.handlingDays ?? DEFAULT_HANDLING_DAYS,
    anonymousAllowed: main.anonymousAllowed && (sub?.anonymousAllowed ?? true),
    standardAnswers: [...(sub?.standardAnswers ?? []), ...main.standardAnswers],
  };
}
