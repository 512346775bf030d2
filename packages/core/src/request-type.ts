import type { AuthorisationRule, Subject } from './authorisation.js';
import type { RendererDefinition, SourceContext, SourceDefinition } from './extension-points.js';
import { defineFee, type FeePolicy, isCents } from './fees.js';
import type { ChoiceOption, FormDefinition, FormValues } from './forms.js';
import type { Locale, LocalizedText } from './i18n.js';
import type { AssuranceLevel, Identity, Requester } from './identity.js';
import type { RequestKind } from './lifecycle.js';
import { type MailTexts, unknownMailPlaceholders } from './mail-texts.js';
import { checkPrefillFields, type PrefillBinding } from './prefill.js';
import type { ReportHandling } from './reports.js';
import type { ResolvedDeps, ServiceRef } from './services.js';

/**
 * Catalogue themes. These have titles in core ({@link THEME_TITLES}); a plugin may use any other
 * id and gives it a title with the request type's `themeTitle`.
 */
export type Theme =
  | 'bevolking'
  | 'burgerlijke-stand'
  | 'strafregister'
  | 'openbaar-domein'
  | 'ondernemen'
  | 'mobiliteit'
  | 'wonen'
  | 'milieu'
  | 'vrije-tijd'
  | (string & {});

/** The catalogue titles of core's themes, in Dutch, French, English and German. */
export const THEME_TITLES: Record<string, LocalizedText> = {
  bevolking: { nl: 'Bevolking', fr: 'Population', en: 'Population', de: 'Bevölkerung' },
  'burgerlijke-stand': { nl: 'Burgerlijke stand', fr: 'État civil', en: 'Civil status', de: 'Personenstand' },
  strafregister: { nl: 'Strafregister', fr: 'Casier judiciaire', en: 'Criminal record', de: 'Strafregister' },
  'openbaar-domein': {
    nl: 'Openbaar domein',
    fr: 'Domaine public',
    en: 'Public space',
    de: 'Öffentlicher Raum',
  },
  ondernemen: { nl: 'Ondernemen', fr: 'Entreprendre', en: 'Business', de: 'Unternehmen' },
  mobiliteit: { nl: 'Mobiliteit', fr: 'Mobilité', en: 'Mobility', de: 'Mobilität' },
  wonen: { nl: 'Wonen', fr: 'Logement', en: 'Housing', de: 'Wohnen' },
  milieu: { nl: 'Milieu', fr: 'Environnement', en: 'Environment', de: 'Umwelt' },
  'vrije-tijd': { nl: 'Vrije tijd', fr: 'Loisirs', en: 'Leisure', de: 'Freizeit' },
};

/**
 * A theme's title: the request type's own `themeTitle`, else core's ({@link THEME_TITLES}), else
 * the id with its first letter capitalised and dashes as spaces (`fiets-en-voet` as
 * "Fiets en voet", the same in every language).
 */
export function themeTitle(theme: string, own?: LocalizedText): LocalizedText {
  if (own) return own;
  const known = THEME_TITLES[theme];
  if (known) return known;
  const words = theme.replace(/-/g, ' ');
  return { nl: words.charAt(0).toUpperCase() + words.slice(1) };
}

/** Who may file a request of a type. */
export type Audience = 'citizen' | 'organisation' | 'anonymous';

/**
 * Whether a certificate type may be requested without logging in (decision 1401). Such a request
 * always goes to a clerk; the source is consulted only after approval, with the clerk as actor.
 */
export interface WithoutLoginPolicy {
  /**
   * `on`: accepted unless the municipality turns it off in the back-office; `off`: only when the
   * municipality turns it on; `forbidden`: never, whatever the setting (the law requires the
   * requester to be identified, e.g. criminal-record extracts).
   */
  readonly default: 'on' | 'off' | 'forbidden';
  /**
   * Ask for an upload of an identity document or a mandate with the request (shown only to the
   * staff handling it, purged after the decision).
   */
  readonly evidence?: boolean | undefined;
}

/**
 * A request type's own retention terms, in months after delivery (documents) or days after
 * closing (the rest). A term left out is the deployment's (`retention` in its config, defaults
 * 3 months and 90 days); a term set here replaces it for this type, shorter or longer.
 */
export interface RetentionPolicy {
  /** Months a delivered document stays downloadable (the back-office may override it per type). */
  documentMonths?: number;
  /** Days form data and the uploads attached to it are kept after the request ends. */
  formDataDays?: number;
  /**
   * How long a delivered document stays downloadable: `term` (default) for `documentMonths`
   * (else the deployment's), `validity` until the end of the day the document itself stops being
   * valid, as its `issue` tells it (`validUntil`); without a validity the term applies. A
   * 12-month permit stays downloadable 12 months, not the deployment's default 3. The retention
   * purge removes it then.
   */
  documentLifetime?: 'term' | 'validity';
}

