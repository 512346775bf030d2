import type { FieldIssue } from './errors.js';
import type { SourceContext } from './extension-points.js';
import type { FormDefinition } from './forms.js';
import type { Locale, LocalizedText } from './i18n.js';
import type { Identity, Requester } from './identity.js';
import type { ResolvedDeps, ServiceRef } from './services.js';

/**
 * What a prefill's loader sees ({@link PrefillSource.load}). There is no request yet: a
 * consultation made through `consult` is audited with the requester as actor, the legal basis of
 * the source manifest of the plugin whose request type is filled in, and no request id.
 */
export interface PrefillContext {
  /** The request type whose form is being filled in. */
  requestTypeId: string;
  /** The requester's own INSZ: a prefill only ever reads the data of the person asking. */
  insz: string;
  /** Who fills the form in: a logged-in citizen asking for himself. */
  requester: Requester;
  /** The logged-in identity. */
  identity: Identity;
  /** The requester's language. */
  locale: Locale;
  /** The kernel clock's current instant. */
  now: Date;
  /** The names of the values the form asks for: read nothing else (no call for what is not asked). */
  wanted: readonly string[];
  /**
   * Runs one call to an authentic source, audited like a source's consultation (see
   * `SourceContext.consult`). Only the services the prefill lists in `services` may be called.
   */
  consult: SourceContext['consult'];
}

/**
 * Values a plugin offers to fill other plugins' forms with, read from an authentic source about
 * the requester himself (e.g. the name, address and household from the Rijksregister). Make it
 * with {@link definePrefill}; a request type binds its fields to it with {@link prefillFrom}.
 *
 * `V` names the values it gives and their shape, in the form of core's field kinds (an address
 * as `fields.address` stores it, a name as text).
 */
export interface PrefillSource<
  V extends object = Record<string, unknown>,
  D extends Record<string, ServiceRef<unknown>> = Record<string, ServiceRef<unknown>>,
> {
  /** Namespaced id, e.g. `bevolking.rijksregister`. */
  readonly id: string;
  /**
   * The source services `load` consults (manifest keys, e.g. `magda:GeefPersoon-02.02`). The
   * plugin of every request type that uses this prefill must declare each of them in its own
   * source manifest, with its own legal basis: the kernel refuses to start otherwise.
   */
  readonly services: readonly string[];
  /**
   * Where the values come from, as the portal shows it after "Ingevuld": a phrase starting with
   * the preposition, e.g. `{ nl: 'uit het rijksregister', fr: 'du Registre national', en: 'from
   * the National Register', de: 'aus dem Nationalregister' }`.
   */
  readonly origin: LocalizedText;
  /** The services the kernel resolves for {@link PrefillSource.load}. */
  readonly deps: D;
  /**
   * Reads the values about `ctx.insz`. A value left out is not prefilled (the requester types
   * it). A throw (the source is down) leaves every field empty and editable; the runtime checks
   * again at submit.
   */
  load(ctx: PrefillContext, deps: ResolvedDeps<D>): Promise<Partial<V>>;
  /** Type carrier for `V` (never set). */
  readonly $values?: V | undefined;
}

/**
 * Declares a prefill source: what a plugin offers other plugins' forms. Called twice: first with
 * the type of the values it gives (`definePrefill<Values>()`), then with the definition, whose
 * `deps` TypeScript infers. Throws a TypeError for an id that is not `plugin.name` or an empty
 * `services`.
 *
 * @example
 * ```ts
 * export const rijksregisterPrefill = definePrefill<{ name: string; address: AddressValue }>()({
 *   id: 'bevolking.rijksregister',
 *   services: ['magda:GeefPersoon-02.02'],
 *   origin: { nl: 'uit het rijksregister', fr: 'du Registre national', en: 'from the National Register' },
 *   deps: { magda: magdaClientRef },
 *   async load(ctx, { magda }) {
 *     const r = await ctx.consult('magda:GeefPersoon-02.02', (referte) => magda.geefPersoon({ insz: ctx.insz }, { referte }));
 *     return { name: fullName(r.persoon.naam), address: addressOf(r.persoon) };
 *   },
 * });
 * ```
 */
