import type { z } from 'zod';
import type { AuthorisationRule } from './authorisation.js';
import type { RendererDefinition, SignerDefinition, SourceDefinition } from './extension-points.js';
import type { LocalizedText } from './i18n.js';
import type { RequestTypeDefinition } from './request-type.js';
import type { ServiceFactory } from './services.js';

/** Tag and shape version of plugin objects. The kernel rejects foreign or outdated shapes. */
export const PLUGIN_TAG = '@smartloket/plugin' as const;
export const PLUGIN_API_VERSION = 1;

/** One entry of a plugin's source manifest. */
export interface SourceManifestEntry {
  /** The fields the plugin reads from this service (for the register of processing). */
  fields: string[];
  /** The legal basis of the consultation; travels into every audit record. */
  legalBasis: string;
  description?: LocalizedText;
}

/** Per source service (e.g. `magda:GeefAttest-02.00`): what the plugin reads and why. */
export type SourceManifest = Record<string, SourceManifestEntry>;

/** What a plugin's `register` gets. */
export interface PluginRegistrar<O> {
  /** The plugin's options, validated against its schema. */
  readonly options: O;
  readonly pluginId: string;
  readonly requestTypes: { add(def: RequestTypeDefinition<any>): void };
  readonly rules: { add(rule: AuthorisationRule<any>): void };
  readonly sources: { add(source: SourceDefinition<any>): void };
  readonly renderers: { add(renderer: RendererDefinition<any>): void };
  readonly signers: { add(signer: SignerDefinition<any>): void };
  readonly services: { add(factory: ServiceFactory<any, any>): void };
}

/** One finding of a plugin's own configuration check (shown by `smartloket doctor`). */
export interface PluginCheck {
  /** What was checked, e.g. `poll intervals`; doctor prefixes the plugin id. */
  name: string;
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
  readonly $$type: typeof PLUGIN_TAG;
  readonly apiVersion: typeof PLUGIN_API_VERSION;
  readonly id: string;
  /** npm package name, for error messages and the modules screen. */
  readonly packageName?: string | undefined;
  readonly version?: string | undefined;
  readonly title?: LocalizedText | undefined;
  /** Semver ranges this plugin works with. */
  readonly compat: { core: string };
  readonly options?: S | undefined;
  readonly sources: SourceManifest;
  register(registrar: PluginRegistrar<z.output<S>>): void;
  /** The plugin's own configuration check, run by `smartloket doctor`. See {@link PluginChecks}. */
  checks?(context: { readonly options: z.output<S> }): PluginCheck[] | Promise<PluginCheck[]>;
}

/** Declares a plugin. */
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
export type PluginEntry = Plugin<any> | { plugin: Plugin<any>; options?: unknown; enabled?: boolean };