/**
 * What a document the municipality issues itself ({@link RequestTypeDefinition.issue}) is made
 * from: the request's answers and the clerk's decision at approval.
 */
export interface IssueContext<F = Record<string, unknown>, D = Record<string, unknown>> {
  /** The request's reference (e.g. printed as the file number). */
  reference: string;
  /** The requester's validated, normalised answers. */
  answers: F;
  /**
   * The clerk's decision at approval, validated against `issue.decision` (normalised; dates as
   * `YYYY-MM-DD`); empty when the type asks none or the clerk left every field out.
   */
  decision: Partial<D>;
  /** When the request was submitted. */
  submittedAt: Date;
  /** The kernel clock's current instant: the day the document is issued. */
  now: Date;
}

/** What {@link IssueDefinition.issue} returns: the renderer's data and the document's validity. */
export interface IssuedDocument {
  /** The data handed to the renderer (`ctx.data`), as a source's data would be. */
  data: Record<string, unknown>;
  /** First day the document is valid, when it has one. */
  validFrom?: Date | undefined;
  /** Last day the document is valid: with `retention.documentLifetime: 'validity'` its lifetime. */
  validUntil?: Date | undefined;
}

/**
 * A document the municipality makes itself after a clerk's approval (a permit, a licence): no
 * authentic source, the data comes from the answers and the clerk's decision; the type's
 * renderer renders it and the deployment's signer seals it like every certificate.
 */
export interface IssueDefinition<F extends FormDefinition = FormDefinition> {
  /**
   * What the clerk may decide on approval, as a form (e.g. `validFrom: fields.date(...)`,
   * `permitNumber: fields.text(...)`). Every field should be optional: `issue` fills in what the
   * clerk left out. The approve command carries it as `decision`; invalid values are refused
   * with field errors and the request stays in review.
   */
  readonly decision?: FormDefinition | undefined;
  /** Makes the renderer's data and the validity from the answers and the decision. */
  issue(ctx: IssueContext<FormValues<F>>): IssuedDocument | Promise<IssuedDocument>;
}

/**
 * What a dynamic choice's loader sees: who asks, in which language, and what they entered so far.
 * There is no request yet: a consultation made through `consult` is audited with the requester as
 * actor, the legal basis of the plugin's source manifest and no request id.
 */
export interface ChoiceContext<F = Record<string, unknown>> {
  /** The request type whose form is being filled in. */
  requestTypeId: string;
  /** Who fills it in. */
  requester: Requester;
  /** The logged-in identity, absent for anonymous requesters and API filings. */
  identity?: Identity | undefined;
  /** The requester's language: the labels of the options should be in it. */
  locale: Locale;
  /**
   * The values entered so far, each validated and normalised by its own field (values that do
   * not validate are left out). At submit: the whole form.
   */
  values: Partial<F>;
  /** Whom the request is about, when the values so far tell it. */
  subject?: Subject | undefined;
  /** The stated purpose, when the values so far tell it. */
  purpose?: string | undefined;
  /** The kernel clock's current instant. */
  now: Date;
  /**
   * Runs one call to an authentic source of the plugin's manifest, audited like a source's
   * consultation (see `SourceContext.consult`).
   */
  consult: SourceContext['consult'];
}

/**
 * The options of one dynamic choice field (`fields.dynamicChoice`). Behaviour, which the portal
 * and the runtime apply for every request type:
 * - no options: the field is not asked (a step holding only such fields is skipped) and the
 *   request goes on without a value; a submitted value is refused;
 * - one option of a required field: it is preselected; an optional field also offers
 *   "none of these";
 * - more than a few options: a drop-down instead of radio buttons;
 * - `load` throws (the source is down): the field shows `unavailable` (or core's message); an
 *   optional field is left empty, a required one takes free text, and the rules decide.
 */
export interface ChoiceLoader<
  D extends Record<string, ServiceRef<unknown>> = Record<string, ServiceRef<unknown>>,