export function definePrefill<V extends object>() {
  return <D extends Record<string, ServiceRef<unknown>> = {}>(p: {
    id: string;
    services: readonly string[];
    origin: LocalizedText;
    deps?: D;
    load(ctx: PrefillContext, deps: ResolvedDeps<D>): Promise<Partial<V>>;
  }): PrefillSource<V, D> => {
    if (!/^[a-z][a-z0-9-]*(\.[a-z0-9][a-z0-9-]*)+$/.test(p.id)) {
      throw new TypeError(`definePrefill: id "${p.id}" must look like "plugin.name"`);
    }
    if (p.services.length === 0) throw new TypeError(`definePrefill: "${p.id}" lists no services`);
    return Object.freeze({ ...p, services: [...p.services], deps: (p.deps ?? {}) as D });
  };
}

/**
 * One form field filled from a {@link PrefillSource}: which of its values, and whether the
 * requester may change it. Make it with {@link prefillFrom}.
 */
export interface PrefillBinding {
  /** The prefill source. */
  readonly from: PrefillSource<any, any>;
  /** The name of the source's value that fills the field. */
  readonly value: string;
  /**
   * False (default): the requester cannot change the prefilled value. The portal shows it read-
   * only, and the runtime refuses a submitted value that differs from the source's at submit
   * (a field error, nothing stored). True: the value is a suggestion the requester may change.
   */
  readonly editable: boolean;
}

/**
 * Binds a form field to a value of a prefill source, in `defineRequestType({ prefill: { ... } })`.
 *
 * @example
 * ```ts
 * prefill: { address: prefillFrom(rijksregisterPrefill, 'address') }           // locked
 * prefill: { name: prefillFrom(rijksregisterPrefill, 'name', { editable: true }) } // a suggestion
 * ```
 */
export function prefillFrom<V extends object, K extends keyof V & string>(
  from: PrefillSource<V, any>,
  value: K,
  options: { editable?: boolean } = {},
): PrefillBinding {
  return Object.freeze({ from, value, editable: options.editable ?? false });
}

/**
 * The audit purpose of a prefill's consultations: `prefill:<request type id>` (the personal
 * page's "who consulted my data" shows it as "Uw formulier ... vooraf invullen").
 */
export const PREFILL_PURPOSE_PREFIX = 'prefill:';

/** Field kinds that cannot be prefilled (a file, or a choice whose options are loaded). */
const NOT_PREFILLABLE = new Set(['file']);

/**
 * Checks a request type's prefill bindings against its form: every name is a field, and not a
 * file or dynamic choice field.
 * @internal
 */
export function checkPrefillFields(
  typeId: string,
  form: FormDefinition,
  prefill: Readonly<Record<string, PrefillBinding>>,
): void {
  for (const [name, binding] of Object.entries(prefill)) {
    const meta = form.fields[name];
    if (!meta)
      throw new TypeError(`defineRequestType: prefill.${name} of "${typeId}" names no field of its form`);
    if (NOT_PREFILLABLE.has(meta.kind) || meta.dynamic) {
      throw new TypeError(
        `defineRequestType: prefill.${name} of "${typeId}": a ${meta.kind} field cannot be prefilled`,
      );
    }
    if (!binding?.from?.id || typeof binding.value !== 'string') {
      throw new TypeError(
        `defineRequestType: prefill.${name} of "${typeId}" must be made with prefillFrom(...)`,
      );
    }
  }
}

/** One prefilled field as the portal shows it and the runtime enforces it. */
export interface PrefilledField {
  /** The value, validated and normalised by the field. */
  value: unknown;
  /** Where it came from (shown after "Ingevuld"). */
  origin: LocalizedText;
  /** Whether the requester may change it. */
  editable: boolean;
}

