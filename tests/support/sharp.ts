/**
 * sharp as the meldingen plugin installs it (the plugin's own dependency), for tests that make
 * phone-like photos with EXIF/GPS and read what was stored, without a second copy at the root.
 */
import { createRequire } from 'node:module';

const fromPlugin = createRequire(new URL('../../plugins/meldingen/package.json', import.meta.url));

/** The `sharp` function. */
export const sharp: typeof import('../../plugins/meldingen/node_modules/sharp/dist/index.mjs').default =
  fromPlugin('sharp');

/** A phone photo with the maker and a GPS position in its EXIF. */
export async function phoneJpeg(width = 3000, height = 2000, background = '#d08020'): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background } })
    .jpeg()
    .withExif({
      IFD0: { Make: 'TestPhone', Model: 'Camera 12' },
      IFD3: {
        GPSLatitudeRef: 'N',
        GPSLatitude: '50/1 57/1 40/1',
        GPSLongitudeRef: 'E',
        GPSLongitude: '3/1 58/1 7/1',
      },
    })
    .toBuffer();
}
