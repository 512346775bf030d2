import { REQUEST_STATES, requestStateLabel, WEBHOOK_EVENT_TYPES_CORE, z } from './zod.js';

/**
 * The zod schemas of the integration API: the routes parse inputs with them and shape outputs
 * after them, and the OpenAPI document is generated from the same objects.
 */

export const Localized = z
  .object({ nl: z.string(), fr: z.string().optional(), en: z.string().optional(), de: z.string().optional() })
  .meta({ description: 'Text in Dutch, and French/English/German when available.' });

const isoDate = z.iso.datetime({ offset: true }).meta({ description: 'ISO 8601 instant (UTC).' });
const nullableDate = isoDate.nullable();
export const RequestState = z.enum(REQUEST_STATES).meta({
  description: `The request's state. What staff read for each (Dutch / English; core's STATE_LABELS): ${REQUEST_STATES.map(
    (s) => `\`${s}\` ${requestStateLabel(s, 'staff', 'nl')} / ${requestStateLabel(s, 'staff', 'en')}`,
  ).join('; ')}.`,
});

/** RFC 9457 problem details: the one error body of /api/v1 (`application/problem+json`). */
export const Problem = z
  .object({
    type: z.string().meta({ description: 'https://smartloket.be/problems/<error>, a stable identifier.' }),
    title: z.string().meta({ description: 'The HTTP status text.' }),
    status: z.int(),
    detail: z.string().meta({ description: "In the caller's language (Accept-Language: nl, fr or en)." }),
    instance: z.string().optional().meta({ description: 'The request path.' }),
    error: z.string().meta({
      description: 'Machine-readable code, e.g. `insufficient_scope`, `not_found` (kept for older clients).',
    }),
    errors: z
      .array(z.object({ field: z.string(), detail: z.string() }))
      .optional()
      .meta({ description: 'Field errors of `validation_failed` and `invalid_query`, by field name.' }),
    reason: z.string().optional().meta({
      description:
        'Why a webhook destination was refused: `scheme`, `not_allowed`, `address`, `unresolvable`.',
    }),
    error_description: z
      .string()
      .optional()
      .meta({ description: 'OAuth token endpoint (RFC 6749 5.2): the detail again.' }),
  })
  .meta({ description: 'RFC 9457 problem details; `error` repeats the code of older error bodies.' });

export const Actor = z.object({
  type: z.enum(['system', 'requester', 'staff', 'api']),
  id: z.string().optional(),
  name: z.string().optional(),
});

export const RequestSummary = z.object({
  id: z.uuid(),
  reference: z.string().meta({ description: 'Human reference, e.g. SL-2026-000123.' }),
  typeId: z.string(),
  kind: z.enum(['certificate', 'report']),
  state: RequestState,
  version: z.int().meta({ description: 'Optimistic concurrency token: pass it as `expectedVersion`.' }),
  createdAt: isoDate,
  updatedAt: isoDate,
  closedAt: nullableDate,
});

export const PaymentOut = z.object({
  id: z.uuid(),
  status: z
    .enum([
      'starting',
      'unavailable',
      'open',
      'pending',
      'authorized',
      'paid',
      'failed',
      'canceled',
      'expired',
    ])
    .meta({
      description: "The provider's status, read back from it (`starting`/`unavailable`: not started).",
    }),
  amountCents: z.int().meta({ description: 'Euro cents.' }),
  currency: z.literal('EUR'),
  method: z.string().nullable().meta({ description: "The provider's method id, e.g. `bancontact`." }),
  providerPaymentId: z.string().nullable(),
  refundedCents: z.int(),
  createdAt: isoDate,
  paidAt: nullableDate,
});

export const RequestDetail = RequestSummary.extend({
  locale: z.enum(['nl', 'fr', 'en', 'de']),
  requester: z.object({
    kind: z.enum(['citizen', 'organisation', 'anonymous', 'counter']),
    name: z.string().nullable(),
    email: z.string().nullable(),
    organisationKbo: z.string().nullable(),
  }),
  subject: z.object({
    insz: z.string().nullable(),
    kbo: z.string().nullable(),
    relation: z.enum(['self', 'child', 'other', 'organisation', 'none']),
  }),
  form: z.record(z.string(), z.unknown()).nullable().meta({ description: 'Null once purged by retention.' }),
  purpose: z.string().nullable(),
  assigneeId: z.string().nullable(),
  handledAt: nullableDate,
  deliveredAt: nullableDate,
  fee: z
    .object({
      amountCents: z.int().meta({ description: 'What the requester owes, in euro cents (0 when waived).' }),
      currency: z.literal('EUR'),
      scheduledCents: z.int().meta({ description: 'The fee in force when filed, before a waiver.' }),
      waiver: z.object({ id: z.string(), reason: Localized }).nullable(),
    })
    .nullable()
    .meta({ description: 'The fee the request was filed under (issue 21); null for a free type.' }),
  paymentState: z.enum(['not_required', 'unpaid', 'paid', 'refunded']).meta({
    description:
      '`not_required`: free or waived; `paid`: a payment is paid (refunds aside); `refunded`: everything paid was refunded.',
  }),
  payments: z.array(PaymentOut).meta({ description: 'Its payments, oldest first.' }),
});

export const RequestList = z.object({
  items: z.array(RequestSummary),
  next: z.string().optional().meta({ description: 'Cursor of the next page (absent on the last page).' }),
});

export const RequestListQuery = z.object({
  state: z
    .string()
    .optional()
    .meta({ description: 'Comma-separated states, e.g. `in_review,waiting_requester`.' }),
  type: z.string().optional().meta({ description: 'Comma-separated request type ids.' }),
  createdFrom: isoDate.optional(),
  createdTo: isoDate.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  after: z.string().max(500).optional().meta({ description: 'The `next` cursor of the previous page.' }),
});

export const IdParams = z.object({ id: z.uuid() });
export const DocumentParams = z.object({ id: z.uuid(), documentId: z.uuid() });

export const EventList = z.object({
  items: z.array(
    z.object({
      seq: z.int(),
      type: z.string(),
      fromState: RequestState.nullable(),
      toState: RequestState.nullable(),
      actor: Actor,
      reason: z.string().nullable(),
      at: isoDate,
    }),
  ),
});

export const DocumentMeta = z.object({
  id: z.uuid(),
  fileName: z.string(),
  mediaType: z.string(),
  size: z.int(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  verificationCode: z.string().nullable(),
  createdAt: isoDate,
  expiresAt: nullableDate,
  purged: z.boolean().meta({ description: 'True when retention removed the bytes.' }),
  withdrawnAt: nullableDate,
});
export const DocumentList = z.object({ items: z.array(DocumentMeta) });

export const ActionBody = z.discriminatedUnion('action', [
  z.object({
    action: z.literal('approve'),
    decision: z.record(z.string(), z.unknown()).optional().meta({
      description:
        "The clerk's decision for a type that issues its own document (its `issue.decision` form, e.g. `permitNumber`, `validFrom`, `validUntil` as YYYY-MM-DD). Validated like the form: 422 `validation_failed` with `errors` per field, nothing changes. Fields left out take the type's defaults; refused for types that ask no decision.",
    }),
    expectedVersion: z.int().optional(),
  }),
  z.object({
    action: z.literal('refuse'),
    reason: z.string().min(1).max(2000),
    expectedVersion: z.int().optional(),
  }),
  z.object({
    action: z.literal('ask'),
    reason: z.string().min(1).max(2000),
    deadline: isoDate.optional(),
    expectedVersion: z.int().optional(),
  }),
  z.object({ action: z.literal('deliver_at_counter'), expectedVersion: z.int().optional() }),
  z.object({
    action: z.literal('handle_outside'),
    reason: z.string().max(2000).optional(),
    expectedVersion: z.int().optional(),
  }),
  z.object({ action: z.literal('start'), expectedVersion: z.int().optional() }),
  z.object({
    action: z.literal('resolve'),
    reason: z.string().max(2000).optional(),
    expectedVersion: z.int().optional(),
  }),
]);

export const Catalogue = z.object({
  items: z.array(
    z.object({
      id: z.string(),
      kind: z.enum(['certificate', 'report']),
      theme: z.string().optional(),
      themeTitle: Localized.optional(),
      title: Localized,
      description: Localized.optional(),
      audience: z.array(z.string()),
      expectedDelivery: z.unknown().optional(),
      costCents: z.number().nullable(),
      productCode: z.string().nullable(),
    }),
  ),
});

const kbo = z
  .string()
  .regex(/^[01]\d{9}$/)
  .meta({ description: 'KBO enterprise number, 10 digits.' });
export const Grant = z.object({
  id: z.uuid(),
  kbo,
  requestTypeId: z.string(),
  validFrom: isoDate,
  validUntil: nullableDate,
  createdAt: isoDate,
  revokedAt: nullableDate,
  note: z.string().nullable(),
});
export const GrantList = z.object({ items: z.array(Grant) });
export const GrantBody = z.object({
  kbo,
  requestTypeId: z.string().min(1).max(200),
  validFrom: isoDate.optional(),
  validUntil: isoDate.optional(),
  note: z.string().max(500).optional(),
});

const eventType = z.enum(WEBHOOK_EVENT_TYPES_CORE);
export const Webhook = z.object({
  id: z.uuid(),
  name: z.string(),
  url: z.url(),
  events: z.array(eventType).nullable(),
  requestTypes: z.array(z.string()).nullable(),
  createdAt: isoDate,
  disabledAt: nullableDate,
});
export const WebhookCreated = Webhook.extend({
  secret: z.string().meta({ description: 'The HMAC secret. Shown once: store it.' }),
});
export const WebhookList = z.object({ items: z.array(Webhook) });
export const WebhookBody = z.object({
  name: z.string().min(1).max(200),
  url: z.url().max(2000),
  events: z.array(eventType).optional(),
  requestTypes: z.array(z.string().min(1).max(200)).optional(),
});
export const DeliveryList = z.object({
  items: z.array(
    z.object({
      id: z.uuid(),
      outboxId: z.uuid(),
      eventId: z.uuid(),
      eventType,
      attempt: z.int(),
      ok: z.boolean(),
      statusCode: z.int().nullable(),
      error: z.string().nullable(),
      durationMs: z.int().nullable(),
      at: isoDate,
    }),
  ),
});
export const ReplayParams = z.object({ outboxId: z.uuid() });
export const Replayed = z.object({ outboxId: z.uuid() });

export const WebhookEventSchema = z
  .object({
    id: z.uuid(),
    type: eventType,
    occurredAt: isoDate,
    data: z.object({
      request: z.object({
        id: z.uuid(),
        reference: z.string(),
        typeId: z.string(),
        kind: z.enum(['certificate', 'report']),
        state: RequestState,
        version: z.int(),
      }),
      action: z.string().optional(),
      fromState: RequestState.nullable().optional(),
      payment: z
        .object({
          id: z.uuid(),
          status: z.string(),
          amountCents: z.int(),
          refundedCents: z.int(),
          currency: z.literal('EUR'),
          method: z.string().nullable(),
          provider: z.string(),
          providerPaymentId: z.string().nullable(),
          paidAt: isoDate.nullable(),
        })
        .optional()
        .meta({ description: 'The payment (payment.paid, payment.refunded): euro cents, no personal data.' }),
    }),
  })
  .meta({ description: 'Body of every webhook POST.' });

export const TokenBody = z.object({
  grant_type: z.literal('client_credentials'),
  client_id: z.string().optional(),
  client_secret: z.string().optional(),
});
export const TokenResponse = z.object({
  access_token: z.string(),
  token_type: z.literal('Bearer'),
  expires_in: z.int(),
  scope: z.string(),
});

export const Verification = z.object({
  status: z.enum(['valid', 'expired', 'withdrawn', 'unknown']),
  message: z.string().optional(),
  document: z
    .object({
      type: Localized,
      issuedAt: isoDate,
      issuedBy: Localized,
      validUntil: nullableDate,
      withdrawnAt: nullableDate,
    })
    .optional(),
});
export const CodeParams = z.object({ code: z.string().max(40) });
export const UploadVerificationSchema = Verification.extend({
  sha256: z.string(),
  delivered: z.boolean(),
  signatures: z.array(
    z.object({
      intact: z.boolean(),
      coversWholeDocument: z.boolean(),
      trusted: z.boolean().nullable(),
      signer: z.string().nullable(),
      signingTime: nullableDate,
    }),
  ),
});