> {
  /** The services the kernel resolves for {@link ChoiceLoader.load}. */
  readonly deps: D;
  /**
   * Who checks a submitted value. `options` (default): the runtime loads the options again at
   * submit and refuses a value that is not among them with a field error (nothing is stored);
   * when that load fails the value goes on to the rules. `rules`: the request type's rules judge
   * the value themselves (they consult the source anyway); they must never deliver on a value the
   * loader would not have offered.
   */
  readonly check: 'options' | 'rules';
  /** What the requester reads when the options cannot be loaded. */
  readonly unavailable?: LocalizedText | undefined;
  /** Loads the options for one requester (may consult a source through `ctx.consult`). */
  load(ctx: ChoiceContext, deps: ResolvedDeps<D>): Promise<ChoiceOption[]>;
}

/**
 * Declares the loader of a dynamic choice field.
 *
 * @example
 * ```ts
 * const acts = defineChoice({
 *   async load(ctx) {
 *     const list = await ctx.consult('magda:GeefAkten-02.00', (referte) => listActs(ctx.subject, referte));
 *     return list.map((a) => ({ value: a.id, label: text({ nl: a.title }) }));
 *   },
 * });
 * // in defineRequestType: form: form({ act: fields.dynamicChoice({ label: ... }) }), choices: { act: acts }
 * ```
 */
export function defineChoice<D extends Record<string, ServiceRef<unknown>> = {}>(c: {
  deps?: D;
  check?: 'options' | 'rules';
  unavailable?: LocalizedText;
  load(ctx: ChoiceContext, deps: ResolvedDeps<D>): Promise<ChoiceOption[]>;
}): ChoiceLoader<D> {
  return Object.freeze({ ...c, deps: (c.deps ?? {}) as D, check: c.check ?? 'options' });
}

/** Core's messages of dynamic choices. */
export const CHOICE_MESSAGES = {
  /** Shown when the options cannot be loaded and the loader has no `unavailable` of its own. */
  unavailable: {
    nl: 'De keuzelijst kon nu niet opgehaald worden. U kunt verdergaan: een medewerker kijkt uw aanvraag na.',
    fr: 'La liste de choix n’a pas pu être obtenue pour le moment. Vous pouvez continuer : un collaborateur vérifiera votre demande.',
    en: 'The list of choices could not be fetched just now. You can go on: a staff member will check your request.',
  },
  /** The "none of these" option of an optional field. */
  none: { nl: 'Geen van deze', fr: 'Aucun de ceux-ci', en: 'None of these' },
  /** The empty first entry of a drop-down. */
  select: { nl: '— Kies —', fr: '— Choisissez —', en: '— Choose —' },
} satisfies Record<string, LocalizedText>;

