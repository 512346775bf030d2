import type { z } from '@smartloket/core';
import {
  ConflictError,
  IllegalTransitionError,
  isValidKbo,
  localize,
  type RequestState,
  themeTitle,
  ValidationError,
} from '@smartloket/core';
import {
  type ApiClientRecord,
  type ApiScope,
  type PaymentRecord,
  type RequestRecord,
  typeAllowed,
} from '@smartloket/db';
import {
  type Deployment,
  type RequestCommand,
  replayWebhook,
  WebhookDestinationError,
  type WebhookRefusal,
} from '@smartloket/runtime';
import { API_PROBLEMS, type ApiLocale, type ProblemText } from './problems.js';
import * as S from './schemas.js';

/** One operation of the integration API: its schemas make both the checks and the OpenAPI document. */
export interface ApiRoute {
  method: 'get' | 'post' | 'delete';
  /** OpenAPI path under /api/v1, e.g. `/requests/{id}`. */
  path: string;
  operationId: string;
  summary: string;
  tag: string;
  /** Required scope; undefined for public operations. */
  scope?: ApiScope | undefined;
  params?: z.ZodObject | undefined;
  query?: z.ZodObject | undefined;
  body?: z.ZodType | undefined;
  /** Response schemas by status; `binary` for a PDF. */
  responses: Record<number, z.ZodType | 'binary' | null>;
  handler(call: ApiCall): Promise<ApiReply>;
}

export interface ApiCall {
  deployment: Deployment;
  client: ApiClientRecord | undefined;
  params: any;
  query: any;
  body: any;
  /** The caller's language (Accept-Language: nl, fr or en; default en), for error messages. */
  locale?: ApiLocale;
}

export type ApiReply =
  | { status: number; json: unknown }
  | { status: 200; binary: Buffer; mediaType: string; fileName: string };

const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);

/** Raised by handlers: becomes problem JSON with the status and a detail in the caller's language. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    /** The detail in every API language (default: the code's own text). */
    readonly text: ProblemText = API_PROBLEMS[code as keyof typeof API_PROBLEMS] ??
      API_PROBLEMS.validation_failed,
    /** Parameters of the text (`{state}`). */
    readonly params: Record<string, string> = {},
    /** Extension members of the problem (`reason`, `errors`). */
    readonly details: Record<string, unknown> = {},
  ) {
    super(code);
  }
}

const notFound = () => new ApiError(404, 'not_found');

/** The request, when it exists and the client may see its type (else 404: no existence leak). */
async function visibleRequest(call: ApiCall): Promise<RequestRecord> {
  const request = await call.deployment.db.requests.get(call.params.id);
  if (!request || !typeAllowed(call.client?.requestTypes ?? null, request.typeId)) throw notFound();
  return request;
}

function summary(r: RequestRecord) {
  return {
    id: r.id,
    reference: r.reference,
    typeId: r.typeId,
    kind: r.kind,
    state: r.state,
    version: r.version,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
    closedAt: iso(r.closedAt),
  };
}

/** The payment state of a request for the API: its fee, its payments and what they add up to. */
function paymentsOf(r: RequestRecord, payments: PaymentRecord[]) {
  const paid = payments.filter((p) => p.status === 'paid');
  const refunded = paid.length > 0 && paid.every((p) => p.refundedCents >= p.amountCents);
  return {
    fee: r.fee
      ? {
          amountCents: r.fee.amountCents,
          currency: r.fee.currency,
          scheduledCents: r.fee.scheduledCents,
          waiver: r.fee.waiver ?? null,
        }
      : null,
    paymentState: (!r.fee || r.fee.amountCents === 0
      ? 'not_required'
      : paid.length === 0
        ? 'unpaid'
        : refunded
          ? 'refunded'
          : 'paid') as 'not_required' | 'unpaid' | 'paid' | 'refunded',
    payments: payments.map((p) => ({
      id: p.id,
      status: p.status,
      amountCents: p.amountCents,
      currency: p.currency,
      method: p.method,
      providerPaymentId: p.providerPaymentId,
      refundedCents: p.refundedCents,
      createdAt: p.createdAt.toISOString(),
      paidAt: iso(p.paidAt),
    })),
  };
}

