/**
 * The synthetic population shared by the MAGDA simulator, the dev identity provider, the testkit
 * and the demo. Every INSZ here is a test number (month field 61 to 72): none can belong to a real
 * person. The population (people, households, KBO functions) lives in `population.ts`; personas
 * (who can log in) live in `personas.ts` and are people of the population too.
 */

export * from './acts.js';
export * from './criminal-records.js';
export * from './municipality.js';
export * from './personas.js';
export * from './population.js';
