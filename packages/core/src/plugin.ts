import type { z } from 'zod';
import type { AuthorisationRule } from './authorisation.js';
import type { RendererDefinition, SignerDefinition, SourceDefinition } from './extension-points.js';
import type { LocalizedText } from './i18n.js';
import type { PaymentProviderDefinition } from './payments.js';
import type { RequestTypeDefinition } from './request-type.js';
import type { ServiceFactory } from './services.js';

/** Tag and shape version of plugin objects. The kernel rejects foreign or outdated shapes. */
export const PLUGIN_TAG = '@smartloket/plugin' as const;
/** The plugin object shape this core understands; {@link definePlugin} stamps it. */
export const PLUGIN_API_VERSION = 1;

/** One entry of a plugin's source manifest. */
export interface SourceManifestEntry {
  /** The fields the plugin reads from this service (for the register of processing). */
  fields: string[];
  /** The legal basis of the consultation; travels into every audit record. */
  legalBasis: string;
  /** What the consultation is for, in words for the register of processing and staff screens. */
  description?: LocalizedText;
}

/** Per source service (e.g. `magda:GeefAttest-02.00`): what the plugin reads and why. */
export type SourceManifest = Record<string, SourceManifestEntry>;

/** What a plugin's `register` gets. */
export interface PluginRegistrar<O> {
  /** The plugin's options, validated against its schema. */
  readonly options: O;
  /** The id of the plugin being registered. */
  readonly pluginId: string;
  /** Where the plugin registers its request types (ids must start with the plugin id). */
  readonly requestTypes: {
    /** Registers one; the kernel refuses duplicates. */
    add(def: RequestTypeDefinition<any>): void;
  };
  /** Where the plugin registers its shared authorisation rules. */
  readonly rules: {
    /** Registers one; the kernel refuses duplicates. */
    add(rule: AuthorisationRule<any>): void;
  };
  /** Where the plugin registers its sources. */
  readonly sources: {
    /** Registers one; the kernel refuses duplicates. */
    add(source: SourceDefinition<any>): void;
  };
  /** Where the plugin registers its renderers. */
  readonly renderers: {
    /** Registers one; the kernel refuses duplicates. */
    add(renderer: RendererDefinition<any>): void;
  };
  /** Where the plugin registers its signers. */
  readonly signers: {
    /** Registers one; the kernel refuses duplicates. */
    add(signer: SignerDefinition<any>): void;
  };
  /** Where the plugin registers its payment providers (the deployment config selects one by id). */
  readonly payments: {
    /** Registers one; the kernel refuses duplicates. */
    add(provider: PaymentProviderDefinition<any>): void;
  };
  /** Where the plugin registers its service implementations. */
  readonly services: {
    /** Registers one; the kernel refuses duplicates. */
    add(factory: ServiceFactory<any, any>): void;
  };
}

/** One finding of a plugin's own configuration check (shown by `smartloket doctor`). */
export interface PluginCheck {
  /** What was checked, e.g. `poll intervals`; doctor prefixes the plugin id. */
  name: string;
  /** True when the check passed. */
  ok: boolean;
  /** A warning is shown but does not fail `doctor`. */
  warning?: boolean | undefined;
  /** What is wrong (or fine), without secrets or personal data. */
  detail: string;
}

/**
 * A plugin's configuration check: gets the validated options and returns findings (options that
 * parse but make no sense together, a setting the municipality must still fill in). It should be
 * quick; `doctor` gives it a time limit and reports a throw as a failed check.
 */
export type PluginChecks<O> = (context: { readonly options: O }) => PluginCheck[] | Promise<PluginCheck[]>;

/** A plugin: a plain, versioned object. Make it with {@link definePlugin}. */
export interface Plugin<S extends z.ZodType = z.ZodType> {
  /** Brand the kernel checks: {@link PLUGIN_TAG}. */
  readonly $$type: typeof PLUGIN_TAG;
  /** The object shape version: {@link PLUGIN_API_VERSION}. */
  readonly apiVersion: typeof PLUGIN_API_VERSION;
  /** Plugin id: lowercase letters, digits and dashes (`melding`); prefixes its request type ids. */
  readonly id: string;
  /** npm package name, for error messages and the modules screen. */
  readonly packageName?: string | undefined;
  /** The plugin's version, for the modules screen and `doctor`. */
  readonly version?: string | undefined;
  /** A human name for the modules screen. */
  readonly title?: LocalizedText | undefined;
  /** Semver ranges this plugin works with. */
  readonly compat: {
    /** The range of `@smartloket/core` versions, the same as the peer dependency (e.g. `^0.1.0`). */
    core: string;
  };
  /** The zod schema of the options, with defaults for everything. */
  readonly options?: S | undefined;
  /** The source manifest: every authentic-source service the plugin consults, with fields and legal basis. */
  readonly sources: SourceManifest;
  /** Registers the plugin's request types, rules, sources, renderers, signers, payment providers and services. Called once at start. */
  register(registrar: PluginRegistrar<z.output<S>>): void;
  /** The plugin's own configuration check, run by `smartloket doctor`. See {@link PluginChecks}. */
  checks?(context: { readonly options: z.output<S> }): PluginCheck[] | Promise<PluginCheck[]>;
}

/**
 * Declares a plugin: the default export of a plugin package.
 *
 * @example
 * ```ts
 * export default definePlugin({
 *   id: 'melding',
 *   packageName: 'smartloket-plugin-melding',
 *   compat: { core: '^0.1.0' },
 *   options: z.object({ days: z.number().int().positive().default(5) }),
 *   register({ requestTypes, options }) {
 *     requestTypes.add(openbaarDomein(options));
 *   },
 * });
 * ```
 * @public
 */
export function definePlugin<S extends z.ZodType = z.ZodObject<{}>>(def: {
  id: string;
  packageName?: string;
  version?: string;
  title?: LocalizedText;
  compat: { core: string };
  options?: S;
  sources?: SourceManifest;
  register(registrar: PluginRegistrar<z.output<S>>): void;
  checks?(context: { readonly options: z.output<S> }): PluginCheck[] | Promise<PluginCheck[]>;
}): Plugin<S> {
  return Object.freeze({
    ...def,
    sources: def.sources ?? {},
    $$type: PLUGIN_TAG,
    apiVersion: PLUGIN_API_VERSION,
  });
}

/** How a deployment lists a plugin: the plugin, or the plugin with options and a switch. */
export type PluginEntry =
  | Plugin<any>
  | {
      /** The plugin. */
      plugin: Plugin<any>;
      /** Its options, validated against the plugin's schema at start. */
      options?: unknown;
      /** False to keep the plugin installed but off. Default true. */
      enabled?: boolean;
    };
