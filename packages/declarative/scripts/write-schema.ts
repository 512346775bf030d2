/** Writes request-type.schema.json from the zod schema: `pnpm --filter @smartloket/declarative run schema`. */
import { writeFileSync } from 'node:fs';
import { declarativeTypeJsonSchema } from '../src/json-schema.js';

writeFileSync(
  new URL('../request-type.schema.json', import.meta.url),
  `${JSON.stringify(declarativeTypeJsonSchema(), null, 2)}\n`,
);
