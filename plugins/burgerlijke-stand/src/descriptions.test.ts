import { describe, expect, it } from 'vitest';
import { ACT_TYPES, actRequestType, burgerlijkeStandOptions } from './index.js';

describe('catalogue descriptions of the act types', () => {
  const options = burgerlijkeStandOptions.parse({});

  it('keeps the capital of "Belgische" and "Belgian" and lowers the first word otherwise', () => {
    const belgian = actRequestType('belgische-nationaliteit', options).description;
    expect(belgian.nl).toBe(
      'Uittreksel of afschrift van de akte van Belgische nationaliteit, ondertekend door DABS.',
    );
    expect(belgian.fr).toBe("Extrait ou copie de l'acte de nationalité belge, signé par la BAEC.");
    expect(belgian.en).toBe('Extract or full copy of the Belgian nationality certificate, signed by DABS.');
    expect(actRequestType('geboorte', options).description.nl).toBe(
      'Uittreksel of afschrift van de geboorteakte, ondertekend door DABS.',
    );
  });

  it('starts no word after "van de" with a capital but a proper adjective', () => {
    for (const key of Object.keys(ACT_TYPES) as (keyof typeof ACT_TYPES)[]) {
      const nl = actRequestType(key, options).description.nl ?? '';
      expect(nl.replace(/Belgische|DABS/g, '').slice(1), key).not.toMatch(/[A-Z]/);
    }
  });
});