/** Core's messages of prefilled fields (the portal and the runtime's field errors). */
export const PREFILL_MESSAGES: {
  /** Beside a prefilled field the requester may change: `{origin}` is the source's. */
  readonly filled: LocalizedText;
  /** Beside a prefilled field the requester may not change. */
  readonly locked: LocalizedText;
  /** The field error of a changed value the type does not allow to change. */
  readonly changed: LocalizedText;
  /** The review reason when the source could not be asked at submit to check a locked value. */
  readonly unchecked: LocalizedText;
} = {
  /** Beside a prefilled field the requester may change: `{origin}` is the source's. */
  filled: {
    nl: 'Ingevuld {origin}. U kunt het aanpassen.',
    fr: 'Donnée reprise {origin}. Vous pouvez la modifier.',
    en: 'Filled in {origin}. You can change it.',
    de: 'Übernommen {origin}. Sie können es ändern.',
  },
  /** Beside a prefilled field the requester may not change. */
  locked: {
    nl: 'Ingevuld {origin}. Dit kunt u hier niet wijzigen.',
    fr: 'Donnée reprise {origin}. Vous ne pouvez pas la modifier ici.',
    en: 'Filled in {origin}. You cannot change it here.',
    de: 'Übernommen {origin}. Sie können es hier nicht ändern.',
  },
  /** The field error of a changed value the type does not allow to change. */
  changed: {
    nl: 'Dit gegeven komt {origin} en kunt u hier niet wijzigen. Klopt het niet? Neem contact op met de dienst Burgerzaken.',
    fr: 'Cette donnée provient {origin} et ne peut pas être modifiée ici. Elle est inexacte ? Contactez le service Population.',
    en: 'This value comes {origin} and cannot be changed here. Is it wrong? Contact the population office.',
    de: 'Dieser Wert stammt {origin} und kann hier nicht geändert werden. Ist er falsch? Wenden Sie sich an das Bürgeramt.',
  },
  /** The review reason when the source could not be asked at submit to check a locked value. */
  unchecked: {
    nl: 'Een vooraf ingevuld gegeven kon niet nagekeken worden bij de bron: een medewerker kijkt de aanvraag na.',
    fr: 'Une donnée préremplie n’a pas pu être vérifiée auprès de la source : un agent examine la demande.',
    en: 'A prefilled value could not be checked with its source: a staff member reviews the request.',
  },
};

/** A prefill message with the origin filled in, in every language of the message. */
export function prefillText(message: LocalizedText, origin: LocalizedText): LocalizedText {
  return Object.fromEntries(
    Object.entries(message).map(([l, s]) => [
      l,
      s.replace('{origin}', (origin as Record<string, string | undefined>)[l] ?? origin.nl),
    ]),
  ) as LocalizedText;
}

/** The field issue of a locked prefilled value the requester changed. */
export function prefillChangedIssue(path: string, origin: LocalizedText): FieldIssue {
  return { path, code: 'prefill.changed', message: prefillText(PREFILL_MESSAGES.changed, origin) };
}

/** True when two normalised field values are the same (objects compared key by key). */
export function sameValue(a: unknown, b: unknown): boolean {
  const canon = (v: unknown): unknown => {
    if (v === '' || v === null) return undefined;
    if (Array.isArray(v)) return v.map(canon);
    if (v && typeof v === 'object') {
      return Object.fromEntries(
        Object.entries(v as Record<string, unknown>)
          .filter(([, x]) => x !== undefined && x !== '' && x !== null)
          .sort(([x], [y]) => (x < y ? -1 : 1))
          .map(([k, x]) => [k, canon(x)]),
      );
    }
    return v;
  };
  return JSON.stringify(canon(a)) === JSON.stringify(canon(b));
}
