import { isValidInsz, isValidKbo, parseInsz } from '@smartloket/core';
import { describe, expect, it } from 'vitest';
import { ORGANISATIONS, PERSONAS } from './personas.js';

describe('personas', () => {
  it('have valid test INSZ numbers (month 61..72), unique', () => {
    const seen = new Set<string>();
    for (const p of PERSONAS) {
      expect(isValidInsz(p.insz), p.key).toBe(true);
      expect(parseInsz(p.insz)?.isTestNumber, p.key).toBe(true);
      expect(seen.has(p.insz)).toBe(false);
      seen.add(p.insz);
    }
  });
  it('organisations have valid KBO numbers', () => {
    for (const o of Object.values(ORGANISATIONS)) expect(isValidKbo(o.kbo), o.name).toBe(true);
  });
});
