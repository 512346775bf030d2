import { definePrefill, type LocalizedText } from '@smartloket/core';
import { type MagdaAdres, type MagdaMeta, magdaClientRef } from '@smartloket/source-magda';

/** An address as core's `fields.address` stores it. */
export interface PrefillAddress {
  street: string;
  number: string;
  box?: string | undefined;
  postcode: string;
  municipality: string;
}

/** What {@link rijksregisterPrefill} gives: the requester's name and main residence. */
export interface RijksregisterValues {
  /** Given names and family name, e.g. "Jan Peeters" (a `fields.text`). */
  name: string;
  /** Given names, e.g. "Jan Pieter". */
  givenNames: string;
  /** Family name. */
  familyName: string;
  /** The main residence in Belgium (a `fields.address`); absent for a residence abroad. */
  address: PrefillAddress;
}

/** What {@link householdPrefill} gives: the household, one member a line (a `fields.textarea`). */
export interface HouseholdValues {
  /** "Jan Peeters (°12/03/1980)", one member a line, the requester first; no national numbers. */
  household: string;
}

/** Where both prefills' values come from, as the portal shows it after "Ingevuld". */
export const RIJKSREGISTER_ORIGIN: LocalizedText = {
  nl: 'uit het rijksregister',
  fr: 'du Registre national',
  en: 'from the National Register',
  de: 'aus dem Nationalregister',
};

const fullName = (n: { voornamen: string[]; achternaam: string }) =>
  [n.voornamen.join(' '), n.achternaam].filter(Boolean).join(' ');

const outcomeOf = (meta: MagdaMeta) => (meta.warnings.some((w) => w.type === 'FOUT') ? 'refused' : 'ok');

/** A Belgian main residence as `fields.address`, or undefined (abroad, or incomplete). */
export function addressFromMagda(a: MagdaAdres | undefined): PrefillAddress | undefined {
  if (!a || a.buitenland || (a.nisLand && a.nisLand !== '150')) return undefined;
  if (!a.straat || !a.huisnummer || !a.postcode || !a.gemeente) return undefined;
  return {
    street: a.straat,
    number: a.huisnummer,
    ...(a.busnummer ? { box: a.busnummer } : {}),
    postcode: a.postcode,
    municipality: a.gemeente,
  };
}

/**
 * The requester's name and address from the Rijksregister (MAGDA GeefPersoon), for other plugins'
 * forms: `prefill: { address: prefillFrom(rijksregisterPrefill, 'address') }`. The request type's
 * plugin declares `magda:GeefPersoon-02.02` in its own source manifest with its legal basis (see
 * {@link rijksregisterManifestEntry}); the deployment provides the MAGDA client.
 */
export const rijksregisterPrefill = definePrefill<RijksregisterValues>()({
  id: 'bevolking.rijksregister',
  services: ['magda:GeefPersoon-02.02'],
  origin: RIJKSREGISTER_ORIGIN,
  deps: { magda: magdaClientRef },
  async load(ctx, { magda }) {
    const r = await ctx.consult(
      'magda:GeefPersoon-02.02',
      (referte) => magda.geefPersoon({ insz: ctx.insz }, { referte }),
      { subjectId: ctx.insz, outcome: outcomeOf },
    );
    if (r.persoon.insz !== ctx.insz) return {};
    const address = addressFromMagda(r.persoon.hoofdverblijfplaats);
    return {
      name: fullName(r.persoon.naam),
      givenNames: r.persoon.naam.voornamen.join(' '),
      familyName: r.persoon.naam.achternaam,
      ...(address ? { address } : {}),
    };
  },
});

const day = (d: string | undefined) => (d ? ` (°${d.split('-').reverse().join('/')})` : '');

/**
 * The requester's household from the Rijksregister (MAGDA GeefGezinssamenstelling), one member a
 * line with name and birth date: `prefill: { household: prefillFrom(householdPrefill, 'household') }`
 * on a `fields.textarea`. Its plugin declares `magda:GeefGezinssamenstelling-02.02`.
 */
export const householdPrefill = definePrefill<HouseholdValues>()({
  id: 'bevolking.household',
  services: ['magda:GeefGezinssamenstelling-02.02'],
  origin: RIJKSREGISTER_ORIGIN,
  deps: { magda: magdaClientRef },
  async load(ctx, { magda }) {
    const r = await ctx.consult(
      'magda:GeefGezinssamenstelling-02.02',
      (referte) => magda.geefGezinssamenstelling({ insz: ctx.insz }, { referte }),
      { subjectId: ctx.insz, outcome: outcomeOf },
    );
    const members = [...r.gezinsleden].sort((a, b) =>
      a.insz === ctx.insz ? -1 : b.insz === ctx.insz ? 1 : 0,
    );
    return { household: members.map((m) => `${fullName(m.naam)}${day(m.geboortedatum)}`).join('\n') };
  },
});

/**
 * A source manifest entry for a plugin that prefills from the Rijksregister: the fields read and
 * a description; the legal basis is the plugin's own (the municipality's authorisation for the
 * purpose of that request type), e.g.
 * `sources: { 'magda:GeefPersoon-02.02': rijksregisterManifestEntry('Politiereglement parkeren ...; machtiging RR ...') }`.
 */
export function rijksregisterManifestEntry(legalBasis: string) {
  return {
    fields: ['INSZ', 'Naam', 'Adressen.Hoofdverblijfplaats'],
    legalBasis,
    description: {
      nl: 'Naam en adres van de aanvrager, om het formulier vooraf in te vullen',
      fr: 'Nom et adresse du demandeur, pour préremplir le formulaire',
      en: 'Name and address of the requester, to prefill the form',
    },
  };
}

/** The manifest entry for {@link householdPrefill} (GeefGezinssamenstelling), with the plugin's legal basis. */
export function householdManifestEntry(legalBasis: string) {
  return {
    fields: ['Gezinsleden.INSZ', 'Gezinsleden.Naam', 'Gezinsleden.Geboortedatum'],
    legalBasis,
    description: {
      nl: 'De gezinsleden van de aanvrager, om het formulier vooraf in te vullen',
      fr: 'Les membres du ménage du demandeur, pour préremplir le formulaire',
      en: 'The household members of the requester, to prefill the form',
    },
  };
}
