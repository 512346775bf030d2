/**
 * Synthetic criminal records (Centraal Strafregister) for some people of the population. Invented
 * data for the MAGDA simulator and tests; everyone else has a blank record.
 */
import { INSZ } from './population.js';

/** One conviction as an extract prints it. */
export interface Conviction {
  /** Date of the judgment (YYYY-MM-DD). */
  date: string;
  court: string;
  offence: string;
  sentence: string;
  /** True when the offence bars activities with minors (shown on model 596.2). */
  minors?: boolean;
}

export interface CriminalRecord {
  insz: string;
  convictions: Conviction[];
  /** Date of rehabilitation (eerherstel), when granted. */
  rehabilitatedOn?: string;
}

/** The people with a record. */
export const CRIMINAL_RECORDS: readonly CriminalRecord[] = [
  {
    // Bart: one traffic fine (visible on 595 and 596.1, not relevant for minors).
    insz: INSZ.bart,
    convictions: [
      {
        date: '2016-10-04',
        court: 'Politierechtbank Andergem',
        offence: 'Overdreven snelheid',
        sentence: 'Geldboete van 400 euro',
      },
    ],
  },
  {
    // Koen: an old conviction, rehabilitated (model 593).
    insz: INSZ.koen,
    convictions: [
      {
        date: '1995-03-21',
        court: 'Correctionele rechtbank Andergem',
        offence: 'Diefstal',
        sentence: 'Werkstraf van 60 uur',
      },
    ],
    rehabilitatedOn: '2004-06-15',
  },
];

/** The record of a person; an empty record when there is none. */
export function criminalRecordOf(insz: string): CriminalRecord {
  return CRIMINAL_RECORDS.find((r) => r.insz === insz) ?? { insz, convictions: [] };
}
