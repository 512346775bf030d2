import { CORE_VERSION, z } from '@smartloket/core';
import type { ApiRoute } from './routes.js';
import * as S from './schemas.js';

function schema(s: z.ZodType, io: 'input' | 'output'): Record<string, unknown> {
  const out = z.toJSONSchema(s, { target: 'draft-2020-12', io, unrepresentable: 'any' }) as Record<
    string,
    unknown
  >;
  delete out.$schema;
  return out;
}

const SCOPE_TEXT: Record<string, string> = {
  read: 'read: list and read requests, their events and documents',
  act: 'act: approve, refuse, ask, deliver at the counter, handle outside, start, resolve',
  admin: 'admin: organisation grants and webhook subscriptions',
};

const ERROR_TEXT: Record<number, string> = {
  400: 'Malformed input: bad percent-encoding, broken JSON or multipart, invalid query (`bad_encoding`, `invalid_body`, `invalid_query`)',
  401: 'No or unknown token (`unauthorized`)',
  403: 'Scope missing or request type outside the client (`insufficient_scope`)',
  404: 'Not found, or not visible to this client (`not_found`)',
  409: 'Changed meanwhile or not allowed in this state (`conflict`, `illegal_transition`)',
  413: 'Body too large (`too_large`)',
  415: 'Unsupported content type (`unsupported_media_type`)',
  422: 'Invalid input (`validation_failed` with `errors`, `webhook_destination_refused` with `reason`)',
  429: 'Too many requests (`too_many_requests`); see the `RateLimit` header',
};

/** An error response: RFC 9457 problem JSON, schema `Problem`. */
function problem(
  description: string,
  mediaType: 'application/problem+json' | 'application/json' = 'application/problem+json',
): Record<string, unknown> {
  return {
    description,
    content: { [mediaType]: { schema: { $ref: '#/components/schemas/Problem' } } },
  };
}

/**
 * The OpenAPI 3.1 document of /api/v1, generated from the route table and its zod schemas (the
 * same objects the routes validate with).
 */
