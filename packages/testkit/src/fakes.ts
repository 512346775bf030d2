import type {
  AuthorisationRule,
  Plugin,
  PluginEntry,
  RendererDefinition,
  RequestTypeDefinition,
  SourceDefinition,
} from '@smartloket/core';

/** Fakes per request type id, for {@link withFakes}. */
export interface Fakes {
  /** Replaces the source of a request type (e.g. with a {@link scriptedSource}). */
  sources?: Record<string, SourceDefinition<any>>;
  /** Replaces the renderer of a request type. */
  renderers?: Record<string, RendererDefinition<any>>;
  /** Replaces the authorisation rules of a request type. */
  rules?: Record<string, AuthorisationRule<any>[]>;
}

/**
 * The plugin with one extension point of some request types replaced by a fake: a scripted
 * source instead of the real authentic source, a fake renderer, other rules. Everything else
 * (form, subject, other types, options, manifest) stays as the plugin defines it. Throws when
 * a fake names a request type the plugin does not register, so a renamed type fails loudly.
 */
export function withFakes<P extends Plugin<any>>(plugin: P, fakes: Fakes): P {
  const named = new Set([
    ...Object.keys(fakes.sources ?? {}),
    ...Object.keys(fakes.renderers ?? {}),
    ...Object.keys(fakes.rules ?? {}),
  ]);
  return Object.freeze({
    ...plugin,
    register(registrar) {
      const seen = new Set<string>();
      plugin.register({
        ...registrar,
        requestTypes: {
          add(def: RequestTypeDefinition<any>) {
            seen.add(def.id);
            const source = fakes.sources?.[def.id];
            const renderer = fakes.renderers?.[def.id];
            const rules = fakes.rules?.[def.id];
            if (source) registrar.sources.add(source);
            if (renderer) registrar.renderers.add(renderer);
            registrar.requestTypes.add({
              ...def,
              ...(source ? { source } : {}),
              ...(renderer ? { renderer } : {}),
              ...(rules ? { rules } : {}),
            });
          },
        },
      });
      for (const id of named) {
        if (!seen.has(id))
          throw new Error(`withFakes: plugin "${plugin.id}" registers no request type "${id}"`);
      }
    },
  } satisfies Plugin<any>) as P;
}

/** {@link withFakes} for a deployment's plugin entry (a plugin, or one with options). */
export function entryWithFakes(entry: PluginEntry, fakes: Fakes): PluginEntry {
  return 'plugin' in entry ? { ...entry, plugin: withFakes(entry.plugin, fakes) } : withFakes(entry, fakes);
}
