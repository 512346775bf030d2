import { describe, expect, it } from 'vitest';
import {
  AUDIT_ACTOR_LABELS,
  AUDIT_CATEGORY_LABELS,
  auditActorLabel,
  auditCategoryLabel,
} from './audit-labels.js';

describe('audit labels', () => {
  it('has nl, fr and en for every category and actor kind, none of them a code', () => {
    for (const table of [AUDIT_CATEGORY_LABELS, AUDIT_ACTOR_LABELS])
      for (const [code, text] of Object.entries(table))
        for (const l of ['nl', 'fr', 'en'] as const) {
          expect(text[l], `${code} ${l}`).toBeTruthy();
          expect(text[l]).not.toContain('_');
        }
  });

  it('tells categories and actors in the reader’s language, an unknown category without its code', () => {
    expect(auditCategoryLabel('nl', 'staff_view')).toBe('Medewerker bekeek een aanvraag of bestand');
    expect(auditCategoryLabel('fr', 'grant_added')).toBe('Droit accordé à une organisation');
    expect(auditCategoryLabel('en', 'plugin_secret_thing')).toBe('Other event');
    expect(auditActorLabel('nl', { type: 'staff', name: 'Karin Claes' })).toBe('Medewerker: Karin Claes');
    expect(auditActorLabel('fr', { type: 'system' })).toBe('Système');
  });
});