export function buildOpenApi(routes: readonly ApiRoute[], serverUrl: string): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const r of routes) {
    const parameters: unknown[] = [];
    for (const [where, obj] of [
      ['path', r.params],
      ['query', r.query],
    ] as const) {
      if (!obj) continue;
      for (const [name, field] of Object.entries(obj.shape)) {
        const f = field as z.ZodType;
        const js = schema(f, 'input');
        parameters.push({
          name,
          in: where,
          required: where === 'path' || !f.safeParse(undefined).success,
          ...(typeof js.description === 'string' ? { description: js.description } : {}),
          schema: js,
        });
      }
    }
    const responses: Record<string, unknown> = {};
    // Malformed input and the rate limit are answered by every operation (problem JSON).
    const errors: ApiRoute['responses'] = { 429: null };
    if (r.params || r.query || r.body) errors[400] = null;
    if (r.body) Object.assign(errors, { 413: null, 415: null });
    for (const [status, s] of Object.entries<ApiRoute['responses'][number]>({ ...errors, ...r.responses })) {
      const code = Number(status);
      if (code >= 400) {
        responses[status] = problem(ERROR_TEXT[code] ?? 'Error');
        continue;
      }
      responses[status] =
        s === null
          ? { description: 'OK' }
          : s === 'binary'
            ? {
                description: 'OK',
                content: {
                  'application/pdf': { schema: { type: 'string', contentMediaType: 'application/pdf' } },
                },
              }
            : { description: 'OK', content: { 'application/json': { schema: schema(s, 'output') } } };
    }
    paths[r.path] ??= {};
    paths[r.path]![r.method] = {
      operationId: r.operationId,
      summary: r.summary,
      tags: [r.tag],
      ...(r.scope
        ? {
            security: [{ bearer: [r.scope] }, { oauth: [r.scope] }],
            description: `Scope: ${SCOPE_TEXT[r.scope]}.`,
          }
        : { security: [] }),
      ...(parameters.length ? { parameters } : {}),
      ...(r.body
        ? {
            requestBody: {
              required: true,
              content: { 'application/json': { schema: schema(r.body, 'input') } },
            },
          }
        : {}),
      responses,
    };
  }
  paths['/oauth/token'] = {
    post: {
      operationId: 'issueToken',
      summary:
        'OAuth 2.0 client credentials: an access token for an API client (HTTP Basic client_id:secret, or form fields).',
      tags: ['auth'],
      security: [],
      requestBody: {
        required: true,
        content: { 'application/x-www-form-urlencoded': { schema: schema(S.TokenBody, 'input') } },
      },
      responses: {
        200: {
          description: 'OK',
          content: { 'application/json': { schema: schema(S.TokenResponse, 'output') } },
        },
        400: {
          description:
            'Unsupported grant type: `error`, `error_description` as RFC 6749 5.2 asks, as `application/json`; a body that cannot be read: `application/problem+json`',
          content: {
            'application/json': { schema: { $ref: '#/components/schemas/Problem' } },
            'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } },
          },
        },
        401: problem(
          'Unknown client or wrong secret (`invalid_client`, as `application/json`)',
          'application/json',
        ),
        415: problem(ERROR_TEXT[415]!),
        429: problem(ERROR_TEXT[429]!),
      },
    },
  };
  paths['/verifications/{code}'] = {
    get: {
      operationId: 'verifyByCode',
      summary: 'Public: what a verification code printed on a document refers to.',
      tags: ['verification'],
      security: [],
      parameters: [{ name: 'code', in: 'path', required: true, schema: { type: 'string', maxLength: 40 } }],
      responses: {
        200: {
          description: 'Known code',
          content: { 'application/json': { schema: schema(S.Verification, 'output') } },
        },
        400: problem(ERROR_TEXT[400]!),
        404: problem('Unknown code (`unknown_code`)'),
        429: problem(ERROR_TEXT[429]!),
      },
    },
  };
  paths['/verifications'] = {
    post: {
      operationId: 'verifyUpload',
      summary: 'Public: checks an uploaded PDF (hash against delivered documents, PAdES signatures).',
      tags: ['verification'],
      security: [],
      requestBody: {
        required: true,
        content: {
          'multipart/form-data': {
            schema: {
              type: 'object',
              properties: { file: { type: 'string', contentMediaType: 'application/pdf' } },
              required: ['file'],
            },
          },
        },
      },
      responses: {
        200: {
          description: 'Checked',
          content: { 'application/json': { schema: schema(S.UploadVerificationSchema, 'output') } },
        },
        400: problem(ERROR_TEXT[400]!),
        413: problem(ERROR_TEXT[413]!),
        422: problem('No file (`no_file`)'),
        429: problem(ERROR_TEXT[429]!),
      },
    },
  };
  return {
    openapi: '3.1.0',
    info: {
      title: 'SmartLoket integration API',
      version: `1.0.0+core.${CORE_VERSION}`,
      description:
        'JSON API for back-office systems. Authenticate with an API client secret or an OAuth access token as `Authorization: Bearer <token>`. Lists are keyset-paged (`next` cursor). Every call is audited. Malformed input (a bad percent-encoding in a path, broken JSON or multipart, a body over 200 kB, an unsupported content type) is answered with RFC 9457 problem JSON (`application/problem+json`, schema `Problem`, status 400, 413 or 415) and changes nothing. Every error answer is RFC 9457 problem JSON: `type` is `https://smartloket.be/problems/<error>`, `detail` follows Accept-Language (nl, fr, en), `error` keeps the code of the older `{ error }` bodies. Webhook events are documented in docs/reference/api.md.',
    },
    servers: [{ url: `${serverUrl}/api/v1` }],
    tags: [
      { name: 'catalogue' },
      { name: 'requests' },
      { name: 'grants' },
      { name: 'webhooks' },
      { name: 'auth' },
      { name: 'verification' },
    ],
    paths,
    components: {
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', description: 'An API client secret or an access token.' },
        oauth: {
          type: 'oauth2',
          flows: {
            clientCredentials: { tokenUrl: `${serverUrl}/api/v1/oauth/token`, scopes: SCOPE_TEXT },
          },
        },
      },
      schemas: {
        WebhookEvent: schema(S.WebhookEventSchema, 'output'),
        Problem: schema(S.Problem, 'output'),
      },
    },
  };
}