function detail(r: RequestRecord, payments: PaymentRecord[]) {
  return {
    ...paymentsOf(r, payments),
    ...summary(r),
    locale: r.locale,
    requester: {
      kind: r.requesterKind,
      name: r.requester.name ?? null,
      email: r.requester.email ?? null,
      organisationKbo: r.organisationKbo,
    },
    subject: { insz: r.subject.insz ?? null, kbo: r.subject.kbo ?? null, relation: r.subject.relation },
    form: r.form,
    purpose: r.purpose,
    assigneeId: r.assigneeId,
    handledAt: iso(r.handledAt),
    deliveredAt: iso(r.deliveredAt),
  };
}

const actorOf = (client: ApiClientRecord | undefined) => ({
  type: 'api' as const,
  id: client?.id,
  name: client?.name,
});

const csv = (s: string | undefined) =>
  s
    ?.split(',')
    .map((x) => x.trim())
    .filter(Boolean) ?? [];

function webhookOut(w: Awaited<ReturnType<Deployment['db']['webhooks']['get']>> & {}) {
  return {
    id: w.id,
    name: w.name,
    url: w.url,
    events: w.events,
    requestTypes: w.requestTypes,
    createdAt: w.createdAt.toISOString(),
    disabledAt: iso(w.disabledAt),
  };
}

/** A webhook URL: https, or http on a loopback host (development and tests). */
/** Why a webhook destination was refused, in the caller's language. */
const WEBHOOK_REFUSALS: Record<WebhookRefusal, ProblemText> = {
  scheme: {
    nl: 'Een webhook-adres moet https gebruiken (http alleen naar deze machine in een ontwikkelomgeving) en mag geen gebruikersnaam of wachtwoord bevatten.',
    fr: 'Une adresse de webhook doit utiliser https (http seulement vers cette machine en développement) et ne peut pas contenir d’identifiants.',
    en: 'A webhook URL must use https (plain http only to this machine in a development deployment) and may not contain credentials.',
  },
  not_allowed: {
    nl: 'Deze host staat niet op de lijst van toegelaten webhook-bestemmingen (webhooks.allow).',
    fr: 'Cet hôte ne figure pas sur la liste des destinations de webhook autorisées (webhooks.allow).',
    en: 'This host is not on the list of allowed webhook destinations (webhooks.allow).',
  },
  address: {
    nl: 'Deze host verwijst naar een intern, privé of gereserveerd adres; webhooks gaan alleen naar publieke adressen.',
    fr: 'Cet hôte pointe vers une adresse interne, privée ou réservée ; les webhooks ne vont qu’à des adresses publiques.',
    en: 'This host points to an internal, private or reserved address; webhooks only go to public addresses.',
  },
  unresolvable: {
    nl: 'Deze host bestaat niet (geen DNS-antwoord).',
    fr: 'Cet hôte n’existe pas (pas de réponse DNS).',
    en: 'This host does not exist (no DNS answer).',
  },
};

function grantOut(g: Awaited<ReturnType<Deployment['db']['grants']['get']>> & {}) {
  return {
    id: g.id,
    kbo: g.kbo,
    requestTypeId: g.requestTypeId,
    validFrom: g.validFrom.toISOString(),
    validUntil: iso(g.validUntil),
    createdAt: g.createdAt.toISOString(),
    revokedAt: iso(g.revokedAt),
    note: g.note,
  };
}

const E401 = { 401: S.Problem, 403: S.Problem };

