import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Validator } from '@seriousme/openapi-schema-validator';
import { definitionValidator } from '../../packages/dev-world/src/ebox/contract.js';

/** The official e-Box REST 2.1 Swagger file (MIT, be-smals-thim), beside the repository. */
export const EBOX_SWAGGER = resolve(import.meta.dirname, '../../../shared/reference/ebox/ebox-rest-2.1.yaml');

/**
 * The official Swagger file, parsed and itself validated as Swagger 2.0. Undefined when
 * `../shared` is missing outside CI (the caller skips with a reason); in CI a missing file fails.
 */
export async function officialEboxSwagger(): Promise<Record<string, any> | undefined> {
  if (!existsSync(EBOX_SWAGGER)) {
    if (process.env.CI) throw new Error(`the official e-Box Swagger file is missing: ${EBOX_SWAGGER}`);
    return undefined;
  }
  const validator = new Validator();
  const result = await validator.validate(readFileSync(EBOX_SWAGGER, 'utf8'));
  if (!result.valid) throw new Error(`the e-Box Swagger file is not valid: ${JSON.stringify(result.errors)}`);
  return validator.specification as Record<string, any>;
}

/** Validates `value` against a definition of the official file; returns the errors (empty: valid). */
export function officialErrors(swagger: Record<string, any>, definition: string, value: unknown): string[] {
  const validate = definitionValidator(swagger.definitions, definition);
  if (validate(value)) return [];
  return (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
}