/** A request type behind the request extension point. */
export interface RequestTypeDefinition<F extends FormDefinition = FormDefinition> {
  /** Namespaced id: `<plugin>.<type>`, lowercase, dashes allowed. */
  readonly id: string;
  /** Certificate (needs a `source`, or an `issue` and a renderer) or report. */
  readonly kind: RequestKind;
  /** The name in the catalogue. */
  readonly title: LocalizedText;
  /** What it is and who needs it, for the catalogue (defaults to the title). */
  readonly description: LocalizedText;
  /** The catalogue theme it is listed under. */
  readonly theme: Theme;
  /**
   * The theme's title in the catalogue, for a theme that is not one of core's
   * ({@link THEME_TITLES}), e.g. `{ nl: 'Parkeren', fr: 'Stationnement', en: 'Parking' }`. Give
   * every type of that theme the same title (a shared constant); without it the catalogue shows
   * the id capitalised.
   */
  readonly themeTitle?: LocalizedText | undefined;
  /** IPDC / LPDC product code, when the product is in the Flemish product catalogue. */
  readonly productCode?: string | undefined;
  /** Who may file it. Default citizen and organisation. */
  readonly audience: readonly Audience[];
  /** The least authentication level to file it online. Default `substantial`. */
  readonly minimumLevel: AssuranceLevel;
  /**
   * Certificates: whether it may be requested without login (default `{ default: 'off' }`).
   * Reports use `audience: ['anonymous', ...]` instead.
   */
  readonly withoutLogin: WithoutLoginPolicy;
  /** The form, made with {@link form}. */
  readonly form: F;
  /** Whom the request is about, from the form and the requester. */
  subject(form: FormValues<F>, requester: Requester, identity?: Identity): Subject;
  /** Purpose and use, from the form (printed, recorded, given to the source). */
  purpose?(form: FormValues<F>): {
    /** The purpose, printed on the document and given to the source. */
    purpose?: string | undefined;
    /** Domestic or foreign use; foreign use may need a legalisation. */
    use?: 'domestic' | 'foreign' | undefined;
  };
  /** The authorisation rules, combined by {@link combineVerdicts}. */
  readonly rules: readonly AuthorisationRule[];
  /** Where the data or document comes from. Reports have none. */
  readonly source?: SourceDefinition | undefined;
  /**
   * A document the municipality issues itself after a clerk's approval, instead of a `source`
   * (see {@link IssueDefinition}); needs a `renderer`. Every request of such a type goes to
   * review (an automatic decision would issue without a clerk): its rules should say so.
   */
  readonly issue?: IssueDefinition<F> | undefined;
  /** Renders the source's (or `issue`'s) data. Absent when the source returns a finished document. */
  readonly renderer?: RendererDefinition | undefined;
  /**
   * Seal: `default` uses the deployment's signer, `false` delivers unsealed (or as the source
   * sealed it), a string names a signer a plugin registered.
   */
  readonly sign: 'default' | false | string;
  /** How long documents and form data are kept. */
  readonly retention: RetentionPolicy;
  /** What the catalogue says about delivery time. */
  readonly expectedDelivery: LocalizedText;
  /**
   * Cost in euro cents, when the municipality charges. Superseded by {@link fee}: a type with
   * only `costCents` is charged that amount, paid before submitting.
   */
  readonly costCents?: number | undefined;
  /**
   * The fee (retributie), made with `defineFee`: its default amount, when the requester pays and
   * the waivers of the fee regulation. The municipality sets its own amount per type in the
   * back-office, from a date on; a request keeps the fee it was filed under. Absent: free.
   */
  readonly fee?: FeePolicy | undefined;
  /**
   * Loaders of the form's dynamic choice fields (`fields.dynamicChoice`), by field name. Every
   * dynamic field has one.
   */
  readonly choices?: Readonly<Record<string, ChoiceLoader<any>>> | undefined;
  /**
   * Form fields filled in from an authentic source for a logged-in citizen who asks for himself,
   * by field name (see {@link prefillFrom}), e.g. `{ address: prefillFrom(rijksregisterPrefill,
   * 'address') }`. The portal fills them when the form opens and shows where each value came
   * from; a field is locked unless its binding says `editable: true`, and the runtime refuses a
   * changed locked value at submit. Every consultation is audited with the legal basis of this
   * plugin's source manifest, which must declare the prefill's services. Nobody else (another
   * person, an organisation, the counter, a request without login) gets a prefill.
   */
  readonly prefill?: Readonly<Record<string, PrefillBinding>> | undefined;
  /**
   * The lead time in working days (Belgian calendar, decision 0902) within which staff handle a
   * request of this type, counted from the day after submission; the days spent waiting for the
   * requester are added. The back-office may set another per municipality
   * (`requestType.<id>.leadTimeDays`). Absent: no due date unless the municipality sets one.
   */
  readonly leadTimeDays?: number | undefined;
  /** How questions to the requester ("vraag aan de aanvrager") of this type are handled. */
  readonly information?: InformationPolicy | undefined;
  /**
   * The type's own text in the receipt, approval and refusal mails (see {@link MailTexts}), e.g.
   * `{ approved: text({ nl: 'Haal de sleutel af aan het onthaal. Dossier {{reference}}.' }) }`.
   * Plain text with `{{reference}}`, `{{title}}` and `{{answers.<field>}}`; the notifier puts it
   * under core's own text, escaped.
   */
  readonly mailTexts?: MailTexts | undefined;
  /**
   * Reports with a place (decision 1501): the place, routing by category and photos, stored by
   * the runtime when the report is filed. Only for `kind: 'report'`.
   */
  readonly report?: ReportHandling | undefined;
}

/** What happens to a question to the requester (the `ask` action). */
export interface InformationPolicy {
  /** Working days the requester has to answer, the clerk's default answer-by date [10]. */
  readonly answerDays?: number | undefined;
  /**
   * At the answer-by date without an answer: `return` (default) puts the request back in the
   * clerk's inbox marked "geen antwoord"; `close` refuses it with the reason "geen antwoord".
   */
  readonly onNoAnswer?: 'return' | 'close' | undefined;
}

const ID = /^[a-z][a-z0-9-]*(\.[a-z0-9][a-z0-9-]*)+$/;

/** The default `expectedDelivery`: immediately, when all conditions are met. */
export const IMMEDIATE: LocalizedText = {
  nl: 'Onmiddellijk, als alle voorwaarden vervuld zijn',
  fr: 'Immédiatement, si toutes les conditions sont remplies',
  en: 'Immediately, when all conditions are met',
};

