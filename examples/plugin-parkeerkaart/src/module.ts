import type { RequestTypeDefinition, SourceManifest } from '@smartloket/core';

/** One request type of this plugin, with the source services it consults. */
export interface RequestTypeModule {
  requestType: RequestTypeDefinition<any>;
  /** Merged into the plugin's source manifest (what is read from which service, and why). */
  sources: SourceManifest;
}
