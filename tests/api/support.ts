import { Validator } from '@seriousme/openapi-schema-validator';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';

/** Validates real responses against the served OpenAPI 3.1 document (Ajv, draft 2020-12). */
export class OpenApiChecker {
  readonly #ajv = new Ajv2020({ strict: false, allErrors: true });
  readonly checked = new Set<string>();
  constructor(readonly doc: any) {
    (addFormats as unknown as (a: Ajv2020) => void)(this.#ajv);
  }

  /** Checks the document itself against the OpenAPI 3.1 schema. */
  static async documentErrors(doc: unknown): Promise<unknown> {
    const validator = new Validator();
    const result = await validator.validate(doc as Record<string, unknown>);
    if (!result.valid) return result.errors;
    return validator.version === '3.1' ? undefined : `validated as OpenAPI ${validator.version}`;
  }

  /** Throws when `body` does not match the documented response of `operationId` for `status`. */
  check(operationId: string, status: number, body: unknown): void {
    const op = this.#operation(operationId);
    const response = op.responses[String(status)];
    if (!response) throw new Error(`${operationId}: status ${status} is not documented`);
    const content = response.content ?? {};
    const problemRef = (m: string) => content[m]?.schema?.$ref === '#/components/schemas/Problem';
    if (status >= 400 && !problemRef('application/problem+json') && !problemRef('application/json'))
      throw new Error(`${operationId}: error status ${status} is not documented as problem JSON`);
    const ref = (content['application/json'] ?? content['application/problem+json'])?.schema;
    const schema =
      typeof ref?.$ref === 'string'
        ? this.doc.components.schemas[ref.$ref.replace('#/components/schemas/', '')]
        : ref;
    if (schema) {
      const ok = this.#ajv.validate(schema, body);
      if (!ok)
        throw new Error(
          `${operationId} ${status}: ${this.#ajv.errorsText(this.#ajv.errors)} in ${JSON.stringify(body).slice(0, 500)}`,
        );
    }
    this.checked.add(operationId);
  }

  /** Every operationId in the document. */
  operations(): string[] {
    return Object.values(this.doc.paths as Record<string, Record<string, any>>).flatMap((m) =>
      Object.values(m).map((op) => op.operationId as string),
    );
  }

  #operation(id: string): any {
    for (const methods of Object.values(this.doc.paths as Record<string, Record<string, any>>)) {
      for (const op of Object.values(methods)) if (op.operationId === id) return op;
    }
    throw new Error(`no operation ${id}`);
  }
}