/**
 * Declares a request type. Defaults: audience citizen and organisation, minimum level
 * substantial, sealed with the deployment's signer when rendered, documents kept 3 months.
 *
 * @example
 * ```ts
 * export const openbaarDomein = defineRequestType({
 *   id: 'melding.openbaar-domein',
 *   kind: 'report',
 *   title: text({ nl: 'Melding openbaar domein', fr: 'Signalement domaine public', en: 'Public space report' }),
 *   theme: 'openbaar-domein',
 *   audience: ['citizen', 'anonymous'],
 *   minimumLevel: 'none',
 *   form: form({
 *     location: fields.address({ label: text({ nl: 'Waar?', en: 'Where?' }) }),
 *     description: fields.textarea({ label: text({ nl: 'Wat is er aan de hand?', en: 'What is wrong?' }) }),
 *   }),
 *   subject: () => ({ relation: 'none' }),
 *   rules: [alwaysReview(text({ nl: 'Een medewerker bekijkt elke melding.' }))],
 *   retention: { formDataDays: 365 },
 * });
 * ```
 * @throws TypeError when the id is not `<plugin>.<type>`, a certificate has neither a source nor
 *   an issue (an issue needs a renderer and no source), the
 *   dynamic choice fields and `choices` do not match, or `prefill` names no field of the form (or
 *   a file or dynamic choice field).
 */
export function defineRequestType<F extends FormDefinition>(
  def: Omit<
    RequestTypeDefinition<F>,
    'audience' | 'minimumLevel' | 'sign' | 'retention' | 'expectedDelivery' | 'description' | 'withoutLogin'
  > & {
    description?: LocalizedText;
    withoutLogin?: WithoutLoginPolicy;
    audience?: readonly Audience[];
    minimumLevel?: AssuranceLevel;
    sign?: RequestTypeDefinition['sign'];
    retention?: RetentionPolicy;
    expectedDelivery?: LocalizedText;
  },
): RequestTypeDefinition<F> {
  if (!ID.test(def.id)) {
    throw new TypeError(`defineRequestType: id "${def.id}" must look like "plugin.type" (lowercase, dashes)`);
  }
  if (def.kind === 'certificate' && !def.source && !def.issue) {
    throw new TypeError(`defineRequestType: certificate "${def.id}" needs a source or an issue`);
  }
  if (def.issue && (def.source || !def.renderer || def.kind !== 'certificate')) {
    throw new TypeError(
      `defineRequestType: "${def.id}" issues its document itself: a certificate with a renderer and no source`,
    );
  }
  for (const [name, meta] of Object.entries(def.form.fields)) {
    if (meta.dynamic && !def.choices?.[name]) {
      throw new TypeError(
        `defineRequestType: "${def.id}" needs choices.${name} for its dynamic choice field`,
      );
    }
  }
  for (const [name, days] of [
    ['leadTimeDays', def.leadTimeDays],
    ['information.answerDays', def.information?.answerDays],
  ] as const) {
    if (days !== undefined && (!Number.isInteger(days) || days < 0 || days > 3650)) {
      throw new TypeError(`defineRequestType: ${name} of "${def.id}" must be a whole number of working days`);
    }
  }
  if (def.prefill) checkPrefillFields(def.id, def.form, def.prefill);
  if (def.costCents !== undefined && !isCents(def.costCents)) {
    throw new TypeError(`defineRequestType: costCents of "${def.id}" must be whole euro cents`);
  }
  if (def.mailTexts) {
    const unknown = unknownMailPlaceholders(def.mailTexts, new Set(Object.keys(def.form.fields)));
    if (unknown.length > 0) {
      throw new TypeError(
        `defineRequestType: mailTexts of "${def.id}" name unknown placeholders: ${unknown.map((p) => `{{${p}}}`).join(', ')}`,
      );
    }
  }
  for (const name of Object.keys(def.choices ?? {})) {
    if (!def.form.fields[name]?.dynamic) {
      throw new TypeError(
        `defineRequestType: choices.${name} of "${def.id}" names no dynamic choice field (fields.dynamicChoice)`,
      );
    }
  }
  return Object.freeze({
    ...def,
    description: def.description ?? def.title,
    audience: def.audience ?? (['citizen', 'organisation'] as const),
    minimumLevel: def.minimumLevel ?? 'substantial',
    withoutLogin: def.withoutLogin ?? { default: 'off' as const },
    sign: def.sign ?? (def.renderer ? 'default' : false),
    retention: { ...def.retention },
    expectedDelivery: def.expectedDelivery ?? IMMEDIATE,
    ...(def.fee === undefined && def.costCents ? { fee: defineFee({ amountCents: def.costCents }) } : {}),
  });
}
