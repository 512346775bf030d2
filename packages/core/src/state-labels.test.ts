import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { UI_LOCALES } from './i18n.js';
import { REQUEST_STATES } from './lifecycle.js';
import { requestStateLabel, STATE_LABELS } from './state-labels.js';

describe('state labels', () => {
  it('has a label for every state, audience and UI language', () => {
    expect(Object.keys(STATE_LABELS).sort()).toEqual([...REQUEST_STATES].sort());
    for (const state of REQUEST_STATES) {
      for (const audience of ['staff', 'requester'] as const) {
        for (const locale of UI_LOCALES) {
          expect({ state, audience, locale, has: Boolean(STATE_LABELS[state][audience][locale]) }).toEqual({
            state,
            audience,
            locale,
            has: true,
          });
        }
      }
    }
  });

  it('never gives two states the same label for one audience in one language', () => {
    for (const audience of ['staff', 'requester'] as const) {
      for (const locale of UI_LOCALES) {
        const byLabel = new Map<string, string[]>();
        for (const state of REQUEST_STATES) {
          const label = requestStateLabel(state, audience, locale).toLowerCase();
          byLabel.set(label, [...(byLabel.get(label) ?? []), state]);
        }
        const shared = [...byLabel.entries()].filter(([, states]) => states.length > 1);
        expect({ audience, locale, shared }).toEqual({ audience, locale, shared: [] });
      }
    }
  });

  it('never shows a state code as a label', () => {
    for (const state of REQUEST_STATES) {
      for (const audience of ['staff', 'requester'] as const) {
        for (const locale of UI_LOCALES) expect(requestStateLabel(state, audience, locale)).not.toMatch(/_/);
      }
    }
    expect(requestStateLabel('in_review', 'staff', 'nl')).toBe('Te beoordelen');
  });
});

/** The labels as a Markdown table, for docs/architecture/lifecycle.md. */
function labelTable(): string {
  const rows = REQUEST_STATES.map((s) => {
    const cell = (audience: 'staff' | 'requester') =>
      UI_LOCALES.map((l) => requestStateLabel(s, audience, l)).join(' / ');
    return `| \`${s}\` | ${cell('staff')} | ${cell('requester')} |`;
  });
  return ['| state | staff (nl / fr / en) | requester (nl / fr / en) |', '|---|---|---|', ...rows].join('\n');
}

describe('docs/architecture/lifecycle.md', () => {
  // Regenerate with: UPDATE_LIFECYCLE_DOC=1 pnpm exec vitest run packages/core/src/state-labels.test.ts
  it('lists the label of every state from STATE_LABELS', () => {
    const file = new URL('../../../docs/architecture/lifecycle.md', import.meta.url);
    const start = '<!-- generated from STATE_LABELS: start -->';
    const end = '<!-- generated from STATE_LABELS: end -->';
    let doc = readFileSync(file, 'utf8');
    if (process.env.UPDATE_LIFECYCLE_DOC) {
      doc = `${doc.slice(0, doc.indexOf(start) + start.length)}\n\n${labelTable()}\n\n${doc.slice(doc.indexOf(end))}`;
      writeFileSync(file, doc);
    }
    expect(doc).toContain(start);
    expect(doc.slice(doc.indexOf(start) + start.length, doc.indexOf(end)).trim()).toBe(labelTable());
  });
});
