// Pre-subsets DejaVu Sans (Debian package fonts-dejavu-core) once, so that documents embed a
// small font without subsetting it again at every render. Run: `pnpm --filter @smartloket/renderer-pdf fonts`.
// The output TTF files and the licence are committed under fonts/.
import { copyFileSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import subsetFont from 'subset-font';

const here = dirname(fileURLToPath(import.meta.url));
const out = join(here, '..', 'fonts');
const src = process.env.DEJAVU_DIR ?? '/usr/share/fonts/truetype/dejavu';

/** Builds a string with every code point of the given inclusive ranges. */
function ranges(...rs) {
  let s = '';
  for (const [a, b] of rs) for (let c = a; c <= b; c++) s += String.fromCodePoint(c);
  return s;
}

// What Belgian registers hold: Latin, Latin-1, Latin Extended-A/B, Latin Extended Additional
// (Vietnamese), combining diacritics, spacing modifiers, general punctuation, currency, a few symbols.
const core = ranges(
  [0x20, 0x7e],
  [0xa0, 0xff],
  [0x100, 0x17f],
  [0x180, 0x24f],
  [0x2b0, 0x2ff],
  [0x300, 0x36f],
  [0x1e00, 0x1eff],
  [0x2000, 0x206f],
  [0x20a0, 0x20bf],
  [0x2100, 0x2122],
  [0x2190, 0x2193],
  [0x2212, 0x2212],
  [0x25a0, 0x25cf],
  [0xfffd, 0xfffd],
);

// The fallback: Greek, Cyrillic, IPA, Armenian, Georgian and more, embedded only in the rare
// document that needs it (and then subset per document).
const fallback = ranges(
  [0x250, 0x2af],
  [0x370, 0x3ff],
  [0x400, 0x52f],
  [0x530, 0x58f],
  [0x10a0, 0x10ff],
  [0x1f00, 0x1fff],
  [0x2c60, 0x2c7f],
  [0xa720, 0xa7ff],
);

for (const [file, text, name] of [
  ['DejaVuSans.ttf', core, 'SmartLoketSans-Regular.ttf'],
  ['DejaVuSans-Bold.ttf', core, 'SmartLoketSans-Bold.ttf'],
  ['DejaVuSans.ttf', fallback, 'SmartLoketSans-Fallback.ttf'],
]) {
  const input = readFileSync(join(src, file));
  const bytes = await subsetFont(input, text, { targetFormat: 'truetype' });
  writeFileSync(join(out, name), bytes);
  console.log(`${name}: ${bytes.length} bytes (from ${statSync(join(src, file)).size})`);
}
copyFileSync('/usr/share/doc/fonts-dejavu-core/copyright', join(out, 'LICENSE-DejaVu.txt'));
