import { z } from 'zod';
import { declarativeTypeSchema } from './schema.js';

/** Where the JSON Schema is published (the `$id`), for editors that complete and check a file. */
export const SCHEMA_ID = 'https://smartloket.be/schemas/request-type.schema.json';

/**
 * The JSON Schema of a declarative request type (draft 2020-12), as committed in
 * `request-type.schema.json`: what a file's `$schema` points an editor to. Cross-field rules
 * (conditions on earlier choice fields, placeholders naming fields) are checked by
 * {@link parseDeclarativeType} only.
 */
export function declarativeTypeJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(declarativeTypeSchema, { io: 'input', unrepresentable: 'any' }) as Record<
    string,
    unknown
  >;
  return {
    $schema: schema.$schema,
    $id: SCHEMA_ID,
    title: 'SmartLoket request type',
    description:
      'A request type described as data: its form (steps and fields), conditions, outcome and the document a clerk’s approval produces. Texts are plain text, never HTML.',
    ...Object.fromEntries(Object.entries(schema).filter(([k]) => k !== '$schema')),
  };
}
