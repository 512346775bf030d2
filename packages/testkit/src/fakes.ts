import type {
  AuthorisationRule,
  Plugin,
  PluginEntry,
  RendererDefinition,
  RequestTypeDefinition,
  SignerDefinition,
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
  /** Seals a request type's document with this signer instead of the one it names. */
  signers?: Record<string, SignerDefinition<any>>;
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
    ...Object.keys(fakes.signers ?? {}),
  ]);
  return Object.freeze({
    ...plugin,
    register(registrar) {
      const seen = new Set<string>();
      const addedSigners = new Set<string>();
      plugin.register({
        ...registrar,
        requestTypes: {
          add(def: RequestTypeDefinition<any>) {
            seen.add(def.id);
            const source = fakes.sources?.[def.id];
            const renderer = fakes.renderers?.[def.id];
            const rules = fakes.rules?.[def.id];
            const signer = fakes.signers?.[def.id];
            if (source) registrar.sources.add(source);
            if (renderer) registrar.renderers.add(renderer);
            if (signer && !addedSigners.has(signer.id)) {
              addedSigners.add(signer.id);
              registrar.signers.add(signer);
            }
            registrar.requestTypes.add({
              ...def,
              ...(source ? { source } : {}),
              ...(renderer ? { renderer } : {}),
              ...(rules ? { rules } : {}),
              ...(signer ? { sign: signer.id } : {}),
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

/** The extension points {@link replace} can swap per request type. */
export interface ReplaceableExtensionPoints {
  source: SourceDefinition<any>;
  renderer: RendererDefinition<any>;
  rules: AuthorisationRule<any>[];
  signer: SignerDefinition<any>;
}

/**
 * Replaces one extension point of one request type with a fake, e.g.
 * `replace(plugin, 'source', 'fietsen.fietskluis', scriptedSource(...))`. Shorthand for
 * {@link withFakes} with a single fake; the rest of the plugin is unchanged.
 */
export function replace<P extends Plugin<any>, K extends keyof ReplaceableExtensionPoints>(
  plugin: P,
  extensionPoint: K,
  requestTypeId: string,
  fake: ReplaceableExtensionPoints[K],
): P {
  const key = { source: 'sources', renderer: 'renderers', rules: 'rules', signer: 'signers' } as const;
  return withFakes(plugin, { [key[extensionPoint]]: { [requestTypeId]: fake } });
}
