/**
 * The synthetic population shared by the MAGDA simulator, the dev identity provider, the testkit
 * and the demo. Every INSZ here is a test number (month field 61 to 72): none can belong to a real
 * person. Extend the population in `population.ts`; personas (who can log in) live here.
 */

export * from './municipality.js';
export * from './personas.js';
