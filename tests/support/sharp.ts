/**
 * sharp as the meldingen plugin installs it (the plugin's own dependency), for tests that make
 * phone-like photos with EXIF/GPS and read what was stored, without a second copy at the root.
 */
import { createRequire } from 'node:module';

const fromPlugin = createRequire(new URL('../../plugins/meldingen/package.json', import.meta.url));

/** The `sharp` function. */
export const sharp: typeof import('../../plugins/meldingen/node_modules/sharp/dist/index.mjs').default =
  fromPlugin('sharp');
