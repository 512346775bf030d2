import type { AuthorisationRule, Subject } from './authorisation.js';
import type { RendererDefinition, SourceDefinition } from './extension-points.js';
import type { FormDefinition, FormValues } from './forms.js';
import type { LocalizedText } from './i18n.js';
import type { AssuranceLevel, Identity, Requester } from './identity.js';
import type { RequestKind } from './lifecycle.js';

/** Catalogue themes. Plugins may use others; these have translations in the portal. */
export type Theme =
  | 'bevolking'
  | 'burgerlijke-stand'
  | 'strafregister'
  | 'openbaar-domein'
  | 'ondernemen'
  | (string & {});

/** Who may file a request of a type. */
export type Audience = 'citizen' | 'organisation' | 'anonymous';

/** Retention terms, in days or months after delivery (documents) or after closing (the rest). */
export interface RetentionPolicy {
  /** Months a delivered document stays downloadable. Default 3. */
  documentMonths?: number;
  /** Days form data and uploads are kept after the request ends. */
  formDataDays?: number;
}

/** A request type behind the request extension point. */
export interface RequestTypeDefinition<F extends FormDefinition = FormDefinition> {
  /** Namespaced id: `<plugin>.<type>`, lowercase, dashes allowed. */
  readonly id: string;
  readonly kind: RequestKind;
  readonly title: LocalizedText;
  readonly description: LocalizedText;
  readonly theme: Theme;
  /** IPDC / LPDC product code, when the product is in the Flemish product catalogue. */
  readonly productCode?: string | undefined;
  readonly audience: readonly Audience[];
  /** The least authentication level to file it online. Default `substantial`. */
  readonly minimumLevel: AssuranceLevel;
  readonly form: F;
  /** Whom the request is about, from the form and the requester. */
  subject(form: FormValues<F>, requester: Requester, identity?: Identity): Subject;
  /** Purpose and use, from the form (printed, recorded, given to the source). */
  purpose?(form: FormValues<F>): { purpose?: string | undefined; use?: 'domestic' | 'foreign' | undefined };
  readonly rules: readonly AuthorisationRule[];
  /** Where the data or document comes from. Reports have none. */
  readonly source?: SourceDefinition | undefined;
  /** Renders the source's data. Absent when the source returns a finished document. */
  readonly renderer?: RendererDefinition | undefined;
  /**
   * Seal: `default` uses the deployment's signer, `false` delivers unsealed (or as the source
   * sealed it), a string names a signer a plugin registered.
   */
  readonly sign: 'default' | false | string;
  readonly retention: RetentionPolicy;
  /** What the catalogue says about delivery time. */
  readonly expectedDelivery: LocalizedText;
  /** Cost in euro cents, when the municipality charges. */
  readonly costCents?: number | undefined;
}

const ID = /^[a-z][a-z0-9-]*(\.[a-z0-9][a-z0-9-]*)+$/;

export const IMMEDIATE: LocalizedText = {
  nl: 'Onmiddellijk, als alle voorwaarden vervuld zijn',
  fr: 'Immédiatement, si toutes les conditions sont remplies',
  en: 'Immediately, when all conditions are met',
};

/**
 * Declares a request type. Defaults: audience citizen and organisation, minimum level
 * substantial, sealed with the deployment's signer when rendered, documents kept 3 months.
 */
export function defineRequestType<F extends FormDefinition>(
  def: Omit<
    RequestTypeDefinition<F>,
    'audience' | 'minimumLevel' | 'sign' | 'retention' | 'expectedDelivery' | 'description'
  > & {
    description?: LocalizedText;
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
  if (def.kind === 'certificate' && !def.source) {
    throw new TypeError(`defineRequestType: certificate "${def.id}" needs a source`);
  }
  return Object.freeze({
    ...def,
    description: def.description ?? def.title,
    audience: def.audience ?? (['citizen', 'organisation'] as const),
    minimumLevel: def.minimumLevel ?? 'substantial',
    sign: def.sign ?? (def.renderer ? 'default' : false),
    retention: { documentMonths: 3, formDataDays: 90, ...def.retention },
    expectedDelivery: def.expectedDelivery ?? IMMEDIATE,
  });
}