/** Every operation of /api/v1. */
export const API_ROUTES: ApiRoute[] = [
  {
    method: 'get',
    path: '/catalogue',
    operationId: 'listCatalogue',
    summary: 'The enabled request types (public).',
    tag: 'catalogue',
    responses: { 200: S.Catalogue },
    async handler({ deployment }) {
      const items = [];
      for (const rt of deployment.kernel.requestTypes()) {
        if (!(await deployment.requests.requestType(rt.definition.id))) continue;
        const d = rt.definition;
        items.push({
          id: d.id,
          kind: d.kind,
          theme: d.theme,
          themeTitle: themeTitle(d.theme, d.themeTitle),
          title: d.title,
          description: d.description,
          audience: [...d.audience],
          expectedDelivery: d.expectedDelivery,
          // The fee in force today (the municipality's schedule, else the plugin's); null: free.
          costCents: (await deployment.fees.amountAt(d.id, deployment.clock.now())) || null,
          productCode: d.productCode ?? null,
        });
      }
      return { status: 200, json: { items } };
    },
  },
  {
    method: 'get',
    path: '/requests',
    operationId: 'listRequests',
    summary: 'Requests, newest first, keyset-paged; only the types the client may see.',
    tag: 'requests',
    scope: 'read',
    query: S.RequestListQuery,
    responses: { 200: S.RequestList, 400: S.Problem, ...E401 },
    async handler(call) {
      const q = call.query as z.output<typeof S.RequestListQuery>;
      const known = call.deployment.kernel.requestTypes().map((r) => r.definition.id);
      const asked = csv(q.type);
      let typeIds = asked.length > 0 ? asked : undefined;
      if (call.client?.requestTypes) {
        const allowed = known.filter((t) => typeAllowed(call.client!.requestTypes, t));
        typeIds = (typeIds ?? allowed).filter((t) => allowed.includes(t));
        if (typeIds.length === 0) return { status: 200, json: { items: [] } };
      }
      const states = csv(q.state);
      const bad = states.find((s) => !(S.RequestState.options as readonly string[]).includes(s));
      if (bad)
        throw new ApiError(
          400,
          'invalid_query',
          API_PROBLEMS.unknown_state,
          { state: bad },
          {
            errors: [{ field: 'state', detail: `unknown state ${bad}` }],
          },
        );
      let page: Awaited<ReturnType<typeof call.deployment.db.requests.list>>;
      try {
        page = await call.deployment.db.requests.list(
          {
            ...(states.length ? { states: states as RequestState[] } : {}),
            ...(typeIds ? { typeIds } : {}),
            ...(q.createdFrom ? { createdFrom: new Date(q.createdFrom) } : {}),
            ...(q.createdTo ? { createdTo: new Date(q.createdTo) } : {}),
          },
          { limit: q.limit, after: q.after },
        );
      } catch (error) {
        if (error instanceof TypeError) throw new ApiError(400, 'invalid_query', API_PROBLEMS.invalid_cursor);
        throw error;
      }
      return {
        status: 200,
        json: { items: page.items.map(summary), ...(page.next ? { next: page.next } : {}) },
      };
    },
  },
  {
    method: 'get',
    path: '/requests/{id}',
    operationId: 'getRequest',
    summary: 'One request with its form data.',
    tag: 'requests',
    scope: 'read',
    params: S.IdParams,
    responses: { 200: S.RequestDetail, 404: S.Problem, ...E401 },
    async handler(call) {
      const r = await visibleRequest(call);
      return { status: 200, json: detail(r, await call.deployment.db.payments.listByRequest(r.id)) };
    },
  },
  {
    method: 'get',
    path: '/requests/{id}/events',
    operationId: 'listRequestEvents',
    summary: 'The append-only events of a request, oldest first.',
    tag: 'requests',
    scope: 'read',
    params: S.IdParams,
    responses: { 200: S.EventList, 404: S.Problem, ...E401 },
    async handler(call) {
      const r = await visibleRequest(call);
      const events = await call.deployment.db.events.list(r.id);
      return {
        status: 200,
        json: {
          items: events.map((e) => ({
            seq: e.seq,
            type: e.type,
            fromState: e.fromState,
            toState: e.toState,
            actor: {
              type: e.actor.type,
              ...(e.actor.id ? { id: e.actor.id } : {}),
              ...(e.actor.name ? { name: e.actor.name } : {}),
            },
            reason: e.reason,
            at: e.at.toISOString(),
          })),
        },
      };
    },
  },
  {
    method: 'get',
    path: '/requests/{id}/documents',
    operationId: 'listRequestDocuments',
    summary: 'Documents delivered for a request (metadata).',
    tag: 'requests',
    scope: 'read',
    params: S.IdParams,
    responses: { 200: S.DocumentList, 404: S.Problem, ...E401 },
    async handler(call) {
      const r = await visibleRequest(call);
      const docs = await call.deployment.db.documents.listByRequest(r.id);
      return {
        status: 200,
        json: {
          items: docs.map((d) => ({
            id: d.id,
            fileName: d.fileName,
            mediaType: d.mediaType,
            size: d.size,
            sha256: d.sha256,
            verificationCode: d.verificationCode,
            createdAt: d.createdAt.toISOString(),
            expiresAt: iso(d.expiresAt),
            purged: d.purgedAt !== null,
            withdrawnAt: iso(d.withdrawnAt),
          })),
        },
      };
    },
  },
  {
    method: 'get',
    path: '/requests/{id}/documents/{documentId}/content',
    operationId: 'getDocumentContent',
    summary: 'The bytes of a delivered document (404 once purged).',
    tag: 'requests',
    scope: 'read',
    params: S.DocumentParams,
    responses: { 200: 'binary', 404: S.Problem, ...E401 },
    async handler(call) {
      const r = await visibleRequest(call);
      const doc = await call.deployment.db.documents.get(call.params.documentId);
      if (!doc || doc.requestId !== r.id) throw notFound();
      const bytes = await call.deployment.db.documents.readBytes(doc.id);
      if (!bytes) throw notFound();
      return { status: 200, binary: bytes, mediaType: doc.mediaType, fileName: doc.fileName };
    },
  },
  {
    method: 'post',
    path: '/requests/{id}/actions',
    operationId: 'actOnRequest',
    summary:
      'Approve, refuse, ask for information, deliver at the counter, handle outside, start or resolve.',
    tag: 'requests',
    scope: 'act',
    params: S.IdParams,
    body: S.ActionBody,
    responses: { 200: S.RequestDetail, 404: S.Problem, 409: S.Problem, 422: S.Problem, ...E401 },
    async handler(call) {
      const r = await visibleRequest(call);
      const b = call.body as z.output<typeof S.ActionBody>;
      const command = (
        b.action === 'ask' ? { ...b, deadline: b.deadline ? new Date(b.deadline) : undefined } : b
      ) as RequestCommand;
      try {
        const updated = await call.deployment.requests.act(
          r.id,
          command,
          actorOf(call.client),
          b.expectedVersion,
        );
        return {
          status: 200,
          json: detail(updated, await call.deployment.db.payments.listByRequest(updated.id)),
        };
      } catch (error) {
        if (error instanceof ConflictError) throw new ApiError(409, 'conflict');
        if (error instanceof IllegalTransitionError)
          throw new ApiError(409, 'illegal_transition', undefined, { action: b.action, state: r.state });
        if (error instanceof ValidationError && b.action === 'approve')
          // The decision's fields, named as in the body (`decision.validUntil`), in the caller's language.
          throw new ApiError(
            422,
            'validation_failed',
            undefined,
            {},
            {
              errors: error.issues.map((i) => ({
                field: i.path === 'decision' ? 'decision' : `decision.${i.path}`,
                detail: localize(i.message, call.locale ?? 'en'),
              })),
            },
          );
        throw error;
      }
    },
  },
  {
    method: 'get',
    path: '/grants',
    operationId: 'listGrants',
    summary: 'Organisation grants (KBO rights to receive request types automatically).',
    tag: 'grants',
    scope: 'admin',
    responses: { 200: S.GrantList, ...E401 },
    async handler(call) {
      const grants = await call.deployment.db.grants.list({});
      const visible = grants.filter(
        (g) =>
          call.client?.requestTypes === null ||
          typeAllowed(call.client?.requestTypes ?? null, g.requestTypeId),
      );
      return { status: 200, json: { items: visible.map(grantOut) } };
    },
  },
  {
    method: 'post',
    path: '/grants',
    operationId: 'addGrant',
    summary: 'Grants an organisation a request type (or a family `bevolking.*`).',
    tag: 'grants',
    scope: 'admin',
    body: S.GrantBody,
    responses: { 201: S.Grant, 422: S.Problem, ...E401 },
    async handler(call) {
      const b = call.body as z.output<typeof S.GrantBody>;
      if (!isValidKbo(b.kbo))
        throw new ApiError(
          422,
          'validation_failed',
          API_PROBLEMS.invalid_kbo,
          {},
          {
            errors: [{ field: 'kbo', detail: 'invalid KBO number' }],
          },
        );
      if (!typeAllowed(call.client?.requestTypes ?? null, b.requestTypeId))
        throw new ApiError(403, 'insufficient_scope', API_PROBLEMS.type_outside_client);
      const g = await call.deployment.db.grants.add(
        {
          kbo: b.kbo,
          requestTypeId: b.requestTypeId,
          validFrom: b.validFrom ? new Date(b.validFrom) : undefined,
          validUntil: b.validUntil ? new Date(b.validUntil) : null,
          note: b.note ?? null,
        },
        actorOf(call.client),
      );
      return { status: 201, json: grantOut(g) };
    },
  },
  {
    method: 'delete',
    path: '/grants/{id}',
    operationId: 'revokeGrant',
    summary: 'Revokes a grant.',
    tag: 'grants',
    scope: 'admin',
    params: S.IdParams,
    responses: { 200: S.Grant, 404: S.Problem, ...E401 },
    async handler(call) {
      const g = await call.deployment.db.grants.get(call.params.id);
      if (!g || !typeAllowed(call.client?.requestTypes ?? null, g.requestTypeId)) throw notFound();
      return {
        status: 200,
        json: grantOut(await call.deployment.db.grants.revoke(g.id, actorOf(call.client))),
      };
    },
  },
  {
    method: 'get',
    path: '/webhooks',
    operationId: 'listWebhooks',
    summary: 'Webhook subscriptions.',
    tag: 'webhooks',
    scope: 'admin',
    responses: { 200: S.WebhookList, ...E401 },
    async handler(call) {
      return { status: 200, json: { items: (await call.deployment.db.webhooks.list()).map(webhookOut) } };
    },
  },
  {
    method: 'post',
    path: '/webhooks',
    operationId: 'createWebhook',
    summary: 'Subscribes a URL to lifecycle events; answers the signing secret once.',
    tag: 'webhooks',
    scope: 'admin',
    body: S.WebhookBody,
    responses: { 201: S.WebhookCreated, 422: S.Problem, ...E401 },
    async handler(call) {
      const b = call.body as z.output<typeof S.WebhookBody>;
      try {
        await call.deployment.checkWebhookDestination(b.url);
      } catch (error) {
        if (!(error instanceof WebhookDestinationError)) throw error;
        throw new ApiError(
          422,
          'webhook_destination_refused',
          WEBHOOK_REFUSALS[error.reason],
          {},
          {
            reason: error.reason,
          },
        );
      }
      const requestTypes = b.requestTypes ?? call.client?.requestTypes ?? null;
      if (
        requestTypes &&
        !requestTypes.every((t) => typeAllowed(call.client?.requestTypes ?? null, t.replace(/\.\*$/, '.x')))
      )
        throw new ApiError(403, 'insufficient_scope', API_PROBLEMS.type_outside_client);
      const w = await call.deployment.db.webhooks.subscribe(
        { name: b.name, url: b.url, events: b.events, requestTypes },
        actorOf(call.client),
      );
      return { status: 201, json: { ...webhookOut(w), secret: w.secret } };
    },
  },
  {
    method: 'delete',
    path: '/webhooks/{id}',
    operationId: 'disableWebhook',
    summary: 'Stops a subscription (its delivery log stays).',
    tag: 'webhooks',
    scope: 'admin',
    params: S.IdParams,
    responses: { 200: S.Webhook, 404: S.Problem, ...E401 },
    async handler(call) {
      const w = await call.deployment.db.webhooks.get(call.params.id);
      if (!w) throw notFound();
      await call.deployment.db.webhooks.disable(w.id);
      return { status: 200, json: webhookOut((await call.deployment.db.webhooks.get(w.id))!) };
    },
  },
  {
    method: 'get',
    path: '/webhooks/{id}/deliveries',
    operationId: 'listWebhookDeliveries',
    summary: 'Delivery attempts of a subscription, newest first.',
    tag: 'webhooks',
    scope: 'admin',
    params: S.IdParams,
    responses: { 200: S.DeliveryList, 404: S.Problem, ...E401 },
    async handler(call) {
      const w = await call.deployment.db.webhooks.get(call.params.id);
      if (!w) throw notFound();
      const items = await call.deployment.db.webhooks.deliveries(w.id);
      return {
        status: 200,
        json: { items: items.map((d) => ({ ...d, subscriptionId: undefined, at: d.at.toISOString() })) },
      };
    },
  },
  {
    method: 'post',
    path: '/webhooks/deliveries/{outboxId}/replay',
    operationId: 'replayWebhook',
    summary: 'Sends an event again to its subscriber (same event id).',
    tag: 'webhooks',
    scope: 'admin',
    params: S.ReplayParams,
    responses: { 202: S.Replayed, 404: S.Problem, ...E401 },
    async handler(call) {
      const copy = await replayWebhook(
        call.deployment.db,
        call.params.outboxId,
        call.deployment.config.api.webhookMaxAttempts,
      );
      if (!copy) throw notFound();
      return { status: 202, json: { outboxId: copy.id } };
    },
  },
];
