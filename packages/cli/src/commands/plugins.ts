import { findConfig, loadConfig } from '../load-config.js';
import type { Output } from '../output.js';
import type { OpsOptions } from './shared.js';

/** `smartloket plugins`: the configured plugins, enabled or not, versions, compatibility, manifests. */
export async function plugins(options: OpsOptions, out: Output): Promise<void> {
  const { config } = await loadConfig(findConfig(options.cwd, options.config));
  const rows = config.plugins.map((entry) => {
    const plugin = 'plugin' in entry ? entry.plugin : entry;
    const enabled = 'plugin' in entry ? entry.enabled !== false : true;
    return {
      id: plugin.id,
      packageName: plugin.packageName ?? null,
      version: plugin.version ?? null,
      enabled,
      compat: plugin.compat.core,
      sources: Object.entries(plugin.sources).map(([service, m]) => ({
        service,
        fields: m.fields,
        legalBasis: m.legalBasis,
      })),
    };
  });
  out.result(
    { plugins: rows },
    rows
      .map(
        (r) =>
          `${r.enabled ? '●' : '○'} ${r.id} ${r.packageName ?? ''}@${r.version ?? '?'} (core ${r.compat})${r.enabled ? '' : ' disabled'}\n` +
          r.sources.map((s) => `    ${s.service}: ${s.fields.join(', ')} — ${s.legalBasis}`).join('\n'),
      )
      .join('\n') || 'No plugins configured.',
  );
}
