import type { LocalizedText } from '@smartloket/core';

/** One Uitzondering of a MAGDA answer. */
export interface MagdaUitzondering {
  identificatie: string;
  oorsprong: string;
  type: 'FOUT' | 'WAARSCHUWING' | 'INFORMATIE';
  diagnose: string;
}

/** How SmartLoket treats a code: retry later, or a final answer. */
export interface UitzonderingRule {
  kind: 'transient' | 'permanent' | 'warning';
  /** For permanent codes: refuse the request, or hand it to staff. */
  disposition?: 'refuse' | 'review';
  /** Outcome for the consultation audit. */
  outcome?: 'not_found' | 'refused';
  /** Dutch diagnose as MAGDA words it (used by the simulator). */
  diagnose: string;
  userMessage?: LocalizedText;
}

const NOT_FOUND: LocalizedText = {
  nl: 'De gevraagde gegevens zijn niet gevonden in de authentieke bron. Een medewerker bekijkt uw aanvraag.',
  fr: "Les données demandées n'ont pas été trouvées dans la source authentique. Un collaborateur examinera votre demande.",
  en: 'The requested data was not found in the authentic source. A staff member will look at your request.',
};
const INVALID_INSZ: LocalizedText = {
  nl: 'Het rijksregisternummer is ongeldig.',
  fr: "Le numéro de registre national n'est pas valide.",
  en: 'The national register number is invalid.',
};
const STAFF: LocalizedText = {
  nl: 'Uw aanvraag kan niet automatisch behandeld worden. Een medewerker bekijkt ze.',
  fr: 'Votre demande ne peut pas être traitée automatiquement. Un collaborateur va l’examiner.',
  en: 'Your request cannot be handled automatically. A staff member will look at it.',
};

/** The Uitzondering codes we handle (DOMAIN.md), and their treatment. */
export const UITZONDERING_RULES: Record<string, UitzonderingRule> = {
  '13202': {
    kind: 'permanent',
    disposition: 'review',
    outcome: 'refused',
    diagnose: 'Geen inschrijving in het repertorium voor deze persoon',
    userMessage: STAFF,
  },
  '20002': {
    kind: 'permanent',
    disposition: 'refuse',
    outcome: 'refused',
    diagnose: 'Ongeldig INSZ',
    userMessage: INVALID_INSZ,
  },
  '30001': {
    kind: 'permanent',
    disposition: 'review',
    outcome: 'not_found',
    diagnose: 'Geen gegevens gevonden voor de vraag',
    userMessage: NOT_FOUND,
  },
  '30003': {
    kind: 'permanent',
    disposition: 'review',
    outcome: 'not_found',
    diagnose: 'INSZ niet gekend',
    userMessage: NOT_FOUND,
  },
  '30004': { kind: 'warning', diagnose: 'De persoon heeft een nieuw INSZ' },
  '40006': {
    kind: 'permanent',
    disposition: 'review',
    outcome: 'refused',
    diagnose: 'Fout bij de autorisatie',
    userMessage: STAFF,
  },
  '45810': {
    kind: 'permanent',
    disposition: 'review',
    outcome: 'refused',
    diagnose: 'Fout in opgegeven zoekcriteria: Ongekende attestnaam',
    userMessage: STAFF,
  },
  '45811': {
    kind: 'permanent',
    disposition: 'review',
    outcome: 'refused',
    diagnose: 'Taal niet ondersteund voor dit attest',
    userMessage: STAFF,
  },
  '60006': { kind: 'transient', diagnose: 'De bron gaf geen antwoord' },
  '60007': { kind: 'transient', diagnose: 'Het antwoord van de bron is onleesbaar' },
  '99994': { kind: 'transient', diagnose: 'Onverwachte fout bij de bron' },
  '99995': { kind: 'transient', diagnose: 'Te veel gelijktijdige oproepen' },
  '99996': { kind: 'transient', diagnose: 'De bron is tijdelijk niet beschikbaar' },
  '99997': { kind: 'transient', diagnose: 'De dienst is onbereikbaar' },
};

/** The official mock writes some codes with a leading level digit (e.g. 445810 for 45810). */
export function normaliseCode(code: string): string {
  if (UITZONDERING_RULES[code]) return code;
  if (code.length === 6 && UITZONDERING_RULES[code.slice(1)]) return code.slice(1);
  return code;
}

export const TRANSIENT_CODES = Object.entries(UITZONDERING_RULES)
  .filter(([, r]) => r.kind === 'transient')
  .map(([c]) => c);
export const PERMANENT_CODES = Object.entries(UITZONDERING_RULES)
  .filter(([, r]) => r.kind === 'permanent')
  .map(([c]) => c);
