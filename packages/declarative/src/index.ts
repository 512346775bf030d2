/**
 * @smartloket/declarative: request types described as JSON (made in the back-office's designer or
 * kept as files in the deployment). The schema ({@link declarativeTypeSchema}, also as JSON
 * Schema in `request-type.schema.json`), the designer's checks and the compiler to a core
 * request type with the same lifecycle, rules, audit and API as a plugin's.
 * @packageDocumentation
 */
export * from './check.js';
export * from './compile.js';
export * from './json-schema.js';
export * from './schema.js';
